"""Builds the PMS a process uses, once: backend + circuit breaker + background monitor."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from hotel_agent.db.session import Database
from hotel_agent.pms.base import PMS
from hotel_agent.pms.qloapps import QloAppsPMS
from hotel_agent.pms.resilient import ResilientPMS
from hotel_agent.pms.simulator import PMSSimulator
from hotel_agent.resilience.breaker import BreakerConfig, CircuitBreaker
from hotel_agent.settings import Settings

logger = logging.getLogger(__name__)


@dataclass
class PMSComponents:
    pms: ResilientPMS  # what the rest of the code calls
    breaker: CircuitBreaker
    simulator: PMSSimulator | None  # the in-process simulator, None with QloApps
    backend: str
    probe_interval_seconds: float
    _monitor: asyncio.Task[None] | None = field(default=None, repr=False)

    async def start(self) -> None:
        """Start the breaker monitor (state ticks and the half-open probe). Idempotent."""
        if self.simulator is not None:
            await self.simulator.ensure_demo_hotel()
        if self._monitor is None or self._monitor.done():
            # The probe pings the raw backend through the breaker (a ping through ResilientPMS would be
            # counted twice in pms_api_latency_seconds for QloApps).
            inner = self.pms.inner
            self._monitor = asyncio.create_task(
                self.breaker.run_monitor(inner.ping, self.probe_interval_seconds), name="pms-breaker-monitor"
            )

    async def aclose(self) -> None:
        if self._monitor is not None:
            self._monitor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._monitor
            self._monitor = None
        await self.pms.aclose()


async def build_pms(settings: Settings, db: Database) -> PMSComponents:
    """Build once per process. Call `start()` to run the breaker monitor and `aclose()` at shutdown."""
    breaker = CircuitBreaker(BreakerConfig.from_settings(settings), name=f"PMS ({settings.pms_backend})")
    simulator: PMSSimulator | None = None
    inner: PMS
    if settings.pms_backend == "qloapps":
        if not settings.qloapps_url or settings.qloapps_api_key is None:
            raise ValueError(
                "HOTEL_AGENT_PMS_BACKEND=qloapps needs HOTEL_AGENT_QLOAPPS_URL and HOTEL_AGENT_QLOAPPS_API_KEY"
            )
        inner = QloAppsPMS(
            settings.qloapps_url,
            settings.qloapps_api_key,
            hotel_id=settings.qloapps_hotel_id,
            timeout_seconds=settings.pms_timeout_seconds,
        )
        observe = False  # the client observes each HTTP call per resource itself
    else:
        simulator = PMSSimulator(db)
        inner = simulator
        observe = True
    return PMSComponents(
        pms=ResilientPMS(inner, breaker, observe_latency=observe),
        breaker=breaker,
        simulator=simulator,
        backend=settings.pms_backend,
        probe_interval_seconds=settings.pms_breaker_probe_interval_seconds,
    )
