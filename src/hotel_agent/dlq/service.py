"""The dead-letter queue: what the pipeline, the worker, the admin API and the CLI call.

A failed guest message goes in with `enqueue`; a worker `claim_next`s it under a lease and `attempt`s
a retry; after `settings.dlq_max_retries` failed retries it moves to dlq_permanent_failures.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
import traceback as traceback_module
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from hotel_agent.channels.types import InboundMessage
from hotel_agent.db.base import utcnow
from hotel_agent.dlq.entry import (
    MAX_ERROR_CHARS,
    MAX_TRACEBACK_CHARS,
    Claim,
    DLQEntry,
    Page,
    PermanentFailure,
    RetryOutcome,
    check_reason,
    clip,
    entry_id_for,
)
from hotel_agent.dlq.permanent import PermanentFailureStore, PermanentStatus
from hotel_agent.dlq.store import DLQStore
from hotel_agent.errors import FailureReason, ProcessingFailure, RetryDeferred
from hotel_agent.observability.metrics import (
    DLQ_MESSAGES,
    DLQ_PERMANENT_FAILURES,
    DLQ_RETRIES,
    DLQ_RETRY_LATENCY,
    SharedGaugeReading,
)
from hotel_agent.resilience.backoff import delay as backoff_delay

if TYPE_CHECKING:
    from hotel_agent.settings import Settings

log = logging.getLogger(__name__)

RetryFn = Callable[[InboundMessage, DLQEntry], Awaitable[None]]
# The share of the lease a retry may use; the rest is margin to record the result before it expires.
RETRY_SHARE_OF_LEASE = 0.8


class EntryNotFound(LookupError):
    pass


class EntryBusy(RuntimeError):
    """Another worker holds the entry's lease right now."""


class AlreadyQueued(RuntimeError):
    """The message is already waiting in the live queue."""


class DeadLetterQueue:
    def __init__(
        self,
        store: DLQStore,
        permanent: PermanentFailureStore,
        settings: Settings,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.permanent = permanent
        self.settings = settings
        self.rng = rng or random.Random()

    # --- going in -------------------------------------------------------------------------------
    async def enqueue(
        self,
        message: InboundMessage,
        reason: FailureReason,
        error_message: str,
        traceback_text: str,
        correlation_id: str,
        now: datetime | None = None,
    ) -> bool:
        """Queue a failed message for retries; False when that message is already queued (kept once)."""
        now = now or utcnow()
        entry = DLQEntry(
            id=entry_id_for(message),
            message=message,
            reason=check_reason(reason),
            error_message=clip(error_message, MAX_ERROR_CHARS),
            traceback=clip(traceback_text, MAX_TRACEBACK_CHARS),
            retry_count=0,
            first_failed_at=now,
            next_retry_at=now + timedelta(seconds=self.backoff_seconds(0)),
            correlation_id=correlation_id or message.correlation_id,
        )
        added = await self.store.add(entry)
        if added:
            DLQ_MESSAGES.labels(reason=reason).inc()
            log.info("dead-lettered %s message (%s): %s", message.channel, reason, entry.id)
        return added

    def backoff_seconds(self, retries_done: int) -> float:
        return backoff_delay(
            retries_done, self.settings.dlq_retry_base_seconds, self.settings.dlq_retry_cap_seconds, self.rng
        )

    # --- reading --------------------------------------------------------------------------------
    async def stats(self, now: datetime | None = None) -> SharedGaugeReading:
        size, oldest = await self.store.size_and_oldest()
        age = max(0.0, ((now or utcnow()) - oldest).total_seconds()) if oldest else 0.0
        return SharedGaugeReading(queue_size=float(size), oldest_message_age_seconds=age)

    async def list(
        self, reason: FailureReason | None = None, offset: int = 0, limit: int = 50
    ) -> Page[DLQEntry]:
        _check_page(offset, limit)
        items, total = await self.store.page(reason, offset, limit)
        return Page(items, total, offset, limit)

    async def get(self, entry_id: str) -> DLQEntry | None:
        return await self.store.get(entry_id)

    # --- retrying -------------------------------------------------------------------------------
    async def claim_next(self, owner: str, now: datetime | None = None) -> Claim | None:
        now = now or utcnow()
        token = uuid.uuid4().hex
        entry = await self.store.claim_due(owner, token, now, self._lease_until(now))
        return Claim(entry, token) if entry else None

    def _lease_until(self, now: datetime) -> datetime:
        return now + timedelta(seconds=self.settings.dlq_lease_seconds)

    async def attempt(self, claim: Claim, retry: RetryFn) -> RetryOutcome:
        """Run one retry of a claimed entry and record what happened."""
        entry = claim.entry
        if entry.retry_count > self.settings.dlq_max_retries:
            # A worker died during the last allowed retry: do not let one message kill workers forever.
            lost = "the worker retrying this message stopped before recording the result"
            return await self._fail(claim, entry.reason, lost, "", utcnow())
        started = time.perf_counter()
        try:
            await asyncio.wait_for(
                retry(entry.message, entry), timeout=self.settings.dlq_lease_seconds * RETRY_SHARE_OF_LEASE
            )
        except RetryDeferred as deferred:
            return await self._defer(claim, deferred)
        except ProcessingFailure as failure:
            DLQ_RETRY_LATENCY.observe(time.perf_counter() - started)
            return await self._fail(
                claim, failure.reason, str(failure), traceback_module.format_exc(), utcnow()
            )
        except TimeoutError:
            DLQ_RETRY_LATENCY.observe(time.perf_counter() - started)
            error = f"retry took longer than {self.settings.dlq_lease_seconds * RETRY_SHARE_OF_LEASE:g}s"
            return await self._fail(claim, "unhandled", error, "", utcnow())
        except Exception as exc:
            DLQ_RETRY_LATENCY.observe(time.perf_counter() - started)
            error = f"{type(exc).__name__}: {exc}"
            return await self._fail(claim, "unhandled", error, traceback_module.format_exc(), utcnow())
        DLQ_RETRY_LATENCY.observe(time.perf_counter() - started)
        if not await self.store.remove(entry.id, claim.token):
            log.warning("DLQ entry %s was delivered but its lease had been lost", entry.id)
        DLQ_RETRIES.labels(result="success").inc()
        if entry.replay_of:
            await self.permanent.resolve(entry.replay_of, entry.replayed_by or "operator", utcnow())
        log.info("DLQ entry %s delivered on retry %d", entry.id, entry.retry_count)
        return RetryOutcome(entry.id, "success")

    async def _fail(
        self, claim: Claim, reason: FailureReason, error: str, traceback_text: str, now: datetime
    ) -> RetryOutcome:
        entry = claim.entry
        error = clip(error, MAX_ERROR_CHARS)
        traceback_text = clip(traceback_text, MAX_TRACEBACK_CHARS)
        if entry.retry_count >= self.settings.dlq_max_retries:
            if entry.lease_expires_at is not None and now >= entry.lease_expires_at:
                return RetryOutcome(entry.id, "lost", error, reason)  # another worker may hold it now
            final = replace(
                entry, reason=reason, error_message=error, traceback=traceback_text, last_retry_at=now
            )
            # Written before the live entry goes, so a crash in between duplicates rather than drops.
            await self.permanent.record(final, now)
            await self.store.remove(entry.id, claim.token)
            DLQ_RETRIES.labels(result="permanent").inc()
            DLQ_PERMANENT_FAILURES.labels(reason=reason).inc()
            log.warning(
                "DLQ entry %s failed %d retries: permanent failure (%s)", entry.id, entry.retry_count, reason
            )
            return RetryOutcome(entry.id, "permanent", error, reason)
        next_retry_at = now + timedelta(seconds=self.backoff_seconds(entry.retry_count))
        if not await self.store.reschedule(claim, reason, error, traceback_text, now, next_retry_at):
            return RetryOutcome(entry.id, "lost", error, reason)
        DLQ_RETRIES.labels(result="failure").inc()
        return RetryOutcome(entry.id, "failure", error, reason, next_retry_at)

    async def _defer(self, claim: Claim, deferred: RetryDeferred) -> RetryOutcome:
        """Not retried (e.g. the breaker is open): come back later without spending one of the retries,
        so a long PMS outage does not turn every queued message into a permanent failure."""
        now = utcnow()
        due_at = now + timedelta(seconds=max(deferred.seconds, self.settings.dlq_poll_seconds))
        if not await self.store.release(claim, now, due_at):
            return RetryOutcome(claim.entry.id, "lost", str(deferred), claim.entry.reason)
        DLQ_RETRIES.labels(result="deferred").inc()
        return RetryOutcome(claim.entry.id, "deferred", str(deferred), claim.entry.reason, due_at)

    async def release(self, claim: Claim) -> bool:
        return await self.store.release(claim, utcnow())

    async def retry_now(self, entry_id: str, retry: RetryFn, owner: str = "operator") -> RetryOutcome:
        """An operator's "retry now": claim this entry (wherever its schedule is) and retry it."""
        now = utcnow()
        token = uuid.uuid4().hex
        claimed = await self.store.claim(entry_id, owner, token, now, self._lease_until(now))
        if claimed == "missing":
            raise EntryNotFound(f"no DLQ entry with id {entry_id!r}")
        if claimed == "leased":
            raise EntryBusy(f"DLQ entry {entry_id!r} is being retried by a worker right now")
        return await self.attempt(Claim(claimed, token), retry)

    async def retry_all(self, now: datetime | None = None) -> int:
        """Make every waiting entry due, paced at settings.dlq_retry_all_per_second for the workers."""
        # Settings guarantee a positive rate (validated at start-up).
        return await self.store.schedule_all(now or utcnow(), 1.0 / self.settings.dlq_retry_all_per_second)

    # --- removing -------------------------------------------------------------------------------
    async def purge(self, entry_id: str) -> bool:
        return await self.store.remove(entry_id)

    async def purge_older_than(self, age: timedelta, now: datetime | None = None) -> int:
        if age < timedelta(0):
            raise ValueError("age must not be negative")
        return await self.store.remove_older_than((now or utcnow()) - age)

    # --- permanent failures ---------------------------------------------------------------------
    async def list_permanent(
        self,
        status: PermanentStatus = "unresolved",
        reason: FailureReason | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> Page[PermanentFailure]:
        _check_page(offset, limit)
        items, total = await self.permanent.page(status, reason, offset, limit)
        return Page(items, total, offset, limit)

    async def get_permanent(self, failure_id: str) -> PermanentFailure | None:
        return await self.permanent.get(failure_id)

    async def replay_permanent(
        self, failure_id: str, replayed_by: str = "operator", now: datetime | None = None
    ) -> DLQEntry:
        """Put a permanent failure back in the live queue, due now; delivery marks it resolved."""
        failure = await self.permanent.get(failure_id)
        if failure is None:
            raise EntryNotFound(f"no permanent failure with id {failure_id!r}")
        now = now or utcnow()
        entry = DLQEntry(
            id=failure.id,
            message=failure.message,
            reason=failure.reason,
            error_message=failure.error_message,
            traceback=failure.traceback,
            retry_count=0,
            first_failed_at=now,
            next_retry_at=now,
            correlation_id=failure.message.correlation_id,
            replay_of=failure.id,
            replayed_by=replayed_by,
        )
        if not await self.store.add(entry):
            raise AlreadyQueued(f"message of permanent failure {failure_id!r} is already in the live queue")
        log.info("permanent failure %s replayed by %s", failure_id, replayed_by)
        return entry

    async def resolve_permanent(
        self, failure_id: str, resolved_by: str = "operator", now: datetime | None = None
    ) -> PermanentFailure:
        resolved = await self.permanent.resolve(failure_id, resolved_by, now or utcnow())
        if resolved is None:
            raise EntryNotFound(f"no permanent failure with id {failure_id!r}")
        return resolved

    async def close(self) -> None:
        await self.store.close()


def _check_page(offset: int, limit: int) -> None:
    if offset < 0:
        raise ValueError("offset must be >= 0")
    if not 1 <= limit <= 500:
        raise ValueError("limit must be between 1 and 500")
