"""Delivery rules of the pipeline: the 24-hour WhatsApp window, refused sends, handoffs, non-text messages."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from hotel_agent.channels.whatsapp import parse_notification
from hotel_agent.settings import Settings
from tests import whatsapp_payloads as wa
from tests.apps import admin_headers, container_of, post_signed, running_app, whatsapp_settings
from tests.fake_graph import FakeGraphAPI, message_text

AVAILABILITY = "Hola, ¿tenéis habitación del 3 al 5 de marzo para 2 adultos?"


def _settings(tmp_path: Path, graph: FakeGraphAPI, **extra: Any) -> Settings:
    # Retries only when the test asks for them.
    values: dict[str, Any] = {"dlq_retry_base_seconds": 3600.0, "dlq_retry_cap_seconds": 3600.0, **extra}
    return whatsapp_settings(tmp_path, graph, **values)


async def _only_dlq_entry(client) -> dict:  # type: ignore[no-untyped-def,type-arg]
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        items = (await client.get("/admin/dlq", headers=admin_headers())).json()["items"]
        if items:
            [entry] = items
            return entry  # type: ignore[no-any-return]
        await asyncio.sleep(0.05)
    raise AssertionError("nothing reached the DLQ")


async def test_answer_after_24_hours_goes_out_as_the_approved_template(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    async with running_app(_settings(tmp_path, graph)) as (app, client):
        await client.post("/admin/pms/faults", json={"mode": "down"}, headers=admin_headers())
        await post_signed(client, wa.text_message("34677777777", "wamid.L1", AVAILABILITY))
        [holding] = await asyncio.to_thread(graph.wait_for, "34677777777", 1)
        assert "responderemos" in message_text(holding)
        entry = await _only_dlq_entry(client)
        assert entry["reason"] == "pms_unavailable" and entry["guest_id"] == "34677777777"

        await client.post("/admin/pms/faults", json={"mode": "ok"}, headers=admin_headers())
        await client.post("/admin/pms/breaker/reset", headers=admin_headers())
        pipeline = container_of(app).pipeline
        real_clock = pipeline.clock
        pipeline.clock = lambda: real_clock() + timedelta(hours=25)
        retried = await client.post(f"/admin/dlq/{entry['id']}/retry", headers=admin_headers())
        assert retried.status_code == 200 and retried.json()["result"] == "success", retried.text

        holding_again, late = await asyncio.to_thread(graph.wait_for, "34677777777", 2)
        assert holding_again == holding
        assert late["type"] == "template"
        assert (
            late["template"]["name"] == "late_reply_notice" and late["template"]["language"]["code"] == "es"
        )
        assert "USD" in message_text(late)  # the real answer, with prices, inside the template
        assert (await client.get("/admin/dlq", headers=admin_headers())).json()["items"] == []


async def test_refused_send_keeps_the_graph_error_and_a_retry_sends_the_same_answer(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    async with running_app(_settings(tmp_path, graph)) as (app, client):
        graph.fail_sends_with = (
            400,
            {"message": "Message failed to send because more than 24 hours", "code": 131047},
        )
        await post_signed(client, wa.text_message("34688888888", "wamid.S1", "What time is check-out?"))
        entry = await _only_dlq_entry(client)
        assert entry["reason"] == "send_error"
        assert "131047" in entry["error_message"] and "24 hours" in entry["error_message"]
        assert graph.token not in entry["error_message"]
        await container_of(app).pipeline.drain()  # the holding reply was tried (and refused) too

        graph.fail_sends_with = None
        retried = await client.post(f"/admin/dlq/{entry['id']}/retry", headers=admin_headers())
        assert retried.json()["result"] == "success", retried.text
        [answer] = graph.messages_to("34688888888")
        assert "12:00" in message_text(answer)
        [inbound] = parse_notification(wa.text_message("34688888888", "wamid.S1", "x"))
        assert await container_of(app).pipeline.inbox.pending_reply(inbound) is None


async def test_handoff_stops_the_bot_until_released(tmp_path: Path, graph: FakeGraphAPI) -> None:
    async with running_app(_settings(tmp_path, graph)) as (app, client):
        await post_signed(
            client, wa.text_message("34699999999", "wamid.H1", "Quiero hablar con una persona, por favor")
        )
        [handed] = await asyncio.to_thread(graph.wait_for, "34699999999", 1)
        handoffs = (await client.get("/admin/handoffs", headers=admin_headers())).json()["handoffs"]
        assert [h["guest_id"] for h in handoffs] == ["34699999999"]

        await post_signed(client, wa.text_message("34699999999", "wamid.H2", "¿hola?"))
        # Wait for the message's turn to end (not for a time: on a loaded machine it can take seconds).
        inbox = container_of(app).pipeline.inbox
        deadline = time.monotonic() + 30
        while await inbox.status("whatsapp", "wamid.H2") != "done":
            assert time.monotonic() < deadline, "the message held for a person was never processed"
            await asyncio.sleep(0.05)
        assert len(graph.messages_to("34699999999")) == 1  # a person answers now, not the bot
        history = (await client.get("/api/v1/conversations/34699999999", headers=admin_headers())).json()
        assert history["messages"][-1]["text"] == "¿hola?"

        released = await client.post("/admin/handoffs/34699999999/release", headers=admin_headers())
        assert released.status_code == 200
        assert (
            await client.post("/admin/handoffs/34699999999/release", headers=admin_headers())
        ).status_code == 404
        await post_signed(client, wa.text_message("34699999999", "wamid.H3", "¿A qué hora es el check-in?"))
        messages = await asyncio.to_thread(graph.wait_for, "34699999999", 2)
        assert "15:00" in message_text(messages[-1]) and message_text(handed) != message_text(messages[-1])


async def test_unsupported_message_types_get_a_polite_text_request(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    async with running_app(_settings(tmp_path, graph)) as (_app, client):
        image = wa.notification(
            [], [{"from": "34610000000", "id": "wamid.I1", "type": "image", "image": {"id": "m1"}}]
        )
        await post_signed(client, image)
        [reply] = await asyncio.to_thread(graph.wait_for, "34610000000", 1)
        assert "texto" in message_text(reply) or "text" in message_text(reply)


async def test_booking_confirmation_refused_by_whatsapp_is_resent_not_rebooked(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    wa_id = "34620000000"
    steps = [AVAILABILITY, "book_1", "Marta Ruiz", "marta@example.com"]
    async with running_app(_settings(tmp_path, graph)) as (app, client):
        for number, text in enumerate(steps, start=1):
            await post_signed(client, wa.text_message(wa_id, f"wamid.B{number}", text))
            await asyncio.to_thread(graph.wait_for, wa_id, number)
        graph.fail_sends_with = (500, {"message": "Service temporarily unavailable", "code": 2})
        await post_signed(client, wa.text_message(wa_id, "wamid.B5", "sí"))
        entry = await _only_dlq_entry(client)
        assert entry["reason"] == "send_error"
        simulator = container_of(app).simulator
        [booking_id] = await simulator.booking_ids()  # the booking was made before the send failed
        await container_of(app).pipeline.drain()

        graph.fail_sends_with = None
        retried = await client.post(f"/admin/dlq/{entry['id']}/retry", headers=admin_headers())
        assert retried.json()["result"] == "success", retried.text
        confirmation = graph.messages_to(wa_id)[-1]
        assert str(booking_id) in message_text(confirmation) and "USD" in message_text(confirmation)
        assert await simulator.booking_ids() == [booking_id]


async def test_retries_wait_while_the_breaker_is_open_without_using_up_retries(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    from hotel_agent.dlq.worker import DLQWorker
    from hotel_agent.observability.metrics import PMS_CIRCUIT_BREAKER_CALLS

    settings = _settings(
        tmp_path,
        graph,
        dlq_run_worker_in_process=False,
        dlq_retry_base_seconds=0.01,
        dlq_retry_cap_seconds=0.01,
    )
    async with running_app(settings) as (app, client):
        await client.post("/admin/pms/faults", json={"mode": "down"}, headers=admin_headers())
        await post_signed(client, wa.text_message("34630000000", "wamid.O1", AVAILABILITY))
        entry = await _only_dlq_entry(client)
        await container_of(app).pipeline.drain()
        await client.post("/admin/pms/breaker/force-open", headers=admin_headers())
        refused_before = PMS_CIRCUIT_BREAKER_CALLS.labels(state="open", result="failure")._value.get()

        worker = DLQWorker(container_of(app).dlq, container_of(app).pipeline.retry, settings)
        for _ in range(5):  # far more than dlq_max_retries
            await asyncio.sleep(0.02)
            await container_of(app).dlq.retry_all()
            await worker.run_once()
            assert [o.result for o in worker.outcomes] in ([], ["deferred"])
        still = (await client.get(f"/admin/dlq/{entry['id']}", headers=admin_headers())).json()
        assert still["retry_count"] == 0
        assert PMS_CIRCUIT_BREAKER_CALLS.labels(state="open", result="failure")._value.get() == refused_before
        assert (await client.get("/admin/dlq/permanent-failures", headers=admin_headers())).json()[
            "total"
        ] == 0

        await client.post("/admin/pms/faults", json={"mode": "ok"}, headers=admin_headers())
        await client.post("/admin/pms/breaker/reset", headers=admin_headers())
        await container_of(app).dlq.retry_all()
        await asyncio.sleep(0.05)
        await worker.run_once()
        assert [o.result for o in worker.outcomes] == ["success"]
        assert "USD" in message_text(graph.messages_to("34630000000")[-1])


async def test_a_retry_whose_acknowledgement_was_lost_does_not_answer_twice(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    async with running_app(_settings(tmp_path, graph)) as (app, client):
        await client.post("/admin/pms/faults", json={"mode": "down"}, headers=admin_headers())
        await post_signed(client, wa.text_message("34699999999", "wamid.A1", AVAILABILITY))
        await asyncio.to_thread(graph.wait_for, "34699999999", 1)  # the holding reply
        await _only_dlq_entry(client)
        await client.post("/admin/pms/faults", json={"mode": "ok"}, headers=admin_headers())
        await client.post("/admin/pms/breaker/reset", headers=admin_headers())

        pipeline = container_of(app).pipeline
        [message] = parse_notification(wa.text_message("34699999999", "wamid.A1", AVAILABILITY))
        await pipeline.retry(message)  # delivered ... and then, say, the worker died before the DLQ ack
        await pipeline.retry(message)  # the lease expired: another worker runs it again
        holding, answer = graph.messages_to("34699999999")
        assert "responderemos" in message_text(holding)
        assert "USD" in message_text(answer)
        assert await pipeline.inbox.status("whatsapp", "wamid.A1") == "answered_late"
