"""A day said beside a weekday, a range across the new year with a length turned down, a weekend of a month
whose days follow, an arrival said as days before an event, and party counts said in other ways."""

from __future__ import annotations

from datetime import date

import pytest

from hotel_agent.nlp.dates import resolve_stay
from hotel_agent.nlp.engine import get_engine


@pytest.mark.parametrize(
    ("text", "today", "check_in", "check_out"),
    [
        # the day said after a weekday and a month is the date; the weekday only confirms it
        (
            "we'd come on a Friday in October, the 16th, 2 nights",
            date(2026, 9, 28),
            date(2026, 10, 16),
            date(2026, 10, 18),
        ),
        (
            "llegamos un viernes de octubre, el 16, por 2 noches",
            date(2026, 9, 28),
            date(2026, 10, 16),
            date(2026, 10, 18),
        ),
        # a length turned down is not the stay: the range said wins, across the year
        (
            "better from December 30 to January 2, one night is too short",
            date(2026, 11, 20),
            date(2026, 12, 30),
            date(2027, 1, 2),
        ),
        (
            "mejor del 30 de diciembre al 2 de enero, que una noche es muy poco",
            date(2026, 11, 20),
            date(2026, 12, 30),
            date(2027, 1, 2),
        ),
        # a weekend of a month is no weekend from today: its days said after it
        (
            "el finde largo de octubre, llegaríamos el viernes 9 y nos vamos el lunes 12",
            date(2026, 9, 1),
            date(2026, 10, 9),
            date(2026, 10, 12),
        ),
        (
            "the long weekend in October, arriving Friday the 9th and leaving Monday the 12th",
            date(2026, 9, 1),
            date(2026, 10, 9),
            date(2026, 10, 12),
        ),
        # an arrival said as days before an event's date
        (
            "the wedding is on 4th July, so we arrive one day before and leave on the 6th",
            date(2026, 6, 1),
            date(2026, 7, 3),
            date(2026, 7, 6),
        ),
        (
            "la boda es el 18 de julio, llegaríamos dos días antes y nos vamos el 20",
            date(2026, 6, 1),
            date(2026, 7, 16),
            date(2026, 7, 20),
        ),
    ],
)
def test_days_read_whole(text: str, today: date, check_in: date, check_out: date) -> None:
    stay = resolve_stay(text, today)
    assert (stay.check_in, stay.check_out) == (check_in, check_out)


@pytest.mark.parametrize(
    "text",
    [
        "a Friday in October, the 17th, for 2 nights",  # the 17th of October 2026 is a Saturday
        "un viernes de octubre, el 17, por 2 noches",
    ],
)
def test_a_weekday_that_disagrees_with_the_day_is_asked(text: str) -> None:
    assert resolve_stay(text, date(2026, 9, 28)).check_in is None


@pytest.mark.parametrize(
    ("text", "adults", "children"),
    [
        ("somos 1 adulta", 1, None),
        ("vamos 4 adultas", 4, None),
        ("2 adultas y 1 niña", 2, 1),
        ("mi esposa y yo con nuestros nietos (dos, de 5 y 9 años)", 2, 2),
        ("me and my wife with the kids (two, aged 4 and 6)", 2, 2),
        ("Need a room for 2 for 3 nights starting March 27th", 2, None),
        ("una habitación para 3 para 2 noches desde el 10 de abril", 3, None),
    ],
)
def test_party_counts(text: str, adults: int, children: int | None) -> None:
    entities = get_engine().analyze(text, now=date(2026, 3, 2)).entities
    assert entities.get("adults") == adults
    assert entities.get("children") == children
