"""Circuit breaker overhead per successful call: hotel-agent's breaker (with its Prometheus metrics) against
purgatory and aiobreaker, and a bare `await` as the baseline, all in one run on one event loop.

    .venv/bin/python -m bench.bench_breaker [--calls 200000] [--runs 5]

Overhead = (time per call through the breaker) - (time per bare call); medians over the runs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from bench.machine import cpu_model
from hotel_agent.resilience.breaker import BreakerConfig, CircuitBreaker

Call = Callable[[Callable[[], Awaitable[int]]], Awaitable[int]]


async def operation() -> int:
    return 1


async def bare(op: Callable[[], Awaitable[int]]) -> int:
    return await op()


def hotel_agent_breaker() -> Call:
    return CircuitBreaker(BreakerConfig()).call


def purgatory_breaker() -> Call:
    from purgatory import AsyncCircuitBreakerFactory

    factory = AsyncCircuitBreakerFactory(default_threshold=5, default_ttl=30)

    async def call(op: Callable[[], Awaitable[int]]) -> int:
        async with await factory.get_breaker("pms"):
            return await op()

    return call


def aiobreaker_breaker() -> Call:
    from aiobreaker import CircuitBreaker as AioBreaker

    breaker = AioBreaker(fail_max=5, timeout_duration=timedelta(seconds=30))

    async def call(op: Callable[[], Awaitable[int]]) -> int:
        result: int = await breaker.call_async(op)
        return result

    return call


async def seconds_per_call(call: Call, calls: int) -> float:
    for _ in range(1000):  # warm-up
        await call(operation)
    started = time.perf_counter()
    for _ in range(calls):
        await call(operation)
    return (time.perf_counter() - started) / calls


async def run(calls: int, runs: int) -> None:
    contenders: dict[str, Call] = {
        "bare await (baseline)": bare,
        "hotel-agent": hotel_agent_breaker(),
        "purgatory 3.0.1": purgatory_breaker(),
        "aiobreaker 1.2.0": aiobreaker_breaker(),
    }
    timings: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(runs):  # interleaved, so drifts of the shared machine hit every contender alike
        for name, call in contenders.items():
            timings[name].append(await seconds_per_call(call, calls))
    baseline = statistics.median(timings["bare await (baseline)"])
    print(f"Machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {calls} calls x {runs} runs, medians\n")
    print("| breaker | per call (µs) | overhead over a bare await (µs) |")
    print("|---|---:|---:|")
    for name, values in timings.items():
        per_call = statistics.median(values)
        overhead = "—" if name.startswith("bare") else f"{(per_call - baseline) * 1e6:.2f}"
        print(f"| {name} | {per_call * 1e6:.2f} | {overhead} |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(run(args.calls, args.runs))


if __name__ == "__main__":
    main()
