"""Voice note → Transcript: fetch from WhatsApp, decode, transcribe offline, off the event loop.

Decoding and speech recognition run in a thread pool of `settings.audio_workers` threads, sharing the
process's one model (see engine.py), so the event loop keeps acking webhooks while a note is transcribed.
Which failures are `AudioRejected` and which are `ProcessingFailure("audio_error")` is set out in errors.py.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import httpx
import numpy as np
import numpy.typing as npt

from hotel_agent.audio.engine import Language, Recognition
from hotel_agent.audio.errors import AudioRejected
from hotel_agent.audio.vocabulary import RecognitionVocabulary, hotel_vocabulary
from hotel_agent.channels.whatsapp_media import InvalidMediaId, MediaTooLarge, MediaUnavailable, fetch_media
from hotel_agent.errors import ProcessingFailure
from hotel_agent.observability.metrics import (
    AUDIO_DURATION_SECONDS,
    AUDIO_MESSAGES,
    AUDIO_TRANSCRIPTION_SECONDS,
)
from hotel_agent.orchestrator.profile import load_profile
from hotel_agent.settings import Settings

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

    from hotel_agent.pms.base import PMS

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Transcript:
    text: str
    language: Language
    duration_seconds: float  # of the audio
    transcription_seconds: float  # wall time of speech recognition (model already loaded)


class VoiceTranscriber:
    def __init__(
        self,
        settings: Settings,
        *,
        http: httpx.AsyncClient | None = None,
        vocabulary: RecognitionVocabulary | None = None,
    ) -> None:
        self.settings = settings
        self._http = http
        self._owns_http = http is None
        self._executor = ThreadPoolExecutor(
            max_workers=max(1, settings.audio_workers), thread_name_prefix="hotel-agent-stt"
        )
        # The hotel's words the recogniser expects: the profile's now, the PMS's room types once known.
        self._profile = load_profile(settings.hotel_profile)
        self.vocabulary = vocabulary if vocabulary is not None else hotel_vocabulary(self._profile)

    async def transcribe_media(self, media_id: str, language: Language | None = None) -> Transcript:
        """Look the WhatsApp media up, download it with the access token and transcribe it.

        `language`: the conversation's, when the guest has written before (engine.choose_language).
        """
        return await self._counted(self._transcribe_media(media_id, language))

    async def transcribe_bytes(self, data: bytes, language: Language | None = None) -> Transcript:
        return await self._counted(self._transcribe_bytes(data, language))

    async def warm_up(self) -> None:
        """Prepare the model cache and load the model now, so the first guest does not wait for it."""
        await self._in_worker(self._model)

    async def learn_room_types(self, pms: PMS) -> None:
        """Add the room type names the PMS sells to the vocabulary (kept as is if the PMS does not answer)."""
        try:
            names = [room_type.name for room_type in await pms.room_types()]
        except Exception as exc:
            log.warning("voice vocabulary without the PMS's room types: %s", type(exc).__name__)
            return
        self.vocabulary = hotel_vocabulary(self._profile, names)

    async def aclose(self) -> None:
        if self._http is not None and self._owns_http:
            await self._http.aclose()
            self._http = None
        self._executor.shutdown(wait=False, cancel_futures=True)

    # --- steps ----------------------------------------------------------------------------------
    async def _transcribe_media(self, media_id: str, language: Language | None) -> Transcript:
        token = self.settings.whatsapp_access_token
        if token is None or not token.get_secret_value():
            raise ProcessingFailure(
                "audio_error", "no WhatsApp access token configured to download voice notes"
            )
        try:
            media = await fetch_media(
                self._client(),
                api_base=self.settings.whatsapp_api_base,
                media_id=media_id,
                access_token=token.get_secret_value(),
                max_bytes=self.settings.audio_max_bytes,
            )
        except MediaTooLarge as exc:
            raise AudioRejected("too_large", str(exc), limit=exc.limit, actual=exc.size) from exc
        except InvalidMediaId as exc:
            raise AudioRejected("unsupported", str(exc)) from exc
        except MediaUnavailable as exc:
            raise ProcessingFailure("audio_error", str(exc), detail={"status_code": exc.status_code}) from exc
        if media.mime_type and not media.mime_type.lower().startswith("audio/"):
            raise AudioRejected("unsupported", f"media of type {media.mime_type!r} is not audio")
        return await self._transcribe_bytes(media.data, language)

    async def _transcribe_bytes(self, data: bytes, language: Language | None) -> Transcript:
        limit = self.settings.audio_max_bytes
        if len(data) > limit:
            raise AudioRejected("too_large", f"audio is {len(data)} bytes, over the {limit}-byte limit")
        from hotel_agent.audio.decode import decode_audio

        try:
            audio = await self._in_worker(
                functools.partial(decode_audio, data, max_seconds=self.settings.audio_max_seconds)
            )
        except AudioRejected:
            raise
        except Exception as exc:  # not the file's fault (e.g. out of memory): worth a retry
            raise ProcessingFailure("audio_error", f"decoding failed: {type(exc).__name__}: {exc}") from exc
        AUDIO_DURATION_SECONDS.observe(audio.duration_seconds)
        recognition = await self._in_worker(functools.partial(self._recognize, audio.samples, language))
        AUDIO_TRANSCRIPTION_SECONDS.observe(recognition.seconds)
        if not recognition.text:
            raise AudioRejected("no_speech", "no speech was recognised in the audio")
        log.info(
            "voice note transcribed",
            extra={
                "language": recognition.language,
                "duration_seconds": round(audio.duration_seconds, 2),
                "transcription_seconds": round(recognition.seconds, 2),
            },
        )
        return Transcript(
            text=recognition.text,
            language=recognition.language,
            duration_seconds=audio.duration_seconds,
            transcription_seconds=recognition.seconds,
        )

    # --- in worker threads ----------------------------------------------------------------------
    def _model(self) -> WhisperModel:
        from hotel_agent.audio.engine import load_model
        from hotel_agent.audio.model_cache import ModelUnavailable, ensure_model_dir, model_dir_for

        try:
            model_dir = ensure_model_dir(model_dir_for(self.settings))
            return load_model(model_dir, workers=max(1, self.settings.audio_workers))
        except ModelUnavailable as exc:
            raise ProcessingFailure("audio_error", str(exc)) from exc
        except Exception as exc:
            raise ProcessingFailure(
                "audio_error", f"the speech model did not load: {type(exc).__name__}: {exc}"
            ) from exc

    def _recognize(self, samples: npt.NDArray[np.float32], language: Language | None) -> Recognition:
        from hotel_agent.audio.engine import recognize

        model = self._model()
        try:
            return recognize(model, samples, self.vocabulary.prompts, language)
        except Exception as exc:
            raise ProcessingFailure(
                "audio_error", f"speech recognition failed: {type(exc).__name__}: {exc}"
            ) from exc

    # --- plumbing -------------------------------------------------------------------------------
    async def _in_worker(self, job: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, job)

    def _client(self) -> httpx.AsyncClient:
        if self._http is None:
            self._http = httpx.AsyncClient(
                timeout=self.settings.audio_download_timeout_seconds, follow_redirects=True
            )
        return self._http

    @staticmethod
    async def _counted(work: Awaitable[Transcript]) -> Transcript:
        try:
            transcript = await work
        except AudioRejected as exc:
            AUDIO_MESSAGES.labels(result=exc.reason).inc()
            raise
        except ProcessingFailure:
            AUDIO_MESSAGES.labels(result="error").inc()
            raise
        AUDIO_MESSAGES.labels(result="transcribed").inc()
        return transcript
