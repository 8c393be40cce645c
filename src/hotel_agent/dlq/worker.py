"""The retry loop: claim a due entry under a lease, retry it, record the result; stop cleanly on SIGTERM.

Run one per process (`hotel-agent worker`, or in-process with the embedded default); any number of
workers can share one store. Each worker retries one message at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import uuid
from typing import TYPE_CHECKING

from hotel_agent.dlq.entry import Claim, RetryOutcome
from hotel_agent.dlq.service import RetryFn

if TYPE_CHECKING:
    from hotel_agent.ports import DeadLetterRetries
    from hotel_agent.settings import Settings

log = logging.getLogger(__name__)

# Entries one run_once handles at most before returning, so a long backlog still yields to `stop`.
MAX_PER_RUN = 100


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class DLQWorker:
    def __init__(
        self,
        dlq: DeadLetterRetries,
        retry: RetryFn,
        settings: Settings,
        worker_id: str | None = None,
        shutdown_grace_seconds: float = 10.0,
    ) -> None:
        self.dlq = dlq
        self.retry = retry
        self.settings = settings
        self.worker_id = worker_id or default_worker_id()
        self.shutdown_grace_seconds = shutdown_grace_seconds
        self.outcomes: list[RetryOutcome] = []  # the last run_once's, for logs and tests
        self._stop = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        """Retry due entries until `stop` is set; the retry in flight then finishes or is released."""
        self._stop = stop
        log.info("DLQ worker %s started", self.worker_id)
        while not stop.is_set():
            try:
                handled = await self.run_once()
            except Exception:
                log.exception("DLQ worker %s: store error, pausing", self.worker_id)
                handled = 0
            if handled == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.settings.dlq_poll_seconds)
        log.info("DLQ worker %s stopped", self.worker_id)

    async def run_once(self) -> int:
        """Retry every entry due now (up to MAX_PER_RUN); return how many were handled."""
        self.outcomes = []
        while len(self.outcomes) < MAX_PER_RUN and not self._stop.is_set():
            claim = await self.dlq.claim_next(self.worker_id)
            if claim is None:
                break
            outcome = await self._attempt(claim)
            if outcome is None:
                break
            self.outcomes.append(outcome)
        return len(self.outcomes)

    async def _attempt(self, claim: Claim) -> RetryOutcome | None:
        """Retry; if asked to stop meanwhile, give it the grace period, then cancel and release the entry."""
        task = asyncio.ensure_future(self.dlq.attempt(claim, self.retry))
        stopping = asyncio.ensure_future(self._stop.wait())
        try:
            await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if not task.done():
                await asyncio.wait({task}, timeout=self.shutdown_grace_seconds)
            if task.done():
                return task.result()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            released = await self.dlq.release(claim)
            log.info("DLQ worker %s stopping: entry %s released=%s", self.worker_id, claim.entry.id, released)
            return None
        except asyncio.CancelledError:
            # The loop itself is being cancelled: do not leave the entry leased until the lease expires.
            task.cancel()
            await asyncio.shield(self.dlq.release(claim))
            raise
        finally:
            stopping.cancel()


def install_signal_handlers(stop: asyncio.Event) -> None:
    """SIGTERM and SIGINT set `stop` (call from inside the running event loop)."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
