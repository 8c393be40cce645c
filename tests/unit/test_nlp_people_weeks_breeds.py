"""Kinds of entity miss seen in whole dialogues: grandchildren are children, colleagues and "me + my bf" are
people, a stay of "a week" runs 7 nights from the arrival, "NYE" is New Year's Eve, a head count before a month
and a range of days ("room for 2 April 24 to 26") is not a date, a dog named by its breed is a pet, and "para mí
y mi hija" is one adult and one child."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import prepare

TODAY = date(2026, 3, 10)


def entities(text: str, language: str) -> dict[str, Any]:
    return extract(text, prepare(text, language), TODAY, language)


@pytest.mark.parametrize(
    ("text", "language", "adults", "children"),
    [
        ("2 adults and 3 grandkids (ages 4, 7 and 9)", "en", 2, 3),
        ("my wife and I with our two grandchildren", "en", 2, 2),
        ("2 adultos y 3 nietos", "es", 2, 3),
        ("mi marido y yo con nuestros dos nietos", "es", 2, 2),
        ("my husband and I are bringing our two boys (7 and 10)", "en", 2, 2),
        ("mi mujer y yo con nuestros dos chicos", "es", 2, 2),
        ("para mí y mi hija de 5 años", "es", 1, 1),
        ("yo y mi hijo de 7 años", "es", 1, 1),
        ("for me and my 5 year old daughter", "en", 1, 1),
        ("me and my son, he's 7", "en", 1, 1),
    ],
)
def test_children_and_the_adults_with_them(text: str, language: str, adults: int, children: int) -> None:
    found = entities(text, language)
    assert (found.get("adults"), found.get("children")) == (adults, children)


@pytest.mark.parametrize(
    ("text", "language", "adults"),
    [
        ("necesito habitación para dos compañeros de trabajo", "es", 2),
        ("somos tres compañeras de la oficina", "es", 3),
        ("a room for 3 coworkers", "en", 3),
        ("for two workmates", "en", 2),
        ("hiii do u have smth for this weekend?? me + my bf", "en", 2),
        ("yo + mi novia", "es", 2),
        ("me plus my girlfriend", "en", 2),
    ],
)
def test_colleagues_and_partners_are_people(text: str, language: str, adults: int) -> None:
    assert entities(text, language).get("adults") == adults


@pytest.mark.parametrize(
    ("text", "language", "check_in", "check_out"),
    [
        ("we're arriving 30 April and staying a week, 2 adults", "en", date(2026, 4, 30), date(2026, 5, 7)),
        ("staying a week from June 10", "en", date(2026, 6, 10), date(2026, 6, 17)),
        ("arriving May 3, staying 2 weeks", "en", date(2026, 5, 3), date(2026, 5, 17)),
        ("llegamos el 3 de junio y nos quedamos una semana", "es", date(2026, 6, 3), date(2026, 6, 10)),
        ("el 12 de julio, nos quedaremos dos semanas", "es", date(2026, 7, 12), date(2026, 7, 26)),
    ],
)
def test_a_stay_of_weeks_runs_from_the_arrival(
    text: str, language: str, check_in: date, check_out: date
) -> None:
    found = entities(text, language)
    assert (found.get("check_in"), found.get("check_out")) == (check_in.isoformat(), check_out.isoformat())
    assert found.get("nights") == (check_out - check_in).days


def test_moving_a_booking_by_a_week_is_not_a_stay_of_a_week() -> None:
    assert "nights" not in entities("could we postpone the booking by a week?", "en")
    assert "nights" not in entities("podriamos retrasar la reserva una semana?", "es")


@pytest.mark.parametrize(
    ("text", "language", "check_out"),
    [
        ("NYE availability? couple, want the suite, 3 nights", "en", date(2027, 1, 3)),
        ("any rooms for NYE?", "en", date(2027, 1, 1)),
        ("habitación para nochevieja, 2 noches", "es", date(2027, 1, 2)),
    ],
)
def test_nye_is_new_years_eve(text: str, language: str, check_out: date) -> None:
    found = entities(text, language)
    assert (found.get("check_in"), found.get("check_out")) == ("2026-12-31", check_out.isoformat())


@pytest.mark.parametrize(
    ("text", "language", "adults", "check_in", "check_out"),
    [
        ("room for 2 April 24 to 26", "en", 2, "2026-04-24", "2026-04-26"),
        ("a double for 3 May 4th to 7th", "en", 3, "2026-05-04", "2026-05-07"),
        ("habitación para 2 abril 24 al 26", "es", 2, "2026-04-24", "2026-04-26"),
    ],
)
def test_a_head_count_before_a_month_and_its_days(
    text: str, language: str, adults: int, check_in: str, check_out: str
) -> None:
    found = entities(text, language)
    assert (found.get("adults"), found.get("check_in"), found.get("check_out")) == (
        adults,
        check_in,
        check_out,
    )


def test_a_date_for_a_month_alone_is_still_a_date() -> None:
    found = entities("a room for 2 April", "en")
    assert found.get("check_in") == "2026-04-02" and "adults" not in found


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Can I bring my labrador? He's about 30 kg", "en"),
        ("Do you take dogs? Ours is a labrador", "en"),
        ("we travel with a small chihuahua", "en"),
        ("Tengo un labrador de 30 kg, ¿lo puedo llevar al hotel?", "es"),
        ("¿admiten un caniche?", "es"),
        ("viajamos con nuestro golden retriever", "es"),
    ],
)
def test_a_dog_named_by_its_breed_is_a_pet(text: str, language: str) -> None:
    assert entities(text, language).get("amenity") == "pets"


@pytest.mark.parametrize(
    ("text", "language", "adults", "children"),
    [
        ("seríamos mi señora, yo y mi suegra, del 11 al 14 de junio", "es", 3, None),
        ("my wife, my mum and I, June 11 to 14", "en", 3, None),
        ("vamos mis papás, yo y mis dos sobrinos chiquitos", "es", 3, 2),
        ("me, my wife and our 2 little nephews", "en", 2, 2),
        ("vamos mi señora, yo y los tres nenes", "es", 2, 3),
        ("una habitación para mi hijo y yo, él tiene 7 años", "es", 1, 1),
        ("my daughter and I, May 3 to 5", "en", 1, 1),
    ],
)
def test_adults_named_one_by_one(text: str, language: str, adults: int, children: int | None) -> None:
    found = entities(text, language)
    assert (found.get("adults"), found.get("children")) == (adults, children)


@pytest.mark.parametrize(
    ("text", "language", "check_in", "check_out"),
    [
        ("a double room octobr 23 to 25 for 2", "en", "2026-10-23", "2026-10-25"),
        ("from decembre 2 to 5", "en", "2026-12-02", "2026-12-05"),
        ("una doble del 16 al 18 de octubre pa 2", "es", "2026-10-16", "2026-10-18"),
    ],
)
def test_a_misspelt_month_before_its_day(text: str, language: str, check_in: str, check_out: str) -> None:
    found = entities(text, language)
    assert (found.get("check_in"), found.get("check_out"), found.get("adults")) == (
        check_in,
        check_out,
        2 if "2" in text.split()[-1] else None,
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("we'll go with the one at 1820 a night", "en"),
        ("is it 100 euros a night?", "en"),
        ("la de 90 euros la noche", "es"),
    ],
)
def test_a_price_per_night_is_not_a_stay_of_one_night(text: str, language: str) -> None:
    assert "nights" not in entities(text, language)
