"""Defects found in review, each shown fixed: long processing is not answered twice, chat ids cannot reach a
WhatsApp guest's conversation, per-guest chat message ids, per-address rate limit, retries understood as of
when the guest wrote."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hotel_agent.channels.types import InboundMessage
from tests import whatsapp_payloads as wa
from tests.apps import admin_headers, container_of, make_settings, post_signed, running_app, whatsapp_settings
from tests.fake_graph import FakeGraphAPI


async def test_slow_processing_keeps_its_claim_and_is_answered_once(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    async with running_app(whatsapp_settings(tmp_path, graph, inbox_recovery_seconds=1.5)) as (app, client):
        orchestrator = container_of(app).orchestrator
        real_decide = orchestrator.decide
        calls = 0

        async def slow_decide(*args: Any) -> Any:
            nonlocal calls
            calls += 1
            await asyncio.sleep(5.0)  # three leases: renewed every 0.5 s, a late renewal has 1 s to spare
            return await real_decide(*args)

        orchestrator.decide = slow_decide  # type: ignore[method-assign]
        await post_signed(client, wa.text_message("34640000001", "wamid.R1", "What time is check-in?"))
        await asyncio.sleep(3.0)
        # What another API process's recovery pass would see now: the claim is fresh, nothing to take.
        assert await container_of(app).pipeline.inbox.claim_due(10, timedelta(seconds=1.5)) == []
        await asyncio.to_thread(graph.wait_for, "34640000001", 1)
        await asyncio.sleep(1.0)
        assert calls == 1 and len(graph.messages_to("34640000001")) == 1


async def test_a_chat_caller_using_a_guests_phone_number_does_not_reach_their_conversation(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    phone = "34640000002"
    async with running_app(whatsapp_settings(tmp_path, graph)) as (_app, client):
        await post_signed(client, wa.text_message(phone, "wamid.H1", "I want to talk to a person please"))
        await asyncio.to_thread(graph.wait_for, phone, 1)
        handoffs = (await client.get("/admin/handoffs", headers=admin_headers())).json()["handoffs"]
        assert [h["guest_id"] for h in handoffs] == [phone]
        # Same id on the chat API: a different conversation, answered by the bot, not handed off.
        answer = await client.post(
            "/api/v1/messages", json={"guest_id": phone, "text": "What time is check-in?"}
        )
        assert answer.json()["delivery"] == "answered" and "15:00" in answer.json()["reply"]["text"]


async def test_chat_message_ids_are_per_guest(tmp_path: Path) -> None:
    async with running_app(make_settings(tmp_path)) as (_app, client):
        tokens = {}
        for guest in ("alice", "bob"):
            first = await client.post(
                "/api/v1/messages", json={"guest_id": guest, "text": "hola", "message_id": "1"}
            )
            assert first.json()["delivery"] == "answered" and first.json()["message_id"] == "1"
            tokens[guest] = first.json()["conversation_token"]
        again = await client.post(
            "/api/v1/messages",
            json={"guest_id": "alice", "text": "hola", "message_id": "1"},
            headers={"X-Conversation-Token": tokens["alice"]},
        )
        assert again.json()["delivery"] == "duplicate"


async def test_rotating_guest_ids_does_not_bypass_the_rate_limit(tmp_path: Path) -> None:
    async with running_app(make_settings(tmp_path, chat_rate_limit_per_minute=1)) as (app, client):
        # One fixed instant: on a slow machine the eleven turns may straddle a minute boundary.
        container_of(app).rate_limiter.clock = lambda: 6_000_030.0
        statuses = [
            (await client.post("/api/v1/messages", json={"guest_id": f"g{i}", "text": "hola"})).status_code
            for i in range(11)
        ]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429


async def test_a_retry_is_understood_as_of_when_the_guest_wrote(tmp_path: Path) -> None:
    async with running_app(make_settings(tmp_path)) as (app, _client):
        pipeline = container_of(app).pipeline
        seen: list[datetime] = []
        orchestrator = container_of(app).orchestrator
        real_decide = orchestrator.decide

        async def recording_decide(key: Any, text: str, now: datetime, state: Any) -> Any:
            seen.append(now)
            return await real_decide(key, text, now, state)

        orchestrator.decide = recording_decide  # type: ignore[method-assign]
        wrote_at = datetime.now(UTC) - timedelta(hours=30)
        message = InboundMessage(
            id="late-1", channel="chat", guest_id="late", type="text", received_at=wrote_at, text="hola"
        )
        await pipeline.retry(message, None)
        assert seen == [wrote_at]


async def test_a_chat_guest_reads_the_late_answer_with_their_conversation_token(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, dlq_retry_base_seconds=0.2, dlq_retry_cap_seconds=0.3)
    async with running_app(settings) as (_app, client):
        await client.post("/admin/pms/faults", json={"mode": "down"}, headers=admin_headers())
        first = await client.post(
            "/api/v1/messages",
            json={"guest_id": "web-7f3a", "text": "Hi, a room from March 3 to 5 for 2 adults?"},
        )
        assert first.json()["delivery"] == "queued"
        token = first.json()["conversation_token"]
        await client.post("/admin/pms/faults", json={"mode": "ok"}, headers=admin_headers())
        await client.post("/admin/pms/breaker/reset", headers=admin_headers())

        kinds: list[str] = []
        for _ in range(100):
            replies = await client.get("/api/v1/messages/web-7f3a", headers={"X-Conversation-Token": token})
            assert replies.status_code == 200
            kinds = [r["kind"] for r in replies.json()["replies"]]
            if "answer" in kinds:
                break
            await asyncio.sleep(0.1)
        assert kinds == ["holding", "answer"]
        last_seen = replies.json()["replies"][-1]
        assert "USD" in last_seen["text"]
        newer = await client.get(
            "/api/v1/messages/web-7f3a",
            params={"after": last_seen["id"]},
            headers={"X-Conversation-Token": token},
        )
        assert newer.json()["replies"] == []

        assert (await client.get("/api/v1/messages/web-7f3a")).status_code == 401
        other = await client.post("/api/v1/messages", json={"guest_id": "web-other", "text": "hola"})
        stolen = await client.get(
            "/api/v1/messages/web-7f3a", headers={"X-Conversation-Token": other.json()["conversation_token"]}
        )
        assert stolen.status_code == 403
