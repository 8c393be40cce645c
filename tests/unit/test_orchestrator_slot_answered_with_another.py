"""A slot asked and answered with another slot's value: the value kept and what is still missing said, never the
same bare question again; at the summary a yes with ordinary words is no name, and the summary's own name said back
with a yes books."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotel_agent.orchestrator.evaluate import evaluate, load_dialogues
from hotel_agent.orchestrator.handlers.booking import _same_name, lower_case_name_after_yes
from hotel_agent.orchestrator.references import fold

DIALOGUES = Path(__file__).resolve().parents[1] / "dialogues"


@pytest.mark.parametrize(
    "text",
    [
        "yes, works perfectly",
        "yes, all good mate",
        "sí, todo perfecto",
        "yes please, fits nicely",
        "sí, cuadra perfectamente",
        "yeah, sounds brilliant mate",
    ],
)
def test_a_yes_with_ordinary_words_is_no_name(text: str) -> None:
    assert lower_case_name_after_yes(fold(text)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("sí porfa, marta gil", ("Marta", "Gil")), ("yes please, helen brooks", ("Helen", "Brooks"))],
)
def test_a_lower_case_name_after_a_yes_is_still_read(text: str, expected: tuple[str, str]) -> None:
    assert lower_case_name_after_yes(fold(text)) == expected


def test_the_summary_name_said_back_is_the_same_name() -> None:
    assert _same_name(("Nora", "Pardo"), ("Nora", "Pardo"))
    assert _same_name(("Inés", "Barrantes"), ("Ines", "Barrantes"))
    assert not _same_name(("Nora", "Pardo Ruiz"), ("Nora", "Pardo"))


@pytest.mark.no_cover
def test_every_dialogue_of_the_kind_ends_in_the_right_outcome() -> None:
    files = [DIALOGUES / language / "slot_answered_with_another.yaml" for language in ("es", "en")]
    outcomes = evaluate(load_dialogues(files))
    assert len(outcomes) == 18
    assert [(o.dialogue.id, o.failures) for o in outcomes if not o.ok] == []
