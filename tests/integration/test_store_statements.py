"""The conversation store's prebuilt INSERT .. ON CONFLICT statements (lambda statements, compiled once per
engine) are each dialect's own when one process holds SQLite and PostgreSQL stores, in either order."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from hotel_agent.conversations.store import ConversationStore
from hotel_agent.db.migrate import upgrade
from hotel_agent.db.session import Database

pytestmark = pytest.mark.integration


async def test_sqlite_and_postgresql_stores_in_one_process(tmp_path: Path, postgres_url: str) -> None:
    urls = [f"sqlite+aiosqlite:///{tmp_path}/mixed.db", postgres_url]
    for url in urls:
        await asyncio.to_thread(upgrade, url)
    databases = [Database(url) for url in urls]
    try:
        for n, db in enumerate([*databases, *reversed(databases)]):
            store = ConversationStore(db)
            async with db.transaction() as session:
                await store.stage_state(session, "guest", {"turn": n})
                assert await store.stage_handoff(session, f"guest-{n}", "chat", "asked for a person")
                assert not await store.stage_handoff(session, f"guest-{n}", "chat", "again")
            assert await store.get_state("guest") == {"turn": n}
            assert await store.in_handoff(f"guest-{n}")
    finally:
        for db in databases:
            await db.dispose()
