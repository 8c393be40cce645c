"""SQLite through aiosqlite with one thread hop per statement (db/sqlite_driver.py): every statement shape
SQLAlchemy uses still works, errors are the DBAPI's, and a statement is one call on the connection's thread."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from hotel_agent.db.session import Database
from hotel_agent.db.sqlite_driver import OneHopConnection, available


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'one-hop.db'}")
    async with database.transaction() as session:
        await session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
    yield database
    await database.dispose()


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the functions run on aiosqlite's threads, in order."""
    calls: list[str] = []
    real = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        calls.append(getattr(fn, "__name__", repr(fn)))
        return await real(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return calls


def test_this_aiosqlite_has_what_the_one_hop_cursor_uses() -> None:
    assert available()  # else the engines fall back to the stock adaptation, and these figures are lost


async def test_engines_use_the_one_hop_connection(db: Database) -> None:
    # The writer's one connection stays with the group writer between groups: reach it through a transaction.
    async with db.transaction() as session:
        raw = await (await session.connection()).get_raw_connection()
        assert isinstance(raw.dbapi_connection, OneHopConnection)
    async with db.read_engine.connect() as connection:
        raw = await connection.get_raw_connection()
        assert isinstance(raw.dbapi_connection, OneHopConnection)


async def test_a_read_is_one_call_on_the_connection_thread(db: Database, hops: list[str]) -> None:
    async with db.read_engine.connect() as connection:
        await connection.execute(text("SELECT 1"))  # the first use of a pooled connection sets it up
    hops.clear()
    async with db.read_engine.connect() as connection:
        assert (await connection.execute(text("SELECT 41 + 1"))).scalar() == 42
    assert hops == ["_run"]  # no cursor/fetch/close calls, and no rollback of a connection that only read


async def test_writes_rowcounts_returning_and_executemany(db: Database) -> None:
    async with db.transaction() as session:
        inserted = await session.execute(
            text("INSERT INTO t (name) VALUES (:name) RETURNING id, name"), {"name": "a"}
        )
        assert inserted.all() == [(1, "a")]
        await session.execute(text("INSERT INTO t (name) VALUES (:name)"), [{"name": "b"}, {"name": "c"}])
        updated = await session.execute(text("UPDATE t SET name = name || '!' WHERE id > 1"))
        assert updated.rowcount == 2  # type: ignore[attr-defined]
    async with db.read_engine.connect() as connection:
        rows = (await connection.execute(text("SELECT id, name FROM t ORDER BY id"))).all()
    assert [tuple(r) for r in rows] == [(1, "a"), (2, "b!"), (3, "c!")]


async def test_an_error_is_the_dbapi_error_and_rolls_back(db: Database) -> None:
    with pytest.raises(IntegrityError):
        async with db.transaction() as session:
            await session.execute(text("INSERT INTO t (name) VALUES ('x')"))
            await session.execute(text("INSERT INTO t (name) VALUES ('x')"))
    async with db.read_engine.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM t"))).scalar() == 0
    async with db.transaction() as session:  # the writer is usable again
        await session.execute(text("INSERT INTO t (name) VALUES ('x')"))
    async with db.read_engine.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM t"))).scalar() == 1
