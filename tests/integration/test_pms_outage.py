"""Issue 2's outage walk-through on the embedded app: breaker 0 → 1 → 2 (no traffic needed) → 0."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.apps import admin_headers, make_settings, running_app

AVAILABILITY_ES = "¿Tenéis habitación doble del 3 al 5 de marzo para dos personas?"


async def _metric(client: httpx.AsyncClient, name: str, **labels: str) -> float:
    text = (await client.get("/metrics")).text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    raise AssertionError(f"{name}{labels} not exported")


async def _wait_metric(client: httpx.AsyncClient, name: str, value: float, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await _metric(client, name) == value:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{name} never reached {value}; last {await _metric(client, name)}")


async def test_breaker_opens_goes_half_open_without_traffic_and_closes_when_pms_is_back(
    tmp_path: Path,
) -> None:
    settings = make_settings(tmp_path, pms_breaker_recovery_seconds=1.0, dlq_retry_base_seconds=30.0)
    async with running_app(settings) as (_app, client):
        assert await _metric(client, "pms_circuit_breaker_state") == 0
        down = await client.post("/admin/pms/faults", json={"mode": "down"}, headers=admin_headers())
        assert down.status_code == 200, down.text
        for i in range(4):
            answer = await client.post(
                "/api/v1/messages", json={"guest_id": f"g{i}", "text": AVAILABILITY_ES}
            )
            assert answer.status_code == 200
            body = answer.json()
            assert body["delivery"] == "queued", body
            assert "responderemos" in body["reply"]["text"]
        await _wait_metric(client, "pms_circuit_breaker_state", 1)
        assert await _metric(client, "pms_circuit_breaker_calls_total", state="open", result="failure") >= 1
        # No guest traffic from here on: the state must still move on its own.
        await _wait_metric(client, "pms_circuit_breaker_state", 2, timeout=10)
        up = await client.post("/admin/pms/faults", json={"mode": "ok"}, headers=admin_headers())
        assert up.status_code == 200
        await _wait_metric(client, "pms_circuit_breaker_state", 0, timeout=15)
        assert await _metric(client, "pms_circuit_breaker_failure_streak") == 0
