"""A child of the guest's who gave or booked the trip, or stays home, is no guest ("mi hija me regaló un viaje…,
voy yo sola": 1 adult, no child); a child counted or coming along keeps the reading. A price word typed with a
slip ("the cheepest", "la mas varata", "la más econimica") is read as meant. "¿cuál es la más barata? esa está
bien" with the rooms shown takes that room; the question alone never does."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import fold, numbers_to_digits, prepare
from hotel_agent.orchestrator import references
from hotel_agent.orchestrator.handlers.availability import relatives_not_coming
from hotel_agent.orchestrator.handlers.booking import TAKES_THAT_ONE


def _ctx(text: str, language: str) -> Any:
    entities = extract(text, prepare(text, language), date(2026, 3, 2), language)
    return SimpleNamespace(
        text=text, folded_text=numbers_to_digits(fold(text), language), language=language, entities=entities
    )


@pytest.mark.parametrize(
    ("text", "language", "party"),
    [
        (
            "Mi hija me regaló un viaje y quiero ir del 3 al 7 de junio, voy yo sola",
            "es",
            {"adults": 1, "children": 0},
        ),
        (
            "mi hijo me hizo la reserva de regalo, del 3 al 7 de junio, solo yo",
            "es",
            {"adults": 1, "children": 0},
        ),
        ("del 3 al 7 de junio, mi hija se queda en casa, voy solo yo", "es", {"adults": 1, "children": 0}),
        ("my son booked this trip for me, june 3 to 7, just me", "en", {"adults": 1, "children": 0}),
        (
            "my daughter gave me a weekend away, may 8 to 10, traveling alone",
            "en",
            {"adults": 1, "children": 0},
        ),
        ("a gift from my daughter, june 3 to 7", "en", {"children": 0}),
        ("the kids are staying home with their dad, july 14 to 16", "en", None),  # no child read
        ("just me and my son, june 3 to 7", "en", None),
        ("voy yo con mi hija, del 3 al 7 de junio", "es", None),
        ("my son booked this for me, 2 adults and 2 kids", "en", None),
        ("mi hija me regaló el viaje, vamos ella y yo", "es", None),
        ("2 adults and a child, june 3 to 7", "en", None),
    ],
)
def test_a_child_who_is_no_guest(text: str, language: str, party: dict[str, int] | None) -> None:
    assert relatives_not_coming(_ctx(text, language)) == party


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("the cheepest", "the cheapest"),
        ("cheapst pls", "cheapest pls"),
        ("cheapeast one", "cheapest one"),
        ("la mas varata", "la mas barata"),
        ("la más econimica", "la mas economica"),
        ("Laura Barata", "laura barata"),
        ("una baraja", "una baraja"),
        ("ecologica", "ecologica"),
        ("chest", "chest"),
    ],
)
def test_price_words_typed_with_a_slip(typed: str, meant: str) -> None:
    assert references.fold(typed) == meant


@pytest.mark.parametrize(
    ("after", "takes"),
    [
        (" esa esta bien", True),
        (" esa está bien", True),
        (" that one's fine", True),
        (" I'll take it", True),
        (" me la quedo", True),
        (" y cual tiene balcon", False),
        (" thanks", False),
        ("", False),
    ],
)
def test_taking_the_room_asked_about(after: str, takes: bool) -> None:
    assert (TAKES_THAT_ONE.search(after) is not None) is takes


@pytest.mark.parametrize(
    "text",
    [
        "my daughter booked it for me, she's coming too, june 3 to 7",
        "mi hijo me regaló el viaje, iremos juntos",
    ],
)
def test_a_child_who_gave_the_trip_and_comes_along(text: str) -> None:
    assert relatives_not_coming(_ctx(text, "en" if "my" in text else "es")) is None


@pytest.mark.parametrize(
    "text",
    [
        "¿los niños pagan aparte o el precio es por habitación?",
        "do the kids stay free?",
        "mis hijos se quedan con nosotros en la habitación?",
    ],
)
def test_children_talked_about_are_no_party_change(text: str) -> None:
    assert relatives_not_coming(_ctx(text, "en" if "kids" in text else "es")) is None
