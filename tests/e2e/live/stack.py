"""The whole stack of the live test on loopback ports chosen at run time: the QloApps-speaking PMS
simulator, the service (`hotel-agent serve`, real QloApps client over HTTP), a fake Graph API, and the
real `prometheus` and `prometheus-alertmanager` loading the project's test-variant rules and config."""

from __future__ import annotations

import shutil
import subprocess
import sys
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from hotel_agent.observability.durations import scale
from hotel_agent.observability.generate import TEST_SCALE
from tests.e2e.live.processes import ManagedProcess, child_env, wait_http_ok, wait_until
from tests.e2e.live.variant import alertmanager_config, prometheus_config
from tests.fake_graph import FakeGraphAPI
from tests.services import free_port

ROOT = Path(__file__).resolve().parents[3]
ADMIN_TOKEN = "e2e-admin-token"
APP_SECRET = "e2e-app-secret"
QLOAPPS_KEY = "E2EWEBSERVICEKEY0123456789ABCDEF"

# Short service timings so the whole outage fits in about a minute (see docs/observability.md).
SERVICE_TIMINGS = {
    "HOTEL_AGENT_PMS_BREAKER_FAILURE_THRESHOLD": "3",
    "HOTEL_AGENT_PMS_BREAKER_RECOVERY_SECONDS": "3",
    "HOTEL_AGENT_PMS_BREAKER_PROBE_INTERVAL_SECONDS": "1",
    "HOTEL_AGENT_PMS_TIMEOUT_SECONDS": "3",
    "HOTEL_AGENT_DLQ_RETRY_BASE_SECONDS": "2",
    "HOTEL_AGENT_DLQ_RETRY_CAP_SECONDS": "4",
    "HOTEL_AGENT_DLQ_POLL_SECONDS": "0.5",
    # Full jitter may retry every few ms; 100 retries outlast the ~10 s outage (no permanent failure).
    "HOTEL_AGENT_DLQ_MAX_RETRIES": "100",
}


def _binary(name: str) -> str:
    found = shutil.which(name)
    assert found, (
        f"{name} missing: `make test` installs it (Debian packages prometheus, prometheus-alertmanager)"
    )
    return found


@dataclass
class LiveStack:
    work_dir: Path
    graph: FakeGraphAPI
    exit_stack: ExitStack
    api_url: str = ""
    simulator_url: str = ""
    prometheus_url: str = ""
    alertmanager_url: str = ""
    worker_urls: list[str] = field(default_factory=list)
    processes: dict[str, ManagedProcess] = field(default_factory=dict)

    @property
    def admin(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {ADMIN_TOKEN}"}

    def check_alive(self) -> None:
        for process in self.processes.values():
            process.check_alive()

    def logs(self) -> str:
        return "\n".join(f"--- {name} ({p.log_path})\n{p.tail(15)}" for name, p in self.processes.items())

    def set_pms(self, mode: str) -> None:
        """Fault mode of the standalone simulator (ok | down | error | slow)."""
        response = httpx.post(
            f"{self.simulator_url}/admin/pms/faults", json={"mode": mode}, headers=self.admin, timeout=10.0
        )
        assert response.status_code == 200, response.text

    def spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> ManagedProcess:
        """Start a child process, stopped (SIGTERM, then kill) when the exit stack closes."""
        process = ManagedProcess(name, argv, self.work_dir / f"{name}.log", env=env, cwd=self.work_dir)
        self.processes[name] = process
        self.exit_stack.callback(process.stop)
        return process

    def service_env(self, **values: str) -> dict[str, str]:
        """What the service and its workers share: the QloApps client on the simulator, WhatsApp on the
        fake Graph API, the short timings; `values` add to it (database, Redis, ...)."""
        return child_env(
            HOTEL_AGENT_ENVIRONMENT="test",
            HOTEL_AGENT_LOG_LEVEL="WARNING",
            HOTEL_AGENT_DATA_DIR=str(self.work_dir / "data"),
            HOTEL_AGENT_ADMIN_TOKEN=ADMIN_TOKEN,
            HOTEL_AGENT_PMS_BACKEND="qloapps",
            HOTEL_AGENT_QLOAPPS_URL=self.simulator_url,
            HOTEL_AGENT_QLOAPPS_API_KEY=QLOAPPS_KEY,
            HOTEL_AGENT_WHATSAPP_APP_SECRET=APP_SECRET,
            HOTEL_AGENT_WHATSAPP_VERIFY_TOKEN="e2e-verify",
            HOTEL_AGENT_WHATSAPP_ACCESS_TOKEN=self.graph.token,
            HOTEL_AGENT_WHATSAPP_PHONE_NUMBER_ID=self.graph.phone_number_id,
            HOTEL_AGENT_WHATSAPP_API_BASE=self.graph.base_url,
            HOTEL_AGENT_CHAT_RATE_LIMIT_PER_MINUTE="1000",
            **SERVICE_TIMINGS,
            **values,
        )


def start_stack(work_dir: Path, stack: ExitStack) -> LiveStack:
    """The embedded shape: one `hotel-agent serve` (SQLite, DLQ worker in-process), the simulator, a real
    Prometheus and Alertmanager. Every process is registered on `stack` for shutdown (also on failure)."""
    live = _new_stack(work_dir, stack)
    api_port, am_port = free_port(), free_port()
    live.api_url = f"http://127.0.0.1:{api_port}"
    live.alertmanager_url = f"http://127.0.0.1:{am_port}"
    simulator = _start_simulator(live)
    service = live.spawn(
        "service",
        [sys.executable, "-m", "hotel_agent", "serve", "--port", str(api_port)],
        env=live.service_env(HOTEL_AGENT_DATABASE_URL=f"sqlite+aiosqlite:///{work_dir}/hotel_agent.db"),
    )

    token_file = work_dir / "admin_token"
    token_file.write_text(ADMIN_TOKEN)
    token_file.chmod(0o600)
    (work_dir / "alertmanager.yml").write_text(
        alertmanager_config(ROOT, webhook_url=f"{live.api_url}/admin/alerts", credentials_file=token_file)
    )
    alertmanager = live.spawn(
        "alertmanager",
        [
            _binary("prometheus-alertmanager"),
            f"--config.file={work_dir / 'alertmanager.yml'}",
            f"--storage.path={work_dir / 'alertmanager-data'}",
            f"--web.listen-address=127.0.0.1:{am_port}",
            "--cluster.listen-address=",
            "--log.level=warn",
        ],
    )
    prometheus = _start_prometheus(
        live,
        api_targets=[f"127.0.0.1:{api_port}"],
        worker_targets=[],  # the embedded service runs the DLQ worker in-process
        alertmanager_target=f"127.0.0.1:{am_port}",
    )
    try:
        wait_http_ok(alertmanager, f"{live.alertmanager_url}/-/ready", timeout=30)
        wait_http_ok(prometheus, f"{live.prometheus_url}/-/ready", timeout=30)
        wait_http_ok(service, f"{live.api_url}/health/ready", timeout=90)
        _wait_simulator(live, simulator)
    except BaseException:
        print(live.logs())  # pytest shows it with the failure
        raise
    return live


def start_production_stack(
    work_dir: Path,
    stack: ExitStack,
    *,
    database_url: str,
    redis_url: str,
    redis_prefix: str,
    workers: int = 2,
) -> LiveStack:
    """The production shape: PostgreSQL and Redis, the API as two uvicorn worker processes (metrics in
    multiprocess mode), `workers` separate `hotel-agent worker` processes retrying the DLQ, the simulator
    and a real Prometheus scraping the API and every worker (no Alertmanager: the embedded run covers it)."""
    live = _new_stack(work_dir, stack)
    api_port = free_port()
    live.api_url = f"http://127.0.0.1:{api_port}"
    simulator = _start_simulator(live)
    shared = {
        "HOTEL_AGENT_DATABASE_URL": database_url,
        "HOTEL_AGENT_REDIS_URL": redis_url,
        "HOTEL_AGENT_REDIS_KEY_PREFIX": redis_prefix,
        "HOTEL_AGENT_DLQ_RUN_WORKER_IN_PROCESS": "false",
        "HOTEL_AGENT_INBOX_WORKER_IN_PROCESS": "false",  # the API stores, the workers process
    }
    subprocess.run(
        [sys.executable, "-m", "hotel_agent", "migrate"],
        env=live.service_env(**shared),
        cwd=work_dir,
        check=True,
        capture_output=True,
        timeout=120,
    )
    service = live.spawn(
        "service",
        [sys.executable, "-m", "hotel_agent", "serve", "--port", str(api_port), "--workers", "2"],
        env=live.service_env(**shared),
    )
    worker_ports = [free_port() for _ in range(workers)]
    worker_processes = []
    for number, port in enumerate(worker_ports, start=1):
        live.worker_urls.append(f"http://127.0.0.1:{port}")
        worker_processes.append(
            live.spawn(
                f"worker-{number}",
                [sys.executable, "-m", "hotel_agent", "worker", "--port", str(port)],
                env=live.service_env(**shared),
            )
        )
    prometheus = _start_prometheus(
        live,
        api_targets=[f"127.0.0.1:{api_port}"],
        worker_targets=[f"127.0.0.1:{port}" for port in worker_ports],
        alertmanager_target=None,
    )
    try:
        wait_http_ok(prometheus, f"{live.prometheus_url}/-/ready", timeout=30)
        wait_http_ok(service, f"{live.api_url}/health/ready", timeout=90)
        for process, url in zip(worker_processes, live.worker_urls, strict=True):
            wait_http_ok(process, f"{url}/metrics", timeout=90)
        _wait_simulator(live, simulator)
    except BaseException:
        print(live.logs())
        raise
    return live


def _new_stack(work_dir: Path, stack: ExitStack) -> LiveStack:
    live = LiveStack(work_dir=work_dir, graph=stack.enter_context(FakeGraphAPI()), exit_stack=stack)
    live.simulator_url = f"http://127.0.0.1:{free_port()}"
    return live


def _start_simulator(live: LiveStack) -> ManagedProcess:
    return live.spawn(
        "pms-simulator",
        [
            sys.executable,
            "-m",
            "hotel_agent",
            "pms-simulator",
            "--port",
            live.simulator_url.rsplit(":", 1)[1],
            "--database-url",
            f"sqlite+aiosqlite:///{live.work_dir}/simulator.db",
            "--api-key",
            QLOAPPS_KEY,
            "--admin-token",
            ADMIN_TOKEN,
        ],
        env=child_env(),
    )


def _start_prometheus(
    live: LiveStack, *, api_targets: list[str], worker_targets: list[str], alertmanager_target: str | None
) -> ManagedProcess:
    port = free_port()
    live.prometheus_url = f"http://127.0.0.1:{port}"
    config = live.work_dir / "prometheus.yml"
    config.write_text(
        prometheus_config(
            ROOT,
            api_targets=api_targets,
            worker_targets=worker_targets,
            alertmanager_target=alertmanager_target,
            scrape_interval="1s",
        )
    )
    return live.spawn(
        "prometheus",
        [
            _binary("prometheus"),
            f"--config.file={config}",
            f"--storage.tsdb.path={live.work_dir / 'prometheus-data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--web.enable-lifecycle",
            # Prometheus re-sends active and resolved alerts every minute; scaled like every other
            # duration (÷ TEST_SCALE). A warning muted by a critical alert is dropped by Alertmanager
            # while muted; its resolved notification goes out when Prometheus re-sends it.
            f"--rules.alert.resend-delay={scale('1m', TEST_SCALE)}",
            "--log.level=warn",
        ],
    )


def _wait_simulator(live: LiveStack, simulator: ManagedProcess) -> None:
    def answers() -> bool:
        simulator.check_alive()
        response = httpx.get(f"{live.simulator_url}/admin/pms/faults", headers=live.admin, timeout=2.0)
        return response.status_code == 200

    wait_until("the PMS simulator", answers, timeout=60)
