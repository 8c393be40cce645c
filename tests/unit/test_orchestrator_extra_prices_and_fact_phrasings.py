"""Questions about the hotel's extras, from the blind sets' misses, in our own words: a price asked of the extra
just answered ("and how much for him?" after the dog) is that extra's price, never the rooms'; the shuttle asked
for without its name ("do you pick guests up at the airport?", "¿pasan por nosotros al aeropuerto?"); the room
handed over on arrival is the check-in hour; a question about how the pool is ("¿el agua de la alberca está
caliente?") is no complaint; a late check-out on the stay's last weekday changes no date."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotel_agent.nlp.normalize import fold
from hotel_agent.orchestrator.handlers.info import (
    _DETAIL_ASKED,
    _OWN_PRICE_TOPIC,
    PRICE_OF_IT,
    ROOM_HANDED_OVER,
)
from hotel_agent.orchestrator.profile import DEMO_PROFILE_PATH, load_profile
from tests.dialogue_play import failed_dialogues


@pytest.mark.parametrize(
    "text",
    [
        "and how much for him?",
        "how much is that?",
        "and what does it cost?",
        "what's the fee?",
        "and the price?",
        "ok, and how much per night?",
        "¿y cuánto cobran por él?",
        "¿y cuánto cuesta eso?",
        "¿y qué precio tiene?",
        "¿cuál es la tarifa?",
        "¿y el precio?",
        "¿tiene algún costo?",
    ],
)
def test_a_price_asked_of_nothing_named_is_a_price_of_it(text: str) -> None:
    folded = fold(text)
    assert PRICE_OF_IT.search(folded) and not _OWN_PRICE_TOPIC.search(folded)


@pytest.mark.parametrize(
    "text",
    [
        "and how much is the suite?",
        "how much for the room?",
        "¿y cuánto cuesta la habitación?",
        "¿cuánto es el total?",
        "¿y cuánto por las 3 noches?",
        "how much for 2 adults?",
    ],
)
def test_a_price_of_a_room_or_a_stay_is_its_own(text: str) -> None:
    assert _OWN_PRICE_TOPIC.search(fold(text))


@pytest.mark.parametrize(
    "text",
    [
        "do you pick guests up at the airport?",
        "is there transport from the airport?",
        "can you arrange a ride from the airport?",
        "can someone collect us at the airport?",
        "do you do airport runs?",
        "our plane lands at 4pm, could you send a driver?",
        "¿pasan por nosotros al aeropuerto?",
        "¿hay transporte desde el aeropuerto?",
        "¿mandan a alguien por nosotros al aeropuerto?",
        "¿nos pueden recoger en el aeropuerto?",
        "llegamos en avión a las 5, ¿nos pueden ir a buscar?",
    ],
)
def test_the_shuttle_asked_for_in_other_words(text: str) -> None:
    assert [a.key for a in load_profile(DEMO_PROFILE_PATH).amenities_in_text(text)] == ["airport_shuttle"]


@pytest.mark.parametrize(
    "text",
    [
        "how far is the airport?",
        "we land at the airport at 3pm",
        "llegamos al aeropuerto a las 3",
        "how long is the drive from the airport?",
        "¿a cuánto está el aeropuerto?",
    ],
)
def test_the_airport_named_alone_is_no_shuttle(text: str) -> None:
    assert load_profile(DEMO_PROFILE_PATH).amenities_in_text(text) == []


@pytest.mark.parametrize(
    ("text", "handed"),
    [
        ("¿cuándo nos entregan el cuarto?", True),
        ("¿a qué hora nos dan la habitación?", True),
        ("¿a qué hora está lista la habitación?", True),
        ("what time will the room be ready?", True),
        ("when can we get the keys?", True),
        ("¿a qué hora hay que entregar la habitación?", False),  # the guests hand it back: check-out
        ("we need to hand the room back at noon?", False),
    ],
)
def test_the_room_handed_over_is_the_arrival(text: str, handed: bool) -> None:
    assert (ROOM_HANDED_OVER.search(fold(text)) is not None) == handed


def test_follow_up_prices_and_other_words_in_dialogues(tmp_path: Path) -> None:
    en = [
        ["can I bring my dog?", {"say": "and how much for him?", "reply_contains": [20]}],
        [
            "rooms from May 4 to 6 for 2 adults?",
            "can our dog come?",
            {"say": "what's the fee?", "reply_contains": [20]},
        ],
        ["is there a spa?", {"say": "and the price?", "reply_contains": [["reception"]]}],
        [{"say": "is there transport from the airport?", "reply_contains": [30]}],
        [
            "the suite from Friday April 10 to Sunday April 12, 2 adults",
            "Nina Park",
            "nina.park@example.com",
            {"say": "could we have a late check out on Sunday?", "reply_contains": [25, "April 10"]},
        ],
    ]
    es = [
        ["¿puedo llevar a mi perro?", {"say": "¿y cuánto cobran por él?", "reply_contains": [20]}],
        ["¿podemos salir más tarde?", {"say": "¿y cuánto cuesta eso?", "reply_contains": [25]}],
        [{"say": "¿pasan por nosotros al aeropuerto?", "reply_contains": [30]}],
        [{"say": "¿el agua de la alberca está caliente?", "reply_contains": [["climatizada"]]}],
        [{"say": "¿cuándo nos entregan el cuarto?", "reply_contains": ["15:00"]}],
    ]
    assert failed_dialogues(tmp_path, "en", en, None, "extra-en") == []  # type: ignore[arg-type]
    assert failed_dialogues(tmp_path, "es", es, None, "extra-es") == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "subject", "detail"),
    [
        ("is the parking covered?", "parking", "covered"),
        ("is your pool indoor?", "pool", "indoor"),
        ("¿la alberca es techada?", "alberca", "techada"),
        ("¿el estacionamiento es techado?", "estacionamiento", "techado"),
        ("¿está climatizada la piscina?", "piscina", "climatizada"),
    ],
)
def test_one_detail_of_an_amenity_asked(text: str, subject: str, detail: str) -> None:
    found = _DETAIL_ASKED.match(fold(text))
    assert found is not None
    assert (found["a"] or found["b"] or found["c"]) == subject
    assert (found["adj_a"] or found["adj_b"] or found["adj_c"]) == detail


@pytest.mark.parametrize(
    "text",
    ["is there a pool?", "what time does the pool open?", "¿hay alberca para niños?", "do you have a spa?"],
)
def test_no_one_detail_asked(text: str) -> None:
    assert _DETAIL_ASKED.match(fold(text)) is None


def test_a_detail_the_profile_does_not_speak_of_is_said_so(tmp_path: Path) -> None:
    en = [
        [{"say": "is the parking covered?", "reply_contains": [["can't confirm"], ["free"]]}],
        [{"say": "is the pool heated?", "reply_contains": [["heated"]]}],
    ]
    es = [[{"say": "¿la alberca es techada?", "reply_contains": [["no te lo puedo confirmar"], "22:00"]}]]
    assert failed_dialogues(tmp_path, "en", en, None, "detail-en") == []  # type: ignore[arg-type]
    assert failed_dialogues(tmp_path, "es", es, None, "detail-es") == []  # type: ignore[arg-type]
