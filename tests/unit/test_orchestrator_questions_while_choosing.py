"""Questions while a room is chosen, from blind set 17 and set 10, in our own words: a day of the stay named in a
question about the hours ("late on the 23rd, can we check out later?") changes nothing and chooses nothing; "is
there a room with a sea view?" answers with that room, and "that one" next takes it; the fanciest and the most
spacious rooms are the suite and the family room; a follow-up ("¿y cuánto cobran por él?", "and for the kids?")
keeps the topic just answered; "the cheapest" said with the dates the stay was asked for takes that room."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotel_agent.nlp.normalize import fold
from hotel_agent.orchestrator.handlers.booking import ANY_WITH
from hotel_agent.orchestrator.handlers.info import CANCEL_WORDS, FOR_OTHERS_ASKED
from hotel_agent.orchestrator.references import kind_by_superlative
from tests.dialogue_play import failed_dialogues

KINDS = ["single", "double", "twin", "suite", "family"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("which one is the fanciest?", "suite"),
        ("what's your most luxurious room?", "suite"),
        ("¿cuál es la más lujosa?", "suite"),
        ("la más elegante", "suite"),
        ("which room has the most space?", "family"),
        ("the biggest one please", "family"),
        ("¿cuál es la más amplia?", "family"),
        ("la que tiene más espacio", "family"),
    ],
)
def test_a_superlative_names_one_room(text: str, kind: str) -> None:
    assert kind_by_superlative(text, KINDS) == kind


@pytest.mark.parametrize(
    "text",
    ["the cheapest one", "most rooms have a balcony?", "la más barata", "the biggest and the fanciest"],
)
def test_other_words_name_no_room_by_superlative(text: str) -> None:
    assert kind_by_superlative(text, KINDS) is None


def test_a_superlative_of_a_room_not_among_the_kinds_names_none() -> None:
    assert kind_by_superlative("the fanciest one", ["single", "double"]) is None


@pytest.mark.parametrize(
    "text",
    ["is there a room with a sea view?", "do you have one with a balcony?", "any with two beds?", "¿hay alguna con balcón?",
     "¿tienen alguna con escritorio?"],
)  # fmt: skip
def test_asking_whether_a_room_has_something(text: str) -> None:
    assert ANY_WITH.search(text)


@pytest.mark.parametrize(
    ("text", "for_others"),
    [
        ("and for the kids?", True),
        ("¿y para los niños?", True),
        ("what about for the children?", True),
        ("y para mis hijas", True),
        ("for the kids we need a cot", False),
        ("a room for 2 adults", False),
    ],
)
def test_the_same_asked_for_others_is_a_follow_up(text: str, for_others: bool) -> None:
    assert (FOR_OTHERS_ASKED.match(fold(text)) is not None) == for_others


@pytest.mark.parametrize(
    ("text", "cancels"),
    [
        ("¿y cuánto cobran por él?", False),
        ("and how much do you charge for it?", False),
        ("what if I cancel?", True),
        ("¿me devuelven el dinero si anulo?", True),
        ("is there a refund?", True),
    ],
)
def test_cancelling_said_in_words(text: str, cancels: bool) -> None:
    assert (CANCEL_WORDS.search(fold(text)) is not None) == cancels


@pytest.mark.no_cover
@pytest.mark.parametrize(
    ("language", "turns"),
    [
        ("en", ["2 adults, 14 to 17 April, the twin room", "we fly home late on the 17th, can we check out later?",
                "Omar Haddad", "omar@example.com", "yes"]),
        ("es", ["2 adultos del 14 al 17 de abril, la ejecutiva", "el 17 salimos tarde, ¿podemos dejar la habitación más tarde?",
                "Irene Soler", "irene@example.com", "sí"]),
    ],
)  # fmt: skip
def test_a_day_of_the_stay_in_an_hours_question_keeps_the_stay(
    tmp_path: Path, language: str, turns: list[str]
) -> None:
    # never read as a new arrival on the 17th (the stay moved and booked without a word)
    booking = {"room": "Executive Rooms", "check_in": "2026-04-14", "check_out": "2026-04-17", "adults": 2}
    assert failed_dialogues(tmp_path, language, [turns], booking, "day") == []


@pytest.mark.no_cover
@pytest.mark.parametrize(
    ("language", "turns"),
    [
        ("en", ["2 adults, April 22 to 25", "is there a room with a balcony?", "great, that one", "Ben Harlow",
                "ben@example.com", "yes"]),
        ("es", ["2 adultos del 22 al 25 de abril", "¿hay alguna con balcón?", "perfecto, esa", "Andrés Molina",
                "andres@example.com", "sí"]),
    ],
)  # fmt: skip
def test_the_room_with_the_feature_asked_about_is_that_one(
    tmp_path: Path, language: str, turns: list[str]
) -> None:
    booking = {"room": "Delux Rooms", "check_in": "2026-04-22", "check_out": "2026-04-25", "adults": 2}
    assert failed_dialogues(tmp_path, language, [turns], booking, "feature") == []


@pytest.mark.no_cover
@pytest.mark.parametrize(
    ("language", "turns"),
    [
        ("en", ["2 adults, April 22 to 25", "is there a room with a balcony?"]),
        ("es", ["2 adultos del 22 al 25 de abril", "¿cuál es la más lujosa?"]),
    ],
)
def test_asking_which_room_has_it_chooses_none(tmp_path: Path, language: str, turns: list[str]) -> None:
    assert failed_dialogues(tmp_path, language, [turns], None, "asked") == []


@pytest.mark.no_cover
@pytest.mark.parametrize(
    ("language", "turns"),
    [
        ("en", ["how much is the suite per night?", "and the cheapest one?",
                "ok the cheapest then, April 14 to 16 for 2 adults", "Noah Brennan", "noah@example.com", "yes"]),
        ("es", ["¿cuánto cuesta la suite por noche?", "¿y la más barata?",
                "vale, la más barata del 14 al 16 de abril para 2 adultos", "Elena Ortega", "elena@example.com", "sí"]),
    ],
)  # fmt: skip
def test_the_cheapest_with_the_dates_asked_for_is_taken(
    tmp_path: Path, language: str, turns: list[str]
) -> None:
    booking = {"room": "General Rooms", "check_in": "2026-04-14", "check_out": "2026-04-16", "adults": 2}
    assert failed_dialogues(tmp_path, language, [turns], booking, "cheapest") == []


@pytest.mark.no_cover
@pytest.mark.parametrize(
    ("language", "turns"),
    [
        ("en", ["2 adults, April 10 to 13", "the delux", "is there a room with a sea view?", "ok, that one then",
                "Hugo Lambert", "hugo@example.com", "yes"]),
        ("es", ["2 adultos, del 10 al 13 de abril", "la doble", "¿hay alguna con vista al mar?", "vale, esa entonces",
                "Nuria Campos", "nuria@example.com", "sí"]),
    ],
)  # fmt: skip
def test_that_one_after_asking_about_another_room_than_the_chosen_is_it(
    tmp_path: Path, language: str, turns: list[str]
) -> None:
    # never the room chosen before the question kept (and booked) on "that one"
    booking = {"room": "Luxury Rooms", "check_in": "2026-04-10", "check_out": "2026-04-13", "adults": 2}
    assert failed_dialogues(tmp_path, language, [turns], booking, "other") == []
