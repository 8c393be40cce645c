"""Dates and head counts as guests actually write them: months shortened or misspelt, ordinals standing alone,
ranges without a month, an end date given alone, weekday ranges, numbers as words, and people counted once
however often they are mentioned. Examples written for these tests (none from the evaluation sets)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import prepare

TUESDAY = date(2026, 3, 10)
SUNDAY = date(2026, 3, 15)

STAY_KEYS = ("check_in", "check_out", "nights")
PARTY_KEYS = ("adults", "children", "rooms")


def picked(
    text: str, keys: tuple[str, ...], today: date = TUESDAY, reference: date | None = None
) -> dict[str, Any]:
    language = "es" if any(word in text for word in (" del ", " de ", "somos", "hasta", "noches")) else "en"
    found = extract(text, prepare(text, language), today, language, reference)
    return {key: found[key] for key in keys if key in found}


@pytest.mark.parametrize(
    ("text", "check_in", "check_out"),
    [
        ("hay sitio del 3 al 5 d mayo?", "2026-05-03", "2026-05-05"),
        ("llegamos 5 agosto y nos vamos el 9", "2026-08-05", "2026-08-09"),
        ("quiero del 7 al 9 de agsoto", "2026-08-07", "2026-08-09"),
        ("del 10 al 12 de julo", "2026-07-10", "2026-07-12"),
        ("1 al 4 de novimbre", "2026-11-01", "2026-11-04"),
        ("mayo 3 al 5", "2026-05-03", "2026-05-05"),
        ("from Jan. 4 to 6", "2027-01-04", "2027-01-06"),
        ("del 20 al 23 de dic.", "2026-12-20", "2026-12-23"),
        ("del primero al tres de mayo", "2026-05-01", "2026-05-03"),
    ],
)
def test_months_shortened_or_misspelt(text: str, check_in: str, check_out: str) -> None:
    assert picked(text, STAY_KEYS) == {"check_in": check_in, "check_out": check_out}


def test_a_word_near_a_month_is_not_one() -> None:
    assert "check_in" not in picked("somos 2 de mayores y un niño", STAY_KEYS)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        # ordinals standing alone, month from the nearest future
        ("any rooms for 5th to 7th?", SUNDAY, {"check_in": "2026-04-05", "check_out": "2026-04-07"}),
        ("need a double 20th-23rd", TUESDAY, {"check_in": "2026-03-20", "check_out": "2026-03-23"}),
        ("cheapest room 18-19th?", TUESDAY, {"check_in": "2026-03-18", "check_out": "2026-03-19"}),
        ("check in 28th check out 2nd", TUESDAY, {"check_in": "2026-03-28", "check_out": "2026-04-02"}),
        ("the 10th to the 23rd", SUNDAY, {"check_in": "2026-04-10", "check_out": "2026-04-23"}),
        ("April 2nd to the 5th", TUESDAY, {"check_in": "2026-04-02", "check_out": "2026-04-05"}),
        (
            "the 2nd of April, 2 nights",
            TUESDAY,
            {"check_in": "2026-04-02", "check_out": "2026-04-04", "nights": 2},
        ),
        # a range whose first day has just passed this year is next year's
        ("2 adults 14-16 march", SUNDAY, {"check_in": "2027-03-14", "check_out": "2027-03-16"}),
        # the month by name
        ("free 17 to 19 of this month?", TUESDAY, {"check_in": "2026-03-17", "check_out": "2026-03-19"}),
        ("del 3 al 5 del mes que viene", TUESDAY, {"check_in": "2026-04-03", "check_out": "2026-04-05"}),
        # shorthand
        ("rooms 2nite?", TUESDAY, {"check_in": "2026-03-10", "check_out": "2026-03-11"}),
        ("2 nigths from 2moro", TUESDAY, {"check_in": "2026-03-11", "check_out": "2026-03-13", "nights": 2}),
        (
            "twin for a fortnight from 1 June",
            TUESDAY,
            {"check_in": "2026-06-01", "check_out": "2026-06-15", "nights": 14},
        ),
        (
            "un par de noches desde el viernes",
            TUESDAY,
            {"check_in": "2026-03-13", "check_out": "2026-03-15", "nights": 2},
        ),
        # weekday ranges, weekdays relative to the message date
        ("sat to mon", SUNDAY, {"check_in": "2026-03-21", "check_out": "2026-03-23"}),
        ("from wed to fri", SUNDAY, {"check_in": "2026-03-18", "check_out": "2026-03-20"}),
        ("twin thurs n fri", TUESDAY, {"check_in": "2026-03-12", "check_out": "2026-03-14"}),
        (
            "anything after tuesday for 3 nights",
            SUNDAY,
            {"check_in": "2026-03-18", "check_out": "2026-03-21", "nights": 3},
        ),
        ("next Fri for 2 nights", SUNDAY, {"check_in": "2026-03-20", "check_out": "2026-03-22", "nights": 2}),
        # numbers as words
        (
            "veintitrés al veinticinco de abril",
            TUESDAY,
            {"check_in": "2026-04-23", "check_out": "2026-04-25"},
        ),
        (
            "twenty-third to twenty-fifth of april",
            TUESDAY,
            {"check_in": "2026-04-23", "check_out": "2026-04-25"},
        ),
    ],
)
def test_stays_as_guests_write_them(text: str, today: date, expected: dict[str, Any]) -> None:
    assert picked(text, STAY_KEYS, today) == expected


@pytest.mark.parametrize(
    ("text", "reference", "check_out"),
    [
        ("hasta el domingo", date(2026, 3, 12), "2026-03-15"),
        ("y nos quedamos hasta el 23", date(2026, 4, 20), "2026-04-23"),
        ("make it until the 25th", date(2026, 4, 20), "2026-04-25"),
    ],
)
def test_an_end_date_given_alone_is_the_departure(text: str, reference: date, check_out: str) -> None:
    assert picked(text, STAY_KEYS, TUESDAY, reference) == {"check_out": check_out}


def test_an_ordinal_before_a_noun_is_not_a_day() -> None:
    assert picked("the 2nd option please", STAY_KEYS) == {}
    assert picked("are we on the 3rd floor?", STAY_KEYS) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # children said twice are counted once
        ("2 adults and 2 kids, my two children are 5 and 7", {"adults": 2, "children": 2}),
        ("2 adultos y 2 niños, mis dos hijos tienen 5 y 7 años", {"adults": 2, "children": 2}),
        ("2 niños y 1 bebé", {"children": 3}),
        ("2 kids and a baby", {"children": 3}),
        # people
        ("somos 3 adultos y un peque", {"adults": 3, "children": 1}),
        ("me and my 2 kids", {"adults": 1, "children": 2}),
        ("yo y mis dos hijos", {"adults": 1, "children": 2}),
        ("mi esposa, yo y los 3 chicos", {"adults": 2, "children": 3}),
        ("my wife, myself and our three boys", {"adults": 2, "children": 3}),
        ("me and my husband plus our 3 year old", {"adults": 2, "children": 1}),
        ("my husband and I with our 2 year old and 6 year old", {"adults": 2, "children": 2}),
        ("we are a family of four, two kids", {"adults": 2, "children": 2}),
        ("family of 4", {"adults": 4}),
        ("dos parejas", {"adults": 4}),
        ("4 people, 2 of them children", {"adults": 2, "children": 2}),
        ("rooms tmrw? me n 2 mates", {"adults": 3}),
        ("a room for us and another for our teenage daughter", {"children": 1, "rooms": 2}),
        (
            "a room for my wife and me and another for our two teenage sons",
            {"adults": 2, "children": 2, "rooms": 2},
        ),
        # a range of days is not a head count
        ("cheapest room for 17 to 20 March?", {}),
        ("cancel my booking for 4 to 6 June", {}),
    ],
)
def test_people_counted_once(text: str, expected: dict[str, Any]) -> None:
    assert picked(text, PARTY_KEYS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("somos un grupo de 6, tienen 3 habitaciones?", {"adults": 6, "rooms": 3}),
        ("we're a group of 5", {"adults": 5}),
        ("al final seríamos cinco", {"adults": 5}),
        ("matrimonio y 2 hijos", {"adults": 2, "children": 2}),
        ("con dos nenes y mi marido", {"adults": 2, "children": 2}),
        ("una doble y una individual para el finde", {"rooms": 2}),
        ("a double and a twin please", {"rooms": 2}),
    ],
)
def test_parties_and_rooms(text: str, expected: dict[str, Any]) -> None:
    assert picked(text, PARTY_KEYS) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("entrada el 3, salida el 5 de mayo", SUNDAY, {"check_in": "2026-05-03", "check_out": "2026-05-05"}),
        ("mañana es nuestro último día, a qué hora hay que salir?", SUNDAY, {"check_out": "2026-03-16"}),
        ("el domingo es nuestra salida", TUESDAY, {"check_out": "2026-03-15"}),
        ("el gym está abierto 24/7?", TUESDAY, {}),
        # the booking as it stands is not the stay asked for
        ("we're booked for the 3rd but can we come on the 5th instead?", TUESDAY, {"check_in": "2026-04-05"}),
        (
            "We have a reservation for 10 to 12 May and would like to make it 10 to 14 May",
            TUESDAY,
            {"check_in": "2026-05-10", "check_out": "2026-05-14"},
        ),
        ("tenemos reserva para el viernes pero llegamos el sábado", TUESDAY, {"check_in": "2026-03-14"}),
        (
            "I'd like a booking for the 5th to the 7th",
            SUNDAY,
            {"check_in": "2026-04-05", "check_out": "2026-04-07"},
        ),
    ],
)
def test_more_stays(text: str, today: date, expected: dict[str, Any]) -> None:
    assert picked(text, STAY_KEYS, today) == expected


@pytest.mark.parametrize(
    ("text", "room_type", "amenity"),
    [
        ("what's the difference between the double and the twin?", "double", None),
        ("I booked a double but we need a twin", "twin", None),
        ("the air conditioner is very loud", None, "air_conditioning"),
        ("are the rooms heated?", None, "heating"),
        ("any good restaurants near the hotel?", None, None),
        ("could you transfer me to reception?", None, None),
        ("do you have an airport transfer?", None, "airport_shuttle"),
        ("is there a dubble free from 5 to 7 april", "double", None),
        ("me, my husband and the twins (they're 6)", None, None),
    ],
)
def test_room_types_and_amenities(text: str, room_type: str | None, amenity: str | None) -> None:
    found = extract(text, prepare(text, "en"), TUESDAY, "en")
    assert (found.get("room_type"), found.get("amenity")) == (room_type, amenity)
