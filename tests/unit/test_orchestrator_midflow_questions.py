"""Questions in the middle of a booking, from the blind sets' misses, in our own words: a room named alone and
then its price asked ("ok the suite, how much in total?") chooses that room and gives the total; "dos
ejecutivas" after the rooms were shown is that kind, two rooms; "is it included or extra?" after an extra was
answered is about that extra; leaving at an hour ("¿y si salimos a las 2?") is the late check-out, and an hour
is never a number of guests."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from hotel_agent.nlp.normalize import fold, numbers_to_digits
from hotel_agent.orchestrator.handlers.booking import CHOICE_THEN_QUESTION, QUESTION_WORD
from hotel_agent.orchestrator.handlers.info import CLOCK_TIME, INCLUDED_ASKED, leaves_late
from hotel_agent.orchestrator.references import rooms_of_a_kind
from hotel_agent.pms.base import RoomType
from tests.dialogue_play import failed_dialogues

ROOMS = [
    RoomType(1, "General Rooms", Decimal(1000), 2, 1, "single"),
    RoomType(2, "Delux Rooms", Decimal(1400), 2, 2, "double"),
    RoomType(3, "Executive Rooms", Decimal(1800), 2, 1, "twin"),
    RoomType(4, "Luxury Rooms", Decimal(2200), 2, 2, "suite"),
    RoomType(5, "Family Rooms", Decimal(2600), 4, 3, "family"),
]


def _folded(text: str, language: str) -> str:
    return numbers_to_digits(fold(text), language)


@pytest.mark.parametrize(
    ("text", "language", "counted"),
    [
        ("dos ejecutivas", "es", (2, "twin")),
        ("2 dobles", "es", (2, "double")),
        ("vale, dos de lujo", "es", (2, "suite")),
        ("queremos 2 sencillas por favor", "es", (2, "single")),
        ("two twins please", "en", (2, "twin")),
        ("we'll take two suites", "en", (2, "suite")),
        ("ok two of the deluxe", "en", (2, "double")),
        ("3 executives", "en", (3, "twin")),
    ],
)
def test_a_count_and_a_kind_is_that_many_rooms_of_it(
    text: str, language: str, counted: tuple[int, str]
) -> None:
    assert rooms_of_a_kind(_folded(text, language), ROOMS) == counted


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("2 adultos", "es"),
        ("2 noches", "es"),
        ("dos ejecutivas o una familiar", "es"),  # two kinds: which one is asked
        ("2 adults and 1 child", "en"),
        ("two nights please", "en"),
        ("a double and a twin", "en"),
        ("the suite", "en"),  # no count: one room
        ("2 doubles for the 3rd of may", "en"),  # more than the count and the kind: the NLP reads it
    ],
)
def test_other_counts_are_no_rooms_of_a_kind(text: str, language: str) -> None:
    assert rooms_of_a_kind(_folded(text, language), ROOMS) is None


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("ok the suite, how much in total?", "ok the suite"),
        ("la de lujo, ¿cuánto sale en total?", "la de lujo"),
        ("the delux then — what's the total for the 3 nights?", "the delux then"),
        ("suite please. how much all in?", "suite please"),
        ("la suite ¿cuánto sería todo?", "la suite"),
    ],
)
def test_a_room_named_before_a_price_question_is_its_lead(text: str, lead: str) -> None:
    match = CHOICE_THEN_QUESTION.match(text)
    assert match is not None and match["lead"] == lead and not QUESTION_WORD.search(match["lead"])


@pytest.mark.parametrize(
    "text",
    [
        "how much is the suite, in total?",  # a question first: asking is never choosing
        "¿cuánto cuesta la suite, en total?",
        "is the suite, in total, more than 8000?",
    ],
)
def test_a_question_first_has_no_room_chosen_before_it(text: str) -> None:
    match = CHOICE_THEN_QUESTION.match(text)
    assert match is None or QUESTION_WORD.search(match["lead"]) or "?" in match["lead"]


@pytest.mark.parametrize(
    "text",
    [
        "is it included in the price or extra?",
        "does the room price include it?",
        "¿está incluido o se paga aparte?",
        "¿eso va incluido en el precio?",
        "per day or for the whole stay?",
        "¿y eso es por día?",
    ],
)
def test_whether_an_extra_is_included_is_a_follow_up(text: str) -> None:
    assert INCLUDED_ASKED.search(fold(text)) is not None


def _ctx(text: str, language: str, **entities: Any) -> Any:
    return SimpleNamespace(
        entities=entities,
        folded_text=_folded(text, language),
        profile=SimpleNamespace(check_out_time="12:00"),
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("can we leave at 2pm?", "en"),
        ("what if we leave at 2?", "en"),
        ("could we stay until 2pm on the last day?", "en"),
        ("can we check out at 13:30?", "en"),
        ("¿y si salimos a las 2?", "es"),
        ("¿podemos salir a las dos de la tarde?", "es"),
        ("¿podríamos quedarnos hasta las 2 el último día?", "es"),
        ("nuestro vuelo sale tarde, ¿podemos dejar la habitación después del mediodía?", "es"),
        ("can we keep the room past noon?", "en"),
    ],
)
def test_leaving_past_the_check_out_hour_is_a_late_check_out(text: str, language: str) -> None:
    assert leaves_late(_ctx(text, language))


@pytest.mark.parametrize(
    ("text", "language", "entities"),
    [
        ("can we leave at 11am?", "en", {}),  # before the check-out hour
        ("we leave at 10", "en", {}),
        ("salimos a las 12", "es", {}),
        ("we leave on the 2nd", "en", {"check_out": "2026-04-02"}),
        ("nos quedamos hasta el 7", "es", {"check_out": "2026-04-07"}),
    ],
)
def test_leaving_on_time_or_on_a_day_is_no_late_check_out(
    text: str, language: str, entities: dict[str, Any]
) -> None:
    assert not leaves_late(_ctx(text, language, **entities))


@pytest.mark.parametrize(
    ("text", "language", "clock"),
    [
        ("can we leave at 2pm?", "en", True),
        ("¿y si salimos a las 2?", "es", True),
        ("llegamos sobre las 3 de la tarde", "es", True),
        ("2 adults?", "en", False),
        ("¿2 adultos?", "es", False),
        ("just the 2 of us", "en", False),
    ],
)
def test_an_hour_is_told_from_a_count(text: str, language: str, clock: bool) -> None:
    assert (CLOCK_TIME.search(_folded(text, language)) is not None) is clock


@pytest.mark.no_cover
@pytest.mark.parametrize(
    ("language", "turns"),
    [
        ("en", ["I need a room April 24 to 26", "can we leave at 2pm?", "the cheapest", "Ann Lee", "ann@example.com", "yes"]),
        ("es", ["necesito habitación del 24 al 26 de abril", "¿y si salimos a las 2?", "la más barata", "Ana Lis", "ana@example.com", "sí"]),
    ],
)  # fmt: skip
def test_an_hour_where_the_party_is_asked_books_nothing(
    tmp_path: Path, language: str, turns: list[str]
) -> None:
    # the party is still unknown after the hour: no room can be offered, so nothing may be booked
    assert failed_dialogues(tmp_path, language, [turns], None, "hour") == []
