"""Children's ages said as bare numbers before the dates ("our two kids, 6 and 9. June 12 to 15") are no days: the one
range written with its month is the stay (it had been read as 6 to 10 June and booked — a wrong booking)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dialogue_play import failed_dialogues


@pytest.mark.parametrize(
    ("language", "first", "room", "yes"),
    [
        (
            "en",
            "Hi, it's me, my husband and our two kids, 6 and 9. June 12 to 15 please",
            "the family room",
            "yes",
        ),
        ("en", "my wife and I and our two sons, 5 and 8. June 12 to 15", "the family room", "yes"),
        ("es", "somos mi marido, yo y nuestros dos hijos, 6 y 9. Del 12 al 15 de junio", "la familiar", "sí"),
    ],
)
def test_ages_before_the_dates_are_no_days(
    tmp_path: Path, language: str, first: str, room: str, yes: str
) -> None:
    booking = {"check_in": "2026-06-12", "check_out": "2026-06-15", "adults": 2, "children": 2}
    turns = [first, room, "Ann Ray", "ann.ray@example.com", yes]
    assert failed_dialogues(tmp_path, language, [turns], booking, "ages") == []
