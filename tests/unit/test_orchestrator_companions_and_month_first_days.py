"""Companions named in passing count as a second adult ("with my bf", "me and my roommate", "con mi compi"),
never one who stays behind; a month named before a range of bare days gives them their month ("in May ... the
6th to the 9th", "febrero mejor, del 20 al 22"); a correction that names the new range and then the old one
takes the new; a range given in full after a day it restates is the stay (never a year-long one); "two days
before" about a stay talked about is no offset from today; "the weekend" said on a Sunday is the coming one."""

from __future__ import annotations

from datetime import date

import pytest

from hotel_agent.nlp.dates import resolve_stay
from hotel_agent.nlp.entities import extract, old_range_last, stay_moved
from hotel_agent.nlp.normalize import fold, numbers_to_digits, prepare

_TODAY = date(2026, 3, 2)


def _adults(text: str, language: str) -> int | None:
    found = extract(text, prepare(text, language), _TODAY, language)
    adults = found.get("adults")
    return adults if isinstance(adults, int) else None


@pytest.mark.parametrize(
    ("text", "language", "adults"),
    [
        ("me and my roommate, March 13 to 16", "en", 2),
        ("wanna come june 1 to june 4 with my bf", "en", 2),
        ("my flatmate and I need a room", "en", 2),
        ("coming with my coworker for a conference", "en", 2),
        ("trip with my bestie!", "en", 2),
        ("me n my gf", "en", 2),
        ("with my best friend, 10 to 12 april", "en", 2),
        ("voy con mi compi del 3 al 5 de mayo", "es", 2),
        ("yo y mi roomie", "es", 2),
        ("con mi mejor amiga", "es", 2),
        ("coming w/ my bf april 3-5", "en", 2),
        ("i'm coming with a friend, april 3 to 5", "en", 2),
        ("a friend and I want to come may 3 to 5", "en", 2),
        ("voy con una amiga del 2 al 5 de octubre", "es", 2),
        ("yo y un amigo", "es", 2),
        ("we are 3, me and a friend and my sister", "en", 3),
        ("my bf is staying home, so just a room for me from April 14 to 16", "en", 1),
        ("my roommate can't come, just a room for me", "en", 1),
        ("mi novio se queda en casa, solo una habitación para mí del 14 al 16 de abril", "es", 1),
        ("just for me and my wife", "en", 2),
        ("just me and my wife, the kids can't come", "en", 2),
        ("yo y mi novio, los niños se quedan en casa", "es", 2),
        ("solo para mi esposa y yo", "es", 2),
    ],
)
def test_companion_counted_unless_staying_behind(text: str, language: str, adults: int) -> None:
    assert _adults(text, language) == adults


def test_companion_staying_home_is_not_counted_without_the_guest_alone() -> None:
    # the companion stays home and the guest says nothing of their own count: asked, never 2
    assert _adults("my bf is staying home this time", "en") is None


@pytest.mark.parametrize(
    ("text", "language", "now", "reference", "stay"),
    [
        (
            "a room in May for 2 adults, from the 6th to the 9th",
            "en",
            date(2026, 4, 20),
            None,
            ("05-06", "05-09"),
        ),
        ("something in may, the 6th to the 9th", "en", date(2026, 3, 2), None, ("05-06", "05-09")),
        ("en mayo, del 6 al 9", "es", date(2026, 3, 2), None, ("05-06", "05-09")),
        (
            "I meant the 7th to the 10th, not the 6th to the 9th",
            "en",
            _TODAY,
            date(2026, 5, 6),
            ("05-07", "05-10"),
        ),
        ("quise decir del 8 al 11, no del 6 al 9", "es", _TODAY, date(2026, 5, 6), ("05-08", "05-11")),
        (
            "Oh, sorry, we can only arrive on the 20th. So February 20 to 22.",
            "en",
            date(2026, 12, 20),
            date(2027, 2, 18),
            ("02-20", "02-22"),
        ),
        (
            "we leave on the 22nd, so feb 20-22",
            "en",
            date(2027, 1, 10),
            date(2027, 2, 10),
            ("02-20", "02-22"),
        ),
        (
            "solo podemos llegar el 19, o sea del 19 al 21 de febrero",
            "es",
            date(2026, 12, 20),
            None,
            ("02-19", "02-21"),
        ),
        (
            "sorry, February! we arrive the 20th and leave the 22nd",
            "en",
            date(2026, 12, 20),
            date(2027, 1, 15),
            ("02-20", "02-22"),
        ),
        ("febrero mejor, del 20 al 22", "es", date(2026, 12, 20), date(2027, 1, 15), ("02-20", "02-22")),
        ("I need it for 2 for the weekend", "en", date(2026, 3, 8), None, ("03-13", "03-15")),
        ("para el finde", "es", date(2026, 3, 8), None, ("03-13", "03-15")),
        ("this weekend", "en", date(2026, 3, 7), None, ("03-07", "03-08")),
    ],
)
def test_stay_read(
    text: str, language: str, now: date, reference: date | None, stay: tuple[str, str]
) -> None:
    read = resolve_stay(text, now, language, reference)
    assert read.check_in is not None and read.check_out is not None
    assert (read.check_in.strftime("%m-%d"), read.check_out.strftime("%m-%d")) == stay
    assert 0 < (read.check_out - read.check_in).days <= 30


@pytest.mark.parametrize(
    "text",
    ["February 20 to February 20", "we can only arrive on the 20th, so February 20"],
)
def test_departure_on_the_arrival_day_is_never_a_year_later(text: str) -> None:
    read = resolve_stay(text, date(2026, 12, 20), "en", date(2027, 2, 18))
    assert read.check_out is None or (read.check_out - date(2027, 2, 20)).days <= 30


def test_check_in_may_be_late_is_no_month() -> None:
    read = resolve_stay("check in may be late, we arrive the 6th", date(2026, 3, 2), "en")
    assert read.check_in == date(2026, 3, 6)


def test_old_range_named_last() -> None:
    assert old_range_last(prepare("I meant the 7th to the 10th, not the 6th to the 9th", "en")) == (6, 9)
    assert old_range_last(prepare("perdón, del 8 al 11, no del 6 al 9", "es")) == (6, 9)
    assert old_range_last(prepare("not the 6th to the 9th but the 7th to the 10th", "en")) is None


@pytest.mark.parametrize(
    ("text", "language", "moved"),
    [
        ("we'd like to get in two days before", "en", (True, -2)),
        ("could we come in a day earlier?", "en", (True, -1)),
        ("llegaríamos dos días antes", "es", (True, -2)),
    ],
)
def test_days_before_is_a_shift(text: str, language: str, moved: tuple[bool, int]) -> None:
    assert stay_moved(numbers_to_digits(fold(text), language)) == moved
    assert resolve_stay(text, _TODAY, language).check_in is None  # never "in 2 days" from today


@pytest.mark.parametrize(
    "text", ["we came last February, now the 20th to 22nd", "my name is june smith, the 20th please"]
)
def test_month_word_inside_a_clause_names_no_month(text: str) -> None:
    read = resolve_stay(text, date(2026, 12, 20), "en", date(2027, 1, 15))
    assert read.check_in == date(2027, 1, 20)
