"""The seed's six DLQ integration tests, on the whole service: the real app, pipeline, orchestrator, NLP,
PMS simulator and DLQ worker; only WhatsApp's servers are a local fake Graph API. The live queue runs
on SQLite, real PostgreSQL and real Redis.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from hotel_agent.db.migrate import upgrade
from hotel_agent.dlq.models import PermanentFailureRow
from tests import whatsapp_payloads as wa
from tests.apps import APP_SECRET, admin_headers, container_of, running_app, whatsapp_settings
from tests.fake_graph import FakeGraphAPI
from tests.voice.fixtures import voice_clips, voice_model_dir

__all__ = ["voice_clips", "voice_model_dir"]

pytestmark = pytest.mark.integration

AVAILABILITY_ES = "¿Tenéis habitación doble del 3 al 5 de marzo para dos personas?"
HOLDING_ES = "te responderemos en breve"


@pytest.fixture(params=["sqlite", "postgres", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, Any]:
    """Settings that put the live queue on this store (and the database on PostgreSQL for `postgres`)."""
    if request.param == "postgres":
        url = str(request.getfixturevalue("postgres_url"))
        upgrade(url)  # the app migrates only the embedded SQLite database itself
        return {"database_url": url}
    if request.param == "redis":
        return {
            "redis_url": request.getfixturevalue("redis_url"),
            "redis_key_prefix": f"t-{uuid.uuid4().hex[:8]}:",
        }
    return {}


@asynccontextmanager
async def service(
    tmp_path: Path, graph: FakeGraphAPI, store: dict[str, Any], **overrides: Any
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    settings = whatsapp_settings(
        tmp_path,
        graph,
        **{**store, **overrides},
    )
    async with running_app(settings) as (app, client):
        yield app, client
        if settings.redis_url:
            redis = container_of(app).redis
            async for key in redis.scan_iter(match=f"{settings.redis_key_prefix}*"):
                await redis.delete(key)


async def send_whatsapp(client: httpx.AsyncClient, payload: dict[str, Any]) -> None:
    body, headers = wa.signed(payload, APP_SECRET)
    response = await client.post("/webhooks/whatsapp", content=body, headers=headers)
    assert response.status_code == 200 and response.json()["accepted"] == 1, response.text


async def set_pms(client: httpx.AsyncClient, mode: str) -> None:
    response = await client.post("/admin/pms/faults", json={"mode": mode}, headers=admin_headers())
    assert response.status_code == 200, response.text


async def dlq_entries(client: httpx.AsyncClient, path: str = "/admin/dlq") -> dict[str, Any]:
    response = await client.get(path, headers=admin_headers())
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def eventually(check: Callable[[], Awaitable[bool]], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def wait_sent(graph: FakeGraphAPI, wa_id: str, count: int, timeout: float = 30.0) -> list[str]:
    await asyncio.to_thread(graph.wait_for, wa_id, count, timeout)
    return graph.texts_to(wa_id)


def metric(text: str, name: str, **labels: str) -> float | None:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    return None


async def test_retry_worker_processes_candidates(
    tmp_path: Path, graph: FakeGraphAPI, store: dict[str, Any]
) -> None:
    """PMS down → holding reply and a DLQ entry; PMS back → the worker delivers the real answer, once."""
    async with service(tmp_path, graph, store, dlq_max_retries=50) as (_app, client):
        await set_pms(client, "down")
        guests = ["34622220001", "34622220002"]
        for n, guest in enumerate(guests):
            await send_whatsapp(client, wa.text_message(guest, f"wamid.retry{n}", AVAILABILITY_ES))
        for guest in guests:
            [holding] = await wait_sent(graph, guest, 1)
            assert HOLDING_ES in holding
        queued = await dlq_entries(client)
        assert queued["total"] == 2
        assert {(e["guest_id"], e["channel"], e["reason"]) for e in queued["items"]} == {
            (g, "whatsapp", "pms_unavailable") for g in guests
        }

        await set_pms(client, "ok")
        for guest in guests:
            holding, answer = await wait_sent(graph, guest, 2)
            assert "marzo" in answer.lower() or "doble" in answer.lower(), answer
            assert HOLDING_ES not in answer
        await eventually(lambda: _total_is(client, 0), "the queue to empty")
        await asyncio.sleep(0.5)  # nothing more goes out: one holding reply and one answer per guest
        assert [len(graph.messages_to(g)) for g in guests] == [2, 2]
        assert (await dlq_entries(client, "/admin/dlq/permanent-failures?status=all"))["total"] == 0


async def _total_is(client: httpx.AsyncClient, total: int, path: str = "/admin/dlq") -> bool:
    return (await dlq_entries(client, path))["total"] == total


async def test_permanent_failure_after_max_retries(
    tmp_path: Path, graph: FakeGraphAPI, store: dict[str, Any]
) -> None:
    """Three failed retries → a row in dlq_permanent_failures and an empty queue; a replay delivers it."""
    guest = "34633330001"
    async with service(tmp_path, graph, store, dlq_max_retries=3) as (app, client):
        await set_pms(client, "down")
        await send_whatsapp(client, wa.text_message(guest, "wamid.perm1", AVAILABILITY_ES))
        await eventually(
            lambda: _total_is(client, 1, "/admin/dlq/permanent-failures"), "the permanent failure", timeout=30
        )
        # The permanent row is written before the live entry goes (a crash between duplicates, never drops).
        await eventually(lambda: _total_is(client, 0), "the live entry to go", timeout=10)
        async with container_of(app).db.session() as session:
            [row] = (await session.execute(select(PermanentFailureRow))).scalars().all()
        assert (row.reason, row.retry_count, row.resolved_at) == ("pms_unavailable", 3, None)
        assert row.message["guest_id"] == guest and row.message["text"] == AVAILABILITY_ES
        assert "PMS" in row.error_message and row.traceback and row.last_retry_at and row.created_at
        assert len(graph.messages_to(guest)) == 1  # the holding reply only

        await set_pms(client, "ok")
        await eventually(lambda: _breaker_closed_or_half_open(app), "the breaker to let calls through", 10)
        replay = await client.post(
            f"/admin/dlq/permanent-failures/{row.id}/replay?run_now=true&by=ana", headers=admin_headers()
        )
        assert replay.status_code == 200, replay.text
        if replay.json()["retry"]["result"] != "success":  # the in-process worker may hold it: wait for it
            await eventually(lambda: _total_is(client, 0), "the replayed entry to be delivered")
        _holding, answer = await wait_sent(graph, guest, 2)
        assert "marzo" in answer.lower() or "doble" in answer.lower(), answer

        # The delivery is marked resolved after the send (the entry is removed, then the failure resolved).
        async def resolved_by_ana() -> bool:
            resolved = await dlq_entries(client, f"/admin/dlq/permanent-failures/{row.id}")
            return bool(resolved["resolved_by"] == "ana" and resolved["resolved_at"])

        await eventually(resolved_by_ana, "the replayed failure to be marked resolved", 10)


async def _breaker_closed_or_half_open(app: FastAPI) -> bool:
    return str(container_of(app).breaker.state) != "open"


async def test_dlq_metrics_exported(tmp_path: Path, graph: FakeGraphAPI, store: dict[str, Any]) -> None:
    """GET /metrics shows dlq_messages_total with the reason, and the queue gauges from the shared store."""
    async with service(tmp_path, graph, store, dlq_retry_base_seconds=600, dlq_retry_cap_seconds=600) as (
        _app,
        client,
    ):
        before = (
            metric((await client.get("/metrics")).text, "dlq_messages_total", reason="pms_unavailable") or 0
        )
        await set_pms(client, "down")
        await send_whatsapp(client, wa.text_message("34644440001", "wamid.metrics1", AVAILABILITY_ES))
        await wait_sent(graph, "34644440001", 1)
        await eventually(lambda: _total_is(client, 1), "the DLQ entry")
        text = (await client.get("/metrics")).text
        assert metric(text, "dlq_messages_total", reason="pms_unavailable") == before + 1
        assert metric(text, "dlq_queue_size") == 1
        age = metric(text, "dlq_oldest_message_age_seconds")
        assert age is not None and 0 <= age < 60
        for name in ("dlq_retries_total", "dlq_permanent_failures_total", "dlq_retry_latency_seconds"):
            assert f"# TYPE {name}" in text


async def test_nlp_failure_enqueues_to_dlq(
    tmp_path: Path, graph: FakeGraphAPI, store: dict[str, Any]
) -> None:
    """The analyzer crashes → nlp_error entry and a holding reply; once it works, the answer is delivered."""
    guest = "chat-guest-nlp"
    async with service(tmp_path, graph, store, dlq_max_retries=50) as (app, client):
        orchestrator = container_of(app).orchestrator
        real_analyzer = orchestrator.analyzer

        def crashing_analyzer(*_args: Any, **_kwargs: Any) -> Any:
            raise RuntimeError("NLP model crashed")

        orchestrator.analyzer = crashing_analyzer
        response = await client.post(
            "/api/v1/messages", json={"guest_id": guest, "text": "Hola, ¿a qué hora es el check-out?"}
        )
        assert response.status_code == 200
        body = response.json()
        assert body["delivery"] == "queued" and HOLDING_ES in body["reply"]["text"]
        [entry] = (await dlq_entries(client))["items"]
        assert (entry["reason"], entry["guest_id"], entry["channel"]) == ("nlp_error", guest, "chat")
        assert "RuntimeError" in entry["error_message"] and "NLP model crashed" in entry["traceback"]

        orchestrator.analyzer = real_analyzer
        await eventually(lambda: _total_is(client, 0), "the retry to succeed")
        history = (await client.get(f"/api/v1/conversations/{guest}", headers=admin_headers())).json()
        outgoing = [m for m in history["messages"] if m["direction"] == "out"]
        assert [m["kind"] for m in outgoing] == ["holding", "answer"]
        assert "12" in outgoing[1]["text"]  # the demo hotel's check-out time


async def test_audio_processing_failure_enqueues_to_dlq(
    tmp_path: Path, graph: FakeGraphAPI, voice_clips: dict[str, bytes], voice_model_dir: Path
) -> None:
    """The voice note cannot be fetched (Graph API 404) → audio_error; once it can, it is transcribed and
    answered."""
    guest = "34655550001"
    async with service(tmp_path, graph, {}, dlq_max_retries=50, audio_model_dir=voice_model_dir) as (
        _app,
        client,
    ):
        await send_whatsapp(client, wa.audio_message(guest, "wamid.voice1", "media-late-1"))
        [holding] = await wait_sent(graph, guest, 1, timeout=60)
        assert HOLDING_ES in holding or "answer shortly" in holding
        [entry] = (await dlq_entries(client))["items"]
        assert (entry["reason"], entry["guest_id"], entry["message"]["media_id"]) == (
            "audio_error",
            guest,
            "media-late-1",
        )

        graph.media["media-late-1"] = (voice_clips["en"], "audio/ogg")
        _holding, answer = await wait_sent(graph, guest, 2, timeout=120)
        assert "12" in answer, answer  # "What time is check out?" answered from the transcript
        await eventually(lambda: _total_is(client, 0), "the queue to empty")


async def test_pms_failure_enqueues_to_dlq(
    tmp_path: Path, graph: FakeGraphAPI, store: dict[str, Any]
) -> None:
    """A PMS outage on the chat API: the entry carries the reason, the message and a correlation id."""
    guest = "chat-guest-pms"
    async with service(tmp_path, graph, store, dlq_retry_base_seconds=600, dlq_retry_cap_seconds=600) as (
        _app,
        client,
    ):
        await set_pms(client, "down")
        first = await client.post("/api/v1/messages", json={"guest_id": guest, "text": AVAILABILITY_ES})
        assert first.json()["delivery"] == "queued" and HOLDING_ES in first.json()["reply"]["text"]
        [entry] = (await dlq_entries(client))["items"]
        assert (entry["reason"], entry["guest_id"], entry["channel"]) == ("pms_unavailable", guest, "chat")
        assert entry["message"]["text"] == AVAILABILITY_ES and entry["retry_count"] == 0
        assert entry["correlation_id"] and entry["first_failed_at"] and entry["next_retry_at"]
        assert "PMS" in entry["error_message"]
        shown = await dlq_entries(client, f"/admin/dlq/{entry['id']}")
        assert "Traceback" in shown["traceback"]
