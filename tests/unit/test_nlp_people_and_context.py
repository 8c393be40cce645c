"""Guests counted from people, rooms from "another for...", one-night stays, "after Tuesday", and day ranges
whose month comes from the conversation (`reference`) or else the nearest future."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import prepare

MONDAY = date(2026, 3, 2)


def entities(text: str, language: str, reference: date | None = None) -> dict[str, Any]:
    return extract(text, prepare(text, language), MONDAY, language, reference)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("my wife and I and our two kids", "en", {"adults": 2, "children": 2}),
        ("me, my wife and the little one", "en", {"adults": 2, "children": 1}),
        ("yo, mi mujer y el peque", "es", {"adults": 2, "children": 1}),
        ("me and three mates", "en", {"adults": 4}),
        ("my colleague and I", "en", {"adults": 2}),
        ("my parents and I", "en", {"adults": 3}),
        ("mis padres y yo", "es", {"adults": 3}),
        ("no, only my wife and son", "en", {"adults": 1, "children": 1}),
        ("somos dos adultos y tres niños", "es", {"adults": 2, "children": 3}),
        ("we are dos adultos y un niño", "en", {"adults": 2, "children": 1}),  # code-switched numbers
        ("two adults, a 9-year-old and a 4-year-old", "en", {"adults": 2, "children": 2}),
        ("we need another couple of hours", "en", {}),
        ("hi, it's Maria from room 12", "en", {}),
    ],
)
def test_guests_counted_from_people(text: str, language: str, expected: dict[str, Any]) -> None:
    assert entities(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("a room for us and another for our daughter", "en"),
        ("una habitación para nosotros y otra para nuestra hija", "es"),
        ("we'd like a second room for the kids", "en"),
        ("we'll take two of those rooms", "en"),
        ("please cancel both habitaciones", "en"),
    ],
)
def test_two_rooms_from_another_room(text: str, language: str) -> None:
    assert entities(text, language)["rooms"] == 2


@pytest.mark.parametrize(
    ("text", "language", "reference", "check_in", "check_out"),
    [
        # The month of the conversation's dates, when it is not past ...
        ("the 10th to the 23rd", "en", date(2026, 5, 20), "2026-05-10", "2026-05-23"),
        (
            "actually make it the 21st to the 23rd",
            "en",
            date(2026, 5, 20),
            "2026-05-21",
            "2026-05-23",
        ),
        ("no espera, mejor del 13 al 16", "es", date(2026, 4, 2), "2026-04-13", "2026-04-16"),
        # ... else the nearest future
        ("the 10th to the 23rd", "en", None, "2026-03-10", "2026-03-23"),
        ("del 1 al 3", "es", None, "2026-04-01", "2026-04-03"),
        ("del 1 al 3", "es", date(2026, 2, 20), "2026-04-01", "2026-04-03"),
        ("from the 20th to 22nd", "en", None, "2026-03-20", "2026-03-22"),
        # weekdays relative to the message date
        ("after Tuesday", "en", None, "2026-03-04", None),
        ("después del martes", "es", None, "2026-03-04", None),
        ("Friday and Saturday", "en", None, "2026-03-06", "2026-03-08"),
        ("el viernes y el sábado", "es", None, "2026-03-06", "2026-03-08"),
        ("entre el 10 y el 12", "es", None, "2026-03-10", "2026-03-12"),
        # one night
        ("any room tonight?", "en", None, "2026-03-02", "2026-03-03"),
        ("para esta noche", "es", None, "2026-03-02", "2026-03-03"),
        ("book the double for thursday night", "en", None, "2026-03-05", "2026-03-06"),
    ],
)
def test_stay_dates(
    text: str, language: str, reference: date | None, check_in: str, check_out: str | None
) -> None:
    found = entities(text, language, reference)
    assert found.get("check_in") == check_in
    assert found.get("check_out") == check_out


def test_nights_added_to_a_booking_are_reported_but_do_not_move_the_dates() -> None:
    assert entities("nos quedamos una noche más, saldríamos el domingo", "es") == {
        "check_out": "2026-03-08",
        "nights": 1,
    }
    assert entities("could we stay two more nights?", "en") == {"nights": 2}
