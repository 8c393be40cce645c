"""POST /admin/alerts receives Alertmanager's webhook (version 4), stores every alert in SQL (migration
0004_alerts, on SQLite and PostgreSQL), counts and logs it; GET /admin/alerts lists them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from hotel_agent.api.admin_alerts import router
from hotel_agent.db.migrate import downgrade, upgrade
from hotel_agent.db.session import Database
from hotel_agent.observability.metrics import ALERTS_RECEIVED
from hotel_agent.settings import Settings
from tests.apps import partial_container

TOKEN = "alerts-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def payload(status: str = "firing", **overrides: Any) -> dict[str, Any]:
    """What Alertmanager 0.25 posts (fields as in its webhook documentation)."""
    alert = {
        "status": status,
        "labels": {
            "alertname": "PMSCircuitBreakerOpenExtended",
            "severity": "critical",
            "component": "pms_adapter",
            "job": "hotel-agent-api",
            "instance": "api:8002",
        },
        "annotations": {"summary": "PMS Circuit Breaker OPEN por >5min", "runbook_url": "https://x/r.md"},
        "startsAt": "2025-11-14T10:00:00.123Z",
        "endsAt": "2025-11-14T10:09:00Z" if status == "resolved" else "0001-01-01T00:00:00Z",
        "generatorURL": "http://prometheus:9090/graph?g0.expr=x",
        "fingerprint": "a1b2c3d4e5f60718",
    }
    body = {
        "version": "4",
        "groupKey": '{}/{severity="critical"}:{alertname="PMSCircuitBreakerOpenExtended", component="pms_adapter"}',
        "truncatedAlerts": 0,
        "status": status,
        "receiver": "hotel-agent-page",
        "groupLabels": {"alertname": "PMSCircuitBreakerOpenExtended", "component": "pms_adapter"},
        "commonLabels": alert["labels"],
        "commonAnnotations": alert["annotations"],
        "externalURL": "http://alertmanager:9093",
        "alerts": [alert],
    }
    body.update(overrides)
    return body


@pytest.fixture(params=["sqlite", "postgres"])
async def client(request: pytest.FixtureRequest) -> AsyncIterator[httpx.AsyncClient]:
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
    await asyncio.to_thread(upgrade, url)
    db = Database(url)
    app = FastAPI()
    app.include_router(router)
    app.state.container = partial_container(settings=Settings(), db=db, admin_token=TOKEN)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield http
    await db.dispose()


def _count(alertname: str, status: str) -> float:
    return ALERTS_RECEIVED.labels(alertname=alertname, status=status)._value.get()


async def test_firing_then_resolved_are_stored_counted_and_listed(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    before = _count("PMSCircuitBreakerOpenExtended", "firing")
    with caplog.at_level(logging.WARNING, logger="hotel_agent.observability.alerts"):
        response = await client.post("/admin/alerts", json=payload("firing"), headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.json() == {"received": 1, "status": "firing"}
    assert _count("PMSCircuitBreakerOpenExtended", "firing") == before + 1
    assert "PMSCircuitBreakerOpenExtended firing severity=critical component=pms_adapter" in caplog.text
    assert TOKEN not in caplog.text

    assert (await client.post("/admin/alerts", json=payload("resolved"), headers=AUTH)).status_code == 200

    listed = (await client.get("/admin/alerts", headers=AUTH)).json()
    assert listed["total"] == 2
    newest, oldest = listed["items"]
    assert (newest["status"], oldest["status"]) == ("resolved", "firing")
    assert oldest["alertname"] == "PMSCircuitBreakerOpenExtended"
    assert oldest["severity"] == "critical" and oldest["component"] == "pms_adapter"
    assert oldest["ends_at"] is None  # Alertmanager's zero time means "not ended"
    assert oldest["starts_at"].startswith("2025-11-14T10:00:00.123")
    assert newest["ends_at"].startswith("2025-11-14T10:09:00")
    assert oldest["labels"]["instance"] == "api:8002"
    assert oldest["annotations"]["summary"] == "PMS Circuit Breaker OPEN por >5min"

    firing_only = (await client.get("/admin/alerts", params={"status": "firing"}, headers=AUTH)).json()
    assert [item["status"] for item in firing_only["items"]] == ["firing"]
    by_name = (await client.get("/admin/alerts", params={"alertname": "Other"}, headers=AUTH)).json()
    assert by_name == {"items": [], "total": 0, "offset": 0, "limit": 50}


async def test_a_grouped_notification_stores_each_alert(client: httpx.AsyncClient) -> None:
    body = payload("firing")
    second = {
        **body["alerts"][0],
        "labels": {**body["alerts"][0]["labels"], "instance": "worker:8003"},
        "fingerprint": "ffff000011112222",
    }
    body["alerts"].append(second)
    response = await client.post("/admin/alerts", json=body, headers=AUTH)
    assert response.json()["received"] == 2
    listed = (await client.get("/admin/alerts", headers=AUTH)).json()
    assert {item["labels"]["instance"] for item in listed["items"]} == {"api:8002", "worker:8003"}


@pytest.mark.parametrize(
    "bad",
    [
        {"version": "3"},
        {"alerts": []},
        {"status": "pending"},
    ],
)
async def test_bad_payloads_are_refused_and_not_stored(
    client: httpx.AsyncClient, bad: dict[str, Any]
) -> None:
    body = {**payload("firing"), **bad}
    response = await client.post("/admin/alerts", json=body, headers=AUTH)
    assert response.status_code == 422
    assert (await client.get("/admin/alerts", headers=AUTH)).json()["total"] == 0


async def test_admin_token_required(client: httpx.AsyncClient) -> None:
    assert (await client.post("/admin/alerts", json=payload())).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert (await client.post("/admin/alerts", json=payload(), headers=wrong)).status_code == 403
    assert (await client.get("/admin/alerts", headers=wrong)).status_code == 403


async def test_migration_down_and_up(sqlite_url: str) -> None:
    await asyncio.to_thread(upgrade, sqlite_url)
    await asyncio.to_thread(downgrade, sqlite_url, "0003_dlq")
    db = Database(sqlite_url)
    from sqlalchemy import inspect

    async with db.engine.connect() as conn:
        tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    assert "alert_notifications" not in tables
    await db.dispose()
    await asyncio.to_thread(upgrade, sqlite_url)
    db = Database(sqlite_url)
    async with db.engine.connect() as conn:
        tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    assert "alert_notifications" in tables
    await db.dispose()
