"""Hotel questions at any booking step, in our own words: a pet asked about where the name, email or yes is
awaited is answered and never taken as the name, a yes or a party of one; a question wrapped in a story
("¿el desayuno va incluido? la última vez me lo cobraron aparte jaja") is read from its question; "no, that's
fine" at the summary changes nothing and books nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotel_agent.nlp.normalize import fold
from hotel_agent.orchestrator.handlers.booking import NOTHING_TO_CHANGE
from hotel_agent.orchestrator.handlers.party import pet_allowed_asked
from hotel_agent.orchestrator.orchestrator import QUESTION_CLAUSE
from tests.dialogue_play import failed_dialogues


@pytest.mark.parametrize(
    "text",
    [
        "no, that's fine",
        "nope, all good",
        "no it's all fine thanks",
        "no no, looks correct",
        "no, así está bien",
        "no, todo correcto, gracias",
        "nop, está perfecto",
    ],
)
def test_a_no_that_keeps_the_booking_is_nothing_to_change(text: str) -> None:
    assert NOTHING_TO_CHANGE.match(fold(text))


@pytest.mark.parametrize(
    "text",
    [
        "no",
        "no thanks, I'll leave it",
        "no, the dates are wrong",
        "no, está bien, lo dejo",
        "no, mejor otro día",
    ],
)
def test_a_no_with_more_is_not_nothing_to_change(text: str) -> None:
    assert not NOTHING_TO_CHANGE.match(fold(text))


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("my kitten comes with me is that ok", True),
        ("can we bring the dog", True),
        ("mi gata viene conmigo, hay problema", True),
        ("llevamos un perrito, se puede", True),
        ("me and my cat", False),  # the party, no question
        ("is that ok", False),  # no pet
    ],
)
def test_whether_a_pet_may_come_is_asked(text: str, asked: bool) -> None:
    assert pet_allowed_asked(fold(text)) is asked


def test_the_question_inside_a_story_is_found() -> None:
    text = "oye una duda, ¿el desayuno va incluido? es que la otra vez me lo cobraron aparte jaja"
    assert [c.strip() for c in QUESTION_CLAUSE.findall(text)] == ["¿el desayuno va incluido?"]


EN_BOOKING = {"room": "General Rooms", "adults": 2, "name": "Ada Quinn", "email": "ada.quinn@example.com"}
ES_BOOKING = {"room": "General Rooms", "adults": 2, "name": "Ada Quiroga", "email": "ada.quiroga@example.com"}


@pytest.mark.parametrize(
    ("language", "turns", "booking"),
    [
        (
            "en",
            [
                "the cheapest room for 2 adults, June 2 to 4",
                "our little dog comes too, is that okay?",
                "Ada Quinn",
                "ada.quinn@example.com",
                "yes",
            ],
            EN_BOOKING,
        ),
        (
            "es",
            [
                "la más barata para 2 adultos del 2 al 4 de junio",
                "Ada Quiroga",
                "va con nosotros la gatita, ¿se puede?",
                "ada.quiroga@example.com",
                "sí",
            ],
            ES_BOOKING,
        ),
        (
            "en",
            [
                "the cheapest room for 2 adults, June 2 to 4",
                "Ada Quinn",
                "ada.quinn@example.com",
                "no, that's all fine",
                "yes",
            ],
            EN_BOOKING,
        ),
        (
            "es",
            [
                "la más barata para 2 adultos del 2 al 4 de junio",
                "Ada Quiroga",
                "ada.quiroga@example.com",
                "no, así está todo bien",
                "sí",
            ],
            ES_BOOKING,
        ),
        (
            "es",
            [
                "la más barata para 2 adultos del 2 al 4 de junio",
                "Ada Quiroga",
                "ada.quiroga@example.com",
                "no, está bien",
            ],
            None,
        ),
    ],
)
def test_questions_and_a_no_at_the_booking_steps(
    tmp_path: Path, language: str, turns: list[str], booking: dict[str, object] | None
) -> None:
    assert failed_dialogues(tmp_path, language, [turns], booking, "midq") == []
