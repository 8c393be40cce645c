"""The seed's metrics with their labels, route templates, and correctness under `serve --workers 2`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.apps import ADMIN_TOKEN, admin_headers, make_settings, running_app
from tests.services import free_port, wait_port

SEED_METRICS = {
    "pms_circuit_breaker_state": set(),
    "pms_circuit_breaker_calls_total": {"state", "result"},
    "pms_circuit_breaker_failure_streak": set(),
    "pms_api_latency_seconds": {"endpoint", "method"},
    "orchestrator_latency_seconds": {"intent"},
    "http_requests_total": {"method", "endpoint", "status_code"},
}


def _samples(text: str) -> list[tuple[str, dict[str, str], float]]:
    return [(s.name, s.labels, s.value) for f in text_string_to_metric_families(text) for s in f.samples]


async def test_seed_metrics_exported_with_their_labels(tmp_path: Path) -> None:
    async with running_app(make_settings(tmp_path)) as (_app, client):
        reply = await client.post(
            "/api/v1/messages",
            json={"guest_id": "m1", "text": "Hola, ¿tenéis habitación doble del 3 al 5 de marzo para dos?"},
        )
        assert reply.status_code == 200
        await client.get("/health/live")
        await client.get("/no/such/path/12345")
        text = (await client.get("/metrics")).text
    samples = _samples(text)
    for name, labels in SEED_METRICS.items():
        found = [s for s in samples if s[0] == name or s[0].startswith(name + "_")]
        assert found, f"{name} missing from /metrics"
        if labels:
            assert any(labels <= set(s[1]) for s in found), f"{name} lacks labels {labels}"
    endpoints = {s[1]["endpoint"] for s in samples if s[0] == "http_requests_total"}
    assert {"/api/v1/messages", "/health/live", "<unmatched>"} <= endpoints
    assert not any("12345" in e for e in endpoints), "raw paths must never become label values"
    buckets = {s[1]["le"] for s in samples if s[0] == "orchestrator_latency_seconds_bucket"}
    assert "1.0" in buckets


async def test_validation_errors_say_what_is_wrong(tmp_path: Path) -> None:
    async with running_app(make_settings(tmp_path)) as (_app, client):
        missing = await client.post("/api/v1/messages", json={"guest_id": "x"})
        assert missing.status_code == 422 and "text" in missing.json()["detail"]
        blank = await client.post("/api/v1/messages", json={"guest_id": "x", "text": "   "})
        assert blank.status_code == 422 and "blank" in blank.json()["detail"]
        not_json = await client.post(
            "/api/v1/messages", content=b"guest_id=x", headers={"content-type": "application/json"}
        )
        assert not_json.status_code == 422
        assert not_json.json()["detail"].startswith("body: invalid JSON (Expecting value")
        huge = "secret-ish " * 600
        too_long = await client.post("/api/v1/messages", json={"guest_id": "x", "text": huge})
        assert too_long.status_code == 422 and "text: String should have at most 4096" in too_long.text
        assert "secret-ish" not in too_long.text  # the rejected input is not echoed back
        nothing = await client.get("/api/v1/conversations/nobody", headers=admin_headers())
        assert nothing.status_code == 404


def test_metrics_are_right_with_several_uvicorn_workers(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "HOTEL_AGENT_DATA_DIR": str(tmp_path),
        "HOTEL_AGENT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/db.sqlite",
        "HOTEL_AGENT_ADMIN_TOKEN": ADMIN_TOKEN,
        "HOTEL_AGENT_LOG_LEVEL": "WARNING",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    subprocess.run([sys.executable, "-m", "hotel_agent", "migrate"], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "hotel_agent", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_port("127.0.0.1", port, timeout=60)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while httpx.get(f"{base}/health/ready").status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        sent = 12
        with httpx.Client(base_url=base, timeout=30) as client:
            for i in range(sent):
                response = client.post("/api/v1/messages", json={"guest_id": f"mp{i}", "text": "hello"})
                assert response.status_code == 200
            # Each scrape may land on either worker; every one must report the total of both.
            for _ in range(4):
                text = client.get("/metrics").text
                received = sum(
                    v
                    for n, labels, v in _samples(text)
                    if n == "messages_received_total" and labels.get("channel") == "chat"
                )
                assert received == sent
                assert re.search(r"^pms_circuit_breaker_state\S* 0\.0$", text, re.M)
    finally:
        server.terminate()
        server.wait(timeout=30)
