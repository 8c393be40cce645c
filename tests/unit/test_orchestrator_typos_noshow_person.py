"""Dialogue kinds from the blind set of 2026-12-06 (second), in our own words: a room's own name typed with one
slip still names it (and ordinary words one letter from no name stay unread), a no-show question is the
cancellation policy, a person asked for around another task ("connect me to a customer service agent", "hablar
con un empleado") is a request for a person, and "¿y la suite?" is the same question about another room."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hotel_agent.orchestrator.dialogue import NO_SHOW, REQUESTS_A_PERSON
from hotel_agent.orchestrator.handlers.availability import AND_THIS_ROOM, BOOK_IT
from hotel_agent.orchestrator.references import kinds_in_text
from hotel_agent.pms.base import RoomType

ROOMS = [
    RoomType(1, "General Rooms", Decimal(1000), 2, 1, "single"),
    RoomType(2, "Delux Rooms", Decimal(1400), 2, 2, "double"),
    RoomType(3, "Executive Rooms", Decimal(1800), 2, 1, "twin"),
    RoomType(4, "Luxury Rooms", Decimal(2200), 2, 2, "suite"),
    RoomType(5, "Family Rooms", Decimal(2600), 4, 3, "family"),
]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("the luxary room please", "suite"),
        ("quiero la executiv", "twin"),
        ("ill take the exectuive", "twin"),
        ("the luxury room", "suite"),
    ],
)
def test_a_room_name_typed_with_one_slip_names_it(text: str, kind: str) -> None:
    assert kinds_in_text(text, ROOMS) == {kind}


@pytest.mark.parametrize(
    "text", ["luxurious taste", "a generous offer", "an exclusive deal", "lux", "famous"]
)
def test_other_words_do_not_name_a_room(text: str) -> None:
    assert kinds_in_text(text, ROOMS) == set()


@pytest.mark.parametrize(
    "text",
    [
        "what happens if we don't show up?",
        "what if I can't make it on the day",
        "¿qué pasa si no llego el día de la reserva?",
        "me cobran si no me presento?",
        "is there a no-show fee?",
    ],
)
def test_a_no_show_question(text: str) -> None:
    assert NO_SHOW.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "I need to change my booking, kindly connect me to a customer care person",
        "please put me through to guest services",
        "necesito hablar con un empleado del hotel, es por accesibilidad",
        "¿me comunicas con atención al cliente?",
        "¿me podrías pasar con alguien de recepción antes de seguir?",
        "¿nos puede comunicar con un asesor?",
    ],
)
def test_a_person_asked_for_around_another_task(text: str) -> None:
    assert REQUESTS_A_PERSON.search(text)


@pytest.mark.parametrize("text", ["¿y la suite?", "and the family room?", "what about the twin?"])
def test_the_same_question_about_another_room(text: str) -> None:
    assert AND_THIS_ROOM.search(text)


@pytest.mark.parametrize(
    "text", ["ok, book it for 7 to 10 July", "I'll take it", "vale, resérvala", "la quiero"]
)
def test_booking_the_room_just_asked_about(text: str) -> None:
    assert BOOK_IT.search(text)


@pytest.mark.parametrize("text", ["can I book a room?", "reserva la doble", "booking for two"])
def test_naming_a_room_or_booking_in_general_is_not_it(text: str) -> None:
    assert not BOOK_IT.search(text)
