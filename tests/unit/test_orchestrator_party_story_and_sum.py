"""Who the room is for after a story of other people ("my sister is getting married… i just need something for
me and my husband": 2 adults), a party written as a sum ("me + hubby + our baby girl": 2 adults, 1 child), a pet
named first ("mi gata y yo": 1 adult), the one booked for who is alone ("he is alone"), and counted children who
stay with their grandparents (no children)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import fold, numbers_to_digits, prepare
from hotel_agent.orchestrator.handlers import party
from hotel_agent.orchestrator.handlers.availability import GUEST_ALONE, relatives_not_coming
from hotel_agent.orchestrator.state import Search


def _ctx(text: str, language: str) -> Any:
    entities = extract(text, prepare(text, language), date(2026, 3, 2), language)
    state = SimpleNamespace(draft=None, search=Search())
    return SimpleNamespace(
        text=text,
        folded_text=numbers_to_digits(fold(text), language),
        language=language,
        entities=entities,
        state=state,
    )


def _party(ctx: Any) -> dict[str, int]:
    return {key: ctx.entities[key] for key in ("adults", "children") if key in ctx.entities}


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "my brother is getting married and all our relatives are coming, i only need a room for me and my wife",
            "en",
            {"adults": 2},
        ),
        (
            "mi hermana se casa y va toda la familia, yo solo necesito algo para mi marido y yo",
            "es",
            {"adults": 2},
        ),
        ("it's me + hubby + our baby girl (she's 1), April 13 to 17", "en", {"adults": 2, "children": 1}),
        ("me + my wife + our little boy (he's 2), July 6 to 10", "en", {"adults": 2, "children": 1}),
        ("yo + mi novio, del 3 al 5 de agosto", "es", {"adults": 2}),
        ("my cat and me, June 1 to 3", "en", {"adults": 1}),
        ("mi gata y yo, del 1 al 3 de junio", "es", {"adults": 1}),
        ("mi perro y yo, del 22 al 24 de abril", "es", {"adults": 1}),
    ],
)
def test_party_put_right(text: str, language: str, expected: dict[str, int]) -> None:
    ctx = _ctx(text, language)
    party.put_right(ctx)
    assert _party(ctx) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("a room for me and my husband and our 2 kids", "en"),
        ("para mi marido y yo, somos 3 adultos", "es"),
        ("room for me and my sister and my mum", "en"),
    ],
)
def test_room_for_two_only_when_it_is_the_whole_party(text: str, language: str) -> None:
    ctx = _ctx(text, language)
    before = _party(ctx)
    party.put_right(ctx)
    assert _party(ctx) == before


@pytest.mark.parametrize(
    "text",
    ["he want to come 10 to 12 march, he is alone", "booking for my mom, she comes alone", "she's alone"],
)
def test_the_one_booked_for_alone(text: str) -> None:
    assert GUEST_ALONE.search(fold(text))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("2 adults from 9 to 12 November, the 3 children are staying with their grandparents", "en"),
        ("2 adultos del 9 al 12 de noviembre, los 3 niños se quedan con los abuelos", "es"),
    ],
)
def test_counted_children_who_stay_home(text: str, language: str) -> None:
    assert relatives_not_coming(_ctx(text, language)) == {"children": 0}


def test_counted_children_who_come_are_kept() -> None:
    assert (
        relatives_not_coming(_ctx("2 adults and 2 kids, the kids stay with their grandma at night", "en"))
        is None
    )


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("I need a room for my sister and her 2 kids, June 20 to 23", "en", {"adults": 1, "children": 2}),
        ("room for my mom and her 3 grandkids", "en", {"adults": 1, "children": 3}),
        ("necesito habitación para mi hermana y sus 2 hijos", "es", {"adults": 1, "children": 2}),
        ("para mi hija y sus dos niños", "es", {"adults": 1, "children": 2}),
        # the guest travels too: the adults are asked
        ("a room for my sister and her 2 kids and me", "en", {"children": 2}),
        ("we need a room for my sister and her 2 kids", "en", {"children": 2}),
        ("room for my daughter and her 2 kids, I'm coming too", "en", {"children": 2}),
        ("para mi hermana y sus 2 hijos, yo voy también", "es", {"children": 2}),
    ],
)
def test_one_grown_up_with_their_children(text: str, language: str, expected: dict[str, int]) -> None:
    ctx = _ctx(text, language)
    party.put_right(ctx)
    assert _party(ctx) == expected
