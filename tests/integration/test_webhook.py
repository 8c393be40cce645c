"""The WhatsApp webhook end to end: signature, durability, dedupe, replies through a local fake Graph API."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from hotel_agent.conversations.models import InboundMessageRow
from tests import whatsapp_payloads as wa
from tests.apps import APP_SECRET, admin_headers, container_of, running_app, whatsapp_settings
from tests.fake_graph import FakeGraphAPI


async def _inbox_count(app) -> int:  # type: ignore[no-untyped-def]
    async with container_of(app).db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(InboundMessageRow)) or 0)


async def test_verification_handshake(tmp_path: Path, graph: FakeGraphAPI) -> None:
    async with running_app(whatsapp_settings(tmp_path, graph)) as (_app, client):
        ok = await client.get(
            "/webhooks/whatsapp",
            params={"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "12345"},
        )
        assert ok.status_code == 200 and ok.text == "12345"
        bad = await client.get(
            "/webhooks/whatsapp",
            params={"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "12345"},
        )
        assert bad.status_code == 403


async def test_signed_message_is_answered_through_the_graph_api(tmp_path: Path, graph: FakeGraphAPI) -> None:
    async with running_app(whatsapp_settings(tmp_path, graph)) as (app, client):
        body, headers = wa.signed(
            wa.text_message("34611111111", "wamid.A1", "Hola, ¿a qué hora es el check-out?"), APP_SECRET
        )
        response = await client.post("/webhooks/whatsapp", content=body, headers=headers)
        assert response.status_code == 200 and response.json() == {"received": 1, "accepted": 1}
        [sent] = await asyncio.to_thread(graph.wait_for, "34611111111")
        assert sent["messaging_product"] == "whatsapp"
        text = sent["text"]["body"] if sent["type"] == "text" else sent["interactive"]["body"]["text"]
        assert "12:00" in text  # the demo hotel's check-out time
        await container_of(app).pipeline.drain()  # the reply is recorded just after it is sent
        history = await client.get("/api/v1/conversations/34611111111", headers=admin_headers())
        directions = [m["direction"] for m in history.json()["messages"]]
        assert directions == ["in", "out"]


@pytest.mark.parametrize("signature", [None, "sha256=deadbeef", "sha1=abc"])
async def test_bad_or_missing_signature_is_refused_and_nothing_stored(
    tmp_path: Path, graph: FakeGraphAPI, signature: str | None
) -> None:
    async with running_app(whatsapp_settings(tmp_path, graph)) as (app, client):
        headers = {"Content-Type": "application/json"}
        if signature:
            headers["X-Hub-Signature-256"] = signature
        body = json.dumps(wa.text_message("34611111111", "wamid.B1", "hola")).encode()
        response = await client.post("/webhooks/whatsapp", content=body, headers=headers)
        assert response.status_code == 401
        assert "X-Hub-Signature-256" in response.json()["detail"]
        assert await _inbox_count(app) == 0
        assert graph.sent == []


async def test_redelivered_message_is_processed_once(tmp_path: Path, graph: FakeGraphAPI) -> None:
    async with running_app(whatsapp_settings(tmp_path, graph)) as (app, client):
        body, headers = wa.signed(wa.text_message("34622222222", "wamid.C1", "hello"), APP_SECRET)
        first = await client.post("/webhooks/whatsapp", content=body, headers=headers)
        second = await client.post("/webhooks/whatsapp", content=body, headers=headers)
        assert first.json()["accepted"] == 1 and second.json()["accepted"] == 0
        await asyncio.to_thread(graph.wait_for, "34622222222")
        await container_of(app).pipeline.drain()
        assert len(graph.messages_to("34622222222")) == 1


async def test_malformed_json_and_unknown_shapes(tmp_path: Path, graph: FakeGraphAPI) -> None:
    async with running_app(whatsapp_settings(tmp_path, graph, whatsapp_app_secret=None)) as (_app, client):
        not_json = await client.post(
            "/webhooks/whatsapp", content=b"{nope", headers={"Content-Type": "application/json"}
        )
        assert not_json.status_code == 400 and "not valid JSON" in not_json.json()["detail"]
        wrong = await client.post("/webhooks/whatsapp", json={"object": "page", "entry": []})
        assert wrong.status_code == 422 and "whatsapp_business_account" in wrong.json()["detail"]
        status = await client.post("/webhooks/whatsapp", json=wa.status_update("wamid.s"))
        assert status.status_code == 200 and status.json() == {"received": 0, "accepted": 0}


async def test_message_acked_before_a_crash_is_answered_after_restart(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    settings = whatsapp_settings(tmp_path, graph, inbox_recovery_seconds=0.2)
    message = wa.text_message("34633333333", "wamid.D1", "Hello, what time is check-in?")
    # The 200 is sent once the message is stored; simulate dying right after that, before processing: the
    # first process only stores (no in-process worker), so no schedule can let it answer first.
    async with running_app(settings.model_copy(update={"inbox_worker_in_process": False})) as (app, _client):
        from hotel_agent.channels.whatsapp import parse_notification

        [inbound] = parse_notification(message)
        assert await container_of(app).pipeline.accept(inbound)
        stored = await container_of(app).pipeline.inbox.status("whatsapp", "wamid.D1")
        assert stored == "received"
    async with running_app(settings) as (app, _client):
        [sent] = await asyncio.to_thread(graph.wait_for, "34633333333", 1, 20.0)
        assert "15:00" in json.dumps(sent) or "check-in" in json.dumps(sent).lower()
        inbox = container_of(app).pipeline.inbox
        for _ in range(100):  # the reply goes out just before the message is marked done
            if await inbox.status("whatsapp", "wamid.D1") == "done":
                break
            await asyncio.sleep(0.02)
        assert await inbox.status("whatsapp", "wamid.D1") == "done"


async def test_admin_endpoints_need_the_token(tmp_path: Path, graph: FakeGraphAPI) -> None:
    async with running_app(whatsapp_settings(tmp_path, graph)) as (_app, client):
        assert (await client.get("/admin/handoffs")).status_code == 401
        wrong = await client.get("/admin/handoffs", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 403
        assert (await client.get("/admin/handoffs", headers=admin_headers())).status_code == 200


async def test_the_intake_answers_as_the_route_it_documents(tmp_path: Path, graph: FakeGraphAPI) -> None:
    """The app answers POST /webhooks/whatsapp in front of FastAPI's router (`WhatsAppIntake`): the same
    statuses, bodies and content type as the documented route (served here by an app of the router alone,
    on the same container), and counted under the route's template."""
    from fastapi import FastAPI

    from hotel_agent.api import problems, webhooks

    async with running_app(whatsapp_settings(tmp_path, graph)) as (app, client):
        routed = FastAPI()
        routed.include_router(webhooks.router)
        problems.install(routed)
        routed.state.container = container_of(app)
        transport = httpx.ASGITransport(app=routed)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as routed_client:
            for name, make in [
                (
                    "stored",
                    lambda n: wa.signed(wa.text_message("34633333333", f"wamid.D{n}", "hola"), APP_SECRET),
                ),
                (
                    "unsigned",
                    lambda n: (json.dumps(wa.text_message("3463", f"wamid.E{n}", "x")).encode(), {}),
                ),
                ("not JSON", lambda n: (b"{nope", wa.signed_headers(b"{nope", APP_SECRET))),
                ("not a notification", lambda n: wa.signed({"object": "page"}, APP_SECRET)),
                ("no messages", lambda n: wa.signed(wa.status_update(f"wamid.F{n}"), APP_SECRET)),
            ]:
                answers = []
                for number, target in enumerate((client, routed_client)):
                    body, headers = make(number)
                    response = await target.post("/webhooks/whatsapp", content=body, headers=headers)
                    answers.append((response.status_code, response.json(), response.headers["content-type"]))
                assert answers[0] == answers[1], name
        await container_of(app).pipeline.drain()
        metrics = (await client.get("/metrics")).text
    for status_code in ("200", "400", "401", "422"):
        assert (
            f'http_requests_total{{endpoint="/webhooks/whatsapp",method="POST",status_code="{status_code}"}}'
            in metrics
        ), status_code
