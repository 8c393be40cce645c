"""Alembic from an empty database to head and back to base, on SQLite and real PostgreSQL."""

from __future__ import annotations

import asyncio

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import create_async_engine

from hotel_agent.db.migrate import downgrade, upgrade
from hotel_agent.db.models import Base

pytestmark = pytest.mark.integration

DLQ_TABLES = {"dlq_entries", "dlq_permanent_failures"}
PERMANENT_COLUMNS = {
    "id",
    "message",
    "reason",
    "error_message",
    "traceback",
    "retry_count",
    "first_failed_at",
    "last_retry_at",
    "created_at",
    "resolved_at",
    "resolved_by",
}


async def _schema(url: str) -> tuple[set[str], set[str], list[object]]:
    """(tables, dlq_permanent_failures columns, differences between the DLQ models and the database)."""
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:

            def read(sync_conn: object) -> tuple[set[str], set[str], list[object]]:
                inspector = inspect(sync_conn)
                tables = set(inspector.get_table_names())
                columns = (
                    {c["name"] for c in inspector.get_columns("dlq_permanent_failures")}
                    if "dlq_permanent_failures" in tables
                    else set()
                )
                context = MigrationContext.configure(sync_conn, opts={"compare_type": True})  # type: ignore[arg-type]
                diffs = [
                    d
                    for d in compare_metadata(context, Base.metadata)
                    if any(table in repr(d) for table in DLQ_TABLES)
                ]
                return tables, columns, diffs

            return await conn.run_sync(read)
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url"))


async def test_upgrade_to_head_and_downgrade_to_base(database_url: str) -> None:
    await asyncio.to_thread(upgrade, database_url)
    tables, columns, diffs = await _schema(database_url)
    assert tables >= DLQ_TABLES
    assert columns == PERMANENT_COLUMNS
    assert diffs == []  # the migration creates exactly what the models describe

    await asyncio.to_thread(downgrade, database_url)
    tables, _, _ = await _schema(database_url)
    assert tables <= {"alembic_version"}

    await asyncio.to_thread(upgrade, database_url)  # and up again from base
    tables, _, _ = await _schema(database_url)
    assert tables >= DLQ_TABLES
