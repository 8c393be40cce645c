"""The one NLP engine: language, entities, intent. Built once per process; thread-safe; cheap after warm_up."""

from __future__ import annotations

import threading
from datetime import date, datetime
from pathlib import Path

from hotel_agent.nlp.classifier import classify, map_emojis
from hotel_agent.nlp.embeddings import PrototypeIndex
from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.language import LanguageIdentifier
from hotel_agent.nlp.normalize import fold, numbers_to_digits
from hotel_agent.nlp.types import Analysis, Language


class NLPEngine:
    def __init__(
        self, use_embeddings: bool = True, min_confidence: float = 0.45, cache_dir: Path | None = None
    ) -> None:
        self.use_embeddings = use_embeddings
        self.min_confidence = min_confidence
        self._languages = LanguageIdentifier()
        self._index = PrototypeIndex(cache_dir) if use_embeddings else None

    def warm_up(self) -> None:
        self._languages.warm_up()
        if self._index is not None:
            self._index.warm_up()
        self.analyze("hola, quiero reservar del 3 al 5 de marzo", date(2025, 1, 1))

    def detect_language(self, text: str) -> Language:
        return self._languages.detect(text)

    def analyze(
        self,
        text: str,
        now: datetime | date,
        language: str | None = None,
        reference: date | None = None,
    ) -> Analysis:
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        if language is not None and language not in ("es", "en"):
            raise ValueError(f"language must be 'es' or 'en', not {language!r}")
        today = now.date() if isinstance(now, datetime) else now
        detected: Language = language if language is not None else self._languages.detect(text)  # type: ignore[assignment]
        folded = fold(map_emojis(text))
        entities = extract(text, numbers_to_digits(folded, detected), today, detected, reference)
        decision = classify(text, folded, entities, self._index, self.min_confidence)
        return Analysis(
            intent=decision.intent,
            confidence=round(decision.confidence, 3),
            language=detected,
            entities=entities,
        )


_engine: NLPEngine | None = None
_engine_lock = threading.Lock()


def get_engine() -> NLPEngine:
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                from hotel_agent.settings import get_settings

                settings = get_settings()
                _engine = NLPEngine(
                    settings.nlp_use_embeddings,
                    settings.nlp_min_confidence,
                    settings.data_dir / "cache" / "nlp",
                )
    return _engine


def analyze(
    text: str, now: datetime | date, language: str | None = None, reference: date | None = None
) -> Analysis:
    """Intent, confidence, language and entities of one guest message, dates resolved against `now`.
    `reference` (optional): a date the conversation is already about — a day given without its month
    ("make it the 21st") takes that date's month."""
    return get_engine().analyze(text, now, language, reference)


def detect_language(text: str) -> Language:
    """es or en, for texts that are not analysed (e.g. a holding reply before the PMS answers)."""
    return get_engine().detect_language(text)


def warm_up() -> None:
    """Load the language models and embed the prototypes so the first guest does not pay for it."""
    get_engine().warm_up()
