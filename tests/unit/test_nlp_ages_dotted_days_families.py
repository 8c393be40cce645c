"""Ages are never days of a stay, days written "18." are days, adults are counted by who they are when a pair
(parents, in-laws, a sister and her husband) is named, and a holiday with a stated departure keeps its arrival."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hotel_agent.nlp.dates import resolve_stay
from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import prepare

TODAY = date(2026, 11, 10)


def entities(text: str, language: str) -> dict[str, Any]:
    return extract(text, prepare(text, language), TODAY, language)


@pytest.mark.parametrize(
    ("text", "language", "check_in", "check_out"),
    [
        ("a room for me and my son (he's 7) June 28 to July 1", "en", date(2027, 6, 28), date(2027, 7, 1)),
        (
            "two of us plus our girl, she is 9, arriving 14 March leaving 16 March",
            "en",
            date(2027, 3, 14),
            date(2027, 3, 16),
        ),
        (
            "our boy is 6 years old, can we come 20 to 23 February?",
            "en",
            date(2027, 2, 20),
            date(2027, 2, 23),
        ),
        ("a child aged 3, the 11th to the 13th of January", "en", date(2027, 1, 11), date(2027, 1, 13)),
        ("mi niña tiene 4, querríamos del 7 al 9 de abril", "es", date(2027, 4, 7), date(2027, 4, 9)),
        (
            "con mi hijo de 10 años, 26 de diciembre al 29 de diciembre",
            "es",
            date(2026, 12, 26),
            date(2026, 12, 29),
        ),
        (
            "dos adultos y dos niños (5 y 11 años) del 2 al 6 de agosto",
            "es",
            date(2027, 8, 2),
            date(2027, 8, 6),
        ),
    ],
)
def test_an_age_never_gives_a_day(text: str, language: str, check_in: date, check_out: date) -> None:
    stay = resolve_stay(text, TODAY, language)
    assert (stay.check_in, stay.check_out) == (check_in, check_out)


@pytest.mark.parametrize(
    ("text", "language", "adults", "children"),
    [
        ("just me and my daughter (she's 8), April 30 to May 2", "en", 1, 1),
        ("2 adults and 2 kids aged 4 and 12", "en", 2, 2),
        ("somos 2 adultos y un niño de 6 años", "es", 2, 1),
        ("2 adultos y 2 niños (6 y 9 años)", "es", 2, 2),
    ],
)
def test_an_age_does_not_change_the_party(text: str, language: str, adults: int, children: int) -> None:
    found = entities(text, language)
    assert (found.get("adults"), found.get("children")) == (adults, children)


@pytest.mark.parametrize(
    ("text", "check_in", "check_out"),
    [
        ("from 18. September until 22. September", date(2027, 9, 18), date(2027, 9, 22)),
        ("could we stay 3. to 5. May?", date(2027, 5, 3), date(2027, 5, 5)),
        ("arriving 27. December, leaving 2. January", date(2026, 12, 27), date(2027, 1, 2)),
    ],
)
def test_a_day_written_with_a_dot_is_a_day(text: str, check_in: date, check_out: date) -> None:
    stay = resolve_stay(text, TODAY, "en")
    assert (stay.check_in, stay.check_out) == (check_in, check_out)


def test_a_sentence_ending_in_a_number_before_may_i_is_no_date() -> None:
    assert resolve_stay("We are in room 4. May I ask about parking?", TODAY, "en").check_in is None


@pytest.mark.parametrize(
    ("text", "language", "adults", "children"),
    [
        ("my parents, my wife and I plus our 2 kids", "en", 4, 2),
        ("mis padres, mi mujer y yo con nuestros 2 hijos", "es", 4, 2),
        ("my in-laws, my husband and me", "en", 4, None),
        ("mis suegros, mi marido y yo", "es", 4, None),
        ("my sister and her husband and me", "en", 3, None),
        ("mi hermana y su marido", "es", 2, None),
        ("a room for my parents", "en", 2, None),
        ("my parents and I", "en", 3, None),
    ],
)
def test_adults_counted_by_who_they_are(text: str, language: str, adults: int, children: int | None) -> None:
    found = entities(text, language)
    assert (found.get("adults"), found.get("children")) == (adults, children)


@pytest.mark.parametrize(
    ("text", "language", "check_out"),
    [
        ("New Year's please, until January 2nd", "en", date(2027, 1, 2)),
        ("Nochevieja hasta el 3 de enero", "es", date(2027, 1, 3)),
        ("Nochevieja, salida el 2 de enero", "es", date(2027, 1, 2)),
    ],
)
def test_a_holiday_with_a_stated_departure(text: str, language: str, check_out: date) -> None:
    stay = resolve_stay(text, TODAY, language)
    assert (stay.check_in, stay.check_out) == (date(2026, 12, 31), check_out)


def test_a_holiday_alone_keeps_its_own_dates() -> None:
    stay = resolve_stay("New Year's Eve for two", TODAY, "en")
    assert (stay.check_in, stay.check_out) == (date(2026, 12, 31), date(2027, 1, 1))
