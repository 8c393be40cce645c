"""Two kinds of wrong booking blind set 7 found, played whole (not every third dialogue, as the dev-set guard
does): a no at the summary ("ay no, pensándolo bien no voy a reservar"), and another room wanted in place of the
one shown ("mejor la estándar, la suite es muy cara")."""

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


@pytest.mark.no_cover
def test_a_room_wanted_instead_of_the_one_shown_is_the_one_booked() -> None:
    dialogues = load_dialogues(
        [DIALOGUES / "es" / "habitacion_preferida.yaml", DIALOGUES / "en" / "room_wanted_instead.yaml"]
    )
    outcomes = evaluate(dialogues)
    assert len(outcomes) == 4
    assert [(o.dialogue.id, o.failures) for o in outcomes if not o.ok] == []


@pytest.mark.no_cover
def test_a_room_changed_by_a_feature_and_a_surname_put_right_are_applied() -> None:
    # blind set 8: "no espera, mejor la de balcón", "me equivoqué de apellido, es Lidia Romeral"
    dialogues = load_dialogues(
        [DIALOGUES / "es" / "cambio_por_caracteristica.yaml", DIALOGUES / "en" / "change_by_feature.yaml"]
    )
    outcomes = evaluate(dialogues)
    assert len(outcomes) == 4
    assert [(o.dialogue.id, o.failures) for o in outcomes if not o.ok] == []
