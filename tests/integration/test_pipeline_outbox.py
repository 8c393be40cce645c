"""The inbox/outbox design's guarantees: a committed turn is sent after a crash without deciding again,
a message that kills its worker every time is given up within its budget, a batch is one transaction,
readiness fails while SQLite writes stall."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from hotel_agent.conversations.models import InboundMessageRow
from hotel_agent.pipeline.inbox import Claimed
from tests import whatsapp_payloads as wa
from tests.apps import admin_headers, container_of, post_signed, running_app, whatsapp_settings
from tests.fake_graph import FakeGraphAPI, message_text


class Killed(BaseException):
    """Stands for the process dying at this point: nothing after it runs, no handler sees it."""


async def _status(app: Any, message_id: str) -> str | None:
    return await container_of(app).pipeline.inbox.status("whatsapp", message_id)


async def test_a_turn_committed_before_a_crash_is_sent_without_deciding_again(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    wa_id = "34650000001"
    settings = whatsapp_settings(tmp_path, graph, inbox_recovery_seconds=0.5)
    async with running_app(settings) as (app, client):
        pipeline = container_of(app).pipeline
        decided = 0
        real_decide = pipeline.orchestrator.decide

        async def counting_decide(*args: Any) -> Any:
            nonlocal decided
            decided += 1
            return await real_decide(*args)

        pipeline.orchestrator.decide = counting_decide  # type: ignore[method-assign]
        real_send = pipeline.delivery.send_stored
        dying = True

        async def dies_before_the_first_send(*args: Any, **kwargs: Any) -> None:
            nonlocal dying
            if dying:
                dying = False
                raise Killed
            await real_send(*args, **kwargs)

        pipeline.delivery.send_stored = dies_before_the_first_send  # type: ignore[method-assign]
        await post_signed(client, wa.text_message(wa_id, "wamid.K1", "What time is check-in?"))
        # The claim expires (nothing renews it: its process is "dead"); recovery sends the stored reply.
        [sent] = await asyncio.to_thread(graph.wait_for, wa_id, 1, 20.0)
        assert "15:00" in message_text(sent)
        for _ in range(100):
            if await _status(app, "wamid.K1") == "done":
                break
            await asyncio.sleep(0.05)
        assert await _status(app, "wamid.K1") == "done"
        assert decided == 1  # the dialogue advanced once
        history = await client.get(f"/api/v1/conversations/whatsapp:{wa_id}", headers=admin_headers())
        assert [m["direction"] for m in history.json()["messages"]] == ["in", "out"]
        await asyncio.sleep(1.2)  # two more leases: nothing is sent again
        assert len(graph.messages_to(wa_id)) == 1


async def test_a_message_that_kills_its_worker_every_time_is_given_up_within_its_budget(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    wa_id = "34650000002"
    settings = whatsapp_settings(
        tmp_path,
        graph,
        inbox_recovery_seconds=0.3,
        inbox_max_attempts=2,
        dlq_retry_base_seconds=3600.0,
        dlq_retry_cap_seconds=3600.0,
    )
    async with running_app(settings) as (app, client):
        pipeline = container_of(app).pipeline
        attempts = 0

        async def always_dies(*_args: Any) -> Any:
            nonlocal attempts
            attempts += 1
            raise Killed

        pipeline.orchestrator.decide = always_dies  # type: ignore[method-assign]
        await post_signed(client, wa.text_message(wa_id, "wamid.P1", "hola"))
        for _ in range(400):
            if await _status(app, "wamid.P1") == "dead_lettered":
                break
            await asyncio.sleep(0.05)
        assert await _status(app, "wamid.P1") == "dead_lettered"
        [entry] = (await client.get("/admin/dlq", headers=admin_headers())).json()["items"]
        assert entry["reason"] == "unhandled" and "2 attempts" in entry["error_message"]
        await asyncio.sleep(1.0)  # several leases later: no further attempt
        assert attempts == 2
        [holding] = graph.messages_to(wa_id)
        assert "responderemos" in message_text(holding)


async def test_a_batch_is_stored_in_one_transaction_and_every_message_answered(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    guests = [f"3466{n:07d}" for n in range(60)]
    batch = wa.notification(
        [{"profile": {"name": "G"}, "wa_id": g} for g in guests],
        [
            {"from": g, "id": f"wamid.B{n}", "timestamp": "1", "type": "text", "text": {"body": "check-out?"}}
            for n, g in enumerate(guests)
        ],
    )
    settings = whatsapp_settings(tmp_path, graph, dlq_run_worker_in_process=False)
    async with running_app(settings) as (app, client):
        db = container_of(app).db
        transactions = 0
        real_transaction, real_one_call = db.transaction, db.write_in_one_call

        def counting_transaction(**options: Any) -> Any:
            nonlocal transactions
            transactions += 1
            return real_transaction(**options)

        def counting_one_call(*args: Any, **options: Any) -> Any:  # a transaction in one writer call
            nonlocal transactions
            transactions += 1
            return real_one_call(*args, **options)

        db.transaction = counting_transaction  # type: ignore[method-assign]
        db.write_in_one_call = counting_one_call  # type: ignore[method-assign]
        container_of(app).pipeline.worker.concurrency = 0  # hold processing back: count the intake alone
        body, headers = wa.signed(batch, "test-app-secret")
        response = await client.post("/webhooks/whatsapp", content=body, headers=headers)
        assert response.json() == {"received": 60, "accepted": 60}
        assert transactions == 1
        again = await client.post("/webhooks/whatsapp", content=body, headers=headers)
        assert again.json() == {"received": 60, "accepted": 0}  # Meta's redelivery stores nothing twice
        db.transaction = real_transaction  # type: ignore[method-assign]
        db.write_in_one_call = real_one_call  # type: ignore[method-assign]

        container_of(app).pipeline.worker.concurrency = 32
        container_of(app).pipeline.worker.wake()
        for guest in guests:
            [reply] = await asyncio.to_thread(graph.wait_for, guest, 1, 60.0)
            assert "12:00" in message_text(reply)
        async with db.session() as session:
            count = await session.scalar(select(func.count()).select_from(InboundMessageRow))
        assert count == 60


async def test_ready_fails_while_sqlite_writes_stall_and_recovers(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    settings = whatsapp_settings(tmp_path, graph)
    async with running_app(settings) as (_app, client):
        assert (await client.get("/health/ready")).status_code == 200
        # Another process holds SQLite's write lock (a stuck writer, a backup tool...).
        locked, release = threading.Event(), threading.Event()

        def hold_the_write_lock() -> None:
            other = sqlite3.connect(tmp_path / "hotel_agent.db", isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
            locked.set()
            release.wait(30)
            other.execute("ROLLBACK")
            other.close()

        holder = threading.Thread(target=hold_the_write_lock)
        holder.start()
        try:
            await asyncio.to_thread(locked.wait, 10)
            stalled = await client.get("/health/ready")
            assert stalled.status_code == 503 and stalled.json()["checks"]["database"].startswith("error")
        finally:
            release.set()
            await asyncio.to_thread(holder.join, 10)
        for _ in range(50):
            if (await client.get("/health/ready")).status_code == 200:
                break
            await asyncio.sleep(0.1)
        assert (await client.get("/health/ready")).status_code == 200


async def test_the_chat_api_answers_queued_past_its_timeout_and_the_answer_follows(tmp_path: Path) -> None:
    from tests.apps import make_settings

    async with running_app(make_settings(tmp_path, chat_reply_timeout_seconds=0.2)) as (app, client):
        orchestrator = container_of(app).orchestrator
        real_decide = orchestrator.decide

        async def slow_decide(*args: Any) -> Any:
            await asyncio.sleep(0.6)
            return await real_decide(*args)

        orchestrator.decide = slow_decide  # type: ignore[method-assign]
        first = await client.post("/api/v1/messages", json={"guest_id": "slow", "text": "check-in time?"})
        assert first.status_code == 200 and first.json()["delivery"] == "queued"
        token = first.json()["conversation_token"]
        await container_of(app).pipeline.drain()
        replies = await client.get("/api/v1/messages/slow", headers={"X-Conversation-Token": token})
        [answer] = replies.json()["replies"]
        assert answer["kind"] == "answer" and "15:00" in answer["text"]


def test_claimed_is_what_a_worker_holds() -> None:
    # The chat API hands its own message to the worker as a first attempt with nothing in the outbox, under
    # the claim token it was stored with.
    fields = Claimed.__dataclass_fields__
    assert list(fields) == ["message", "attempts", "outbox", "token"]
