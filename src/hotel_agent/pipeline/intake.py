"""Intake: validated guest messages → one INSERT in one transaction → the channel's 200.

Nothing else happens before the ack: processing is the worker's (woken here when it runs in-process).
Concurrent requests share their transaction (group commit): the requests that arrive while a flush is being
committed queue, and the next flush stores all of them with one INSERT and one commit; each request is
answered once the commit holding its messages returned (durable), never before. A flush takes its requests
only once its write can start (SQLite: once the one writer is its own), so what arrives while it waits for
the writer rides on it. Up to `parallel` flushes are in flight at once: on PostgreSQL each on its own
connection, the server's WAL flush serving the commits that meet in it, so a request arriving while one
flush waits for the disk starts the next at once instead of waiting a whole commit for its turn; on SQLite
(one writer) two, one committing and the next queued for the writer, taking what came meanwhile. A request
of a conversation that a flush in flight holds waits for the next flush: a guest's messages are committed,
and so claimed, in the order they came. A flush the database refuses with several requests in it stores
each of them again alone: only a request that fails alone gets the error (a failure of the database itself
fails them all, as it would each alone). A single 1,000-message batch is likewise one INSERT.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from prometheus_client import Counter
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError

from hotel_agent.channels.types import InboundMessage
from hotel_agent.observability.metrics import MESSAGES_RECEIVED
from hotel_agent.pipeline.inbox import Inbox

# Flushes in flight at once. PostgreSQL: each holds a pooled connection for a commit's time.
POSTGRES_PARALLEL_FLUSHES = 4
SQLITE_PARALLEL_FLUSHES = 2


@dataclass
class _Request:
    messages: Sequence[InboundMessage]
    claimed: bool
    stored: asyncio.Future[list[InboundMessage]] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )

    @property
    def conversations(self) -> set[tuple[str, str]]:
        return {(m.channel, m.guest_id) for m in self.messages}


class Intake:
    def __init__(
        self,
        inbox: Inbox,
        wake_worker: Callable[[Sequence[InboundMessage]], None] | None,
        *,
        parallel: int | None = None,
    ) -> None:
        self.inbox = inbox
        self.wake_worker = wake_worker
        if parallel is None:
            parallel = SQLITE_PARALLEL_FLUSHES if inbox.db.is_sqlite else POSTGRES_PARALLEL_FLUSHES
        self.parallel = max(1, parallel)
        self._queue: list[_Request] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._flushing = 0  # flushers running
        self._waiting = 0  # of which not yet taken their requests (0 or 1: it takes whatever queued)
        # The conversations of the requests in flushes in flight: a conversation's next request waits for
        # that flush, so its messages are never visible (claimable) before the ones that came first.
        self._in_flight: set[tuple[str, str]] = set()
        self._received: dict[tuple[str, str], Counter] = {}  # labelled children, looked up once

    async def accept(
        self, messages: Sequence[InboundMessage], *, claimed: bool = False
    ) -> list[InboundMessage]:
        """Store durably; return the new messages (a redelivered id is not stored twice). `claimed`: the
        caller runs them itself (the chat API answering synchronously)."""
        if not messages:
            return []
        request = _Request(messages, claimed)
        self._queue.append(request)
        if self._waiting == 0 and self._flushing < self.parallel:
            # Counted here, not when the task first runs: the requests of this event-loop turn join it.
            self._flushing += 1
            self._waiting += 1
            task = asyncio.create_task(self._flush(), name="inbox-intake")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        new = await asyncio.shield(request.stored)  # a client hanging up does not undo its commit
        for message in new:
            counter = self._received.get((message.channel, message.type))
            if counter is None:
                counter = self._received[(message.channel, message.type)] = MESSAGES_RECEIVED.labels(
                    channel=message.channel, type=message.type
                )
            counter.inc()
        if new and not claimed and self.wake_worker is not None:
            self.wake_worker(new)
        return new

    async def _flush(self) -> None:
        try:
            while True:
                if not await self._flush_once():
                    return  # all it found waits for a flush in flight, which takes it when it ends
                # Another flusher waiting for its turn takes what queued since; this one goes on only if none.
                if not self._queue or self._waiting:
                    return
                self._waiting += 1
        finally:
            self._flushing -= 1

    async def _flush_once(self) -> bool:
        """Store what queued (whatever its turn finds); False if it found nothing it could take."""
        group: list[_Request] = []
        conversations: set[tuple[str, str]] = set()
        taken = False

        def take() -> list[tuple[Sequence[InboundMessage], bool]]:
            nonlocal taken
            if not taken:  # once, when the write's turn has come
                taken = True
                self._waiting -= 1
                blocked = set(self._in_flight)
                later: list[_Request] = []
                for request in self._queue:
                    mine = request.conversations
                    if blocked.isdisjoint(mine):
                        group.append(request)
                        conversations.update(mine)
                    else:
                        later.append(request)
                        blocked.update(mine)  # and what follows it in those conversations
                self._queue = later
                self._in_flight.update(conversations)
            return [(r.messages, r.claimed) for r in group]

        try:
            stored = await self.inbox.accept_taken(take)
        except Exception as exc:
            ran = taken
            take()  # failed before its turn came (the database is unreachable): the queue fails with it
            if ran and len(group) > 1 and not _database_fault(exc):
                for request in group:  # in order: one conversation's messages stay in order
                    await self._alone(request)
            else:
                for request in group:
                    request.stored.set_exception(exc)
        else:
            for request, new in zip(group, stored, strict=True):
                request.stored.set_result(new)
        finally:
            self._in_flight.difference_update(conversations)
        return bool(group)

    async def _alone(self, request: _Request) -> None:
        """A request of a failed group, stored again in its own transaction: it fails only for itself."""
        try:
            new = await self.inbox.accept_batch(request.messages, claimed=request.claimed)
        except Exception as exc:
            request.stored.set_exception(exc)
        else:
            request.stored.set_result(new)


def _database_fault(exc: Exception) -> bool:
    """The database failed (unreachable, timed out, out of disk), not a row it refused: every request of the
    group gets the error, as each would alone."""
    return isinstance(exc, OperationalError | InterfaceError | DisconnectionError | OSError | TimeoutError)
