"""A weekday range with no day written, said of a stay already talked about ("the weekend of the 24th", then "can
we do Saturday to Monday instead?"), is those weekdays around that stay — it had been read from today and booked a
week early; one said from today ("next Friday to Sunday") stays from today. One weekday said as the arrival or the
departure ("can we arrive Saturday instead?") moves that end within the stay's week (it had booked eight nights)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hotel_agent.orchestrator.evaluate import evaluate, load_dialogues

NOW = "2026-10-05 10:00"


@pytest.mark.parametrize(
    ("language", "first", "change", "check_in", "check_out"),
    [
        (
            "en",
            "Any rooms for the weekend of the 24th? 2 adults",
            "could we do Saturday to Monday instead?",
            24,
            26,
        ),
        ("en", "room for 2 from October 23 to 25", "actually Thursday to Sunday would be better", 22, 25),
        ("en", "room for 2 from October 23 to 25", "sorry, can we make it next Friday to Sunday?", 9, 11),
        ("es", "¿Hay algo para el finde del 24? 2 adultos", "¿podemos mejor de sábado a lunes?", 24, 26),
        ("es", "habitación para 2 del 23 al 25 de octubre", "mejor de jueves a domingo", 22, 25),
        # one weekday, the arrival or the departure: that end moved within the stay's week, the other kept
        (
            "en",
            "Any rooms for the weekend of the 24th? 2 adults",
            "wait, can we arrive Saturday instead?",
            24,
            25,
        ),
        ("en", "room for 2 from October 23 to 25", "could we leave on Monday instead?", 23, 26),
        ("en", "room for 2 from October 23 to 25", "could we come Thursday instead?", 22, 25),
        ("es", "¿Hay algo para el finde del 24? 2 adultos", "¿podemos llegar el sábado mejor?", 24, 25),
        ("es", "habitación para 2 del 23 al 25 de octubre", "¿y si nos vamos el lunes?", 23, 26),
    ],
)
def test_a_weekday_range_moves_the_stay_talked_about(
    tmp_path: Path, language: str, first: str, change: str, check_in: int, check_out: int
) -> None:
    yes = {"en": "yes", "es": "sí"}[language]
    cheapest = {"en": "the cheapest", "es": "la más barata"}[language]
    dialogue = {
        "id": f"weekdays-{language}",
        "now": NOW,
        "turns": [first, change, cheapest, "Kenji Mori", "kenji.mori@example.com", yes],
        "expect": {
            "booking": {"check_in": f"2026-10-{check_in:02d}", "check_out": f"2026-10-{check_out:02d}"}
        },
    }
    path = tmp_path / "weekdays.yaml"
    path.write_text(yaml.safe_dump({"language": language, "dialogues": [dialogue]}, allow_unicode=True))
    assert [o for o in evaluate(load_dialogues([path])) if not o.ok] == []
