"""A year said before the dates ("next year", "o sea 2027", "next September") is the year of the dates given
later; fewer children read from a remark ("so each of us sleeps with a kid", "mi hijo de 7 años") are no new
party unless said as a correction; after a no to the summary, a correction puts that booking right."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import fold, numbers_to_digits, prepare
from hotel_agent.orchestrator.dialogue import _year_said
from hotel_agent.orchestrator.evaluate import evaluate, load_dialogues
from hotel_agent.orchestrator.handlers.availability import children_in_a_remark
from hotel_agent.orchestrator.state import Search

DIALOGUES = Path(__file__).resolve().parents[1] / "dialogues"


def _ctx(text: str, language: str, today: date, search: Search | None = None) -> Any:
    return SimpleNamespace(
        text=text,
        folded_text=numbers_to_digits(fold(text), language),
        language=language,
        today=today,
        entities=extract(text, prepare(text, language), today, language),
        state=SimpleNamespace(search=search or Search(), draft=None),
    )


@pytest.mark.parametrize(
    ("text", "language", "year"),
    [
        ("quiero reservar para marzo del año que viene, o sea 2027", "es", 2027),
        ("hi, we're planning a trip for next year", "en", 2027),
        ("¿ya se puede reservar para 2027?", "es", 2027),
        ("do you take bookings in 2027?", "en", 2027),
        ("para el próximo año, en febrero", "es", 2027),
        ("looking at next September", "en", 2027),  # September is past in October: the one of next year
        ("el próximo septiembre", "es", 2027),
        ("next December", "en", 2026),  # still to come this year
        ("el 10 de marzo", "es", None),
        ("my email is ana2027@example.com", "en", None),
        ("call me on 600 2027 11", "en", None),
        ("booking 2027", "en", 2027),
    ],
)
def test_the_year_said(text: str, language: str, year: int | None) -> None:
    assert _year_said(_ctx(text, language, date(2026, 10, 5))) == year


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("la ejecutiva, la de dos camas, asi cada quien duerme con un niño jaja", "es"),
        ("la familiar, que mi hijo de 7 años no para quieto jaja", "es"),
        ("la suite, así un niño duerme en el sofá", "es"),
        ("the twin one, so each of us can sleep with a kid", "en"),
    ],
)
def test_a_child_in_a_remark_is_no_new_count(text: str, language: str) -> None:
    ctx = _ctx(text, language, date(2026, 3, 2), Search(adults=2, children=2))
    assert children_in_a_remark(ctx)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("no, solo un niño", "es"),
        ("al final viene un niño", "es"),
        ("actually just one kid", "en"),
        ("sorry, 1 child", "en"),
        ("2 adults and 1 child", "en"),  # the whole party said again
    ],
)
def test_fewer_children_said_as_a_correction_count(text: str, language: str) -> None:
    ctx = _ctx(text, language, date(2026, 3, 2), Search(adults=2, children=2))
    assert not children_in_a_remark(ctx)


def test_every_dialogue_of_the_kinds_ends_in_the_right_outcome() -> None:
    files = [
        DIALOGUES / "en" / "year_remark_declined.yaml",
        DIALOGUES / "es" / "anio_comentario_rechazado.yaml",
    ]
    outcomes = evaluate(load_dialogues(files))
    assert len(outcomes) == 20
    assert [(o.dialogue.id, o.failures) for o in outcomes if not o.ok] == []
