"""A turn's write on PostgreSQL is one statement (pipeline/turn_write.py): the new state, the handoff, both
history rows (in order), the outbox and the inbox status, all or nothing, fenced by the claim — a holder whose
claim was taken over writes none of it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from hotel_agent.channels.types import Button, InboundMessage, Reply
from hotel_agent.conversations.store import ConversationStore, NewEntry
from hotel_agent.db.migrate import upgrade
from hotel_agent.db.session import Database
from hotel_agent.pipeline.inbox import DONE, PROCESSING, SENDING, ClaimLost, Inbox, StoredReply
from hotel_agent.pipeline.turn_write import OneStatementTurnWrite, TurnWrite
from tests.clock import Clock

pytestmark = pytest.mark.integration

LEASE = timedelta(seconds=30)


@pytest.fixture
async def db(postgres_url: str) -> AsyncIterator[Database]:
    await asyncio.to_thread(upgrade, postgres_url)
    database = Database(postgres_url, concurrency=4)
    yield database
    await database.dispose()


def _message(n: int) -> InboundMessage:
    return InboundMessage(
        f"wamid.write.{n}", "whatsapp", "34600000009", "text", datetime.now(UTC), text="hola"
    )


def _write(message: InboundMessage, status: str, outbox: StoredReply | None, turn: int) -> TurnWrite:
    reply = Reply(f"answer {turn}", [Button("yes", "Sí")])
    return TurnWrite(
        message.guest_id,
        "whatsapp",
        {"turn": turn},
        "asked for a person",
        [
            NewEntry(
                message.guest_id, "in", "whatsapp", Reply("hola"), "text", message.id, reading={"t": turn}
            ),
            NewEntry(message.guest_id, "out", "whatsapp", reply, "answer", message.id),
        ],
        status,
        outbox,
    )


async def _inbox_row(db: Database, message: InboundMessage) -> Any:
    async with db.reader() as connection:
        return (
            await connection.execute(
                text(
                    "SELECT status, claim_token, claimed_at, finished_at, pending_reply IS NULL AS empty,"
                    " pending_reply FROM inbound_messages WHERE id = :id"
                ),
                {"id": message.id},
            )
        ).one()


async def test_the_turn_is_written_in_one_statement_in_order(db: Database) -> None:
    clock = Clock()
    inbox, store = Inbox(db, clock), ConversationStore(db)
    write = OneStatementTurnWrite(db, inbox)
    first, second = _message(1), _message(2)
    await inbox.accept_batch([first, second])
    [claim, claim2] = await inbox.claim_due(10, LEASE)
    assert (claim.message, claim2.message) == (first, second)
    clock.now += timedelta(seconds=5)

    statements: list[str] = []
    transactions: list[object] = []

    def on_statement(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    def on_begin(connection: Any) -> None:
        if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            transactions.append(connection)  # a BEGIN sent to the server

    sent: list[str] = []
    stock_fetch = asyncpg.Connection.fetch

    async def fetch(self: asyncpg.Connection, query: str, *args: Any, **kwargs: Any) -> Any:
        sent.append(query)
        return await stock_fetch(self, query, *args, **kwargs)

    sync_engine = db.engine.sync_engine
    event.listen(sync_engine, "before_cursor_execute", on_statement)
    event.listen(sync_engine, "begin", on_begin)
    asyncpg.Connection.fetch = fetch  # type: ignore[method-assign]
    try:
        stored = StoredReply(Reply("answer 1", [Button("yes", "Sí")]), "answer", recorded=True)
        await write.commit(claim, _write(first, SENDING, stored, 1))
    finally:
        asyncpg.Connection.fetch = stock_fetch  # type: ignore[method-assign]
        event.remove(sync_engine, "before_cursor_execute", on_statement)
        event.remove(sync_engine, "begin", on_begin)
    # One round trip: one statement in autocommit, no BEGIN or COMMIT, sent on asyncpg itself (nothing through
    # SQLAlchemy's execution).
    assert statements == [] and transactions == []
    assert [sql.startswith("WITH fin AS") for sql in sent] == [True]

    row = await _inbox_row(db, first)
    assert (row.status, row.claim_token, row.claimed_at, row.finished_at) == (
        SENDING,
        claim.token,
        clock.now,
        None,
    )
    status, outbox = await inbox.outbox(first)
    assert (status, outbox) == (SENDING, stored)
    assert await store.get_state(first.guest_id) == {"turn": 1}
    assert await store.in_handoff(first.guest_id)
    history = await store.history(first.guest_id)
    assert [(h.direction, h.text, h.buttons, h.reading) for h in history] == [
        ("in", "hola", [], {"t": 1}),
        ("out", "answer 1", [{"id": "yes", "title": "Sí"}], None),
    ]
    assert history[0].id < history[1].id

    # Finished without a send (the history is the delivery): the outbox is SQL NULL; the state is replaced;
    # the handoff already there stands.
    await inbox.finish(claim, DONE)
    await write.commit(claim2, _write(second, DONE, None, 2))
    row = await _inbox_row(db, second)
    assert (row.status, row.empty, row.finished_at) == (DONE, True, clock.now)
    assert await store.get_state(second.guest_id) == {"turn": 2}
    assert [h.text for h in await store.history(second.guest_id)] == ["hola", "answer 1", "hola", "answer 2"]


async def test_a_holder_whose_claim_was_taken_over_writes_nothing(db: Database) -> None:
    clock = Clock()
    inbox, store = Inbox(db, clock), ConversationStore(db)
    message = _message(3)
    await inbox.accept(message)
    [stalled] = await inbox.claim_due(10, LEASE)
    clock.now += LEASE + timedelta(seconds=1)
    [taker] = await inbox.claim_due(10, LEASE)

    with pytest.raises(ClaimLost):
        await OneStatementTurnWrite(db, inbox).commit(stalled, _write(message, DONE, None, 1))

    assert await store.get_state(message.guest_id) == {}
    assert not await store.in_handoff(message.guest_id)
    assert await store.history(message.guest_id) == []
    row = await _inbox_row(db, message)
    assert (row.status, row.claim_token) == (PROCESSING, taker.token)


async def test_a_driver_error_is_sqlalchemys_and_writes_nothing(db: Database) -> None:
    """A history row the table refuses (text NOT NULL): SQLAlchemy's IntegrityError, as through its execution;
    the one statement is one transaction, so the inbox status and the state are not written either."""
    inbox, store = Inbox(db), ConversationStore(db)
    message = _message(4)
    await inbox.accept(message)
    [claim] = await inbox.claim_due(10, LEASE)
    good = _write(message, DONE, None, 1)
    bad = NewEntry(message.guest_id, "out", "whatsapp", Reply(None), "answer", message.id)  # type: ignore[arg-type]
    broken = TurnWrite(
        good.storage_id, good.channel, good.state, good.handoff_reason, [good.entries[0], bad], DONE, None
    )
    with pytest.raises(IntegrityError, match="text"):
        await OneStatementTurnWrite(db, inbox).commit(claim, broken)
    assert db.last_write_error is None  # the data's fault, not the database's
    assert await store.get_state(message.guest_id) == {}
    assert await store.history(message.guest_id) == []
    assert (await _inbox_row(db, message)).status == PROCESSING
    await OneStatementTurnWrite(db, inbox).commit(claim, good)  # the connection goes on
    assert (await _inbox_row(db, message)).status == DONE
