"""Shutdown must not hang when a breaker transition wakes the monitor just as it is cancelled (gh-86296)."""

from __future__ import annotations

import asyncio

from hotel_agent.resilience.breaker import BreakerConfig, CircuitBreaker
from tests.apps import make_settings


async def test_monitor_cancel_racing_a_transition_always_finishes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    breaker = CircuitBreaker(BreakerConfig.from_settings(make_settings(tmp_path)))

    async def ping() -> None:
        return None

    for _ in range(200):
        monitor = asyncio.create_task(breaker.run_monitor(ping, 5.0))
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        breaker.force_open()
        breaker.reset()  # wakes the monitor's wait ...
        monitor.cancel()  # ... in the same loop iteration as the cancel
        done, _ = await asyncio.wait({monitor}, timeout=2.0)
        assert monitor in done, "the breaker monitor swallowed its cancellation"
        assert monitor.cancelled()
