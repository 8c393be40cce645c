"""Real offline transcription of espeak-ng voice notes served by a local fake Graph API.

Slow (the model loads once per session, ~1 s per clip): marked `voice`, still part of `make test`.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from prometheus_client import REGISTRY
from typer.testing import CliRunner

from hotel_agent.audio import AudioRejected, Transcript, VoiceTranscriber
from hotel_agent.nlp import analyze
from hotel_agent.settings import Settings, get_settings
from tests.voice.fake_media import FakeMedia, FakeMediaServer
from tests.voice.fixtures import media_server, voice_clips, voice_model_dir

__all__ = ["media_server", "voice_clips", "voice_model_dir"]

pytestmark = pytest.mark.voice


@pytest.fixture
async def transcriber(
    media_server: FakeMediaServer, voice_model_dir: Path
) -> AsyncIterator[VoiceTranscriber]:
    settings = Settings(
        whatsapp_api_base=media_server.api_base,
        whatsapp_access_token=media_server.token,
        audio_model_dir=voice_model_dir,
    )
    voice = VoiceTranscriber(settings)
    yield voice
    await voice.aclose()


def words(transcript: Transcript) -> set[str]:
    return set(re.findall(r"\w+", transcript.text.lower()))


def metric(name: str, labels: dict[str, str] | None = None) -> float:
    return REGISTRY.get_sample_value(name, labels or {}) or 0.0


async def test_spanish_availability_request_with_dates(
    transcriber: VoiceTranscriber, media_server: FakeMediaServer, voice_clips: dict[str, bytes]
) -> None:
    media_server.add("1001", FakeMedia(voice_clips["es"]))
    transcribed_before = metric("audio_messages_total", {"result": "transcribed"})
    durations_before = metric("audio_duration_seconds_count")
    timings_before = metric("audio_transcription_seconds_count")

    transcript = await transcriber.transcribe_media("1001")

    # What the product guarantees, not the recogniser's exact words (they differ by CPU instruction set):
    # the language, the intent, and the dates and room type the guest said.
    assert transcript.language == "es"
    assert 2.0 < transcript.duration_seconds < 10.0
    assert transcript.transcription_seconds > 0
    assert [(r.kind, r.authorized) for r in media_server.requests] == [("lookup", True), ("download", True)]
    assert metric("audio_messages_total", {"result": "transcribed"}) == transcribed_before + 1
    assert metric("audio_duration_seconds_count") == durations_before + 1
    assert metric("audio_transcription_seconds_count") == timings_before + 1

    analysis = analyze(transcript.text, datetime(2027, 1, 10, tzinfo=UTC))
    assert analysis.intent == "check_availability", transcript.text
    assert (analysis.entities.get("check_in"), analysis.entities.get("check_out")) == (
        "2027-03-03",
        "2027-03-05",
    ), transcript.text
    assert analysis.entities.get("room_type") == "double", transcript.text


async def test_english_check_out_question(
    transcriber: VoiceTranscriber, media_server: FakeMediaServer, voice_clips: dict[str, bytes]
) -> None:
    media_server.add("1002", FakeMedia(voice_clips["en"]))
    transcript = await transcriber.transcribe_media("1002")
    assert transcript.language == "en"
    assert "time" in words(transcript), transcript.text
    assert re.search(r"check\s*-?\s*out", transcript.text.lower()), transcript.text
    assert analyze(transcript.text, datetime(2027, 1, 10, tzinfo=UTC)).intent == "check_out_info"


async def test_a_guest_who_switches_language_is_heard_in_the_new_one(
    transcriber: VoiceTranscriber, voice_clips: dict[str, bytes]
) -> None:
    # The conversation was in Spanish; the guest now speaks English. (That a Spanish note Whisper alone takes
    # for English stays Spanish in a Spanish conversation: test_voice_webhook.py, through the whole pipeline.)
    english = await transcriber.transcribe_bytes(voice_clips["en"], "es")
    assert english.language == "en" and "time" in words(english), english.text


async def test_transcribe_bytes_and_the_event_loop_stays_free(
    transcriber: VoiceTranscriber, voice_clips: dict[str, bytes]
) -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    running = asyncio.create_task(ticker())
    try:
        transcript = await transcriber.transcribe_bytes(voice_clips["en"])
    finally:
        running.cancel()
    assert "time" in words(transcript)
    # Recognition took a good fraction of a second; a blocked loop would not have ticked meanwhile.
    assert ticks >= int(transcript.transcription_seconds / 0.01 / 4), (
        ticks,
        transcript.transcription_seconds,
    )


async def test_a_silent_note_is_rejected_as_no_speech_not_invented(
    transcriber: VoiceTranscriber, voice_clips: dict[str, bytes]
) -> None:
    no_speech_before = metric("audio_messages_total", {"result": "no_speech"})
    with pytest.raises(AudioRejected) as caught:
        await transcriber.transcribe_bytes(voice_clips["silence"])
    assert caught.value.reason == "no_speech"
    assert metric("audio_messages_total", {"result": "no_speech"}) == no_speech_before + 1


def test_transcribe_command(
    tmp_path: Path, voice_clips: dict[str, bytes], voice_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hotel_agent.cli import app

    clip = tmp_path / "note.ogg"
    clip.write_bytes(voice_clips["en"])
    monkeypatch.setenv("HOTEL_AGENT_AUDIO_MODEL_DIR", str(voice_model_dir))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["transcribe", str(clip)])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "language" in result.output and " en" in result.output
    assert "time" in result.output.lower()
    assert "real-time factor" in result.output

    broken = tmp_path / "broken.ogg"
    broken.write_bytes(b"definitely not audio")
    result = CliRunner().invoke(app, ["transcribe", str(broken)])
    assert result.exit_code == 3
    assert "corrupt" in result.output
