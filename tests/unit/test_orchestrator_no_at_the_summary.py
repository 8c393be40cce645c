"""A no at the summary never books (blind set 7 booked "ay no, pensándolo bien no voy a reservar"): every
dialogue of the two files, not every third as the dev-set guard plays."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotel_agent.orchestrator.evaluate import evaluate, load_dialogues

DIALOGUES = Path(__file__).resolve().parents[1] / "dialogues"


@pytest.mark.no_cover
def test_a_no_at_the_summary_never_books_and_a_yes_with_a_no_in_it_does() -> None:
    dialogues = load_dialogues(
        [DIALOGUES / "es" / "no_en_el_resumen.yaml", DIALOGUES / "en" / "no_at_the_summary.yaml"]
    )
    outcomes = evaluate(dialogues)
    assert len(outcomes) == 11
    assert [(o.dialogue.id, o.failures) for o in outcomes if not o.ok] == []
