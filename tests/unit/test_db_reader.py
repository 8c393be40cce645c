"""`Database.reader()` keeps its connections between uses (a pool checkout and return cost more CPU than a hot
read): the next read gets the same connection, a block that raised gives its connection back, PostgreSQL's
readers stay in autocommit, and dispose closes what is kept."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from hotel_agent.db import session as db_session
from hotel_agent.db.session import Database


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(request: pytest.FixtureRequest, sqlite_url: str) -> AsyncIterator[Database]:
    url = sqlite_url if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    database = Database(url, concurrency=2)
    yield database
    await database.dispose()


async def test_the_next_read_reuses_the_connection(db: Database) -> None:
    async with db.reader() as first:
        assert (await first.execute(text("SELECT 1"))).scalar() == 1
    async with db.reader() as second:
        assert (await second.execute(text("SELECT 2"))).scalar() == 2
        assert not second.closed
    assert second is first


async def test_readers_in_use_at_once_are_different_connections(db: Database) -> None:
    async with db.reader() as one, db.reader() as two:
        assert one is not two
        await one.execute(text("SELECT 1"))
        await two.execute(text("SELECT 1"))


async def test_a_block_that_raised_gives_its_connection_back(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.reader() as failed:
            await failed.execute(text("SELECT 1"))
            raise RuntimeError("the caller's own error")
    assert failed.closed
    async with db.reader() as next_one:
        assert next_one is not failed
        assert (await next_one.execute(text("SELECT 3"))).scalar() == 3


async def test_a_failed_statement_does_not_leave_a_broken_connection(db: Database) -> None:
    with pytest.raises(Exception, match="no_such_table"):
        async with db.reader() as connection:
            await connection.execute(text("SELECT * FROM no_such_table"))
    async with db.reader() as connection:
        assert (await connection.execute(text("SELECT 4"))).scalar() == 4


async def test_postgres_readers_run_in_autocommit(db: Database) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite's readers only read")
    for _ in range(2):  # the kept connections too
        async with db.reader() as one, db.reader() as other:
            assert one.sync_connection is not None
            assert one.sync_connection.get_execution_options()["isolation_level"] == "AUTOCOMMIT"
            await one.execute(text("SELECT 1"))
            # The read sent no BEGIN: no transaction stays open on the server after it.
            open_transactions = await other.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND state LIKE 'idle in%'"
                )
            )
            assert open_transactions == 0


async def test_at_most_the_limit_is_kept_and_dispose_closes_them(db: Database) -> None:
    limit = db._max_idle_readers
    async with contextlib.AsyncExitStack() as stack:
        connections = [await stack.enter_async_context(db.reader()) for _ in range(limit + 2)]
    kept = [connection for connection, _ in db._idle_readers]
    assert len(kept) == limit
    assert all(connection.closed for connection in connections if connection not in kept)
    await db.dispose()
    assert all(connection.closed for connection in kept)
    assert db._idle_readers == []


async def test_a_connection_kept_past_the_recycle_time_is_replaced(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with db.reader() as old:
        await old.execute(text("SELECT 1"))
    monkeypatch.setattr(db_session, "RECYCLE_SECONDS", 0)
    async with db.reader() as new:
        assert new is not old
    assert old.closed
