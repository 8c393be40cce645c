"""Voice notes the service will not transcribe, and what the guest is told.

Which failures go where (the pipeline relies on this split):
- `AudioRejected` — retrying cannot help: the file is over the size or duration limit, does not decode
  (corrupt, or not audio at all), is not an audio type, or holds no speech. The guest gets
  `guest_message(language)`; counted in audio_messages_total{result=reason}; never retried.
- `hotel_agent.errors.ProcessingFailure("audio_error")` — may succeed later: the Graph API or media host
  failed or timed out (any HTTP error, including 401/403 from a bad token an operator can fix), no access
  token configured, the model could not be prepared or loaded, or the speech engine raised. The pipeline
  puts the message in the DLQ; counted as result=error.
"""

from __future__ import annotations

from typing import Literal

RejectionReason = Literal["too_large", "too_long", "corrupt", "unsupported", "no_speech"]

_GUEST_MESSAGES: dict[RejectionReason, dict[str, str]] = {
    "too_large": {
        "es": "Tu nota de voz es demasiado grande para procesarla. ¿Puedes enviarnos un audio más corto "
        "o escribirnos tu consulta?",
        "en": "Your voice note is too large for us to process. Could you send a shorter one or type "
        "your question?",
    },
    "too_long": {
        "es": "Tu nota de voz es demasiado larga. ¿Puedes enviarnos un audio más corto o escribirnos "
        "tu consulta?",
        "en": "Your voice note is too long. Could you send a shorter one or type your question?",
    },
    "corrupt": {
        "es": "No hemos podido reproducir tu nota de voz. ¿Puedes enviarla de nuevo o escribirnos "
        "tu consulta?",
        "en": "We could not play your voice note. Could you send it again or type your question?",
    },
    "unsupported": {
        "es": "No podemos procesar ese tipo de archivo. ¿Puedes escribirnos tu consulta?",
        "en": "We cannot process that kind of file. Could you type your question?",
    },
    "no_speech": {
        "es": "No hemos oído ninguna voz en tu nota de voz. ¿Puedes repetirla o escribirnos tu consulta?",
        "en": "We could not hear anyone speaking in your voice note. Could you try again or type "
        "your question?",
    },
}

_VOICE_UNAVAILABLE = {
    "es": "Lo sentimos, ahora mismo no podemos escuchar notas de voz. ¿Puedes escribirnos tu consulta?",
    "en": "Sorry, we cannot listen to voice notes right now. Could you type your question?",
}


def _in_language(messages: dict[str, str], language: str | None) -> str:
    """The message in the guest's language; both (Spanish first) when the language is not known yet."""
    if language in messages:
        return messages[language]
    return f"{messages['es']}\n\n{messages['en']}"


def voice_unavailable_message(language: str | None) -> str:
    """The reply to a voice note when the voice extra is not installed (never a fake transcript)."""
    return _in_language(_VOICE_UNAVAILABLE, language)


class AudioRejected(Exception):
    """A voice note that will not be transcribed, whatever the number of retries."""

    def __init__(
        self,
        reason: RejectionReason,
        message: str,
        *,
        limit: float | None = None,
        actual: float | None = None,
    ) -> None:
        super().__init__(message)
        self.reason: RejectionReason = reason
        self.limit = limit
        self.actual = actual

    def guest_message(self, language: str | None) -> str:
        """What to tell the guest, in their language (es/en; both when unknown)."""
        return _in_language(_GUEST_MESSAGES[self.reason], language)
