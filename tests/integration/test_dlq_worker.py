"""The DLQ worker on every store: parallel workers, a killed worker, SIGTERM mid-retry, the loop itself.

Worker processes are real `python` subprocesses sharing the store with the test, as workers on
several machines would; each records the retries it starts and the replies it delivers in files.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from hotel_agent.dlq.entry import entry_id_for
from hotel_agent.dlq.service import DeadLetterQueue
from hotel_agent.dlq.worker import DLQWorker, install_signal_handlers
from tests.unit.test_dlq import LATER, Deliveries, message, open_dlq

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]

WORKER_PROCESS = """
import asyncio, json, os, sys
from tests.unit.test_dlq import open_dlq
from hotel_agent.dlq.worker import DLQWorker, install_signal_handlers

cfg = json.loads(sys.argv[1])

def note(path, line):
    with open(path, "a") as f:
        f.write(line + "\\n")

async def main():
    async with open_dlq(cfg["kind"], cfg["sql_url"], cfg["redis_url"], cfg["prefix"], cleanup=False,
                        dlq_lease_seconds=cfg["lease"], dlq_poll_seconds=0.05) as dlq:
        async def retry(msg, entry):
            note(cfg["started"], msg.id)
            await asyncio.sleep(cfg["retry_seconds"])
            note(cfg["delivered"], f"{msg.id} {os.getpid()} {entry.retry_count}")
        stop = asyncio.Event()
        install_signal_handlers(stop)
        worker = DLQWorker(dlq, retry, dlq.settings, worker_id=f"proc-{os.getpid()}",
                           shutdown_grace_seconds=cfg["grace"])
        note(cfg["ready"], str(os.getpid()))
        await worker.run(stop)

asyncio.run(main())
"""


@pytest.fixture(params=["sqlite", "postgres", "redis"])
def store(request: pytest.FixtureRequest, sqlite_url: str) -> dict[str, Any]:
    kind = str(request.param)
    return {
        "kind": kind,
        "sql_url": request.getfixturevalue("postgres_url") if kind == "postgres" else sqlite_url,
        "redis_url": request.getfixturevalue("redis_url") if kind == "redis" else None,
        "prefix": f"test-{uuid.uuid4().hex[:10]}:",
    }


@pytest.fixture
async def dlq(store: dict[str, Any]) -> AsyncIterator[DeadLetterQueue]:
    async with open_dlq(store["kind"], store["sql_url"], store["redis_url"], store["prefix"]) as queue:
        yield queue


@dataclass
class WorkerProcesses:
    store: dict[str, Any]
    tmp: Path
    procs: list[subprocess.Popen[bytes]]

    def path(self, name: str) -> Path:
        return self.tmp / name

    def lines(self, name: str) -> list[str]:
        path = self.path(name)
        return path.read_text().splitlines() if path.exists() else []

    def start(
        self, count: int = 1, lease: float = 5.0, retry_seconds: float = 0.05, grace: float = 10.0
    ) -> None:
        cfg = {
            **self.store,
            "lease": lease,
            "retry_seconds": retry_seconds,
            "grace": grace,
            **{name: str(self.path(name)) for name in ("ready", "started", "delivered")},
        }
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for _ in range(count):
            self.procs.append(
                subprocess.Popen([sys.executable, "-c", WORKER_PROCESS, json.dumps(cfg)], cwd=ROOT, env=env)
            )
        self.wait_for(lambda: len(self.lines("ready")) >= len(self.procs), "workers ready", timeout=60)

    def wait_for(self, condition: Any, what: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            if any(p.poll() not in (None, 0) for p in self.procs):
                raise AssertionError(f"a worker process crashed while waiting for {what}")
            time.sleep(0.05)


@pytest.fixture
def workers(store: dict[str, Any], tmp_path: Path) -> Iterator[WorkerProcesses]:
    group = WorkerProcesses(store, tmp_path, [])
    yield group
    for proc in group.procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


async def _wait(condition: Any, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def test_parallel_workers_retry_each_message_exactly_once(
    dlq: DeadLetterQueue, workers: WorkerProcesses
) -> None:
    workers.start(count=3, retry_seconds=0.1)
    total = 24
    for n in range(total):
        await dlq.enqueue(message(n), "pms_unavailable", "PMS down", "", "")
    await asyncio.to_thread(
        workers.wait_for, lambda: len(workers.lines("delivered")) >= total, "deliveries", 90
    )
    await _wait(lambda: _is_empty(dlq), "an empty queue")
    for proc in workers.procs:
        proc.send_signal(signal.SIGTERM)
    for proc in workers.procs:
        assert proc.wait(30) == 0
    delivered = [line.split() for line in workers.lines("delivered")]
    ids = [d[0] for d in delivered]
    assert sorted(ids) == sorted(f"wamid.{n}" for n in range(total))  # every one, none twice
    assert len(workers.lines("started")) == total  # no message was even started twice
    assert len({d[1] for d in delivered}) >= 2  # the work really was shared


async def _is_empty(dlq: DeadLetterQueue) -> bool:
    return (await dlq.stats()).queue_size == 0


async def test_killed_worker_lease_expires_and_message_is_retried(
    dlq: DeadLetterQueue, workers: WorkerProcesses
) -> None:
    lease = 1.5
    workers.start(count=1, lease=lease, retry_seconds=60)  # it will hang in the retry until killed
    await dlq.enqueue(message(1), "pms_unavailable", "PMS down", "", "")
    await asyncio.to_thread(workers.wait_for, lambda: workers.lines("started") == ["wamid.1"], "the retry")
    workers.procs[0].send_signal(signal.SIGKILL)
    workers.procs[0].wait(10)
    killed_at = time.monotonic()

    deliveries = Deliveries()
    rescuer = DLQWorker(dlq, deliveries, dlq.settings, worker_id="rescuer")
    assert await rescuer.run_once() == 0  # still leased by the dead worker
    await _wait(lambda: _run_once_delivers(rescuer), "the rescue", timeout=lease + 10)
    assert time.monotonic() - killed_at >= lease * 0.5
    assert [d[0] for d in deliveries.delivered] == ["wamid.1"]
    assert "(retry 2)" in deliveries.delivered[0][1]  # the killed attempt counted
    assert await _is_empty(dlq)


async def _run_once_delivers(worker: DLQWorker) -> bool:
    return await worker.run_once() > 0


async def test_sigterm_during_retry_finishes_the_retry(
    dlq: DeadLetterQueue, workers: WorkerProcesses
) -> None:
    workers.start(count=1, retry_seconds=1.0, grace=10.0)
    await dlq.enqueue(message(1), "send_error", "Graph API down", "", "")
    await asyncio.to_thread(workers.wait_for, lambda: workers.lines("started") == ["wamid.1"], "the retry")
    workers.procs[0].send_signal(signal.SIGTERM)
    assert await asyncio.to_thread(workers.procs[0].wait, 30) == 0
    assert [line.split()[0] for line in workers.lines("delivered")] == ["wamid.1"]
    assert await _is_empty(dlq)


async def test_sigterm_during_retry_releases_it_when_the_grace_runs_out(
    dlq: DeadLetterQueue, workers: WorkerProcesses
) -> None:
    workers.start(count=1, retry_seconds=60, grace=0.3)
    await dlq.enqueue(message(1), "send_error", "Graph API down", "", "")
    await asyncio.to_thread(workers.wait_for, lambda: workers.lines("started") == ["wamid.1"], "the retry")
    workers.procs[0].send_signal(signal.SIGTERM)
    assert await asyncio.to_thread(workers.procs[0].wait, 30) == 0
    assert workers.lines("delivered") == []
    entry = await dlq.get(entry_id_for(message(1)))
    assert entry is not None and entry.lease_owner is None and entry.retry_count == 0  # given back, uncounted
    deliveries = Deliveries()
    assert await DLQWorker(dlq, deliveries, dlq.settings).run_once() == 1  # another worker takes it at once
    assert len(deliveries.delivered) == 1


async def test_duplicate_enqueue_at_the_same_moment_keeps_one(dlq: DeadLetterQueue) -> None:
    results = await asyncio.gather(
        *(dlq.enqueue(message(7), "nlp_error", "model crashed", "", "") for _ in range(10))
    )
    assert results.count(True) == 1
    assert (await dlq.list()).total == 1


# --- the loop, in-process ---------------------------------------------------------------------
async def test_run_once_retries_due_entries_and_reports_outcomes(dlq: DeadLetterQueue) -> None:
    for n in range(3):
        await dlq.enqueue(message(n), "pms_unavailable", "e", "", "")
    await dlq.enqueue(message(9), "pms_unavailable", "e", "", "", now=datetime.now(UTC) + LATER)  # not due
    await asyncio.sleep(0.06)  # past the first backoff (cap 0.05 s)
    deliveries = Deliveries()
    worker = DLQWorker(dlq, deliveries, dlq.settings, worker_id="w1")
    assert await worker.run_once() == 3
    assert [o.result for o in worker.outcomes] == ["success"] * 3
    assert sorted(d[0] for d in deliveries.delivered) == ["wamid.0", "wamid.1", "wamid.2"]
    assert (await dlq.stats()).queue_size == 1


async def test_run_keeps_polling_until_stopped(dlq: DeadLetterQueue) -> None:
    deliveries = Deliveries()
    worker = DLQWorker(dlq, deliveries, dlq.settings)
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    await asyncio.sleep(0.1)
    await dlq.enqueue(message(1), "audio_error", "decoder crashed", "", "")
    await _wait(lambda: _delivered(deliveries), "the delivery", timeout=10)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert worker.worker_id.count(":") == 2  # host:pid:suffix by default


async def _delivered(deliveries: Deliveries) -> bool:
    return bool(deliveries.delivered)


async def test_run_survives_a_store_error(dlq: DeadLetterQueue, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    real_claim = dlq.claim_next

    async def flaky_claim(owner: str, now: datetime | None = None) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("store unreachable")
        return await real_claim(owner, now)

    monkeypatch.setattr(dlq, "claim_next", flaky_claim)
    await dlq.enqueue(message(1), "pms_unavailable", "e", "", "")
    deliveries = Deliveries()
    stop = asyncio.Event()
    task = asyncio.create_task(DLQWorker(dlq, deliveries, dlq.settings).run(stop))
    await _wait(lambda: _delivered(deliveries), "the delivery after the error", timeout=10)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert calls["n"] >= 2


async def test_cancelling_the_worker_releases_the_entry(dlq: DeadLetterQueue) -> None:
    await dlq.enqueue(message(1), "pms_unavailable", "e", "", "")
    await asyncio.sleep(0.06)
    slow = Deliveries(delay=30)
    task = asyncio.create_task(DLQWorker(dlq, slow, dlq.settings).run(asyncio.Event()))
    await _wait(lambda: _called(slow), "the retry to start", timeout=10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    entry = await dlq.get(entry_id_for(message(1)))
    assert entry is not None and entry.lease_owner is None and entry.retry_count == 0


async def _called(deliveries: Deliveries) -> bool:
    return deliveries.calls > 0


async def test_signal_handlers_set_the_stop_event() -> None:
    stop = asyncio.Event()
    install_signal_handlers(stop)
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.wait_for(stop.wait(), 5)
    finally:
        loop = asyncio.get_running_loop()
        loop.remove_signal_handler(signal.SIGTERM)
        loop.remove_signal_handler(signal.SIGINT)
    assert stop.is_set()


async def test_stop_mid_retry_waits_for_the_grace_then_releases(dlq: DeadLetterQueue) -> None:
    await dlq.enqueue(message(1), "pms_unavailable", "e", "", "")
    await dlq.enqueue(message(2), "pms_unavailable", "e", "", "")
    await asyncio.sleep(0.06)
    slow = Deliveries(delay=30)
    stop = asyncio.Event()
    worker = DLQWorker(dlq, slow, dlq.settings, shutdown_grace_seconds=0.2)
    task = asyncio.create_task(worker.run(stop))
    await _wait(lambda: _called(slow), "the retry to start", timeout=10)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert slow.calls == 1  # the second entry was never started
    for n in (1, 2):
        entry = await dlq.get(entry_id_for(message(n)))
        assert entry is not None and entry.lease_owner is None and entry.retry_count == 0


async def test_stop_mid_retry_lets_a_short_retry_finish(dlq: DeadLetterQueue) -> None:
    await dlq.enqueue(message(1), "pms_unavailable", "e", "", "")
    await asyncio.sleep(0.06)
    quick = Deliveries(delay=0.3)
    stop = asyncio.Event()
    task = asyncio.create_task(DLQWorker(dlq, quick, dlq.settings, shutdown_grace_seconds=5).run(stop))
    await _wait(lambda: _called(quick), "the retry to start", timeout=10)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert [d[0] for d in quick.delivered] == ["wamid.1"]
    assert await _is_empty(dlq)


async def test_every_process_reads_the_same_gauges(store: dict[str, Any], dlq: DeadLetterQueue) -> None:
    """Queue size and age come from the shared store, so a second process (own connections) agrees."""
    async with open_dlq(
        store["kind"], store["sql_url"], store["redis_url"], store["prefix"], cleanup=False
    ) as other:
        now = datetime.now(UTC)
        await dlq.enqueue(message(1), "pms_unavailable", "e", "", "", now=now)
        await other.enqueue(message(2), "nlp_error", "e", "", "", now=now)
        assert await dlq.stats(now=now) == await other.stats(now=now)
        assert (await other.stats(now=now)).queue_size == 2
