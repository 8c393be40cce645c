"""Live DLQ entries in SQL: SQLite (embedded default) or PostgreSQL.

A claim is one `UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING`: on PostgreSQL
concurrent workers skip each other's rows; SQLite takes its write lock at the start of the UPDATE,
so claims there are serialised. The lease conditions are repeated in the outer WHERE so a row whose
lease was taken meanwhile is never claimed twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, and_, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from hotel_agent.channels.types import InboundMessage
from hotel_agent.db.session import Database
from hotel_agent.dlq.entry import Claim, DLQEntry, check_reason
from hotel_agent.dlq.models import DLQEntryRow
from hotel_agent.dlq.store import ClaimMiss
from hotel_agent.errors import FailureReason

_T = cast(Table, DLQEntryRow.__table__)


def _claimable(now: datetime) -> ColumnElement[bool]:
    return or_(DLQEntryRow.lease_expires_at.is_(None), DLQEntryRow.lease_expires_at <= now)


def _entry(row: Any) -> DLQEntry:
    return DLQEntry(
        id=row.id,
        message=InboundMessage.from_dict(row.message),
        reason=check_reason(row.reason),
        error_message=row.error_message,
        traceback=row.traceback,
        retry_count=row.retry_count,
        first_failed_at=row.first_failed_at,
        next_retry_at=row.next_retry_at,
        correlation_id=row.correlation_id,
        last_retry_at=row.last_retry_at,
        replay_of=row.replay_of,
        replayed_by=row.replayed_by,
        lease_owner=row.lease_owner,
        lease_expires_at=row.lease_expires_at,
    )


class SqlDLQStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, entry: DLQEntry) -> bool:
        values = {
            "id": entry.id,
            "message_id": entry.message.id,
            "channel": entry.channel,
            "guest_id": entry.guest_id,
            "message": entry.message.to_dict(),
            "reason": entry.reason,
            "error_message": entry.error_message,
            "traceback": entry.traceback,
            "retry_count": entry.retry_count,
            "first_failed_at": entry.first_failed_at,
            "next_retry_at": entry.next_retry_at,
            "last_retry_at": entry.last_retry_at,
            "correlation_id": entry.correlation_id,
            "replay_of": entry.replay_of,
            "replayed_by": entry.replayed_by,
        }
        dialect = postgresql if not self.db.is_sqlite else sqlite
        stmt = dialect.insert(_T).values(**values).on_conflict_do_nothing(index_elements=["id"])
        async with self.db.transaction() as session:
            result = await session.execute(stmt)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def get(self, entry_id: str) -> DLQEntry | None:
        async with self.db.session() as session:
            row = (await session.execute(select(_T).where(_T.c.id == entry_id))).first()
        return _entry(row) if row else None

    async def page(self, reason: FailureReason | None, offset: int, limit: int) -> tuple[list[DLQEntry], int]:
        where = [] if reason is None else [DLQEntryRow.reason == reason]
        query = (
            select(_T)
            .where(*where)
            .order_by(DLQEntryRow.first_failed_at, DLQEntryRow.id)
            .offset(offset)
            .limit(limit)
        )
        async with self.db.session() as session:
            rows = (await session.execute(query)).all()
            total = (await session.execute(select(func.count()).select_from(_T).where(*where))).scalar_one()
        return [_entry(row) for row in rows], int(total)

    async def claim_due(
        self, owner: str, token: str, now: datetime, lease_until: datetime
    ) -> DLQEntry | None:
        due = and_(DLQEntryRow.next_retry_at <= now, _claimable(now))
        candidate = (
            select(DLQEntryRow.id)
            .where(due)
            .order_by(DLQEntryRow.next_retry_at)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        return await self._lease(
            and_(DLQEntryRow.id.in_(candidate.scalar_subquery()), due), owner, token, lease_until
        )

    async def claim(
        self, entry_id: str, owner: str, token: str, now: datetime, lease_until: datetime
    ) -> DLQEntry | ClaimMiss:
        leased = await self._lease(
            and_(DLQEntryRow.id == entry_id, _claimable(now)), owner, token, lease_until
        )
        if leased is not None:
            return leased
        return "leased" if await self.get(entry_id) is not None else "missing"

    async def _lease(
        self, where: ColumnElement[bool], owner: str, token: str, lease_until: datetime
    ) -> DLQEntry | None:
        stmt = (
            update(_T)
            .where(where)
            .values(
                lease_owner=owner,
                lease_token=token,
                lease_expires_at=lease_until,
                retry_count=DLQEntryRow.retry_count + 1,
            )
            .returning(*_T.c)
            .execution_options(synchronize_session=False)
        )
        async with self.db.transaction() as session:
            row = (await session.execute(stmt)).first()
        return _entry(row) if row else None

    async def reschedule(
        self,
        claim: Claim,
        reason: FailureReason,
        error_message: str,
        traceback: str,
        retried_at: datetime,
        next_retry_at: datetime,
    ) -> bool:
        return await self._update_leased(
            claim,
            reason=reason,
            error_message=error_message,
            traceback=traceback,
            last_retry_at=retried_at,
            next_retry_at=next_retry_at,
        )

    async def release(self, claim: Claim, now: datetime, due_at: datetime | None = None) -> bool:
        return await self._update_leased(
            claim, next_retry_at=due_at or now, retry_count=DLQEntryRow.retry_count - 1
        )

    async def _update_leased(self, claim: Claim, **values: Any) -> bool:
        stmt = (
            update(_T)
            .where(DLQEntryRow.id == claim.entry.id, DLQEntryRow.lease_token == claim.token)
            .values(lease_owner=None, lease_token=None, lease_expires_at=None, **values)
        )
        async with self.db.transaction() as session:
            result = await session.execute(stmt)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def remove(self, entry_id: str, token: str | None = None) -> bool:
        stmt = delete(_T).where(DLQEntryRow.id == entry_id)
        if token is not None:
            stmt = stmt.where(DLQEntryRow.lease_token == token)
        async with self.db.transaction() as session:
            result = await session.execute(stmt)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def remove_older_than(self, cutoff: datetime) -> int:
        async with self.db.transaction() as session:
            result = await session.execute(delete(_T).where(DLQEntryRow.first_failed_at < cutoff))
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def schedule_all(self, now: datetime, spacing_seconds: float) -> int:
        async with self.db.transaction() as session:
            ids = (
                await session.execute(
                    select(DLQEntryRow.id)
                    .where(_claimable(now))
                    .order_by(DLQEntryRow.first_failed_at, DLQEntryRow.id)
                    .with_for_update(skip_locked=True)
                )
            ).scalars()
            count = 0
            for position, entry_id in enumerate(list(ids)):
                when = now + timedelta(seconds=position * spacing_seconds)
                await session.execute(update(_T).where(DLQEntryRow.id == entry_id).values(next_retry_at=when))
                count += 1
        return count

    async def size_and_oldest(self) -> tuple[int, datetime | None]:
        query = select(func.count(), func.min(DLQEntryRow.first_failed_at))
        async with self.db.session() as session:
            count, oldest = (await session.execute(query)).one()
        return int(count), oldest

    async def close(self) -> None:
        """The Database belongs to the caller."""
