"""A room named beside a number read in passing is that room ("la familiar, que vamos con un montón de maletas":
"vamos con un" had been read as "the first one" and the cheapest booked); a person asked for after a big group
was offered the team is handed over (it had been quoted rooms instead)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hotel_agent.orchestrator.evaluate import evaluate, load_dialogues
from tests.dialogue_play import failed_dialogues

STAY = {
    "es": "Hola, del 15 al 20 de marzo, 2 adultos y 2 niños",
    "en": "Hi, March 15 to 20, 2 adults and 2 kids",
}
DETAILS = ["Rocío Andrade", "rocio.andrade@example.com"]
YES = {"es": "sí", "en": "yes"}


@pytest.mark.parametrize(
    ("language", "choice"),
    [
        ("es", "la familiar, que vamos con un montón de maletas jaja"),
        ("es", "la familiar que vamos con un montón"),
        ("es", "vamos con una familiar, somos muchos"),
        ("en", "the family room, we go with one big suitcase each lol"),
    ],
)
def test_a_room_named_beside_a_number_in_passing_is_that_room(
    tmp_path: Path, language: str, choice: str
) -> None:
    turns = [STAY[language], choice, *DETAILS, YES[language]]
    booking = {"room": "Family Rooms", "check_in": "2026-03-15", "check_out": "2026-03-20"}
    assert failed_dialogues(tmp_path, language, [turns], booking, "named") == []


@pytest.mark.parametrize(
    ("language", "turns"),
    [
        ("en", ["I need rooms for a group of 15 people for Christmas.", "Can I talk to a manager please?"]),
        ("es", ["Habitaciones para un grupo de 15 en Navidad", "¿Puedo hablar con un encargado, por favor?"]),
    ],
)
def test_a_person_asked_for_after_the_team_is_offered_to_a_group_is_a_handoff(
    tmp_path: Path, language: str, turns: list[str]
) -> None:
    path = tmp_path / "group.yaml"
    dialogue = {"id": f"group-{language}", "turns": turns, "expect": {"booking": None, "handoff": True}}
    path.write_text(yaml.safe_dump({"language": language, "dialogues": [dialogue]}, allow_unicode=True))
    assert [o for o in evaluate(load_dialogues([path])) if not o.ok] == []
