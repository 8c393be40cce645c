"""The breaker and the DLQ against the real QloApps: its PHP server is stopped mid-conversation.

    guests get offers from QloApps and give their details → QloApps' PHP server stops → the guests say "yes":
    the breaker opens, each message is dead-lettered with one holding reply → the server starts again →
    the DLQ retries: every guest gets their confirmation, and QloApps holds exactly one booking per guest.

Needs, besides the contract variables, HOTEL_AGENT_QLOAPPS_TEST_SRC: the QloApps tree that
scripts/qloapps-dev.sh serves (the test stops and starts that PHP server with the script). The bookings it
makes are cancelled at the end. docs/observability.md records a run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.contract.conftest import KEY, URL
from tests.e2e.live.processes import ManagedProcess, child_env, wait_http_ok, wait_until
from tests.services import free_port

ROOT = Path(__file__).resolve().parents[2]
SRC = os.environ.get("HOTEL_AGENT_QLOAPPS_TEST_SRC", "")
ADMIN_TOKEN = "contract-outage-admin-token"
GUESTS = 4
OUTAGE_SECONDS = 8.0
REPORT = ROOT / "var" / "contract" / "outage_last_run.json"

pytestmark = pytest.mark.skipif(
    not SRC,
    reason="the outage run also needs HOTEL_AGENT_QLOAPPS_TEST_SRC (the tree scripts/qloapps-dev.sh serves)",
)


def qloapps(action: str) -> None:
    subprocess.run(["bash", str(ROOT / "scripts" / "qloapps-dev.sh"), SRC, action], check=True, timeout=60)


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
        HOTEL_AGENT_PMS_TIMEOUT_SECONDS="20",
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


def breaker_state(client: httpx.Client) -> float:
    text = client.get("/metrics").text
    values = [
        float(m.group(1)) for m in re.finditer(r"^pms_circuit_breaker_state(?:\{[^}]*\})? (\S+)$", text, re.M)
    ]
    return max(values) if values else -1.0


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


def test_qloapps_stops_mid_conversation_and_every_guest_is_answered_once(service: str) -> None:
    run = uuid.uuid4().hex[:6]
    start = date.today() + timedelta(days=320 + int(run, 16) % 20)
    stay = f"from {start:%B} {start.day}, {start.year} to {(start + timedelta(days=2)):%B} {(start + timedelta(days=2)).day}"
    guests = [f"outage-{run}-{n}" for n in range(GUESTS)]
    emails = {g: f"{g}@example.com" for g in guests}
    timeline: dict[str, float] = {}
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    with (
        httpx.Client(base_url=service, timeout=120) as client,
        httpx.Client(base_url=service, headers=headers, timeout=60) as admin,
    ):
        # 1. With QloApps up: offers, a room chosen, name and email given: the summary awaits a "yes".
        summaries = {}
        for guest in guests:
            offers = say(client, guest, f"Do you have a room for 2 adults {stay}?")
            assert offers["delivery"] == "answered" and "book_1" in [
                b["id"] for b in offers["reply"]["buttons"]
            ], offers
            say(client, guest, "book_1")
            say(client, guest, "Lucia Fernandez")
            summary = say(client, guest, emails[guest])
            assert "Shall I confirm the booking?" in summary["reply"]["text"], summary
            summaries[guest] = re.search(r"Total: (USD [\d,.]+)", summary["reply"]["text"]).group(1)  # type: ignore[union-attr]
        assert breaker_state(client) == 0

        # 2. QloApps' PHP server stops; every guest says yes at once.
        timeline["stopped"] = time.time()
        qloapps("stop")
        try:
            with ThreadPoolExecutor(max_workers=GUESTS) as pool:
                answers = list(pool.map(lambda g: say(client, g, "yes"), guests))
            assert [a["delivery"] for a in answers] == ["queued"] * GUESTS, answers
            wait_until("breaker open", lambda: breaker_state(client) == 1, 30)
            timeline["breaker_open"] = time.time()
            dlq = admin.get("/admin/dlq").json()
            assert dlq["total"] == GUESTS, dlq
            for guest in guests:
                assert len(sent(admin, guest, "holding")) == 1
            # The outage lasts: probes and retries keep failing, nobody is answered twice or wrongly.
            time.sleep(OUTAGE_SECONDS)
            assert breaker_state(client) != 0
            assert admin.get("/admin/dlq").json()["total"] == GUESTS
            for guest in guests:
                assert not [t for t in sent(admin, guest, "answer") if "Booking number" in t]
                assert len(sent(admin, guest, "holding")) == 1
        finally:
            # 3. QloApps comes back.
            timeline["started"] = time.time()
            qloapps("start")

        def all_answered() -> bool:
            return all(any("Booking number" in t for t in sent(admin, g, "answer")) for g in guests)

        wait_until("every guest answered", all_answered, 120, interval=0.5)
        timeline["answered"] = time.time()
        wait_until("breaker closed", lambda: breaker_state(client) == 0, 30)
        transitions = {
            f"{m.group(1)}->{m.group(2)}": float(m.group(3))
            for m in re.finditer(
                r'^pms_circuit_breaker_transitions_total\{from_state="(\w+)",to_state="(\w+)"\} (\S+)$',
                client.get("/metrics").text,
                re.M,
            )
        }
        assert transitions.get("closed->open", 0) >= 1 and transitions.get("half_open->closed", 0) >= 1
        orders: dict[str, list[dict[str, Any]]] = {}
        timeline["breaker_closed"] = time.time()
        try:
            for guest in guests:
                confirmations = [t for t in sent(admin, guest, "answer") if "Booking number" in t]
                assert len(confirmations) == 1, confirmations
                assert len(sent(admin, guest, "holding")) == 1
                assert f"Total: {summaries[guest]}" in confirmations[0]  # what the summary said
                orders[guest] = bookings_of(emails[guest])
                assert len(orders[guest]) == 1, orders[guest]  # no duplicate booking in QloApps
                number = re.search(r"Booking number: (\d+)", confirmations[0]).group(1)  # type: ignore[union-attr]
                assert str(orders[guest][0]["id"]) == number
        finally:
            REPORT.parent.mkdir(parents=True, exist_ok=True)
            REPORT.write_text(
                json.dumps(
                    {
                        "guests": GUESTS,
                        "timeline_s": {k: round(v - timeline["stopped"], 2) for k, v in timeline.items()},
                        "breaker_transitions": transitions,
                        "orders": orders,
                        "quoted": summaries,
                    },
                    indent=1,
                )
            )
            _cancel_all(orders)


def _cancel_all(orders: dict[str, list[dict[str, Any]]]) -> None:
    import asyncio

    from hotel_agent.pms.qloapps import QloAppsPMS

    async def cancel() -> None:
        pms = QloAppsPMS(URL, KEY, timeout_seconds=60)
        try:
            for items in orders.values():
                for order in items:
                    await pms.cancel_booking(str(order["id"]))
        finally:
            await pms.aclose()

    asyncio.run(cancel())
