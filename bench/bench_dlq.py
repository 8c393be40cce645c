"""Enqueue and retry throughput of the DLQ stores: SQLite, PostgreSQL and Redis, as the service builds them.

    .venv/bin/python -m bench.bench_dlq [--entries 1000] [--runs 3]

Per store and run: `entries` failed messages go in through DeadLetterQueue.enqueue (one at a time, as the
pipeline does), then one DLQWorker drains them with run_once and a retry that succeeds at once, so what is
timed is the store: claim under a lease, then remove. Reports the median of the runs.
PostgreSQL (127.0.0.1:5432, user postgres) gets a scratch database, dropped afterwards; Redis
(127.0.0.1:6379) a unique key prefix, deleted afterwards. A store whose server is absent is skipped.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import statistics
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import timedelta
from pathlib import Path

from bench.machine import cpu_model
from hotel_agent.channels.types import InboundMessage
from hotel_agent.db.base import utcnow
from hotel_agent.db.migrate import upgrade
from hotel_agent.db.session import Database
from hotel_agent.dlq.entry import DLQEntry
from hotel_agent.dlq.factory import build_dlq
from hotel_agent.dlq.service import DeadLetterQueue
from hotel_agent.dlq.worker import DLQWorker
from hotel_agent.settings import Settings

POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/0"


class StoreAbsent(RuntimeError):
    pass


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def settings_for(prefix: str) -> Settings:
    return Settings(
        _env_file=None, redis_key_prefix=prefix, dlq_lease_seconds=60.0, dlq_run_worker_in_process=False
    )


@asynccontextmanager
async def sqlite_dlq(tmp: Path) -> AsyncIterator[DeadLetterQueue]:
    url = f"sqlite+aiosqlite:///{tmp}/bench_dlq.db"
    await asyncio.to_thread(upgrade, url)
    db = Database(url)
    dlq = build_dlq(settings_for("unused:"), db, None)
    try:
        yield dlq
    finally:
        await dlq.close()
        await db.dispose()


@asynccontextmanager
async def postgres_dlq(_tmp: Path) -> AsyncIterator[DeadLetterQueue]:
    if not port_open(5432):
        raise StoreAbsent("nothing listening on 127.0.0.1:5432")
    import asyncpg

    name = f"bench_dlq_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
        await asyncio.to_thread(upgrade, url)
        db = Database(url)
        dlq = build_dlq(settings_for("unused:"), db, None)
        try:
            yield dlq
        finally:
            await dlq.close()
            await db.dispose()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@asynccontextmanager
async def redis_dlq(tmp: Path) -> AsyncIterator[DeadLetterQueue]:
    if not port_open(6379):
        raise StoreAbsent("nothing listening on 127.0.0.1:6379")
    import redis.asyncio as aioredis

    prefix = f"bench-dlq-{uuid.uuid4().hex[:10]}:"
    redis = aioredis.from_url(REDIS_URL)
    # Permanent failures always live in SQL; this bench never creates one, but the DLQ needs the table.
    url = f"sqlite+aiosqlite:///{tmp}/bench_dlq_permanent.db"
    await asyncio.to_thread(upgrade, url)
    db = Database(url)
    dlq = build_dlq(settings_for(prefix), db, redis)
    try:
        yield dlq
    finally:
        await dlq.close()
        async for key in redis.scan_iter(match=f"{prefix}*"):
            await redis.delete(key)
        await redis.aclose()
        await db.dispose()


BASELINE = "SQLite (embedded default)"
STORES: dict[str, Callable[[Path], AbstractAsyncContextManager[DeadLetterQueue]]] = {
    BASELINE: sqlite_dlq,
    "PostgreSQL": postgres_dlq,
    "Redis": redis_dlq,
}


async def deliver(_message: InboundMessage, _entry: DLQEntry) -> None:
    """The retry succeeds at once: the drain times the store, not a PMS."""


def message(run: str, n: int) -> InboundMessage:
    return InboundMessage(
        id=f"wamid.bench.{run}.{n}",
        channel="whatsapp",
        guest_id=f"34600{n:06d}",
        type="text",
        received_at=utcnow(),
        text="¿Tenéis habitación doble del 3 al 5 de marzo para dos personas?",
        correlation_id=f"bench-{run}-{n}",
    )


async def one_run(dlq: DeadLetterQueue, entries: int) -> tuple[float, float]:
    """(enqueues/s, retries/s) for `entries` messages."""
    run = uuid.uuid4().hex[:8]
    failed_at = utcnow() - timedelta(hours=2)  # far enough back that every first retry is due at once
    messages = [message(run, n) for n in range(entries)]
    start = time.perf_counter()
    for item in messages:
        await dlq.enqueue(
            item, "pms_unavailable", "PMS down", "Traceback: ...", item.correlation_id, failed_at
        )
    enqueue_seconds = time.perf_counter() - start

    worker = DLQWorker(dlq, deliver, dlq.settings, worker_id=f"bench-{run}")
    retried = 0
    start = time.perf_counter()
    while handled := await worker.run_once():
        if any(outcome.result != "success" for outcome in worker.outcomes):
            raise SystemExit(f"bench_dlq: a retry did not succeed: {worker.outcomes}")
        retried += handled
    retry_seconds = time.perf_counter() - start
    if retried != entries:
        raise SystemExit(f"bench_dlq: drained {retried} of {entries} entries")
    size, _oldest = await dlq.store.size_and_oldest()
    if size:
        raise SystemExit(f"bench_dlq: {size} entries left after the drain")
    return entries / enqueue_seconds, entries / retry_seconds


async def bench_store(
    factory: Callable[[Path], AbstractAsyncContextManager[DeadLetterQueue]], entries: int, runs: int
) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory(prefix="hotel-agent-bench-dlq-") as tmp:
        async with factory(Path(tmp)) as dlq:
            results = [await one_run(dlq, entries) for _ in range(runs)]
    return [r[0] for r in results], [r[1] for r in results]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=1000, help="messages enqueued then drained per run")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.entries < 1 or args.runs < 1:
        parser.error("--entries and --runs must be >= 1")
    load_before = os.getloadavg()[0]
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    medians: dict[str, tuple[float, float]] = {}
    ranges: dict[str, str] = {}
    skipped: list[str] = []
    for label, factory in STORES.items():
        try:
            enqueues, retries = asyncio.run(bench_store(factory, args.entries, args.runs))
        except StoreAbsent as absent:
            skipped.append(f"{label} skipped: {absent}")
            print(skipped[-1], flush=True)
            continue
        medians[label] = statistics.median(enqueues), statistics.median(retries)
        ranges[label] = f"{min(enqueues):,.0f}–{max(enqueues):,.0f} | {min(retries):,.0f}–{max(retries):,.0f}"
        print(f"{label}: {medians[label][0]:,.0f} enqueues/s, {medians[label][1]:,.0f} retries/s", flush=True)
    # The embedded default is the baseline the other stores are compared with, measured in the same run.
    base_enqueues, base_retries = medians.get(BASELINE, (float("nan"), float("nan")))
    rows = [
        f"| {label} | {enq:,.0f} | {enq / base_enqueues:.2f}x | {ret:,.0f} | {ret / base_retries:.2f}x | "
        f"{ranges[label]} |"
        for label, (enq, ret) in medians.items()
    ]
    load_after = os.getloadavg()[0]
    print(
        f"\n{started}, {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}; "
        f"{args.entries} entries x {args.runs} runs per store; 1-min load average {load_before:.2f} before / "
        f"{load_after:.2f} after"
    )
    print(
        "| store | enqueues/s (median) | vs SQLite | retries/s (median) | vs SQLite | "
        "enqueues/s range | retries/s range |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    for line in skipped:
        print(f"\n{line}")


if __name__ == "__main__":
    main()
