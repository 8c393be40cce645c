"""The audio package without the voice extra, and what guests are told."""

from __future__ import annotations

import importlib.util
from importlib.machinery import ModuleSpec

import pytest

import hotel_agent.audio as audio
from hotel_agent.audio import AudioRejected, VoiceTranscriber, build_transcriber, voice_unavailable_message
from hotel_agent.settings import Settings


def test_with_the_voice_extra_a_transcriber_is_built() -> None:
    assert isinstance(build_transcriber(Settings()), VoiceTranscriber)


@pytest.mark.parametrize("missing", audio.VOICE_EXTRA_MODULES)
def test_without_any_part_of_the_voice_extra_there_is_no_transcriber(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, package: str | None = None) -> ModuleSpec | None:
        return None if name == missing else real_find_spec(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert build_transcriber(Settings()) is None


def test_voice_unavailable_reply_asks_for_text_in_the_guests_language() -> None:
    assert "escribirnos" in voice_unavailable_message("es")
    assert "type your question" in voice_unavailable_message("en")
    both = voice_unavailable_message(None)
    assert voice_unavailable_message("es") in both and voice_unavailable_message("en") in both


@pytest.mark.parametrize("reason", ["too_large", "too_long", "corrupt", "unsupported", "no_speech"])
def test_every_rejection_has_a_reply_in_both_languages(reason: str) -> None:
    rejected = AudioRejected(reason, "detail for logs")  # type: ignore[arg-type]
    spanish, english = rejected.guest_message("es"), rejected.guest_message("en")
    assert spanish != english
    assert "detail for logs" not in spanish + english
    assert rejected.guest_message(None) == f"{spanish}\n\n{english}"
    assert rejected.guest_message("fr") == rejected.guest_message(None)
