"""Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter")."""

from __future__ import annotations

import random


def delay(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds to wait before retry number `attempt` (0-based): uniform in [0, min(cap, base * 2**attempt)].

    Full jitter spreads retries of many failed messages so they do not hit a recovering PMS together.
    """
    if attempt < 0:
        raise ValueError("attempt must be >= 0")
    if base < 0 or cap < 0:
        raise ValueError("base and cap must be >= 0")
    ceiling = min(cap, base * 2 ** min(attempt, 62))
    return (rng or random).uniform(0.0, ceiling)


def ceiling(attempt: int, base: float, cap: float) -> float:
    """The upper bound `delay` draws from, for display and tests."""
    return min(cap, base * 2 ** min(attempt, 62))
