"""The durable inbox (and outbox): a guest message is stored here before its channel gets a 200, and the
reply a turn computed waits here until it is sent.

States: received -> processing -> sending (reply stored, not yet sent) -> done
                                -> dead_lettered (-> answered_late once a DLQ retry delivered it) | failed
`claim_due` takes what is due: new messages, and messages whose claim expired (the process died mid-way).
PostgreSQL arbitrates between processes with FOR UPDATE SKIP LOCKED; SQLite through its one writer.
The primary key (channel, id) makes a redelivered message id a no-op.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from hotel_agent.channels.types import Button, InboundMessage, Reply
from hotel_agent.conversations.models import InboundMessageRow
from hotel_agent.db.base import utcnow
from hotel_agent.db.session import Database, dialect_insert

RECEIVED: Final = "received"
PROCESSING: Final = "processing"
SENDING: Final = "sending"
DONE: Final = "done"
DEAD_LETTERED: Final = "dead_lettered"
ANSWERED_LATE: Final = "answered_late"
FAILED: Final = "failed"  # gave up: not even the DLQ could take it (logged; counted as a permanent failure)
IN_FLIGHT: Final = (PROCESSING, SENDING)

Row = InboundMessageRow


@dataclass(frozen=True)
class StoredReply:
    """A reply in the outbox: computed and committed, not yet sent."""

    reply: Reply
    kind: str
    recorded: bool  # already in the conversation history (committed with the turn)

    def to_dict(self) -> dict[str, Any]:
        return {**self.reply.to_dict(), "kind": self.kind, "recorded": self.recorded}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoredReply:
        buttons = [Button(b["id"], b["title"]) for b in data.get("buttons", [])]
        return cls(
            Reply(data["text"], buttons), data.get("kind", "answer"), bool(data.get("recorded", False))
        )


@dataclass(frozen=True)
class Claimed:
    message: InboundMessage
    attempts: int  # including this one
    outbox: StoredReply | None  # set: the turn is done, only its send is left


@dataclass(frozen=True)
class InboxReading:
    waiting: int  # accepted, not yet claimed
    lag_seconds: float  # age of the oldest message waiting to be claimed (0 when none)
    oldest_in_flight_seconds: float  # since it was received, of the oldest message claimed but unfinished


class Inbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- intake -----------------------------------------------------------------------------------
    async def accept_batch(
        self, messages: Sequence[InboundMessage], *, claimed: bool = False
    ) -> list[InboundMessage]:
        """Store a batch in one INSERT and one transaction; return the messages that were new (a redelivered
        id is skipped). `claimed`: stored already claimed by the caller, which processes them itself."""
        [new] = await self.accept_groups([(messages, claimed)])
        return new

    async def accept_groups(
        self, groups: Sequence[tuple[Sequence[InboundMessage], bool]]
    ) -> list[list[InboundMessage]]:
        """Several requests' batches in one INSERT and one transaction (group commit); for each, the messages
        it stored first. A message id repeated across or within the batches counts for the first only."""
        now = utcnow()
        rows: list[dict[str, Any]] = []
        owner: dict[tuple[str, str], int] = {}
        for number, (messages, claimed) in enumerate(groups):
            for m in messages:
                if (m.channel, m.id) in owner:
                    continue
                owner[(m.channel, m.id)] = number
                rows.append(
                    {
                        "channel": m.channel,
                        "id": m.id,
                        "guest_id": m.guest_id,
                        "message": m.to_dict(),
                        "status": PROCESSING if claimed else RECEIVED,
                        "attempts": 1 if claimed else 0,
                        # Microseconds apart: one guest's messages are claimed in the order they came.
                        "received_at": now + timedelta(microseconds=len(rows)),
                        "claimed_at": now if claimed else None,
                    }
                )
        new: set[tuple[str, str]] = set()
        if rows:
            async with self.db.transaction() as session:
                insert = dialect_insert(session, Row).on_conflict_do_nothing().returning(Row.channel, Row.id)
                result = await session.execute(insert, rows)
                new = {(channel, id_) for channel, id_ in result.all()}
        stored: list[list[InboundMessage]] = [[] for _ in groups]
        for number, (messages, _) in enumerate(groups):
            for m in messages:
                key = (m.channel, m.id)
                if key in new and owner[key] == number:
                    stored[number].append(m)
                    new.discard(key)
        return stored

    async def accept(self, message: InboundMessage) -> bool:
        return bool(await self.accept_batch([message]))

    # --- claiming ---------------------------------------------------------------------------------
    async def claim_due(self, limit: int, lease: timedelta) -> list[Claimed]:
        """Claim up to `limit` due messages, oldest first, none of a conversation another claim holds."""
        now = utcnow()
        cutoff = now - lease
        busy = aliased(Row)
        conversation_busy = exists().where(
            busy.channel == Row.channel,
            busy.guest_id == Row.guest_id,
            busy.status.in_(IN_FLIGHT),
            busy.claimed_at >= cutoff,
        )
        query = (
            select(Row.channel, Row.id, Row.status, Row.attempts, Row.message, Row.pending_reply)
            .where(_due(cutoff), ~conversation_busy)
            .order_by(Row.received_at)
            .limit(limit)
        )
        async with self.db.transaction() as session:
            if session.bind.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True, of=Row)
            rows = (await session.execute(query)).all()
            if not rows:
                return []
            await session.execute(
                update(Row)
                .where(tuple_(Row.channel, Row.id).in_([(r.channel, r.id) for r in rows]))
                .values(
                    status=case((Row.status == SENDING, SENDING), else_=PROCESSING),
                    claimed_at=now,
                    attempts=Row.attempts + 1,
                )
            )
        return [
            Claimed(
                InboundMessage.from_dict(r.message),
                r.attempts + 1,
                StoredReply.from_dict(r.pending_reply) if r.status == SENDING and r.pending_reply else None,
            )
            for r in rows
        ]

    async def has_due(self, lease: timedelta) -> bool:
        async with self.db.session() as session:
            found = await session.scalar(select(Row.id).where(_due(utcnow() - lease)).limit(1))
        return found is not None

    async def touch(self, messages: Sequence[InboundMessage]) -> None:
        """Renew the claims of messages still being worked on."""
        if not messages:
            return
        async with self.db.transaction() as session:
            await session.execute(
                update(Row)
                .where(tuple_(Row.channel, Row.id).in_([(m.channel, m.id) for m in messages]))
                .where(Row.status.in_(IN_FLIGHT))
                .values(claimed_at=utcnow())
            )

    # --- finishing --------------------------------------------------------------------------------
    async def stage_finish(
        self,
        session: AsyncSession,
        message: InboundMessage,
        status: str,
        outbox: StoredReply | None = None,
        *,
        keep_outbox: bool = False,
    ) -> None:
        """Inside the caller's transaction: set the status and the outbox (None clears it, unless
        `keep_outbox`: a reply that could not be sent stays for the DLQ retry to send)."""
        values: dict[str, Any] = {
            "status": status,
            "finished_at": utcnow() if status not in IN_FLIGHT else None,
        }
        if not keep_outbox:
            values["pending_reply"] = outbox.to_dict() if outbox else None
        await session.execute(
            update(Row).where(Row.channel == message.channel, Row.id == message.id).values(**values)
        )

    async def stage_outbox(self, session: AsyncSession, message: InboundMessage, outbox: StoredReply) -> None:
        """Store a reply to send without changing the status (a DLQ retry's answer)."""
        await session.execute(
            update(Row)
            .where(Row.channel == message.channel, Row.id == message.id)
            .values(pending_reply=outbox.to_dict())
        )

    async def finish(self, message: InboundMessage, status: str = DONE) -> None:
        """The last small update: the status, and the outbox emptied."""
        async with self.db.transaction() as session:
            await self.stage_finish(session, message, status)

    async def release(self, message: InboundMessage) -> None:
        """Hand a claimed message back (shutdown): due again at once, in this or another process."""
        async with self.db.transaction() as session:
            await session.execute(
                update(Row)
                .where(Row.channel == message.channel, Row.id == message.id, Row.status.in_(IN_FLIGHT))
                .values(
                    claimed_at=None,
                    status=case((Row.status == SENDING, SENDING), else_=RECEIVED),
                    attempts=Row.attempts - 1,  # a shutdown is not a failed attempt
                )
            )

    # --- reading ----------------------------------------------------------------------------------
    async def outbox(self, message: InboundMessage) -> tuple[str | None, StoredReply | None]:
        async with self.db.session() as session:
            row = (
                await session.execute(
                    select(Row.status, Row.pending_reply).where(
                        Row.channel == message.channel, Row.id == message.id
                    )
                )
            ).first()
        if row is None:
            return None, None
        return row.status, StoredReply.from_dict(row.pending_reply) if row.pending_reply else None

    async def pending_reply(self, message: InboundMessage) -> Reply | None:
        _, stored = await self.outbox(message)
        return stored.reply if stored else None

    async def status(self, channel: str, message_id: str) -> str | None:
        async with self.db.session() as session:
            status: str | None = await session.scalar(
                select(Row.status).where(Row.channel == channel, Row.id == message_id)
            )
        return status

    async def reading(self, lease: timedelta) -> InboxReading:
        """For the inbox gauges (lag, stuck messages), read at scrape time."""
        now = utcnow()
        async with self.db.session() as session:
            waiting, oldest_waiting = (
                await session.execute(
                    select(func.count(), func.min(Row.received_at)).where(_due(now - lease))
                )
            ).one()
            oldest_in_flight = await session.scalar(
                select(func.min(Row.received_at)).where(Row.status.in_(IN_FLIGHT))
            )
        return InboxReading(int(waiting), _age(now, oldest_waiting), _age(now, oldest_in_flight))


def _due(cutoff: datetime) -> ColumnElement[bool]:
    return or_(
        Row.status == RECEIVED,
        and_(Row.status.in_(IN_FLIGHT), or_(Row.claimed_at.is_(None), Row.claimed_at < cutoff)),
    )


def _age(now: datetime, since: datetime | None) -> float:
    return max(0.0, (now - since).total_seconds()) if since is not None else 0.0
