"""dlq_permanent_failures: messages that failed their last retry, kept until an operator acts."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import func, select, update

from hotel_agent.channels.types import InboundMessage
from hotel_agent.db.session import Database
from hotel_agent.dlq.entry import DLQEntry, PermanentFailure, check_reason
from hotel_agent.dlq.models import PermanentFailureRow
from hotel_agent.errors import FailureReason

PermanentStatus = Literal["unresolved", "resolved", "all"]


def _failure(row: PermanentFailureRow) -> PermanentFailure:
    return PermanentFailure(
        id=row.id,
        message=InboundMessage.from_dict(row.message),
        reason=check_reason(row.reason),
        error_message=row.error_message,
        traceback=row.traceback,
        retry_count=row.retry_count,
        first_failed_at=row.first_failed_at,
        last_retry_at=row.last_retry_at,
        created_at=row.created_at,
        resolved_at=row.resolved_at,
        resolved_by=row.resolved_by,
    )


class PermanentFailureStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(self, entry: DLQEntry, now: datetime) -> PermanentFailure:
        """Insert the failure, or (a replayed message failing again) reopen its row with the new details."""
        async with self.db.transaction() as session:
            row = await session.get(PermanentFailureRow, entry.id, with_for_update=True)
            if row is None:
                row = PermanentFailureRow(id=entry.id, created_at=now, first_failed_at=entry.first_failed_at)
                session.add(row)
                retry_count = entry.retry_count
            else:
                retry_count = row.retry_count + entry.retry_count
            row.message = entry.message.to_dict()
            row.reason = entry.reason
            row.error_message = entry.error_message
            row.traceback = entry.traceback
            row.retry_count = retry_count
            row.last_retry_at = entry.last_retry_at
            row.resolved_at = None
            row.resolved_by = None
            await session.flush()
            return _failure(row)

    async def get(self, failure_id: str) -> PermanentFailure | None:
        async with self.db.session() as session:
            row = await session.get(PermanentFailureRow, failure_id)
            return _failure(row) if row else None

    async def page(
        self, status: PermanentStatus, reason: FailureReason | None, offset: int, limit: int
    ) -> tuple[list[PermanentFailure], int]:
        where: list[Any] = []
        if status == "unresolved":
            where.append(PermanentFailureRow.resolved_at.is_(None))
        elif status == "resolved":
            where.append(PermanentFailureRow.resolved_at.is_not(None))
        if reason is not None:
            where.append(PermanentFailureRow.reason == reason)
        query = (
            select(PermanentFailureRow)
            .where(*where)
            .order_by(PermanentFailureRow.created_at, PermanentFailureRow.id)
            .offset(offset)
            .limit(limit)
        )
        async with self.db.session() as session:
            rows = (await session.execute(query)).scalars().all()
            count = select(func.count()).select_from(PermanentFailureRow).where(*where)
            total = (await session.execute(count)).scalar_one()
            return [_failure(row) for row in rows], int(total)

    async def resolve(self, failure_id: str, resolved_by: str, now: datetime) -> PermanentFailure | None:
        """Mark resolved (idempotent: an already resolved row keeps its first resolution)."""
        async with self.db.transaction() as session:
            await session.execute(
                update(PermanentFailureRow)
                .where(PermanentFailureRow.id == failure_id, PermanentFailureRow.resolved_at.is_(None))
                .values(resolved_at=now, resolved_by=resolved_by)
            )
        return await self.get(failure_id)
