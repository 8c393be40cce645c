"""Issue 17 kinds from blind sets 10-17: several rooms of one kind named in the plural ("2 habitaciones
ejecutivas", "two doubles") with the party's occasion beside them ("reunión familiar", "un viaje de amigos",
"una para cada familia") never read as another kind or another person; the party summed up ("o sea 4 adultos y
4 niños en total", "so 2 adults and 3 children") is the party; a big group in the rooms it named is quoted, and
one offered the team that goes on booking is quoted in the rooms it needs (never asked again and again); a price
for several rooms says what one room costs; "a single family room" is one family room."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import fold, numbers_to_digits, prepare
from hotel_agent.orchestrator.handlers.availability import offer_line, party_summed_up, party_unclear
from hotel_agent.orchestrator.references import kinds_in_text
from hotel_agent.orchestrator.state import Offer
from tests.dialogue_play import failed_dialogues


def _party_ctx(text: str, language: str) -> Any:
    entities = extract(text, prepare(text, language), date(2026, 3, 2), language)
    folded = numbers_to_digits(fold(text), language)
    return SimpleNamespace(text=text, folded_text=folded, language=language, entities=entities)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("2 habitaciones ejecutivas del 22 al 25", {"twin"}),
        ("3 habitaciones dobles, una para cada familia", {"double"}),
        ("Reunión familiar: 3 habitaciones Delux", {"double"}),
        ("fiesta familiar, 2 habitaciones sencillas", {"single"}),
        ("dos habitaciones familiares", {"family"}),
        ("two doubles for 4 adults", {"double"}),
        ("family reunion, 3 suites", {"suite"}),
        ("2 double rooms, one for each family", {"double"}),
        ("a single family room would do", {"family"}),
        ("a single room for me", {"single"}),
    ],
)
def test_several_rooms_of_a_kind_named_beside_the_party(text: str, kinds: set[str]) -> None:
    assert kinds_in_text(text, []) == kinds


@pytest.mark.parametrize(
    ("text", "language", "party"),
    [
        ("cada una con 2 adultos y 2 niños, o sea 4 adultos y 4 niños en total", "es", (4, 4)),
        ("nuestros tres hijos, de 3, 7 y 10 años, así que 2 adultos y 3 niños", "es", (2, 3)),
        ("each with 2 adults and a kid, so 4 adults and 2 children", "en", (4, 2)),
        ("our 2 boys (6 and 10), 2 adults and 2 kids in total", "en", (2, 2)),
        ("2 adultos y 1 niño del 3 al 5 de mayo", "es", None),
        ("so 4 adults please", "en", None),
    ],
)
def test_the_party_summed_up_is_the_party(text: str, language: str, party: tuple[int, int] | None) -> None:
    ctx = _party_ctx(text, language)
    assert party_summed_up(ctx) == party
    if party is not None:
        assert not party_unclear(ctx)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("somos 6 adultos, un viaje de amigos", "es"),
        ("para 4 adultos, un grupo de amigas", "es"),
        ("we are 6 adults, a trip with friends", "en"),
    ],
)
def test_the_occasion_after_the_party_is_no_person(text: str, language: str) -> None:
    assert not party_unclear(_party_ctx(text, language))


def test_a_price_for_several_rooms_says_one_rooms_price() -> None:
    offer = Offer(room_type_id=1, name="General Rooms", nightly_price=Decimal(2600), total_price=Decimal(5200),
                  currency="USD", rooms=2)  # fmt: skip
    assert "1,300" in offer_line(offer, "en") and "2,600" in offer_line(offer, "en")
    assert "1.300" in offer_line(offer, "es")
    alone = offer.model_copy(update={"rooms": 1})
    assert "per room" not in offer_line(alone, "en")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_big_group_in_the_rooms_it_named_is_booked(tmp_path: Path, language: str) -> None:
    first = {
        "en": "we need 3 family rooms for 9 adults and 5 children, July 18 to 25",
        "es": "necesitamos 3 habitaciones familiares para 9 adultos y 5 niños, del 18 al 25 de julio",
    }[language]
    booking = {"room": "Family Rooms", "rooms": 3, "adults": 9, "children": 5, "check_in": date(2026, 7, 18),
               "check_out": date(2026, 7, 25), "name": "Carla Benet", "email": "carla.benet@example.com"}  # fmt: skip
    turns = [first, "Carla Benet", "carla.benet@example.com", "yes" if language == "en" else "sí"]
    assert failed_dialogues(tmp_path, language, [turns], booking, "big-group") == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_big_group_that_declines_the_team_is_quoted_never_asked_again(
    tmp_path: Path, language: str
) -> None:
    first = {
        "en": "we are 9 adults and 5 children, July 18 to 25",
        "es": "somos 9 adultos y 5 niños, del 18 al 25 de julio",
    }[language]
    declines = {"en": "no thanks, we'll book here", "es": "no gracias, reservamos por aquí"}[language]
    booking = {"room": "Family Rooms", "rooms": 3, "adults": 9, "children": 5, "name": "Carla Benet"}
    turns = [first, declines, "la familiar" if language == "es" else "the family rooms", "Carla Benet",
             "carla.benet@example.com", "yes" if language == "en" else "sí"]  # fmt: skip
    assert failed_dialogues(tmp_path, language, [turns], booking, "team-declined") == []
