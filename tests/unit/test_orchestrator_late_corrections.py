"""Late corrections (issue #17): a yes said with an apology is a plain yes unless it changes something, and a
month corrected alone ("I meant May, not April", "en mayo en vez de abril") moves the stay to the same days."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import numbers_to_digits, prepare
from hotel_agent.orchestrator.handlers.availability import stay_shift
from hotel_agent.orchestrator.handlers.booking import apologetic_yes
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
