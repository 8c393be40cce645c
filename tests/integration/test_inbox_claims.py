"""A claim taken over while its first holder still works on it — the holder's process stalled past its lease,
so its renewals came late — on SQLite and PostgreSQL. The first holder writes nothing and sends nothing (its
claim token no longer matches), the new holder answers, and the message is answered once.

The lease is driven by the inbox's clock, never by sleeping, and the stalled holder is held inside its turn
by an event, so what these tests check does not depend on how tasks happen to be scheduled."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hotel_agent.channels.types import InboundMessage, Reply
from hotel_agent.conversations.models import InboundMessageRow
from hotel_agent.conversations.store import ConversationStore
from hotel_agent.db.migrate import upgrade
from hotel_agent.db.session import Database
from hotel_agent.errors import ProcessingFailure
from hotel_agent.observability.metrics import REGISTRY
from hotel_agent.pipeline.inbox import DONE, PROCESSING, ClaimLost, Inbox
from tests import whatsapp_payloads as wa
from tests.apps import admin_headers, container_of, post_signed, running_app, whatsapp_settings
from tests.clock import Clock
from tests.fake_graph import FakeGraphAPI, message_text

LEASE = timedelta(seconds=30)


def _message(n: int, guest: str = "34600000001") -> InboundMessage:
    return InboundMessage(
        f"wamid.claim.{n}", "whatsapp", guest, "text", datetime.now(UTC), text="What time is check-in?"
    )


async def _row(db: Database, message: InboundMessage) -> InboundMessageRow:
    async with db.session() as session:
        row = await session.scalar(
            select(InboundMessageRow).where(
                InboundMessageRow.channel == message.channel, InboundMessageRow.id == message.id
            )
        )
    assert row is not None
    return row


async def test_a_holder_whose_claim_was_taken_over_can_write_nothing(db: Database) -> None:
    clock = Clock()
    inbox = Inbox(db, clock)
    message = _message(1)
    assert await inbox.accept(message)
    [first] = await inbox.claim_due(10, LEASE)
    assert await inbox.claim_due(10, LEASE) == []  # held: not due

    clock.advance(LEASE + timedelta(seconds=1))  # the holder stalled; none of its renewals came in time
    [second] = await inbox.claim_due(10, LEASE)
    assert second.message == message and second.attempts == 2 and second.token != first.token

    # The first holder: its renewal renews nothing, its check and its writes are refused.
    assert await inbox.touch([first]) == 0
    with pytest.raises(ClaimLost):
        await inbox.hold(first)
    with pytest.raises(ClaimLost):
        await inbox.finish(first, DONE)
    # Its turn's transaction rolls back as a whole: the history row staged before the fenced status is gone.
    conversations = ConversationStore(db)
    with pytest.raises(ClaimLost):
        async with db.transaction() as session:
            conversations.stage_message(
                session, message.guest_id, "in", "whatsapp", Reply("stale"), "text", message.id
            )
            await inbox.stage_finish(session, first, DONE)
    assert await conversations.history(message.guest_id) == []
    await inbox.release(first)  # a shutdown hands back only its own claims
    row = await _row(db, message)
    assert (row.status, row.claim_token, row.attempts) == (PROCESSING, second.token, 2)

    # The new holder's claim is whole.
    assert await inbox.touch([second]) == 1
    await inbox.hold(second)
    await inbox.finish(second, DONE)
    assert (await _row(db, message)).status == DONE
    assert await inbox.claim_due(10, LEASE) == []


async def test_a_renewed_claim_is_not_taken_over(db: Database) -> None:
    clock = Clock()
    inbox = Inbox(db, clock)
    message = _message(2)
    await inbox.accept(message)
    [held] = await inbox.claim_due(10, LEASE)
    for _ in range(5):  # two and a half leases, renewed every 2/3 of one
        clock.advance(LEASE * 2 / 3)
        assert await inbox.touch([held]) == 1
        assert await inbox.claim_due(10, LEASE) == []
    await inbox.hold(held)
    await inbox.finish(held, DONE)


def _claims_lost() -> float:
    return REGISTRY.get_sample_value("inbox_claims_lost_total") or 0.0


class StalledTurn:
    """The first call of `decide` waits inside the turn until released (a holder stalled past its lease);
    later calls run at once."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real = real
        self.calls = 0
        self.entered = asyncio.Event()
        self.go_on = asyncio.Event()
        self.first_fails = False

    async def __call__(self, *args: Any) -> Any:
        self.calls += 1
        if self.calls == 1:
            self.entered.set()
            await self.go_on.wait()
            if self.first_fails:
                raise ProcessingFailure("pms_unavailable", "the PMS timed out (after the takeover)")
        return await self.real(*args)


@pytest.mark.parametrize("first_holder", ["commits", "fails"])
async def test_a_message_taken_over_mid_turn_is_answered_once(
    tmp_path: Path, graph: FakeGraphAPI, database_url: str, first_holder: str
) -> None:
    """Holder A is inside its turn when its lease runs out (its renewals do not reach the database); the
    worker claims the message again (B), which waits for the conversation. A then finishes its turn — by
    committing, or by failing as a PMS timeout would — and is refused: no commit, no DLQ entry, no holding
    reply, no send. B decides and sends the one answer."""
    if not database_url.startswith("sqlite"):
        await asyncio.to_thread(upgrade, database_url)
    settings = whatsapp_settings(tmp_path, graph, database_url=database_url, inbox_recovery_seconds=30.0)
    wa_id = "34650000077"
    async with running_app(settings) as (app, client):
        pipeline = container_of(app).pipeline
        clock = Clock()
        pipeline.inbox.clock = clock
        turn = StalledTurn(pipeline.orchestrator.decide)
        turn.first_fails = first_holder == "fails"
        pipeline.orchestrator.decide = turn  # type: ignore[method-assign]

        async def late_renewals(claims: Any) -> int:
            return 0  # the stalled holder's renewals never arrive in time

        pipeline.inbox.touch = late_renewals  # type: ignore[method-assign]
        lost_before = _claims_lost()

        await post_signed(client, wa.text_message(wa_id, "wamid.takeover.1", "What time is check-in?"))
        await asyncio.wait_for(turn.entered.wait(), 30)

        clock.advance(timedelta(seconds=31))  # past the lease
        pipeline.worker.wake()
        message = InboundMessage("wamid.takeover.1", "whatsapp", wa_id, "text", clock.now)
        for _ in range(600):
            if (await _row(container_of(app).db, message)).attempts == 2:
                break
            await asyncio.sleep(0.05)
        assert (await _row(container_of(app).db, message)).attempts == 2  # B holds it, and waits for A

        turn.go_on.set()
        await pipeline.drain()

        [answer] = graph.messages_to(wa_id)  # once: A sent nothing, not even a holding reply
        assert "15:00" in message_text(answer)
        assert turn.calls == 2  # A decided, but its decision was never written
        row = await _row(container_of(app).db, message)
        assert (row.status, row.attempts) == (DONE, 2)
        history = await client.get(f"/api/v1/conversations/whatsapp:{wa_id}", headers=admin_headers())
        assert [m["direction"] for m in history.json()["messages"]] == ["in", "out"]
        assert (await client.get("/admin/dlq", headers=admin_headers())).json()["total"] == 0
        assert _claims_lost() == lost_before + 1


async def test_an_outbox_emptied_by_finishing_is_sql_null(db: Database) -> None:
    """The prebuilt finishing statements store the reply as JSON and empty it as SQL NULL (not JSON 'null')."""
    from sqlalchemy import text

    from hotel_agent.pipeline.inbox import SENDING, StoredReply

    inbox = Inbox(db)
    message = _message(3)
    await inbox.accept(message)
    [held] = await inbox.claim_due(10, LEASE)
    async with db.transaction() as session:
        await inbox.stage_finish(session, held, SENDING, StoredReply(Reply("hola"), "answer", recorded=True))
    status, stored = await inbox.outbox(message)
    assert status == SENDING and stored == StoredReply(Reply("hola"), "answer", recorded=True)
    await inbox.finish(held, DONE)
    async with db.session() as session:
        empty = await session.scalar(
            text("SELECT pending_reply IS NULL FROM inbound_messages WHERE id = :id"), {"id": message.id}
        )
    assert empty


async def test_sqlite_and_postgresql_inboxes_in_one_process(tmp_path: Path, postgres_url: str) -> None:
    """The intake INSERT is a lambda statement compiled once per engine: each dialect gets its own, in either
    order, and a redelivered id is still skipped."""
    urls = [f"sqlite+aiosqlite:///{tmp_path}/mixed.db", postgres_url]
    for url in urls:
        await asyncio.to_thread(upgrade, url)
    databases = [Database(url) for url in urls]
    try:
        for n, db in enumerate([*databases, *reversed(databases)]):
            inbox = Inbox(db)
            batch = [
                InboundMessage(
                    f"wamid.mixed.{n}.{k}", "whatsapp", "34600000001", "text", datetime.now(UTC), "hola"
                )
                for k in range(3)
            ]
            assert await inbox.accept_batch(batch[:2]) == batch[:2]
            assert await inbox.accept_batch(batch) == batch[2:]
    finally:
        for db in databases:
            await db.dispose()
