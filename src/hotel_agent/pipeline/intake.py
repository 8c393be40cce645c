"""Intake: validated guest messages → one INSERT in one transaction → the channel's 200.

Nothing else happens before the ack: processing is the worker's (woken here when it runs in-process).
Concurrent requests share their transaction (group commit): while one INSERT is being committed the next
requests queue, and the next flush stores all of them with one INSERT and one commit. On SQLite, where
every commit waits for the disk and writes are serialised, this is what lets acks scale with concurrency;
a single 1,000-message batch is likewise one INSERT.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from prometheus_client import Counter

from hotel_agent.channels.types import InboundMessage
from hotel_agent.observability.metrics import MESSAGES_RECEIVED
from hotel_agent.pipeline.inbox import Inbox


@dataclass
class _Request:
    messages: Sequence[InboundMessage]
    claimed: bool
    stored: asyncio.Future[list[InboundMessage]] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class Intake:
    def __init__(self, inbox: Inbox, wake_worker: Callable[[Sequence[InboundMessage]], None] | None) -> None:
        self.inbox = inbox
        self.wake_worker = wake_worker
        self._queue: list[_Request] = []
        self._flusher: asyncio.Task[None] | None = None
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
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush(), name="inbox-intake")
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
        while self._queue:
            group, self._queue = self._queue, []
            try:
                stored = await self.inbox.accept_groups([(r.messages, r.claimed) for r in group])
            except Exception as exc:
                for request in group:
                    request.stored.set_exception(exc)
                continue
            for request, new in zip(group, stored, strict=True):
                request.stored.set_result(new)
