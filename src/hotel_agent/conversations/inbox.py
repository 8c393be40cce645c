"""The durable inbox: a guest message is stored here before its channel gets a 200.

States: received -> processing -> done | dead_lettered (-> answered_late once a DLQ retry delivered it).
A message left in `received` (the process died before processing) or in `processing` past its lease (died
mid-way) is claimed again by `reclaimable()`.
The primary key (channel, id) makes a redelivered message id a no-op.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from hotel_agent.channels.types import Button, InboundMessage, Reply
from hotel_agent.conversations.models import InboundMessageRow
from hotel_agent.db.base import utcnow
from hotel_agent.db.session import Database


class Inbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def accept(self, message: InboundMessage) -> bool:
        """Store the message; False when that (channel, id) was already accepted."""
        try:
            async with self.db.transaction() as session:
                session.add(
                    InboundMessageRow(
                        channel=message.channel,
                        id=message.id,
                        guest_id=message.guest_id,
                        message=message.to_dict(),
                        status="received",
                        received_at=utcnow(),
                    )
                )
        except IntegrityError:
            return False
        return True

    async def claim(self, message: InboundMessage) -> bool:
        """Take the message for processing; False when another task or process already has it."""
        async with self.db.transaction() as session:
            result = await session.execute(
                update(InboundMessageRow)
                .where(
                    InboundMessageRow.channel == message.channel,
                    InboundMessageRow.id == message.id,
                    InboundMessageRow.status == "received",
                )
                .values(status="processing", claimed_at=utcnow(), attempts=InboundMessageRow.attempts + 1)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    async def finish(self, message: InboundMessage, status: str = "done") -> None:
        async with self.db.transaction() as session:
            await session.execute(
                update(InboundMessageRow)
                .where(InboundMessageRow.channel == message.channel, InboundMessageRow.id == message.id)
                .values(status=status, finished_at=utcnow())
            )

    async def reclaimable(self, older_than: timedelta, limit: int = 100) -> list[InboundMessage]:
        """Messages accepted but never finished, old enough that their first attempt must have died.

        Each is returned to `received` so that `claim` arbitrates between processes."""
        cutoff: datetime = utcnow() - older_than
        stale = or_(
            and_(InboundMessageRow.status == "received", InboundMessageRow.received_at < cutoff),
            and_(InboundMessageRow.status == "processing", InboundMessageRow.claimed_at < cutoff),
        )
        async with self.db.session() as session:
            rows = (await session.scalars(select(InboundMessageRow).where(stale).limit(limit))).all()
        found = []
        for row in rows:
            # Conditional: another process may have claimed or touched the row since the SELECT.
            async with self.db.transaction() as session:
                result = await session.execute(
                    update(InboundMessageRow)
                    .where(
                        InboundMessageRow.channel == row.channel,
                        InboundMessageRow.id == row.id,
                        InboundMessageRow.status == row.status,
                        stale,
                    )
                    .values(status="received")
                )
            if result.rowcount:  # type: ignore[attr-defined]
                found.append(InboundMessage.from_dict(row.message))
        return found

    async def touch(self, message: InboundMessage) -> None:
        """Renew the claim of a message still being processed."""
        async with self.db.transaction() as session:
            await session.execute(
                update(InboundMessageRow)
                .where(
                    InboundMessageRow.channel == message.channel,
                    InboundMessageRow.id == message.id,
                    InboundMessageRow.status == "processing",
                )
                .values(claimed_at=utcnow())
            )

    async def set_pending_reply(self, message: InboundMessage, reply: Reply | None) -> None:
        async with self.db.transaction() as session:
            await session.execute(
                update(InboundMessageRow)
                .where(InboundMessageRow.channel == message.channel, InboundMessageRow.id == message.id)
                .values(pending_reply=reply.to_dict() if reply else None)
            )

    async def pending_reply(self, message: InboundMessage) -> Reply | None:
        async with self.db.session() as session:
            row = await session.get(InboundMessageRow, (message.channel, message.id))
        if row is None or not row.pending_reply:
            return None
        data = row.pending_reply
        return Reply(data["text"], [Button(b["id"], b["title"]) for b in data.get("buttons", [])])

    async def status(self, channel: str, message_id: str) -> str | None:
        async with self.db.session() as session:
            row = await session.get(InboundMessageRow, (channel, message_id))
            return row.status if row else None
