"""The NLP engine of one process, built from the Settings it is given (bootstrap injects it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hotel_agent.nlp.engine import NLPEngine

if TYPE_CHECKING:
    from hotel_agent.settings import Settings


def build_engine(settings: Settings) -> NLPEngine:
    return NLPEngine(
        use_embeddings=settings.nlp_use_embeddings,
        min_confidence=settings.nlp_min_confidence,
        cache_dir=settings.nlp_cache_dir or settings.data_dir / "cache" / "nlp",
    )
