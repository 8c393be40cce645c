"""Build the real app for a test: its own database and data dir, the simulator, a local fake Graph API."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from hotel_agent.app import create_app
from hotel_agent.container import Container
from hotel_agent.settings import Settings
from tests import whatsapp_payloads as wa
from tests.fake_graph import FakeGraphAPI
from tests.sqlite_template import seed_at_head

ADMIN_TOKEN = "test-admin-token"
SHARED_AUDIO_MODEL_DIR = Path("var/cache/whisper-base").resolve()
APP_SECRET = "test-app-secret"


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "data_dir": tmp_path,
        "database_url": f"sqlite+aiosqlite:///{tmp_path}/hotel_agent.db",
        "admin_token": ADMIN_TOKEN,
        "whatsapp_app_secret": APP_SECRET,
        "whatsapp_verify_token": "verify-me",
        "pms_breaker_recovery_seconds": 1.0,
        "pms_breaker_probe_interval_seconds": 0.2,
        "pms_breaker_failure_threshold": 3,
        "pms_timeout_seconds": 2.0,
        "dlq_retry_base_seconds": 0.2,
        "dlq_retry_cap_seconds": 0.5,
        "dlq_poll_seconds": 0.1,
        "inbox_recovery_seconds": 5.0,
        # Computed once per checkout and shared by every test (it takes seconds; each test's data_dir is new).
        "nlp_cache_dir": Path("var/cache/nlp").resolve(),
        # Likewise the speech model: assembled once (140 MB), and loaded once per test process — the process
        # keeps one model per directory, so a directory per test held ~150 MB per app started (10.8 GB RSS
        # by the reliability tests in one `make test`).
        "audio_model_dir": SHARED_AUDIO_MODEL_DIR,
    }
    values.update(overrides)
    return Settings(**values)


@asynccontextmanager
async def running_app(settings: Settings) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    # A new embedded database starts at head (copied); the app's own upgrade at start-up then finds it there.
    await asyncio.to_thread(seed_at_head, settings.database_url)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=30) as client:
            yield app, client


def whatsapp_settings(tmp_path: Path, graph: FakeGraphAPI, **overrides: Any) -> Settings:
    """make_settings with WhatsApp replies going to the local fake Graph API."""
    return make_settings(
        tmp_path,
        whatsapp_api_base=graph.base_url,
        whatsapp_access_token=graph.token,
        whatsapp_phone_number_id=graph.phone_number_id,
        **overrides,
    )


async def post_signed(client: httpx.AsyncClient, payload: dict[str, Any]) -> None:
    """Deliver a notification to the webhook as Meta would (signed), and check it was accepted."""
    body, headers = wa.signed(payload, APP_SECRET)
    response = await client.post("/webhooks/whatsapp", content=body, headers=headers)
    assert response.status_code == 200, response.text


def container_of(app: FastAPI) -> Container:
    return app.state.container  # type: ignore[no-any-return]


def partial_container(**parts: Any) -> Container:
    """A container holding only what one router under test needs (the rest is None)."""
    container = object.__new__(Container)
    for field in dataclasses.fields(Container):
        setattr(container, field.name, None)
    container.background, container.tasks = [], []
    for name, value in parts.items():
        setattr(container, name, value)
    return container


def admin_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN_TOKEN}"}
