"""Guests of the live test: Spanish and English, chat API and signed WhatsApp webhook, availability
questions (they need the PMS) and hotel-information questions (they do not)."""

from __future__ import annotations

import random
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import httpx

from hotel_agent.chaos.traffic import INFO_QUESTIONS, availability_question
from hotel_agent.pipeline.notices import NOTICES
from tests.fake_graph import FakeGraphAPI
from tests.whatsapp_payloads import signed, text_message

Channel = Literal["chat", "whatsapp"]
Language = Literal["es", "en"]
Need = Literal["availability", "info"]


@dataclass(frozen=True)
class Guest:
    id: str  # the chat guest_id, or the WhatsApp wa_id
    channel: Channel
    language: Language
    need: Need
    text: str

    @property
    def holding_text(self) -> str:
        return NOTICES["holding"][self.language]


def make_guests(phase: str, rng: random.Random, today: date, *, availability: int, info: int) -> list[Guest]:
    """New guests, one message each, cycling through chat/WhatsApp and Spanish/English for each need."""
    combos: list[tuple[Channel, Language]] = [
        ("chat", "es"),
        ("whatsapp", "es"),
        ("chat", "en"),
        ("whatsapp", "en"),
    ]
    guests = []
    wanted: list[Need] = ["availability", "info"]
    needs = [need for need, count in zip(wanted, (availability, info), strict=True) for _ in range(count)]
    for index, need in enumerate(needs):
        channel, language = combos[index % len(combos)]
        if channel == "whatsapp":
            guest_id = f"34{rng.randrange(10**9):09d}"
        else:
            guest_id = f"e2e-{phase}-{index:03d}-{uuid.uuid4().hex[:4]}"
        if need == "availability":
            text = availability_question(rng, today, language)
        else:
            text = rng.choice(INFO_QUESTIONS[language])
        guests.append(Guest(guest_id, channel, language, need, text))
    return guests


def send(client: httpx.Client, guest: Guest, app_secret: str) -> dict[str, Any]:
    """Send the guest's message; the chat API's JSON answer, or the webhook's."""
    if guest.channel == "chat":
        response = client.post("/api/v1/messages", json={"guest_id": guest.id, "text": guest.text})
    else:
        payload = text_message(guest.id, f"wamid.e2e.{uuid.uuid4().hex}", guest.text)
        body, headers = signed(payload, app_secret)
        response = client.post("/webhooks/whatsapp", content=body, headers=headers)
    assert response.status_code == 200, (
        f"{guest.channel} {guest.id}: HTTP {response.status_code} {response.text}"
    )
    return dict(response.json())


def send_all(client: httpx.Client, guests: list[Guest], app_secret: str) -> list[dict[str, Any]]:
    """Every guest's message, four at a time; the answers in the guests' order."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda g: send(client, g, app_secret), guests))


def wait_whatsapp_replies(graph: FakeGraphAPI, guests: list[Guest], count: int) -> None:
    for guest in guests:
        if guest.channel == "whatsapp":
            graph.wait_for(guest.id, count, timeout=60)


def replies(admin_api: httpx.Client, guest: Guest, kind: str) -> list[str]:
    """What the conversations API recorded as sent to the guest, of one kind (answer, holding, ...)."""
    response = admin_api.get(f"/api/v1/conversations/{guest.id}")
    assert response.status_code == 200, response.text
    return [m["text"] for m in response.json()["messages"] if m["direction"] == "out" and m["kind"] == kind]
