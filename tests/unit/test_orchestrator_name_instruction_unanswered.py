"""A name put right as an instruction ("pon el nombre completo, X", "change it to X") at the summary or after a no
to it; a complaint that calls go unanswered, with no person asked for and no stay problem, is no handoff."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from hotel_agent.nlp.normalize import fold
from hotel_agent.orchestrator.dialogue import _complains_unanswered
from hotel_agent.orchestrator.evaluate import evaluate, load_dialogues
from hotel_agent.orchestrator.handlers.common import corrected_name

DIALOGUES = Path(__file__).resolve().parents[1] / "dialogues"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("pon el nombre completo, Esperanza Ibarra Luna", ("Esperanza", "Ibarra Luna")),
        ("pon mi nombre completo, Fermín Castaño Robles", ("Fermín", "Castaño Robles")),
        ("ponlo a nombre de Marta Ochoa Ríos", ("Marta", "Ochoa Ríos")),
        ("cámbialo a Irene Salas Mejía", ("Irene", "Salas Mejía")),
        ("put my full name, Nathan Elliot Brooks", ("Nathan", "Elliot Brooks")),
        ("the name should be Owen James Hart", ("Owen", "James Hart")),
        ("change it to Lena Fischer Brandt", ("Lena", "Fischer Brandt")),
    ],
)
def test_a_name_given_as_an_instruction_is_read(text: str, name: tuple[str, str]) -> None:
    assert corrected_name(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "cámbialo a Delux Rooms",
        "cámbialo a la Suite Familiar",
        "cámbialo a la habitación Familiar",
        "pon el desayuno",
    ],
)
def test_a_room_or_no_name_is_no_name_instruction(text: str) -> None:
    assert corrected_name(text) is None


def _ctx(text: str, intent: str = "report_issue") -> Any:
    return SimpleNamespace(text=text, folded_text=fold(text), intent=intent)


@pytest.mark.parametrize(
    "text",
    [
        "llevo rato llamando a su teléfono y nadie contesta, qué mal servicio",
        "mandé un correo y no me responden",
        "I've been calling all morning and nobody answers",
        "emailed twice, no reply",
    ],
)
def test_unanswered_calls_are_no_handoff(text: str) -> None:
    assert _complains_unanswered(_ctx(text))


@pytest.mark.parametrize(
    "text",
    [
        "no hay agua caliente en mi habitación y nadie contesta",
        "there's no hot water in my room and nobody answers",
        "nadie contesta, quiero hablar con el gerente",
        "nobody answers, can I speak to the manager?",
        "llamé para cambiar mi reserva y nadie contesta",
        "el aire acondicionado no funciona",
    ],
)
def test_a_stay_problem_or_a_person_asked_for_still_hands_over(text: str) -> None:
    assert not _complains_unanswered(_ctx(text))


def test_every_dialogue_of_the_kinds_ends_in_the_right_outcome() -> None:
    files = [
        DIALOGUES / "en" / "name_as_instruction.yaml",
        DIALOGUES / "es" / "nombre_como_instruccion.yaml",
        DIALOGUES / "en" / "complaint_unanswered.yaml",
        DIALOGUES / "es" / "queja_sin_respuesta.yaml",
    ]
    outcomes = evaluate(load_dialogues(files))
    assert len(outcomes) == 20
    assert [(o.dialogue.id, o.failures) for o in outcomes if not o.ok] == []
