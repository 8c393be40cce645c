"""The real service as `make run` starts it (`hotel-agent serve`, uvicorn, its own process), for tests that
need a real socket, a process to measure or a process to kill -9."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.apps import SHARED_AUDIO_MODEL_DIR
from tests.fake_graph import FakeGraphAPI
from tests.services import free_port

ADMIN_TOKEN = "reliability-admin-token-0123456789"
APP_SECRET = "reliability-app-secret"
NLP_CACHE = Path("cache") / "nlp"  # under data_dir; file names carry a key of the prototypes and the model
_nlp_cache: Path | None = None


@dataclass
class LiveServer:
    process: subprocess.Popen[bytes]
    url: str
    data_dir: Path
    env: dict[str, str]
    log_path: Path
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def rss_kib(self) -> tuple[int, int]:
        """(VmRSS, VmHWM) of the server process, in KiB."""
        values = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0])
        return values["VmRSS"], values["VmHWM"]

    def kill9(self) -> None:
        if self.process.poll() is None:
            os.kill(self.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill9()


def settings_env(
    data_dir: Path,
    graph: FakeGraphAPI | None = None,
    database_url: str | None = None,
    redis_url: str | None = None,
    redis_prefix: str | None = None,
    **overrides: str,
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTEL_AGENT_")}
    env.update(
        {
            "HOTEL_AGENT_ENVIRONMENT": "test",
            "HOTEL_AGENT_DATA_DIR": str(data_dir),
            "HOTEL_AGENT_DATABASE_URL": database_url or f"sqlite+aiosqlite:///{data_dir}/hotel_agent.db",
            "HOTEL_AGENT_ADMIN_TOKEN": ADMIN_TOKEN,
            "HOTEL_AGENT_WHATSAPP_APP_SECRET": APP_SECRET,
            "HOTEL_AGENT_WHATSAPP_VERIFY_TOKEN": "verify-me",
            "HOTEL_AGENT_PMS_TIMEOUT_SECONDS": "1.0",
            "HOTEL_AGENT_DLQ_RETRY_BASE_SECONDS": "0.2",
            "HOTEL_AGENT_DLQ_RETRY_CAP_SECONDS": "0.5",
            "HOTEL_AGENT_DLQ_POLL_SECONDS": "0.2",
            "HOTEL_AGENT_CHAT_RATE_LIMIT_PER_MINUTE": "100000",
            "HOTEL_AGENT_LOG_LEVEL": "WARNING",
            # The speech model is assembled once per checkout, not copied into every server's data_dir.
            "HOTEL_AGENT_AUDIO_MODEL_DIR": str(SHARED_AUDIO_MODEL_DIR),
        }
    )
    if graph is not None:
        env.update(
            {
                "HOTEL_AGENT_WHATSAPP_API_BASE": graph.base_url,
                "HOTEL_AGENT_WHATSAPP_ACCESS_TOKEN": graph.token,
                "HOTEL_AGENT_WHATSAPP_PHONE_NUMBER_ID": graph.phone_number_id,
            }
        )
    if redis_url:
        env["HOTEL_AGENT_REDIS_URL"] = redis_url
        env["HOTEL_AGENT_REDIS_KEY_PREFIX"] = redis_prefix or "reliability:"
    env.update({f"HOTEL_AGENT_{k.upper()}": v for k, v in overrides.items()})
    return env


def start(data_dir: Path, env: dict[str, str], timeout: float = 90.0, *, migrate: bool = True) -> LiveServer:
    """`hotel-agent migrate` then `hotel-agent serve` on a free port; returns once /health/ready answers.
    `migrate=False`: a restart on a database already migrated (the migrate process alone costs seconds)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    if _nlp_cache is not None:
        shutil.copytree(_nlp_cache, data_dir / NLP_CACHE, dirs_exist_ok=True)
    if migrate:
        migrated = subprocess.run(
            [sys.executable, "-m", "hotel_agent", "migrate"],
            env=env,
            cwd=data_dir,
            capture_output=True,
            timeout=120,
        )
        assert migrated.returncode == 0, migrated.stderr.decode(errors="replace")[-2000:]
    port = free_port()
    log_path = data_dir / f"serve-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "hotel_agent", "serve", "--port", str(port)],
            env=env,
            cwd=data_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = LiveServer(process, f"http://127.0.0.1:{port}", data_dir, env, log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}:\n{server.log()[-3000:]}")
        try:
            if httpx.get(f"{server.url}/health/ready", timeout=2).status_code == 200:
                _warm_up(server)
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.kill9()
    raise AssertionError(f"the server was not ready after {timeout}s:\n{server.log()[-3000:]}")


def _warm_up(server: LiveServer) -> None:
    """One chat turn, so the first turn of a test does not pay for the NLP prototype matrix (15 s of CPU,
    kept under data_dir/cache/nlp): the first server of the session computes it, later ones copy it."""
    global _nlp_cache
    response = httpx.post(
        f"{server.url}/api/v1/messages",
        json={"guest_id": f"warm-up-{uuid.uuid4().hex[:8]}", "text": "hola"},
        timeout=300,
    )
    assert response.status_code == 200, response.text
    if _nlp_cache is None and (server.data_dir / NLP_CACHE).is_dir():
        _nlp_cache = Path(tempfile.mkdtemp(prefix="reliability-nlp-cache-"))
        shutil.copytree(server.data_dir / NLP_CACHE, _nlp_cache, dirs_exist_ok=True)
