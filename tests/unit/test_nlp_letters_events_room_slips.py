"""Names with letters of any Latin script ("Wiśniewska", "Søren", "Çağla"), an event's date beside the stay's own
arrival and departure, dates amid chat ("black friday vibes, dec 8 til dec 13"), a room kind misspelt beside the
word room, and a lower-case self-introduction followed by where they are from."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hotel_agent.nlp import entities
from hotel_agent.nlp.dates import resolve_stay
from hotel_agent.orchestrator.handlers.common import introduced_name
from hotel_agent.orchestrator.references import kind_in_text
from hotel_agent.pms.base import RoomType

MONDAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Łukasz Dvořák, lukasz@x.pl", "Łukasz Dvořák"),
        ("my name is Søren Kierkegaård", "Søren Kierkegaård"),
        ("Thanks, Çağla Yılmaz", "Çağla Yılmaz"),
        ("hola! im jose luis hernandez from monterrey, we're 2 adults", "Jose Luis Hernandez"),
        ("soy marta gil desde sevilla te escribo", "Marta Gil"),
    ],
)
def test_names_are_read_whole(text: str, expected: str) -> None:
    assert entities.name(text) == expected


@pytest.mark.parametrize(
    "text", ["i am coming from london", "i am here from madrid", "i am so tired from work"]
)
def test_from_a_place_is_no_name(text: str) -> None:
    assert entities.name(text) is None


def test_a_name_with_polish_letters_introduced_is_whole() -> None:
    assert introduced_name("hello, my name is Katarzyna Wiśniewska") == ("Katarzyna", "Wiśniewska")


@pytest.mark.parametrize(
    ("text", "check_in", "check_out"),
    [
        (
            "mi hermana se casa en cancun el 13 de junio, llegariamos el 12 y nos iriamos el 15",
            date(2026, 6, 12),
            date(2026, 6, 15),
        ),
        ("my brother's wedding is on june 13th, we'd arrive the 12th and leave the 15th", date(2026, 6, 12),
         date(2026, 6, 15)),
        ("the wedding is on june 13, book june 12 to 15", date(2026, 6, 12), date(2026, 6, 15)),
        ("la boda es el 13 de junio, del 12 al 15", date(2026, 6, 12), date(2026, 6, 15)),
        ("for the wedding on june 13th, 2 nights", date(2026, 6, 13), date(2026, 6, 15)),
        ("omg black friday vibes anyway, dec 8 til dec 13, 2 adults", date(2026, 12, 8), date(2026, 12, 13)),
        ("cyber monday lol, jan 9 thru jan 12", date(2027, 1, 9), date(2027, 1, 12)),
    ],
)  # fmt: skip
def test_the_stay_is_arrival_and_departure_not_an_event(text: str, check_in: date, check_out: date) -> None:
    stay = resolve_stay(text, MONDAY)
    assert (stay.check_in, stay.check_out) == (check_in, check_out)


def test_a_mix_of_dates_is_never_a_month_long_stay() -> None:
    stay = resolve_stay("mi prima celebra algo el 20 de mayo, llegariamos el 19 y nos iriamos el 22", MONDAY)
    assert stay.check_in is None or (
        stay.check_out is not None and (stay.check_out - stay.check_in).days < 28
    )


ROOMS = [
    RoomType(1, "General Rooms", Decimal(1300), 2, 1, "single"),
    RoomType(2, "Delux Rooms", Decimal(1820), 2, 1, "double"),
    RoomType(3, "Executive Rooms", Decimal(2340), 2, 2, "twin"),
    RoomType(4, "Luxury Rooms", Decimal(2860), 2, 2, "suite"),
    RoomType(5, "Family Rooms", Decimal(3380), 4, 3, "family"),
]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("helo i want reserv for 2 persons 20 april to 23 april, dobule room", "double"),
        ("Quiero la habitacion exectuiva del 17 al 20 de abril, 2 adultos", "twin"),
        ("quiero la habitacion ejecutiba del 3 al 6 de mayo", "twin"),
        ("necesito una habitacion dobel del 10 al 12 de junio", "double"),
        ("we want a famly room for 4 adults from august 2 to 5", "family"),
        ("la dobel", "double"),
    ],
)
def test_a_room_kind_misspelt_beside_room_is_read(text: str, kind: str) -> None:
    assert kind_in_text(text, ROOMS) == kind


def test_a_word_far_from_any_room_is_no_kind() -> None:
    assert kind_in_text("the noble house room for 2 adults from june 3 to 5, quite nice", ROOMS) is None
