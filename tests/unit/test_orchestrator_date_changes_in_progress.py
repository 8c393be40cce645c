"""Changes of dates said while a booking is being made (issue #17): a day with a leaving word is the new departure,
nights added or taken off are relative to the stay ("add a night at the start" is an arrival a day earlier, never a
stay of one night), a shift with no end named is asked about, and a month moved keeps the days."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import numbers_to_digits, prepare
from hotel_agent.orchestrator.handlers.availability import leaving_day, stay_change_unclear, stay_shift
from hotel_agent.orchestrator.references import fold
from hotel_agent.orchestrator.state import Search

TODAY = date(2026, 3, 2)
ARRIVAL, DEPARTURE = date(2026, 4, 10), date(2026, 4, 13)


def _ctx(text: str, language: str) -> Any:
    entities = extract(text, prepare(text, language), TODAY, language)
    return SimpleNamespace(
        text=text,
        folded_text=numbers_to_digits(fold(text), language),
        language=language,
        entities=entities,
        today=TODAY,
        state=SimpleNamespace(search=Search(check_in=ARRIVAL, check_out=DEPARTURE, nights=3)),
    )


def _april(check_in: int, check_out: int) -> tuple[date, date]:
    return date(2026, 4, check_in), date(2026, 4, check_out)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("¿podemos irnos el 15?", 15),
        ("¿nos podemos ir el 15?", 15),
        ("al final tenemos que salir el 12", 12),
        ("¿y si queremos irnos el 16?", 16),
        ("can we leave on the 15th instead?", 15),
        ("could we check out on the 14th?", 14),
    ],
)
def test_a_day_with_a_leaving_word_is_the_departure(text: str, day: int) -> None:
    assert leaving_day(numbers_to_digits(fold(text), "es")) == day


@pytest.mark.parametrize(
    ("text", "language", "stay"),
    [
        ("¿se puede agregar una noche más?", "es", _april(10, 14)),
        ("please add one more night", "en", _april(10, 14)),
        ("add a night at the beginning please", "en", _april(9, 13)),
        ("súmale una noche al principio", "es", _april(9, 13)),
        ("make it one night less", "en", _april(10, 12)),
        ("mejor una noche menos", "es", _april(10, 12)),
        ("quítale una noche al principio", "es", _april(11, 13)),
        ("we need to come one day earlier", "en", _april(9, 13)),
        ("we'll be getting in a day later, same check-out", "en", _april(11, 13)),
        ("venimos un día después, misma salida", "es", _april(11, 13)),
        ("everything one day later please", "en", _april(11, 14)),
        ("could you move it to May, same days?", "en", (date(2026, 5, 10), date(2026, 5, 13))),
        ("pásalo a mayo, mismos días", "es", (date(2026, 5, 10), date(2026, 5, 13))),
        ("cámbialo a junio, mismas fechas", "es", (date(2026, 6, 10), date(2026, 6, 13))),
        # nights added with the day that settles which end
        ("añade una noche al principio, llegamos el 9", "es", _april(9, 13)),
        ("can we add a night at the start? arriving the 9th", "en", _april(9, 13)),
        ("one extra night please, we'll leave on the 14th", "en", _april(10, 14)),
        ("una noche más, salimos el 14", "es", _april(10, 14)),
    ],
)
def test_a_relative_change_moves_the_stay_talked_about(
    text: str, language: str, stay: tuple[date, date]
) -> None:
    ctx = _ctx(text, language)
    assert stay_shift(ctx) == stay
    assert not stay_change_unclear(ctx)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("one day later please", "en"),
        ("un día después", "es"),
        ("add a night, we arrive on the 6th", "en"),
        ("añade una noche, llegamos el 5", "es"),
        ("three nights less", "en"),
        ("quita 3 noches", "es"),
    ],
)
def test_a_change_not_read_for_sure_is_asked(text: str, language: str) -> None:
    ctx = _ctx(text, language)
    assert stay_shift(ctx) is None
    assert stay_change_unclear(ctx)


@pytest.mark.parametrize(
    ("text", "language"),
    [("how much is one more night?", "en"), ("¿cuánto cuesta una noche más?", "es"), ("del 11 al 14", "es")],
)
def test_questions_and_full_dates_are_not_unclear_shifts(text: str, language: str) -> None:
    assert not stay_change_unclear(_ctx(text, language))


@pytest.mark.parametrize(("text", "language"), [("nos vamos el 9", "es"), ("we're leaving on the 8th", "en")])
def test_a_leaving_day_before_the_arrival_is_asked_never_a_month_long_stay(text: str, language: str) -> None:
    assert stay_change_unclear(_ctx(text, language))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Ah, one more change, we'll stay one more night, until the 14th.", "en"),
        ("una cosa más: nos quedamos una noche más, hasta el 14", "es"),
    ],
)
def test_other_numbers_beside_the_day_do_not_hide_it(text: str, language: str) -> None:
    ctx = _ctx(text, language)
    assert stay_shift(ctx) == _april(10, 14)
    assert not stay_change_unclear(ctx)
