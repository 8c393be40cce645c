"""Issue 17 kinds from blind set 16: a room feature wanted before the list ("we want sea view", "busco una con 2
camas") names the one room that has it, and a name or email typed under the whole list later takes that room,
never a guess when the features point at several; "the most expensive room" is a price (the dearest free),
never the "most luxurious" room read as a feature."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotel_agent.nlp.types import Language
from hotel_agent.orchestrator.profile import load_profile
from hotel_agent.orchestrator.references import kind_wanted
from tests.dialogue_play import failed_dialogues

PROFILE = load_profile()


@pytest.mark.parametrize(
    ("text", "language", "kind"),
    [
        ("hey do u have anything jan 8-11 for 2 adults? we want sea view", "en", "suite"),
        ("we'd love a balcony, May 4 to 6", "en", "double"),
        ("I need a desk to work, 1 adult", "en", "twin"),
        ("looking for two beds please", "en", "twin"),
        ("queremos vista al mar", "es", "suite"),
        ("necesito escritorio, del 2 al 4", "es", "twin"),
        ("busco una habitación con 2 camas", "es", "twin"),
        ("quisiera balcón", "es", "double"),
    ],
)
def test_a_feature_wanted_names_the_one_room_with_it(text: str, language: Language, kind: str) -> None:
    assert kind_wanted(text, PROFILE, language) == kind


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("how much is your most expensive room for Christmas, 2 adults?", "en"),
        ("what's the priciest room you have for Aug 20-22?", "en"),
        ("¿cuánto cuesta la habitación más cara en Navidad?", "es"),
        ("we want a balcony and a sea view", "en"),  # two rooms: none guessed
        ("queremos balcón y vista al mar", "es"),
        ("I want to book a room for 2 adults from May 2 to 4", "en"),
        ("quiero reservar del 2 al 4 de mayo para 2", "es"),
    ],
)
def test_no_room_when_no_one_feature_is_wanted(text: str, language: Language) -> None:
    assert kind_wanted(text, PROFILE, language) is None


@pytest.mark.no_cover
@pytest.mark.parametrize(
    ("language", "turns", "room"),
    [
        (
            "es",
            ["busco una habitación con dos camas", "del 2 al 4 de septiembre", "2 adultos"],
            "Executive Rooms",
        ),
        ("en", ["do you have a room with a balcony?", "Sept 2 to 4, 2 adults"], "Delux Rooms"),
        ("en", ["hi, anything Sept 2-4 for 2 adults? we want sea view"], "Luxury Rooms"),
    ],
)
def test_a_name_under_the_list_takes_the_room_wanted(
    tmp_path: Path, language: str, turns: list[str], room: str
) -> None:
    name, email = ("Ana Ruiz", "ana.ruiz@example.com")
    booking = {"room": room, "name": name, "email": email}
    yes = "sí" if language == "es" else "yes"
    failed = failed_dialogues(tmp_path, language, [[*turns, name, email, yes]], booking, "wanted")
    assert [(o.dialogue.id, o.failures) for o in failed] == []


@pytest.mark.no_cover
@pytest.mark.parametrize(
    ("language", "turns"),
    [
        (
            "es",
            ["¿tienen habitaciones con balcón o con vista al mar?", "del 2 al 4 de septiembre", "2 adultos"],
        ),
        ("en", ["what rooms do you have?", "Sept 2 to 4, 2 adults"]),
    ],
)
def test_no_room_taken_when_no_one_feature_was_wanted(
    tmp_path: Path, language: str, turns: list[str]
) -> None:
    failed = failed_dialogues(tmp_path, language, [[*turns, "Ana Ruiz"]], None, "unwanted")
    assert [(o.dialogue.id, o.failures) for o in failed] == []
