"""Blind set 18, in our own words: a capacity question ("can 2 adults and 3 kids stay together in one room?", "do
you have a room for 6?", "can we get an extra bed?") answered from the rooms' capacities, the booking going on
with the party kept; several questions in one message (a room's price and an extra or an hour) each answered; a
room asked about by a feature once another was chosen shown alone, never the whole list."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hotel_agent.orchestrator.evaluate import evaluate, load_dialogues
from hotel_agent.orchestrator.handlers.info import CAPACITY_QUESTION, ONE_ROOM_FOR
from tests.unit.test_orchestrator_support import ScriptedAnalyzer, World


@pytest.mark.parametrize(
    ("text", "capacity"),
    [
        ("Can 2 adults and 3 kids stay together in one room?", True),
        ("could we all sleep in the same room?", True),
        ("¿podemos quedarnos todos en la misma habitación?", True),
        ("¿pueden estar 2 adultos y 3 niños juntos en una habitación?", True),
        ("can we add an extra bed?", True),
        ("¿se puede poner una cama supletoria?", True),
        ("we'll stay 3 nights in the room", False),
        ("the bed in the room, is it a king?", False),
        ("¿la cama es doble?", False),
    ],
)
def test_staying_together_and_an_extra_bed_are_capacity_questions(text: str, capacity: bool) -> None:
    assert bool(CAPACITY_QUESTION.search(text)) is capacity


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("do you have a room for 5?", True),
        ("¿tienen una habitación para 6 personas?", True),
        ("one family room for 4 adults", True),
        ("do you have rooms for next week?", False),
        ("we need 2 rooms for 6", False),
    ],
)
def test_one_room_for_a_party_is_told_from_other_rooms_wanted(text: str, asked: bool) -> None:
    assert bool(ONE_ROOM_FOR.search(text)) is asked


SCRIPT = {
    "¿tienen una habitación para 6?": ("check_availability", {"adults": 6}),
    "¿tienen una habitación para 2?": ("check_availability", {"adults": 2}),
    "¿podemos dormir 2 adultos y 3 niños juntos en una habitación?": (
        "check_availability",
        {"adults": 2, "children": 3},
    ),
    "¿cuánto cuesta la noche en la suite? ¿y el traslado?": ("amenities", {"amenity": "traslado"}),
}


async def test_a_party_asked_together_is_answered_and_kept_and_the_dates_asked(world: World) -> None:
    world.analyzer = ScriptedAnalyzer(SCRIPT, "es")
    turn = await world.say("t1", "¿podemos dormir 2 adultos y 3 niños juntos en una habitación?")
    assert "Family Rooms" in turn.reply.text and not turn.handoff_started
    state = await world.conversations.get_state("t1")
    assert state["search"]["adults"] == 2 and state["search"]["children"] == 3
    assert state["pending"] == "ask_dates"


async def test_a_room_for_a_party_no_room_holds_is_a_capacity_question(world: World) -> None:
    world.analyzer = ScriptedAnalyzer(SCRIPT, "es")
    turn = await world.say("t2", "¿tienen una habitación para 6?")
    assert "Family Rooms" in turn.reply.text and "2 habitaciones" in turn.reply.text
    # a party every room holds is only the stay's party: the dates asked, no capacity told
    turn = await world.say("t3", "¿tienen una habitación para 2?")
    assert "caben" not in turn.reply.text


async def test_a_room_price_beside_an_extra_are_both_answered(world: World) -> None:
    world.analyzer = ScriptedAnalyzer(SCRIPT, "es")
    turn = await world.say("t4", "¿cuánto cuesta la noche en la suite? ¿y el traslado?")
    assert "Luxury Rooms" in turn.reply.text and "2.860" in turn.reply.text
    assert "Traslado" in turn.reply.text and "General Rooms" not in turn.reply.text


def _replies(tmp_path: Path, language: str, turns: list[str]) -> list[str]:
    path = tmp_path / f"{language}.yaml"
    dialogue = {"id": f"feature-{language}", "turns": turns, "expect": {"booking": "none"}}
    path.write_text(yaml.safe_dump({"language": language, "dialogues": [dialogue]}, allow_unicode=True))
    [outcome] = evaluate(load_dialogues([path]))
    return outcome.replies


@pytest.mark.no_cover
@pytest.mark.parametrize(
    ("language", "turns", "room"),
    [
        ("en", ["2 adults, May 4 to 7", "the general room", "hmm, is there one with a sea view?"], "Luxury Rooms"),
        ("es", ["2 adultos, del 4 al 7 de mayo", "la general", "oye, ¿cuál tiene balcón?"], "Delux Rooms"),
    ],
)  # fmt: skip
def test_a_feature_asked_once_a_room_is_chosen_shows_that_room_alone(
    tmp_path: Path, language: str, turns: list[str], room: str
) -> None:
    last = _replies(tmp_path, language, turns)[-1]
    assert room in last
    assert "Family Rooms" not in last and "Executive Rooms" not in last
