"""roomwant (issue #17): a room-kind word said of people or in a story ("the whole family is flying in", "I'm
single", "my twin sister", "no necesitamos lujo") is no room wanted; the room wanted by its price in the first
message ("something cheap pls", "lo más barato que tengas"); "the cheapest" under a list narrowed to one kind shows
every room rather than taking the one shown."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from hotel_agent.orchestrator.references import kind_said_of_people_only, kinds_in_text, names_a_price
from hotel_agent.pms.base import RoomType
from tests.dialogue_play import failed_dialogues

ROOMS = [
    RoomType(1, "General Rooms", Decimal(1300), 2, 2, "single"),
    RoomType(2, "Delux Rooms", Decimal(1820), 2, 2, "double"),
    RoomType(3, "Executive Rooms", Decimal(2340), 2, 2, "twin"),
    RoomType(4, "Luxury Rooms", Decimal(2860), 2, 2, "suite"),
    RoomType(5, "Family Rooms", Decimal(3380), 4, 3, "family"),
]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "my brother is getting married and the whole family is flying in, a room for me and my wife",
            "family",
        ),
        ("the entire family will be there, we need a room for 2", "family"),
        ("family is coming from abroad, room for two please", "family"),
        ("my family will be there too but we need our own room", "family"),
        ("toda la familia viene a la boda, una habitación para 2", "family"),
        ("la familia entera llega el viernes, necesito un cuarto para mí", "family"),
        ("vienen mis familiares, queremos una habitación para dos", "family"),
        ("I'm single and travelling alone", "single"),
        ("let me double check the dates, May 3 to 5", "double"),
        ("me and my twin sister, May 3 to 5", "twin"),
        ("travelling with my twin brother", "twin"),
        ("we'd like a little luxury for our anniversary", "suite"),
        ("we don't need a suite, just a bed", "suite"),
        ("no necesitamos lujo, solo dormir", "suite"),
        ("a room with an en suite bathroom", "suite"),
        ("I have a general question", "single"),
        ("soy ejecutivo de ventas y viajo por trabajo", "twin"),
        ("coming with the family, need a room for 2", "family"),
        ("vamos con la familia, una habitación para 2", "family"),
        ("is it a family hotel?", "family"),
        ("¿es un hotel de lujo?", "suite"),
        ("my boss is an executive, he needs a room", "twin"),
    ],
)
def test_a_kind_word_said_of_people_is_no_room(text: str, kind: str) -> None:
    assert kind_said_of_people_only(text, kind)
    assert kind not in kinds_in_text(text, ROOMS)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("a family room please", "family"),
        ("the family one", "family"),
        ("una familiar por favor", "family"),
        ("una habitación familiar del 2 al 5", "family"),
        ("a big family room for 5", "family"),
        ("our family room for July", "family"),
        ("a single room please", "single"),
        ("the single please", "single"),
        ("I'm interested in General Rooms", "single"),
        ("the double", "double"),
        ("the twin please", "twin"),
        ("quiero la de lujo", "suite"),
        ("the suite", "suite"),
        ("the suite of course", "suite"),  # "of course" is no "suite of rooms"
        ("is the executive free?", "twin"),
        ("¿es la ejecutiva?", "twin"),
    ],
)
def test_a_kind_asked_for_is_still_read(text: str, kind: str) -> None:
    assert not kind_said_of_people_only(text, kind)
    assert kind in kinds_in_text(text, ROOMS)


@pytest.mark.parametrize(
    "text",
    [
        "need a room this weekend, just me. something cheap pls",
        "anything cheap is fine",
        "2 adults, as cheap as possible",
        "cheapest thing you've got lmao",
        "whatever is cheapest",
        "lo más barato que tengas",
        "algo económico porfa",
        "algo barato",
    ],
)
def test_a_room_wanted_by_its_price(text: str) -> None:
    assert names_a_price(text)


@pytest.mark.parametrize("text", ["nothing fancy, we'll barely be in the room", "is breakfast included?"])
def test_no_price_said(text: str) -> None:
    assert not names_a_price(text)


STORY = {"room": "General Rooms", "check_in": "2026-07-16", "check_out": "2026-07-19", "adults": 2}


@pytest.mark.parametrize(
    ("language", "turns"),
    [
        (
            "en",
            [
                "my aunt turns 80 in Cancun and the whole family is flying in. I need a room for me and my husband "
                "from July 16 to 19, nothing fancy",
                "the cheapest is fine",
                "Ada Vance",
                "ada.vance@example.com",
                "yes",
            ],
        ),
        (
            "es",
            [
                "mi tía cumple 80 en Cancún y viene toda la familia. Necesito una habitación para mi marido y yo "
                "del 16 al 19 de julio",
                "la más barata",
                "Ada Vance",
                "ada.vance@example.com",
                "sí",
            ],
        ),
    ],
)
def test_the_family_of_a_story_books_the_cheapest(tmp_path: Path, language: str, turns: list[str]) -> None:
    assert failed_dialogues(tmp_path, language, [turns], STORY, "story") == []


def test_cheapest_under_a_list_narrowed_to_one_kind_books_nothing_by_itself(tmp_path: Path) -> None:
    # "the cheapest" of a one-room list: every room is shown and the choice asked, never the family room taken
    turns = [
        "a family room from July 2 to 5 for 2 adults",
        "the cheapest is fine",
        "Ada Vance",
        "a@example.com",
        "yes",
    ]
    assert failed_dialogues(tmp_path, "en", [turns], None, "narrowed") == []
