"""The interface every live-queue store implements (Redis in production, SQL embedded).

Every method that changes an entry is atomic in the store, so any number of workers and API
processes can share one queue. Methods taking a lease `token` do nothing (and return False) when
the caller no longer holds the lease: it expired and another worker took the entry, or it was purged.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Protocol

from hotel_agent.dlq.entry import Claim, DLQEntry
from hotel_agent.errors import FailureReason

ClaimMiss = Literal["missing", "leased"]


class DLQStore(Protocol):
    async def add(self, entry: DLQEntry) -> bool:
        """Store a new entry; False (and no change) when an entry with that id exists."""
        ...

    async def get(self, entry_id: str) -> DLQEntry | None: ...

    async def page(self, reason: FailureReason | None, offset: int, limit: int) -> tuple[list[DLQEntry], int]:
        """Oldest first (by first failure), with the total matching."""
        ...

    async def claim_due(
        self, owner: str, token: str, now: datetime, lease_until: datetime
    ) -> DLQEntry | None:
        """Lease the entry due soonest (due, and not leased or lease expired); count it as a retry."""
        ...

    async def claim(
        self, entry_id: str, owner: str, token: str, now: datetime, lease_until: datetime
    ) -> DLQEntry | ClaimMiss:
        """Lease this entry whatever its next retry time (an operator's "retry now")."""
        ...

    async def reschedule(
        self,
        claim: Claim,
        reason: FailureReason,
        error_message: str,
        traceback: str,
        retried_at: datetime,
        next_retry_at: datetime,
    ) -> bool:
        """Record a failed retry and drop the lease."""
        ...

    async def release(self, claim: Claim, now: datetime, due_at: datetime | None = None) -> bool:
        """Give the entry back unretried (shutdown, or a deferral): due at `due_at` (default now), and the
        retry not counted."""
        ...

    async def remove(self, entry_id: str, token: str | None = None) -> bool:
        """Delete the entry (only while holding the lease, when a token is given)."""
        ...

    async def remove_older_than(self, cutoff: datetime) -> int: ...

    async def schedule_all(self, now: datetime, spacing_seconds: float) -> int:
        """Make every unleased entry due, oldest first, one every `spacing_seconds` from now."""
        ...

    async def size_and_oldest(self) -> tuple[int, datetime | None]: ...

    async def close(self) -> None: ...
