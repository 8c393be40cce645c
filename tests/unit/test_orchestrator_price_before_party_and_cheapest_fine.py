"""A room named with its dates and its price asked before the party ("¿cuánto cuesta la suite para Nochevieja?",
"how much is the Delux for Easter?") gets its price per night and total for those nights, then the party asked;
without a price asked the party is asked as before. "The cheapest is fine" after a room was chosen by name is put
to the guest (which room, its price) and changes nothing until a yes; a change asked for in so many words
("switch us to the cheapest room") is made and said, as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotel_agent.nlp.normalize import fold
from hotel_agent.orchestrator.handlers.booking import CHANGE_ASKED, FINE_BY_ME, KEEP_IT, ROOM_CHANGE_WORDS
from tests.dialogue_play import failed_dialogues


@pytest.mark.parametrize(
    ("text", "fine"),
    [
        ("the cheapest is fine", True),
        ("hmm the cheapest one will do", True),
        ("the cheapest works for us", True),
        ("la más barata está bien", True),
        ("la más económica nos vale", True),
        ("la más barata me parece bien", True),
        ("switch us to the cheapest room", False),
        ("can we have the cheapest instead?", False),
        ("cámbiame a la más barata", False),
    ],
)
def test_a_room_by_price_said_to_be_fine_is_no_change_asked(text: str, fine: bool) -> None:
    folded = fold(text)
    asked = ROOM_CHANGE_WORDS.search(folded) or CHANGE_ASKED.search(folded)
    assert (FINE_BY_ME.search(folded) is not None and not asked) == fine


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("no, keep the suite", True),
        ("no thanks", True),
        ("mejor no", True),
        ("no, nos quedamos con la familiar", True),
        ("yes please", False),
        ("sí, cámbiala", False),
    ],
)
def test_keeping_the_room_chosen(text: str, kept: bool) -> None:
    assert (KEEP_IT.search(fold(text)) is not None) == kept


def test_price_before_the_party_and_the_cheapest_put_to_the_guest(tmp_path: Path) -> None:
    en_quotes = [
        [{"say": "how much is the Delux for Easter?", "reply_contains": [1820, 5460, ["guests"]]}],
        [{"say": "how much would the family room be from April 10 to 13?", "reply_contains": [3380, 10140]}],
        [{"say": "I want the suite from April 10 to 12", "reply_contains": [["how many"]]}],
    ]
    es_quotes = [
        [{"say": "¿cuánto cuesta la suite para Nochevieja?", "reply_contains": [2860, ["personas"]]}],
    ]
    assert failed_dialogues(tmp_path, "en", en_quotes, None, "pricefirst-en") == []  # type: ignore[arg-type]
    assert failed_dialogues(tmp_path, "es", es_quotes, None, "pricefirst-es") == []  # type: ignore[arg-type]
    stay = {"check_in": "2026-04-10", "check_out": "2026-04-12", "adults": 2}
    changed = [
        [
            "I'd like to book the suite from April 10 to 12 for 2 adults",
            "the cheapest is fine",
            "yes",
            "Ann Lee",
            "ann@example.com",
            "yes",
        ],
    ]
    kept = [
        [
            "I'd like to book the suite from April 10 to 12 for 2 adults",
            "Ann Lee",
            "the cheapest is fine",
            "no, keep the suite",
            "ann@example.com",
            "yes",
        ],
        # a name typed instead of the yes: the room as chosen (the summary shows it before any booking)
        [
            "I'd like to book the suite from April 10 to 12 for 2 adults",
            "the cheapest is fine",
            "Ann Lee",
            "ann@example.com",
            "yes",
        ],
    ]
    general = {"room": "General Rooms", **stay}
    suite = {"room": "Luxury Rooms", **stay}
    assert failed_dialogues(tmp_path, "en", changed, general, "cheapest-yes") == []
    assert failed_dialogues(tmp_path, "en", kept, suite, "cheapest-kept") == []


def test_a_change_of_mind_to_a_cheaper_room_is_made_directly(tmp_path: Path) -> None:
    turns = [
        [
            "any rooms from June 1 to 4 for 2 adults?",
            "the second one",
            "wait, actually the first one is fine, it's cheaper",
            "Oskar Lind",
            "oskar.lind@example.com",
            "yes",
        ]
    ]
    booking = {"room": "General Rooms", "check_in": "2026-06-01", "check_out": "2026-06-04", "adults": 2}
    assert failed_dialogues(tmp_path, "en", turns, booking, "change-of-mind") == []
