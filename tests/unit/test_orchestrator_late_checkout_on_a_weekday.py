"""A late check-out asked by the weekday of the departure ("¿podemos dejar la habitación más tarde el domingo?" about
7-9 August) is answered and changes nothing: the Sunday had been read from today, before the arrival, and the room
already chosen was dropped (the room asked for again, turn after turn)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dialogue_play import failed_dialogues


@pytest.mark.parametrize(
    ("language", "first", "question", "yes"),
    [
        (
            "es",
            "del 7 al 9 de agosto, 2 adultos, la doble",
            "¿podemos dejar la habitación más tarde el domingo?",
            "sí",
        ),
        ("en", "Aug 7-9, 2 adults, the double", "can we leave the room later on Sunday?", "yes"),
    ],
)
def test_a_late_check_out_on_the_departure_weekday_keeps_the_booking(
    tmp_path: Path, language: str, first: str, question: str, yes: str
) -> None:
    turns: list[str | dict[str, object]] = [
        first,
        {"say": question, "reply_contains": ["14:00", 25]},
        "Gus Molina",
        "gus.molina@example.com",
        yes,
    ]
    booking = {"room": "Delux Rooms", "check_in": "2026-08-07", "check_out": "2026-08-09", "adults": 2}
    assert failed_dialogues(tmp_path, language, [turns], booking, "late-weekday") == []
