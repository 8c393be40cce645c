"""Async engine and sessions for SQLite (embedded default) and PostgreSQL (asyncpg).

SQLite has one writer, so it gets one writer connection (`GroupWriter`, which keeps it checked out: every
write goes through `transaction()` or `write_in_one_call()`, never the engine): every `transaction()` queues for it,
and the transactions that queued while one ran are run next in the same database transaction (BEGIN
IMMEDIATE), each in its own SAVEPOINT, and made durable by one COMMIT (group commit): a transaction's
`async with` returns only after that COMMIT, one transaction's failure rolls back only its own savepoint, and
one fsync serves the whole group instead of one each. Within a process no two writers ever meet at the file;
the busy timeout only matters when a second process (a `hotel-agent worker` on the same file) writes. Reads
(`session()`) use their own pool of connections, which WAL lets run while the writer writes.
PostgreSQL: one pool sized from the work a process runs at once, no pre-ping on each checkout.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import Executable, Row, Select, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase

from hotel_agent.db.prepared import PreparedReads
from hotel_agent.db.sqlite_driver import one_hop_dbapi

_T = TypeVar("_T")

# Reads and writes that may wait on another process's write lock before failing.
SQLITE_BUSY_TIMEOUT_SECONDS = 30
SQLITE_READ_CONNECTIONS = 8
# PostgreSQL connections beyond the worker's concurrency: the API's reads, health checks, the DLQ worker.
POSTGRES_SPARE_CONNECTIONS = 8
# PostgreSQL readers kept between uses at most (more at once come from the pool and go back to it): kept ones
# hold their pool slots while idle, and the server's connections are shared with every other process.
KEPT_READERS = 8
# Recycled like the pool's own connections (PostgreSQL's pool_recycle): a kept reader older than this is
# given back instead of reused.
RECYCLE_SECONDS = 1800
# A SQLite group commits after this many transactions or this long after it began, whichever comes first.
GROUP_MAX_TRANSACTIONS = 64
GROUP_MAX_SECONDS = 0.025


class Database:
    def __init__(self, url: str, *, concurrency: int = 32) -> None:
        self.url = url
        self.is_sqlite = make_url(url).get_backend_name() == "sqlite"
        ensure_sqlite_directory(url)
        self._writer: GroupWriter | None = None
        # `reader()`'s connections, kept checked out between uses with the time each was opened: a checkout
        # and return through the pool (events, reset, isolation level switched and restored, a task for the
        # close) cost more CPU than the hot path's statement itself. At most this many wait here (KEPT_READERS);
        # on SQLite half the reader pool, so that ORM reads (`session()`) always find connections.
        self._idle_readers: list[tuple[AsyncConnection, float]] = []
        self._max_idle_readers = (
            SQLITE_READ_CONNECTIONS // 2 if self.is_sqlite else min(concurrency, KEPT_READERS)
        )
        # SQLite's inline reads (`read_all`): a file database's path, its connection once opened.
        self._inline_path = _sqlite_file(url) if self.is_sqlite else None
        self._inline: sqlite3.Connection | None = None
        # When the last write failed (None: the last write went through); /health/ready reports it.
        self.last_write_error: str | None = None
        if self.is_sqlite:
            connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}
            # One thread hop per statement instead of three or four (sqlite_driver.py)
            module = {"module": dbapi} if (dbapi := one_hop_dbapi()) is not None else {}
            self.engine: AsyncEngine = create_async_engine(
                url, pool_size=1, max_overflow=0, connect_args=connect_args, **module
            )
            event.listen(self.engine.sync_engine, "connect", _sqlite_writer_connect)
            event.listen(self.engine.sync_engine, "begin", self._sqlite_begin)
            self.read_engine: AsyncEngine = create_async_engine(
                url, pool_size=SQLITE_READ_CONNECTIONS, max_overflow=0, connect_args=connect_args, **module
            )
            event.listen(self.read_engine.sync_engine, "connect", _sqlite_pragmas)
        else:
            self.engine = create_async_engine(
                url,
                pool_size=concurrency + POSTGRES_SPARE_CONNECTIONS,
                max_overflow=POSTGRES_SPARE_CONNECTIONS,
                pool_pre_ping=False,
                pool_recycle=RECYCLE_SECONDS,
            )
            self.read_engine = self.engine
        # The hot path's prebuilt SELECTs as one driver call each on a `reader()` connection (prepared.py).
        self.reads = PreparedReads(self.read_engine.dialect, self.is_sqlite)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        self.read_sessionmaker = async_sessionmaker(self.read_engine, expire_on_commit=False)
        if self.is_sqlite:
            self._writer = GroupWriter(self.engine, self._record_write)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """For reads: on SQLite a reader connection, never the writer."""
        async with self.read_sessionmaker() as session:
            yield session

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[AsyncConnection]:
        """For the hot path's reads (Core statements, no ORM session): on SQLite a reader connection, never
        the writer; on PostgreSQL in autocommit, so a read is one round trip (no BEGIN, no ROLLBACK). The
        connection is kept for the next caller rather than returned to the pool; one whose block raised is
        returned (the pool's reset cleans it, or it was invalidated)."""
        connection, opened = await self._take_reader()
        try:
            yield connection
            if connection.in_transaction():
                # Ends SQLAlchemy's own autobegun transaction: no round trip (autocommit on PostgreSQL; on
                # SQLite a read opens none and the driver skips an idle rollback).
                await connection.rollback()
        except BaseException:
            await connection.close()
            raise
        if (
            len(self._idle_readers) < self._max_idle_readers
            and not connection.closed
            and not connection.invalidated
        ):
            self._idle_readers.append((connection, opened))
        else:
            await connection.close()

    async def read(self, statement: Select[Any], params: Mapping[str, Any]) -> Sequence[Any]:
        """A prebuilt SELECT's rows (`db/prepared.py`; named tuples): see `read_all`."""
        [rows] = await self.read_all(((statement, params),))
        return rows

    async def read_all(self, reads: Sequence[tuple[Select[Any], Mapping[str, Any]]]) -> list[Sequence[Any]]:
        """The hot path's prebuilt SELECTs, each one driver call (`db/prepared.py`), each its own snapshot.

        SQLite: read right on the event loop, on a connection of its own without a busy timeout: in WAL a
        reader does not wait for the writer, and a few indexed pages from the OS cache cost microseconds,
        less than the hop to a reader connection's thread and back. Anything that cannot be read so (a lock in
        the way, an error) is read the usual way; PostgreSQL: on one `reader()` connection."""
        inline = self._inline_reader()
        if inline is not None:
            found = [self.reads.inline(inline, statement, params) for statement, params in reads]
            if all(rows is not None for rows in found):
                return cast(list[Sequence[Any]], found)
        async with self.reader() as connection:
            return [await self.reads.rows(connection, statement, params) for statement, params in reads]

    def _inline_reader(self) -> sqlite3.Connection | None:
        connection = self._inline
        if connection is None and self._inline_path is not None and self.reads.enabled:
            try:
                # timeout=0: SQLITE_BUSY at once instead of the busy handler sleeping on the event loop.
                connection = sqlite3.connect(
                    self._inline_path, timeout=0, isolation_level=None, check_same_thread=False
                )
                connection.execute("PRAGMA query_only=ON")
            except sqlite3.Error:
                return None  # not now (a lock while opening): the usual way, and try again next time
            self._inline = connection
        return connection

    def close_inline_reader(self) -> None:
        if self._inline is not None:
            self._inline.close()
            self._inline = None

    async def _take_reader(self) -> tuple[AsyncConnection, float]:
        now = time.monotonic()
        while self._idle_readers:
            connection, opened = self._idle_readers.pop()
            if now - opened < RECYCLE_SECONDS:
                return connection, opened
            await connection.close()
        connection = await self.read_engine.connect()
        if not self.is_sqlite:
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        return connection, now

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One committed transaction (rolled back on an exception): when the block ends, what it wrote is
        durable. Keep it short: on SQLite every other write waits for it (first come, first served: letting
        intake go first starved the worker, and the inbox lag of a 100 msg/s burst went from 0 to 13 s)."""
        if self._writer is not None:
            async with self._writer.transaction() as session:
                yield session
            return
        async with self._recording_failures(), self.sessionmaker() as session, session.begin():
            yield session

    async def execute_alone(
        self, statement: Executable, rows: list[dict[str, Any]], ready: Callable[[], None] = lambda: None
    ) -> list[Row[Any]]:
        """One statement that is its own transaction (committed, durable, when this returns), with its
        result rows; `ready` is called just before it runs (on SQLite once the writer is ours). PostgreSQL:
        in autocommit, one round trip instead of three (BEGIN, the statement, COMMIT) while one statement
        covers the rows; SQLite: a `transaction()`."""
        if self._writer is None and len(rows) <= self.engine.dialect.insertmanyvalues_page_size:
            # reader(): a connection in autocommit (on PostgreSQL the read engine is this engine)
            async with self._recording_failures(), self.reader() as autocommit:
                ready()
                return list((await autocommit.execute(statement, rows)).all())
        async with self.transaction() as session:
            ready()
            return list((await session.execute(statement, rows)).all())

    async def fetch_alone(self, sql: str, args: Sequence[Any] | Callable[[], Sequence[Any]]) -> list[Any]:
        """PostgreSQL: one statement compiled for this engine's dialect (`prepared.prepare_write`), run as one
        asyncpg call in autocommit on a `reader()` connection: its own transaction, committed when this returns;
        its rows. A driver error is raised as SQLAlchemy raises it (IntegrityError, OperationalError, ...).
        `args` may be a function, called once the connection is ours (just before the statement runs)."""
        if self.is_sqlite:
            raise RuntimeError("fetch_alone is PostgreSQL's (SQLite: write_in_one_call)")
        async with self._recording_failures(), self.reader() as connection:
            adapted: Any = connection.sync_connection.connection.dbapi_connection  # type: ignore[union-attr]
            if callable(args):
                args = args()
            try:
                return list(await adapted._connection.fetch(sql, *args))
            except Exception as error:
                raise _as_sqlalchemy(adapted, sql, args, error) from error

    def _sqlite_begin(self, connection: object) -> None:
        if self._writer is not None and self._writer.begin_in_call:
            self._writer.begin_in_call = False  # sent by GroupWriter.call with its work
            return
        _sqlite_begin_immediate(connection)

    async def write_in_one_call(
        self, work: Callable[[sqlite3.Connection], _T], ready: Callable[[], None] = lambda: None
    ) -> _T:
        """SQLite: `work` on the writer's thread in one call, a transaction of its own in the group commit
        (`GroupWriter.call`); committed, durable, when this returns. `ready` is called on the event loop once
        the writer is this write's, just before `work` is sent to its thread."""
        if self._writer is None:
            raise RuntimeError("write_in_one_call is SQLite's (PostgreSQL: execute_alone)")
        return await self._writer.call(work, ready)

    def _record_write(self, error: BaseException | None) -> None:
        from sqlalchemy.exc import IntegrityError

        if error is None:
            self.last_write_error = None
        elif isinstance(error, DBAPIError) and not isinstance(error, IntegrityError):
            self.last_write_error = f"{type(error.orig).__name__} at {time.strftime('%H:%M:%S')}"

    @asynccontextmanager
    async def _recording_failures(self) -> AsyncIterator[None]:
        from sqlalchemy.exc import IntegrityError

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
        """Raise TimeoutError unless a write transaction can start within `timeout` seconds (the writer is not
        stuck). The probe is not awaited past the timeout: cancelling it can block in SQLite's busy handler until
        the lock's holder lets go, and the answer must not wait for that."""

        async def probe() -> None:
            async with self.transaction() as session:
                await session.execute(text("SELECT 1"))

        task = asyncio.create_task(probe())
        done, _ = await asyncio.wait({task}, timeout=timeout)
        if task in done:
            task.result()
            return
        task.cancel()
        _abandoned_probes.add(task)
        task.add_done_callback(_forget_probe)
        raise TimeoutError(f"no write transaction could start within {timeout} s")

    async def dispose(self) -> None:
        if self._writer is not None:
            await self._writer.wait_committed()
        self.close_inline_reader()
        idle, self._idle_readers = self._idle_readers, []
        for connection, _ in idle:
            await connection.close()
        await self.engine.dispose()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()


# Write probes given up on by check_writes, kept referenced until their cancellation ends.
_abandoned_probes: set[asyncio.Task[None]] = set()


def _forget_probe(task: asyncio.Task[None]) -> None:
    _abandoned_probes.discard(task)
    if not task.cancelled():
        task.exception()  # retrieved: a probe that failed after it was given up on is not an unhandled error


@dataclass(eq=False)
class _Group:
    """Transactions run one after another in one database transaction, committed together."""

    session: AsyncSession
    began: float
    committed: asyncio.Future[None]
    done: int = 0  # transactions that ran to their end (their writes are in)
    broken: BaseException | None = None  # a savepoint could not be rolled back: the group is lost
    units: list[asyncio.Future[None]] = field(default_factory=list)

    def enlist(self, loop: asyncio.AbstractEventLoop) -> asyncio.Future[None]:
        """Count a transaction that ran to its end; the future it waits on until the group's COMMIT returns."""
        self.done += 1
        unit = loop.create_future()
        unit.add_done_callback(_retrieve)
        self.units.append(unit)
        return unit


class GroupWriter:
    """SQLite's one writer connection, shared by group commit.

    A transaction takes the writer when it is free; transactions arriving meanwhile queue, first come first
    served. When a transaction's block ends, the writer passes to the next in the queue inside the
    same database transaction, which runs its block in a SAVEPOINT (rolled back alone if it raises); when
    nobody waits, or the group is large or old enough, one COMMIT ends the group and every transaction in it
    returns. A COMMIT that fails fails every transaction of its group (none of them is durable)."""

    def __init__(
        self,
        engine: AsyncEngine,
        record: Callable[[BaseException | None], None],
    ) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._record = record
        self._held = False
        self._queued: deque[asyncio.Future[_Group | None]] = deque()
        self._committing: set[asyncio.Task[None]] = set()
        # Set while `call` starts the group's transaction: the engine's "begin" event leaves BEGIN to it.
        self.begin_in_call = False

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        group = await self._acquire()
        loop = asyncio.get_running_loop()
        if group is None:
            group = _Group(await self._session(), loop.time(), loop.create_future())
            group.committed.add_done_callback(_retrieve)
        session = group.session
        mine: asyncio.Future[None] | None = None
        try:
            if group.done == 0:
                # First in its group: its failure rolls back the whole (so far empty) transaction.
                try:
                    yield session
                    await session.flush()
                except BaseException as exc:
                    self._record(exc)
                    await self._roll_back(group, session.rollback)
                    raise
            else:
                nested = await session.begin_nested()
                try:
                    yield session
                    await nested.commit()
                except BaseException as exc:
                    self._record(exc)
                    # Also when a failed flush already rolled the SAVEPOINT back (the transaction is then
                    # inactive but still current): this closes it and the group's transaction goes on.
                    await self._roll_back(group, nested.rollback)
                    raise
            mine = group.enlist(loop)
        finally:
            self._pass_on(group, loop)
        await asyncio.shield(mine)  # durable once the group's COMMIT returns

    async def call(
        self, work: Callable[[sqlite3.Connection], _T], ready: Callable[[], None] = lambda: None
    ) -> _T:
        """`work` run on the writer connection's own thread in ONE call, inside the group's transaction and a
        SAVEPOINT of its own (rolled back alone if `work` raises), durable when this returns; its result.

        What `transaction()` does for an ORM block, without SQLAlchemy's execution around each statement and
        a thread hop for each statement, the SAVEPOINT and its RELEASE: a turn's write is one hop here.
        `work` gets the driver's sqlite3 connection and only runs statements on it (no COMMIT, no ROLLBACK);
        `ready` runs on the event loop once the writer is this call's, just before `work` goes to its thread."""
        group = await self._acquire()
        loop = asyncio.get_running_loop()
        if group is None:
            group = _Group(await self._session(), loop.time(), loop.create_future())
            group.committed.add_done_callback(_retrieve)
        mine: asyncio.Future[None] | None = None
        try:
            # Starting the group's transaction: its BEGIN IMMEDIATE goes in the same call as the work (one
            # hop, not two); the engine's "begin" event, which would send it, lets it through.
            begin = not group.session.in_transaction()
            self.begin_in_call = begin
            try:
                driver = _driver(await group.session.connection())
                ready()
            except BaseException as exc:  # as `transaction()`'s block failing before it wrote anything
                self._record(exc)
                if group.done == 0:
                    await self._roll_back(group, group.session.rollback)
                raise
            finally:
                self.begin_in_call = False
            result = await self._run(group, driver, work, begin)
            mine = group.enlist(loop)
        finally:
            self._pass_on(group, loop)
        await asyncio.shield(mine)  # durable once the group's COMMIT returns
        return result

    async def _run(
        self, group: _Group, driver: Any, work: Callable[[sqlite3.Connection], _T], begin: bool
    ) -> _T:
        released: list[bool] = []  # [True] once `work`'s savepoint is released (on the writer's thread)
        try:
            result: _T = await driver._execute(_in_savepoint, driver._conn, work, released, begin)
        except asyncio.CancelledError:
            # The call may still run on the writer's thread: wait for it (a call queued behind it) to know
            # whether this write is in the group's transaction. If it is, it commits with the group, as if
            # the cancellation had come a moment later. Cancelled again: the group is given up.
            try:
                await driver._execute(bool)
            except BaseException as exc:
                group.broken = group.broken or exc
                raise
            if released:
                group.done += 1
            elif begin:
                await self._roll_back(group, group.session.rollback)
            raise
        except _SavepointLost as lost:
            group.broken = lost.__cause__ or lost
            self._record(group.broken)
            raise group.broken from None
        except BaseException as exc:
            self._record(exc)
            if begin:
                # This call opened the group's transaction (or failed to: a lock another process held past
                # the busy timeout): end it, so that the next write in the group begins its own.
                await self._roll_back(group, group.session.rollback)
            raise
        return result

    async def _session(self) -> AsyncSession:
        """A new group's session, on the writer connection kept checked out between groups (a pool checkout
        and return per group, with its events and reset, cost more CPU than a turn's write); a connection that
        was invalidated or closed is given back and another taken."""
        connection = self._connection
        if connection is None or connection.closed or connection.invalidated:
            if connection is not None:
                with contextlib.suppress(Exception):
                    await connection.close()
            connection = self._connection = await self._engine.connect()
        # Bound to a connection with no transaction open: the session begins it, and commits or rolls it back.
        return AsyncSession(bind=connection, expire_on_commit=False)

    async def wait_committed(self, timeout: float = 10.0) -> None:
        """Let the group commits under way finish and give the writer connection back (before the engine is
        disposed)."""
        if self._committing:
            await asyncio.wait(set(self._committing), timeout=timeout)
        if self._connection is not None and not self._held:
            connection, self._connection = self._connection, None
            with contextlib.suppress(Exception):
                await connection.close()

    async def _roll_back(self, group: _Group, rollback: Callable[[], Awaitable[None]]) -> None:
        try:
            await rollback()
        except BaseException as exc:
            group.broken = exc
            raise

    async def _acquire(self) -> _Group | None:
        """The group to join (None: start one) once this transaction's turn has come."""
        if not self._held:
            self._held = True
            return None
        turn: asyncio.Future[_Group | None] = asyncio.get_running_loop().create_future()
        self._queued.append(turn)
        try:
            return await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                # Given the writer, then cancelled before using it: pass it on.
                handed = turn.result()
                if handed is None:
                    self._next_or_free(None)
                else:
                    self._pass_on(handed, asyncio.get_running_loop())
            raise

    def _next(self) -> asyncio.Future[_Group | None] | None:
        while self._queued:
            turn = self._queued.popleft()
            if not turn.done():
                return turn
        return None

    def _next_or_free(self, group: _Group | None) -> None:
        turn = self._next()
        if turn is None:
            self._held = False
        else:
            turn.set_result(group)

    def _pass_on(self, group: _Group, loop: asyncio.AbstractEventLoop) -> None:
        """After a transaction's block: the next one joins the group, or the group commits."""
        if (
            group.broken is None
            and group.done < GROUP_MAX_TRANSACTIONS
            and loop.time() - group.began < GROUP_MAX_SECONDS
        ):
            turn = self._next()
            if turn is not None:
                turn.set_result(group)
                return
        task = loop.create_task(self._commit(group), name="sqlite-group-commit")
        self._committing.add(task)
        task.add_done_callback(self._committing.discard)

    async def _commit(self, group: _Group) -> None:
        error: BaseException | None = group.broken
        try:
            if error is None and group.done:
                await group.session.commit()
        except BaseException as exc:
            error = exc
        finally:
            try:
                await group.session.close()
            except Exception as exc:
                error = error or exc
            self._record(error)
            for unit in group.units:
                if error is None:
                    unit.set_result(None)
                else:
                    unit.set_exception(error)
            group.committed.set_result(None)
            self._next_or_free(None)


class _SavepointLost(Exception):
    """A unit's SAVEPOINT could not be rolled back (SQLite may have rolled the whole transaction back): the
    group's transaction is lost; the cause is the error."""


def _in_savepoint(
    connection: sqlite3.Connection, work: Callable[[sqlite3.Connection], _T], done: list[bool], begin: bool
) -> _T:
    """On the writer's thread: `work` in a SAVEPOINT, released on success, rolled back on an error; first the
    group's BEGIN IMMEDIATE when `begin`."""
    if begin:
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:  # as SQLAlchemy raises it from the "begin" event
            raise DBAPIError.instance("BEGIN IMMEDIATE", (), error, sqlite3.Error) from error
    connection.execute("SAVEPOINT unit")
    try:
        result = work(connection)
    except BaseException:
        try:
            connection.execute("ROLLBACK TO unit")
            connection.execute("RELEASE unit")
        except BaseException as lost:
            raise _SavepointLost() from lost
        raise
    connection.execute("RELEASE unit")
    done.append(True)
    return result


def _driver(connection: AsyncConnection) -> Any:
    """aiosqlite's connection under a checked-out SQLAlchemy connection (sqlite_driver.available() holds)."""
    adapted: Any = connection.sync_connection.connection.dbapi_connection  # type: ignore[union-attr]
    return adapted._connection


def _as_sqlalchemy(adapted: Any, sql: str, args: Sequence[Any], error: Exception) -> BaseException:
    """An asyncpg error as SQLAlchemy raises it: translated by its asyncpg adaptation, wrapped by its type."""
    try:
        adapted._handle_exception(error)  # raises the adaptation's DBAPI error
    except Exception as translated:
        dbapi_error = getattr(adapted.dbapi, "Error", Exception)
        if isinstance(translated, dbapi_error):
            return DBAPIError.instance(sql, args, translated, dbapi_error)
        return translated
    return error


def _retrieve(future: asyncio.Future[None]) -> None:
    if not future.cancelled():
        future.exception()


def dialect_insert(session: AsyncSession, model: type[DeclarativeBase]) -> postgresql.Insert | sqlite.Insert:
    """The dialect's INSERT, which has ON CONFLICT DO NOTHING / DO UPDATE on PostgreSQL and SQLite alike."""
    if session.bind.dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def _sqlite_file(url: str) -> str | None:
    """The file of a SQLite URL naming a plain file (no in-memory database, no URI options), else None."""
    parsed = make_url(url)
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:") or parsed.query:
        return None
    return database


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
