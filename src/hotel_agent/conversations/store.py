"""Conversation state, history and human handoffs, in SQL (durable, listable by operators)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import BindParameter, Table, bindparam, delete, exists, insert, lambda_stmt, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from hotel_agent.channels.types import Reply
from hotel_agent.conversations.models import ConversationMessageRow, ConversationStateRow, HandoffRow
from hotel_agent.db.base import utcnow
from hotel_agent.db.session import Database


@dataclass(frozen=True)
class HistoryEntry:
    id: int  # increasing: a client polls for what came after the last id it saw
    direction: str  # in | out
    channel: str
    text: str
    buttons: list[dict[str, str]]
    kind: str
    created_at: datetime
    # Staff-only (never in to_dict, which the chat client reads): the turn's reading, the channel's id.
    reading: dict[str, Any] | None = None
    provider_message_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "direction": self.direction,
            "channel": self.channel,
            "text": self.text,
            "buttons": self.buttons,
            "kind": self.kind,
            "created_at": self.created_at.isoformat(),
        }


# Called inside the transaction that records a reply, with its row (id assigned): what must commit with it.
AlsoRecord = Callable[[AsyncSession, ConversationMessageRow], Awaitable[None]]


@dataclass(frozen=True)
class NewEntry:
    """A history row to write."""

    guest_id: str
    direction: str  # in | out
    channel: str
    reply: Reply
    kind: str
    message_id: str | None = None
    reading: dict[str, Any] | None = None  # in: what the agent understood and decided (conversations.reading)


def history_row(entry: NewEntry, now: datetime) -> dict[str, Any]:
    """The history table's row for `entry` (the turn's one write builds its statement on these columns)."""
    return {
        "guest_id": entry.guest_id,
        "direction": entry.direction,
        "channel": entry.channel,
        "text": entry.reply.text,
        "buttons": [{"id": b.id, "title": b.title} for b in entry.reply.buttons],
        "kind": entry.kind,
        "message_id": entry.message_id,
        "created_at": now,
        "reading": entry.reading,
        "provider_message_id": None,
    }


@dataclass(frozen=True)
class Handoff:
    guest_id: str
    channel: str
    reason: str
    created_at: datetime


class ConversationStore:
    """The one entry point for conversations: dialogue state, history and handoffs, all in SQL.

    State lives beside the inbox so that a turn commits the new state, its history and the inbox status in
    one transaction (`stage_*` write inside a transaction the caller holds)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # The turn's statements, built once (their compiled forms and cache keys are reused), in Core: the
        # ORM's unit of work costs more than these writes themselves.
        guest: BindParameter[str] = bindparam("guest_id")
        handoffs, states = cast(Table, HandoffRow.__table__), cast(Table, ConversationStateRow.__table__)
        self._turn_context = select(
            exists().where(handoffs.c.guest_id == guest),
            select(states.c.state).where(states.c.guest_id == guest).scalar_subquery(),
        )
        # The dialects' INSERT .. ON CONFLICT has no cache key in SQLAlchemy 2.0 (every execution compiled it
        # again: "no key" in the engine log); as lambda statements they are compiled once per engine.
        dialect_insert = sqlite_insert if db.is_sqlite else postgresql_insert
        excluded = dialect_insert(states).excluded

        self._upsert_state = lambda_stmt(
            lambda: dialect_insert(states).on_conflict_do_update(
                index_elements=[states.c.guest_id],
                set_={"state": excluded.state, "updated_at": excluded.updated_at},
            )
        )
        self._insert_messages = insert(cast(Table, ConversationMessageRow.__table__))
        self._insert_handoff = lambda_stmt(lambda: dialect_insert(handoffs).on_conflict_do_nothing())
        self._in_handoff = select(handoffs.c.guest_id).where(handoffs.c.guest_id == guest)
        self._state = select(states.c.state).where(states.c.guest_id == guest)

    async def turn_context(self, guest_id: str) -> tuple[bool, dict[str, Any]]:
        """(in handoff, dialogue state) in one query: what a turn reads before deciding."""
        [(handoff, state)] = await self.db.read(self._turn_context, {"guest_id": guest_id})
        return bool(handoff), dict(state) if state else {}

    async def get_state(self, guest_id: str) -> dict[str, Any]:
        async with self.db.reader() as connection:
            state = await connection.scalar(self._state, {"guest_id": guest_id})
        return dict(state) if state else {}

    async def save_state(self, guest_id: str, state: dict[str, Any]) -> None:
        async with self.db.transaction() as session:
            await self.stage_state(session, guest_id, state)

    async def stage_state(self, session: AsyncSession, guest_id: str, state: dict[str, Any]) -> None:
        await session.execute(
            self._upsert_state, {"guest_id": guest_id, "state": state, "updated_at": utcnow()}
        )

    async def record_in(
        self, guest_id: str, channel: str, text: str, kind: str, message_id: str | None = None
    ) -> None:
        async with self.db.transaction() as session:
            self.stage_message(session, guest_id, "in", channel, Reply(text), kind, message_id)

    async def record_out(
        self,
        guest_id: str,
        channel: str,
        reply: Reply,
        kind: str = "answer",
        *,
        provider_message_id: str | None = None,
        also: AlsoRecord | None = None,
    ) -> None:
        """A reply already sent; `also` writes what must commit with its row (the console: its author)."""
        async with self.db.transaction() as session:
            row = self.stage_message(
                session, guest_id, "out", channel, reply, kind, None, provider_message_id=provider_message_id
            )
            if also is not None:
                await session.flush()
                await also(session, row)

    def stage_message(
        self,
        session: AsyncSession,
        guest_id: str,
        direction: str,
        channel: str,
        reply: Reply,
        kind: str,
        message_id: str | None,
        *,
        reading: dict[str, Any] | None = None,
        provider_message_id: str | None = None,
    ) -> ConversationMessageRow:
        row = ConversationMessageRow(
            guest_id=guest_id,
            direction=direction,
            channel=channel,
            text=reply.text,
            buttons=[{"id": b.id, "title": b.title} for b in reply.buttons],
            kind=kind,
            message_id=message_id,
            created_at=utcnow(),
            reading=reading,
            provider_message_id=provider_message_id,
        )
        session.add(row)
        return row

    async def stage_reading(
        self, session: AsyncSession, guest_id: str, channel: str, message_id: str, reading: dict[str, Any]
    ) -> None:
        """The reading of a guest message recorded before any turn read it (its turn failed; the DLQ retry
        that answers it is the turn that read it)."""
        await session.execute(
            update(ConversationMessageRow)
            .where(
                ConversationMessageRow.guest_id == guest_id,
                ConversationMessageRow.channel == channel,
                ConversationMessageRow.direction == "in",
                ConversationMessageRow.message_id == message_id,
            )
            .values(reading=reading)
        )

    async def stage_sent(
        self, session: AsyncSession, guest_id: str, channel: str, answering: str, provider_message_id: str
    ) -> None:
        """The channel's id of a turn's reply, recorded when the send returned it (the reply's row was
        written with the turn, before the send, and names the guest message it answers)."""
        await session.execute(
            update(ConversationMessageRow)
            .where(
                ConversationMessageRow.guest_id == guest_id,
                ConversationMessageRow.channel == channel,
                ConversationMessageRow.direction == "out",
                ConversationMessageRow.message_id == answering,
                ConversationMessageRow.provider_message_id.is_(None),
            )
            .values(provider_message_id=provider_message_id)
        )

    async def stage_messages(self, session: AsyncSession, entries: list[NewEntry]) -> None:
        """Inside the caller's transaction: history rows in one statement, in order."""
        now = utcnow()
        await session.execute(self._insert_messages, [history_row(e, now) for e in entries])

    async def history(
        self, guest_id: str, limit: int = 500, channel: str | None = None, after_id: int = 0
    ) -> list[HistoryEntry]:
        query = select(ConversationMessageRow).where(
            ConversationMessageRow.guest_id == guest_id, ConversationMessageRow.id > after_id
        )
        if channel is not None:
            query = query.where(ConversationMessageRow.channel == channel)
        async with self.db.session() as session:
            rows = (await session.scalars(query.order_by(ConversationMessageRow.id).limit(limit))).all()
        return [
            HistoryEntry(
                r.id,
                r.direction,
                r.channel,
                r.text,
                list(r.buttons or []),
                r.kind,
                r.created_at,
                dict(r.reading) if r.reading else None,
                r.provider_message_id,
            )
            for r in rows
        ]

    async def last_inbound_at(self, guest_id: str, channel: str) -> datetime | None:
        async with self.db.session() as session:
            last: datetime | None = await session.scalar(
                select(ConversationMessageRow.created_at)
                .where(
                    ConversationMessageRow.guest_id == guest_id,
                    ConversationMessageRow.channel == channel,
                    ConversationMessageRow.direction == "in",
                )
                .order_by(ConversationMessageRow.id.desc())
                .limit(1)
            )
        return last

    async def start_handoff(self, guest_id: str, channel: str, reason: str) -> bool:
        async with self.db.transaction() as session:
            return await self.stage_handoff(session, guest_id, channel, reason)

    async def stage_handoff(self, session: AsyncSession, guest_id: str, channel: str, reason: str) -> bool:
        """False when the guest is in a handoff already (that one stands)."""
        result = await session.execute(
            self._insert_handoff,
            {"guest_id": guest_id, "channel": channel, "reason": reason, "created_at": utcnow()},
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def release_handoff(self, guest_id: str) -> bool:
        async with self.db.transaction() as session:
            result = await session.execute(delete(HandoffRow).where(HandoffRow.guest_id == guest_id))
            return bool(result.rowcount)  # type: ignore[attr-defined]

    async def in_handoff(self, guest_id: str) -> bool:
        async with self.db.reader() as connection:
            return await connection.scalar(self._in_handoff, {"guest_id": guest_id}) is not None

    async def list_handoffs(self) -> list[Handoff]:
        async with self.db.session() as session:
            rows = (await session.scalars(select(HandoffRow).order_by(HandoffRow.created_at))).all()
        return [Handoff(r.guest_id, r.channel, r.reason, r.created_at) for r in rows]
