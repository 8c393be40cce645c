"""What the console reads: the conversation list (filters, search, unread counts), one conversation in full,
and the signature the live-update stream watches.

A conversation is (channel, guest_id) as the history stores it; its dialogue state and handoff live under
`conversation_key` (chat ids get their own namespace)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, select

from hotel_agent.console.corrections import Correction, corrections_for
from hotel_agent.console.models import AssignmentRow, NoteRow, ReadMarkRow, StaffReplyRow, StaffRow
from hotel_agent.conversations.keys import ConversationKey
from hotel_agent.conversations.models import ConversationMessageRow, HandoffRow, InboundMessageRow
from hotel_agent.conversations.store import Handoff, HistoryEntry
from hotel_agent.nlp.types import Analysis

if TYPE_CHECKING:
    from hotel_agent.container import Container
    from hotel_agent.pms.base import Booking

log = logging.getLogger(__name__)

# Inbox statuses of a guest message the agent did not answer in time (failed: gave up without the DLQ).
LATE_STATUSES = ("dead_lettered", "answered_late", "failed")
LIST_LIMIT = 200
# The engine's reading is computed for this many of the newest guest messages (each costs a model call).
ANALYSED_MESSAGES = 40
READABLE_KINDS = ("text", "interactive", "audio")


def conversation_key(channel: str, guest_id: str) -> str:
    """Whose dialogue state and handoff this is (ConversationKey.storage_id)."""
    return ConversationKey(channel, guest_id).storage_id  # type: ignore[arg-type]  # console channels are known


@dataclass(frozen=True)
class Filters:
    needs_person: bool = False
    late: bool = False
    language: str | None = None
    channel: str | None = None
    q: str = ""

    @property
    def active(self) -> bool:
        return bool(self.needs_person or self.late or self.language or self.channel or self.q)

    def query_string(self) -> str:
        from urllib.parse import urlencode

        values = {
            "needs_person": "1" if self.needs_person else "",
            "late": "1" if self.late else "",
            "language": self.language or "",
            "channel": self.channel or "",
            "q": self.q,
        }
        return urlencode({k: v for k, v in values.items() if v})


@dataclass
class Summary:
    channel: str
    guest_id: str
    last_id: int
    last_at: datetime
    last_text: str
    last_direction: str
    name: str | None = None
    language: str | None = None
    handoff: Handoff | None = None
    holder: str | None = None
    late: bool = False
    unread: int = 0
    booking_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Holder:
    staff_id: int
    name: str
    email: str
    since: datetime


@dataclass
class MessageView:
    entry: HistoryEntry
    status: str | None = None  # inbound: the inbox status (dead_lettered, answered_late, ...)
    author: str | None = None  # outbound staff replies: who wrote it
    analysis: Analysis | None = None  # the engine's reading now: only for rows without a stored one
    correction: Correction | None = None

    @property
    def decided(self) -> str | None:
        """What the agent did with the message when its turn ran (conversations.reading.DECIDED)."""
        reading = self.entry.reading or {}
        return str(reading["decided"]) if reading.get("decided") else None

    @property
    def at_the_time(self) -> bool:
        """The reading shown is the one the turn made (stored with the message), not computed now."""
        return bool(self.entry.reading and self.entry.reading.get("intent"))

    @property
    def understood(self) -> dict[str, Any] | None:
        """What the agent understood: the turn's stored reading, else the engine's reading now."""
        if self.at_the_time:
            return self.entry.reading
        return self.analysis.to_dict() if self.analysis is not None else None


@dataclass
class Detail:
    channel: str
    guest_id: str
    name: str | None
    language: str | None
    messages: list[MessageView]
    handoff: Handoff | None
    holder: Holder | None
    notes: list[tuple[str, datetime, str]]  # (staff name, when, text)
    bookings: list[Booking]
    bookings_error: bool
    booking_ids: list[str]
    last_inbound_at: datetime | None


async def list_conversations(container: Container, staff_id: int, filters: Filters) -> list[Summary]:
    db = container.db
    newest = (
        select(
            ConversationMessageRow.guest_id,
            ConversationMessageRow.channel,
            func.max(ConversationMessageRow.id).label("last_id"),
        )
        .group_by(ConversationMessageRow.guest_id, ConversationMessageRow.channel)
        .subquery()
    )
    query = (
        select(ConversationMessageRow)
        .join(newest, ConversationMessageRow.id == newest.c.last_id)
        .order_by(ConversationMessageRow.id.desc())
        .limit(LIST_LIMIT)
    )
    if filters.channel:
        query = query.where(ConversationMessageRow.channel == filters.channel)
    unread_query = (
        select(ConversationMessageRow.guest_id, ConversationMessageRow.channel, func.count())
        .outerjoin(
            ReadMarkRow,
            and_(
                ReadMarkRow.staff_id == staff_id,
                ReadMarkRow.guest_id == ConversationMessageRow.guest_id,
                ReadMarkRow.channel == ConversationMessageRow.channel,
            ),
        )
        .where(
            ConversationMessageRow.direction == "in",
            ConversationMessageRow.id > func.coalesce(ReadMarkRow.last_read_id, 0),
        )
        .group_by(ConversationMessageRow.guest_id, ConversationMessageRow.channel)
    )
    async with db.session() as session:
        rows = (await session.scalars(query)).all()
        unread = {(g, c): n for g, c, n in (await session.execute(unread_query)).all()}
        late = {
            (c, g)
            for c, g in (
                await session.execute(
                    select(InboundMessageRow.channel, InboundMessageRow.guest_id)
                    .where(InboundMessageRow.status.in_(LATE_STATUSES))
                    .distinct()
                )
            ).all()
        }
        text_hits: set[tuple[str, str]] | None = None
        if filters.q:
            pattern = f"%{_escape_like(filters.q)}%"
            text_hits = {
                (c, g)
                for g, c in (
                    await session.execute(
                        select(ConversationMessageRow.guest_id, ConversationMessageRow.channel)
                        .where(ConversationMessageRow.text.ilike(pattern, escape="\\"))
                        .distinct()
                    )
                ).all()
            }
    handoffs = {h.guest_id: h for h in await container.conversations.list_handoffs()}
    holders = await _holders(container)
    candidates = []
    for row in rows:
        key = conversation_key(row.channel, row.guest_id)
        summary = Summary(
            channel=row.channel,
            guest_id=row.guest_id,
            last_id=row.id,
            last_at=row.created_at,
            last_text=row.text,
            last_direction=row.direction,
            handoff=handoffs.get(key),
            late=(row.channel, row.guest_id) in late,
            unread=unread.get((row.guest_id, row.channel), 0),
        )
        holder = holders.get((row.channel, row.guest_id))
        if holder is not None and summary.handoff is not None:
            summary.holder = holder.name
        if filters.needs_person and summary.handoff is None:
            continue
        if filters.late and not summary.late:
            continue
        candidates.append(summary)
    await _fill_guests(container, candidates)
    return [
        summary
        for summary in candidates
        if (not filters.language or summary.language == filters.language)
        and (not filters.q or _matches(summary, filters.q, text_hits or set()))
    ]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# A shorter query matches a guest id or booking number only whole: booking numbers are small ("12"), and
# "12" inside every phone number would bury the booking someone is looking for.
PARTIAL_ID_MIN = 4


def _matches(summary: Summary, q: str, text_hits: set[tuple[str, str]]) -> bool:
    needle = q.strip().lower()

    def id_match(value: str) -> bool:
        value = value.lower()
        return needle == value or (len(needle) >= PARTIAL_ID_MIN and needle in value)

    return (
        (summary.channel, summary.guest_id) in text_hits
        or id_match(summary.guest_id)
        or (summary.name is not None and needle in summary.name.lower())
        or any(id_match(booking) for booking in summary.booking_ids)
    )


async def _fill_guests(container: Container, summaries: list[Summary]) -> None:
    """Name, language and bookings from the dialogue state; the WhatsApp profile name as a fallback.
    Two reads for the whole list, not two per conversation."""
    states = await _states(container, [conversation_key(s.channel, s.guest_id) for s in summaries])
    profile_names = await _profile_names(
        container, [s.guest_id for s in summaries if s.channel == "whatsapp"]
    )
    for summary in summaries:
        state = states.get(conversation_key(summary.channel, summary.guest_id), {})
        summary.language = state.get("language") if state.get("language") in ("es", "en") else None
        guest = state.get("guest") or {}
        full = " ".join(p for p in (guest.get("first_name"), guest.get("last_name")) if p)
        summary.name = full or (
            profile_names.get(summary.guest_id) if summary.channel == "whatsapp" else None
        )
        summary.booking_ids = _booking_ids(state)


async def _states(container: Container, keys: list[str]) -> dict[str, dict[str, Any]]:
    """Dialogue states by key: one MGET when they live in Redis, else one SELECT."""
    from hotel_agent.conversations.models import ConversationStateRow

    if not keys:
        return {}
    state_store = getattr(container.conversations, "state", None)
    redis, redis_key = getattr(state_store, "redis", None), getattr(state_store, "_key", None)
    if redis is not None and redis_key is not None:
        raw = await redis.mget([redis_key(key) for key in keys])
        return {key: json.loads(value) for key, value in zip(keys, raw, strict=True) if value}
    async with container.db.session() as session:
        rows = (
            await session.scalars(select(ConversationStateRow).where(ConversationStateRow.guest_id.in_(keys)))
        ).all()
    return {row.guest_id: dict(row.state or {}) for row in rows}


async def _profile_names(container: Container, wa_ids: list[str]) -> dict[str, str]:
    """The WhatsApp profile name of each guest's newest message."""
    if not wa_ids:
        return {}
    newest = (
        select(InboundMessageRow.guest_id, func.max(InboundMessageRow.received_at).label("at"))
        .where(InboundMessageRow.channel == "whatsapp", InboundMessageRow.guest_id.in_(wa_ids))
        .group_by(InboundMessageRow.guest_id)
        .subquery()
    )
    query = select(InboundMessageRow.guest_id, InboundMessageRow.message).join(
        newest,
        and_(
            InboundMessageRow.channel == "whatsapp",
            InboundMessageRow.guest_id == newest.c.guest_id,
            InboundMessageRow.received_at == newest.c.at,
        ),
    )
    async with container.db.session() as session:
        rows = (await session.execute(query)).all()
    return {
        guest_id: str(message["guest_name"])
        for guest_id, message in rows
        if (message or {}).get("guest_name")
    }


def _booking_ids(state: dict[str, Any]) -> list[str]:
    ids = [str(b) for b in state.get("own_booking_ids") or []]
    last = state.get("last_booking_id")
    if last and str(last) not in ids:
        ids.append(str(last))
    return ids


async def _holders(container: Container) -> dict[tuple[str, str], Holder]:
    async with container.db.session() as session:
        rows = (await session.execute(select(AssignmentRow, StaffRow).join(StaffRow))).all()
    return {(a.channel, a.guest_id): Holder(s.id, s.name, s.email, a.assigned_at) for a, s in rows}


async def holder_of(container: Container, channel: str, guest_id: str) -> Holder | None:
    """Who holds the conversation; an assignment without a handoff (released elsewhere, e.g. by
    POST /admin/handoffs/.../release) holds nothing."""
    if not await container.conversations.in_handoff(conversation_key(channel, guest_id)):
        return None
    return (await _holders(container)).get((channel, guest_id))


async def conversation_detail(container: Container, channel: str, guest_id: str) -> Detail | None:
    history = await container.conversations.history(guest_id, limit=1000, channel=channel)
    if not history:
        return None
    key = conversation_key(channel, guest_id)
    async with container.db.session() as session:
        statuses = {
            mid: status
            for mid, status in (
                await session.execute(
                    select(InboundMessageRow.id, InboundMessageRow.status).where(
                        InboundMessageRow.channel == channel, InboundMessageRow.guest_id == guest_id
                    )
                )
            ).all()
        }
        message_ids = {
            row_id: message_id
            for row_id, message_id in (
                await session.execute(
                    select(ConversationMessageRow.id, ConversationMessageRow.message_id).where(
                        ConversationMessageRow.channel == channel,
                        ConversationMessageRow.guest_id == guest_id,
                        ConversationMessageRow.direction == "in",
                    )
                )
            ).all()
        }
        out_ids = [e.id for e in history if e.direction == "out"]
        authors = {
            row_id: name
            for row_id, name in (
                await session.execute(
                    select(StaffReplyRow.message_row_id, StaffRow.name)
                    .join(StaffRow, StaffRow.id == StaffReplyRow.staff_id)
                    .where(StaffReplyRow.message_row_id.in_(out_ids))
                )
            ).all()
        }
        notes = [
            (name, note.created_at, note.text)
            for note, name in (
                await session.execute(
                    select(NoteRow, StaffRow.name)
                    .join(StaffRow, StaffRow.id == NoteRow.staff_id)
                    .where(NoteRow.channel == channel, NoteRow.guest_id == guest_id)
                    .order_by(NoteRow.id)
                )
            ).all()
        ]
        handoff_row = await session.get(HandoffRow, key)
    messages = [
        MessageView(
            entry,
            status=statuses.get(message_ids.get(entry.id) or ""),
            author=authors.get(entry.id),
        )
        for entry in history
    ]
    await _analyse(container, messages)
    corrections = await corrections_for(
        container.db, [m.entry.id for m in messages if m.entry.direction == "in"]
    )
    for view in messages:
        view.correction = corrections.get(view.entry.id)
    summary = Summary(channel, guest_id, history[-1].id, history[-1].created_at, "", "")
    await _fill_guests(container, [summary])
    bookings, bookings_error = await _bookings(container, summary.booking_ids)
    handoff = (
        Handoff(handoff_row.guest_id, handoff_row.channel, handoff_row.reason, handoff_row.created_at)
        if handoff_row is not None
        else None
    )
    return Detail(
        channel=channel,
        guest_id=guest_id,
        name=summary.name,
        language=summary.language,
        messages=messages,
        handoff=handoff,
        holder=await holder_of(container, channel, guest_id),
        notes=notes,
        bookings=bookings,
        bookings_error=bookings_error,
        booking_ids=summary.booking_ids,
        last_inbound_at=max(
            (m.entry.created_at for m in messages if m.entry.direction == "in"), default=None
        ),
    )


async def _analyse(container: Container, messages: list[MessageView]) -> None:
    """The engine's reading now of the newest guest messages whose turn stored none (written before the
    readings were kept, or held by a person): the page says it is read now, not at the time."""
    analyzer = getattr(container.orchestrator, "analyzer", None)
    if analyzer is None:
        return
    inbound = [m for m in messages if m.entry.direction == "in" and not m.at_the_time and _readable(m.entry)]
    for view in inbound[-ANALYSED_MESSAGES:]:
        try:
            view.analysis = await asyncio.to_thread(
                analyzer, view.entry.text.strip(), view.entry.created_at, None
            )
        except Exception:  # the page must still show the conversation
            log.exception("analysing a message for the console failed")


def _readable(entry: HistoryEntry) -> bool:
    text = entry.text.strip()
    return entry.kind in READABLE_KINDS and bool(text) and not (text.startswith("[") and text.endswith("]"))


async def _bookings(container: Container, booking_ids: list[str]) -> tuple[list[Booking], bool]:
    from hotel_agent.pms.base import PMSError

    bookings = []
    for booking_id in booking_ids[-10:]:
        try:
            bookings.append(await container.pms.get_booking(booking_id))
        except PMSError:
            return bookings, True
    return bookings, False


async def mark_read(container: Container, staff_id: int, channel: str, guest_id: str, last_id: int) -> None:
    async with container.db.transaction() as session:
        mark = await session.get(ReadMarkRow, (staff_id, channel, guest_id))
        if mark is None:
            session.add(
                ReadMarkRow(staff_id=staff_id, channel=channel, guest_id=guest_id, last_read_id=last_id)
            )
        elif mark.last_read_id < last_id:
            mark.last_read_id = last_id


async def change_signature(container: Container) -> str:
    """Changes whenever the inbox would look different: a message, a handoff, an assignment, a DLQ state."""
    async with container.db.session() as session:
        last_message = await session.scalar(select(func.max(ConversationMessageRow.id)))
        handoffs = (await session.execute(select(func.count(), func.max(HandoffRow.created_at)))).one()
        assignments = (await session.execute(select(func.count(), func.max(AssignmentRow.assigned_at)))).one()
        late = await session.scalar(select(func.count()).where(InboundMessageRow.status.in_(LATE_STATUSES)))
    raw = f"{last_message}|{tuple(handoffs)}|{tuple(assignments)}|{late}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]
