"""Information questions answered in full from the hotel profile (issue #17, item 4): where the hotel is, in any
phrasing (never an email address, never where a thing inside it is); several questions in one message each
answered (the address and the shuttle, a room's price and how many it takes, an hour beside the address); and
what a named room is like, with "¿y la de lujo?" next describing that room too."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from hotel_agent.nlp.normalize import fold, numbers_to_digits
from hotel_agent.orchestrator.handlers.info import DESCRIBE_ROOM, ROOM_PRICE_ASKED, asks_location, times_asked
from hotel_agent.orchestrator.profile import load_profile
from tests.dialogue_play import failed_dialogues

PROFILE = load_profile()


def _ctx(text: str, language: str = "en") -> SimpleNamespace:
    folded = numbers_to_digits(fold(text), language)
    return SimpleNamespace(text=text, folded_text=folded, language=language, profile=PROFILE)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("hello, where exactly is the hotel?", "en"),
        ("where are you located?", "en"),
        ("where's the hotel", "en"),
        ("what's the address?", "en"),
        ("hi, how far is the airport and do you have a shuttle?", "en"),
        ("is the hotel close to the beach?", "en"),
        ("which area of town are you in?", "en"),
        ("¿dónde están ubicados?", "es"),
        ("¿en qué zona está el hotel?", "es"),
        ("¿cuál es la dirección?", "es"),
        ("¿qué tan lejos están del aeropuerto?", "es"),
        ("¿a qué distancia del centro?", "es"),
        ("¿dónde queda el hotel?", "es"),
    ],
)
def test_where_the_hotel_is_asked_in_any_phrasing(text: str, language: str) -> None:
    assert asks_location(_ctx(text, language))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("where is the gym?", "en"),
        ("what's your email address?", "en"),
        ("how far in advance should I book?", "en"),
        ("where is my booking confirmation?", "en"),
        ("¿dónde está la piscina?", "es"),
        ("¿a qué dirección de correo les escribo?", "es"),
        ("¿cuánto cuesta el traslado al aeropuerto?", "es"),
        ("¿dónde está mi reserva?", "es"),
    ],
)
def test_no_location_asked(text: str, language: str) -> None:
    assert not asks_location(_ctx(text, language))  # type: ignore[arg-type]


def test_an_hour_asked_by_name_beside_another_question() -> None:
    assert times_asked(_ctx("when is check-out, and what area are you in?")) == [  # type: ignore[arg-type]
        "Check-out is until 12:00."
    ]
    assert times_asked(_ctx("where are you located?")) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "what does the Executive room have?",
        "what's the suite like?",
        "tell me about the family room",
        "¿cómo es la habitación ejecutiva?",
        "¿qué tiene la suite?",
        "háblame de la doble",
    ],
)
def test_what_a_room_is_like(text: str) -> None:
    assert DESCRIBE_ROOM.search(text)


@pytest.mark.parametrize(
    ("text", "priced"),
    [
        ("precio por noche de la habitación familiar y cuántas personas caben?", True),
        ("how much is the suite and how many fit?", True),
        ("¿cuántas personas caben en la doble?", False),
        ("how many people fit in the family room?", False),
    ],
)
def test_a_price_asked_beside_the_capacity(text: str, priced: bool) -> None:
    assert bool(ROOM_PRICE_ASKED.search(text)) is priced


ASKED = [
    ("en", ["hey there, where is the hotel exactly?"], ["del Mar"]),
    ("en", ["how far are you from the airport, and is there a shuttle?"], ["20", "30"]),
    ("en", ["what's the nightly rate of the family room and how many can it sleep?"], ["3380", "4 adults"]),
    ("en", ["what does the twin room have?", "and the double?"], ["balcony"]),
    ("es", ["hola, ¿dónde están exactamente?"], ["del Mar"]),
    ("es", ["¿a cuánto está el aeropuerto? ¿tienen traslado?"], ["20", "30"]),
    ("es", ["¿cuánto vale la suite y cuántos caben?"], ["2860", "2 adultos"]),
    ("es", ["¿cómo es la doble?", "¿y la suite?"], ["vista al mar"]),
]


@pytest.mark.parametrize(("language", "turns", "expected"), ASKED)
def test_each_question_answered_in_full(
    tmp_path: Path, language: str, turns: list[str], expected: list[str]
) -> None:
    dialogue = [*turns[:-1], {"say": turns[-1], "reply_contains": expected}]
    assert failed_dialogues(tmp_path, language, [dialogue], None, "info") == []  # type: ignore[list-item]
