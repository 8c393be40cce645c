"""When the engine is unsure between readings the agent asks, with one button per reading, and acts on the
reading the guest picks, with the entities of the message it asked about."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime

import pytest

from hotel_agent.nlp.types import Analysis, Language
from hotel_agent.orchestrator import replies as r
from tests.unit.test_orchestrator_support import ScriptedAnalyzer, World, in_days, open_world

UNSURE = {
    "me quedo un rato más el domingo?": (
        "es",
        ("late_checkout", "check_out_info"),
        {"check_out": in_days(6)},
    ),
    "can we keep the room on sunday?": ("en", ("late_checkout", "check_out_info"), {"check_out": in_days(6)}),
    "cancel or move it, 3-5 april": (
        "en",
        ("modify_reservation", "cancel_reservation", "check_availability"),
        {"check_in": "2026-04-03", "check_out": "2026-04-05"},
    ),
}


class UnsureAnalyzer(ScriptedAnalyzer):
    def __call__(
        self, text: str, now: datetime, language: Language | None = None, reference: date | None = None
    ) -> Analysis:
        if text in UNSURE:
            self.calls.append((text, language))
            detected, readings, entities = UNSURE[text]
            return Analysis(readings[0], 0.3, detected, dict(entities), alternatives=readings)  # type: ignore[arg-type]
        return super().__call__(text, now, language, reference)


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[World]:
    async with open_world(database_url) as opened:
        opened.analyzer = UnsureAnalyzer({})
        yield opened


@pytest.mark.parametrize("text", list(UNSURE))
async def test_an_unsure_reading_is_asked_about_with_a_button_per_reading(world: World, text: str) -> None:
    language, readings, _ = UNSURE[text]
    turn = await world.say("guest", text)
    assert turn.reply.text == r.say("clarify", language)  # type: ignore[arg-type]
    assert [button.id for button in turn.reply.buttons] == [f"clarify:{intent}" for intent in readings]
    assert all(len(button.title) <= r.MAX_BUTTON_TITLE for button in turn.reply.buttons)
    assert [button.title for button in turn.reply.buttons] == [
        r.READING_TITLES[intent][language]  # type: ignore[index]
        for intent in readings
    ]
    assert not turn.handoff_started


async def test_the_picked_reading_is_acted_on_with_the_entities_of_the_question(world: World) -> None:
    await world.say("guest", "can we keep the room on sunday?")
    picked = await world.say("guest", "clarify:late_checkout")
    assert picked.analysis.intent == "late_checkout"
    assert picked.analysis.entities == {"check_out": in_days(6)}
    assert picked.reply.text != r.say("clarify", "en")
    # The question is answered once: pressing the button again has no message to lean on.
    again = await world.say("guest", "clarify:late_checkout")
    assert again.analysis.entities == {}


async def test_every_reading_has_a_short_title_in_both_languages() -> None:
    from hotel_agent.nlp.types import INTENTS

    for intent in INTENTS:
        if intent == "unknown":
            continue
        for language in ("es", "en"):
            assert 0 < len(r.READING_TITLES[intent][language]) <= r.MAX_BUTTON_TITLE  # type: ignore[index]


async def test_a_typed_reply_after_the_question_is_read_afresh(world: World) -> None:
    world.analyzer = UnsureAnalyzer({"late checkout please": ("late_checkout", {})}, "en")
    await world.say("guest", "can we keep the room on sunday?")
    typed = await world.say("guest", "late checkout please")
    assert typed.analysis.intent == "late_checkout"
    assert typed.reply.text != r.say("clarify", "en")
