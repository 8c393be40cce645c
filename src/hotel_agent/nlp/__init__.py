"""Understanding guests: `analyze(text, now, language=None, reference=None) -> Analysis`; call `warm_up()` once at
start-up. `build_engine(settings)` makes an engine for injection."""

from typing import TYPE_CHECKING, Any

from hotel_agent.nlp.types import ENTITY_KEYS, INTENTS, Analysis

if TYPE_CHECKING:
    from hotel_agent.nlp.engine import NLPEngine, analyze, detect_language, get_engine, warm_up
    from hotel_agent.nlp.factory import build_engine

_LAZY = {
    "NLPEngine": "engine",
    "analyze": "engine",
    "detect_language": "engine",
    "get_engine": "engine",
    "warm_up": "engine",
    "build_engine": "factory",
}


def __getattr__(name: str) -> Any:
    # The engine (its model, patterns and language detector) is imported when first used: importing
    # hotel_agent.nlp.types, as the hotel profile and the console do, does not pay for it.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"hotel_agent.nlp.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
