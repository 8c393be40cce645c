"""Tables of the staff console: accounts, sessions, login throttling, who holds which conversation, notes,
what each staff member has read, who wrote a staff reply, intent corrections and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hotel_agent.db.base import Base, UTCDateTime, utcnow

BigId = BigInteger().with_variant(Integer, "sqlite")


class StaffRow(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))  # agent | admin
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class StaffSessionRow(Base):
    """The cookie holds a random token; only its SHA-256 is stored, so a database read gives no session."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LoginThrottleRow(Base):
    """Failed logins per e-mail address and per client address (known accounts or not)."""

    __tablename__ = "staff_login_throttle"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    first_failure_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AssignmentRow(Base):
    """Who holds a conversation. The primary key makes two simultaneous take-overs collide."""

    __tablename__ = "console_assignments"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    guest_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class NoteRow(Base):
    __tablename__ = "console_notes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(16))
    guest_id: Mapped[str] = mapped_column(String(128))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (Index("ix_console_notes_channel_guest_id", "channel", "guest_id"),)


class ReadMarkRow(Base):
    """The newest history row a staff member has seen in a conversation (unread counts)."""

    __tablename__ = "console_read_marks"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    guest_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    last_read_id: Mapped[int] = mapped_column(BigId, default=0)


class StaffReplyRow(Base):
    """Which staff member wrote an outbound history row (conversation_messages.id)."""

    __tablename__ = "console_staff_replies"

    message_row_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    delivery: Mapped[str] = mapped_column(String(16))  # text | template | chat
    provider_message_id: Mapped[str | None] = mapped_column(String(128), nullable=True)


class CorrectionRow(Base):
    """A staff member's reading of one inbound message: labelled data, never applied to the engine."""

    __tablename__ = "nlp_corrections"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    message_row_id: Mapped[int] = mapped_column(BigId, unique=True)  # conversation_messages.id
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    said_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the message's time: "now" of the example
    intent: Mapped[str] = mapped_column(String(32))
    entities: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    engine_intent: Mapped[str | None] = mapped_column(String(32), nullable=True)
    engine_confidence: Mapped[float | None] = mapped_column(nullable=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AuditRow(Base):
    __tablename__ = "console_audit"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # Kept as text too: the entry outlives a disabled or renamed account.
    staff_email: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CannedResponseRow(Base):
    """A reply staff insert often (parking, breakfast hours…), editable before it is sent."""

    __tablename__ = "console_canned_responses"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(2), nullable=True)  # es | en | None: any
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
