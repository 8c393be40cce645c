"""Plays guest turns written in a test as whole dialogues through the dialogue runner (real engine, simulator)."""

from __future__ import annotations

from pathlib import Path

import yaml

from hotel_agent.orchestrator.evaluate import Outcome, evaluate, load_dialogues


def failed_dialogues(
    tmp_path: Path, language: str, turns_of: list[list[str | dict[str, object]]], booking: object, prefix: str
) -> list[Outcome]:
    """Each list of turns (a message, or a {"say": …, "reply_contains": […]} mapping) played as one dialogue
    expecting `booking` (a mapping, or None for no booking); the outcomes that did not end as expected."""
    dialogues = [
        {"id": f"{prefix}-{language}-{i}", "turns": turns, "expect": {"booking": booking}}
        for i, turns in enumerate(turns_of)
    ]
    path = tmp_path / f"{language}.yaml"
    path.write_text(yaml.safe_dump({"language": language, "dialogues": dialogues}, allow_unicode=True))
    return [outcome for outcome in evaluate(load_dialogues([path])) if not outcome.ok]
