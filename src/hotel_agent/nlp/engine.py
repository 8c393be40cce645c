"""The one NLP engine: language, entities, intent. Built once per process; thread-safe; cheap after warm_up.

Intent: the text model (learned.py: character and word n-grams, the rules' cue scores and the entities found)
gives a probability per intent in well under a millisecond. When its best is below EMBED_BELOW the
multilingual-e5-small sentence model votes too (10-25 ms on two busy cores, so only for the unsure minority).
Below the minimum confidence the engine does not act: it returns the likeliest readings and the orchestrator
asks the guest which one they meant. The thresholds are measured in docs/architecture.md (Understanding).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from hotel_agent.nlp.classifier import map_emojis, rule_evidence
from hotel_agent.nlp.embeddings import SentenceEmbedder
from hotel_agent.nlp.entities import as_dated, companions_named, extract
from hotel_agent.nlp.language import LanguageIdentifier
from hotel_agent.nlp.learned import MODEL_PATH, IntentModel, text_features
from hotel_agent.nlp.normalize import expand_texting, fold, numbers_to_digits
from hotel_agent.nlp.types import Analysis, Language

DEFAULT_MIN_CONFIDENCE = 0.4  # with CLARIFY_MARGIN: chosen on dev + held-out (BENCHMARKS.md, NLP)
EMBED_BELOW = (
    0.5  # chosen on the dev set: e5 on 3 % of messages, so it no longer sets the p95 (BENCHMARKS.md)
)
EMBEDDING_WEIGHT = 0.5
# The readings offered when unsure: the likeliest, until they cover READINGS_COVER of the probability.
MAX_READINGS = 3
MIN_READING = 0.08
READINGS_COVER = 0.9
# Sure enough to act, but the second reading is this close behind: ask instead of acting on a near coin-toss.
# 0.1 with a minimum of 0.4 (was 0.35, no margin): wrong-and-acted held-out es 0.030 -> 0.026, en 0.031 -> 0.025,
# right 0.947 -> 0.946 / 0.952 -> 0.946; dev es 0.029 -> 0.027, en 0.034 -> 0.027 (BENCHMARKS.md, NLP).
CLARIFY_MARGIN = 0.1


MENU_WORDS = frozenset({"help", "ayuda", "menu", "opciones", "options", "inicio", "start"})


class Embedder(Protocol):
    def vector(self, text: str) -> np.ndarray: ...


@dataclass(frozen=True)
class IntentDecision:
    intent: str
    confidence: float
    source: str  # text | text+embedding | none
    # When unsure: the likeliest readings, best first, for the guest to choose from (empty when sure).
    alternatives: tuple[str, ...] = ()


class NLPEngine:
    def __init__(
        self,
        use_embeddings: bool = True,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
        cache_dir: Path | None = None,  # kept for callers; the engine no longer writes a cache
        model_path: Path = MODEL_PATH,
    ) -> None:
        self.use_embeddings = use_embeddings
        self.min_confidence = min_confidence
        self._languages = LanguageIdentifier()
        self._model = IntentModel.load(model_path)
        self._embedder = SentenceEmbedder() if use_embeddings else None

    def warm_up(self) -> None:
        self._languages.warm_up()
        if self._embedder is not None:
            self._embedder.warm_up()
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
        prepared = numbers_to_digits(expand_texting(folded), detected)
        entities = extract(text, prepared, today, detected, reference)
        decision = classify(
            text, folded, prepared, as_dated(entities), self._model, self._embedder, self.min_confidence
        )
        return Analysis(
            intent=decision.intent,
            confidence=round(decision.confidence, 3),
            language=detected,
            entities=entities,
            alternatives=decision.alternatives,
        )


def classify(
    text: str,
    folded: str,
    prepared: str,
    entities: dict[str, Any],
    model: IntentModel,
    embedder: Embedder | None,
    min_confidence: float,
) -> IntentDecision:
    """The learned models decide, with the rules' cue scores and the entities among their features. Below
    `min_confidence` the engine does not act: it offers the likeliest readings for the guest to pick."""
    if not folded:
        return IntentDecision("unknown", 0.0, "none")
    if folded.strip(" ?!.") in MENU_WORDS:  # exact: a guest asking what the agent can do
        return IntentDecision("unknown", 1.0, "rules")
    evidence = rule_evidence(folded, entities)
    probabilities = model.text_probabilities(text_features(prepared, evidence, entities))
    source = "text"
    if embedder is not None and float(probabilities.max()) < EMBED_BELOW:
        embedded = model.embedding_probabilities(embedder.vector(text))
        probabilities = (1 - EMBEDDING_WEIGHT) * probabilities + EMBEDDING_WEIGHT * embedded
        source = "text+embedding"
    if "human_handoff" not in evidence and companions_named(prepared):
        # "with my partner", "con una compañera de trabajo", "me and a colleague": who travels, never a person of
        # the hotel's asked for (no word asking for one was read)
        probabilities = _without(probabilities, model.intents.index("human_handoff"))
    ranked = model.ranked(probabilities)
    intent, confidence = ranked[0]
    if intent == "unknown":  # nothing to offer: the agent says what it can do
        return IntentDecision("unknown", confidence, source)
    runner_up = ranked[1][1] if len(ranked) > 1 and ranked[1][0] != "unknown" else 0.0
    if confidence >= min_confidence and confidence - runner_up >= CLARIFY_MARGIN:
        return IntentDecision(intent, confidence, source)
    readings: list[str] = []
    covered = 0.0
    for candidate, probability in ranked[:MAX_READINGS]:
        if probability < MIN_READING or covered >= READINGS_COVER:
            break
        covered += probability
        if candidate != "unknown":
            readings.append(candidate)
    if not readings:
        return IntentDecision("unknown", confidence, source)
    return IntentDecision(
        readings[0], ranked[0][1] if readings[0] == intent else 0.0, source, tuple(readings)
    )


def _without(probabilities: np.ndarray, index: int) -> np.ndarray:
    kept = probabilities.copy()
    kept[index] = 0.0
    total = float(kept.sum())
    return kept / total if total > 0 else probabilities


_engine: NLPEngine | None = None
_engine_lock = threading.Lock()


def get_engine() -> NLPEngine:
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                from hotel_agent.nlp.factory import build_engine
                from hotel_agent.settings import get_settings

                _engine = build_engine(get_settings())
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
    """Load the language models and the intent models so the first guest does not pay for it."""
    get_engine().warm_up()
