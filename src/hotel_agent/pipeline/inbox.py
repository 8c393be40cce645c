"""The durable inbox (and outbox): a guest message is stored here before its channel gets a 200, and the
reply a turn computed waits here until it is sent.

States: received -> processing -> sending (reply stored, not yet sent) -> done
                                -> dead_lettered (-> answered_late once a DLQ retry delivered it) | failed
`claim_due` takes what is due: new messages, and messages whose claim expired (the process died mid-way).
PostgreSQL arbitrates between processes with FOR UPDATE SKIP LOCKED; SQLite through its one writer.
The primary key (channel, id) makes a redelivered message id a no-op.

Every claim writes a new `claim_token`, and whatever its holder writes afterwards (the renewal, the turn's
commit, the "sent" mark, the dead-lettering, a hand-back) only applies `WHERE claim_token` is still its own:
a holder whose lease expired while it was still working (its process stalled) and whose message was taken
over writes nothing, and since a turn's send follows its fenced commit (or, for a stored reply, `hold`), it
sends nothing either (ClaimLost). The new holder answers; the message is answered once.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Final, Literal, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    Update,
    and_,
    bindparam,
    case,
    exists,
    func,
    lambda_stmt,
    null,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from hotel_agent.channels.types import Button, InboundMessage, Reply
from hotel_agent.conversations.models import InboundMessageRow
from hotel_agent.db import sqlite_driver
from hotel_agent.db.base import utcnow
from hotel_agent.db.prepared import prepare_write
from hotel_agent.db.session import Database

RECEIVED: Final = "received"
PROCESSING: Final = "processing"
SENDING: Final = "sending"
DONE: Final = "done"
DEAD_LETTERED: Final = "dead_lettered"
ANSWERED_LATE: Final = "answered_late"
FAILED: Final = "failed"  # gave up: not even the DLQ could take it (logged; counted as a permanent failure)
IN_FLIGHT: Final = (PROCESSING, SENDING)
# The claim of a message the chat API stores already claimed (its first and only intake claim: any later
# claim writes a fresh token).
INTAKE_CLAIM: Final = "intake"

Row = InboundMessageRow
# The hot path's statements are Core, on the table's columns, built once (module level or per Inbox): their
# compiled forms and cache keys are reused, and no ORM compile step runs per call.
_table = cast(Table, Row.__table__)
_c = _table.c
OutboxChange = Literal["set", "clear", "keep"]
# One request's messages at intake, and whether the caller runs them itself (stored already claimed).
AcceptGroup = tuple[Sequence[InboundMessage], bool]


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


class ClaimLost(Exception):
    """Another worker has claimed this message since (this holder's lease expired while it still ran): this
    holder must write and send nothing more for it."""

    def __init__(self, message: InboundMessage) -> None:
        super().__init__(f"the claim on {message.channel} message {message.id} was taken over")
        self.message = message


@dataclass(frozen=True)
class Claimed:
    message: InboundMessage
    attempts: int  # including this one
    outbox: StoredReply | None  # set: the turn is done, only its send is left
    token: str  # this claim's fencing token (see the module docstring)


@dataclass(frozen=True)
class InboxReading:
    waiting: int  # accepted, not yet claimed
    lag_seconds: float  # age of the oldest message waiting to be claimed (0 when none)
    oldest_in_flight_seconds: float  # since it was received, of the oldest message claimed but unfinished


class Inbox:
    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        # The time claims are stamped and judged by (tests move it past a lease instead of sleeping).
        self.clock = clock
        # The dialects' INSERT .. ON CONFLICT has no cache key (SQLAlchemy compiled it again on every flush:
        # a tenth of the API's samples under webhook load); as a lambda statement it is compiled once per
        # engine. On the table, not the mapped class: a flush needs no ORM bulk-insert machinery.
        insert = sqlite_insert if db.is_sqlite else postgresql_insert
        table = cast(Table, Row.__table__)
        self._accept = lambda_stmt(
            lambda: insert(table).on_conflict_do_nothing().returning(table.c.channel, table.c.id)
        )
        # PostgreSQL: each column's bind conversion (the same SQLAlchemy applies), for `_ACCEPT_ARRAYS`.
        self._accept_columns = [
            (name, _bind_processor(_c[name], db.engine.dialect)) for name in _ACCEPT_COLUMNS
        ]
        # SQLite's: the rows' INSERTs as one call on the writer's thread, in the group commit (as the turn's
        # write, pipeline/turn_write.py): through the ORM session a flush was a SAVEPOINT, the INSERT and a
        # RELEASE, each a thread hop with SQLAlchemy's execution around it.
        self._accept_one = (
            prepare_write(
                sqlite_insert(table)
                .values({name: bindparam(name, type_=_c[name].type) for name in _ACCEPT_COLUMNS})
                .on_conflict_do_nothing()
                .returning(table.c.channel, table.c.id),
                db.engine.dialect,
            )
            if db.is_sqlite and sqlite_driver.available()
            else None
        )
        self._claim_select: Select[Any] = _claim_select()  # SQLite (PostgreSQL: _CLAIM_DUE)
        self._finish: dict[tuple[bool, OutboxChange], Update] = {}

    # --- intake -----------------------------------------------------------------------------------
    async def accept_batch(
        self, messages: Sequence[InboundMessage], *, claimed: bool = False
    ) -> list[InboundMessage]:
        """Store a batch in one INSERT and one transaction; return the messages that were new (a redelivered
        id is skipped). `claimed`: stored already claimed by the caller, which processes them itself."""
        [new] = await self.accept_groups([(messages, claimed)])
        return new

    async def accept_groups(self, groups: Sequence[AcceptGroup]) -> list[list[InboundMessage]]:
        """Several requests' batches in one INSERT and one transaction (group commit); for each, the messages
        it stored first. A message id repeated across or within the batches counts for the first only."""
        if not any(messages for messages, _ in groups):
            return [[] for _ in groups]
        return await self.accept_taken(lambda: groups)

    async def accept_taken(self, take: Callable[[], Sequence[AcceptGroup]]) -> list[list[InboundMessage]]:
        """`accept_groups` of the batches `take()` returns once the write can start: on SQLite once the
        writer is ours (what arrived while this waited for it is stored too), on PostgreSQL at once."""
        rows: list[dict[str, Any]] = []
        owner: dict[tuple[str, str], int] = {}
        groups: Sequence[AcceptGroup] = ()

        def collect() -> None:
            nonlocal groups
            groups = take()
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
                            "received_at": None,
                            "claimed_at": None,
                            "claim_token": INTAKE_CLAIM if claimed else None,
                        }
                    )

        def stamp() -> None:
            if self.db.is_sqlite:
                collect()
            # Read the clock once the writer is ours (SQLite queues for it): a claim stamped with the time it
            # started waiting would look older than it is.
            now = self.clock()
            for number, row in enumerate(rows):
                # Microseconds apart: one guest's messages are claimed in the order they came.
                row["received_at"] = now + timedelta(microseconds=number)
                row["claimed_at"] = now if row["claim_token"] is not None else None
            # One order for every INSERT's row locks: PostgreSQL flushes in flight at once that share a
            # message id (a redelivery racing its first delivery) wait for each other, never deadlock.
            rows.sort(key=_key)

        def arrays() -> list[list[Any]]:
            stamp()
            return [[convert(row[name]) for row in rows] for name, convert in self._accept_columns]

        result: Sequence[Any]
        if self._accept_one is not None:
            one = self._accept_one
            args: list[list[Any]] = []

            def ready() -> None:
                stamp()
                args.extend(one.args(row) for row in rows)

            result = await self.db.write_in_one_call(partial(_insert_each, one.sql, args), ready)
        elif self.db.is_sqlite:
            async with self.db.transaction() as session:
                stamp()
                result = (await session.execute(self._accept, rows)).all() if rows else []
        else:
            collect()
            result = await self.db.fetch_alone(_ACCEPT_ARRAYS, arrays) if rows else []
        new = {(channel, id_) for channel, id_ in result}
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
        token = uuid.uuid4().hex
        if not self.db.is_sqlite:
            return await self._claim_in_one_statement(limit, lease, token)
        async with self.db.transaction() as session:
            # The clock is read once the writer is ours (SQLite queues for it): a claim stamped with the time
            # it started waiting would look older than it is to the next claim.
            now = self.clock()
            cutoff = now - lease
            rows = (await session.execute(self._claim_select, {"cutoff": cutoff, "limit": limit})).all()
            if not rows:
                return []
            await session.execute(
                update(_table)
                .where(tuple_(_c.channel, _c.id).in_([(r.channel, r.id) for r in rows]))
                .where(_due(bindparam("cutoff")))  # still due: rows read by the writer
                .values(_CLAIMED),
                {"cutoff": cutoff, "now": now, "token": token},
            )
        return [_claimed(r, r.attempts + 1, token) for r in rows]

    async def _claim_in_one_statement(self, limit: int, lease: timedelta, token: str) -> list[Claimed]:
        """PostgreSQL: the claim as one statement in autocommit (`_CLAIM_DUE`), one round trip instead of four
        (BEGIN, SELECT .. FOR UPDATE SKIP LOCKED, UPDATE, COMMIT)."""
        params: dict[str, Any] = {"limit": limit, "token": token}

        def stamp() -> None:
            params["now"] = now = self.clock()
            params["cutoff"] = now - lease

        rows = await self.db.execute_alone(_CLAIM_DUE, [params], stamp)
        # RETURNING's order is not the SELECT's: oldest first, as a conversation's messages must start.
        rows.sort(key=lambda r: cast(datetime, r.received_at))
        return [_claimed(r, r.attempts, token) for r in rows]  # attempts as updated

    async def has_due(self, lease: timedelta) -> bool:
        async with self.db.reader() as connection:
            found = await connection.scalar(_HAS_DUE, {"cutoff": self.clock() - lease})
        return found is not None

    async def storming(self, window: timedelta, busy: int, longest_wait: timedelta) -> bool:
        """Whether the inbox grows faster than it is claimed: at least `busy` messages received within `window`
        wait unclaimed, and none has waited longer than `longest_wait` (a worker's claim pause; see worker.py).
        Two index range scans on (status, received_at), the first stopped at `busy` rows."""
        now = self.clock()
        async with self.db.reader() as connection:
            found = await connection.scalar(
                _STORMING, {"since": now - window, "busy": busy, "overdue": now - longest_wait}
            )
        return bool(found)

    async def conversation_exists(self, channel: str, guest_id: str) -> bool:
        """Whether any message of this conversation was accepted (the inbox keeps every one)."""
        found = await self.db.read(_ANY_OF_GUEST, {"channel": channel, "guest_id": guest_id})
        return bool(found)

    async def touch(self, claims: Sequence[Claimed]) -> int:
        """Renew the claims still held by their holder (a claim taken over is not renewed); return how many
        were renewed."""
        if not claims:
            return 0
        async with self.db.transaction() as session:
            result = await session.execute(
                update(_table)
                .where(
                    tuple_(_c.channel, _c.id, _c.claim_token).in_(
                        [(c.message.channel, c.message.id, c.token) for c in claims]
                    )
                )
                .where(_c.status.in_(IN_FLIGHT))
                .values(claimed_at=self.clock())
            )
        return _rowcount(result)

    async def hold(self, claimed: Claimed) -> None:
        """Check that this claim is still its holder's, and renew it; raise ClaimLost otherwise. A stored
        reply is only sent after this (a turn's own send follows its fenced commit)."""
        async with self.db.transaction() as session:
            result = await session.execute(_HOLD, {**_held_params(claimed), "now": self.clock()})
        if _rowcount(result) != 1:
            raise ClaimLost(claimed.message)

    # --- finishing --------------------------------------------------------------------------------
    async def stage_finish(
        self,
        session: AsyncSession,
        claimed: Claimed,
        status: str,
        outbox: StoredReply | None = None,
        *,
        keep_outbox: bool = False,
    ) -> None:
        """Inside the caller's transaction, if the claim is still `claimed`'s (else ClaimLost, and the caller's
        transaction rolls back): set the status and the outbox (None clears it, unless `keep_outbox`: a reply
        that could not be sent stays for the DLQ retry to send). A status still in flight renews the claim."""
        change: OutboxChange = "keep" if keep_outbox else "set" if outbox else "clear"
        params = self.finish_params(claimed, status, outbox if change == "set" else None)
        result = await session.execute(self._finish_statement(status in IN_FLIGHT, change), params)
        if _rowcount(result) != 1:
            raise ClaimLost(claimed.message)

    def finish_params(self, claimed: Claimed, status: str, outbox: StoredReply | None) -> dict[str, Any]:
        """The fenced finish's parameters (`outbox`: the reply set in the outbox), here and in turn_write.py."""
        params = {**_held_params(claimed), "new_status": status, "now": self.clock()}
        if outbox is not None:
            params["outbox"] = outbox.to_dict()
        return params

    def _finish_statement(self, in_flight: bool, outbox: OutboxChange) -> Update:
        statement = self._finish.get((in_flight, outbox))
        if statement is None:
            values: dict[str, Any] = {"status": bindparam("new_status")}
            values["claimed_at" if in_flight else "finished_at"] = bindparam("now")
            if outbox == "set":
                values["pending_reply"] = bindparam("outbox", type_=_c.pending_reply.type)
            elif outbox == "clear":
                values["pending_reply"] = null()  # SQL NULL, as before (not JSON 'null')
            statement = self._finish[(in_flight, outbox)] = (
                update(_table).where(_held_by(), _c.status.in_(IN_FLIGHT)).values(values)
            )
        return statement

    async def stage_outbox(self, session: AsyncSession, message: InboundMessage, outbox: StoredReply) -> None:
        """Store a reply to send without changing the status (a DLQ retry's answer)."""
        await session.execute(
            update(Row)
            .where(Row.channel == message.channel, Row.id == message.id)
            .values(pending_reply=outbox.to_dict())
        )

    async def finish(self, claimed: Claimed, status: str = DONE) -> None:
        """The holder's last small update: the status, and the outbox emptied (ClaimLost if the claim is no
        longer its own)."""
        async with self.db.transaction() as session:
            await self.stage_finish(session, claimed, status)

    async def finish_late(self, message: InboundMessage) -> None:
        """A DLQ retry delivered the answer (the DLQ's lease, not an inbox claim, guards that retry)."""
        async with self.db.transaction() as session:
            await session.execute(
                update(Row)
                .where(Row.channel == message.channel, Row.id == message.id)
                .values(status=ANSWERED_LATE, finished_at=self.clock(), pending_reply=None)
            )

    async def release(self, claimed: Claimed) -> None:
        """Hand a claimed message back (shutdown): due again at once, in this or another process (unless
        another worker holds it already)."""
        async with self.db.transaction() as session:
            await session.execute(
                update(Row)
                .where(_held(claimed), Row.status.in_(IN_FLIGHT))
                .values(
                    claimed_at=None,
                    claim_token=None,
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
        now = self.clock()
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


def _due(cutoff: datetime | ColumnElement[Any]) -> ColumnElement[bool]:
    return or_(
        _c.status == RECEIVED,
        and_(_c.status.in_(IN_FLIGHT), or_(_c.claimed_at.is_(None), _c.claimed_at < cutoff)),
    )


def _held(claimed: Claimed) -> ColumnElement[bool]:
    message = claimed.message
    return and_(_c.channel == message.channel, _c.id == message.id, _c.claim_token == claimed.token)


def _held_by() -> ColumnElement[bool]:
    """`_held` with bound parameters (`_held_params`), for prebuilt statements."""
    return and_(
        _c.channel == bindparam("held_channel"),
        _c.id == bindparam("held_id"),
        _c.claim_token == bindparam("held_token"),
    )


def _held_params(claimed: Claimed) -> dict[str, Any]:
    return {
        "held_channel": claimed.message.channel,
        "held_id": claimed.message.id,
        "held_token": claimed.token,
    }


def _conversation_busy() -> ColumnElement[bool]:
    """Another message of the same conversation is claimed (and its claim not expired)."""
    busy = _table.alias("busy")
    return exists().where(
        busy.c.channel == _c.channel,
        busy.c.guest_id == _c.guest_id,
        busy.c.status.in_(IN_FLIGHT),
        busy.c.claimed_at >= bindparam("cutoff"),
    )


def _claim_select() -> Select[Any]:
    """Up to :limit due messages, oldest first, none of a conversation another claim holds (SQLite: read by
    the one writer, which then claims them)."""
    return (
        select(_c.channel, _c.id, _c.status, _c.attempts, _c.message, _c.pending_reply)
        .where(_due(bindparam("cutoff")), ~_conversation_busy())
        .order_by(_c.received_at)
        .limit(bindparam("limit"))
    )


# What a claim sets (bound: "now", "token"): a new token fences out any earlier holder.
_CLAIMED: dict[str, Any] = {
    "status": case((_c.status == SENDING, SENDING), else_=PROCESSING),
    "claimed_at": bindparam("now"),
    "claim_token": bindparam("token"),
    "attempts": _c.attempts + 1,
}


def _claim_due_in_one_statement() -> Update:
    """WITH due AS (SELECT .. FOR UPDATE SKIP LOCKED) UPDATE .. FROM due RETURNING ..: the rows are locked
    and claimed in one statement (one transaction); a row another process is claiming is skipped."""
    due = (
        select(_c.channel, _c.id)
        .where(_due(bindparam("cutoff")), ~_conversation_busy())
        .order_by(_c.received_at)
        .limit(bindparam("limit"))
        .with_for_update(skip_locked=True, of=_table)
        .cte("due")
    )
    return (
        update(_table)
        .where(_c.channel == due.c.channel, _c.id == due.c.id)
        .values(_CLAIMED)
        .returning(_c.channel, _c.id, _c.status, _c.attempts, _c.message, _c.pending_reply, _c.received_at)
    )


def _claimed(row: Any, attempts: int, token: str) -> Claimed:
    """A claimed row (its status as read, or as set: a claim keeps `sending`, so either tells a stored reply)."""
    outbox = StoredReply.from_dict(row.pending_reply) if row.status == SENDING and row.pending_reply else None
    return Claimed(InboundMessage.from_dict(row.message), attempts, outbox, token)


_CLAIM_DUE = _claim_due_in_one_statement()
_HAS_DUE = select(_c.id).where(_due(bindparam("cutoff"))).limit(1)
_RECENT_WAITING = (
    select(_c.id)
    .where(_c.status == RECEIVED, _c.received_at >= bindparam("since"))
    .limit(bindparam("busy"))
    .subquery()
)
_STORMING = select(
    and_(
        select(func.count()).select_from(_RECENT_WAITING).scalar_subquery() >= bindparam("busy"),
        ~exists().where(_c.status == RECEIVED, _c.received_at < bindparam("overdue")),
    )
)
_ANY_OF_GUEST = (
    select(_c.id).where(_c.channel == bindparam("channel"), _c.guest_id == bindparam("guest_id")).limit(1)
)
_HOLD = update(_table).where(_held_by(), _c.status.in_(IN_FLIGHT)).values(claimed_at=bindparam("now"))


_ACCEPT_COLUMNS = (
    "channel",
    "id",
    "guest_id",
    "message",
    "status",
    "attempts",
    "received_at",
    "claimed_at",
    "claim_token",
)
_ACCEPT_TYPES = (
    "varchar",
    "varchar",
    "varchar",
    "text",
    "varchar",
    "int4",
    "timestamptz",
    "timestamptz",
    "varchar",
)
# PostgreSQL's intake INSERT: a flush's rows as one array per column, unnest()ed in order (the rows' key order:
# see `stamp`). One statement text whatever the row count, so asyncpg prepares it once per connection and the
# server parses it once (insertmanyvalues sent a new text, parsed and planned anew, for each count of rows), and
# one autocommit round trip even for a 1,000-message batch. Run on asyncpg itself (`Database.fetch_alone`, its
# errors raised as SQLAlchemy raises them), the values converted by the columns' own SQLAlchemy processors.
_ACCEPT_ARRAYS = (
    f"INSERT INTO {_table.name} ({', '.join(_ACCEPT_COLUMNS)}) "
    f"SELECT {', '.join('r.message::json' if n == 'message' else f'r.{n}' for n in _ACCEPT_COLUMNS)} "
    f"FROM unnest({', '.join(f'${i}::{t}[]' for i, t in enumerate(_ACCEPT_TYPES, 1))}) "
    f"AS r({', '.join(_ACCEPT_COLUMNS)}) "
    "ON CONFLICT DO NOTHING RETURNING channel, id"
)


def _insert_each(sql: str, args: list[list[Any]], connection: sqlite3.Connection) -> list[Any]:
    """On SQLite's writer thread: each row's INSERT, in order; the (channel, id) of those stored."""
    stored: list[Any] = []
    for row in args:
        try:
            stored.extend(connection.execute(sql, row).fetchall())
        except sqlite3.Error as error:  # as SQLAlchemy raises it (IntegrityError, OperationalError, ...)
            raise DBAPIError.instance(sql, row, error, sqlite3.Error) from error
    return stored


def _bind_processor(column: Any, dialect: Any) -> Callable[[Any], Any]:
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    return process if process is not None else _same


def _same(value: Any) -> Any:
    return value


def _key(row: dict[str, Any]) -> tuple[str, str]:
    return row["channel"], row["id"]


def _rowcount(result: object) -> int:
    count = getattr(result, "rowcount", -1)
    return int(count) if isinstance(count, int) else -1


def _age(now: datetime, since: datetime | None) -> float:
    return max(0.0, (now - since).total_seconds()) if since is not None else 0.0
