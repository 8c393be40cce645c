"""Tables of the message pipeline: the durable inbox, conversation history and state, handoffs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hotel_agent.db.base import Base, UTCDateTime, utcnow


class InboundMessageRow(Base):
    """Every accepted guest message, stored before the channel gets its 200."""

    __tablename__ = "inbound_messages"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    guest_id: Mapped[str] = mapped_column(String(128), index=True)
    message: Mapped[dict[str, Any]] = mapped_column(JSON)
    # received -> processing -> done | dead_lettered (-> answered_late)
    status: Mapped[str] = mapped_column(String(16), default="received")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Who holds the claim: every claim writes a new token, and a holder's writes and sends are fenced by its
    # own, so a holder whose claim was taken over (its lease expired while it still ran) does nothing more.
    claim_token: Mapped[str | None] = mapped_column(String(32), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # A reply computed but not delivered (the channel refused it): a retry sends this, not a new answer.
    pending_reply: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    __table_args__ = (Index("ix_inbound_messages_status_received_at", "status", "received_at"),)


class ConversationMessageRow(Base):
    __tablename__ = "conversation_messages"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    guest_id: Mapped[str] = mapped_column(String(128))
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    channel: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(16), default="text")  # text|interactive|audio|answer|holding|...
    # in: the channel's id of the guest's message; out: the id of the guest message a turn's reply answers.
    message_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # in: what the agent understood when the turn ran and what it decided (`conversations.reading`); None for
    # rows written before it was stored, and for messages no turn read (a notice).
    reading: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    # out: the id the channel gave the sent message (WhatsApp's wamid), once the send returned it.
    provider_message_id: Mapped[str | None] = mapped_column(String(128), nullable=True)

    __table_args__ = (Index("ix_conversation_messages_guest_id_id", "guest_id", "id"),)


class ConversationStateRow(Base):
    __tablename__ = "conversation_states"

    guest_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class HandoffRow(Base):
    __tablename__ = "handoffs"

    guest_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
