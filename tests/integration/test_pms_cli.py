"""`hotel-agent pms-simulator` as a real process, driven by the QloApps client and `hotel-agent pms-faults`."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hotel_agent.pms.base import PMSUnavailable
from hotel_agent.pms.qloapps import QloAppsPMS
from tests.services import free_port, wait_port

pytestmark = pytest.mark.integration
CLI = [str(Path(sys.executable).parent / "hotel-agent")]


async def test_standalone_simulator_and_faults_cli(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "HOTEL_AGENT_ADMIN_TOKEN": "cli-admin", "HOTEL_AGENT_QLOAPPS_API_KEY": "CLIKEY"}
    server = subprocess.Popen(  # noqa: ASYNC220 - a long-running child, started once
        [
            *CLI,
            "pms-simulator",
            "--port",
            str(port),
            "--database-url",
            f"sqlite+aiosqlite:///{tmp_path}/sim.db",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    pms = QloAppsPMS(url, "CLIKEY", timeout_seconds=2.0)
    try:
        await asyncio.to_thread(wait_port, "127.0.0.1", port, 30.0)
        assert len(await pms.room_types()) == 5

        def faults(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [*CLI, "pms-faults", "--url", url, *args], env=env, capture_output=True, text=True, timeout=30
            )

        down = await asyncio.to_thread(faults, "--mode", "down")
        assert down.returncode == 0, down.stdout + down.stderr
        assert '"mode": "down"' in down.stdout
        with pytest.raises(PMSUnavailable, match="503"):
            await pms.ping()
        bad_token = await asyncio.to_thread(faults, "--mode", "ok", "--token", "wrong")
        assert bad_token.returncode == 1 and "403" in bad_token.stdout
        ok = await asyncio.to_thread(faults, "--mode", "ok")
        assert ok.returncode == 0
        await pms.ping()
    finally:
        await pms.aclose()
        server.terminate()
        server.wait(timeout=10)
