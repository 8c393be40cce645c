"""A self-introduction typed in lower case ("i am omar haddad", "soy marta lópez"), a month misspelt before its
day ("Marhc 19", "agust 4"), "Friday week" (British: a week on from the coming Friday), and a yes with a
polite word between its parts ("yeah mate, go for it")."""

from __future__ import annotations

from datetime import date

import pytest

from hotel_agent.nlp import entities
from hotel_agent.nlp.classifier import rule_scores
from hotel_agent.nlp.dates import resolve_stay
from hotel_agent.nlp.normalize import prepare

WEDNESDAY = date(2026, 3, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i am omar haddad", "Omar Haddad"),
        ("soy marta lópez", "Marta López"),
        ("me llamo ana ruiz", "Ana Ruiz"),
        ("this is tom baker, tom@x.com", "Tom Baker"),
        ("im leo grant", "Leo Grant"),
        ("hi, i am sean o'neill", "Sean O'Neill"),
        ("i am omar haddad and my email is omar@x.com", "Omar Haddad"),
        ("cheap room pls. im dana kowalski dana.k@outlook.com", "Dana Kowalski"),  # never "Im Dana Kowalski"
        ("la más barata del 3 al 6 de junio. soy pablo serra, pablo.serra@example.com", "Pablo Serra"),
        ("soy maría josé garcía.", "María José García"),
    ],
)
def test_a_lower_case_self_introduction_is_read_as_the_name(text: str, expected: str) -> None:
    assert entities.name(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "i am so sorry",
        "i am traveling alone",
        "im travelling solo",
        "i'm super excited",
        "im looking for a room",
        "i am not sure",
        "i am the guest",
        "this is my wife",
        "this is too expensive",
        "soy de madrid",
        "soy cliente habitual",
        "soy muy alérgica",
        "soy yo otra vez",
        "soy alto jaja",
        "i'm in room 4",
    ],
)
def test_ordinary_words_after_i_am_or_soy_are_no_name(text: str) -> None:
    assert entities.name(text) is None


@pytest.mark.parametrize(
    ("text", "language", "check_in", "check_out"),
    [
        ("a room from Marhc 19 to 22", "en", "2026-03-19", "2026-03-22"),
        ("Mrach 8 to 11, 2 adults", "en", "2026-03-08", "2026-03-11"),
        ("any room Agust 14 to 17?", "en", "2026-08-14", "2026-08-17"),
        ("Aprl 8 to 10", "en", "2026-04-08", "2026-04-10"),
        ("Febuary 2 - 5", "en", "2027-02-02", "2027-02-05"),
        ("agsto 4 al 7, 2 adultos", "es", "2026-08-04", "2026-08-07"),
        ("del 10 al 13 de setiembre", "es", "2026-09-10", "2026-09-13"),
        ("novienbre 3 al 6", "es", "2026-11-03", "2026-11-06"),
        ("del 27 al 30 de dicembre", "es", "2026-12-27", "2026-12-30"),
    ],
)
def test_a_misspelt_month_is_read(text: str, language: str, check_in: str, check_out: str) -> None:
    stay = resolve_stay(text, WEDNESDAY, language)
    assert (stay.check_in, stay.check_out) == (date.fromisoformat(check_in), date.fromisoformat(check_out))


@pytest.mark.parametrize(
    "text", ["match 3 tickets", "the marsh 3 times", "Mach 3 speed", "marc 3 people", "game 3 please"]
)
def test_a_word_one_letter_changed_from_a_month_is_no_month(text: str) -> None:
    assert resolve_stay(text, WEDNESDAY, "en").check_in is None


@pytest.mark.parametrize(
    ("text", "language", "check_in", "check_out"),
    [
        ("could we get a room Friday week for 2 nights?", "en", "2026-03-13", "2026-03-15"),
        ("for friday week, 2 nights", "en", "2026-03-13", "2026-03-15"),
        ("a room Thursday week till the Sunday", "en", "2026-03-12", "2026-03-15"),
        ("Saturday fortnight, 1 night", "en", "2026-03-21", "2026-03-22"),
        ("a week on Friday, 2 nights", "en", "2026-03-13", "2026-03-15"),
        ("el viernes de la semana que viene, 2 noches", "es", "2026-03-13", "2026-03-15"),
        ("el sábado de la próxima semana, una noche", "es", "2026-03-14", "2026-03-15"),
        # unchanged: the coming Friday, and a weekend
        ("this friday for 2 nights", "en", "2026-03-06", "2026-03-08"),
    ],
)
def test_friday_week_is_a_week_on_from_the_coming_friday(
    text: str, language: str, check_in: str, check_out: str
) -> None:
    stay = resolve_stay(text, WEDNESDAY, language)
    assert (stay.check_in, stay.check_out) == (date.fromisoformat(check_in), date.fromisoformat(check_out))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("yeah mate, go for it", "en"),
        ("yep go ahead mate", "en"),
        ("sí porfa, adelante", "es"),
        ("dale, va", "es"),
    ],
)
def test_a_yes_with_a_polite_word_between_its_parts_is_affirm(text: str, language: str) -> None:
    scores = rule_scores(prepare(text, language), {})
    assert scores.get("affirm", 0.0) >= 0.95
