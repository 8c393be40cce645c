"""The agent (`hotel-agent serve`, QloApps backend) over the chat API, for the contract tests."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.contract.conftest import KEY, URL
from tests.e2e.live.processes import ManagedProcess, child_env, wait_http_ok
from tests.services import free_port

ADMIN_TOKEN = "contract-agent-admin-token"


@pytest.fixture
def service(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = child_env(
        HOTEL_AGENT_ENVIRONMENT="test",
        HOTEL_AGENT_LOG_LEVEL="WARNING",
        HOTEL_AGENT_DATA_DIR=str(tmp_path / "data"),  # SQLite follows it
        HOTEL_AGENT_ADMIN_TOKEN=ADMIN_TOKEN,
        HOTEL_AGENT_PMS_BACKEND="qloapps",
        HOTEL_AGENT_QLOAPPS_URL=URL,
        HOTEL_AGENT_QLOAPPS_API_KEY=KEY,
        HOTEL_AGENT_PMS_TIMEOUT_SECONDS="30",
        HOTEL_AGENT_PMS_BREAKER_FAILURE_THRESHOLD="2",
        HOTEL_AGENT_PMS_BREAKER_RECOVERY_SECONDS="3",
        HOTEL_AGENT_PMS_BREAKER_PROBE_INTERVAL_SECONDS="1",
        HOTEL_AGENT_DLQ_RETRY_BASE_SECONDS="2",
        HOTEL_AGENT_DLQ_RETRY_CAP_SECONDS="4",
        HOTEL_AGENT_DLQ_POLL_SECONDS="0.5",
        HOTEL_AGENT_DLQ_MAX_RETRIES="100",
        HOTEL_AGENT_CHAT_RATE_LIMIT_PER_MINUTE="1000",
    )
    process = ManagedProcess(
        "service",
        [sys.executable, "-m", "hotel_agent", "serve", "--port", str(port)],
        tmp_path / "service.log",
        env=env,
        cwd=tmp_path,
    )
    try:  # (serve migrates its SQLite itself)
        wait_http_ok(process, f"http://127.0.0.1:{port}/health/ready", timeout=120)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.stop()
        print(process.tail(40))


TOKENS: dict[str, str] = {}


def say(client: httpx.Client, guest: str, text: str) -> dict[str, Any]:
    headers = {"X-Conversation-Token": TOKENS[guest]} if guest in TOKENS else {}
    response = client.post("/api/v1/messages", json={"guest_id": guest, "text": text}, headers=headers)
    assert response.status_code == 200, response.text
    answer = dict(response.json())
    TOKENS[guest] = answer.get("conversation_token") or TOKENS.get(guest, "")
    return answer


def sent(admin: httpx.Client, guest: str, kind: str) -> list[str]:
    response = admin.get(f"/api/v1/conversations/{guest}")
    assert response.status_code == 200, response.text
    return [m["text"] for m in response.json()["messages"] if m["direction"] == "out" and m["kind"] == kind]


def bookings_of(email: str) -> list[dict[str, Any]]:
    """The guest's orders in QloApps, read straight from its webservice."""
    with httpx.Client(base_url=URL, auth=(KEY, ""), timeout=60) as qlo:
        customers = qlo.get(
            "/api/customers",
            params={"output_format": "JSON", "display": "[id]", "filter[email]": f"[{email}]"},
        ).json()
        ids = [c["id"] for c in (customers.get("customers", []) if isinstance(customers, dict) else [])]
        if not ids:
            return []
        orders = qlo.get(
            "/api/orders",
            params={
                "output_format": "JSON",
                "display": "[id,current_state,total_paid_tax_incl]",
                "filter[id_customer]": "[" + "|".join(map(str, ids)) + "]",
            },
        ).json()
    return list(orders.get("orders", []) if isinstance(orders, dict) else [])
