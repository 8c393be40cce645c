"""Fixtures shared by the integration tests that run the same checks on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from hotel_agent.db.migrate import upgrade
from hotel_agent.db.session import Database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.integration)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated-to-be database of each engine: a fresh SQLite file, or the session's PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path}/hotel_agent.db"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """The database at its newest migration, sized for a worker of 8 concurrent turns."""
    await asyncio.to_thread(upgrade, database_url)
    database = Database(database_url, concurrency=8)
    yield database
    await database.dispose()
