"""aiosqlite for SQLAlchemy with one thread hop per statement.

aiosqlite runs each connection's calls on a thread of its own; every call is a hop there and back (a queue
put, a thread wake-up, a `call_soon_threadsafe` that wakes the event loop). SQLAlchemy's adaptation makes
four of them per SELECT (cursor, execute, fetchall, close) and three per write, and one more for the
rollback every pooled connection gets when it is returned, open transaction or not. Profiles of a chat turn
put these hops at a tenth of its CPU time. Here a statement is one call on the connection's thread
(cursor, execute, fetch, close together), and a commit or rollback with no transaction open is no call.

Plugged in as the engine's DBAPI module (`create_async_engine(url, module=ONE_HOP_DBAPI)`): the dialect, the
URL and everything SQLAlchemy does above the cursor stay the stock `sqlite+aiosqlite` ones. It reaches into
aiosqlite's `Connection._execute` (present since aiosqlite 0.11; `available()` checks), so an aiosqlite
without it falls back to the stock adaptation.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Sequence
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)

# description, rows, lastrowid, rowcount (what the stock cursor copies from sqlite3's)
_Result = tuple[Any, list[Any] | None, Any, int]


def _run(connection: sqlite3.Connection, operation: str, parameters: Any) -> _Result:
    """On the connection's thread: the whole statement, rows fetched."""
    cursor = connection.cursor()
    try:
        if parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        if cursor.description:
            return cursor.description, cursor.fetchall(), -1, -1
        return None, None, cursor.lastrowid, cursor.rowcount
    finally:
        cursor.close()


def _run_many(connection: sqlite3.Connection, operation: str, parameters: Sequence[Any]) -> _Result:
    cursor = connection.cursor()
    try:
        cursor.executemany(operation, parameters)
        return None, None, cursor.lastrowid, cursor.rowcount
    finally:
        cursor.close()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        connection = self._connection
        try:
            result: _Result = self.await_(connection._execute(_run, connection._conn, operation, parameters))
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self.description, rows, self.lastrowid, self.rowcount = result
        self._rows = deque(rows) if rows else deque()

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        connection = self._connection
        try:
            result: _Result = self.await_(
                connection._execute(_run_many, connection._conn, operation, seq_of_parameters)
            )
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self.description, _, self.lastrowid, self.rowcount = result


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()

    def cursor(self, server_side: bool = False) -> AsyncAdapt_aiosqlite_cursor:
        if server_side:
            return super().cursor(server_side=True)
        return OneHopCursor(self)

    def _idle(self) -> bool:
        """No transaction open (sqlite3 answers this from any thread; the connection is this caller's alone
        while it is checked out). False when closed, so that the stock call raises as it should."""
        connection = self._connection._connection
        return connection is not None and not connection.in_transaction

    def rollback(self) -> None:
        if not self._idle():  # the pool's reset of a connection that only read: nothing to roll back
            super().rollback()

    def commit(self) -> None:
        if not self._idle():
            super().commit()


class OneHopDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        stock = super().connect(*arg, **kw)
        if isinstance(stock, OneHopConnection) or type(stock) is not AsyncAdapt_aiosqlite_connection:
            return stock  # the async_fallback adaptation: leave it as it is
        return OneHopConnection(self, stock._connection)


def available() -> bool:
    return callable(getattr(aiosqlite.Connection, "_execute", None)) and isinstance(
        getattr(aiosqlite.Connection, "_conn", None), property
    )


def one_hop_dbapi() -> OneHopDBAPI | None:
    """The DBAPI module to give SQLite engines, or None to keep the stock one."""
    return OneHopDBAPI(aiosqlite, sqlite3) if available() else None
