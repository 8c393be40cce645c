"""The summary's yes wrapped in other words ("sim! I mean yes", "yes perfect, frohe Weihnachten!", "no, that's
fine, confirm as it is") books; a no alone, "no, wait", or a yes beside a change or a question does not. At the
name question an assent before a short lower-case name ("ok li wu", "vale, soy ana paz") is the name. The answer to
the numeric-date question keeps the first message's nights, party and room, and adds its own ("March, for the two
of us")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hotel_agent.nlp.normalize import fold, numbers_to_digits
from hotel_agent.nlp.types import Language
from hotel_agent.orchestrator import date_order
from hotel_agent.orchestrator.evaluate import evaluate, load_dialogues
from hotel_agent.orchestrator.handlers.booking import name_after_an_assent, wrapped_yes

DIALOGUES = Path(__file__).resolve().parents[1] / "dialogues"
JULY_OR_AUGUST: list[list[str | None]] = [["2026-07-08", "2026-07-11"], ["2026-08-07", "2026-08-10"]]


def folded(text: str, language: Language = "en") -> str:
    return numbers_to_digits(fold(text), language)


@pytest.mark.parametrize(
    "text",
    [
        "sim! I mean yes 😂",
        "yes perfect, frohe Weihnachten!",
        "no, that's fine, confirm as it is",
        "nope, nothing to change, go ahead and book it",
        "nah all good, go ahead",
        "hahaha yes go for it, happy easter everyone",
        "yes please 🙏 merci beaucoup",
        "yes!! 🎉🎉",
        "yes! digo, sí jajaja",
        "sí sí, jaja, felices fiestas!",
        "sí, confirma, feliz navidad a todos",
        "no no, así está bien, confírmala tal cual",
        "no, nada que cambiar, adelante",
        "no, sin cambios, confirmo",
    ],
)
def test_a_yes_wrapped_in_pleasantries_is_a_yes(text: str) -> None:
    assert wrapped_yes(folded(text))


@pytest.mark.parametrize(
    "text",
    [
        "no",
        "no, wait",
        "no, espera",
        "no, that's fine",  # no go-ahead said: never taken for one
        "no, está bien, gracias",
        "no, book it",  # a no that is no "no change"
        "no, it's fine, don't book it",
        "no, todo bien, pero cambia el correo",
        "yes, but merry christmas",
        "yes, sorry, make it 3 nights",
        "yes, see you at christmas",
        "oui! I mean yes, but for 3 nights",
        "sí, pero somos 3",
        "yes and no",
        "ok merci",  # an ok is no go-ahead
    ],
)
def test_a_no_or_a_yes_with_more_is_not_a_wrapped_yes(text: str) -> None:
    assert not wrapped_yes(folded(text))


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("ok li wu", "en", ("Li", "Wu")),
        ("sure, it's mei chen", "en", ("Mei", "Chen")),
        ("yes it's bo li", "en", ("Bo", "Li")),
        ("okay its jo ng", "en", ("Jo", "Ng")),
        ("vale, soy li wu", "es", ("Li", "Wu")),
        ("ok eva paz", "es", ("Eva", "Paz")),
        ("claro, me llamo bo yang", "es", ("Bo", "Yang")),
        ("bueno, luz gil", "es", ("Luz", "Gil")),
        ("vale, soy josé núñez", "es", ("José", "Núñez")),
    ],
)
def test_a_short_lower_case_name_after_an_assent_is_the_name(
    text: str, language: Language, expected: tuple[str, str]
) -> None:
    assert name_after_an_assent(folded(text, language), text) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ok", "en"),
        ("ok never mind", "en"),
        ("ok then bye", "en"),
        ("ok talk later", "en"),
        ("ok sounds great", "en"),
        ("ok the double", "en"),
        ("yes the cheapest", "en"),
        ("ok my wife", "en"),
        ("ok next week", "en"),
        ("ok no thanks", "en"),
        ("yes perfect, frohe weihnachten", "en"),
        ("vale, hasta luego", "es"),
        ("vale, para dos", "es"),
        ("ok la doble", "es"),
        ("vale, lo pienso", "es"),
        ("ok no gracias", "es"),
        ("vale, mi mujer", "es"),
    ],
)
def test_words_after_an_assent_that_are_no_name(text: str, language: Language) -> None:
    assert name_after_an_assent(folded(text, language), text) is None


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        ("August 7th", {"check_in": "2026-08-07"}, False),
        ("the 8th of July", {"check_in": "2026-07-08"}, True),
        ("August 7, but 4 nights", {"check_in": "2026-08-07", "nights": 4}, False),
        ("March, for 2 of us", {"adults": 2}, None),  # a month of neither reading
        ("July, for 2 of us", {"adults": 2}, True),
        ("the August one", {"check_in": "2026-08-01"}, False),  # a month alone, read as its 1st
        ("August 1st", {"check_in": "2026-08-01"}, None),  # a day of its own
        ("until the 12th", {"check_out": "2026-07-12"}, None),
        ("the first one", {"option": 1}, True),
    ],
)
def test_the_reading_an_answer_picks(text: str, entities: dict[str, Any], expected: bool | None) -> None:
    assert date_order.picked(text, entities, JULY_OR_AUGUST) is expected


def test_what_an_answer_adds_keeps_the_party_and_drops_a_reading_s_one() -> None:
    assert date_order.answer_adds({"check_in": "2026-08-01", "adults": 2}, "the August one, for 2") == {
        "adults": 2
    }
    assert date_order.answer_adds({"check_in": "2026-08-01", "adults": 1}, "the August one") == {}
    assert date_order.answer_adds({"option": 1}, "the first one") == {}
    assert date_order.answer_adds({"check_in": "2026-08-07", "nights": 4}, "August 7, 4 nights") == {
        "check_out": None,
        "nights": 4,
    }


@pytest.mark.no_cover
def test_every_dialogue_of_the_kind_ends_in_the_right_outcome() -> None:
    files = [DIALOGUES / language / "yes_wrapped_and_date_answers.yaml" for language in ("es", "en")]
    outcomes = evaluate(load_dialogues(files))
    assert len(outcomes) == 33
    assert [(o.dialogue.id, o.failures) for o in outcomes if not o.ok] == []
