"""Late corrections (issue #17): a yes said with an apology is a plain yes unless it changes something, and a
month corrected alone ("I meant May, not April", "en mayo en vez de abril") moves the stay to the same days."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import numbers_to_digits, prepare
from hotel_agent.orchestrator.handlers.availability import children_coming, stay_shift
from hotel_agent.orchestrator.handlers.booking import apologetic_yes
from hotel_agent.orchestrator.handlers.common import asks_a_name_change, corrected_name
from hotel_agent.orchestrator.references import fold
from hotel_agent.orchestrator.state import Search


@pytest.mark.parametrize(
    "text",
    [
        "sí, perdona, sí",
        "sí perdón, confirmo",
        "perdona, sí, está bien",
        "disculpa, si adelante",
        "yes sorry, yes go ahead",
        "sorry yes that's right",
        "oops sorry, yes",
        "sorry, yes please book it",
        "ok sorry yes book it",
        "vale perdon si reservala",
    ],
)
def test_a_yes_with_only_an_apology_is_a_plain_yes(text: str) -> None:
    assert apologetic_yes(fold(text))


@pytest.mark.parametrize(
    "text",
    [
        "sí, perdona, mejor el 15",
        "sí, perdona, me equivoqué",
        "sí, perdona, una cosa",
        "yes sorry, make it the 15th",
        "sorry, wait",
        "sorry yes but the other room",
        "sí, confirmo",  # no apology: not this rule's to read
        "perdona",  # an apology and no yes
        "sorry, no",
    ],
)
def test_an_apology_beside_more_than_a_yes_is_not_a_yes(text: str) -> None:
    assert not apologetic_yes(fold(text))


def _ctx(text: str, language: str) -> Any:
    entities = extract(text, prepare(text, language), date(2026, 3, 2), language)
    return SimpleNamespace(
        text=text,
        folded_text=numbers_to_digits(fold(text), language),
        language=language,
        entities=entities,
        today=date(2026, 3, 2),
        state=SimpleNamespace(
            search=Search(check_in=date(2026, 4, 10), check_out=date(2026, 4, 12), nights=2)
        ),
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("actually I meant May, not April", "en"),
        ("in may instead of april please", "en"),
        ("May rather than April", "en"),
        ("perdón, era en mayo, no en abril", "es"),
        ("en mayo en vez de abril porfa", "es"),
        ("en lugar de abril, mayo", "es"),
    ],
)
def test_a_month_corrected_alone_keeps_the_days(text: str, language: str) -> None:
    assert stay_shift(_ctx(text, language)) == (date(2026, 5, 10), date(2026, 5, 12))


@pytest.mark.parametrize(
    ("text", "language"),
    [("may I ask something instead?", "en"), ("not in May", "en"), ("en vez de mayo, abril", "es")],
)
def test_no_month_wanted_moves_nothing(text: str, language: str) -> None:
    assert stay_shift(_ctx(text, language)) is None


@pytest.mark.parametrize(
    ("text", "month"),
    [("oh no i said april i meant may sorry", 5), ("ay no dije abril pero queria decir mayo perdon", 5)],
)
def test_the_month_said_by_mistake_is_the_one_left(text: str, month: int) -> None:
    moved = stay_shift(_ctx(text, "en" if "said" in text else "es"))
    assert moved is not None and moved[0] == date(2026, month, 10)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("change the name to my son jack hale please", ("Jack", "Hale")),
        ("it's for my mother actually, Rose Adams, not me", ("Rose", "Adams")),
        ("en realidad es para mi madre, Elena Mora, no para mí", ("Elena", "Mora")),
        ("ponlo a nombre de Marta Ruiz que es mi jefa", ("Marta", "Ruiz")),
        ("mejor a nombre de mi hermano luis pardo", ("Luis", "Pardo")),
        ("put it under my husband's name, Tom Hale", ("Tom", "Hale")),
        ("can you book it under Robert Lee instead, he's my husband", ("Robert", "Lee")),
        ("puedes ponerla a nombre de Roberto Leal, es mi marido", ("Roberto", "Leal")),
    ],
)
def test_the_booking_put_under_someone_elses_name(text: str, name: tuple[str, str]) -> None:
    assert corrected_name(text) == name


@pytest.mark.parametrize(
    "text", ["a nombre de mi hermano por favor", "put it in my wife's name please", "it's for my son"]
)
def test_a_name_change_with_no_name_read_is_asked_about(text: str) -> None:
    assert corrected_name(text) is None
    assert asks_a_name_change(text)


def _party_ctx(text: str, adults: int, children: int) -> Any:
    ctx = _ctx(text, "en")
    ctx.state = SimpleNamespace(
        draft=None,
        search=Search(
            check_in=date(2026, 4, 10), check_out=date(2026, 4, 12), adults=adults, children=children
        ),
    )
    return ctx


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("actually the child isn't coming, just the 2 of us", {"adults": 2, "children": 0}),
        ("the kids aren't coming anymore", {"adults": 2, "children": 0}),
        ("our kid won't come, so 3 adults", {"children": 0}),
    ],
)
def test_the_children_not_coming_leave_the_adults(text: str, party: dict[str, int]) -> None:
    assert children_coming(_party_ctx(text, 2, 1)) == party


@pytest.mark.parametrize(
    "text", ["actually it's for 1 adult only, my husband isn't coming", "sorry, my wife can't come after all"]
)
def test_someone_not_coming_is_no_name(text: str) -> None:
    assert corrected_name(text) is None
