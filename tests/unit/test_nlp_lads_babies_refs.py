"""Guests counted as young adults ("lads", "chavales"), a baby given with its age in months, two days joined by
a dash with no month, a name after "name for the booking:", and a booking number after "the number is".
Examples written for these tests (none from the evaluation sets)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import prepare

SUNDAY = date(2026, 12, 6)


def found(text: str, language: str) -> dict[str, Any]:
    return extract(text, prepare(text, language), SUNDAY, language)


@pytest.mark.parametrize(
    ("text", "language", "adults"),
    [
        ("three lads after a double and a single next weekend", "en", 3),
        ("Just two lads, anything for Friday?", "en", 2),
        ("somos dos chavales y buscamos algo barato", "es", 2),
        ("4 chavales para el puente, ¿hay sitio?", "es", 4),
    ],
)
def test_young_adults_are_adults_not_children(text: str, language: str, adults: int) -> None:
    result = found(text, language)
    assert result.get("adults") == adults
    assert not result.get("children")


def test_chavales_after_adults_are_still_children() -> None:
    result = found("2 adultos y 2 chavales del 3 al 5 de enero", "es")
    assert (result.get("adults"), result.get("children")) == (2, 2)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("two adults + baby (6 months), 3-7 jan, price?", "en"),
        ("2 adults and an infant of 10 months for 2 nights", "en"),
        ("dos adultos y bebé de 8 meses, del 3 al 7 de enero", "es"),
        ("2 adultos + bebe (5 meses) para dos noches", "es"),
    ],
)
def test_a_baby_with_an_age_in_months_is_one_child_and_no_date(text: str, language: str) -> None:
    result = found(text, language)
    assert (result.get("adults"), result.get("children")) == (2, 1)
    for key in ("check_in", "check_out"):
        if key in result:
            assert result[key].startswith("2027-01-0")  # the stated range, never the age read as a day


@pytest.mark.parametrize(
    ("text", "language", "check_in", "check_out"),
    [
        ("any rooms 20-24 for 3 adults?", "en", "2026-12-20", "2026-12-24"),
        ("a twin 2-5, is it free?", "en", "2027-01-02", "2027-01-05"),  # the 2nd is past: next month
        ("¿tenéis habitación del 20 al 24?", "es", "2026-12-20", "2026-12-24"),
        ("habitación doble 20-24 para 2", "es", "2026-12-20", "2026-12-24"),
    ],
)
def test_two_days_with_no_month_take_the_nearest_future_month(
    text: str, language: str, check_in: str, check_out: str
) -> None:
    result = found(text, language)
    assert (result.get("check_in"), result.get("check_out")) == (check_in, check_out)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("breakfast is served 7-10?", "en"),
        ("2 kids aged 5-8", "en"),
        ("el desayuno es de 7-10?", "es"),
    ],
)
def test_hours_and_ages_joined_by_a_dash_are_no_stay(text: str, language: str) -> None:
    result = found(text, language)
    assert "check_in" not in result and "check_out" not in result


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("Name for the booking: Ana Lindqvist", "en", "Ana Lindqvist"),
        ("name on the reservation: Omar Haddad", "en", "Omar Haddad"),
        ("Ponla a nombre de: Carmen Ruiz", "es", "Carmen Ruiz"),
        ("nombre para la reserva: Diego Ferrer", "es", "Diego Ferrer"),
    ],
)
def test_a_name_after_a_booking_name_label(text: str, language: str, name: str) -> None:
    assert found(text, language).get("name") == name


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I need to change my booking, the number is 51839", "en"),
        ("my number is 51839, can you check it?", "en"),
        ("quiero anular mi reserva, el número es 51839", "es"),
        ("mi número es 51839, ¿está confirmada?", "es"),
    ],
)
def test_a_booking_number_after_the_number_is(text: str, language: str) -> None:
    assert found(text, language).get("booking_reference") == "51839"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("call me, my number is +44 7700 900123", "en"),
        ("ring me back, my number is 07700 900123", "en"),
        ("mi número es 612 345 678, llamadme", "es"),
    ],
)
def test_a_phone_number_is_no_booking_number(text: str, language: str) -> None:
    assert "booking_reference" not in found(text, language)
