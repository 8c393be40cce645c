"""Intake's group commit on SQLite and PostgreSQL: concurrent acks share INSERTs and commits, every message is
stored once (a redelivered id, within or across requests, counts once), each request returns only once its
messages are committed, and a row the database refuses fails its own request alone, never the others of
its group."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from hotel_agent.channels.types import InboundMessage
from hotel_agent.conversations.models import InboundMessageRow
from hotel_agent.db.migrate import upgrade
from hotel_agent.db.session import Database
from hotel_agent.pipeline.inbox import PROCESSING, RECEIVED, AcceptGroup, Inbox
from hotel_agent.pipeline.intake import Intake


class Flushes:
    """Records the requests of every flush that reached the database (the inbox's `accept_taken`), and the
    conversations of the flushes in flight at once."""

    def __init__(self, inbox: Inbox) -> None:
        self.groups: list[int] = []
        self.in_flight: list[set[str]] = []
        self.shared: list[set[str]] = []  # conversations of a flush also in another flush in flight
        accept_taken = inbox.accept_taken

        async def recording(take: Callable[[], Sequence[AcceptGroup]]) -> list[list[InboundMessage]]:
            guests: set[str] = set()

            def counted() -> Sequence[AcceptGroup]:
                groups = take()
                self.groups.append(len(groups))
                guests.update(m.guest_id for messages, _ in groups for m in messages)
                self.shared.extend(guests & other for other in self.in_flight if guests & other)
                self.in_flight.append(guests)
                return groups

            try:
                return await accept_taken(counted)
            finally:
                if guests in self.in_flight:
                    self.in_flight.remove(guests)

        inbox.accept_taken = recording  # type: ignore[method-assign]


def _message(key: str, guest: str = "34600000001") -> InboundMessage:
    return InboundMessage(
        f"wamid.group.{key}", "whatsapp", guest, "text", datetime.now(UTC), text="Check-in?"
    )


async def _stored(db: Database) -> dict[str, str]:
    """id -> status, read on another connection than intake's (only what was committed)."""
    async with db.session() as session:
        rows = await session.execute(select(InboundMessageRow.id, InboundMessageRow.status))
        return {row.id: row.status for row in rows}


async def test_concurrent_acks_share_commits_store_each_message_once_and_return_after_commit(
    db: Database,
) -> None:
    inbox = Inbox(db)
    flushes = Flushes(inbox)
    intake = Intake(inbox, None)
    # 40 requests: most one new message; some a redelivery of another request's message, one repeating an id
    # inside its own batch, some stored already claimed (the chat API's).
    batches: list[list[InboundMessage]] = [[_message(str(n), f"3460000{n:04d}")] for n in range(30)]
    batches += [[_message(str(n), f"3460000{n:04d}")] for n in range(5)]  # redeliveries
    batches.append([_message("batch-a"), _message("batch-b"), _message("batch-a")])
    claimed = {36, 37, 38, 39}
    batches += [[_message(f"chat-{n}")] for n in claimed]

    async def ack(number: int, batch: list[InboundMessage]) -> list[InboundMessage]:
        new = await intake.accept(batch, claimed=number in claimed)
        stored = await _stored(db)  # answered: its messages are committed, visible to any connection
        assert all(m.id in stored for m in batch)
        return new

    answers = await asyncio.gather(*(ack(n, b) for n, b in enumerate(batches)))

    stored = await _stored(db)
    expected = {m.id for batch in batches for m in batch}
    assert set(stored) == expected
    new_ids = [m.id for new in answers for m in new]
    assert sorted(new_ids) == sorted(expected)  # each message reported new by exactly one request
    assert answers[36:40] and all(len(new) == 1 for new in answers[36:40])
    assert {stored[f"wamid.group.chat-{n}"] for n in claimed} == {PROCESSING}
    assert {stored[f"wamid.group.{n}"] for n in range(30)} == {RECEIVED}
    assert sum(flushes.groups) == len(batches)
    assert len(flushes.groups) < len(batches) / 2  # shared INSERTs and commits


async def test_overlapping_redeliveries_in_flushes_in_flight_at_once_are_stored_once(db: Database) -> None:
    """Requests whose batches share ids in different orders, started over several event-loop turns so that
    several flushes are in flight at once (PostgreSQL): no deadlock, no error, each id new exactly once."""
    inbox = Inbox(db)
    intake = Intake(inbox, None)
    rng = random.Random(15)
    pool = [_message(f"overlap-{n}", f"3461{n:07d}") for n in range(60)]

    async def ack(number: int) -> list[InboundMessage]:
        for _ in range(number % 5):
            await asyncio.sleep(0)
        return await intake.accept(rng.sample(pool, 25))

    answers = await asyncio.gather(*(ack(n) for n in range(40)))
    new_ids = [m.id for new in answers for m in new]
    assert len(new_ids) == len(set(new_ids))
    stored = await _stored(db)
    assert set(new_ids) == set(stored)
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(InboundMessageRow)) == len(stored)


async def test_one_conversations_requests_are_never_in_two_flushes_in_flight_at_once(db: Database) -> None:
    """A guest's later message waits for the flush holding its earlier one (never visible, so never claimed,
    before it); other guests' requests go on in flushes alongside."""
    inbox = Inbox(db)
    flushes = Flushes(inbox)
    intake = Intake(inbox, None)
    guests = [f"3463{n:07d}" for n in range(8)]

    async def guest_writes(number: int, guest: str) -> list[list[InboundMessage]]:
        sent = []
        for turn in range(6):
            for _ in range((number + turn) % 3):
                await asyncio.sleep(0)
            sent.append(asyncio.create_task(intake.accept([_message(f"{guest}-{turn}", guest)])))
        return await asyncio.gather(*sent)

    answers = await asyncio.gather(*(guest_writes(n, g) for n, g in enumerate(guests)))
    assert all(len(new) == 1 for per_guest in answers for new in per_guest)
    assert flushes.shared == []
    async with db.session() as session:
        rows = (
            await session.execute(
                select(InboundMessageRow.guest_id, InboundMessageRow.id).order_by(
                    InboundMessageRow.received_at
                )
            )
        ).all()
    for guest in guests:  # stored (and so claimed) in the order they came
        assert [id_ for g, id_ in rows if g == guest] == [f"wamid.group.{guest}-{t}" for t in range(6)]


def _poisoned(key: str) -> InboundMessage:
    # A lone surrogate cannot be encoded for either database (intake's parsing replaces them; a message
    # built another way can still carry one): the database refuses this row.
    return _message(key, guest="34600\ud800")


async def test_a_row_the_database_refuses_fails_its_own_request_only(db: Database) -> None:
    inbox = Inbox(db)
    with pytest.raises(Exception) as alone:
        await inbox.accept_batch([_poisoned("alone")])  # what that request gets without a group
    flushes = Flushes(inbox)
    intake = Intake(inbox, None)
    good = [[_message(f"good-{n}", f"3462{n:07d}")] for n in range(12)]
    poisoned = [_message("poisoned-ok", "34629999999"), _poisoned("poisoned")]
    batches = [*good[:6], poisoned, *good[6:]]

    answers = await asyncio.gather(*(intake.accept(b) for b in batches), return_exceptions=True)

    assert type(answers[6]) is type(alone.value)
    assert [a for n, a in enumerate(answers) if n != 6] == good
    stored = await _stored(db)
    assert set(stored) == {m.id for batch in good for m in batch}  # the failed request stored nothing
    assert flushes.groups[0] == len(batches)  # they were one group; the good ones were stored again alone
    # The intake goes on afterwards.
    after = [_message("after")]
    assert await intake.accept(after) == after


async def test_requests_arriving_while_a_flush_waits_for_the_sqlite_writer_ride_on_it(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/hotel_agent.db"
    await asyncio.to_thread(upgrade, url)
    db = Database(url)
    inbox = Inbox(db)
    flushes = Flushes(inbox)
    intake = Intake(inbox, None)
    held, release = asyncio.Event(), asyncio.Event()

    async def other_write() -> None:  # a turn's transaction holding the one writer
        async with db.transaction():
            held.set()
            await release.wait()

    writer = asyncio.create_task(other_write())
    await held.wait()
    first = asyncio.create_task(intake.accept([_message("first")]))
    for _ in range(5):
        await asyncio.sleep(0)  # its flush now waits for the writer
    later = [asyncio.create_task(intake.accept([_message(f"later-{n}")])) for n in range(5)]
    for _ in range(5):
        await asyncio.sleep(0)
    assert flushes.groups == []  # nothing taken while the writer is held
    release.set()
    await writer
    answers = await asyncio.gather(first, *later)
    assert [len(a) for a in answers] == [1] * 6
    assert flushes.groups == [6]  # one INSERT, one commit for all of them
    await db.dispose()


async def test_intake_stores_each_column_as_given_and_a_value_the_column_refuses_is_refused(
    db: Database,
) -> None:
    """PostgreSQL's intake is one INSERT of one array per column: every column arrives as the row's own value
    (a JSON message, a claimed chat message's claim, UTC stamps), a 1,000-message batch in one statement, and a
    value too long for its column is refused as the column refuses it (an unsized cast: never cut short)."""
    inbox = Inbox(db)
    whatsapp = _message("stored-as-given", "34600000042")
    whatsapp = InboundMessage(
        whatsapp.id, "whatsapp", whatsapp.guest_id, "text", whatsapp.received_at, text='¿"Check-in"? 🛎️\n'
    )
    chat = InboundMessage("chat-1", "chat", "web-7f3a", "text", datetime.now(UTC), text="hola")
    before = datetime.now(UTC)
    assert await inbox.accept_groups([([whatsapp], False), ([chat], True)]) == [[whatsapp], [chat]]
    async with db.session() as session:
        rows = {row.id: row for row in (await session.execute(select(InboundMessageRow))).scalars()}
    assert InboundMessage.from_dict(rows[whatsapp.id].message) == whatsapp
    assert InboundMessage.from_dict(rows["chat-1"].message) == chat
    assert (rows[whatsapp.id].status, rows[whatsapp.id].attempts, rows[whatsapp.id].claim_token) == (
        RECEIVED,
        0,
        None,
    )
    assert rows[whatsapp.id].claimed_at is None
    assert (rows["chat-1"].status, rows["chat-1"].attempts, rows["chat-1"].claim_token) == (
        PROCESSING,
        1,
        "intake",
    )
    claimed_at = rows["chat-1"].claimed_at
    assert claimed_at is not None and abs((claimed_at - rows["chat-1"].received_at).total_seconds()) < 1
    for row in rows.values():
        assert row.received_at.tzinfo is not None and row.received_at >= before

    batch = [_message(f"batch-{n}", f"3463{n:07d}") for n in range(1000)]
    assert await inbox.accept_batch([*batch, batch[0]]) == batch  # a repeated id counts once
    assert await inbox.accept_batch(batch[:10]) == []  # redelivered: none new

    if not db.is_sqlite:  # SQLite does not enforce a VARCHAR's length
        too_long = InboundMessage("x" * 129, "chat", "web-7f3a", "text", datetime.now(UTC), text="hola")
        with pytest.raises(DBAPIError):
            await inbox.accept_batch([too_long])
        assert "x" * 128 not in await _stored(db)
