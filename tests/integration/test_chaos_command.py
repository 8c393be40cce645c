"""`hotel-agent chaos pms-outage` against a running embedded service, as an operator would run it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.services import free_port, wait_port


def test_chaos_pms_outage_reports_nobody_lost(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTEL_AGENT_")}
    env.update(
        HOTEL_AGENT_DATA_DIR=str(tmp_path),
        HOTEL_AGENT_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/chaos.db",
        HOTEL_AGENT_PMS_BREAKER_RECOVERY_SECONDS="2",
        HOTEL_AGENT_PMS_BREAKER_PROBE_INTERVAL_SECONDS="0.5",
        HOTEL_AGENT_DLQ_RETRY_BASE_SECONDS="1",
        HOTEL_AGENT_DLQ_RETRY_CAP_SECONDS="2",
        HOTEL_AGENT_DLQ_POLL_SECONDS="0.2",
        HOTEL_AGENT_DLQ_MAX_RETRIES="20",
        HOTEL_AGENT_LOG_LEVEL="WARNING",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "hotel_agent", "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_port("127.0.0.1", port, timeout=60)
        deadline = time.monotonic() + 60
        while httpx.get(f"http://127.0.0.1:{port}/health/ready").status_code != 200:
            assert time.monotonic() < deadline
            time.sleep(0.2)
        # The token comes from var/admin_token under the data dir, as with `make run`.
        drill = subprocess.run(
            [
                sys.executable,
                "-m",
                "hotel_agent",
                "chaos",
                "pms-outage",
                "--duration",
                "10s",
                "--rate",
                "4",
                "--url",
                f"http://127.0.0.1:{port}",
                "--drain-timeout",
                "60s",
            ],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=180,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert drill.returncode == 0, drill.stdout + drill.stderr
    verdict = [line for line in drill.stdout.splitlines() if line.startswith("sent: ")]
    assert verdict, drill.stdout
    sent = int(verdict[0].split("sent: ")[1].split(",")[0])
    assert sent >= 20 and f"answered: {sent}, lost: 0" in verdict[0]
    assert (
        "breaker opened after" in verdict[0]
        and "n/a" not in verdict[0].split("opened after")[1].split(",")[0]
    )
