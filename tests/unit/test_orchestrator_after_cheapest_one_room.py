"""Issue 17 (blind set 17): "after the cheapest room" said as wanted is not "the one after the cheapest"; a room
change that says one room (or "for all of us") to a room that holds the whole party books one room."""

from __future__ import annotations

import pytest

from hotel_agent.orchestrator.handlers.booking import ONE_ROOM
from hotel_agent.orchestrator.references import fold, next_to, says_a_place, without_days


def _folded(text: str) -> str:
    return without_days(fold(text))


@pytest.mark.parametrize(
    "text",
    [
        "G'day, after the cheapest room this weekend, 2 adults",
        "after the cheapest room please",
        "we're after the cheapest room for 2",
        "I'm after the cheapest one",
        "hi. after the most expensive room you have",
        "we are really after the cheapest",
    ],
)
def test_after_said_as_wanted_is_no_place(text: str) -> None:
    assert next_to(_folded(text)) is None
    assert not says_a_place(text)


@pytest.mark.parametrize(
    "text",
    [
        "the one after the cheapest",
        "the one right after the cheapest one",
        "the one before the most expensive",
        "can we go for the one after the cheapest instead?",
        "the room after the cheapest",
    ],
)
def test_one_place_away_still_read(text: str) -> None:
    assert next_to(_folded(text)) is not None


@pytest.mark.parametrize(
    "text",
    [
        "pensándolo bien, mejor una sola habitación familiar",
        "just one room, the family one",
        "a single family room instead",
        "one family room for the 4 of us",
        "una familiar para los 4",
        "one room for all of us",
        "solo una habitación",
    ],
)
def test_one_room_said(text: str) -> None:
    assert ONE_ROOM.search(_folded(text)) is not None


@pytest.mark.parametrize(
    "text", ["2 habitaciones dobles, por favor", "two doubles please", "the family room"]
)
def test_no_room_count_said(text: str) -> None:
    assert ONE_ROOM.search(_folded(text)) is None
