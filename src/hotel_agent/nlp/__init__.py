"""Understanding guests: `analyze(text, now, language=None) -> Analysis`; call `warm_up()` once at start-up."""

from hotel_agent.nlp.engine import NLPEngine, analyze, detect_language, get_engine, warm_up
from hotel_agent.nlp.types import ENTITY_KEYS, INTENTS, Analysis

__all__ = [
    "ENTITY_KEYS",
    "INTENTS",
    "Analysis",
    "NLPEngine",
    "analyze",
    "detect_language",
    "get_engine",
    "warm_up",
]
