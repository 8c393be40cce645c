"""The hot path's reads as one driver call (db/prepared.py) answer exactly what SQLAlchemy's execution of the
same statements answers, on SQLite and PostgreSQL: the turn's context (a handoff flag, a JSON state), whether a
conversation exists, the simulator's inventory (prices, rooms booked over dates); and an error is
SQLAlchemy's, as before."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import column, select, table
from sqlalchemy.exc import DBAPIError

from hotel_agent.channels.types import InboundMessage
from hotel_agent.conversations.store import ConversationStore
from hotel_agent.db.migrate import upgrade
from hotel_agent.db.session import Database
from hotel_agent.pipeline.inbox import Inbox
from hotel_agent.pms.base import BookingRequest, GuestDetails, Occupancy
from hotel_agent.pms.simulator import PMSSimulator

pytestmark = pytest.mark.integration


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path}/prepared.db"
    else:
        url = request.getfixturevalue("postgres_url")
    await asyncio.to_thread(upgrade, url)
    database = Database(url)
    yield database
    await database.dispose()


async def both_ways(db: Database, read: Callable[[], Awaitable[Any]]) -> Any:
    """`read` through the prepared path, then through SQLAlchemy's execution: the same answer."""
    prepared = await read()
    assert db.reads._prepared and all(db.reads._prepared.values())  # it did take the prepared path
    db.reads.enabled, db.reads._prepared = False, {}
    try:
        assert await read() == prepared
    finally:
        db.reads.enabled, db.reads._prepared = True, {}
    return prepared


async def test_the_turn_context(db: Database) -> None:
    store = ConversationStore(db)
    state = {"step": "dates", "n": 2, "nested": {"ñ": [1, 2.5, None, True]}, "text": "¿mañana?"}
    async with db.transaction() as session:
        await store.stage_state(session, "chat:a", state)
        await store.stage_handoff(session, "chat:b", "chat", "asked for a person")
    assert await both_ways(db, lambda: store.turn_context("chat:a")) == (False, state)
    assert await both_ways(db, lambda: store.turn_context("chat:b")) == (True, {})
    assert await both_ways(db, lambda: store.turn_context("chat:nobody")) == (False, {})


async def test_whether_a_conversation_exists(db: Database) -> None:
    inbox = Inbox(db)
    message = InboundMessage(
        id="m1", channel="chat", guest_id="g-1", type="text", text="hola", received_at=datetime.now(UTC)
    )
    await inbox.accept_groups([([message], False)])
    assert await both_ways(db, lambda: inbox.conversation_exists("chat", "g-1")) is True
    assert await both_ways(db, lambda: inbox.conversation_exists("whatsapp", "g-1")) is False
    assert await both_ways(db, lambda: inbox.conversation_exists("chat", "g-2")) is False


async def test_the_simulators_inventory(db: Database) -> None:
    simulator = PMSSimulator(db)
    check_in = date.today() + timedelta(days=10)
    await simulator.create_booking(
        BookingRequest(
            reference="PREP-1",
            room_type_id=2,
            check_in=check_in,
            check_out=check_in + timedelta(days=3),
            guest=GuestDetails("Ana", "Ruiz", "ana@example.com"),
            occupancy=[Occupancy(2, 0)],
        )
    )
    for room_type_id in (3, 3):  # two rooms of another type booked over the same nights
        await simulator.create_booking(
            BookingRequest(
                reference=f"PREP-{room_type_id}-{len(await simulator.booking_ids())}",
                room_type_id=room_type_id,
                check_in=check_in,
                check_out=check_in + timedelta(days=3),
                guest=GuestDetails("Ana", "Ruiz", "ana@example.com"),
                occupancy=[Occupancy(2, 0)],
            )
        )
    for day in (check_in - timedelta(days=2), check_in, check_in + timedelta(days=2)):
        everything = await both_ways(db, lambda d=day: simulator.inventory(d, d + timedelta(days=1), None))
        assert len(everything) > 1
        booked_by_type = {entry.room_type.id: len(entry.booked) for entry in everything}
        assert booked_by_type[2] == (0 if day < check_in else 1)
        assert booked_by_type[3] == (0 if day < check_in else 2)
        for entry in everything:
            assert not {room.id for room in entry.booked} & {room.id for room in entry.available}
        one = await both_ways(db, lambda d=day: simulator.inventory(d, d + timedelta(days=1), 2))
        assert [entry.room_type.id for entry in one] == [2]
        booked = one[0].booked
        assert len(booked) == (0 if day < check_in else 1)
    # The room types and the rooms booked over the stay are one read (one round trip on PostgreSQL).
    reads: list[Any] = []
    rows, inline = db.reads.rows, db.reads.inline
    db.reads.rows = lambda *args: reads.append(args) or rows(*args)  # type: ignore[method-assign]
    db.reads.inline = lambda *args: reads.append(args) or inline(*args)  # type: ignore[method-assign]
    await simulator.inventory(check_in, check_in + timedelta(days=1), None)
    assert len(reads) == 1


async def test_an_error_is_sqlalchemys(db: Database) -> None:
    missing = select(table("no_such_table", column("x")))
    async with db.reader() as connection:
        with pytest.raises(DBAPIError, match="no_such_table"):
            await db.reads.rows(connection, missing, {})
    async with db.reader() as connection:  # the reader after it works
        assert await db.reads.rows(connection, select(table("inbound_messages", column("id"))), {}) == []


async def test_an_error_through_read_is_sqlalchemys(db: Database) -> None:
    with pytest.raises(DBAPIError, match="no_such_table"):
        await db.read(select(table("no_such_table", column("x"))), {})
    assert await db.read(select(table("inbound_messages", column("id"))), {}) == []


async def _hops(db: Database, read: Callable[[], Awaitable[Any]]) -> tuple[Any, int]:
    """`read`'s answer and how many calls it made on aiosqlite's connection threads."""
    import aiosqlite

    calls = 0
    stock = aiosqlite.Connection._execute

    async def counted(self: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return await stock(self, fn, *args, **kwargs)

    aiosqlite.Connection._execute = counted  # type: ignore[method-assign]
    try:
        return await read(), calls
    finally:
        aiosqlite.Connection._execute = stock  # type: ignore[method-assign]


async def test_sqlite_reads_inline_on_the_event_loop_and_answer_the_same(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/inline.db"
    await asyncio.to_thread(upgrade, url)
    db = Database(url)
    store, simulator = ConversationStore(db), PMSSimulator(db)
    try:
        async with db.transaction() as session:
            await store.stage_state(session, "chat:a", {"step": "dates", "ñ": [1, 2.5, None]})
        await simulator.inventory(date.today(), date.today() + timedelta(days=2), None)  # seeds, reads rooms
        # No hop to a reader connection's thread: read right here.
        assert await _hops(db, lambda: store.turn_context("chat:a")) == (
            (False, {"step": "dates", "ñ": [1, 2.5, None]}),
            0,
        )
        inventory, hops = await _hops(
            db, lambda: simulator.inventory(date.today(), date.today() + timedelta(days=2), None)
        )
        assert hops == 0 and len(inventory) > 1
        # What a reader connection answers (db._inline_path None: no inline reads).
        path, db._inline_path = db._inline_path, None
        db.close_inline_reader()
        try:
            assert await _hops(db, lambda: store.turn_context("chat:a")) == (
                (False, {"step": "dates", "ñ": [1, 2.5, None]}),
                1,
            )
            assert (
                await simulator.inventory(date.today(), date.today() + timedelta(days=2), None) == inventory
            )
        finally:
            db._inline_path = path
    finally:
        await db.dispose()


async def test_a_sqlite_read_that_cannot_be_read_inline_is_read_on_a_reader(tmp_path: Path) -> None:
    """The inline connection never waits for a lock (no busy timeout: SQLITE_BUSY at once, no busy handler
    sleeping on the event loop); a read it cannot do (locked, any error) is read on a reader connection."""
    import sqlite3

    url = f"sqlite+aiosqlite:///{tmp_path}/locked.db"
    await asyncio.to_thread(upgrade, url)
    db = Database(url)
    store = ConversationStore(db)
    try:
        async with db.transaction() as session:
            await store.stage_state(session, "chat:a", {"n": 1})
        assert await _hops(db, lambda: store.turn_context("chat:a")) == ((False, {"n": 1}), 0)
        inline = db._inline
        assert inline is not None
        assert inline.execute("PRAGMA busy_timeout").fetchone() == (0,)

        class Locked:
            def cursor(self) -> Any:
                raise sqlite3.OperationalError("database is locked")

        db._inline = Locked()  # type: ignore[assignment]
        try:
            assert await store.turn_context("chat:a") == (False, {"n": 1})  # opens a reader connection
            # One call on the (kept) reader connection's thread.
            assert await _hops(db, lambda: store.turn_context("chat:a")) == ((False, {"n": 1}), 1)
        finally:
            db._inline = inline
    finally:
        await db.dispose()
