"""A turn's write on SQLite is one call on the writer's thread (pipeline/turn_write.py, `GroupWriter.call`):
it writes exactly what the ORM transaction it replaces writes (state, handoff, both history rows in order, the
outbox and the inbox status), all or nothing, fenced by the claim, in the group commit (a failing write rolls
back alone), and a driver error is SQLAlchemy's as before."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError, OperationalError

from hotel_agent.channels.types import Button, InboundMessage, Reply
from hotel_agent.conversations.store import ConversationStore, NewEntry
from hotel_agent.db.migrate import upgrade
from hotel_agent.db.session import Database
from hotel_agent.pipeline.inbox import DONE, PROCESSING, SENDING, Claimed, ClaimLost, Inbox, StoredReply
from hotel_agent.pipeline.turn_write import SqliteTurnWrite, TurnWrite
from tests.clock import Clock

pytestmark = pytest.mark.integration

LEASE = timedelta(seconds=30)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'turn.db'}"
    await asyncio.to_thread(upgrade, url)
    database = Database(url)
    yield database
    await database.dispose()


def _message(n: int, guest: str = "34600000009") -> InboundMessage:
    return InboundMessage(f"wamid.sqlite.{n}", "whatsapp", guest, "text", datetime.now(UTC), text="hola")


def _write(message: InboundMessage, status: str, outbox: StoredReply | None, turn: int) -> TurnWrite:
    reply = Reply(f"answer {turn}", [Button("yes", "Sí")])
    return TurnWrite(
        message.guest_id,
        "whatsapp",
        {"turn": turn, "ñ": [1, 2.5, None, True]},
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


async def _orm_write(
    db: Database, inbox: Inbox, store: ConversationStore, claimed: Claimed, w: TurnWrite
) -> None:
    """The ORM transaction the SQLite turn wrote through before (TurnRunner._commit's fallback)."""
    async with db.transaction() as session:
        assert w.state is not None and w.handoff_reason is not None
        await store.stage_state(session, w.storage_id, w.state)
        await store.stage_handoff(session, w.storage_id, w.channel, w.handoff_reason)
        await store.stage_messages(session, w.entries)
        await inbox.stage_finish(session, claimed, w.status, w.outbox)


async def _rows(db: Database, guest: str) -> dict[str, list[tuple[Any, ...]]]:
    """What a turn wrote, as SQLite stores it (raw columns: the bytes must match, not only the values)."""
    async with db.session() as session:
        found: dict[str, list[tuple[Any, ...]]] = {}
        for name, sql in {
            "inbox": "SELECT status, claim_token, claimed_at, finished_at, pending_reply FROM inbound_messages"
            " WHERE guest_id = :g ORDER BY received_at",
            "state": "SELECT state, updated_at FROM conversation_states WHERE guest_id = :g",
            "handoff": "SELECT channel, reason, created_at FROM handoffs WHERE guest_id = :g",
            "history": "SELECT direction, channel, text, buttons, kind, message_id, created_at, reading,"
            " provider_message_id FROM conversation_messages WHERE guest_id = :g ORDER BY id",
        }.items():
            found[name] = [tuple(r) for r in (await session.execute(text(sql), {"g": guest})).all()]
        return found


async def _claim(inbox: Inbox, message: InboundMessage) -> Claimed:
    await inbox.accept(message)
    [claimed] = await inbox.claim_due(10, LEASE)
    return claimed


@pytest.mark.parametrize("status", [SENDING, DONE])
async def test_it_writes_what_the_orm_transaction_wrote_in_one_call(db: Database, status: str) -> None:
    clock = Clock()
    inbox, store = Inbox(db, clock), ConversationStore(db)
    outbox = (
        StoredReply(Reply("answer 1", [Button("yes", "Sí")]), "answer", True) if status == SENDING else None
    )
    via_orm, via_call = _message(1, "34600000001"), _message(2, "34600000002")
    await _orm_write(db, inbox, store, await _claim(inbox, via_orm), _write(via_orm, status, outbox, 1))

    statements: list[str] = []
    hops = 0
    writer = db._writer
    assert writer is not None
    driver_calls = aiosqlite.Connection._execute

    async def counting(self: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal hops
        hops += 1
        return await driver_calls(self, fn, *args, **kwargs)

    def on_statement(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    claimed = await _claim(inbox, via_call)
    event.listen(db.engine.sync_engine, "before_cursor_execute", on_statement)
    aiosqlite.Connection._execute = counting  # type: ignore[method-assign]
    try:
        await SqliteTurnWrite(db, inbox).commit(claimed, _write(via_call, status, outbox, 1))
    finally:
        aiosqlite.Connection._execute = driver_calls  # type: ignore[method-assign]
        event.remove(db.engine.sync_engine, "before_cursor_execute", on_statement)
    # Nothing through SQLAlchemy's execution: the group's BEGIN and the turn's statements are one call on the
    # writer's thread, then the group's COMMIT.
    assert statements == []
    assert hops == 2

    orm, call = await _rows(db, via_orm.guest_id), await _rows(db, via_call.guest_id)
    assert call["inbox"] and call["state"] and call["handoff"] and len(call["history"]) == 2

    def same_clock(rows: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
        # The inbox token, the message ids and the tables' own stamps differ between two writes; all else
        # is equal.
        return {
            "inbox": [(s, f is None, c is None, p) for s, _, c, f, p in rows["inbox"]],
            "state": [(s,) for s, _ in rows["state"]],
            "handoff": [r[:2] for r in rows["handoff"]],
            "history": [r[:5] + r[7:] for r in rows["history"]],
        }

    assert same_clock(call) == same_clock(orm)
    assert [r[5] for r in call["history"]] == [via_call.id] * 2
    # The stamps are stored in the same format (SQLite keeps text), the inbox's at the inbox's clock.
    assert [type(r[6]) for r in call["history"]] == [type(r[6]) for r in orm["history"]]
    assert len(call["state"][0][1]) == len(orm["state"][0][1])
    assert call["inbox"][0][2 if status == SENDING else 3] == orm["inbox"][0][2 if status == SENDING else 3]
    status_read, stored = await inbox.outbox(via_call)
    assert (status_read, stored) == (status, outbox)
    assert await store.get_state(via_call.guest_id) == {"turn": 1, "ñ": [1, 2.5, None, True]}
    history = await store.history(via_call.guest_id)
    assert [(h.direction, h.text, h.buttons, h.reading) for h in history] == [
        ("in", "hola", [], {"t": 1}),
        ("out", "answer 1", [{"id": "yes", "title": "Sí"}], None),
    ]
    assert history[0].id < history[1].id


async def test_a_holder_whose_claim_was_taken_over_writes_nothing(db: Database) -> None:
    clock = Clock()
    inbox, store = Inbox(db, clock), ConversationStore(db)
    message = _message(3)
    await inbox.accept(message)
    [stalled] = await inbox.claim_due(10, LEASE)
    clock.now += LEASE + timedelta(seconds=1)
    [taker] = await inbox.claim_due(10, LEASE)

    with pytest.raises(ClaimLost):
        await SqliteTurnWrite(db, inbox).commit(stalled, _write(message, DONE, None, 1))

    assert await store.get_state(message.guest_id) == {}
    assert not await store.in_handoff(message.guest_id)
    assert await store.history(message.guest_id) == []
    assert await inbox.status(message.channel, message.id) == PROCESSING
    # The holder that took it over writes its turn.
    await SqliteTurnWrite(db, inbox).commit(taker, _write(message, DONE, None, 2))
    assert await store.get_state(message.guest_id) == {"turn": 2, "ñ": [1, 2.5, None, True]}


async def test_a_failing_write_rolls_back_alone_in_its_group_with_sqlalchemys_error(db: Database) -> None:
    inbox, store = Inbox(db), ConversationStore(db)
    write = SqliteTurnWrite(db, inbox)
    messages = [_message(10 + n, f"3460000010{n}") for n in range(6)]
    await inbox.accept_batch(messages)
    claims = {c.message.id: c for c in await inbox.claim_due(10, LEASE)}
    # A history row the table refuses (text is NOT NULL): that turn's write fails after its fenced UPDATE
    # and its state ran, and must leave none of them.
    broken = messages[2]

    def turn(message: InboundMessage) -> TurnWrite:
        w = _write(message, DONE, None, 1)
        if message is broken:
            bad = NewEntry(message.guest_id, "out", "whatsapp", Reply(None), "answer", message.id)  # type: ignore[arg-type]
            return TurnWrite(
                w.storage_id, w.channel, w.state, w.handoff_reason, [w.entries[0], bad], w.status, None
            )
        return w

    results = await asyncio.gather(
        *(write.commit(claims[m.id], turn(m)) for m in messages), return_exceptions=True
    )
    assert isinstance(results[2], IntegrityError)  # as SQLAlchemy raises it
    assert [r for n, r in enumerate(results) if n != 2] == [None] * 5
    for message in messages:
        done = message is not broken
        assert await inbox.status(message.channel, message.id) == (DONE if done else PROCESSING)
        assert (await store.get_state(message.guest_id) != {}) is done
        assert await store.in_handoff(message.guest_id) is done
        assert len(await store.history(message.guest_id)) == (2 if done else 0)
    # The writer goes on.
    await write.commit(claims[broken.id], _write(broken, DONE, None, 1))
    assert await inbox.status(broken.channel, broken.id) == DONE


async def test_a_cancelled_write_is_in_its_group_or_not_at_all(db: Database) -> None:
    inbox, store = Inbox(db), ConversationStore(db)
    write = SqliteTurnWrite(db, inbox)
    messages = [_message(20 + n, f"3460000020{n}") for n in range(8)]
    await inbox.accept_batch(messages)
    claims = {c.message.id: c for c in await inbox.claim_due(10, LEASE)}
    tasks = [asyncio.create_task(write.commit(claims[m.id], _write(m, DONE, None, 1))) for m in messages]
    for _ in range(3):
        await asyncio.sleep(0)
    for task in tasks[::2]:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for task in tasks[1::2]:
        assert task.result() is None
    for message in messages:
        status = await inbox.status(message.channel, message.id)
        history = await store.history(message.guest_id)
        # All of a turn's write or none of it, whether or not its caller was cancelled.
        assert (status, len(history), await store.in_handoff(message.guest_id)) in {
            (DONE, 2, True),
            (PROCESSING, 0, False),
        }
    async with asyncio.timeout(5):
        await inbox.accept(_message(99))  # the writer is free


async def test_a_write_that_cannot_begin_fails_alone_and_the_next_one_begins(db: Database) -> None:
    """Another process holding the write lock past the busy timeout: the write that starts the group fails
    with SQLAlchemy's OperationalError, writes nothing, and the writer goes on once the lock is gone."""
    import sqlite3

    inbox, store = Inbox(db), ConversationStore(db)
    write = SqliteTurnWrite(db, inbox)
    first, second = _message(30, "34600000030"), _message(31, "34600000031")
    await inbox.accept_batch([first, second])
    claims = {c.message.id: c for c in await inbox.claim_due(10, LEASE)}
    await db.write_in_one_call(lambda connection: connection.execute("PRAGMA busy_timeout = 50"))
    path = db.url.split("///", 1)[1]
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(OperationalError, match="locked"):
            await write.commit(claims[first.id], _write(first, DONE, None, 1))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert await inbox.status(first.channel, first.id) == PROCESSING
    assert await store.history(first.guest_id) == []
    await asyncio.gather(
        write.commit(claims[first.id], _write(first, DONE, None, 1)),
        write.commit(claims[second.id], _write(second, DONE, None, 1)),
    )
    for message in (first, second):
        assert await inbox.status(message.channel, message.id) == DONE
        assert len(await store.history(message.guest_id)) == 2
