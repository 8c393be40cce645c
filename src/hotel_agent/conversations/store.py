"""Conversation state, history and human handoffs.

History and handoffs always live in SQL (durable, listable by operators); per-guest dialogue state lives in
Redis when REDIS_URL is set (shared by every API process and worker), else in SQL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from redis.asyncio import Redis
from sqlalchemy import delete, select

from hotel_agent.channels.types import Reply
from hotel_agent.conversations.models import ConversationMessageRow, ConversationStateRow, HandoffRow
from hotel_agent.db.base import utcnow
from hotel_agent.db.session import Database

STATE_TTL_SECONDS = 30 * 24 * 3600


@dataclass(frozen=True)
class HistoryEntry:
    id: int  # increasing: a client polls for what came after the last id it saw
    direction: str  # in | out
    channel: str
    text: str
    buttons: list[dict[str, str]]
    kind: str
    created_at: datetime

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


@dataclass(frozen=True)
class Handoff:
    guest_id: str
    channel: str
    reason: str
    created_at: datetime


class StateStore(Protocol):
    async def get_state(self, guest_id: str) -> dict[str, Any]: ...

    async def save_state(self, guest_id: str, state: dict[str, Any]) -> None: ...


class SQLStateStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get_state(self, guest_id: str) -> dict[str, Any]:
        async with self.db.session() as session:
            row = await session.get(ConversationStateRow, guest_id)
            return dict(row.state) if row else {}

    async def save_state(self, guest_id: str, state: dict[str, Any]) -> None:
        async with self.db.transaction() as session:
            row = await session.get(ConversationStateRow, guest_id)
            if row is None:
                session.add(ConversationStateRow(guest_id=guest_id, state=state, updated_at=utcnow()))
            else:
                row.state = state
                row.updated_at = utcnow()


class RedisStateStore:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix

    def _key(self, guest_id: str) -> str:
        return f"{self.prefix}conversation:{guest_id}"

    async def get_state(self, guest_id: str) -> dict[str, Any]:
        raw = await self.redis.get(self._key(guest_id))
        return json.loads(raw) if raw else {}

    async def save_state(self, guest_id: str, state: dict[str, Any]) -> None:
        await self.redis.set(self._key(guest_id), json.dumps(state), ex=STATE_TTL_SECONDS)


class ConversationStore:
    """The one entry point for conversations: state (SQL or Redis), history and handoffs (SQL)."""

    def __init__(self, db: Database, state: StateStore) -> None:
        self.db = db
        self.state = state

    async def get_state(self, guest_id: str) -> dict[str, Any]:
        return await self.state.get_state(guest_id)

    async def save_state(self, guest_id: str, state: dict[str, Any]) -> None:
        await self.state.save_state(guest_id, state)

    async def record_in(
        self, guest_id: str, channel: str, text: str, kind: str, message_id: str | None = None
    ) -> None:
        await self._append(guest_id, "in", channel, text, [], kind, message_id)

    async def record_out(self, guest_id: str, channel: str, reply: Reply, kind: str = "answer") -> None:
        buttons = [{"id": b.id, "title": b.title} for b in reply.buttons]
        await self._append(guest_id, "out", channel, reply.text, buttons, kind, None)

    async def _append(
        self,
        guest_id: str,
        direction: str,
        channel: str,
        text: str,
        buttons: list[dict[str, str]],
        kind: str,
        message_id: str | None,
    ) -> None:
        async with self.db.transaction() as session:
            session.add(
                ConversationMessageRow(
                    guest_id=guest_id,
                    direction=direction,
                    channel=channel,
                    text=text,
                    buttons=buttons,
                    kind=kind,
                    message_id=message_id,
                    created_at=utcnow(),
                )
            )

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
            HistoryEntry(r.id, r.direction, r.channel, r.text, list(r.buttons or []), r.kind, r.created_at)
            for r in rows
        ]

    async def last_inbound_at(self, guest_id: str, channel: str) -> datetime | None:
        async with self.db.session() as session:
            return await session.scalar(
                select(ConversationMessageRow.created_at)
                .where(
                    ConversationMessageRow.guest_id == guest_id,
                    ConversationMessageRow.channel == channel,
                    ConversationMessageRow.direction == "in",
                )
                .order_by(ConversationMessageRow.id.desc())
                .limit(1)
            )

    async def start_handoff(self, guest_id: str, channel: str, reason: str) -> bool:
        async with self.db.transaction() as session:
            if await session.get(HandoffRow, guest_id) is not None:
                return False
            session.add(HandoffRow(guest_id=guest_id, channel=channel, reason=reason, created_at=utcnow()))
            return True

    async def release_handoff(self, guest_id: str) -> bool:
        async with self.db.transaction() as session:
            result = await session.execute(delete(HandoffRow).where(HandoffRow.guest_id == guest_id))
            return bool(result.rowcount)  # type: ignore[attr-defined]

    async def in_handoff(self, guest_id: str) -> bool:
        async with self.db.session() as session:
            return await session.get(HandoffRow, guest_id) is not None

    async def list_handoffs(self) -> list[Handoff]:
        async with self.db.session() as session:
            rows = (await session.scalars(select(HandoffRow).order_by(HandoffRow.created_at))).all()
        return [Handoff(r.guest_id, r.channel, r.reason, r.created_at) for r in rows]


def build_conversation_store(db: Database, redis: Redis | None, prefix: str) -> ConversationStore:
    state: StateStore = RedisStateStore(redis, prefix) if redis is not None else SQLStateStore(db)
    return ConversationStore(db, state)
