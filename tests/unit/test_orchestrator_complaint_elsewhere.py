"""Issue 17 kinds from blind set 17: a complaint about another place ("the place we had booked", "el otro hotel",
"donde nos quedamos", "our airbnb") is no complaint to this hotel (no handoff, a room offered), one about this
hotel still is; a wish to stay or celebrate with no word of a booking made is a new booking, never a change."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotel_agent.nlp.normalize import fold
from hotel_agent.orchestrator.dialogue import ELSEWHERE, THIS_HOTEL, WISH_TO_STAY
from tests.dialogue_play import failed_dialogues


@pytest.mark.parametrize(
    "text",
    [
        "the place we had booked is a mess",
        "the hotel we booked has no water",
        "our previous hotel was dreadful",
        "my airbnb is filthy",
        "el otro hotel es un desastre",
        "donde nos hospedamos no hay luz",
        "nuestro airbnb está sucísimo",
        "el hotel que reservamos está cerrado",
        "el alojamiento anterior fue horrible",
    ],
)
def test_another_place_is_named(text: str) -> None:
    folded = fold(text)
    assert ELSEWHERE.search(folded) is not None
    assert THIS_HOTEL.search(folded) is None


@pytest.mark.parametrize(
    "text",
    [
        "the shower in my room is broken",
        "your staff were rude to us",
        "mi habitación está sucia",
        "el aire acondicionado de aquí no funciona",
    ],
)
def test_this_hotel_is_not_another_place(text: str) -> None:
    folded = fold(text)
    assert ELSEWHERE.search(folded) is None or THIS_HOTEL.search(folded) is not None


@pytest.mark.parametrize(
    ("text", "wished"),
    [
        ("Mi pareja y yo queremos celebrar su cumpleaños en la playa", True),
        ("nos gustaría pasar el fin de semana con ustedes", True),
        ("we'd like to spend our anniversary by the sea", True),
        ("we want to celebrate my mum's 60th", True),
        ("quiero cambiar mi reserva", False),
        ("the hotel is lovely", False),
    ],
)
def test_a_wish_to_stay(text: str, wished: bool) -> None:
    assert (WISH_TO_STAY.search(fold(text)) is not None) is wished


@pytest.mark.no_cover
@pytest.mark.parametrize(
    ("language", "turns"),
    [
        (
            "en",
            [
                "Good evening, just got to the city and the place I had booked is a dump",
                "anything for tonight?",
            ],
        ),
        ("en", ["the other hotel lost our booking, so annoying", "June 2 to 4, 2 adults"]),
        ("es", ["el hotel donde nos quedamos es un horror 😩", "¿tienen algo del 2 al 4 de junio para 2?"]),
        (
            "es",
            ["Mi marido y yo queremos celebrar nuestro aniversario en la playa", "llegamos el 12 de abril"],
        ),
    ],
)
def test_no_handoff_and_no_booking_number(tmp_path: Path, language: str, turns: list[str]) -> None:
    failed = failed_dialogues(tmp_path, language, [turns], None, "elsewhere")
    assert [(o.dialogue.id, o.failures) for o in failed] == []
