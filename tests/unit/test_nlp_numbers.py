"""Numbers said as words reach the entities in both languages, whether a recogniser writes digits or words."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import numbers_to_digits, prepare

NOW = date(2025, 2, 1)


def entities(text: str, language: str) -> dict[str, Any]:
    return extract(text, prepare(text, language), NOW, language)


@pytest.mark.parametrize(
    ("words", "language", "digits"),
    [
        ("veintidos", "es", "22"),
        ("veinti dos", "es", "22"),
        ("veinte y dos", "es", "22"),
        ("veintiuno", "es", "21"),
        ("veintiun", "es", "21"),
        ("treinta y uno", "es", "31"),
        ("dieciseis", "es", "16"),
        ("twenty two", "en", "22"),
        ("twenty-two", "en", "22"),
        ("twenty-first", "en", "21"),
        ("twenty first", "en", "21"),
        ("twentieth", "en", "20"),
        ("thirtieth", "en", "30"),
        ("thirty-one", "en", "31"),
        ("seventeen", "en", "17"),
        ("the twelfth", "en", "the 12"),
        ("april first", "en", "april 1"),
        ("the first of may", "en", "the 1 of may"),
        ("from the third to the fifth", "en", "from the 3 to the 5"),
        ("el primero de mayo", "es", "el 1 de mayo"),
        ("el 1ro de mayo", "es", "el 1 de mayo"),
    ],
)
def test_number_words_become_digits(words: str, language: str, digits: str) -> None:
    assert numbers_to_digits(words, language) == digits


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("the second one please", "en"),  # an option, not a day
        ("first time here", "en"),
        ("once we arrive", "en"),  # "once" is eleven only in Spanish
        ("that's the one", "en"),
    ],
)
def test_ordinary_words_that_look_like_numbers_stay_words(text: str, language: str) -> None:
    assert numbers_to_digits(text, language) == text


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("del diez al doce de marzo", "es", {"check_in": "2025-03-10", "check_out": "2025-03-12"}),
        ("del 10 al 12 de marzo", "es", {"check_in": "2025-03-10", "check_out": "2025-03-12"}),
        ("April twenty to April twenty two", "en", {"check_in": "2025-04-20", "check_out": "2025-04-22"}),
        ("April 20 to April 22", "en", {"check_in": "2025-04-20", "check_out": "2025-04-22"}),
        ("April twentieth", "en", {"check_in": "2025-04-20"}),
        (
            "from the twenty-first to the twenty-third of May",
            "en",
            {"check_in": "2025-05-21", "check_out": "2025-05-23"},
        ),
        ("del veintidós al veinticinco de mayo", "es", {"check_in": "2025-05-22", "check_out": "2025-05-25"}),
        (
            "del treinta y uno de marzo al dos de abril",
            "es",
            {"check_in": "2025-03-31", "check_out": "2025-04-02"},
        ),
        ("para dos personas", "es", {"adults": 2}),
        ("two adults and three kids", "en", {"adults": 2, "children": 3}),
        ("2 adults and 3 kids", "en", {"adults": 2, "children": 3}),
        ("tres noches", "es", {"nights": 3}),
        ("3 noches", "es", {"nights": 3}),
        ("twelve nights", "en", {"nights": 12}),
        (
            "Hola, quisiera saber si tienen una habitación doble libre del diez al doce de marzo para dos personas",
            "es",
            {"check_in": "2025-03-10", "check_out": "2025-03-12", "adults": 2, "room_type": "double"},
        ),
        (
            "hola quisiera saber si tienen una habitacion doble libre del 10 al 12 de marzo para 2 personas",
            "es",
            {"check_in": "2025-03-10", "check_out": "2025-03-12", "adults": 2, "room_type": "double"},
        ),
        (
            "Do you have a double room for two adults from April twenty to April twenty two?",
            "en",
            {"check_in": "2025-04-20", "check_out": "2025-04-22", "adults": 2, "room_type": "double"},
        ),
        (
            "do you have a double room for 2 adults from april 20 to april 22",
            "en",
            {"check_in": "2025-04-20", "check_out": "2025-04-22", "adults": 2, "room_type": "double"},
        ),
    ],
)
def test_spoken_numbers_reach_the_entities(text: str, language: str, expected: dict[str, Any]) -> None:
    assert entities(text, language) == expected
