"""A party said in one breath that does not add up to what was read ("2 adultos y 2 gurises" read as 2 people,
"1 niño (un bebé de 8 meses)" read as 2 children) is asked about before any quote: a detail the guest stated is
never silently dropped or doubled on the way to a booking."""

from __future__ import annotations

import pytest

from hotel_agent.nlp.normalize import prepare
from hotel_agent.orchestrator.handlers.availability import party_counts


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
