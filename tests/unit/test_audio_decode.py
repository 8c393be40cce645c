"""Decoding voice notes in-process with PyAV: duration, limits, corrupt input."""

from __future__ import annotations

import pytest

from hotel_agent.audio.decode import SAMPLE_RATE, decode_audio
from hotel_agent.audio.errors import AudioRejected
from tests.voice.fixtures import voice_clips

__all__ = ["voice_clips"]


def test_an_opus_voice_note_decodes_to_mono_16khz(voice_clips: dict[str, bytes]) -> None:
    audio = decode_audio(voice_clips["silence"], max_seconds=60)
    assert audio.samples.dtype.name == "float32"
    assert audio.samples.ndim == 1
    assert audio.duration_seconds == pytest.approx(3.0, abs=0.05)
    assert audio.samples.shape[0] == pytest.approx(3 * SAMPLE_RATE, abs=0.05 * SAMPLE_RATE)


def test_speech_has_signal(voice_clips: dict[str, bytes]) -> None:
    audio = decode_audio(voice_clips["es"], max_seconds=60)
    assert 2.0 < audio.duration_seconds < 10.0
    assert float(abs(audio.samples).max()) > 0.05


def test_over_the_duration_limit_is_rejected_before_decoding(voice_clips: dict[str, bytes]) -> None:
    with pytest.raises(AudioRejected) as caught:
        decode_audio(voice_clips["silence"], max_seconds=1.0)
    assert caught.value.reason == "too_long"
    assert caught.value.limit == 1.0
    assert caught.value.actual == pytest.approx(3.0, abs=0.05)
    assert "demasiado larga" in caught.value.guest_message("es")


def test_a_truncated_note_without_declared_length_is_still_limited(voice_clips: dict[str, bytes]) -> None:
    # Cut the end off: the last page (which declares the length) is gone, the samples are counted instead.
    truncated = voice_clips["silence"][: len(voice_clips["silence"]) * 3 // 4]
    audio = decode_audio(truncated, max_seconds=60)
    assert 1.0 < audio.duration_seconds < 3.0
    with pytest.raises(AudioRejected) as caught:
        decode_audio(truncated, max_seconds=0.5)
    assert caught.value.reason == "too_long"


@pytest.mark.parametrize(
    "data",
    [b"", b"not audio at all" * 100, b"OggS" + bytes(4000), b"\x89PNG\r\n\x1a\n" + bytes(100)],
    ids=["empty", "text", "ogg-header-only", "png"],
)
def test_what_does_not_decode_is_corrupt(data: bytes) -> None:
    with pytest.raises(AudioRejected) as caught:
        decode_audio(data, max_seconds=60)
    assert caught.value.reason == "corrupt"
    assert "reproducir" in caught.value.guest_message("es")
    assert "could not play" in caught.value.guest_message("en")
