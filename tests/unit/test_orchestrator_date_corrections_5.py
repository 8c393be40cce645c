"""Dates put right in few words: a range of days with no month about a stay already known is in that stay's
month ("no wait, 13 to 15"), and never read from counts or from a stay too far off; the departure named with
check-out/salida keeps the arrival; a departure answering "until which day?" starts with to/until/hasta."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from hotel_agent.nlp.normalize import fold, numbers_to_digits
from hotel_agent.orchestrator.handlers.availability import _until_day, adults_corrected_later, bare_range
from hotel_agent.orchestrator.state import Search


def _ctx(text: str, language: str, search: Search, pending: str | None = "choose_room") -> Any:
    return SimpleNamespace(
        text=text,
        folded_text=numbers_to_digits(fold(text), language),
        language=language,
        today=date(2026, 3, 2),
        state=SimpleNamespace(search=search, pending=pending),
    )


APRIL = Search(check_in=date(2026, 4, 12), check_out=date(2026, 4, 14), adults=2)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("no wait, 13 to 15", "en", (date(2026, 4, 13), date(2026, 4, 15))),
        ("make it 13-15", "en", (date(2026, 4, 13), date(2026, 4, 15))),
        ("actually 13th to 15th", "en", (date(2026, 4, 13), date(2026, 4, 15))),
        ("no, del 13 al 15", "es", (date(2026, 4, 13), date(2026, 4, 15))),
        ("2 to 3 adults", "en", None),  # a count, not days
        ("13 to 15 May", "en", None),  # the month is said: the usual reading
        ("no wait, 13 to 15 and 2 adults", "en", None),  # more numbers than the range: not guessed
        ("no, 28 to 30", "en", None),  # more than two weeks off the stay: not guessed
        ("15 to 13", "en", None),  # backwards
    ],
)
def test_a_bare_range_takes_the_month_of_the_stay(
    text: str, language: str, expected: tuple[date, date] | None
) -> None:
    assert bare_range(_ctx(text, language, APRIL.model_copy())) == expected


def test_a_bare_range_is_no_answer_to_how_many_guests() -> None:
    assert bare_range(_ctx("2 to 4", "en", APRIL.model_copy(), pending="ask_guests")) is None


def test_a_bare_range_needs_a_stay_talked_about() -> None:
    assert bare_range(_ctx("13 to 15", "en", Search())) is None


OCTOBER = Search(check_in=date(2026, 10, 12), check_out=date(2026, 10, 17), adults=2)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("sorry, checkout is the 16th, so 4 nights", "en"),
        ("perdón, la salida es el 16, son 4 noches", "es"),
        ("we check out on the 16th", "en"),
    ],
)
def test_the_departure_named_is_no_arrival(text: str, language: str) -> None:
    assert _until_day(_ctx(text, language, OCTOBER.model_copy()), date(2026, 10, 16))


MAY = Search(check_in=date(2026, 5, 15), adults=2)


@pytest.mark.parametrize(
    ("text", "language"), [("to May 18", "en"), ("till May 18", "en"), ("hasta el 18", "es")]
)
def test_the_answer_to_until_which_day_is_the_departure(text: str, language: str) -> None:
    assert _until_day(_ctx(text, language, MAY.model_copy(), pending="ask_check_out"), date(2026, 5, 18))


def test_an_arrival_answering_another_question_stays_an_arrival() -> None:
    assert not _until_day(_ctx("May 18", "en", MAY.model_copy(), pending="ask_check_out"), date(2026, 5, 18))


def _said(text: str, language: str) -> Any:
    return SimpleNamespace(folded_text=numbers_to_digits(fold(text), language))


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("for 2 adults and my name is Lou Grant oh and actually make it 3 adults sorry", "en", 3),
        ("3 adults, Kim Lowe, sorry I mean 2 adults", "en", 2),
        ("para 2 adultos, a nombre de Luis Gil, ah perdón, mejor 3 adultos", "es", 3),
        ("2 adults and 1 child, yes 2 adults", "en", None),  # the same count again
        ("2 adults in one room and 3 adults in the other", "en", None),  # no correction cue: not guessed
        ("for 2 adults", "en", None),
    ],
)
def test_the_count_said_after_a_correction_in_one_message_wins(
    text: str, language: str, expected: int | None
) -> None:
    assert adults_corrected_later(_said(text, language)) == expected
