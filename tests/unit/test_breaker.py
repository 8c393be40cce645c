"""Circuit breaker transitions with a controllable clock, and its metrics."""

from __future__ import annotations

import asyncio
import contextlib
import random

import pytest
from prometheus_client import REGISTRY

from hotel_agent.pms.base import PMSRejected, PMSUnavailable
from hotel_agent.resilience import backoff
from hotel_agent.resilience.breaker import BreakerConfig, BreakerState, CircuitBreaker, CircuitOpenError


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def metric(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def ok() -> str:
    return "ok"


async def boom() -> str:
    raise PMSUnavailable("PMS down")


async def rejected() -> str:
    raise PMSRejected("room gone", status=400)


def make(clock: FakeClock, **overrides: object) -> CircuitBreaker:
    config = {
        "failure_threshold": 3,
        "recovery_seconds": 30.0,
        "half_open_max_calls": 2,
        "window_size": 10,
        "minimum_calls": 5,
        "failure_rate_threshold": 0.5,
    }
    config.update(overrides)
    return CircuitBreaker(BreakerConfig(**config), clock=clock)  # type: ignore[arg-type]


async def fail(breaker: CircuitBreaker, times: int = 1) -> None:
    for _ in range(times):
        with pytest.raises(PMSUnavailable):
            await breaker.call(boom)


async def test_opens_after_consecutive_failures_and_rejects_with_retry_after() -> None:
    clock = FakeClock()
    breaker = make(clock)
    await fail(breaker, 2)
    assert breaker.state is BreakerState.CLOSED
    assert metric("pms_circuit_breaker_failure_streak") == 2
    await fail(breaker)
    assert breaker.state is BreakerState.OPEN
    assert metric("pms_circuit_breaker_state") == 1
    clock.advance(10)
    called = False

    async def must_not_run() -> None:
        nonlocal called
        called = True

    with pytest.raises(CircuitOpenError) as caught:
        await breaker.call(must_not_run)
    assert not called
    assert isinstance(caught.value, PMSUnavailable)
    assert caught.value.retry_after == pytest.approx(20)
    assert "next try in 20s" in str(caught.value)


async def test_success_resets_the_streak() -> None:
    breaker = make(FakeClock(), minimum_calls=10)
    await fail(breaker, 2)
    await breaker.call(ok)
    await fail(breaker, 2)
    assert breaker.state is BreakerState.CLOSED
    assert breaker.snapshot().failure_streak == 2


async def test_failure_rate_over_the_window_opens_without_a_streak() -> None:
    breaker = make(FakeClock(), failure_threshold=100)
    # fail, ok, fail, ok: 50 % but only 4 calls (< minimum_calls) -> closed
    for _ in range(2):
        await fail(breaker)
        await breaker.call(ok)
    assert breaker.state is BreakerState.CLOSED
    assert breaker.snapshot().window_failure_rate == 0.5
    await fail(breaker)  # 3 of 5 failed = 60 % >= 50 %
    assert breaker.state is BreakerState.OPEN


async def test_window_is_count_based_old_calls_fall_out() -> None:
    breaker = make(
        FakeClock(), failure_threshold=100, window_size=5, minimum_calls=5, failure_rate_threshold=0.6
    )
    await fail(breaker, 2)
    for _ in range(5):
        await breaker.call(ok)  # the two failures slide out
    await fail(breaker, 2)
    assert breaker.snapshot().window_failure_rate == pytest.approx(0.4)
    assert breaker.state is BreakerState.CLOSED


async def test_rejections_4xx_are_not_failures() -> None:
    breaker = make(FakeClock())
    before = metric("pms_circuit_breaker_calls_total", state="closed", result="success")
    for _ in range(10):
        with pytest.raises(PMSRejected):
            await breaker.call(rejected)
    assert breaker.state is BreakerState.CLOSED
    assert breaker.snapshot().failure_streak == 0
    assert metric("pms_circuit_breaker_calls_total", state="closed", result="success") == before + 10


async def test_timeouts_and_connection_errors_are_failures() -> None:
    breaker = make(FakeClock())

    async def timeout() -> None:
        raise TimeoutError

    async def refused() -> None:
        raise ConnectionRefusedError

    with pytest.raises(TimeoutError):
        await breaker.call(timeout)
    with pytest.raises(ConnectionRefusedError):
        await breaker.call(refused)
    assert breaker.snapshot().failure_streak == 2


async def test_slow_calls_count_as_failures_but_return_their_result() -> None:
    clock = FakeClock()
    breaker = make(clock, slow_call_seconds=2.0)

    async def slow() -> str:
        clock.advance(2.5)
        return "late"

    for _ in range(2):
        assert await breaker.call(slow) == "late"
    assert breaker.snapshot().failure_streak == 2
    assert await breaker.call(slow) == "late"
    assert breaker.state is BreakerState.OPEN


async def test_half_open_after_recovery_time_without_any_call_and_gauge_reads_2() -> None:
    clock = FakeClock()
    breaker = make(clock)
    await fail(breaker, 3)
    assert metric("pms_circuit_breaker_state") == 1
    clock.advance(29.9)
    assert await breaker.tick() is BreakerState.OPEN
    clock.advance(0.2)
    transitions = metric("pms_circuit_breaker_transitions_total", from_state="open", to_state="half_open")
    assert await breaker.tick() is BreakerState.HALF_OPEN
    assert metric("pms_circuit_breaker_state") == 2
    assert (
        metric("pms_circuit_breaker_transitions_total", from_state="open", to_state="half_open")
        == transitions + 1
    )


async def test_half_open_closes_after_max_successes_and_reopens_on_failure() -> None:
    clock = FakeClock()
    breaker = make(clock)
    await fail(breaker, 3)
    clock.advance(30)
    await breaker.call(ok)
    assert breaker.state is BreakerState.HALF_OPEN
    await fail(breaker)
    assert breaker.state is BreakerState.OPEN
    assert breaker.snapshot().seconds_to_half_open == pytest.approx(30)  # recovery timer restarted
    clock.advance(30)
    await breaker.call(ok)
    await breaker.call(ok)
    assert breaker.state is BreakerState.CLOSED
    assert metric("pms_circuit_breaker_state") == 0
    assert metric("pms_circuit_breaker_failure_streak") == 0


async def test_half_open_limits_concurrent_trial_calls() -> None:
    clock = FakeClock()
    breaker = make(clock, half_open_max_calls=2)
    await fail(breaker, 3)
    clock.advance(30)
    gate = asyncio.Event()

    async def waits() -> str:
        await gate.wait()
        return "ok"

    trials = [asyncio.create_task(breaker.call(waits)) for _ in range(2)]
    await asyncio.sleep(0)
    assert breaker.snapshot().half_open_in_flight == 2
    before = metric("pms_circuit_breaker_calls_total", state="half_open", result="failure")
    with pytest.raises(CircuitOpenError, match="recovering"):
        await breaker.call(ok)
    assert metric("pms_circuit_breaker_calls_total", state="half_open", result="failure") == before + 1
    gate.set()
    assert await asyncio.gather(*trials) == ["ok", "ok"]
    assert breaker.state is BreakerState.CLOSED


async def test_cancelled_half_open_call_gives_its_slot_back() -> None:
    clock = FakeClock()
    breaker = make(clock, half_open_max_calls=1)
    await fail(breaker, 3)
    clock.advance(30)
    task = asyncio.create_task(breaker.call(asyncio.Event().wait))
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await breaker.call(ok) == "ok"
    assert breaker.state is BreakerState.CLOSED


async def test_rejected_call_counts_as_open_failure() -> None:
    breaker = make(FakeClock())
    await fail(breaker, 3)
    before = metric("pms_circuit_breaker_calls_total", state="open", result="failure")
    for _ in range(3):
        with pytest.raises(CircuitOpenError):
            await breaker.call(ok)
    assert metric("pms_circuit_breaker_calls_total", state="open", result="failure") == before + 3


async def test_calls_metric_labels_use_the_state_before_the_call() -> None:
    clock = FakeClock()
    breaker = make(clock, half_open_max_calls=1)
    closed_failures = metric("pms_circuit_breaker_calls_total", state="closed", result="failure")
    half_open_success = metric("pms_circuit_breaker_calls_total", state="half_open", result="success")
    await fail(breaker, 3)  # the third call opens it but was made while closed
    assert metric("pms_circuit_breaker_calls_total", state="closed", result="failure") == closed_failures + 3
    clock.advance(30)
    await breaker.call(ok)
    assert (
        metric("pms_circuit_breaker_calls_total", state="half_open", result="success")
        == half_open_success + 1
    )
    assert breaker.state is BreakerState.CLOSED


async def test_probe_closes_the_breaker_when_the_pms_is_back() -> None:
    clock = FakeClock()
    breaker = make(clock)
    await fail(breaker, 3)
    pings = 0

    async def ping() -> None:
        nonlocal pings
        pings += 1

    assert await breaker.tick(ping) is BreakerState.OPEN
    assert pings == 0  # no probing before the recovery time
    clock.advance(30)
    assert await breaker.tick(ping) is BreakerState.CLOSED
    assert pings == 2  # half_open_max_calls successful probes
    assert metric("pms_circuit_breaker_state") == 0


async def test_probe_waits_its_interval_so_half_open_stays_visible() -> None:
    clock = FakeClock()
    breaker = make(clock)
    await fail(breaker, 3)
    clock.advance(30)
    assert await breaker.tick(boom, probe_interval=5) is BreakerState.HALF_OPEN  # not probed yet
    assert metric("pms_circuit_breaker_state") == 2
    clock.advance(5)
    assert await breaker.tick(boom, probe_interval=5) is BreakerState.OPEN  # probed, still down
    clock.advance(30)
    assert await breaker.tick(ok, probe_interval=5) is BreakerState.HALF_OPEN
    clock.advance(5)
    assert await breaker.tick(ok, probe_interval=5) is BreakerState.CLOSED


async def test_failed_probe_reopens() -> None:
    clock = FakeClock()
    breaker = make(clock)
    await fail(breaker, 3)
    clock.advance(30)
    assert await breaker.tick(boom) is BreakerState.OPEN
    assert metric("pms_circuit_breaker_state") == 1


async def test_background_monitor_moves_the_gauge_on_real_time() -> None:
    breaker = CircuitBreaker(BreakerConfig(failure_threshold=1, recovery_seconds=0.2, half_open_max_calls=1))
    pms_back = asyncio.Event()
    seen: list[float] = []

    async def ping() -> None:
        seen.append(metric("pms_circuit_breaker_state"))
        if not pms_back.is_set():
            raise PMSUnavailable("still down")

    monitor = asyncio.create_task(breaker.run_monitor(ping, interval=0.05))
    try:
        await fail(breaker)
        assert metric("pms_circuit_breaker_state") == 1
        for _ in range(250):  # recovery is 0.2 s; a busy machine can hold the loop back longer
            if 2.0 in seen:
                break
            await asyncio.sleep(0.02)
        assert 2.0 in seen  # it really was half-open when probed, without any guest call
        pms_back.set()
        for _ in range(250):
            if breaker.state is BreakerState.CLOSED:
                break
            await asyncio.sleep(0.02)
        assert breaker.state is BreakerState.CLOSED
        assert metric("pms_circuit_breaker_state") == 0
    finally:
        monitor.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await monitor


async def test_force_open_force_closed_and_reset() -> None:
    clock = FakeClock()
    breaker = make(clock)
    breaker.force_open()
    clock.advance(3600)
    assert breaker.state is BreakerState.OPEN  # forced: no automatic recovery
    assert breaker.snapshot().forced == "open"
    with pytest.raises(CircuitOpenError):
        await breaker.call(ok)
    breaker.force_closed()
    await fail(breaker, 10)
    assert breaker.state is BreakerState.CLOSED
    assert metric("pms_circuit_breaker_state") == 0
    breaker.reset()
    snapshot = breaker.snapshot()
    assert (snapshot.forced, snapshot.failure_streak, snapshot.window_calls) == (None, 0, 0)
    await fail(breaker, 3)
    assert breaker.state is BreakerState.OPEN


def test_config_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="minimum_calls"):
        BreakerConfig(window_size=5, minimum_calls=6)
    with pytest.raises(ValueError, match="failure_rate_threshold"):
        BreakerConfig(failure_rate_threshold=0)


def test_backoff_full_jitter_stays_under_the_capped_ceiling() -> None:
    rng = random.Random(7)
    delays = [backoff.delay(attempt, 1.0, 30.0, rng) for attempt in range(10) for _ in range(50)]
    assert all(0 <= d <= 30.0 for d in delays)
    assert backoff.ceiling(3, 1.0, 30.0) == 8.0
    assert backoff.ceiling(10, 1.0, 30.0) == 30.0
    early = [backoff.delay(0, 1.0, 30.0, rng) for _ in range(200)]
    assert max(early) <= 1.0 and min(early) < 0.5  # jittered, not fixed
    with pytest.raises(ValueError):
        backoff.delay(-1, 1.0, 2.0)
