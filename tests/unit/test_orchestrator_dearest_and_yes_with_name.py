"""Issue 17 kinds: a room named by its price is the one among those shown, or those that fit the party ("what's the
most expensive one?" is the Family room, never the "most luxurious" suite; "the pricier one" after two rooms were
compared is the dearer of those two), and "that one" next takes it; a yes with a lower-case name under the one room
offered ("sure, tessa boyd", "vale, marta ruiz") keeps both; the guest alone ("pa mi solo", "just me myself"); a
bare yes under one room shown chooses it, under several asks which."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from hotel_agent.orchestrator.handlers.availability import THAT_ONE_FIRST
from hotel_agent.orchestrator.handlers.booking import lower_case_name_after_yes
from hotel_agent.orchestrator.profile import load_profile
from hotel_agent.orchestrator.references import STOP, by_price_said, fold, kind_by_feature, offer_by_price
from hotel_agent.orchestrator.state import Offer
from tests.dialogue_play import failed_dialogues

OFFERS = [
    Offer(room_type_id=n, name=f"Room {n}", nightly_price=Decimal(n * 100), total_price=Decimal(n * 200),
          currency="USD")
    for n in (1, 2, 3, 4, 5)
]  # fmt: skip


def test_most_is_no_feature() -> None:
    assert "most" in STOP
    profile = load_profile()
    kinds = list(profile.room_descriptions)
    assert kind_by_feature("what's the most expensive one?", profile, kinds, "en") is None
    assert kind_by_feature("the most luxurious one", profile, kinds, "en") == "suite"


@pytest.mark.parametrize(
    ("text", "room"),
    [
        ("the most expensive", 5),
        ("la segunda más barata", 2),
        ("the second cheapest", 2),
        ("la más cara", 5),
        ("the pricier one", 5),
        ("the cheapest", 1),
        ("the one with the balcony", None),
    ],
)
def test_by_price_said(text: str, room: int | None) -> None:
    chosen = offer_by_price(text, OFFERS)
    assert (chosen.room_type_id if chosen else None) == room
    prices = {"a": Decimal(3), "b": Decimal(1), "c": Decimal(2)}
    ranked = by_price_said(text, list(prices), prices.__getitem__)
    expected = {1: "b", 2: "c", 5: "a"}.get(room) if room is not None else None
    assert ranked == expected


@pytest.mark.parametrize(
    ("folded", "ok_counts", "name"),
    [
        ("sure, tessa boyd", False, ("Tessa", "Boyd")),
        ("vale, marta ruiz", True, ("Marta", "Ruiz")),
        ("vale, marta ruiz", False, None),
        ("ok, all good", True, None),
        ("vale, perfecto gracias", True, None),
        ("ok, sounds good", True, None),
        ("si, la suite", True, None),
    ],
)
def test_lower_case_name_after_a_yes_or_ok(
    folded: str, ok_counts: bool, name: tuple[str, str] | None
) -> None:
    assert lower_case_name_after_yes(fold(folded), ok_counts) == name


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("that one, june 2 to 4", True),
        ("ok esa, del 2 al 4 de junio", True),
        ("vale esa", True),
        ("ese fin de semana del 2 al 4", False),
        ("is that one free in june?", False),
        ("what about june 2 to 4", False),
    ],
)
def test_that_one_first(text: str, taken: bool) -> None:
    assert (THAT_ONE_FIRST.match(text) is not None) is taken


@pytest.mark.parametrize(
    ("language", "turns", "booking"),
    [
        ("en", ["2 adults, april 10 to 12?", "what's the most expensive one?", "that one", "Ann Lee",
                "ann@example.com", "yes"], {"room": "Family Rooms"}),
        ("es", ["2 adultos, del 10 al 12 de abril", "¿cuál es la más cara?", "esa", "Ana Lee", "ana@example.com",
                "sí"], {"room": "Family Rooms"}),
        ("en", ["2 adults, april 10 to 12?", "the double or the twin?", "the pricier one", "Ann Lee",
                "ann@example.com", "yes"], {"room": "Executive Rooms"}),
        ("es", ["2 adultos, del 10 al 12 de abril", "¿la doble o la ejecutiva?", "la más cara de las dos",
                "Ana Lee", "ana@example.com", "sí"], {"room": "Executive Rooms"}),
        ("en", ["is the suite free april 10 to 12 for 2 adults?", "sure, ann lee", "ann@example.com", "yes"],
         {"room": "Luxury Rooms", "name": "Ann Lee"}),
        ("es", ["¿está libre la suite del 10 al 12 de abril para 2 adultos?", "vale, ana lee", "ana@example.com",
                "sí"], {"room": "Luxury Rooms", "name": "Ana Lee"}),
        ("en", ["a room april 10 to 12", "just me myself", "the cheapest", "Ann Lee", "ann@example.com", "yes"],
         {"room": "General Rooms", "adults": 1}),
        ("es", ["una habitación del 10 al 12 de abril", "pa mi solo", "la más barata", "Ana Lee",
                "ana@example.com", "sí"], {"room": "General Rooms", "adults": 1}),
        ("en", ["is the suite free april 10 to 12 for 2 adults?", "yes", "Ann Lee", "ann@example.com", "yes"],
         {"room": "Luxury Rooms"}),
        ("es", ["qué hay del 10 al 12 de abril para 2 adultos", "sí", "Ana Lee", "ana@example.com", "sí"], None),
    ],
)  # fmt: skip
def test_whole_dialogues(tmp_path: Path, language: str, turns: list[str], booking: object) -> None:
    assert failed_dialogues(tmp_path, language, [turns], booking, "chooseb") == []
