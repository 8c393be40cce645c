"""Dates a guest names by a weekend, a holiday, or a day whose month the conversation already gave."""

from __future__ import annotations

from datetime import date

import pytest

from hotel_agent.nlp.dates import Stay, easter_sunday, resolve_stay

MONDAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "check_in", "check_out"),
    [
        ("queremos ir el finde del 14 de marzo", date(2026, 3, 13), date(2026, 3, 15)),
        ("the weekend of the 14th", date(2026, 3, 13), date(2026, 3, 15)),
        ("the weekend of March 20", date(2026, 3, 20), date(2026, 3, 22)),
        ("Any rooms for Easter weekend?", date(2026, 4, 3), date(2026, 4, 6)),
        ("el fin de semana de Pascua", date(2026, 4, 3), date(2026, 4, 6)),
        ("para Semana Santa", date(2026, 3, 29), date(2026, 4, 5)),
        ("el puente de mayo", date(2026, 5, 1), date(2026, 5, 3)),
        ("Christmas", date(2026, 12, 24), date(2026, 12, 26)),
        ("nochevieja", date(2026, 12, 31), date(2027, 1, 1)),
        ("el finde", date(2026, 3, 6), date(2026, 3, 8)),
    ],
)
def test_weekends_and_holidays(text: str, check_in: date, check_out: date) -> None:
    stay = resolve_stay(text, MONDAY)
    assert (stay.check_in, stay.check_out) == (check_in, check_out)


def test_a_holiday_with_nights_keeps_its_arrival() -> None:
    assert resolve_stay("Easter, 2 nights", MONDAY) == Stay(date(2026, 4, 3), date(2026, 4, 5), 2)


def test_a_holiday_already_past_is_next_years() -> None:
    stay = resolve_stay("Semana Santa", date(2026, 6, 1))
    assert stay.check_in == easter_sunday(2027) - (date(2026, 4, 5) - date(2026, 3, 29))


def test_easter_dates() -> None:
    assert [easter_sunday(y) for y in (2026, 2027, 2028)] == [
        date(2026, 4, 5),
        date(2027, 3, 28),
        date(2028, 4, 16),
    ]


@pytest.mark.parametrize(
    ("text", "reference", "check_in", "check_out"),
    [
        ("actually make it the 21st to the 23rd", date(2026, 5, 20), date(2026, 5, 21), date(2026, 5, 23)),
        ("no espera, mejor del 13 al 16", date(2026, 3, 13), date(2026, 3, 13), date(2026, 3, 16)),
        ("el finde del 18", date(2026, 4, 1), date(2026, 4, 17), date(2026, 4, 19)),
        # without a reference: the next such days from today
        ("actually make it the 21st to the 23rd", None, date(2026, 3, 21), date(2026, 3, 23)),
    ],
)
def test_a_bare_day_takes_the_month_in_talk(
    text: str, reference: date | None, check_in: date, check_out: date
) -> None:
    stay = resolve_stay(text, MONDAY, None, reference)
    assert (stay.check_in, stay.check_out) == (check_in, check_out)


def test_a_reference_month_already_past_gives_way_to_the_next() -> None:
    # the 1st of a month that has begun: that day is past, so the next one
    assert resolve_stay("from the 1st", MONDAY, None, date(2026, 3, 10)).check_in == date(2026, 4, 1)
