"""`hotel-agent worker` as its own process: it retries what the API dead-lettered, serves /metrics, stops on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.apps import ADMIN_TOKEN, admin_headers, make_settings, running_app
from tests.services import free_port, wait_port


async def test_worker_process_delivers_the_late_answer(tmp_path: Path) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path}/shared.db"
    settings = make_settings(tmp_path, database_url=database_url, dlq_run_worker_in_process=False)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTEL_AGENT_")}
    env.update(
        HOTEL_AGENT_DATABASE_URL=database_url,
        HOTEL_AGENT_DATA_DIR=str(tmp_path),
        HOTEL_AGENT_ADMIN_TOKEN=ADMIN_TOKEN,
        HOTEL_AGENT_DLQ_RETRY_BASE_SECONDS="0.2",
        HOTEL_AGENT_DLQ_RETRY_CAP_SECONDS="0.5",
        HOTEL_AGENT_DLQ_POLL_SECONDS="0.1",
        HOTEL_AGENT_WORKER_METRICS_PORT=str(port),
        HOTEL_AGENT_LOG_LEVEL="INFO",
        HOTEL_AGENT_WORKER_NICE="7",
    )
    nice = max(7, os.getpriority(os.PRIO_PROCESS, 0))  # never raised above what it was started with
    async with running_app(settings) as (_app, client):
        await client.post("/admin/pms/faults", json={"mode": "down"}, headers=admin_headers())
        queued = await client.post(
            "/api/v1/messages",
            json={"guest_id": "w1", "text": "Hi, a double room from March 3 to 5 for 2 adults?"},
        )
        assert queued.json()["delivery"] == "queued"
        await client.post("/admin/pms/faults", json={"mode": "ok"}, headers=admin_headers())

        worker = subprocess.Popen(  # noqa: ASYNC220 - a real process is the point of this test
            [sys.executable, "-m", "hotel_agent", "worker"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            wait_port("127.0.0.1", port, timeout=60)
            deadline = time.monotonic() + 60
            kinds: list[str] = []
            while time.monotonic() < deadline and "answer" not in kinds:
                history = await client.get("/api/v1/conversations/w1", headers=admin_headers())
                kinds = [m["kind"] for m in history.json()["messages"] if m["direction"] == "out"]
                await asyncio.sleep(0.2)
            assert kinds == ["holding", "answer"], kinds
            # The worker removes the DLQ entry once the answer is recorded: wait for that, not for a moment.
            waiting = 1
            while time.monotonic() < deadline and waiting:
                waiting = (await client.get("/admin/dlq", headers=admin_headers())).json()["total"]
                await asyncio.sleep(0.1)
            assert waiting == 0
            # Every thread of the worker (a nice value is per thread on Linux) yields the CPU to the API's.
            assert thread_nices(worker.pid) == {nice}
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as worker_http:
                assert (await worker_http.get("/health/live")).status_code == 200
                metrics = (await worker_http.get("/metrics")).text
            assert 'dlq_retries_total{result="success"} 1.0' in metrics
            assert "dlq_queue_size 0.0" in metrics
        finally:
            worker.send_signal(signal.SIGTERM)
            _, stderr = worker.communicate(timeout=30)
        # uvicorn re-raises the SIGTERM after its graceful shutdown, so -15 is a clean exit here.
        assert worker.returncode in (0, -signal.SIGTERM), stderr
        assert "stopped" in stderr and "Application shutdown complete" in stderr, stderr


def thread_nices(pid: int) -> set[int]:
    """The nice value of each of a process's threads (/proc/PID/task/TID/stat, field 19)."""
    nices = set()
    for stat in Path(f"/proc/{pid}/task").glob("*/stat"):
        fields = stat.read_text().rsplit(")", 1)[1].split()
        nices.add(int(fields[16]))  # fields after the command name start at field 3
    return nices
