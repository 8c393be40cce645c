"""An arrival given as an offset from a day ("a week from today", "dentro de 15 días"): that day, never today."""

from __future__ import annotations

from datetime import date

import pytest

from hotel_agent.nlp.dates import resolve_stay

MONDAY = date(2027, 2, 22)  # a Monday
FRIDAY = date(2027, 2, 26)


def d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@pytest.mark.parametrize(
    ("text", "language", "check_in", "check_out", "nights"),
    [
        ("Hello, a week from today for 3 nights, 2 adults", "en", "2027-03-01", "2027-03-04", 3),
        ("A week from today for 3 nights", "en", "2027-03-01", "2027-03-04", 3),  # not a stay of a week
        ("a week from now for 2 nights", "en", "2027-03-01", "2027-03-03", 2),
        ("in a week, 2 nights", "en", "2027-03-01", "2027-03-03", 2),
        ("in a week", "en", "2027-03-01", None, None),
        ("we want to stay in two weeks, 3 nights", "en", "2027-03-08", "2027-03-11", 3),
        ("una habitación para dentro de una semana, 2 noches", "es", "2027-03-01", "2027-03-03", 2),
        ("in two weeks for 3 nights", "en", "2027-03-08", "2027-03-11", 3),
        ("in 10 days for 2 nights", "en", "2027-03-04", "2027-03-06", 2),
        ("a fortnight from now, 4 nights", "en", "2027-03-08", "2027-03-12", 4),
        ("in a fortnight, 3 nights", "en", "2027-03-08", "2027-03-11", 3),
        ("a couple of weeks from now, 2 nights", "en", "2027-03-08", "2027-03-10", 2),
        ("3 nights, in a week's time", "en", "2027-03-01", "2027-03-04", 3),
        ("3 nights starting two weeks from today", "en", "2027-03-08", "2027-03-11", 3),
        ("one week from tomorrow 2 nights", "en", "2027-03-02", "2027-03-04", 2),
        ("a week today for 2 nights", "en", "2027-03-01", "2027-03-03", 2),
        ("a week from Friday for 2 nights", "en", "2027-03-05", "2027-03-07", 2),
        ("a week on Friday 2 nights", "en", "2027-03-05", "2027-03-07", 2),
        ("a week from next Friday for 2 nights", "en", "2027-03-05", "2027-03-07", 2),
        ("two weeks from Saturday, 3 nights", "en", "2027-03-13", "2027-03-16", 3),
        ("dentro de una semana, 3 noches", "es", "2027-03-01", "2027-03-04", 3),
        ("en una semana para 2 noches", "es", "2027-03-01", "2027-03-03", 2),
        ("dentro de 15 días, 2 noches", "es", "2027-03-09", "2027-03-11", 2),
        ("dentro de diez días, 2 noches", "es", "2027-03-04", "2027-03-06", 2),
        ("en dos semanas 3 noches", "es", "2027-03-08", "2027-03-11", 3),
        ("dentro de una quincena, 3 noches", "es", "2027-03-08", "2027-03-11", 3),
        ("de aquí a una semana, 2 noches", "es", "2027-03-01", "2027-03-03", 2),
        # "de hoy en ocho días" is a week on, "de hoy en quince" two (the first day counted too)
        ("de hoy en ocho días, 3 noches", "es", "2027-03-01", "2027-03-04", 3),
        ("de hoy en quince días 2 noches", "es", "2027-03-08", "2027-03-10", 2),
        ("de mañana en ocho, 2 noches", "es", "2027-03-02", "2027-03-04", 2),
        # unchanged: "next week" is its Monday; weeks after "for"/"quedamos" are the stay's length
        ("la semana que viene 3 noches", "es", "2027-03-01", "2027-03-04", 3),
        ("next week for 3 nights", "en", "2027-03-01", "2027-03-04", 3),
        ("for a week from Friday", "en", "2027-02-26", "2027-03-05", 7),
        ("staying a week from today", "en", "2027-02-22", "2027-03-01", 7),
        ("nos quedamos una semana", "es", None, None, 7),
        # no day to read: never today
        ("a few days from today", "en", None, None, None),
        ("dentro de unos días", "es", None, None, None),
        # a goodbye, not a date
        ("see you in a week", "en", None, None, None),
        ("nos vemos en una semana", "es", None, None, None),
    ],
)
def test_an_offset_is_the_day_that_far_on(
    text: str, language: str, check_in: str | None, check_out: str | None, nights: int | None
) -> None:
    stay = resolve_stay(text, MONDAY, language)
    assert (stay.check_in, stay.check_out, stay.nights) == (d(check_in), d(check_out), nights)


def test_a_week_from_the_weekday_that_is_today_is_a_week_on() -> None:
    assert resolve_stay("a week from Friday, 2 nights", FRIDAY, "en").check_in == date(2027, 3, 5)
