"""The hot path's reads as one driver call: a Core SELECT compiled once per dialect, its parameters and rows
converted by its types' own processors (the same functions SQLAlchemy applies), run on the reader
connection's driver (asyncpg's `fetch`; on SQLite one call on aiosqlite's thread, as db/sqlite_driver.py
does).

SQLAlchemy's execution around a precompiled statement (execution context, cursor adaptation, result
objects, the greenlet) cost ~60-70 us of CPU per read on this machine, three or four times the driver's own
work; a turn runs several such reads. Only plain SELECTs are taken (no expanding IN, no post-compile
parameters, no escaped names): anything else, and any error, runs through SQLAlchemy as before, so an error
surfaces exactly as it did (a read can be run again).
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ClauseElement, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection

from hotel_agent.db.sqlite_driver import _run, available

_Processor = Callable[[Any], Any] | None
_UNKNOWN: Any = object()  # not prepared yet


@dataclass(frozen=True, slots=True)
class PreparedRead:
    sql: str
    names: tuple[str, ...]  # the statement's parameters, in positional order
    binds: tuple[_Processor, ...]
    defaults: Mapping[str, Any]  # values bound in the statement itself (a LIMIT, a literal)
    results: tuple[_Processor, ...]
    row: Callable[[Any], Any]  # a named tuple of the result columns


def prepare(
    statement: Select[Any], dialect: Dialect, column_types: Sequence[Any] | None
) -> PreparedRead | None:
    """The statement compiled for `dialect`, or None when it needs SQLAlchemy's own execution.
    `column_types`: what the driver reports for each result column (PostgreSQL's type OIDs, which its
    numeric processors need), or None (SQLite reports none)."""
    compiled = compile_read(statement, dialect)
    if compiled is None:
        return None
    names = compiled.positiontup or []
    processors: dict[str, Any] = dict(compiled._bind_processors)
    if not all(callable(processor) for processor in processors.values()):
        return None  # a tuple's processors per element
    columns = compiled._result_columns
    keys = [column.keyname for column in columns]
    types = list(column_types) if column_types is not None else [None] * len(columns)
    if len(set(keys)) != len(keys) or not all(key.isidentifier() for key in keys) or len(types) != len(keys):
        return None
    return PreparedRead(
        sql=compiled.string,
        names=tuple(names),
        binds=tuple(processors.get(name) for name in names),
        defaults=compiled.construct_params(_check=False),
        results=tuple(
            column.type._cached_result_processor(dialect, type_)
            for column, type_ in zip(columns, types, strict=True)
        ),
        row=namedtuple("PreparedRow", keys)._make,  # type: ignore[attr-defined]  # one class per statement
    )


@dataclass(frozen=True, slots=True)
class PreparedWrite:
    """A write statement compiled once, run on the driver (SQLite's writer thread: `GroupWriter.call`)."""

    sql: str
    names: tuple[str, ...]
    binds: tuple[_Processor, ...]
    defaults: Mapping[str, Any]

    def args(self, values: Mapping[str, Any]) -> list[Any]:
        """The positional parameters for `values` (by bind name), converted as SQLAlchemy converts them."""
        defaults = self.defaults
        return [
            value if bind is None else bind(value)
            for bind, value in zip(
                self.binds,
                (values[name] if name in values else defaults[name] for name in self.names),
                strict=True,
            )
        ]


def prepare_write(statement: ClauseElement, dialect: Dialect) -> PreparedWrite:
    """`statement` (an INSERT or UPDATE with plain bound parameters) compiled for `dialect`; ValueError when it
    needs SQLAlchemy's own execution (expanding IN, post-compile parameters)."""
    compiled = compile_read(statement, dialect)
    if compiled is None:
        raise ValueError(f"not a plain positional statement: {statement}")
    processors: dict[str, Any] = dict(compiled._bind_processors)
    names = tuple(compiled.positiontup or ())
    return PreparedWrite(
        sql=compiled.string,
        names=names,
        binds=tuple(processors.get(name) for name in names),
        defaults=compiled.construct_params(_check=False),
    )


def compile_read(statement: ClauseElement, dialect: Dialect) -> Any:
    """The compiled statement when it is a plain positional one, else None."""
    compiled: Any = statement.compile(dialect=dialect)
    if (
        compiled.positiontup is None
        or compiled.post_compile_params
        or compiled.escaped_bind_names
        or any(bind.expanding for bind in compiled.binds.values())
    ):
        return None
    return compiled


class PreparedReads:
    """Prepared reads of one database (its reader connections' dialect), each statement prepared once."""

    def __init__(self, dialect: Dialect, is_sqlite: bool) -> None:
        self.dialect = dialect
        self.is_sqlite = is_sqlite
        # Keyed by the statement object: for prebuilt module- or store-level statements only.
        self._prepared: dict[Select[Any], PreparedRead | None] = {}
        self.enabled = available() or not is_sqlite

    async def rows(
        self, connection: AsyncConnection, statement: Select[Any], params: Mapping[str, Any]
    ) -> Sequence[Any]:
        """The statement's rows (tuples with the columns' names as attributes), read on `connection`."""
        prepared = self._prepared.get(statement, _UNKNOWN)
        if prepared is _UNKNOWN:
            try:
                prepared = self._prepared[statement] = await self._prepare(connection, statement)
            except Exception:  # a database error while preparing: this read goes SQLAlchemy's way
                prepared = None
        if isinstance(prepared, PreparedRead) and not connection.invalidated:
            try:
                return await self._run(connection, prepared, params)
            except Exception:  # run again below, where the error surfaces as SQLAlchemy's
                pass
        return (await connection.execute(statement, dict(params))).all()

    def inline(
        self, connection: sqlite3.Connection, statement: Select[Any], params: Mapping[str, Any]
    ) -> list[Any] | None:
        """SQLite: the statement's rows read right here, on `connection` (a plain sqlite3 connection the
        caller owns, with no busy timeout); None when it cannot be read so (not prepared, locked, any error:
        the caller reads it the usual way, where an error surfaces as SQLAlchemy's)."""
        prepared = self._prepared.get(statement, _UNKNOWN)
        if prepared is _UNKNOWN:
            prepared = self._prepared[statement] = (
                prepare(statement, self.dialect, None) if self.enabled else None
            )
        if not isinstance(prepared, PreparedRead):
            return None
        try:
            _, raw_rows, _, _ = _run(connection, prepared.sql, self._args(prepared, params))
            return self._rows(prepared, raw_rows)
        except Exception:  # SQLITE_BUSY (a lock in the way) or anything else: the usual way
            return None

    async def _prepare(self, connection: AsyncConnection, statement: Select[Any]) -> PreparedRead | None:
        if not self.enabled:
            return None
        if self.is_sqlite:
            return prepare(statement, self.dialect, None)
        compiled = compile_read(statement, self.dialect)
        if compiled is None:
            return None
        # The result columns' type OIDs, as SQLAlchemy's cursor description gives them to its processors.
        described = await _driver(connection).prepare(compiled.string)
        return prepare(statement, self.dialect, [a.type.oid for a in described.get_attributes()])

    async def _run(
        self, connection: AsyncConnection, prepared: PreparedRead, params: Mapping[str, Any]
    ) -> list[Any]:
        args = self._args(prepared, params)
        driver = _driver(connection)
        if self.is_sqlite:
            _, raw_rows, _, _ = await driver._execute(_run, driver._conn, prepared.sql, args)
        else:
            raw_rows = await driver.fetch(prepared.sql, *args)
        return self._rows(prepared, raw_rows)

    @staticmethod
    def _args(prepared: PreparedRead, params: Mapping[str, Any]) -> list[Any]:
        values = {**prepared.defaults, **params}
        return [
            value if bind is None else bind(value)
            for bind, value in zip(prepared.binds, (values[name] for name in prepared.names), strict=True)
        ]

    @staticmethod
    def _rows(prepared: PreparedRead, raw_rows: Sequence[Any] | None) -> list[Any]:
        results, row = prepared.results, prepared.row
        if not any(results):
            return [row(raw) for raw in raw_rows or ()]
        return [
            row(
                [
                    value if result is None else result(value)
                    for result, value in zip(results, raw, strict=True)
                ]
            )
            for raw in raw_rows or ()
        ]


def _driver(connection: AsyncConnection) -> Any:
    """The driver's own connection (asyncpg's, or aiosqlite's) under a checked-out connection."""
    adapted: Any = connection.sync_connection.connection.dbapi_connection  # type: ignore[union-attr]
    return adapted._connection
