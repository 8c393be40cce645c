"""Guest-facing texts: every key in both languages with the same placeholders; prices, dates, guests."""

from __future__ import annotations

import string
from datetime import date
from decimal import Decimal

import pytest

from hotel_agent.orchestrator import replies as r


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(r.TEXTS))
def test_every_text_exists_in_both_languages_with_the_same_placeholders(key: str) -> None:
    texts = r.TEXTS[key]
    assert set(texts) == {"es", "en"}
    assert texts["es"].strip() and texts["en"].strip()
    assert _fields(texts["es"]) == _fields(texts["en"])


def test_button_titles_fit_whatsapp_limits() -> None:
    for titles in r.BUTTON_TITLES.values():
        assert all(0 < len(title) <= r.MAX_BUTTON_TITLE for title in titles.values())
    assert r.truncate_title("Executive Rooms with Ocean View") == "Executive Rooms wit…"
    assert len(r.truncate_title("x" * 40)) == r.MAX_BUTTON_TITLE


@pytest.mark.parametrize(
    ("amount", "language", "expected"),
    [
        (Decimal("1040"), "es", "1.040,00 USD"),
        (Decimal("1040"), "en", "USD 1,040.00"),
        (Decimal("1234567.891"), "es", "1.234.567,89 USD"),
        (Decimal("0.005"), "en", "USD 0.01"),
        ("99.5", "es", "99,50 USD"),
    ],
)
def test_prices_are_formatted_per_language(
    amount: Decimal | str, language: r.Language, expected: str
) -> None:
    assert r.format_price(amount, "USD", language) == expected


def test_stays_dates_and_guests_read_naturally() -> None:
    assert r.format_stay(date(2026, 3, 3), date(2026, 3, 5), "es") == "del 3 al 5 de marzo de 2026 (2 noches)"
    assert r.format_stay(date(2026, 3, 3), date(2026, 3, 5), "en") == "March 3 to 5, 2026 (2 nights)"
    assert (
        r.format_stay(date(2026, 3, 31), date(2026, 4, 1), "es")
        == "del 31 de marzo al 1 de abril de 2026 (1 noche)"
    )
    assert r.format_stay(date(2026, 12, 31), date(2027, 1, 2), "en") == (
        "December 31, 2026 to January 2, 2027 (2 nights)"
    )
    assert r.format_date(date(2026, 7, 4), "es") == "4 de julio de 2026"
    assert r.format_guests(1, 0, "es") == "1 adulto"
    assert r.format_guests(2, 1, "es") == "2 adultos y 1 niño"
    assert r.format_guests(2, 2, "en") == "2 adults and 2 children"
    assert r.format_list(["Wi-Fi", "Piscina", "Spa"], "es") == "Wi-Fi, Piscina y Spa"


def test_status_and_room_kind_names_are_translated() -> None:
    assert r.status_name("cancelled", "es") == "cancelada"
    assert r.status_name("confirmed", "en") == "confirmed"
    assert r.room_kind_name("double", "es") == "habitación doble"
