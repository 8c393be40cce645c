"""DLQ tables: live entries (the SQL store) and dlq_permanent_failures (used with every store)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hotel_agent.db.base import Base, UTCDateTime, utcnow


class DLQEntryRow(Base):
    """A live entry. A claim sets the lease columns; an expired lease makes the row claimable again."""

    __tablename__ = "dlq_entries"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(16))
    guest_id: Mapped[str] = mapped_column(String(128))
    message: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(32))
    error_message: Mapped[str] = mapped_column(Text, default="")
    traceback: Mapped[str] = mapped_column(Text, default="")
    retry_count: Mapped[int] = mapped_column(Integer, default=0)
    first_failed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    next_retry_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    correlation_id: Mapped[str] = mapped_column(String(128), default="")
    replay_of: Mapped[str | None] = mapped_column(String(32), nullable=True)
    replayed_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    lease_owner: Mapped[str | None] = mapped_column(String(128), nullable=True)
    lease_token: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    __table_args__ = (
        Index("ix_dlq_entries_next_retry_at", "next_retry_at"),
        Index("ix_dlq_entries_first_failed_at", "first_failed_at"),
        Index("ix_dlq_entries_reason_first_failed_at", "reason", "first_failed_at"),
    )


class PermanentFailureRow(Base):
    """A message that failed its last retry. One row per message (the id is the DLQ entry id)."""

    __tablename__ = "dlq_permanent_failures"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    message: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(32))
    error_message: Mapped[str] = mapped_column(Text, default="")
    traceback: Mapped[str] = mapped_column(Text, default="")
    retry_count: Mapped[int] = mapped_column(Integer, default=0)
    first_failed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(128), nullable=True)

    __table_args__ = (Index("ix_dlq_permanent_failures_resolved_at_created_at", "resolved_at", "created_at"),)
