"""The message pipeline assembled: intake → inbox → worker → turn → delivery, and failures → DLQ.

Every channel goes through here. A failure never loses the message: it is dead-lettered with its reason,
the guest gets one holding reply, and the DLQ worker later calls `retry`, which delivers the real answer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from hotel_agent.channels.rules import WhatsAppWindow
from hotel_agent.channels.types import InboundMessage
from hotel_agent.conversations.keys import ConversationKey
from hotel_agent.db.session import Database
from hotel_agent.dlq.entry import DLQEntry
from hotel_agent.observability.metrics import INBOX_CLAIMS_LOST
from hotel_agent.pipeline.delivery import Delivery
from hotel_agent.pipeline.failures import Failures
from hotel_agent.pipeline.inbox import INTAKE_CLAIM, Claimed, ClaimLost, Inbox
from hotel_agent.pipeline.intake import Intake
from hotel_agent.pipeline.notices import ConversationLanguage
from hotel_agent.pipeline.turn import Outcome, TurnFailed, TurnRunner
from hotel_agent.pipeline.worker import InboxWorker
from hotel_agent.pms.base import correlation
from hotel_agent.ports import (
    Analyzer,
    BreakerView,
    Conversations,
    DeadLetters,
    Orchestrator,
    Sender,
    Transcriber,
)
from hotel_agent.resilience.retry_policy import defer_while_open
from hotel_agent.settings import Settings

log = logging.getLogger(__name__)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class MessagePipeline:
    def __init__(
        self,
        settings: Settings,
        db: Database,
        conversations: Conversations,
        orchestrator: Orchestrator,
        dlq: DeadLetters,
        analyzer: Analyzer,
        *,
        sender: Sender | None = None,
        transcriber: Transcriber | None = None,
        breaker: BreakerView | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.settings = settings
        self.clock = clock  # replaceable (tests move time forward); every part reads it through _now
        self.inbox = Inbox(db)
        self.conversations = conversations
        self.orchestrator = orchestrator
        self.sender = sender
        self.breaker = breaker
        self.max_attempts = settings.inbox_max_attempts
        language_of = ConversationLanguage(conversations, analyzer)
        self.delivery = Delivery(
            conversations, sender, WhatsAppWindow.from_settings(settings), language_of, self._now
        )
        self.turns = TurnRunner(
            db,
            self.inbox,
            conversations,
            orchestrator,
            self.delivery,
            transcriber,
            language_of,
            self._now,
            busy_retry_seconds=settings.inbox_recovery_seconds,
        )
        self.failures = Failures(db, self.inbox, conversations, dlq, self.delivery, language_of, self._now)
        self.worker = InboxWorker(
            self.inbox,
            self._handle,
            concurrency=settings.worker_concurrency,
            lease=timedelta(seconds=settings.inbox_recovery_seconds),
            poll_seconds=settings.inbox_poll_seconds,
            storm_pause_seconds=0.0 if db.is_sqlite else settings.inbox_storm_pause_seconds,
        )
        self.intake = Intake(self.inbox, self.worker.wake if settings.inbox_worker_in_process else None)

    def _now(self) -> datetime:
        return self.clock()

    # --- intake -----------------------------------------------------------------------------------
    async def accept(self, message: InboundMessage) -> bool:
        """Store durably before acknowledging. False: a redelivery of a message already accepted."""
        return bool(await self.intake.accept([message]))

    async def accept_batch(self, messages: Sequence[InboundMessage]) -> list[InboundMessage]:
        return await self.intake.accept(messages)

    async def answer_now(self, message: InboundMessage, timeout: float) -> Outcome:
        """The chat API's synchronous answer: store the message already claimed, run its turn here, and wait
        up to `timeout`; past it the turn goes on and the answer lands in the history ("queued")."""
        if not await self.intake.accept([message], claimed=True):
            return Outcome("duplicate")
        task = self.worker.start(Claimed(message, attempts=1, outbox=None, token=INTAKE_CLAIM))
        try:
            result = await asyncio.wait_for(asyncio.shield(task), timeout=timeout)
        except TimeoutError:
            return Outcome("queued")
        return result if isinstance(result, Outcome) else Outcome("queued")

    # --- processing -------------------------------------------------------------------------------
    async def _handle(self, claimed: Claimed) -> Outcome:
        try:
            if claimed.attempts > self.max_attempts:
                await self.failures.give_up(claimed, self.max_attempts)
                return Outcome("queued")
            try:
                with correlation(claimed.message.correlation_id or claimed.message.id):  # PMS errors name it
                    return await self.turns.run(claimed)
            except TurnFailed as failed:
                return await self.failures.turn_failed(claimed, failed)
        except ClaimLost:
            # This worker stalled past its lease and another took the message over: that one answers it.
            INBOX_CLAIMS_LOST.inc()
            log.warning(
                "claim on %s message %s was taken over; leaving it to its new holder",
                claimed.message.channel,
                claimed.message.id,
            )
            return Outcome("queued")

    async def run_worker(self, stop: asyncio.Event) -> None:
        await self.worker.run(stop)

    async def recover(self) -> int:
        """Claim and process, here and now, what is due (accepted and never processed, or whose processing
        died); return how many. The worker does this continuously; this is for tools and tests."""
        claimed = await self.inbox.claim_due(self.worker.concurrency, self.worker.lease)
        for item in claimed:
            self.worker.start(item)
        await self.worker.drain()
        return len(claimed)

    async def drain(self, timeout: float = 30.0) -> None:
        """Wait until this process's worker has taken and finished everything due (tests, benchmarks)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            await self.worker.drain(max(0.0, deadline - loop.time()))
            due = self.intake.wake_worker is not None and await self.inbox.has_due(self.worker.lease)
            if not due and self.worker.in_flight == 0:
                return
            await asyncio.sleep(0.005)

    async def stop(self, timeout: float = 30.0) -> None:
        await self.worker.stop(timeout)

    # --- the DLQ's retry --------------------------------------------------------------------------
    async def retry(self, message: InboundMessage, entry: DLQEntry | None = None) -> None:
        """Run a dead-lettered message again and deliver the real answer; raise on failure."""
        if entry is not None and entry.reason == "pms_unavailable":
            defer_while_open(self.breaker)  # the breaker-open policy lives in resilience/
        async with self.worker.locks.hold(ConversationKey.of(message)):
            with correlation(message.correlation_id or message.id):
                await self.turns.retry(message)
