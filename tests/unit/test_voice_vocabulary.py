"""The recogniser's vocabulary comes from the hotel's data, and spoken numbers reach the entities."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import yaml

from hotel_agent.audio.engine import echoes_prompt
from hotel_agent.audio.vocabulary import MAX_PROMPT_CHARS, build_vocabulary, hotel_vocabulary
from hotel_agent.nlp import analyze
from hotel_agent.orchestrator.profile import load_profile

CLIP_SET = Path(__file__).resolve().parents[1] / "voice" / "clip_set.yaml"


def test_the_prompt_carries_the_hotels_words_in_each_language() -> None:
    vocabulary = hotel_vocabulary(load_profile(), ["Delux Rooms", "Luxury Rooms"])
    spanish, english = vocabulary.prompt("es"), vocabulary.prompt("en")
    assert spanish is not None and english is not None
    assert "The Hotel Prime" in spanish and "The Hotel Prime" in english
    assert "Delux Rooms" in spanish and "Luxury Rooms" in english  # from the PMS
    assert "habitación doble" in spanish and "double room" in english  # the profile's speech_hints
    assert "Piscina" in spanish and "Pool" in english  # amenity names, per language
    assert not re.search(r"\d|junio|June", spanish + english)  # no date Whisper could copy into a note


def test_a_transcript_that_repeats_the_prompt_is_caught() -> None:
    prompt = (
        "Hola, buenas. Reservas en The Hotel Prime: habitación individual, habitación doble, twin, suite."
    )
    assert echoes_prompt(
        "Quería reservar en The Hotel Prime, habitación individual, habitación doble", prompt
    )
    assert not echoes_prompt("Hola, ¿tienen habitación doble del 3 al 5 de marzo para dos?", prompt)


def test_words_are_deduplicated_and_the_prompt_stays_short() -> None:
    vocabulary = build_vocabulary(
        "H", {"es": ["doble", "Doble ", " ", "suite"], "en": [f"w{i}" for i in range(500)]}
    )
    assert vocabulary.prompt("es") is not None
    assert "doble, suite" in (vocabulary.prompt("es") or "")
    assert len(vocabulary.prompt("en") or "") <= MAX_PROMPT_CHARS
    assert "w0, w1" in (vocabulary.prompt("en") or "")


def test_a_recogniser_that_writes_numbers_as_words_loses_no_entity() -> None:
    """The clip set's reference texts say every number in words, as a voice note does."""
    document = yaml.safe_load(CLIP_SET.read_text(encoding="utf-8"))
    now = datetime.fromisoformat(document["now"]).replace(tzinfo=UTC)
    assert len([c for c in document["clips"] if c["language"] == "es"]) >= 20
    assert len([c for c in document["clips"] if c["language"] == "en"]) >= 20
    fields = matched = 0
    for clip in document["clips"]:
        analysis = analyze(clip["text"], now, language=clip["language"])
        assert analysis.intent in {"check_availability", "make_reservation"}, clip["text"]
        for key, value in clip["entities"].items():
            fields += 1
            matched += analysis.entities.get(key) == value
    assert matched / fields >= 0.97, (matched, fields)
