"""A turn's one write on PostgreSQL as ONE statement in autocommit: one round trip instead of five (BEGIN,
the state upsert, the history INSERT, the fenced inbox UPDATE, COMMIT).

    WITH fin AS (UPDATE inbound_messages SET status = .., .. WHERE <the claim is still ours> RETURNING id),
         state AS (INSERT INTO conversation_states .. SELECT .. WHERE EXISTS (SELECT FROM fin)
                   ON CONFLICT (guest_id) DO UPDATE ..),
         handoff AS (INSERT INTO handoffs .. SELECT .. WHERE EXISTS (..fin..) ON CONFLICT DO NOTHING),
         history AS (INSERT INTO conversation_messages .. SELECT <in> WHERE EXISTS (..fin..)
                     UNION ALL SELECT <out> WHERE EXISTS (..fin..))
    SELECT count(*) FROM fin

The claim fence is the gate: the other writes read `fin`'s RETURNING (the only way data-modifying CTEs see
each other's effects), so when the claim was taken over nothing is written, and one statement is one
transaction, so the turn is still all or nothing. `count(*) = 0` is ClaimLost, as the fenced UPDATE's
rowcount was in the transaction it replaces.

SQLite keeps the transaction (its group commit shares the COMMIT), but runs it as one call on the writer
connection's thread (`GroupWriter.call`): the fenced UPDATE first (no row: ClaimLost, nothing written), then
the state, the handoff and the history rows, in a SAVEPOINT of the group's transaction. Through the ORM session
the same write was five thread hops (SAVEPOINT, three statements, RELEASE) with SQLAlchemy's execution around
each; the statements here are compiled once from the same Core and their parameters converted by the columns'
own SQLAlchemy processors, and a driver error is raised as SQLAlchemy would raise it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Table,
    TextClause,
    bindparam,
    insert,
    null,
    or_,
    text,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError

from hotel_agent.conversations.models import (
    ConversationMessageRow,
    ConversationStateRow,
    HandoffRow,
    InboundMessageRow,
)
from hotel_agent.conversations.store import NewEntry, history_row
from hotel_agent.db.base import utcnow
from hotel_agent.db.prepared import PreparedWrite, prepare_write
from hotel_agent.db.session import Database
from hotel_agent.pipeline.inbox import IN_FLIGHT, Claimed, ClaimLost, Inbox, StoredReply

_states = cast(Table, ConversationStateRow.__table__)
_handoffs = cast(Table, HandoffRow.__table__)
_history = cast(Table, ConversationMessageRow.__table__)
_HISTORY_COLUMNS = (
    "guest_id",
    "direction",
    "channel",
    "text",
    "buttons",
    "kind",
    "message_id",
    "created_at",
    "reading",
    "provider_message_id",
)


@dataclass(frozen=True)
class TurnWrite:
    """What a turn commits: the new state and handoff (when it decided), its history rows, the inbox status
    and the reply left in the outbox for the send."""

    storage_id: str
    channel: str
    state: dict[str, Any] | None
    handoff_reason: str | None
    entries: list[NewEntry]
    status: str
    outbox: StoredReply | None


# (state, handoff, history rows, the status still in flight) -> the statement
_Shape = tuple[bool, bool, int, bool]


class OneStatementTurnWrite:
    """PostgreSQL: the turn's write as one statement (see the module docstring), built once per shape.

    Written as SQL text with typed parameters: SQLAlchemy gives PostgreSQL's INSERT .. ON CONFLICT no cache
    key, so the same statement built in Core was compiled again on every turn (it cost more CPU than the four
    round trips it saved). Compiled once per shape and run on asyncpg itself (`Database.fetch_alone`), its
    parameters converted by the columns' own SQLAlchemy processors: SQLAlchemy's execution around it (the
    execution context, the cursor adaptation, the greenlet) cost more CPU than the driver's own work."""

    def __init__(self, db: Database, inbox: Inbox) -> None:
        self.db = db
        self.inbox = inbox
        self._statements: dict[_Shape, PreparedWrite] = {}

    async def commit(self, claimed: Claimed, write: TurnWrite) -> None:
        """Durable when this returns; ClaimLost (nothing written) when the claim is no longer `claimed`'s."""
        in_flight = write.outbox is not None
        # "now": the inbox's clock, as its own statements use; "written": the conversation tables' stamps.
        params: dict[str, Any] = self.inbox.finish_params(claimed, write.status, write.outbox)
        params["written"] = written = utcnow()
        if write.state is not None:
            params |= {"state_guest": write.storage_id, "state": write.state}
        if write.handoff_reason is not None:
            params |= {
                "handoff_guest": write.storage_id,
                "handoff_channel": write.channel,
                "handoff_reason": write.handoff_reason,
            }
        for number, entry in enumerate(write.entries):
            params |= {f"h{number}_{k}": v for k, v in history_row(entry, written).items()}
        shape = (write.state is not None, write.handoff_reason is not None, len(write.entries), in_flight)
        statement = self._statements.get(shape)
        if statement is None:
            # Compiled once per shape for this engine's dialect (its `$n::TYPE` casts), run as one driver call.
            statement = self._statements[shape] = prepare_write(_statement(*shape), self.db.engine.dialect)
        [(finished,)] = await self.db.fetch_alone(statement.sql, statement.args(params))
        if finished != 1:
            raise ClaimLost(claimed.message)


def _statement(state: bool, handoff: bool, rows: int, in_flight: bool) -> TextClause:
    inbox = cast(Table, InboundMessageRow.__table__)
    binds = [
        _bind("new_status", inbox, "status"),
        _bind("now", inbox, "claimed_at"),
        _bind("held_channel", inbox, "channel"),
        _bind("held_id", inbox, "id"),
        _bind("held_token", inbox, "claim_token"),
        _bind("written", _states, "updated_at"),
    ]
    in_flight_statuses = ", ".join(f"'{status}'" for status in IN_FLIGHT)
    if in_flight:  # the reply waits in the outbox for the send; the claim is renewed for it
        finish = "claimed_at = :now, pending_reply = :outbox"
        binds.append(_bind("outbox", inbox, "pending_reply"))
    else:
        finish = "finished_at = :now, pending_reply = NULL"
    ctes = [
        f"fin AS (UPDATE {inbox.name} SET status = :new_status, {finish}"
        " WHERE channel = :held_channel AND id = :held_id AND claim_token = :held_token"
        f" AND status IN ({in_flight_statuses}) RETURNING id)"
    ]
    gate = "WHERE EXISTS (SELECT FROM fin)"
    if state:
        ctes.append(
            f"state AS (INSERT INTO {_states.name} (guest_id, state, updated_at)"
            f" SELECT :state_guest, :state, :written {gate}"
            " ON CONFLICT (guest_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at)"
        )
        binds += [_bind("state_guest", _states, "guest_id"), _bind("state", _states, "state")]
    if handoff:
        ctes.append(
            f"handoff AS (INSERT INTO {_handoffs.name} (guest_id, channel, reason, created_at)"
            f" SELECT :handoff_guest, :handoff_channel, :handoff_reason, :written {gate}"
            " ON CONFLICT DO NOTHING)"
        )
        binds += [
            _bind("handoff_guest", _handoffs, "guest_id"),
            _bind("handoff_channel", _handoffs, "channel"),
            _bind("handoff_reason", _handoffs, "reason"),
        ]
    if rows:
        # In order (UNION ALL's branches run one after the other): the reply's id follows the message's.
        selects = []
        for n in range(rows):
            selects.append(f"SELECT {', '.join(f':h{n}_{c}' for c in _HISTORY_COLUMNS)} {gate}")
            binds += [_bind(f"h{n}_{c}", _history, c) for c in _HISTORY_COLUMNS]
        ctes.append(
            f"history AS (INSERT INTO {_history.name} ({', '.join(_HISTORY_COLUMNS)})"
            f" {' UNION ALL '.join(selects)})"
        )
    sql = "WITH " + ",\n".join(ctes) + "\nSELECT count(*) FROM fin"
    return text(sql).bindparams(*binds)


def _bind(name: str, table: Table, column: str) -> BindParameter[Any]:
    """A parameter typed as the column it is written to (asyncpg is sent `$n::JSON`, a UTC datetime...)."""
    typed: ColumnElement[Any] = table.c[column]
    return bindparam(name, type_=typed.type)


class SqliteTurnWrite:
    """SQLite: the turn's write as one call on the writer's thread, in the group commit (module docstring)."""

    def __init__(self, db: Database, inbox: Inbox) -> None:
        self.db = db
        self.inbox = inbox
        dialect = db.engine.dialect
        inbox_table = cast(Table, InboundMessageRow.__table__)
        c = inbox_table.c
        held = (
            (c.channel == _bind("held_channel", inbox_table, "channel"))
            & (c.id == _bind("held_id", inbox_table, "id"))
            & (c.claim_token == _bind("held_token", inbox_table, "claim_token"))
            & or_(*(c.status == status for status in IN_FLIGHT))  # plain binds: no expanding IN
        )
        status = _bind("new_status", inbox_table, "status")
        now = _bind("now", inbox_table, "claimed_at")
        # in flight: the reply waits in the outbox for the send, the claim renewed for it; else finished.
        self._finish = {
            True: prepare_write(
                update(inbox_table)
                .where(held)
                .values(
                    status=status, claimed_at=now, pending_reply=_bind("outbox", inbox_table, "pending_reply")
                ),
                dialect,
            ),
            False: prepare_write(
                update(inbox_table).where(held).values(status=status, finished_at=now, pending_reply=null()),
                dialect,
            ),
        }
        excluded = sqlite_insert(_states).excluded
        self._state = prepare_write(
            sqlite_insert(_states)
            .values(
                guest_id=_bind("state_guest", _states, "guest_id"),
                state=_bind("state", _states, "state"),
                updated_at=_bind("written", _states, "updated_at"),
            )
            .on_conflict_do_update(
                index_elements=[_states.c.guest_id],
                set_={"state": excluded.state, "updated_at": excluded.updated_at},
            ),
            dialect,
        )
        self._handoff = prepare_write(
            sqlite_insert(_handoffs)
            .values(
                guest_id=_bind("handoff_guest", _handoffs, "guest_id"),
                channel=_bind("handoff_channel", _handoffs, "channel"),
                reason=_bind("handoff_reason", _handoffs, "reason"),
                created_at=_bind("written", _handoffs, "created_at"),
            )
            .on_conflict_do_nothing(),
            dialect,
        )
        self._history = prepare_write(
            insert(_history).values({column: _bind(column, _history, column) for column in _HISTORY_COLUMNS}),
            dialect,
        )

    async def commit(self, claimed: Claimed, write: TurnWrite) -> None:
        """Durable when this returns (the group's COMMIT); ClaimLost (nothing written) when the claim is no
        longer `claimed`'s."""
        in_flight = write.outbox is not None
        params: dict[str, Any] = self.inbox.finish_params(claimed, write.status, write.outbox)
        params["written"] = written = utcnow()
        steps: list[tuple[PreparedWrite, list[Any] | list[list[Any]], bool]] = [
            (finish := self._finish[in_flight], finish.args(params), False)
        ]
        if write.state is not None:
            params |= {"state_guest": write.storage_id, "state": write.state}
            steps.append((self._state, self._state.args(params), False))
        if write.handoff_reason is not None:
            params |= {
                "handoff_guest": write.storage_id,
                "handoff_channel": write.channel,
                "handoff_reason": write.handoff_reason,
            }
            steps.append((self._handoff, self._handoff.args(params), False))
        if write.entries:
            rows = [self._history.args(history_row(entry, written)) for entry in write.entries]
            steps.append((self._history, rows, True))

        def run(connection: sqlite3.Connection) -> bool:
            """On the writer's thread. False: the claim is no longer ours (nothing else was run)."""
            for number, (statement, args, many) in enumerate(steps):
                try:
                    if many:
                        connection.executemany(statement.sql, args)  # in order: the reply's id follows
                    else:
                        cursor = connection.execute(statement.sql, args)
                        if number == 0 and cursor.rowcount != 1:
                            return False
                except sqlite3.Error as error:
                    raise _as_sqlalchemy(statement.sql, args, error) from error
            return True

        if not await self.db.write_in_one_call(run):
            raise ClaimLost(claimed.message)


def _as_sqlalchemy(sql: str, args: Any, error: sqlite3.Error) -> BaseException:
    """The exception SQLAlchemy raises for this driver error (OperationalError, IntegrityError, ...)."""
    return DBAPIError.instance(sql, args, error, sqlite3.Error)
