"""A whole new stay given in a message read as a question about the hotel ("llegamos el 5 de mayo muy tarde … y nos
vamos el 8. Somos 2. ¿Hay problema con el check-in?") is answered and searched: the stay had been dropped and asked
for again, turn after turn. A booking the guest already holds ("tenemos una reserva del 17 al 20 de abril") is no
new stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dialogue_play import failed_dialogues


@pytest.mark.parametrize(
    ("language", "turns", "booking"),
    [
        (
            "es",
            [
                "llegamos el 5 de mayo muy tarde, como a medianoche, y nos vamos el 8. Somos 2. ¿Hay problema con el check-in?",
                {"say": "la ejecutiva", "reply_contains": ["Executive"]},
            ],
            {"room": "Executive Rooms", "check_in": "2026-05-05", "check_out": "2026-05-08", "adults": 2},
        ),
        (
            "es",
            [
                "Pensábamos llegar el 17 de abril y quedarnos hasta el 20",
                {"say": "somos 2 adultos", "reply_contains": [1300, 2860]},
                "la suite",
            ],
            {"room": "Luxury Rooms", "check_in": "2026-04-17", "check_out": "2026-04-20", "adults": 2},
        ),
        (
            "en",
            [
                {
                    "say": "We'd arrive May 20 and leave the 23rd, 2 of us. What time is check-in?",
                    "reply_contains": ["15:00", 1820],
                },
                "the double",
            ],
            {"room": "Delux Rooms", "check_in": "2026-05-20", "check_out": "2026-05-23", "adults": 2},
        ),
    ],
)
def test_the_stay_beside_a_question_is_searched(
    tmp_path: Path, language: str, turns: list[object], booking: dict[str, object]
) -> None:
    yes = {"en": "yes", "es": "sí"}[language]
    played: list[str | dict[str, object]] = [*turns, "Kenji Mori", "kenji.mori@example.com", yes]
    assert failed_dialogues(tmp_path, language, [played], booking, "stay-beside") == []


def test_a_booking_held_is_no_new_stay(tmp_path: Path) -> None:
    asked = "tenemos una reserva del 17 al 20 de abril, ¿podemos dejar la habitación más tarde el último día?"
    turns: list[str | dict[str, object]] = [{"say": asked, "reply_contains": ["14:00"]}]
    assert failed_dialogues(tmp_path, "es", [turns], None, "held") == []
