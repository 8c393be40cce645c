"""The operator API (/admin/dlq...) and the `hotel-agent dlq` CLI, on a real SQLite store.

The router is mounted on a small app with a real container (DLQ on SQLite, a RetryFn that records
deliveries), so these tests do not depend on the rest of the service.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from typer.testing import CliRunner

from hotel_agent.api import admin_dlq
from hotel_agent.cli import app as cli_app
from hotel_agent.db.session import Database
from hotel_agent.dlq.entry import entry_id_for
from hotel_agent.dlq.factory import build_dlq
from hotel_agent.dlq.service import DeadLetterQueue
from hotel_agent.errors import ProcessingFailure
from tests.apps import partial_container
from tests.services import free_port, wait_port
from tests.unit.test_dlq import LATER, Deliveries, dlq_settings, message, open_dlq

pytestmark = pytest.mark.integration

TOKEN = "dlq-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def mini_app(dlq: DeadLetterQueue | None, retry: Any | None) -> FastAPI:
    app = FastAPI()
    app.include_router(admin_dlq.router)
    settings = dlq.settings if dlq else dlq_settings()
    pipeline = SimpleNamespace(retry=retry) if retry is not None else None
    app.state.container = partial_container(
        settings=settings,
        db=None,
        admin_token=TOKEN,
        dlq=dlq,
        pipeline=pipeline,  # type: ignore[arg-type]
    )
    return app


@pytest.fixture
async def dlq(sqlite_url: str) -> AsyncIterator[DeadLetterQueue]:
    async with open_dlq("sqlite", sqlite_url) as queue:
        yield queue


@pytest.fixture
def deliveries() -> Deliveries:
    return Deliveries()


@pytest.fixture
async def client(dlq: DeadLetterQueue, deliveries: Deliveries) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=mini_app(dlq, deliveries))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


async def _fail_to_permanent(dlq: DeadLetterQueue, n: int) -> str:
    await dlq.enqueue(message(n), "pms_unavailable", "PMS down", "", "")
    failing = Deliveries(fail_with=ProcessingFailure("pms_unavailable", "PMS still down"))
    for _ in range(dlq.settings.dlq_max_retries):
        claim = await dlq.claim_next("w", now=datetime.now(UTC) + LATER)
        assert claim is not None
        await dlq.attempt(claim, failing)
    return entry_id_for(message(n))


async def test_admin_token_is_required(client: httpx.AsyncClient) -> None:
    assert (await client.get("/admin/dlq")).status_code == 401
    wrong = await client.get("/admin/dlq", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and TOKEN not in wrong.text


async def test_list_filters_pages_and_shows_guest_and_channel(
    client: httpx.AsyncClient, dlq: DeadLetterQueue
) -> None:
    start = datetime.now(UTC)
    for n in range(4):
        reason = "audio_error" if n == 2 else "pms_unavailable"
        await dlq.enqueue(message(n, channel="chat" if n else "whatsapp"), reason, "e", "", "", now=start)
    body = (await client.get("/admin/dlq", params={"limit": 2, "offset": 1}, headers=AUTH)).json()
    assert body["total"] == 4 and len(body["items"]) == 2 and body["limit"] == 2
    audio = (await client.get("/admin/dlq", params={"reason": "audio_error"}, headers=AUTH)).json()
    assert audio["total"] == 1
    item = audio["items"][0]
    assert (item["guest_id"], item["channel"], item["reason"]) == ("34600000002", "chat", "audio_error")
    bad = await client.get("/admin/dlq", params={"reason": "weather"}, headers=AUTH)
    assert bad.status_code == 422
    assert (await client.get("/admin/dlq", params={"limit": 0}, headers=AUTH)).status_code == 422


async def test_show_retry_and_purge_one(
    client: httpx.AsyncClient, dlq: DeadLetterQueue, deliveries: Deliveries
) -> None:
    await dlq.enqueue(message(1), "nlp_error", "model crashed", "Traceback: x", "corr-1")
    entry_id = entry_id_for(message(1))
    shown = (await client.get(f"/admin/dlq/{entry_id}", headers=AUTH)).json()
    assert shown["traceback"] == "Traceback: x" and shown["guest_id"] == "34600000001"
    missing = await client.get("/admin/dlq/nope", headers=AUTH)
    assert missing.status_code == 404 and "no DLQ entry with id 'nope'" in missing.json()["detail"]

    retried = (await client.post(f"/admin/dlq/{entry_id}/retry", headers=AUTH)).json()
    assert retried["result"] == "success" and deliveries.delivered[0][0] == "wamid.1"
    assert (await client.get(f"/admin/dlq/{entry_id}", headers=AUTH)).status_code == 404
    assert (await client.post(f"/admin/dlq/{entry_id}/retry", headers=AUTH)).status_code == 404

    await dlq.enqueue(message(2), "nlp_error", "e", "", "")
    claim = await dlq.claim_next("w", now=datetime.now(UTC) + LATER)
    assert claim is not None
    busy = await client.post(f"/admin/dlq/{claim.entry.id}/retry", headers=AUTH)
    assert busy.status_code == 409 and "being retried" in busy.json()["detail"]
    assert (await client.delete(f"/admin/dlq/{claim.entry.id}", headers=AUTH)).json()["purged"] is True
    assert (await client.delete(f"/admin/dlq/{claim.entry.id}", headers=AUTH)).status_code == 404


async def test_failed_retry_now_reports_the_error(dlq: DeadLetterQueue) -> None:
    failing = Deliveries(fail_with=ProcessingFailure("send_error", "Graph API error 131047"))
    transport = httpx.ASGITransport(app=mini_app(dlq, failing))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        await dlq.enqueue(message(1), "send_error", "e", "", "")
        body = (await http.post(f"/admin/dlq/{entry_id_for(message(1))}/retry", headers=AUTH)).json()
    assert body["result"] == "failure" and body["reason"] == "send_error"
    assert "131047" in body["error_message"] and body["next_retry_at"]


async def test_retry_all_and_purge_older(client: httpx.AsyncClient, dlq: DeadLetterQueue) -> None:
    now = datetime.now(UTC)
    await dlq.enqueue(message(1), "pms_unavailable", "e", "", "", now=now - timedelta(hours=30))
    await dlq.enqueue(message(2), "pms_unavailable", "e", "", "", now=now)
    body = (await client.post("/admin/dlq/retry-all", headers=AUTH)).json()
    assert body == {"scheduled": 2, "per_second": 10.0}
    assert (await client.delete("/admin/dlq", headers=AUTH)).status_code == 422  # the age is required
    purged = (await client.delete("/admin/dlq", params={"older_than_hours": 24}, headers=AUTH)).json()
    assert purged == {"purged": 1, "older_than_hours": 24.0}
    assert (await dlq.list()).total == 1


async def test_permanent_failures_replay_and_resolve(
    client: httpx.AsyncClient, dlq: DeadLetterQueue, deliveries: Deliveries
) -> None:
    first = await _fail_to_permanent(dlq, 1)
    second = await _fail_to_permanent(dlq, 2)
    listed = (await client.get("/admin/dlq/permanent-failures", headers=AUTH)).json()
    assert listed["total"] == 2 and {i["guest_id"] for i in listed["items"]} == {"34600000001", "34600000002"}
    shown = (await client.get(f"/admin/dlq/permanent-failures/{first}", headers=AUTH)).json()
    assert shown["retry_count"] == 3 and shown["error_message"] == "PMS still down"
    assert (await client.get("/admin/dlq/permanent-failures/nope", headers=AUTH)).status_code == 404

    queued = (await client.post(f"/admin/dlq/permanent-failures/{first}/replay?by=ana", headers=AUTH)).json()
    assert queued["queued"] and queued["entry"]["replay_of"] == first and "retry" not in queued
    again = await client.post(f"/admin/dlq/permanent-failures/{first}/replay", headers=AUTH)
    assert again.status_code == 409
    assert (await client.post("/admin/dlq/permanent-failures/nope/replay", headers=AUTH)).status_code == 404

    now = await client.post(
        f"/admin/dlq/permanent-failures/{second}/replay?run_now=true&by=luis", headers=AUTH
    )
    assert now.json()["retry"]["result"] == "success" and deliveries.delivered[0][0] == "wamid.2"
    replayed = (await client.get(f"/admin/dlq/permanent-failures/{second}", headers=AUTH)).json()
    assert replayed["resolved_by"] == "luis" and replayed["resolved_at"]

    resolved = (
        await client.post(f"/admin/dlq/permanent-failures/{first}/resolve?by=ana", headers=AUTH)
    ).json()
    assert resolved["resolved_by"] == "ana"
    assert (await client.post("/admin/dlq/permanent-failures/nope/resolve", headers=AUTH)).status_code == 404
    left = (await client.get("/admin/dlq/permanent-failures", headers=AUTH)).json()
    assert left["total"] == 0
    every = (await client.get("/admin/dlq/permanent-failures?status=all", headers=AUTH)).json()
    assert every["total"] == 2


async def test_without_a_pipeline_retry_now_answers_503(dlq: DeadLetterQueue) -> None:
    transport = httpx.ASGITransport(app=mini_app(dlq, None))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        await dlq.enqueue(message(1), "pms_unavailable", "e", "", "")
        response = await http.post(f"/admin/dlq/{entry_id_for(message(1))}/retry", headers=AUTH)
        assert response.status_code == 503 and "pipeline is not running" in response.json()["detail"]
    transport = httpx.ASGITransport(app=mini_app(None, None))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        response = await http.get("/admin/dlq", headers=AUTH)
        assert response.status_code == 503 and "not configured" in response.json()["detail"]


async def test_replay_run_now_while_a_worker_holds_it(
    dlq: DeadLetterQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    failure_id = await _fail_to_permanent(dlq, 1)
    from hotel_agent.dlq.service import EntryBusy

    async def busy(*_args: Any, **_kwargs: Any) -> Any:
        raise EntryBusy("held")

    monkeypatch.setattr(dlq, "retry_now", busy)
    transport = httpx.ASGITransport(app=mini_app(dlq, Deliveries()))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        body = (
            await http.post(f"/admin/dlq/permanent-failures/{failure_id}/replay?run_now=1", headers=AUTH)
        ).json()
    assert body["retry"]["result"] == "claimed_by_worker"


# --- CLI ---------------------------------------------------------------------------------------
class ServedDLQ:
    """The mini app served by uvicorn on a free port, its DLQ built inside the server's own loop."""

    def __init__(self, sqlite_url: str, deliveries: Deliveries) -> None:
        self.sqlite_url = sqlite_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = FastAPI(lifespan=self._lifespan)
        app.include_router(admin_dlq.router)
        self.deliveries = deliveries
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def _lifespan(self, app: FastAPI) -> Any:
        from contextlib import asynccontextmanager

        @asynccontextmanager
        async def span() -> AsyncIterator[None]:
            db = Database(self.sqlite_url)
            dlq = build_dlq(dlq_settings(), db, None, rng=random.Random(1))
            app.state.container = partial_container(
                settings=dlq.settings,
                db=db,
                admin_token=TOKEN,
                dlq=dlq,
                pipeline=SimpleNamespace(retry=self.deliveries),
            )
            yield
            await db.dispose()

        return span()

    def __enter__(self) -> ServedDLQ:
        self.thread.start()
        wait_port("127.0.0.1", self.port)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def _seed(sqlite_url: str) -> tuple[str, str]:
    async def seed() -> tuple[str, str]:
        async with open_dlq("sqlite", sqlite_url) as queue:
            failure_id = await _fail_to_permanent(queue, 3)
            await queue.enqueue(message(1), "pms_unavailable", "PMS down", "tb", "corr-1")
            await queue.enqueue(message(2, channel="chat"), "nlp_error", "model crashed", "", "")
            return entry_id_for(message(1)), failure_id

    return asyncio.run(seed())


def _entries(sqlite_url: str) -> int:
    async def count() -> int:
        async with open_dlq("sqlite", sqlite_url) as queue:
            return (await queue.list()).total

    return asyncio.run(count())


@pytest.fixture
def served(sqlite_url: str) -> Iterator[ServedDLQ]:
    with ServedDLQ(sqlite_url, Deliveries()) as server:
        yield server


def test_cli_talks_to_the_running_service(served: ServedDLQ, sqlite_url: str, tmp_path: Path) -> None:
    entry_id, failure_id = _seed(sqlite_url)
    runner = CliRunner(env={"COLUMNS": "220"})
    base = ["dlq", "--url", served.url, "--token", TOKEN]

    listed = runner.invoke(cli_app, [*base, "list"])
    assert listed.exit_code == 0, listed.output
    assert "34600000001" in listed.output and "chat" in listed.output and "(2 of 2)" in listed.output
    filtered = runner.invoke(cli_app, [*base, "list", "--reason", "nlp_error"])
    assert "34600000002" in filtered.output and "34600000001" not in filtered.output

    shown = runner.invoke(cli_app, [*base, "show", entry_id])
    assert shown.exit_code == 0 and "PMS down" in shown.output and "corr-1" in shown.output
    missing = runner.invoke(cli_app, [*base, "show", "nope"])
    assert missing.exit_code == 1 and "HTTP 404" in missing.output

    retried = runner.invoke(cli_app, [*base, "retry", entry_id])
    assert retried.exit_code == 0 and "success" in retried.output
    assert served.deliveries.delivered[0][0] == "wamid.1"

    assert "scheduled 1 entries" in runner.invoke(cli_app, [*base, "retry-all"]).output
    permanent = runner.invoke(cli_app, [*base, "permanent"])
    assert failure_id in permanent.output and "Permanent failures (1 of 1)" in permanent.output
    replayed = runner.invoke(cli_app, [*base, "replay", failure_id, "--now", "--by", "ana"])
    assert replayed.exit_code == 0 and "retry: success" in replayed.output
    resolved = runner.invoke(cli_app, [*base, "permanent", "--status", "resolved"])
    assert "by ana" in resolved.output

    assert "purged 1 entries" in runner.invoke(cli_app, [*base, "purge-older", "0"]).output
    assert _entries(sqlite_url) == 0
    empty_dir = tmp_path / "no-token"
    no_token = runner.invoke(
        cli_app,
        ["dlq", "--url", served.url, "list"],
        env={"HOTEL_AGENT_ADMIN_TOKEN": "", "HOTEL_AGENT_DATA_DIR": str(empty_dir)},
    )
    assert no_token.exit_code == 1 and "no admin token" in no_token.output
    # Against `make run`: the development token it generated under the data dir is used.
    (tmp_path / "admin_token").write_text(TOKEN + "\n")
    generated = runner.invoke(
        cli_app,
        ["dlq", "--url", served.url, "permanent"],
        env={"HOTEL_AGENT_ADMIN_TOKEN": "", "HOTEL_AGENT_DATA_DIR": str(tmp_path)},
    )
    assert generated.exit_code == 0 and "Permanent failures" in generated.output, generated.output
    wrong = runner.invoke(cli_app, ["dlq", "--url", served.url, "--token", "bad", "list"])
    assert wrong.exit_code == 1 and "HTTP 403" in wrong.output and "bad" not in wrong.output.split("403")[1]


def test_cli_reports_an_unreachable_service() -> None:
    result = CliRunner().invoke(
        cli_app, ["dlq", "--url", f"http://127.0.0.1:{free_port()}", "--token", "t", "list"]
    )
    assert result.exit_code == 1 and "cannot reach the service" in result.output


def test_cli_direct_mode_uses_the_configured_stores(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hotel_agent.db.migrate import upgrade
    from hotel_agent.settings import get_settings

    upgrade(sqlite_url)  # a database as `hotel-agent migrate` leaves it
    entry_id, failure_id = _seed(sqlite_url)
    monkeypatch.setenv("HOTEL_AGENT_DATABASE_URL", sqlite_url)
    monkeypatch.delenv("HOTEL_AGENT_REDIS_URL", raising=False)
    get_settings.cache_clear()
    try:
        runner = CliRunner(env={"COLUMNS": "220"})
        listed = runner.invoke(cli_app, ["dlq", "--direct", "list"])
        assert listed.exit_code == 0, listed.output
        assert "34600000001" in listed.output and "(2 of 2)" in listed.output
        assert "PMS down" in runner.invoke(cli_app, ["dlq", "--direct", "show", entry_id]).output
        assert runner.invoke(cli_app, ["dlq", "--direct", "show", "nope"]).exit_code == 1
        assert "scheduled 2" in runner.invoke(cli_app, ["dlq", "--direct", "retry-all"]).output
        assert failure_id in runner.invoke(cli_app, ["dlq", "--direct", "permanent"]).output
        replayed = runner.invoke(cli_app, ["dlq", "--direct", "replay", failure_id, "--by", "ana"])
        assert replayed.exit_code == 0 and "queued" in replayed.output
        assert (
            runner.invoke(cli_app, ["dlq", "--direct", "replay", failure_id]).exit_code == 1
        )  # already queued
        resolved = runner.invoke(cli_app, ["dlq", "--direct", "resolve", failure_id, "--by", "luis"])
        assert resolved.exit_code == 0 and "by luis" in resolved.output
        monkeypatch.setenv("HOTEL_AGENT_DATA_DIR", str(tmp_path))
        monkeypatch.setenv("HOTEL_AGENT_ADMIN_TOKEN", "direct-token")
        get_settings.cache_clear()
        # A retry builds the whole pipeline (orchestrator, simulator) as the worker does.
        retried = runner.invoke(cli_app, ["dlq", "--direct", "retry", entry_id])
        assert retried.exit_code == 0 and "success" in retried.output, retried.output
        assert runner.invoke(cli_app, ["dlq", "--direct", "retry", entry_id]).exit_code == 1  # gone now
        entry_id = entry_id_for(message(2, channel="chat"))
        assert "purged" in runner.invoke(cli_app, ["dlq", "--direct", "purge", entry_id]).output
        assert runner.invoke(cli_app, ["dlq", "--direct", "purge", entry_id]).exit_code == 1
        assert "purged 1 entries" in runner.invoke(cli_app, ["dlq", "--direct", "purge-older", "0"]).output
        assert _entries(sqlite_url) == 0
    finally:
        get_settings.cache_clear()
    time.sleep(0)  # keep the monkeypatched environment until here
