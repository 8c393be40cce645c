"""Offline speech recognition with faster-whisper (CTranslate2, cpu, int8): one model per process.

Blocking: call from a worker thread. CTranslate2 releases the GIL while it computes, and `num_workers`
lets that many threads run the model in parallel, so a thread pool of the same size is enough.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

Language = Literal["es", "en"]
SUPPORTED_LANGUAGES: tuple[Language, ...] = ("es", "en")
# Beam search costs about the same as greedy here (~1 s per short clip) and reads robotic voices better.
BEAM_SIZE = 5
# With the conversation's language known, a note is read in the other language only when Whisper gives that
# language at least this share of the two (English notes measured 0.997+; a Spanish note Whisper took for
# English at 170 wpm, 0.70 — see BENCHMARKS.md, "Voice: Spanish").
SWITCH_SHARE = 0.9

_models: dict[tuple[Path, int, int], WhisperModel] = {}
_models_lock = threading.Lock()


@dataclass(frozen=True)
class Recognition:
    text: str
    language: Language
    language_probability: float
    seconds: float


def load_model(model_dir: Path, *, workers: int) -> WhisperModel:
    """The process's model for `model_dir`, loaded on first call (about a second)."""
    cpu_threads = max(1, (os.cpu_count() or 1) // max(1, workers))
    key = (model_dir.resolve(), cpu_threads, workers)
    with _models_lock:
        model = _models.get(key)
        if model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local path never needs the hub; make sure
            from faster_whisper import WhisperModel

            model = WhisperModel(
                str(model_dir),
                device="cpu",
                compute_type="int8",
                cpu_threads=cpu_threads,
                num_workers=workers,
            )
            _models[key] = model
        return model


def recognize(
    model: WhisperModel,
    samples: npt.NDArray[np.float32],
    prompts: Mapping[Language, str] | None = None,
    language_hint: Language | None = None,
) -> Recognition:
    """Transcribe in Spanish or English, whichever Whisper finds likelier, with that language's prompt.

    `language_hint` is the conversation's language when the guest has written before: the note is read in
    it unless Whisper is sure of the other one (`choose_language`).

    Silero VAD (bundled with faster-whisper) drops silence first: without it Whisper "hears" words in a
    silent note. Detection runs on the speech only; segments are lazy, so the first call only detects the
    language, and the decoding runs in that language, primed with the hotel's words (vocabulary.py) — once,
    or twice when the transcript echoes the prompt.
    """
    started = time.perf_counter()
    options: dict[str, Any] = {
        "beam_size": BEAM_SIZE,
        "without_timestamps": True,
        "condition_on_previous_text": False,
        "vad_filter": True,
    }
    segments, info = model.transcribe(samples, **options)
    language, probability = choose_language(info.all_language_probs or [(info.language, 1.0)], language_hint)
    prompt = (prompts or {}).get(language)
    if info.language != language or prompt:
        segments, _ = model.transcribe(samples, language=language, initial_prompt=prompt, **options)
    text = " ".join(segment.text.strip() for segment in segments).strip()
    if prompt and echoes_prompt(text, prompt):
        # On speech it cannot read, Whisper may continue the prompt instead: words the guest never said.
        segments, _ = model.transcribe(samples, language=language, **options)
        text = " ".join(segment.text.strip() for segment in segments).strip()
    return Recognition(
        text=text, language=language, language_probability=probability, seconds=time.perf_counter() - started
    )


ECHO_WORDS = 4  # a run of this many prompt words in a row is the prompt, not the guest


def echoes_prompt(text: str, prompt: str) -> bool:
    """True when the transcript repeats a run of ECHO_WORDS consecutive words of the prompt."""

    def runs(words: list[str]) -> set[tuple[str, ...]]:
        return {tuple(words[i : i + ECHO_WORDS]) for i in range(len(words) - ECHO_WORDS + 1)}

    return bool(runs(_words(text)) & runs(_words(prompt)))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def choose_language(
    all_probabilities: list[tuple[str, float]], hint: Language | None = None
) -> tuple[Language, float]:
    """Whisper knows ~100 languages; guests write es or en, so pick the likelier of the two — or, with the
    conversation's language as `hint`, keep it unless the other has SWITCH_SHARE of the two's probability
    (a guest who switches language is still heard in the new one). Returns the language and its probability.
    """
    scores = {language: float(probability) for language, probability in all_probabilities}
    best = max(SUPPORTED_LANGUAGES, key=lambda language: scores.get(language, 0.0))
    if hint is not None and best != hint:
        total = sum(scores.get(language, 0.0) for language in SUPPORTED_LANGUAGES)
        if total <= 0.0 or scores.get(best, 0.0) / total < SWITCH_SHARE:
            best = hint
    return best, scores.get(best, 0.0)
