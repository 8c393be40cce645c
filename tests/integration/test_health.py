"""Readiness reports the database, Redis and the breaker; only the first two can make it fail."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from hotel_agent.db.migrate import upgrade
from tests.apps import admin_headers, make_settings, running_app
from tests.services import free_port


@pytest.mark.integration
async def test_ready_on_postgres_and_redis(
    tmp_path: Path, postgres_url: str, redis_url: str, redis_prefix: str
) -> None:
    await asyncio.to_thread(upgrade, postgres_url)
    settings = make_settings(
        tmp_path, database_url=postgres_url, redis_url=redis_url, redis_key_prefix=redis_prefix
    )
    async with running_app(settings) as (_app, client):
        ready = await client.get("/health/ready")
        assert ready.status_code == 200
        assert ready.json()["checks"] == {"database": "ok", "redis": "ok", "pms_breaker": "closed"}
        # The production stores serve a real conversation too.
        answer = await client.post(
            "/api/v1/messages", json={"guest_id": "pg", "text": "What time is check-in?"}
        )
        assert answer.json()["delivery"] == "answered" and "15:00" in answer.json()["reply"]["text"]
        history = await client.get("/api/v1/conversations/pg", headers=admin_headers())
        assert len(history.json()["messages"]) == 2


async def test_ready_fails_when_redis_is_unreachable_but_live_does_not(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, redis_url=f"redis://127.0.0.1:{free_port()}/0")
    async with running_app(settings) as (_app, client):
        ready = await client.get("/health/ready")
        assert ready.status_code == 503
        assert (
            ready.json()["checks"]["redis"].startswith("error") and ready.json()["checks"]["database"] == "ok"
        )
        assert (await client.get("/health/live")).status_code == 200


async def test_open_breaker_is_reported_but_does_not_fail_readiness(tmp_path: Path) -> None:
    async with running_app(make_settings(tmp_path)) as (_app, client):
        await client.post("/admin/pms/breaker/force-open", headers=admin_headers())
        ready = await client.get("/health/ready")
        assert ready.status_code == 200 and ready.json()["checks"]["pms_breaker"] == "open"
