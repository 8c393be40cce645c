"""Whole conversations through the public channels: availability → book → status → cancel, in es and en,
on the real app (NLP, orchestrator, PMS simulator behind the breaker)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import httpx
import pytest

from tests import whatsapp_payloads as wa
from tests.apps import APP_SECRET, admin_headers, container_of, make_settings, running_app, whatsapp_settings
from tests.fake_graph import FakeGraphAPI, message_text

_tokens: dict[str, str] = {}  # guest_id -> the conversation_token its first message returned


async def _say(client: httpx.AsyncClient, guest: str, text: str) -> dict[str, object]:
    headers = {"X-Conversation-Token": _tokens[guest]} if guest in _tokens else {}
    response = await client.post("/api/v1/messages", json={"guest_id": guest, "text": text}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    _tokens[guest] = str(body["conversation_token"])
    assert body["delivery"] == "answered", body
    return body


def _reply(body: dict[str, object]) -> str:
    return str(body["reply"]["text"])  # type: ignore[index]


def _buttons(body: dict[str, object]) -> list[str]:
    return [b["id"] for b in body["reply"]["buttons"]]  # type: ignore[index]


CONVERSATIONS = {
    "es": {
        "ask": "Hola, ¿tenéis habitación doble del 3 al 5 de marzo para dos personas?",
        "name": "Ana García",
        "email": "ana.garcia@example.com",
        "yes": "sí",
        "status": "¿cómo está mi reserva?",
        "cancel": "quiero cancelar mi reserva",
        "price_marker": "USD",
        "cancelled_marker": "cancelada",
    },
    "en": {
        "ask": "Hi! Do you have a double room from March 10 to 12 for 2 adults?",
        "name": "John Smith",
        "email": "john.smith@example.com",
        "yes": "yes",
        "status": "what's the status of my booking?",
        "cancel": "I want to cancel my booking",
        "price_marker": "USD",
        "cancelled_marker": "cancelled",
    },
}


@pytest.mark.parametrize("language", ["es", "en"])
async def test_book_check_and_cancel_through_the_chat_api(tmp_path: Path, language: str) -> None:
    script = CONVERSATIONS[language]
    guest = f"chat-{language}"
    async with running_app(make_settings(tmp_path)) as (app, client):
        offers = await _say(client, guest, script["ask"])
        assert offers["intent"] == "check_availability" and offers["language"] == language
        assert offers["entities"]["adults"] == 2  # type: ignore[index]
        assert script["price_marker"] in _reply(offers)
        book_buttons = [b for b in _buttons(offers) if b.startswith("book_")]
        assert book_buttons, _reply(offers)

        await _say(client, guest, book_buttons[0])
        await _say(client, guest, script["name"])
        summary = await _say(client, guest, script["email"])
        assert script["email"] in _reply(summary) and "affirm" in _buttons(summary)
        confirmed = await _say(client, guest, script["yes"])
        simulator = container_of(app).simulator
        [booking_id] = await simulator.booking_ids()
        assert str(booking_id) in _reply(confirmed)
        booking = await simulator.get_booking(str(booking_id))
        assert booking.status == "confirmed" and booking.guest_email == script["email"]

        status = await _say(client, guest, script["status"])
        assert status["intent"] == "reservation_status" and str(booking_id) in _reply(status)

        await _say(client, guest, script["cancel"])
        cancelled = await _say(client, guest, script["yes"])
        assert script["cancelled_marker"] in _reply(cancelled).lower()
        assert (await simulator.get_booking(str(booking_id))).status == "cancelled"

        history = (await client.get(f"/api/v1/conversations/{guest}", headers=admin_headers())).json()
        assert [m["direction"] for m in history["messages"]] == ["in", "out"] * 8
        assert all(m["channel"] == "chat" for m in history["messages"])


async def test_booking_over_whatsapp_with_buttons(tmp_path: Path, graph: FakeGraphAPI) -> None:
    settings = whatsapp_settings(
        tmp_path,
        graph,
    )
    wa_id = "34655555555"
    count = 0

    async def send(payload: dict[str, object]) -> dict[str, object]:
        nonlocal count
        count += 1
        body, headers = wa.signed(payload, APP_SECRET)
        response = await client.post("/webhooks/whatsapp", content=body, headers=headers)
        assert response.status_code == 200
        messages = await asyncio.to_thread(graph.wait_for, wa_id, count)
        return messages[-1]

    async with running_app(settings) as (app, client):
        offers = await send(
            wa.text_message(wa_id, "wamid.w1", "Hola, habitación del 3 al 5 de marzo para 2 adultos")
        )
        assert offers["type"] == "interactive", offers
        choices = offers["interactive"]["action"]
        first = choices["buttons"][0]["reply"] if "buttons" in choices else choices["sections"][0]["rows"][0]
        await send(wa.button_reply(wa_id, "wamid.w2", first["id"], first.get("title", "")))
        await send(wa.text_message(wa_id, "wamid.w3", "Lucía Fernández"))
        summary = await send(wa.text_message(wa_id, "wamid.w4", "lucia@example.com"))
        assert summary["interactive"]["type"] == "button"
        yes = summary["interactive"]["action"]["buttons"][0]["reply"]
        confirmed = await send(wa.button_reply(wa_id, "wamid.w5", yes["id"], yes["title"]))
        [booking_id] = await container_of(app).simulator.booking_ids()
        assert re.search(rf"\b{booking_id}\b", message_text(confirmed))
        assert graph.unauthorized_calls == 0
