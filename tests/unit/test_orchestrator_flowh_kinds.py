"""flowH (issue #17): the whole stay moved by days or weeks, its length kept ("could we move it one week later?",
"adelantarlo un día"); an amenity named in passing and said not to be used is no question about it ("my father
doesn't use internet"); a remark, then a name, in one message ("ok fine, without breakfast. Siddharth Rao"); and
the price of another room asked at the summary answered with the booking kept as it is."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from hotel_agent.nlp.normalize import fold, numbers_to_digits
from hotel_agent.orchestrator.handlers.availability import whole_stay_moved
from hotel_agent.orchestrator.handlers.common import split_name
from hotel_agent.orchestrator.handlers.info import amenity_answers
from hotel_agent.orchestrator.profile import load_profile
from tests.dialogue_play import failed_dialogues

PROFILE = load_profile()


def _folded(text: str, language: str) -> str:
    return numbers_to_digits(fold(text), language)


@pytest.mark.parametrize(
    ("text", "language", "days"),
    [
        ("actually, could we move it one week later? same number of nights", "en", 7),
        ("push it back 2 days", "en", 2),
        ("can we move everything a day earlier?", "en", -1),
        ("bring it forward one day please", "en", -1),
        ("could we postpone it a week?", "en", 7),
        ("¿podemos pasarlo una semana más tarde?", "es", 7),
        ("¿se puede adelantar un día?", "es", -1),
        ("mejor retrasarlo dos días", "es", 2),
        ("moverlo 3 días antes", "es", -3),
    ],
)
def test_the_whole_stay_moved(text: str, language: str, days: int) -> None:
    assert whole_stay_moved(_folded(text, language)) == days


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("move it 2 days", "en"),  # which way is not said: asked, never guessed
        ("push it forward a day", "en"),  # later or earlier, guests mean both
        ("we'll arrive a day later", "en"),  # the arrival alone
        ("llegamos un día antes", "es"),
        ("2 adults for a week", "en"),
    ],
)
def test_no_whole_stay_moved(text: str, language: str) -> None:
    assert whole_stay_moved(_folded(text, language)) is None


def _ctx(text: str, amenity: str, intent: str = "make_reservation", language: str = "en") -> SimpleNamespace:
    return SimpleNamespace(
        text=text, language=language, profile=PROFILE, intent=intent, entities={"amenity": amenity}
    )


@pytest.mark.parametrize(
    ("text", "amenity", "language"),
    [
        ("I'm writing for my father who doesnt use internet. He comes March 10 to 12, alone", "wifi", "en"),
        ("2 adults June 3-5, we won't need parking", "parking", "en"),
        ("escribo por mi abuela que no usa internet, del 4 al 6 de mayo", "wifi", "es"),
        ("una doble sin desayuno del 3 al 5", "breakfast", "es"),
    ],
)
def test_an_amenity_said_not_to_be_used_is_no_question(text: str, amenity: str, language: str) -> None:
    assert amenity_answers(_ctx(text, amenity, language=language)) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "amenity", "intent"),
    [
        ("a room June 3-5 for 2, do you have wifi?", "wifi", "make_reservation"),
        ("no wifi?", "wifi", "amenities"),
        ("we'll need parking, 2 adults June 3-5", "parking", "make_reservation"),
    ],
)
def test_an_amenity_asked_or_wanted_is_answered(text: str, amenity: str, intent: str) -> None:
    assert amenity_answers(_ctx(text, amenity, intent)) != []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ok fine, without breakfast. Siddharth Rao", ("Siddharth", "Rao")),
        ("vale, sin desayuno entonces. Paula Medina", ("Paula", "Medina")),
        ("ok fine. Siddharth Rao", ("Siddharth", "Rao")),
    ],
)
def test_a_remark_then_a_name(text: str, name: tuple[str, str]) -> None:
    assert split_name(text) == name


def test_a_remark_alone_is_no_name() -> None:
    assert split_name("ok fine, without breakfast") is None


SUMMARY = "Luxury room please, April 2 to 5, 2 adults. Name Grace Kim, email grace.kim@example.com"
KEPT = {"room": "Luxury Rooms", "check_in": "2026-04-02", "check_out": "2026-04-05", "adults": 2}


@pytest.mark.parametrize(
    "question",
    [
        "how much would the Delux be?",
        "what would the delux room cost instead?",
        "hmm what's the price difference with the Delux?",
    ],
)
def test_the_price_of_another_room_at_the_summary_keeps_the_booking(tmp_path: Path, question: str) -> None:
    dialogue = [SUMMARY, {"say": question, "reply_contains": ["1820", "5460", "3120"]}, "yes"]
    assert failed_dialogues(tmp_path, "en", [dialogue], KEPT, "other-price") == []  # type: ignore[list-item]
