"""A party said in one breath that does not add up to what was read ("2 adultos y 2 gurises" read as 2 people,
"1 niño (un bebé de 8 meses)" read as 2 children) is asked about before any quote: a detail the guest stated is
never silently dropped or doubled on the way to a booking. A stay made longer, shorter or moved ("una noche
más", "we'll arrive a day earlier") is the stay talked about, changed: never a new stay of one night."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract, party_counts
from hotel_agent.nlp.normalize import fold, numbers_to_digits, prepare
from hotel_agent.orchestrator.handlers.availability import (
    _other_range_meant,
    _weekday_instead_of,
    children_by_ages,
    leaving_day,
    party_shift,
    stay_shift,
)
from hotel_agent.orchestrator.state import Search


@pytest.mark.parametrize(
    ("text", "language", "totals"),
    [
        ("2 adultos y 2 gurises", "es", [4]),
        ("dos adultos, un niño y un bebé", "es", [4]),
        ("2 adultos y 1 niño (un bebé de 8 meses)", "es", [3]),  # the bracket describes the child counted
        ("two grown-ups and three young ones", "en", [5]),
        ("2 kids and 2 adults", "en", [4]),
        ("2 adults + 2 kids + 1 baby", "en", [5]),
        ("2 adults and 2 friends", "en", [4]),
    ],
)
def test_a_party_said_in_one_breath_is_summed(text: str, language: str, totals: list[int]) -> None:
    assert [party.total for party in party_counts(prepare(text, language), language)] == totals


@pytest.mark.parametrize(
    ("text", "language", "totals"),
    [
        ("2 adults, 3 nights", "en", []),
        ("2 adultos y 2 habitaciones", "es", []),
        ("2 adults and 1 dog", "en", []),
        ("2 adults, 14 to 17 May", "en", []),
        ("2 adultos, 3 de mayo", "es", []),
        ("4 adults in 2 rooms", "en", []),
        ("from 2 adults to 3", "en", []),
        ("2 adults and 2 kids, 10 and 12", "en", [4]),  # their ages, not more people
    ],
)
def test_counts_of_other_things_are_no_part_of_the_party(text: str, language: str, totals: list[int]) -> None:
    assert [party.total for party in party_counts(prepare(text, language), language)] == totals


@pytest.mark.parametrize(
    ("text", "language", "adults", "children"),
    [
        ("2 adultos y 2 gurises", "es", 2, 2),  # a children's word from the River Plate
        ("dos adultos y tres escuincles", "es", 2, 3),
        ("somos 2 adultos y 2 pequeñas", "es", 2, 2),
        ("2 adults and 3 minors", "en", 2, 3),
        ("two adults and two tots", "en", 2, 2),
        ("2 adultos y 2 churumbeles", "es", 2, None),  # a word neither for adults nor for children: asked
    ],
)
def test_who_each_count_is(text: str, language: str, adults: int, children: int | None) -> None:
    (party,) = party_counts(prepare(text, language), language)
    assert (party.adults, party.children) == (adults, children)


@pytest.mark.parametrize(
    ("text", "language", "check_in", "check_out"),
    [
        ("mejor una noche más", "es", date(2026, 4, 10), date(2026, 4, 14)),
        ("actually add one more night", "en", date(2026, 4, 10), date(2026, 4, 14)),
        ("can we stay 2 extra nights?", "en", date(2026, 4, 10), date(2026, 4, 15)),
        ("una noche menos", "es", date(2026, 4, 10), date(2026, 4, 12)),
        ("perdón, llegamos un día antes", "es", date(2026, 4, 9), date(2026, 4, 13)),
        ("we'll arrive a day later", "en", date(2026, 4, 11), date(2026, 4, 13)),
        ("we'll leave a day early", "en", date(2026, 4, 10), date(2026, 4, 12)),
        ("nos vamos 2 días después", "es", date(2026, 4, 10), date(2026, 4, 15)),
    ],
)
def test_a_stay_made_longer_shorter_or_moved(
    text: str, language: str, check_in: date, check_out: date
) -> None:
    ctx = _ctx(text, language, Search(check_in=date(2026, 4, 10), check_out=date(2026, 4, 13), nights=3))
    assert stay_shift(ctx) == (check_in, check_out)


@pytest.mark.parametrize(
    "text",
    ["¿cuánto cuesta una noche extra?", "how much is an extra night?", "del 10 al 14 de abril", "2 nights"],
)
def test_a_price_question_or_new_dates_move_nothing(text: str) -> None:
    ctx = _ctx(text, "es", Search(check_in=date(2026, 4, 10), check_out=date(2026, 4, 13), nights=3))
    assert stay_shift(ctx) is None


def _ctx(text: str, language: str, search: Search) -> Any:
    """Only what stay_shift reads: the text (and its folded form), its language, its entities and the search."""
    entities = extract(text, prepare(text, language), date(2026, 3, 2), language)
    return SimpleNamespace(
        text=text,
        folded_text=numbers_to_digits(fold(text), language),
        language=language,
        entities=entities,
        state=SimpleNamespace(search=search),
    )


@pytest.mark.parametrize(
    ("text", "language", "meant"),
    [
        ("del 10 al 12 de abril y luego del 15 al 17, 2 adultos", "es", False),  # two stays: asked
        ("del 10 al 12 de abril o del 15 al 17", "es", False),
        ("no del 10 al 12, sino del 15 al 17 de abril", "es", False),  # read as the old one: asked
        ("change from April 10-12 to April 15-17", "en", False),
        ("en vez del 10 al 12, mejor del 15 al 17 de abril", "es", True),  # the new one read
        ("not 10 to 12 but 15 to 17 April", "en", True),
        ("del 10 al 12 de abril, 2 adultos", "es", True),
    ],
)
def test_two_ranges_of_days_in_one_message(text: str, language: str, meant: bool) -> None:
    ctx = _ctx(text, language, Search())
    check_in, check_out = (date.fromisoformat(ctx.entities[key]) for key in ("check_in", "check_out"))
    assert _other_range_meant(ctx, check_in, check_out) is not meant


@pytest.mark.parametrize(
    ("text", "language", "children"),
    [
        ("2 adultos y niños de 4 y 7 años", "es", 2),
        ("2 adults plus kids aged 4, 7 and 10", "en", 3),
        ("with our kids, ages 5 and 9", "en", None),  # a comma between: not read, the count is asked
        ("2 adults, no kids", "en", None),
    ],
)
def test_children_given_by_their_ages(text: str, language: str, children: int | None) -> None:
    assert children_by_ages(_ctx(text, language, Search())) == children


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("espera, que sean 3 noches, salimos el 17", 17),
        ("nos iriamos el 13", 13),
        ("dejamos la habitacion el 7", 7),
        ("wait, 3 nights, we leave on the 17th", 17),
        ("checking out on the 7th", 7),
        ("we're heading home on the 13th", 13),
        ("salimos 3 noches", None),
        ("llegamos el 14", None),
    ],
)
def test_a_leaving_verb_marks_the_departure_day(text: str, day: int | None) -> None:
    assert leaving_day(text) == day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("make it friday instead of thursday", (date(2026, 4, 10), date(2026, 4, 12))),
        ("mejor el viernes que el jueves", (date(2026, 4, 10), date(2026, 4, 12))),
        ("no el domingo sino el lunes", (None, date(2026, 4, 13))),
        ("not sunday but saturday", (None, date(2026, 4, 11))),
        ("friday instead of monday", None),  # neither the arrival's weekday nor the departure's
    ],
)
def test_a_weekday_of_the_stay_swapped_for_another(
    text: str, expected: tuple[date | None, date | None] | None
) -> None:
    before = Search(check_in=date(2026, 4, 9), check_out=date(2026, 4, 12), adults=2)  # Thursday to Sunday
    ctx = SimpleNamespace(folded_text=text)
    assert _weekday_instead_of(ctx, before) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("un adulto mas", {"adults": 3}),
        ("1 more adult", {"adults": 3}),
        ("somos 1 mas", {"adults": 3}),
        ("1 persona menos", {"adults": 1}),
        ("1 nino mas", {"children": 2}),
        ("1 fewer kid", {"children": 0}),
        ("2 adultos mas", {"adults": 4}),
        ("somos 2 adultos", None),
    ],
)
def test_the_party_changed_by_some_is_counted_from_the_one_talked_about(
    text: str, expected: dict[str, int] | None
) -> None:
    state = SimpleNamespace(draft=None, search=Search(adults=2, children=1))
    ctx = SimpleNamespace(folded_text=text, state=state)
    assert party_shift(ctx) == expected  # type: ignore[arg-type]
