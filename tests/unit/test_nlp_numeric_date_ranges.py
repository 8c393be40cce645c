"""Two numeric dates joined by a dash with no spaces ("04/10-04/12", "21/7-24/7") are a range; a range whose
usual order (month first in English, day first in Spanish) reads a stay of months while the other reads one of
days is read the other way ("10/4-12/4" in English, "04/10-04/12" in Spanish); "24/7" alone is no date."""

from __future__ import annotations

from datetime import date

import pytest

from hotel_agent.nlp.dates import resolve_stay

NOW = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "language", "check_in", "check_out"),
    [
        ("room for 2 adults 05/14-05/17 please", "en", date(2026, 5, 14), date(2026, 5, 17)),
        ("04/10-04/12", "en", date(2026, 4, 10), date(2026, 4, 12)),  # month first, a stay of days
        ("10/4-12/4", "en", date(2026, 4, 10), date(2026, 4, 12)),  # Oct 4 - Dec 4 is no stay: day first
        ("14/5-17/5 for two", "en", date(2026, 5, 14), date(2026, 5, 17)),
        ("room 21/7-24/7 for two adults", "en", date(2026, 7, 21), date(2026, 7, 24)),
        ("from 21/7 to 24/7", "en", date(2026, 7, 21), date(2026, 7, 24)),
        ("hola, 14/5-17/5 para 2 adultos", "es", date(2026, 5, 14), date(2026, 5, 17)),
        ("del 10/04 al 12/04", "es", date(2026, 4, 10), date(2026, 4, 12)),
        ("04/10-04/12", "es", date(2026, 4, 10), date(2026, 4, 12)),  # 4 Oct - 4 Dec is no stay: month first
        ("05/14-05/17", "es", date(2026, 5, 14), date(2026, 5, 17)),
        ("del 05/10 al 05/14", "es", date(2026, 5, 10), date(2026, 5, 14)),  # one can only be month first
        ("del 30/12 al 2/1", "es", date(2026, 12, 30), date(2027, 1, 2)),
        ("from 12/03 to 12/05", "en", date(2026, 12, 3), date(2026, 12, 5)),  # a stay of days either way: US
    ],
)
def test_numeric_ranges(text: str, language: str, check_in: date, check_out: date) -> None:
    stay = resolve_stay(text, NOW, language)
    assert (stay.check_in, stay.check_out) == (check_in, check_out)


@pytest.mark.parametrize(
    ("text", "language"),
    [("reception is open 24/7", "en"), ("atención 24/7", "es"), ("call 555-12/34", "en")],
)
def test_no_date(text: str, language: str) -> None:
    stay = resolve_stay(text, NOW, language)
    assert (stay.check_in, stay.check_out) == (None, None)


def test_open_24_7_after_a_word_ending_in_to_is_no_date() -> None:
    # "abierto 24/7": the "to" ending "abierto" is no range's "to"
    assert resolve_stay("¿el spa está abierto 24/7?", NOW, "es").check_in is None
