"""Async circuit breaker for the PMS: one instance per backend for the life of the process.

closed -> open: `failure_threshold` consecutive failures, or a failure rate >= `failure_rate_threshold`
over the last `window_size` calls once `minimum_calls` were made.
open -> half_open: after `recovery_seconds` (also without traffic: `run_monitor` ticks the state).
half_open: at most `half_open_max_calls` trial calls at once; that many successes close it, one failure
reopens it. While half-open the monitor pings the PMS so a quiet hotel does not stay "open".

Failures: PMSUnavailable, timeouts, connection errors, any unexpected exception, and successful calls
slower than `slow_call_seconds`. PMSRejected (a 4xx: the PMS answered) is a success for the breaker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from hotel_agent.observability.metrics import (
    PMS_CIRCUIT_BREAKER_CALLS,
    PMS_CIRCUIT_BREAKER_FAILURE_STREAK,
    PMS_CIRCUIT_BREAKER_TRANSITIONS,
    set_breaker_state,
)
from hotel_agent.pms.base import PMSRejected, PMSUnavailable

if TYPE_CHECKING:
    from hotel_agent.settings import Settings

T = TypeVar("T")
Clock = Callable[[], float]
logger = logging.getLogger(__name__)


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitOpenError(PMSUnavailable):
    """The breaker refused the call without trying the PMS."""

    def __init__(self, name: str, state: BreakerState, retry_after: float) -> None:
        self.retry_after = max(0.0, retry_after)
        if state is BreakerState.OPEN:
            detail = f"the {name} is failing; calls are paused, next try in {self.retry_after:.0f}s"
        else:
            detail = f"the {name} is recovering and already has its trial calls in flight"
        super().__init__(f"circuit breaker {state.value}: {detail}")
        self.state = state


@dataclass(frozen=True)
class BreakerConfig:
    failure_threshold: int = 5
    recovery_seconds: float = 30.0
    half_open_max_calls: int = 2
    window_size: int = 20
    minimum_calls: int = 10
    failure_rate_threshold: float = 0.5
    slow_call_seconds: float | None = None

    def __post_init__(self) -> None:
        if self.failure_threshold < 1 or self.half_open_max_calls < 1 or self.window_size < 1:
            raise ValueError("failure_threshold, half_open_max_calls and window_size must be >= 1")
        if self.minimum_calls < 1 or self.minimum_calls > self.window_size:
            raise ValueError("minimum_calls must be between 1 and window_size")
        if not 0.0 < self.failure_rate_threshold <= 1.0:
            raise ValueError("failure_rate_threshold must be in (0, 1]")
        if self.recovery_seconds < 0:
            raise ValueError("recovery_seconds must be >= 0")

    @classmethod
    def from_settings(cls, settings: Settings) -> BreakerConfig:
        return cls(
            failure_threshold=settings.pms_breaker_failure_threshold,
            recovery_seconds=settings.pms_breaker_recovery_seconds,
            half_open_max_calls=settings.pms_breaker_half_open_max_calls,
            window_size=settings.pms_breaker_window_size,
            minimum_calls=settings.pms_breaker_minimum_calls,
            failure_rate_threshold=settings.pms_breaker_failure_rate_threshold,
            slow_call_seconds=settings.pms_breaker_slow_call_seconds,
        )


@dataclass(frozen=True)
class BreakerSnapshot:
    state: BreakerState
    forced: str | None  # "open" | "closed" | None
    failure_streak: int
    window_calls: int
    window_failure_rate: float
    seconds_to_half_open: float | None
    half_open_in_flight: int
    half_open_successes: int

    def as_dict(self) -> dict[str, object]:
        return {
            "state": self.state.value,
            "forced": self.forced,
            "failure_streak": self.failure_streak,
            "window_calls": self.window_calls,
            "window_failure_rate": round(self.window_failure_rate, 4),
            "seconds_to_half_open": self.seconds_to_half_open,
            "half_open_in_flight": self.half_open_in_flight,
            "half_open_successes": self.half_open_successes,
        }


class CircuitBreaker:
    def __init__(self, config: BreakerConfig, *, name: str = "PMS", clock: Clock = time.monotonic) -> None:
        self.config = config
        self.name = name
        self._clock = clock
        self._state = BreakerState.CLOSED
        self._forced: str | None = None
        self._streak = 0
        self._window: deque[bool] = deque(maxlen=config.window_size)  # True = failure
        self._opened_at = 0.0
        self._half_open_since = 0.0
        self._last_probe = 0.0
        self._half_open_in_flight = 0
        self._half_open_successes = 0
        self._window_failures = 0  # failures in _window, kept as calls come and go
        # Bumped on every transition: results of calls started in an older state do not move this one.
        self._generation = 0
        self._changed = asyncio.Event()
        # Labelled children looked up once: a label lookup per call was half the breaker's cost.
        self._calls = {
            (state, result): PMS_CIRCUIT_BREAKER_CALLS.labels(state=state.value, result=result)
            for state in BreakerState
            for result in ("success", "failure")
        }
        set_breaker_state(self._state.value)
        PMS_CIRCUIT_BREAKER_FAILURE_STREAK.set(0)

    # --- state ---------------------------------------------------------------------------------
    @property
    def state(self) -> BreakerState:
        """The current state; moves open -> half_open once the recovery time has passed."""
        if (
            self._state is BreakerState.OPEN
            and self._forced is None
            and self._clock() - self._opened_at >= self.config.recovery_seconds
        ):
            self._transition(BreakerState.HALF_OPEN)
        return self._state

    def snapshot(self) -> BreakerSnapshot:
        state = self.state
        failures = self._window_failures
        return BreakerSnapshot(
            state=state,
            forced=self._forced,
            failure_streak=self._streak,
            window_calls=len(self._window),
            window_failure_rate=failures / len(self._window) if self._window else 0.0,
            seconds_to_half_open=self._seconds_to_half_open() if state is BreakerState.OPEN else None,
            half_open_in_flight=self._half_open_in_flight,
            half_open_successes=self._half_open_successes,
        )

    def _seconds_to_half_open(self) -> float | None:
        if self._forced == "open":
            return None
        return max(0.0, self.config.recovery_seconds - (self._clock() - self._opened_at))

    def _transition(self, to: BreakerState) -> None:
        previous = self._state
        if previous is to:
            return
        self._state = to
        self._generation += 1
        self._half_open_in_flight = 0
        self._half_open_successes = 0
        if to is BreakerState.OPEN:
            self._opened_at = self._clock()
        if to is BreakerState.HALF_OPEN:
            self._half_open_since = self._clock()
        if to is BreakerState.CLOSED:
            self._set_streak(0)
            self._clear_window()
        PMS_CIRCUIT_BREAKER_TRANSITIONS.labels(from_state=previous.value, to_state=to.value).inc()
        set_breaker_state(to.value)
        log = logger.warning if to is BreakerState.OPEN else logger.info
        log("%s circuit breaker %s -> %s", self.name, previous.value, to.value)
        self._changed.set()

    # --- calls ---------------------------------------------------------------------------------
    async def call(self, operation: Callable[[], Awaitable[T]]) -> T:
        """Run `operation` if the breaker allows it; raise CircuitOpenError if not."""
        state = self.state
        if self._forced != "closed":
            if state is BreakerState.OPEN:
                self._calls[BreakerState.OPEN, "failure"].inc()
                retry_after = self._seconds_to_half_open()
                raise CircuitOpenError(
                    self.name, state, self.config.recovery_seconds if retry_after is None else retry_after
                )
            if state is BreakerState.HALF_OPEN:
                if self._half_open_in_flight >= self.config.half_open_max_calls:
                    self._calls[BreakerState.HALF_OPEN, "failure"].inc()
                    raise CircuitOpenError(self.name, state, 1.0)
                self._half_open_in_flight += 1
        generation = self._generation
        slow_after = self.config.slow_call_seconds
        started = self._clock() if slow_after is not None else 0.0
        try:
            result = await operation()
        except PMSRejected:
            self._record(state, generation, failed=False)
            raise
        except Exception:
            self._record(state, generation, failed=True)
            raise
        except asyncio.CancelledError:
            # Not an outcome: just give the half-open slot back.
            if generation == self._generation and state is BreakerState.HALF_OPEN:
                self._half_open_in_flight -= 1
            raise
        slow = slow_after is not None and self._clock() - started > slow_after
        self._record(state, generation, failed=slow)
        return result

    def _record(self, state_before: BreakerState, generation: int, *, failed: bool) -> None:
        self._calls[state_before, "failure" if failed else "success"].inc()
        self._set_streak(self._streak + 1 if failed else 0)
        if generation != self._generation or self._forced is not None:
            return  # a late answer from an older state, or an operator decision: no transition
        if self._state is BreakerState.HALF_OPEN:
            self._half_open_in_flight -= 1
            if failed:
                self._transition(BreakerState.OPEN)
            else:
                self._half_open_successes += 1
                if self._half_open_successes >= self.config.half_open_max_calls:
                    self._transition(BreakerState.CLOSED)
            return
        if self._state is BreakerState.CLOSED:
            window = self._window
            if len(window) == window.maxlen and window[0]:
                self._window_failures -= 1  # the oldest call leaves the window
            window.append(failed)
            self._window_failures += failed
            if failed and self._should_open():
                self._transition(BreakerState.OPEN)

    def _should_open(self) -> bool:
        if self._streak >= self.config.failure_threshold:
            return True
        calls = len(self._window)
        return (
            calls >= self.config.minimum_calls
            and self._window_failures / calls >= self.config.failure_rate_threshold
        )

    def _set_streak(self, streak: int) -> None:
        if streak != self._streak:  # the gauge only moves on a change (a set per call cost ~1 µs)
            self._streak = streak
            PMS_CIRCUIT_BREAKER_FAILURE_STREAK.set(streak)

    def _clear_window(self) -> None:
        self._window.clear()
        self._window_failures = 0

    # --- operator controls ---------------------------------------------------------------------
    def force_open(self) -> None:
        """Refuse every call until force_closed() or reset() (no automatic recovery)."""
        self._forced = "open"
        self._transition(BreakerState.OPEN)
        self._opened_at = self._clock()

    def force_closed(self) -> None:
        """Let every call through and never open, until reset()."""
        self._forced = "closed"
        self._transition(BreakerState.CLOSED)

    def reset(self) -> None:
        """Back to a fresh closed breaker, no forcing, no history."""
        self._forced = None
        self._transition(BreakerState.CLOSED)
        self._set_streak(0)
        self._clear_window()

    # --- background monitor ---------------------------------------------------------------------
    async def tick(
        self, ping: Callable[[], Awaitable[object]] | None = None, probe_interval: float = 0.0
    ) -> BreakerState:
        """Refresh the state (open -> half_open on time) and, once the breaker has been half-open for
        `probe_interval` seconds, probe with `ping` until it closes or reopens.

        Waiting before the first probe keeps half-open visible (gauge 2) while the PMS is still down,
        instead of flipping back to open within a millisecond."""
        state = self.state
        if ping is None or state is not BreakerState.HALF_OPEN or self._forced is not None:
            return state
        if self._clock() - max(self._half_open_since, self._last_probe) < probe_interval:
            return state
        self._last_probe = self._clock()
        for _ in range(self.config.half_open_max_calls):
            try:
                await self.call(ping)
            except CircuitOpenError:
                break  # guest traffic holds the trial slots; it decides
            except Exception as exc:
                logger.info("%s probe failed: %s", self.name, exc)
                break
            if self._state is not BreakerState.HALF_OPEN:
                break
        return self.state

    async def run_monitor(self, ping: Callable[[], Awaitable[object]] | None, interval: float) -> None:
        """Forever: keep the state gauge true without traffic; while half-open, probe every `interval`."""
        while True:
            self._changed.clear()  # before the tick, so a transition during it wakes the next wait
            with contextlib.suppress(Exception):
                await self.tick(ping, probe_interval=interval)
            delay = interval
            if self._state is BreakerState.OPEN:
                until_half_open = self._seconds_to_half_open()
                if until_half_open is not None:
                    delay = min(interval, until_half_open + 0.01)
            elif self._state is BreakerState.HALF_OPEN:
                since = self._clock() - max(self._half_open_since, self._last_probe)
                delay = interval - since + 0.01
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancel that lands as the event
            # fires (CPython gh-86296), and shutdown then waits for this task forever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(max(delay, 0.01)):
                    await self._changed.wait()
