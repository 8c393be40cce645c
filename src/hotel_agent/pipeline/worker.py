"""The inbox worker: claims due messages and runs their turns, a bounded number at a time.

In-process for the embedded default (intake wakes it), in `hotel-agent worker` processes in production
(it polls). Claims are bounded by `concurrency`, so a burst waits in the inbox — visible as inbox lag —
instead of piling up tasks. One conversation's messages run one at a time, in the order they came. On
PostgreSQL a worker pauses its claims while the inbox grows faster than it is claimed (an ack storm), for at most
`storm_pause`: the acks get the CPU and the database, and what they stored waits its turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Iterable, Sized
from datetime import timedelta

from hotel_agent.channels.types import InboundMessage
from hotel_agent.conversations.keys import ConversationKey
from hotel_agent.pipeline.inbox import Claimed, Inbox

log = logging.getLogger(__name__)

Handler = Callable[[Claimed], Awaitable[object]]

# Intake busier than this (messages stored a second, as seen by an in-process worker's wakes) shares the event
# loop with at most a quarter of the worker's turns: acks are latency-critical, the inbox holds the rest. Well
# above a 100 msg/s burst, which keeps every turn (its lag must be back to 0 within 5 s of its end).
BUSY_INTAKE_PER_SECOND = 250.0
INTAKE_WINDOW_SECONDS = 0.5
# A worker with a storm pause reads the inbox's growth at most this often (one small query), over this window.
STORM_CHECK_SECONDS = 0.1
STORM_WINDOW_SECONDS = 1.0


class KeyedLock:
    """One asyncio.Lock per key, dropped when nobody holds or waits for it (guests come and go)."""

    def __init__(self) -> None:
        self._locks: dict[Hashable, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)

    def __contains__(self, key: Hashable) -> bool:
        """Held or waited for."""
        return key in self._locks


class InboxWorker:
    def __init__(
        self,
        inbox: Inbox,
        handle: Handler,
        *,
        concurrency: int,
        lease: timedelta,
        poll_seconds: float,
        storm_pause_seconds: float = 0.0,
    ) -> None:
        self.inbox = inbox
        self.handle = handle
        self.concurrency = concurrency
        self.lease = lease
        self.poll_seconds = poll_seconds
        self.locks = KeyedLock()
        # Per claim, not per message: a message this worker stalled on and then claimed again is two claims
        # (the first one's writes are refused by its token; see inbox.py).
        self._in_flight: dict[tuple[str, str, str], Claimed] = {}
        self._tasks: set[asyncio.Task[object]] = set()
        self._renewal: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        # Whether a claim may find something when a turn ends and frees a slot: intake woke the worker since
        # its last claim, or that claim filled every free slot (more may wait). Otherwise a turn's end claims
        # nothing (a chat turn, stored already claimed, used to cost a claim transaction on its way out).
        self._maybe_due = False
        # Conversations with a message stored while one of theirs was in flight here (or being claimed): a
        # claim skips it (one turn at a time per conversation), so the end of that turn claims again.
        self._follow_ups: set[ConversationKey] = set()
        self._arrived: set[ConversationKey] = set()  # stored since the last claim began, not in flight here
        self._intake_window = (time.monotonic(), 0)  # (window start, messages stored since)
        self._intake_rate = 0.0  # messages a second over the last whole window
        # Claims pause while the inbox grows faster than BUSY_INTAKE_PER_SECOND (an ack storm: its acks, latency-
        # critical, win the CPU and the database; what is acked waits, counted as inbox lag), for at most this
        # long: once a message has waited so long the worker claims as usual. 0: never pause.
        self.storm_pause = timedelta(seconds=storm_pause_seconds)
        self._storm = False
        self._storm_read_at = float("-inf")

    def wake(self, messages: Iterable[InboundMessage] = ()) -> None:
        """Intake stored `messages` (or something, when none are named): claim them."""
        self._maybe_due = True
        self._count_intake(len(messages) if isinstance(messages, Sized) else 1)
        for message in messages:
            key = ConversationKey.of(message)
            (self._follow_ups if key in self.locks else self._arrived).add(key)
        self._wake.set()

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def _count_intake(self, count: int) -> None:
        now = time.monotonic()
        start, stored = self._intake_window
        if now - start >= INTAKE_WINDOW_SECONDS:
            self._intake_rate = stored / (now - start)
            start, stored = now, 0
        self._intake_window = (start, stored + count)

    @property
    def limit(self) -> int:
        """Turns this worker claims up to: its concurrency, a quarter of it while intake is busy."""
        start, _ = self._intake_window
        busy = (
            self._intake_rate > BUSY_INTAKE_PER_SECOND
            and time.monotonic() - start < 2 * INTAKE_WINDOW_SECONDS
        )
        return max(1, self.concurrency // 4) if busy else self.concurrency

    async def run(self, stop: asyncio.Event) -> None:
        """Claim and process until `stop`."""
        while not stop.is_set():
            woken = self._wake.is_set()
            self._wake.clear()
            try:
                claimed = await self._claim(woken)
            except Exception:
                log.exception("inbox claim failed; trying again shortly")
                claimed = 0
            if claimed and self.in_flight < self.limit:
                continue  # there may be more due
            if not self._tasks:
                self._idle.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_seconds)

    async def _claim(self, woken: bool) -> int:
        free = self.limit - self.in_flight
        if free <= 0:
            return 0
        # Idle polls read first (a reader connection) and take the writer only when something is due.
        if not woken and not await self.inbox.has_due(self.lease):
            return 0
        if await self._storming():
            return 0
        # A wake while this claim runs sets it again (and the wake event: the loop claims once more).
        self._maybe_due = False
        self._arrived = set()
        claimed = await self.inbox.claim_due(free, self.lease)
        if len(claimed) == free:
            self._maybe_due = True
        for item in claimed:
            self.start(item)
            key = ConversationKey.of(item.message)
            if key in self._arrived:  # stored while this claim ran: the next claim will skip it
                self._follow_ups.add(key)
        return len(claimed)

    async def _storming(self) -> bool:
        """Whether to leave the inbox alone for now (see `storm_pause`): read at most every STORM_CHECK_SECONDS.
        The inbox is the signal, not intake's wakes: a `hotel-agent worker` process sees intake only there."""
        if not self.storm_pause:
            return False
        now = time.monotonic()
        if now - self._storm_read_at < STORM_CHECK_SECONDS:
            return self._storm
        self._storm_read_at = now
        busy = round(BUSY_INTAKE_PER_SECOND * STORM_WINDOW_SECONDS)
        try:
            storming = await self.inbox.storming(
                timedelta(seconds=STORM_WINDOW_SECONDS), busy, self.storm_pause
            )
        except Exception:
            log.warning("could not read the inbox's growth; claiming as usual", exc_info=True)
            storming = False
        if storming != self._storm:
            log.info(
                "intake storm %s: claims %s", *(("began", "paused") if storming else ("over", "resumed"))
            )
        self._storm = storming
        return storming

    def start(self, claimed: Claimed) -> asyncio.Task[object]:
        """Run a claimed message (also called by the chat API for the message it has just stored)."""
        message = claimed.message
        self._in_flight[(message.channel, message.id, claimed.token)] = claimed
        self._idle.clear()
        task = asyncio.create_task(self._run(claimed), name=f"turn:{message.channel}:{message.id}")
        self._tasks.add(task)
        task.add_done_callback(self._done)
        if self._renewal is None or self._renewal.done():
            self._renewal = asyncio.create_task(self._renew_claims(), name="inbox-claim-renewal")
        return task

    async def _run(self, claimed: Claimed) -> object:
        message = claimed.message
        key = ConversationKey.of(message)
        try:
            async with self.locks.hold(key):
                return await self.handle(claimed)
        finally:
            self._in_flight.pop((message.channel, message.id, claimed.token), None)
            if key in self._follow_ups and key not in self.locks:
                self._follow_ups.discard(key)
                self._maybe_due = True

    def _done(self, task: asyncio.Task[object]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("a turn task failed; its message is retried after its lease", exc_info=task.exception())
        if self._maybe_due:
            self._wake.set()  # a slot is free and something may be due
        if not self._tasks:
            self._idle.set()

    async def _renew_claims(self) -> None:
        """While messages are being worked on (a long voice note, a slow PMS), keep their claims fresh so
        that recovery in this or another process does not take them for abandoned. (If it does all the same —
        this process stalled past the lease — the claim token stops the old holder: see inbox.py.)"""
        interval = self.lease.total_seconds() / 3
        while self._in_flight:
            await asyncio.sleep(interval)
            try:
                await self.inbox.touch(list(self._in_flight.values()))
            except Exception:
                log.warning("could not renew the inbox claims; retrying in %.1fs", interval, exc_info=True)

    async def drain(self, timeout: float = 30.0) -> None:
        """Wait until what this worker holds is finished (tests; graceful shutdown)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), timeout=timeout)

    async def stop(self, timeout: float = 30.0) -> None:
        """Graceful shutdown: in-flight turns get `timeout` to finish; the rest are cancelled and handed back
        to the inbox for this or another process."""
        if self._tasks:
            await self._finish_or_hand_back(timeout)
        if self._renewal is not None:
            self._renewal.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._renewal

    async def _finish_or_hand_back(self, timeout: float) -> None:
        _, unfinished = await asyncio.wait(set(self._tasks), timeout=timeout)
        held = list(self._in_flight.values())
        for task in unfinished:
            task.cancel()
        if unfinished:
            await asyncio.wait(unfinished, timeout=5)
        for claimed in held:
            with contextlib.suppress(Exception):
                await self.inbox.release(claimed)
