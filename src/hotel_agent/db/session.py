"""Async engine and sessions for SQLite (embedded default) and PostgreSQL (asyncpg).

SQLite has one writer, so it gets one writer connection: every `transaction()` queues on an asyncio lock for
it and starts with BEGIN IMMEDIATE, so within a process no two writers ever meet at the file and the busy
timeout only matters when a second process (a `hotel-agent worker` on the same file) writes. Reads
(`session()`) use their own pool of connections, which WAL lets run while the writer writes.
PostgreSQL: one pool sized from the work a process runs at once, no pre-ping on each checkout.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase

# Reads and writes that may wait on another process's write lock before failing.
SQLITE_BUSY_TIMEOUT_SECONDS = 30
SQLITE_READ_CONNECTIONS = 8
# PostgreSQL connections beyond the worker's concurrency: the API's reads, health checks, the DLQ worker.
POSTGRES_SPARE_CONNECTIONS = 8


class Database:
    def __init__(self, url: str, *, concurrency: int = 32) -> None:
        self.url = url
        self.is_sqlite = make_url(url).get_backend_name() == "sqlite"
        ensure_sqlite_directory(url)
        self._write_lock: asyncio.Lock | None = None
        # When the last write failed (None: the last write went through); /health/ready reports it.
        self.last_write_error: str | None = None
        if self.is_sqlite:
            connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}
            self.engine: AsyncEngine = create_async_engine(
                url, pool_size=1, max_overflow=0, connect_args=connect_args
            )
            event.listen(self.engine.sync_engine, "connect", _sqlite_writer_connect)
            event.listen(self.engine.sync_engine, "begin", _sqlite_begin_immediate)
            self.read_engine: AsyncEngine = create_async_engine(
                url, pool_size=SQLITE_READ_CONNECTIONS, max_overflow=0, connect_args=connect_args
            )
            event.listen(self.read_engine.sync_engine, "connect", _sqlite_pragmas)
            self._write_lock = asyncio.Lock()
        else:
            self.engine = create_async_engine(
                url,
                pool_size=concurrency + POSTGRES_SPARE_CONNECTIONS,
                max_overflow=POSTGRES_SPARE_CONNECTIONS,
                pool_pre_ping=False,
                pool_recycle=1800,
            )
            self.read_engine = self.engine
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        self.read_sessionmaker = async_sessionmaker(self.read_engine, expire_on_commit=False)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """For reads: on SQLite a reader connection, never the writer."""
        async with self.read_sessionmaker() as session:
            yield session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One committed transaction (rolled back on an exception). Keep it short: on SQLite every other
        write waits for it."""
        lock = self._write_lock if self._write_lock is not None else contextlib.nullcontext()
        async with lock, self._recording_failures(), self.sessionmaker() as session, session.begin():
            yield session

    @asynccontextmanager
    async def _recording_failures(self) -> AsyncIterator[None]:
        from sqlalchemy.exc import DBAPIError, IntegrityError

        try:
            yield
        except IntegrityError:
            raise  # the data's fault, not the database's
        except DBAPIError as exc:
            self.last_write_error = f"{type(exc.orig).__name__} at {time.strftime('%H:%M:%S')}"
            raise
        else:
            self.last_write_error = None

    async def ping(self) -> None:
        async with self.read_engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def check_writes(self, timeout: float) -> None:
        """Raise unless a write transaction can start within `timeout` seconds (the writer is not stuck)."""
        async with asyncio.timeout(timeout):
            async with self.transaction() as session:
                await session.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()


def dialect_insert(session: AsyncSession, model: type[DeclarativeBase]) -> postgresql.Insert | sqlite.Insert:
    """The dialect's INSERT, which has ON CONFLICT DO NOTHING / DO UPDATE on PostgreSQL and SQLite alike."""
    if session.bind.dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def ensure_sqlite_directory(url: str) -> None:
    """SQLite creates the file but not its folder (./var on a fresh clone)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_writer_connect(dbapi_connection: object, record: object) -> None:
    _sqlite_pragmas(dbapi_connection, record)
    # The driver's own implicit BEGIN would take the write lock only at the first write (a deferred
    # transaction can then fail to upgrade); `_sqlite_begin_immediate` takes it up front instead.
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]


def _sqlite_begin_immediate(connection: object) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")  # type: ignore[attr-defined]
