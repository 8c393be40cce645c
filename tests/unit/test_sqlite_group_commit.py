"""SQLite's one writer with group commit: transactions that queued together commit together, each keeps
its own atomicity (a failing one rolls back alone), and nothing returns before its COMMIT."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text

from hotel_agent.db.session import Database


@pytest.fixture
async def db(tmp_path: Path) -> Database:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'g.db'}")
    async with database.transaction() as session:
        await session.execute(text("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)"))
    return database


async def rows(db: Database) -> dict[str, int]:
    async with db.session() as session:
        return {k: v for k, v in (await session.execute(text("SELECT k, v FROM t"))).all()}


async def test_concurrent_transactions_share_commits_and_each_is_durable_when_it_returns(
    db: Database,
) -> None:
    commits = 0

    def count(*_: object) -> None:
        nonlocal commits
        commits += 1

    from sqlalchemy import event

    event.listen(db.engine.sync_engine, "commit", count)

    async def write(n: int) -> None:
        async with db.transaction() as session:
            await session.execute(text("INSERT INTO t VALUES (:k, :v)"), {"k": f"k{n}", "v": n})
        # Returned: committed, so a reader connection sees it.
        assert (await rows(db))[f"k{n}"] == n

    await asyncio.gather(*(write(n) for n in range(40)))
    assert len(await rows(db)) == 40
    assert commits < 40  # grouped
    await db.dispose()


async def test_a_failing_transaction_rolls_back_alone(db: Database) -> None:
    async def write(n: int) -> None:
        async with db.transaction() as session:
            await session.execute(text("INSERT INTO t VALUES (:k, :v)"), {"k": f"k{n}", "v": n})
            if n % 3 == 1:
                await session.execute(text("INSERT INTO t VALUES (:k, 0)"), {"k": f"k{n}"})  # duplicate key

    results = await asyncio.gather(*(write(n) for n in range(30)), return_exceptions=True)
    failed = {n for n, r in enumerate(results) if isinstance(r, Exception)}
    assert failed == {n for n in range(30) if n % 3 == 1}
    assert set(await rows(db)) == {f"k{n}" for n in range(30) if n % 3 != 1}
    await db.dispose()


async def test_an_exception_in_the_block_rolls_back_its_writes_only(db: Database) -> None:
    started = asyncio.Event()

    async def good(n: int) -> None:
        await started.wait()
        async with db.transaction() as session:
            await session.execute(text("INSERT INTO t VALUES (:k, 1)"), {"k": f"good{n}"})

    async def bad() -> None:
        async with db.transaction() as session:
            started.set()
            await asyncio.sleep(0.01)  # the good ones queue behind it
            await session.execute(text("INSERT INTO t VALUES ('bad', 1)"))
            raise RuntimeError("changed my mind")

    results = await asyncio.gather(bad(), *(good(n) for n in range(5)), return_exceptions=True)
    assert isinstance(results[0], RuntimeError)
    assert set(await rows(db)) == {f"good{n}" for n in range(5)}
    await db.dispose()


async def test_a_cancelled_waiter_does_not_stall_the_writer(db: Database) -> None:
    release = asyncio.Event()

    async def holder() -> None:
        async with db.transaction() as session:
            await session.execute(text("INSERT INTO t VALUES ('held', 1)"))
            await release.wait()

    hold = asyncio.create_task(holder())
    await asyncio.sleep(0.01)
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.05), db.transaction() as session:
            await session.execute(text("INSERT INTO t VALUES ('never', 1)"))
    release.set()
    await hold
    async with asyncio.timeout(5), db.transaction() as session:
        await session.execute(text("INSERT INTO t VALUES ('after', 1)"))
    assert set(await rows(db)) == {"held", "after"}
    await db.dispose()


async def test_an_orm_flush_failing_in_a_later_transaction_keeps_the_earlier_ones(tmp_path: Path) -> None:
    from hotel_agent.conversations.models import HandoffRow
    from hotel_agent.db.migrate import upgrade

    url = f"sqlite+aiosqlite:///{tmp_path / 'orm.db'}"
    await asyncio.to_thread(upgrade, url)
    db = Database(url)

    async def add(reason: str) -> None:
        async with db.transaction() as session:
            session.add(HandoffRow(guest_id="same", channel="chat", reason=reason))

    results = await asyncio.gather(*(add(f"r{n}") for n in range(4)), return_exceptions=True)
    assert not isinstance(results[0], Exception)
    assert all(isinstance(r, Exception) for r in results[1:])
    async with db.session() as session:
        row = await session.get(HandoffRow, "same")
    assert row is not None and row.reason == "r0"
    await db.dispose()


async def test_a_flush_failing_inside_a_later_block_keeps_the_earlier_ones(tmp_path: Path) -> None:
    from hotel_agent.conversations.models import ConversationStateRow, HandoffRow
    from hotel_agent.db.migrate import upgrade

    url = f"sqlite+aiosqlite:///{tmp_path / 'orm.db'}"
    await asyncio.to_thread(upgrade, url)
    db = Database(url)

    async def seed(n: int) -> None:
        async with db.transaction() as session:
            session.add(HandoffRow(guest_id="same", channel="chat", reason=f"r{n}"))
            await session.flush()  # fails inside the block for every one but the first
            session.add(ConversationStateRow(guest_id=f"s{n}", state={}))

    for _ in range(3):  # the grouping depends on timing: try it a few times
        results = await asyncio.gather(*(seed(n) for n in range(5)), return_exceptions=True)
        assert sum(not isinstance(r, Exception) for r in results) <= 1
        async with db.session() as session:
            assert await session.get(HandoffRow, "same") is not None
    await db.dispose()
