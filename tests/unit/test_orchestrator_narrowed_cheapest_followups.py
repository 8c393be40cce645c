"""Issue 17: a price superlative under a list narrowed to one kind ("ok the cheapest then") takes the cheapest (dearest)
of every room when plainly said of all of them or when the kind was only asked about; a guest who wanted that kind
is asked. "and the most expensive one?" after a room's price continues that question. "change it from April 10-13 to
April 15-17" at the summary is the second range when the first is the stay."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hotel_agent.nlp.types import Language
from hotel_agent.orchestrator.evaluate import DEFAULT_NOW, Dialogue, GuestTurn, evaluate
from hotel_agent.orchestrator.handlers.availability import FROM_RANGE_TO_RANGE, WANTS_THE_ROOM
from hotel_agent.orchestrator.references import fold, price_of_every_room


@pytest.mark.parametrize(
    "text",
    [
        "ok the cheapest then",
        "whatever is cheapest",
        "the cheapest overall",
        "the cheapest of all",
        "vale, pues la más barata entonces",
        "la más barata de todas",
        "la más económica que tengan",
        "in that case the most expensive you have",
        "cualquiera, la más barata",
    ],
)
def test_price_said_of_every_room(text: str) -> None:
    assert price_of_every_room(text)


@pytest.mark.parametrize(
    "text",
    ["the cheapest is fine", "la más barata está bien", "the cheapest please", "book the double", "then"],
)
def test_price_not_plainly_of_every_room(text: str) -> None:
    assert not price_of_every_room(text)


@pytest.mark.parametrize(
    "text",
    [
        "we want the family room",
        "I'd like to book the suite",
        "queremos la suite",
        "necesito una doble",
        "buscamos una familiar",
        "we need a twin",
        "¿me das una familiar del 4 al 6?",
        "could we have the double for those dates?",
    ],
)
def test_kind_wanted_words(text: str) -> None:
    assert WANTS_THE_ROOM.search(fold(text)) is not None


@pytest.mark.parametrize(
    "text",
    ["how much is the executive room?", "¿cuánto cuesta la ejecutiva?", "what does the suite cost tomorrow?"],
)
def test_kind_only_asked_has_no_wanting_word(text: str) -> None:
    assert WANTS_THE_ROOM.search(fold(text)) is None


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        ("change it from april 10-13 to april 15-17", ("10", "13"), ("15", "17")),
        ("cambialo del 10-13 de abril al 15-17 de abril", ("10", "13"), ("15", "17")),
        ("please move us from the 3rd to the 6th to the 8th to the 11th", ("3", "6"), ("8", "11")),
        ("pasala del 3 al 6 al 8 al 11 por favor", ("3", "6"), ("8", "11")),
    ],
)
def test_change_from_range_to_range(text: str, old: tuple[str, str], new: tuple[str, str]) -> None:
    match = FROM_RANGE_TO_RANGE.search(text)
    assert match is not None
    assert (match[2], match[3]) == old
    assert (match[6], match[7]) == new


def _dialogue(
    language: Language, turns: tuple[str, ...], booking: dict[str, Any] | None, name: str
) -> Dialogue:
    return Dialogue(
        id=f"narrow2-{language}-{name}",
        language=language,
        source="test",
        now=DEFAULT_NOW,
        turns=tuple(GuestTurn(text) for text in turns),
        booking=booking,
        handoff=False,
    )


def _stay(room: str, check_in: date, check_out: date) -> dict[str, Any]:
    return {"room": room, "check_in": check_in, "check_out": check_out, "adults": 2}


@pytest.mark.no_cover
def test_whole_conversations() -> None:
    may = (date(2026, 5, 11), date(2026, 5, 14))
    dialogues = [
        _dialogue(
            "en",
            (
                "what's the price of the twin room May 11 to 14 for 2?",
                "alright, cheapest then",
                "Al Roe",
                "a@x.com",
                "yes",
            ),
            _stay("General Rooms", *may),
            "cheapest-then",
        ),
        _dialogue(
            "es",
            (
                "¿cuánto sale la familiar del 11 al 14 de mayo para 2?",
                "uf, la más barata",
                "Al Roe",
                "a@x.com",
                "sí",
            ),
            _stay("General Rooms", *may),
            "solo-preguntada",
        ),
        _dialogue(
            "en",
            ("we'd like the suite May 11 to 14 for 2 adults", "cheapest is fine", "Al Roe", "a@x.com", "yes"),
            None,
            "wanted-asks",
        ),
        _dialogue(
            "en",
            (
                "the double May 11 to 14, 2 adults",
                "Al Roe",
                "a@x.com",
                "change it from May 11-14 to May 18-20",
                "yes",
            ),
            _stay("Delux Rooms", date(2026, 5, 18), date(2026, 5, 20)),
            "from-to",
        ),
        _dialogue(
            "es",
            (
                "la doble del 11 al 14 de mayo, 2 adultos",
                "Al Roe",
                "a@x.com",
                "cámbiala del 12-15 de mayo al 18-20",
                "sí",
            ),
            None,
            "old-not-the-stay",
        ),
    ]
    outcomes = evaluate(dialogues)
    assert [(o.dialogue.id, o.failures) for o in outcomes if not o.ok] == []


@pytest.mark.no_cover
@pytest.mark.parametrize(
    ("language", "first", "follow_up", "price"),
    [
        ("en", "What's your cheapest room and its price per night?", "and the most expensive one?", "3,380"),
        ("en", "how much is the double a night?", "what about the cheapest?", "1,300"),
        ("es", "¿cuál es la habitación más barata y cuánto cuesta la noche?", "¿y la más cara?", "3.380"),
    ],
)
def test_price_follow_up_continues_the_question(
    language: Language, first: str, follow_up: str, price: str
) -> None:
    [outcome] = evaluate([_dialogue(language, (first, follow_up), None, f"follow-{abs(hash(follow_up))}")])
    assert outcome.ok
    assert price in outcome.replies[-1]
