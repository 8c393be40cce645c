"""Poison messages: what no store can take (a lone surrogate as a JSON escape, NUL) arrives signed on both
channels, on the embedded defaults (SQLite) and on PostgreSQL + Redis. Each is answered once or
dead-lettered; none stays in `processing`, none is retried by the recovery pass, nothing else is delayed."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from hotel_agent.conversations.models import InboundMessageRow
from hotel_agent.db.migrate import upgrade
from hotel_agent.settings import Settings
from tests import whatsapp_payloads as wa
from tests.apps import APP_SECRET, admin_headers, container_of, running_app, whatsapp_settings
from tests.fake_graph import FakeGraphAPI

# Raw JSON text, as an attacker would write it: json.dumps would never produce a lone surrogate itself.
POISON_TEXTS = ["hola \\ud800 x", "hola \\u0000 x", "\\udfff\\ud800", "bien \\ud83d\\ude00 ok"]


def _notification(texts: list[str]) -> bytes:
    messages = ",".join(
        f'{{"from": "3461100000{i}", "id": "wamid.poison.{i}", "timestamp": "1700000000", '
        f'"type": "text", "text": {{"body": "{text}"}}}}'
        for i, text in enumerate(texts)
    )
    contacts = '[{"wa_id": "34611000000", "profile": {"name": "Ana \\ud800 \\u0000"}}]'
    return (
        '{"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [{"field": "messages", '
        f'"value": {{"messaging_product": "whatsapp", "contacts": {contacts}, "messages": [{messages}]}}}}]}}]}}'
    ).encode()


async def test_poison_on_sqlite(tmp_path: Path, graph: FakeGraphAPI) -> None:
    await _poison_is_answered_once_and_never_loops(whatsapp_settings(tmp_path, graph), graph)


@pytest.mark.integration
async def test_poison_on_postgres_and_redis(
    tmp_path: Path, graph: FakeGraphAPI, postgres_url: str, redis_url: str, redis_prefix: str
) -> None:
    await asyncio.to_thread(upgrade, postgres_url)
    settings = whatsapp_settings(
        tmp_path, graph, database_url=postgres_url, redis_url=redis_url, redis_key_prefix=redis_prefix
    )
    await _poison_is_answered_once_and_never_loops(settings, graph)


async def _poison_is_answered_once_and_never_loops(settings: Settings, graph: FakeGraphAPI) -> None:
    async with running_app(settings) as (app, client):
        body = _notification(POISON_TEXTS)
        json.loads(body)  # valid JSON, however poisonous
        response = await client.post(
            "/webhooks/whatsapp", content=body, headers=wa.signed_headers(body, APP_SECRET)
        )
        assert response.status_code == 200 and response.json()["accepted"] == len(POISON_TEXTS)
        chat = await client.post(
            "/api/v1/messages",
            content=b'{"guest_id": "poison-chat", "text": "hola \\ud800 \\u0000 x"}',
            headers={"Content-Type": "application/json"},
        )
        assert chat.status_code == 200 and chat.json()["delivery"] == "answered"
        # A NUL in an id is refused at the door on every store (a 500 on PostgreSQL before).
        nul_id = await client.post(
            "/api/v1/messages",
            content=b'{"guest_id": "a\\u0000b", "text": "hola"}',
            headers={"Content-Type": "application/json"},
        )
        assert nul_id.status_code == 422

        for i in range(len(POISON_TEXTS)):
            await asyncio.to_thread(graph.wait_for, f"3461100000{i}")
        pipeline = container_of(app).pipeline
        await pipeline.drain()
        async with container_of(app).db.session() as session:
            rows = (await session.scalars(select(InboundMessageRow))).all()
        assert {(r.id, r.status, r.attempts) for r in rows if r.channel == "whatsapp"} == {
            (f"wamid.poison.{i}", "done", 1) for i in range(len(POISON_TEXTS))
        }
        assert [r.status for r in rows if r.channel == "chat"] == ["done"]
        assert await pipeline.recover() == 0  # nothing left for the recovery pass to retry
        dlq = await client.get("/admin/dlq", headers=admin_headers())
        assert dlq.json()["total"] == 0
        history = await client.get("/api/v1/conversations/34611000000", headers=admin_headers())
        assert history.json()["messages"][0]["text"] == "hola \ufffd x"
        for i in range(len(POISON_TEXTS)):
            assert len(graph.messages_to(f"3461100000{i}")) == 1  # answered once
