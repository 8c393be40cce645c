"""The dialogue's word matchers compiled once per word list find exactly what a search per word found."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from hotel_agent.orchestrator.profile import load_profile
from hotel_agent.orchestrator.references import KIND_WORDS, _names_a_kind, _words_pattern, fold, kinds_in_text
from hotel_agent.orchestrator.state import DialogueState
from hotel_agent.pms.base import RoomType

TEXTS = [
    "la de lujo por favor",
    "the double, actually the cheapest",
    "dos habitaciones generales",
    "two executives for the 3rd",
    "the sweet one",
    "sweet, thanks",
    "una dobel",
    "we're a family of 4",
    "family room please",
    "¿Tenéis piscina?",
    "can I bring my dog?",
    "is breakfast included? and parking",
    "",
    "dbl + twn",
    "Suite-ish",
]

ROOMS = [
    RoomType(1, "Executive Rooms", Decimal(100), 2, 1, "double"),
    RoomType(2, "Luxury Suite", Decimal(200), 2, 2, "suite"),
    RoomType(3, "General Rooms", Decimal(50), 1, 0, "single"),
]


def _kinds_word_by_word(text: str) -> set[str]:
    """kinds_in_text's everyday-word and room-name part as it was: one search per word."""
    from hotel_agent.orchestrator.references import FAMILY_PARTY

    folded = f" {FAMILY_PARTY.sub(' ', fold(text))} "
    kinds = set()
    for room in ROOMS:
        words = [w for w in fold(room.name).split() if w not in ("rooms", "room", "habitacion")]
        if any(re.search(rf"\b{re.escape(w)}(?:e?s)?\b", folded) for w in words):
            kinds.add(room.kind)
    for kind, everyday in KIND_WORDS.items():
        if any(re.search(rf"\b{re.escape(w)}\b", folded) for w in everyday):
            kinds.add(kind)
    return kinds


@pytest.mark.parametrize("text", TEXTS)
def test_kind_words_as_one_pattern(text: str) -> None:
    # Typed-with-a-slip matches come on top of the exact ones, never instead of them.
    assert _kinds_word_by_word(text) <= kinds_in_text(text, ROOMS)
    folded = fold(text)
    for words in KIND_WORDS.values():
        found = any(re.search(rf"\b{re.escape(w)}\b", folded) for w in words)
        assert bool(_words_pattern(words).search(folded)) == found
    every = [w for words in KIND_WORDS.values() for w in words]
    assert _names_a_kind(folded) == any(re.search(rf"\b{re.escape(w)}\b", folded) for w in every)


@pytest.mark.parametrize("text", TEXTS)
def test_amenities_found_as_before(text: str) -> None:
    from hotel_agent.orchestrator.profile import _amenity_phrases, _padded_folded

    profile = load_profile()
    words = _padded_folded(text)
    before = [
        a
        for a in profile.amenities
        if any(p in words for p in _amenity_phrases(a.key, a.name.es, a.name.en, tuple(a.aliases)))
    ]
    assert profile.amenities_in_text(text) == before


def test_an_edited_profile_is_matched_by_its_own_words() -> None:
    profile = load_profile()
    amenity = profile.amenities[0]
    assert not profile.amenities_in_text("zorblax please")
    amenity.aliases = [*amenity.aliases, "zorblax"]
    assert profile.amenities_in_text("zorblax please") == [amenity]


def test_fresh_states_share_nothing() -> None:
    first, second = DialogueState.load({}), DialogueState.load({})
    first.search.adults = 2
    first.own_booking_ids.append("B1")
    first.last_topics.append("pool")
    assert second.search.adults is None and second.own_booking_ids == [] and second.last_topics == []
    assert DialogueState.load({}).dump() == DialogueState().dump()
