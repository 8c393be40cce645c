"""Understanding guests: `analyze(text, now, language=None, reference=None) -> Analysis`; call `warm_up()` once at
start-up. `build_engine(settings)` makes an engine for injection."""

from hotel_agent.nlp.engine import NLPEngine, analyze, detect_language, get_engine, warm_up
from hotel_agent.nlp.factory import build_engine
from hotel_agent.nlp.types import ENTITY_KEYS, INTENTS, Analysis

__all__ = [
    "ENTITY_KEYS",
    "INTENTS",
    "Analysis",
    "NLPEngine",
    "analyze",
    "build_engine",
    "detect_language",
    "get_engine",
    "warm_up",
]
