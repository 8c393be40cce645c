"""Wrong bookings found by writing new kinds of guest messages (issue 17), as guarantees: a month written as a
number after the day ("el 3 del 4", "the 3rd of the 4th") is that month, never a range's last day; an email
address names no date; a name typed as one is a name even when its words name a day ("Pilar Domingo",
"Christmas Smith"); a place in the list said from its end, its middle or next to another room is that place
(or asked), never the room "second" or "cheapest" alone would name; a yes that puts the go-ahead off ("perfecto,
luego la hago", "great, I'll book it later") books nothing."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from hotel_agent.nlp import analyze
from hotel_agent.nlp.dates import resolve_stay
from hotel_agent.orchestrator.references import (
    corrected_choice,
    mentions_an_offer,
    offer_by_place,
    offer_still_chosen,
)
from hotel_agent.orchestrator.state import Offer
from tests.dialogue_play import failed_dialogues

NOW = datetime(2026, 3, 2, 10, 0)
OFFERS = [
    Offer(room_type_id=n, name=f"Room {n}", nightly_price=Decimal(n * 100), total_price=Decimal(n * 200),
          currency="USD")
    for n in (1, 2, 3, 4, 5)
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "language", "check_in", "check_out"),
    [
        (
            "kiero una habitacion del 3 del 4 al 6 del 4 pa 2 adultos",
            "es",
            date(2026, 4, 3),
            date(2026, 4, 6),
        ),
        ("llego el 10 del 5 y me voy el 12 del 5, 2 adultos", "es", date(2026, 5, 10), date(2026, 5, 12)),
        ("del 3 del 4 al 6", "es", date(2026, 4, 3), date(2026, 4, 6)),
        (
            "a twin from the 3rd of the 4th to the 6th of the 4th, two persons",
            "en",
            date(2026, 4, 3),
            date(2026, 4, 6),
        ),
        ("on the 12th of the 12th for 2 nights", "en", date(2026, 12, 12), date(2026, 12, 14)),
    ],
)
def test_a_month_written_as_a_number_after_the_day_is_that_month(
    text: str, language: str, check_in: date, check_out: date
) -> None:
    stay = resolve_stay(text, NOW, language)
    assert (stay.check_in, stay.check_out) == (check_in, check_out)


def test_a_count_after_of_the_is_no_month() -> None:
    assert analyze("the 2nd of the 3 rooms", NOW, "en").entities.get("rooms") == 3


@pytest.mark.parametrize(
    ("email", "language"),
    [
        ("christmas.smith@example.com", "en"),
        ("may.green@example.com", "en"),
        ("sunday.jones@example.com", "en"),
        ("pilar.domingo@example.com", "es"),
        ("noel.navidad@example.com", "es"),
        ("ana.1503@example.com", "es"),
    ],
)
def test_an_email_address_names_no_date(email: str, language: str) -> None:
    entities = analyze(email, NOW, language).entities
    assert entities.get("email") == email
    assert not {"check_in", "check_out", "nights"} & set(entities)


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("the second to last one", 3),
        ("the last but one", 3),
        ("la penúltima", 3),
        ("la antepenultima", 2),
        ("the one in the middle", 2),
        ("la de en medio", 2),
        ("la intermedia", 2),
        ("the one after the cheapest", 1),
        ("la que sigue de la más barata", 1),
        ("la siguiente a la mas economica", 1),
        ("the one before the most expensive", 3),
        ("la anterior a la más cara", 3),
    ],
)
def test_a_place_from_the_end_the_middle_or_next_to_another_is_that_place(text: str, index: int) -> None:
    assert offer_by_place(text, OFFERS) == (True, OFFERS[index])
    assert mentions_an_offer(text)  # never read as a name


def test_a_middle_that_is_no_single_room_is_asked() -> None:
    assert offer_by_place("the middle one", OFFERS[:4]) == (True, None)
    assert offer_by_place("the one after the most expensive", OFFERS) == (True, None)
    assert offer_by_place("the cheapest", OFFERS) == (False, None)


def _play(tmp_path: Path, language: str, turns_of: list[list[str]], booking: object) -> list[object]:
    return [
        (o.dialogue.id, o.failures) for o in failed_dialogues(tmp_path, language, turns_of, booking, "hunt2")
    ]


DOUBLE = {"en": "double room 20 to 22 May for 2", "es": "la doble del 20 al 22 de mayo para 2"}
NAME = {"en": "Jun Li", "es": "Ana Gil"}
EMAIL = {"en": "jun.li@example.com", "es": "ana.gil@example.com"}
PUT_OFF = {
    "en": [
        "great, I'll book it later",
        "perfect, I'll confirm once I've spoken to my husband",
        "brilliant, cheers, I'll ring back tomorrow to confirm",
        "ok cool thx, will let u know",
    ],
    "es": [
        "perfecto, luego la hago",
        "va, mañana la confirmo",
        "ok si, te aviso luego",
        "sí, todavía no, espera",
    ],
}
YES = {"en": "yes", "es": "sí"}


@pytest.mark.no_cover
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_yes_that_puts_the_go_ahead_off_books_nothing(tmp_path: Path, language: str) -> None:
    turns = [[DOUBLE[language], NAME[language], EMAIL[language], said] for said in PUT_OFF[language]]
    assert _play(tmp_path, language, turns, None) == []


@pytest.mark.no_cover
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_plain_yes_after_putting_it_off_books(tmp_path: Path, language: str) -> None:
    turns = [[DOUBLE[language], NAME[language], EMAIL[language], PUT_OFF[language][0], YES[language]]]
    booking = {"room": "Delux Rooms", "check_in": "2026-05-20", "check_out": "2026-05-22", "adults": 2,
               "name": NAME[language], "email": EMAIL[language]}  # fmt: skip
    assert _play(tmp_path, language, turns, booking) == []


CALENDAR_NAMES = {
    "en": [("Christmas Smith", "christmas.smith@example.com"), ("Sunday Jones", "sunday.jones@example.com"),
           ("my name is Summer Day", "summer.day@example.com")],
    "es": [("Pilar Domingo", "pilar.domingo@example.com"), ("Noel Navidad", "noel.navidad@example.com"),
           ("me llamo Domingo Viernes", "domingo.viernes@example.com")],
}  # fmt: skip
STANDARD = {"en": "the standard room 2 to 4 July for 2", "es": "la estándar del 2 al 4 de julio para 2"}


@pytest.mark.no_cover
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_name_whose_words_name_a_day_keeps_the_dates(tmp_path: Path, language: str) -> None:
    for name, email in CALENDAR_NAMES[language]:
        turns = [[STANDARD[language], name, email, YES[language]]]
        booking = {"room": "General Rooms", "check_in": "2026-07-02", "check_out": "2026-07-04", "adults": 2,
                   "email": email}  # fmt: skip
        assert _play(tmp_path, language, turns, booking) == []


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("the second, no wait, the third", 2),
        ("the first one... actually the second", 1),
        ("la primera... bueno no, la segunda", 1),
        ("la segunda, no, la tercera", 2),
        ("the double, actually the cheapest", 0),
    ],
)
def test_a_room_put_right_in_the_same_message_is_the_last_one_said(text: str, index: int) -> None:
    corrected, standing = corrected_choice(text)
    assert corrected
    assert offer_still_chosen(standing, OFFERS) == OFFERS[index]


@pytest.mark.parametrize(
    "text",
    [
        "not the cheapest, the next one",
        "la mas barata no, la siguiente",
        "anything but the standard, the cheapest of the rest",
        "cualquiera menos la estandar, la mas barata de las otras",
    ],
)
def test_a_room_ruled_out_is_never_the_one_chosen(text: str) -> None:
    corrected, standing = corrected_choice(text)
    assert corrected
    assert offer_still_chosen(standing, OFFERS) is None  # which one is asked


@pytest.mark.parametrize("text", ["the cheapest", "no, la más barata", "la segunda", "yes the second one"])
def test_a_plain_choice_is_no_correction(text: str) -> None:
    assert corrected_choice(text) == (False, text)


@pytest.mark.no_cover
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_choice_put_right_or_ruled_out_never_books_the_first_room_said(
    tmp_path: Path, language: str
) -> None:
    said = {
        "en": ["not the cheapest, the next one", "anything but the standard, the cheapest of the rest"],
        "es": ["la mas barata no, la siguiente", "cualquiera menos la estandar, la mas barata de las otras"],
    }[language]
    first = {"en": "rooms 10 to 12 April, 2 adults?", "es": "habitación del 10 al 12 de abril para 2"}[
        language
    ]
    turns = [[first, choice, NAME[language], EMAIL[language], YES[language]] for choice in said]
    # the cheapest (General Rooms) is the room ruled out: no booking of it; which one is asked instead
    assert _play(tmp_path, language, turns, None) == []
