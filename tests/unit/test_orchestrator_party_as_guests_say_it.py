"""The party as guests describe it: a pet is never a guest ("me and my cat": 1 adult), a partner who stays
behind is no adult ("los dos niños y yo, mi marido trabaja esa semana": 1 adult, 2 children), someone joining
adds one to the party talked about ("my sister is coming too"), "a couple and their 2 kids" is 2 adults and 2
children, children named one by one are counted one by one ("a toddler and our 10 year old": 2), children given
by their ages right after them ("los peques (5 y 8 años)": 2), "vamos con el bebé" is one child, "4 adultas" is 4
adults; a child who stays at school or with grandma is no guest and never asked about."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import fold, numbers_to_digits, prepare
from hotel_agent.orchestrator.handlers import party
from hotel_agent.orchestrator.handlers.availability import _mentions_children, relatives_not_coming
from hotel_agent.orchestrator.state import Search


def _ctx(text: str, language: str, adults: int = 0, children: int = 0) -> Any:
    entities = extract(text, prepare(text, language), date(2026, 3, 2), language)
    state = SimpleNamespace(draft=None, search=Search(adults=adults, children=children))
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
        ("room for me and my cat from May 11 to 13, the cheapest one", "en", {"adults": 1}),
        ("una habitación para mí y mi gata del 11 al 13 de mayo", "es", {"adults": 1}),
        ("2 adults and our dog, April 20 to 22", "en", {"adults": 2}),
        ("somos 2 y el perro, del 20 al 22 de abril", "es", {"adults": 2}),
        (
            "seremos los dos niños y yo, mi marido trabaja esa semana. Del 27 al 30 de abril",
            "es",
            {"adults": 1, "children": 2},
        ),
        ("seremos los dos niños y yo, del 27 al 30 de abril", "es", {"adults": 1, "children": 2}),
        ("a couple and their 2 kids, April 8 to 11", "en", {"adults": 2, "children": 2}),
        (
            "family room July 1 to 4, 2 adults, a toddler and our 10 year old",
            "en",
            {"adults": 2, "children": 2},
        ),
        (
            "la familiar del 1 al 4 de julio, 2 adultos, una peque de 2 años y un niño de 10",
            "es",
            {"adults": 2, "children": 2},
        ),
        ("mi pareja, yo y los peques (5 y 8 años), del 20 al 24 de mayo", "es", {"adults": 2, "children": 2}),
        (
            "del 18 al 21 de mayo, mi mujer, yo, el bebé y el perro, la doble",
            "es",
            {"adults": 2, "children": 1},
        ),
        ("la familiar del 24 al 27 de junio para 4 adultas", "es", {"adults": 4}),
        # kept as read
        (
            "hi, 2 adults and 1 child (a baby, 9 months) from 20 to 23 july",
            "en",
            {"adults": 2, "children": 1},
        ),
        ("ah, y viene también un niño, somos 2 adultos y 1 niño", "es", {"adults": 2, "children": 1}),
        ("me, my wife and our dog, the double", "en", {"adults": 2}),
        ("actually we'll be 2 adults and 1 child, our son is coming too", "en", {"adults": 2, "children": 1}),
    ],
)
def test_the_party_put_right(text: str, language: str, expected: dict[str, int]) -> None:
    ctx = _ctx(text, language)
    party.put_right(ctx)
    assert _party(ctx) == expected


@pytest.mark.parametrize(
    ("text", "language", "adults"),
    [
        ("actually my sister is coming too", "en", 3),
        ("my friend will join us", "en", 3),
        ("oye, al final se apunta mi hermana también", "es", 3),
        ("mi madre también viene", "es", 3),
        ("my sister is not coming too", "en", None),
        ("does my sister need to bring her id?", "en", None),
    ],
)
def test_one_more_joins_the_party_talked_about(text: str, language: str, adults: int | None) -> None:
    ctx = _ctx(text, language, adults=2)
    party.put_right(ctx)
    assert ctx.entities.get("adults") == adults


def test_the_baby_only_when_the_party_has_no_child_and_it_is_no_question() -> None:
    ctx = _ctx("ah, y vamos con el bebé, tiene 5 meses", "es", adults=2)
    party.put_right(ctx)
    assert ctx.entities.get("children") == 1
    asked = _ctx("¿el bebé necesita cuna?", "es", adults=2)
    party.put_right(asked)
    assert "children" not in asked.entities
    had = _ctx("ah, y vamos con el bebé", "es", adults=2, children=2)
    before = dict(had.entities)
    party.put_right(had)
    assert had.entities == before


@pytest.mark.parametrize(
    ("text", "language", "mentions"),
    [
        ("June 10 to 13, my husband and I, the kids stay with grandma", "en", False),
        ("del 10 al 13 de junio, mi pareja y yo, los niños se quedan con la abuela", "es", False),
        ("del 5 al 8 de mayo para mi mujer y yo, la niña se queda en el cole", "es", False),
        ("our daughter will be at school, just the two of us", "en", False),
        ("my husband and I and the kids", "en", True),
        ("los niños vienen con la abuela", "es", True),
    ],
)
def test_children_who_stay_behind_are_not_asked_about(text: str, language: str, mentions: bool) -> None:
    assert _mentions_children(_ctx(text, language)) is mentions


def test_a_daughter_at_school_is_no_child_of_the_party() -> None:
    text = "a room from April 14 to 17 for me and my husband, our daughter will be at school so it's just the two of us"
    assert relatives_not_coming(_ctx(text, "en")) == {"children": 0}
    assert (
        relatives_not_coming(_ctx("our daughter is coming with us, April 14 to 17, 2 adults", "en")) is None
    )
