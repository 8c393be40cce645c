"""Issue 17 kinds from blind set 15: a booking for someone else ("a room for my boss", "para un ejecutivo de nuestra
empresa", "for my manager") is a new booking, never a change of one nor a request for a person; a count of one
("una persona", "one person") answers the party; the guest alone in words ("pa mi solo", "viaja sola", "just
him"); a room chosen by informal price or number ("the pricier one", "la mas carita", "#2 pls", "no. 3"); the
guest's details given in the third person ("the guest is …", "his email is …"); "till 22" answering until which
day is the 22nd, never 22 nights."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import fold, numbers_to_digits, prepare
from hotel_agent.orchestrator.dialogue import PARTY_ONLY
from hotel_agent.orchestrator.handlers.availability import GUEST_ALONE, party_unclear
from hotel_agent.orchestrator.handlers.booking import TAKES_THAT_ONE, without_email
from hotel_agent.orchestrator.handlers.common import split_name
from hotel_agent.orchestrator.references import kinds_in_text, mentions_an_offer, offer_by_position
from hotel_agent.orchestrator.state import Offer
from hotel_agent.pms.base import RoomType
from tests.dialogue_play import failed_dialogues

OFFERS = [
    Offer(room_type_id=n, name=f"Room {n}", nightly_price=Decimal(n * 100), total_price=Decimal(n * 200),
          currency="USD")
    for n in (1, 2, 3, 4, 5)
]  # fmt: skip
ROOMS = [
    RoomType(1, "General Rooms", Decimal(1000), 2, 1, "single"),
    RoomType(2, "Delux Rooms", Decimal(1400), 2, 2, "double"),
    RoomType(3, "Executive Rooms", Decimal(1800), 2, 1, "twin"),
    RoomType(4, "Luxury Rooms", Decimal(2200), 2, 2, "suite"),
    RoomType(5, "Family Rooms", Decimal(2600), 4, 3, "family"),
]


def _folded(text: str, language: str) -> str:
    return numbers_to_digits(fold(text), language)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("the pricier one", 5),
        ("the costlier one pls", 5),
        ("let's do the more pricey one", 5),
        ("la mas carita", 5),
        ("la más baratita porfa", 1),
        ("#2 pls", 2),
        ("# 4", 4),
        ("no. 3", 3),
        ("nº 3 por favor", 3),
        ("num 2", 2),
        ("la segunda porfa", 2),
        ("option 5", 5),
        ("number two please", 2),
        ("la número tres", 3),
        ("la 2da", 2),
        ("the 3rd one", 3),
    ],
)
def test_a_room_chosen_by_an_informal_price_or_number(text: str, place: int) -> None:
    offer = offer_by_position(text, OFFERS)
    assert offer is not None and offer.room_type_id == place
    assert mentions_an_offer(text)


@pytest.mark.parametrize(
    "text",
    [
        "no, 3 adults",
        "no 2 nights",
        "no. 3 people",
        "no 3 de mayo",
        "2 adults",
        "corrijo, en realidad son 2 niños, no 1",
        "it's 3 adults, no 2",
    ],
)
def test_a_count_after_no_is_no_place(text: str) -> None:
    assert offer_by_position(text, OFFERS) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("pa mi solo", "es"),
        ("para mí solita", "es"),
        ("voy yo sola", "es"),
        ("viaja solo", "es"),
        ("mi jefe llega el 3, viene solo", "es"),
        ("una sola persona", "es"),
        ("1 persona nomás", "es"),
        ("he's travelling alone", "en"),
        ("just him", "en"),
        ("only one guest", "en"),
        ("I'm travelling on my own", "en"),
    ],
)
def test_the_guest_alone_in_words(text: str, language: str) -> None:
    assert GUEST_ALONE.search(_folded(text, language))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("voy yo solo con mi esposa", "es"),
        ("viaja sola y su hija", "es"),
        ("solo quiero preguntar el precio", "es"),
        ("just him and his wife", "en"),
        ("2 adults", "en"),
    ],
)
def test_not_alone(text: str, language: str) -> None:
    assert not GUEST_ALONE.search(_folded(text, language))


@pytest.mark.parametrize(
    ("text", "language", "count"),
    [
        ("una persona", "es", True),
        ("1 persona", "es", True),
        ("solo 1 persona por favor", "es", True),
        ("one person", "en", True),
        ("just one person please", "en", True),
        ("it's 2 people", "en", True),
        ("quiero hablar con una persona", "es", False),
        ("una persona de recepción", "es", False),
        ("a person please", "en", False),
    ],
)
def test_a_count_of_people_is_no_request_for_a_person(text: str, language: str, count: bool) -> None:
    assert bool(PARTY_ONLY.match(_folded(text, language))) is count


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the guest is Helen Marsh", ("Helen", "Marsh")),
        ("the guest's name is Victor Hale", ("Victor", "Hale")),
        ("el huésped es Manuel Ortega", ("Manuel", "Ortega")),
        ("la huésped se llama Laura Benítez", ("Laura", "Benítez")),
        ("se llama Carmen Olmos", ("Carmen", "Olmos")),
        ("his name is Paul Grant", ("Paul", "Grant")),
        ("su nombre es Ana Ríos", ("Ana", "Ríos")),
    ],
)
def test_the_guest_named_in_the_third_person(text: str, name: tuple[str, str]) -> None:
    assert split_name(text) == name


@pytest.mark.parametrize(
    "text",
    ["his email is victor.hale@example.com", "su correo es ana.rios@example.com", "her email: h@example.com"],
)
def test_an_email_in_the_third_person_leaves_no_name(text: str) -> None:
    assert split_name(without_email(text)) is None


NAME = {
    "en": ("Helen Marsh", "helen.marsh@example.com"),
    "es": ("Laura Benítez", "laura.benitez@example.com"),
}
FOR_SOMEONE = {
    "en": [
        ["hi I need to book a room for my boss", "may 4 to 7", "one person"],
        ["hello, I need to book a room for my manager please", "may 4 to 7", "1 person"],
        ["can I book a room for my mother?", "may 4 to 7", "just her"],
        ["I'd like to book a room for our sales agent", "May 4 to May 7", "only one guest"],
        ["hi need a room", "may 4", "till 7", "1"],
        ["booking for a colleague pls", "may 4 to 7", "one person"],
        ["reservation for my boss", "may 4 to 7", "just him"],
    ],
    "es": [
        [
            "necesito reservar una habitación para un ejecutivo de nuestra empresa",
            "del 4 al 7 de mayo",
            "una persona",
        ],
        ["necesito reservar una habitación para el gerente", "del 4 al 7 de mayo", "1 persona"],
        ["quiero reservar para mi jefa", "del 4 al 7 de mayo", "viaja sola"],
        ["reserva", "del 4 al 7 de mayo", "pa mi solo"],
        ["hola, ocupo un cuarto para un cliente", "del 4 al 7 de mayo", "una sola persona"],
    ],
}


@pytest.mark.no_cover  # whole dialogues through the real engine
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_booking_for_someone_else_is_a_new_booking_for_one(tmp_path: Path, language: str) -> None:
    name, email = NAME[language]
    turns_of = [
        [*turns, "#1", name, email, "yes" if language == "en" else "sí"] for turns in FOR_SOMEONE[language]
    ]
    booking = {"room": "General Rooms", "check_in": "2026-05-04", "check_out": "2026-05-07", "adults": 1}
    failed = failed_dialogues(tmp_path, language, turns_of, booking, "for-someone")
    assert [(o.dialogue.id, o.failures) for o in failed] == []


@pytest.mark.no_cover
@pytest.mark.parametrize(
    ("language", "first"),
    [
        ("en", "I booked a room for my boss last week and need to change the dates"),
        ("en", "I have a reservation for my parents, can you check it?"),
        ("es", "ya reservamos una habitación para mi padre y queremos cambiar la fecha"),
        ("es", "tengo una reserva para mi jefe, quiero cancelarla"),
        ("en", "the reservation for my boss, did it go through?"),
        ("es", "la reserva para mi madre, ¿está confirmada?"),
    ],
)
def test_a_booking_made_before_is_never_read_as_a_new_one(tmp_path: Path, language: str, first: str) -> None:
    assert failed_dialogues(tmp_path, language, [[first]], None, "booked-before") == []


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("necesito una habitación para un ejecutivo de nuestra empresa", set()),
        ("a room for one of our executives", set()),
        ("book a room for our executive director", set()),
        ("la ejecutiva para mi jefe", {"twin"}),
        ("a room for my boss, the executive one", {"twin"}),
        ("for an executive room", {"twin"}),
    ],
)
def test_an_executive_the_room_is_for_is_no_executive_room(text: str, kinds: set[str]) -> None:
    assert kinds_in_text(text, ROOMS) == kinds


@pytest.mark.parametrize(
    ("after", "takes"),
    [
        (" esa quiero", True),
        (" me quedo con esa", True),
        (" esa porfa", True),
        (" I'll take that one", True),
        (" book that one instead", True),
        (" ok that one", True),
        (" and how much is it?", False),
        (" just asking", False),
    ],
)
def test_the_room_asked_about_taken_in_the_same_message(after: str, takes: bool) -> None:
    assert bool(TAKES_THAT_ONE.search(after)) is takes


def _party_ctx(text: str, language: str) -> Any:
    entities = extract(text, prepare(text, language), date(2026, 3, 2), language)
    return SimpleNamespace(
        text=text, folded_text=_folded(text, language), language=language, entities=entities
    )


@pytest.mark.parametrize(
    ("text", "language", "unclear"),
    [
        ("Prices for Aug 10 to 13 please, 2 adults?", "en", False),
        ("from May 3 to 5 thanks, 2 adults and a kid", "en", False),
        ("del 4 al 6 de junio porfa, 2 adultos", "es", False),
        ("del 4 al 6 de junio, 2 adultos y 2 churumbeles", "es", True),
    ],
)
def test_the_days_of_the_dates_are_no_part_of_the_party(text: str, language: str, unclear: bool) -> None:
    assert party_unclear(_party_ctx(text, language)) is unclear
