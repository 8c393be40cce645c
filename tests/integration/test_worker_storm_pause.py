"""A worker pauses its claims while the inbox grows faster than it is claimed (an ack storm), for at most its
pause: a message that has waited that long is claimed as usual, and a 100 msg/s burst never pauses it.

Time is the inbox's clock, moved by hand; the worker's pauses are observed through its reads of the inbox, so
nothing here depends on how fast the machine runs."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hotel_agent.channels.types import InboundMessage
from hotel_agent.db.migrate import upgrade
from hotel_agent.db.session import Database
from hotel_agent.pipeline.inbox import Claimed, Inbox
from hotel_agent.pipeline.worker import InboxWorker
from tests.apps import container_of, make_settings, running_app
from tests.clock import Clock

WINDOW = timedelta(seconds=1)
PAUSE = timedelta(seconds=5)


def _messages(prefix: str, count: int) -> list[InboundMessage]:
    now = datetime.now(UTC)
    return [
        InboundMessage(f"wamid.storm.{prefix}.{n}", "whatsapp", f"346{n:08d}", "text", now, text="Check-in?")
        for n in range(count)
    ]


async def test_storming_reads_the_inbox_growth(db: Database) -> None:
    clock = Clock()
    inbox = Inbox(db, clock)
    assert not await inbox.storming(WINDOW, 250, PAUSE)
    await inbox.accept_batch(_messages("a", 249))
    assert not await inbox.storming(WINDOW, 250, PAUSE)  # below the busy rate
    await inbox.accept_batch(_messages("b", 1))
    assert await inbox.storming(WINDOW, 250, PAUSE)

    # Claimed messages are not waiting: the worker keeps up, no storm.
    claimed = await inbox.claim_due(10, timedelta(seconds=30))
    assert len(claimed) == 10
    assert not await inbox.storming(WINDOW, 250, PAUSE)

    # Out of the window: intake stopped.
    clock.advance(timedelta(seconds=2))
    assert not await inbox.storming(WINDOW, 250, PAUSE)

    # A storm again, but something has waited longer than the pause: no longer a reason to wait.
    await inbox.accept_batch(_messages("c", 300))
    assert not await inbox.storming(WINDOW, 250, timedelta(seconds=1))
    assert await inbox.storming(WINDOW, 250, PAUSE)


class Recorded:
    """What the worker handled and what its reads of the inbox's growth answered, with events to wait on."""

    def __init__(self, inbox: Inbox, handled_target: int) -> None:
        self.handled: list[str] = []
        self.reads: list[bool] = []
        self.all_handled = asyncio.Event()
        self.three_reads = asyncio.Event()
        self.target = handled_target
        storming = inbox.storming

        async def recorded(window: timedelta, busy: int, longest_wait: timedelta) -> bool:
            found = await storming(window, busy, longest_wait)
            self.reads.append(found)
            if len(self.reads) >= 3:
                self.three_reads.set()
            return found

        inbox.storming = recorded  # type: ignore[method-assign]

    def handled_one(self, message_id: str) -> None:
        self.handled.append(message_id)
        if len(self.handled) == self.target:
            self.all_handled.set()


@contextlib.asynccontextmanager
async def running_worker(inbox: Inbox, storm_pause: timedelta, target: int) -> AsyncIterator[Recorded]:
    recorded = Recorded(inbox, target)

    async def handle(claimed: Claimed) -> None:
        await inbox.finish(claimed)
        recorded.handled_one(claimed.message.id)

    worker = InboxWorker(
        inbox,
        handle,
        concurrency=8,
        lease=timedelta(seconds=30),
        poll_seconds=0.01,
        storm_pause_seconds=storm_pause.total_seconds(),
    )
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        yield recorded
    finally:
        stop.set()
        await task
        await worker.stop()


async def test_a_storm_pauses_claims_until_a_message_waited_the_pause(db: Database) -> None:
    clock = Clock()
    inbox = Inbox(db, clock)
    await inbox.accept_batch(_messages("storm", 300))
    async with running_worker(inbox, PAUSE, 300) as recorded:
        await asyncio.wait_for(recorded.three_reads.wait(), 30)
        assert recorded.reads[:3] == [True, True, True]
        assert recorded.handled == []  # every read saw the storm: nothing was claimed

        clock.advance(PAUSE + timedelta(seconds=1))  # the oldest has waited longer than the pause
        await asyncio.wait_for(recorded.all_handled.wait(), 30)
    assert sorted(recorded.handled) == sorted(m.id for m in _messages("storm", 300))


@pytest.mark.parametrize("count, pause", [(100, PAUSE), (300, timedelta(0))])
async def test_a_burst_below_the_busy_rate_or_no_pause_claims_at_once(
    db: Database, count: int, pause: timedelta
) -> None:
    clock = Clock()  # never moved: every message stays within the window
    inbox = Inbox(db, clock)
    await inbox.accept_batch(_messages("burst", count))
    async with running_worker(inbox, pause, count) as recorded:
        await asyncio.wait_for(recorded.all_handled.wait(), 30)
    assert True not in recorded.reads
    if not pause:
        assert recorded.reads == []  # no pause, no reads


async def test_the_pipelines_worker_pauses_on_postgresql_only(database_url: str, tmp_path: Path) -> None:
    await asyncio.to_thread(upgrade, database_url)
    settings = make_settings(tmp_path, database_url=database_url, inbox_storm_pause_seconds=2.0)
    async with running_app(settings) as (app, _client):
        worker = container_of(app).pipeline.worker
    # SQLite's in-process worker claims a quarter of its turns under busy intake instead (test_worker_busy_intake).
    assert worker.storm_pause == (timedelta(0) if database_url.startswith("sqlite") else timedelta(seconds=2))
