"""Kinds read from blind set 20 (issue 17), as guarantees: a room put aside by its price in the same message as
another chosen ("the family room is too much, we'll take the double one", "la familiar se nos va de presupuesto,
mejor la doble") books the other one, never the room put aside; the "one" of "the double one" is a room, never a
party of one; a departure day said alone ("leaving on the 2nd", "salimos el 2") after the arrival is the next such
day after it (the month or year rolled over), never a new arrival, and a length said with it that disagrees is
asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotel_agent.orchestrator.references import kind_chosen_over_priced_out, one_is_a_room
from hotel_agent.pms.base import RoomType
from hotel_agent.pms.simulator.demo import DEMO_ROOM_TYPES
from tests.dialogue_play import failed_dialogues

ROOMS = [RoomType(d.id, d.name, d.base_price, d.max_adults, d.max_children, d.kind) for d in DEMO_ROOM_TYPES]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Family room is too much. We will take the double one", "double"),
        ("the suite is out of our budget, we'll go with the delux", "double"),
        ("hmm the executive looks too expensive, the general one then", "single"),
        ("wait, can we make it the delux instead? the suite is a bit much", "double"),
        ("la familiar se nos va de presupuesto, mejor la doble", "double"),
        ("la suite es demasiado cara para nosotros, nos quedamos con una doble", "double"),
        ("la ejecutiva sale muy cara, así que la estándar", "single"),
        # nothing else, or several others named: no room taken (the choice is asked)
        ("the suite is too expensive", None),
        ("the family room is over our budget, the delux or the general?", None),
        ("la suite se nos va de presupuesto", None),
    ],
)
def test_a_room_put_aside_by_its_price_is_no_choice(text: str, kind: str | None) -> None:
    assert kind_chosen_over_priced_out(text, ROOMS) == (True, kind)


@pytest.mark.parametrize("text", ["the double please", "is the suite too expensive?", "la doble, por favor"])
def test_no_room_put_aside_without_its_price_said_of_it(text: str) -> None:
    assert kind_chosen_over_priced_out(text, ROOMS) == (False, None)


@pytest.mark.parametrize(
    ("text", "room"),
    [
        ("We will take the double one", True),
        ("ok the suite one", True),
        ("the cheaper one please", True),
        ("una doble", True),
        ("the double one, just for one adult", False),
        ("one adult, the double one", False),
        ("the double one for me", False),
        ("a room for one", False),
        ("just one person", False),
        ("una persona", False),
    ],
)
def test_the_one_of_a_room_is_no_party(text: str, room: bool) -> None:
    assert one_is_a_room(text) is room


FAMILY = {
    "en": "hi, 2 adults and 2 kids, July 8 to 12, what do you have?",
    "es": "hola, somos 2 adultos y 2 niños, del 8 al 12 de julio, ¿qué tienen?",
}
PRICED_OUT = {
    "en": [
        "the family room is too much. we will take the double one",
        "Family is out of budget, so the delux one",
        "ok the family one is too pricey, we'll go for the double",
    ],
    "es": [
        "la familiar se nos va de presupuesto, mejor la doble",
        "la familiar es demasiado cara, nos quedamos con la doble",
        "la familiar se sale del presupuesto, así que una doble",
    ],
}
NAME = {"en": "Jun Li", "es": "Ana Gil"}
EMAIL = {"en": "jun.li@example.com", "es": "ana.gil@example.com"}
YES = {"en": "yes", "es": "sí"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_room_chosen_over_one_priced_out_is_booked_for_the_party_as_it_was(
    tmp_path: Path, language: str
) -> None:
    turns_of = [
        [FAMILY[language], said, NAME[language], EMAIL[language], YES[language]]
        for said in PRICED_OUT[language]
    ]
    booking = {
        "room": "Delux Rooms",
        "check_in": "2026-07-08",
        "check_out": "2026-07-12",
        "adults": 2,
        "children": 2,
        "name": NAME[language],
        "email": EMAIL[language],
    }
    failed = failed_dialogues(tmp_path, language, turns_of, booking, "set20-priced")
    assert [(o.dialogue.id, o.failures) for o in failed] == []


NEW_YEAR = {
    "en": "a room for December 31, one night, 2 adults, the suite",
    "es": "una habitación para el 31 de diciembre, una noche, 2 adultos, la suite",
}
LEAVING = {
    "en": [
        "actually we'd like 2 nights, so leaving on the 2nd",
        "we're leaving on the 2nd",
        "checking out on the 2nd",
    ],
    "es": ["mejor 2 noches, salimos el 2", "en realidad nos vamos el 2", "dejamos la habitación el 2"],
}
DISAGREES = {"en": "we'd like 3 nights, leaving on the 2nd", "es": "queremos 3 noches, salimos el 2"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_departure_day_said_alone_is_the_next_such_day_after_the_arrival(
    tmp_path: Path, language: str
) -> None:
    turns_of = [
        [NEW_YEAR[language], said, NAME[language], EMAIL[language], YES[language]]
        for said in LEAVING[language]
    ]
    booking = {
        "room": "Luxury Rooms",
        "check_in": "2026-12-31",
        "check_out": "2027-01-02",
        "adults": 2,
        "name": NAME[language],
        "email": EMAIL[language],
    }
    failed = failed_dialogues(tmp_path, language, turns_of, booking, "set20-leaving")
    assert [(o.dialogue.id, o.failures) for o in failed] == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_length_that_disagrees_with_the_departure_day_is_asked(tmp_path: Path, language: str) -> None:
    turns = [NEW_YEAR[language], DISAGREES[language], NAME[language], EMAIL[language], YES[language]]
    failed = failed_dialogues(tmp_path, language, [turns], None, "set20-disagrees")
    assert [(o.dialogue.id, o.failures) for o in failed] == []


PARTY = {
    "en": "hello, 2 adults and 2 children, May 10 to 13",
    "es": "hola, somos 2 adultos y 2 niños, del 10 al 13 de mayo",
}
FITS = {
    "en": [
        "does the double fit 4 of us?",
        "would the delux fit all 4 of us?",
        "is the double big enough for the 4 of us?",
    ],
    "es": ["¿cabemos los 4 en la doble?", "¿en la doble cabemos los 4?"],
}
THE_DOUBLE = {"en": "ok, the double then", "es": "vale, la doble entonces"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_capacity_question_counting_the_party_given_keeps_it(tmp_path: Path, language: str) -> None:
    turns_of = [
        [PARTY[language], fits, THE_DOUBLE[language], NAME[language], EMAIL[language], YES[language]]
        for fits in FITS[language]
    ]
    booking = {
        "room": "Delux Rooms",
        "check_in": "2026-05-10",
        "check_out": "2026-05-13",
        "adults": 2,
        "children": 2,
        "name": NAME[language],
        "email": EMAIL[language],
    }
    failed = failed_dialogues(tmp_path, language, turns_of, booking, "set20-fits")
    assert [(o.dialogue.id, o.failures) for o in failed] == []
