"""Issue #17 (whole dialogues): lower-case names with a two-letter word ("li wu", "i'm an le"), never a short
ordinary word ("ok", "yo", "ya"); English numeric dates that read two bookable ways ("12/03") give both readings
to ask about unless the range, a past date or the conversation's month settles it (Spanish: day first);
Thanksgiving, Black Friday and Cyber Monday as holidays (their sales as chat); "the sweet room", "la suit" as the
suite; the orchestrator's date question and how an answer picks a reading."""

from __future__ import annotations

from datetime import date

import pytest

from hotel_agent.nlp import entities
from hotel_agent.nlp.dates import Stay, resolve_stay
from hotel_agent.nlp.normalize import fold
from hotel_agent.orchestrator import date_order
from hotel_agent.orchestrator.handlers.common import split_name

NOW = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i'm an le", "An Le"),
        ("hey im an pham, a room for 2 april 10 to 12", "An Pham"),
        ("my name is an le", "An Le"),
        ("me llamo an le", "An Le"),
        ("soy an le", "An Le"),
        ("hola soy bo yang", "Bo Yang"),
        ("an le, anle@example.com", "An Le"),
        ("li wu li.wu@example.com", "Li Wu"),
        ("hi i'm an adult", None),
        ("i am an engineer", None),
        ("i'm an hour late", None),
        ("im ok", None),
    ],
)
def test_short_lower_case_names(text: str, expected: str | None) -> None:
    assert entities.name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("li wu", ("Li", "Wu")),
        ("ng chen", ("Ng", "Chen")),
        ("li wu here", ("Li", "Wu")),
        ("Bo Yang speaking", ("Bo", "Yang")),
        ("yo", None),
        ("ya", None),
        ("ok", None),
        ("hi", None),
        ("si", None),
        ("no", None),
        ("yo tambien", None),
    ],
)
def test_name_answers(text: str, expected: tuple[str, str] | None) -> None:
    assert split_name(text) == expected


def test_public_name_word_lists() -> None:
    assert "an" in entities.NOT_A_NAME and "for" in entities.NAME_STOP_WORDS
    assert "suite" in entities.NOT_A_NAME_WORDS and "sorry" in entities.NOT_IN_LOWER_INTRO


def _readings(stay: Stay) -> tuple[tuple[date | None, date | None], ...] | None:
    return None if stay.readings is None else tuple((r.check_in, r.check_out) for r in stay.readings)


@pytest.mark.parametrize(
    ("text", "now", "first", "second"),
    [
        ("room from 12/03 for 2 nights", NOW, (date(2026, 12, 3), date(2026, 12, 5)), (date(2026, 3, 12), date(2026, 3, 14))),
        ("arriving 05/06", NOW, (date(2026, 5, 6), None), (date(2026, 6, 5), None)),
        ("12/03/2026 for 1 night", NOW, (date(2026, 12, 3), date(2026, 12, 4)), (date(2026, 3, 12), date(2026, 3, 13))),
    ],
)  # fmt: skip
def test_numeric_date_two_ways_is_asked(
    text: str, now: date, first: tuple[date, date | None], second: tuple[date, date | None]
) -> None:
    stay = resolve_stay(text, now, "en")
    assert stay.check_in is None and stay.check_out is None
    assert _readings(stay) == (first, second)


@pytest.mark.parametrize(
    ("text", "now", "language", "reference", "check_in", "check_out"),
    [
        ("04/10-04/12", NOW, "en", None, date(2026, 4, 10), date(2026, 4, 12)),  # Oct 4 - Dec 4 is no stay
        ("3/4 to 3/6", NOW, "en", None, date(2026, 3, 4), date(2026, 3, 6)),
        ("04/10 to 06/10", NOW, "en", None, date(2026, 10, 4), date(2026, 10, 6)),
        ("12/03 to 14/03", NOW, "en", None, date(2026, 3, 12), date(2026, 3, 14)),
        ("arriving 11/12 for 3 nights", date(2026, 11, 20), "en", None, date(2026, 12, 11), date(2026, 12, 14)),
        ("make it 04/08 to 04/10", NOW, "en", date(2026, 4, 10), date(2026, 4, 8), date(2026, 4, 10)),
        ("can we arrive 04/08 instead", NOW, "en", date(2026, 4, 10), date(2026, 4, 8), None),
        ("el 12/03 por 2 noches", NOW, "es", None, date(2026, 3, 12), date(2026, 3, 14)),
        ("1/1 for a night", NOW, "en", None, date(2027, 1, 1), date(2027, 1, 2)),
    ],
)  # fmt: skip
def test_numeric_date_settled(
    text: str, now: date, language: str, reference: date | None, check_in: date, check_out: date | None
) -> None:
    stay = resolve_stay(text, now, language, reference)
    assert (stay.check_in, stay.check_out, stay.readings) == (check_in, check_out, None)


@pytest.mark.parametrize(
    ("text", "now", "check_in", "check_out"),
    [
        ("black friday weekend", NOW, date(2026, 11, 27), date(2026, 11, 29)),
        ("the weekend of black friday", NOW, date(2026, 11, 27), date(2026, 11, 29)),
        ("el finde del black friday", NOW, date(2026, 11, 27), date(2026, 11, 29)),
        ("cyber monday", NOW, date(2026, 11, 30), date(2026, 12, 1)),
        ("black friday to cyber monday", NOW, date(2026, 11, 27), date(2026, 11, 30)),
        ("thanksgiving weekend", NOW, date(2026, 11, 26), date(2026, 11, 29)),
        ("para accion de gracias", NOW, date(2026, 11, 26), date(2026, 11, 29)),
        ("black friday, 3 nights", NOW, date(2026, 11, 27), date(2026, 11, 30)),
        ("thanksgiving", date(2027, 1, 10), date(2027, 11, 25), date(2027, 11, 28)),
        ("black friday vibes, dec 8 til dec 13", NOW, date(2026, 12, 8), date(2026, 12, 13)),
        ("any black friday deals?", NOW, None, None),
        ("hay ofertas de black friday?", NOW, None, None),
    ],
)
def test_shopping_holidays(text: str, now: date, check_in: date | None, check_out: date | None) -> None:
    stay = resolve_stay(text, now, "en")
    assert (stay.check_in, stay.check_out) == (check_in, check_out)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("i want the sweet room april 10 to 12", "suite"),
        ("la sweet por favor", "suite"),
        ("a junior sweet", "suite"),
        ("the suitte", "suite"),
        ("la suit porfa", "suite"),
        ("what a sweet view", None),
        ("the sweet spot", None),
        ("a sweet room for our honeymoon", None),
        ("does that suit us?", None),
        ("sweets for the kids", None),
    ],
)
def test_suite_heard(text: str, kind: str | None) -> None:
    assert entities.room_type(fold(text)) == kind


READINGS: list[list[str | None]] = [["2026-12-03", "2026-12-05"], ["2026-03-12", "2026-03-14"]]


@pytest.mark.parametrize(
    ("answer", "month_first"),
    [
        ("March", False),
        ("december please", True),
        ("the first one", True),
        ("the second", False),
        ("uk format", False),
        ("day first, uk style", False),
        ("US", True),
        ("us format", True),
        # "us" the pronoun is no format, and a month named wins over any other word: never December for "March"
        ("March, for the two of us", False),
        ("march please, the second one", False),
        ("for both of us", None),
        ("the first one, in December", True),
        ("march 12 to 15", None),  # dates of its own: read as they stand
        ("what?", None),
    ],
)
def test_date_order_answer(answer: str, month_first: bool | None) -> None:
    assert date_order.chosen(answer, READINGS) is month_first


def test_date_order_written_out() -> None:
    assert date_order.written_out("from 12/03 for 2 nights", True) == "from December 3 for 2 nights"
    assert date_order.written_out("12/03/2026 to 14/03/2026", False) == "March 12 2026 to March 14 2026"
    question = date_order.question(READINGS, "en").text
    assert "December 3 to 5, 2026" in question and "March 12 to 14, 2026" in question
