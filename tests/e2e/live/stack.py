"""The whole stack of the live test on loopback ports chosen at run time: the QloApps-speaking PMS
simulator, the service (`hotel-agent serve`, real QloApps client over HTTP), a fake Graph API, and the
real `prometheus` and `prometheus-alertmanager` loading the project's test-variant rules and config."""

from __future__ import annotations

import shutil
import sys
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from hotel_agent.observability.durations import scale
from hotel_agent.observability.generate import TEST_SCALE
from hotel_agent.observability.test_variant import alertmanager_config, prometheus_config
from tests.e2e.live.processes import ManagedProcess, child_env, wait_http_ok, wait_until
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
    api_url: str = ""
    simulator_url: str = ""
    prometheus_url: str = ""
    alertmanager_url: str = ""
    processes: dict[str, ManagedProcess] = field(default_factory=dict)

    @property
    def admin(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {ADMIN_TOKEN}"}

    def check_alive(self) -> None:
        for process in self.processes.values():
            process.check_alive()

    def logs(self) -> str:
        return "\n".join(f"--- {name} ({p.log_path})\n{p.tail(15)}" for name, p in self.processes.items())


def start_stack(work_dir: Path, stack: ExitStack) -> LiveStack:
    """Start everything; every process is registered on `stack` for shutdown (also on failure)."""
    graph = stack.enter_context(FakeGraphAPI())
    live = LiveStack(work_dir=work_dir, graph=graph)

    def spawn(name: str, argv: list[str], env: dict[str, str] | None = None) -> ManagedProcess:
        process = ManagedProcess(name, argv, work_dir / f"{name}.log", env=env, cwd=work_dir)
        live.processes[name] = process
        stack.callback(process.stop)
        return process

    sim_port, api_port, prom_port, am_port = (free_port() for _ in range(4))
    live.simulator_url = f"http://127.0.0.1:{sim_port}"
    live.api_url = f"http://127.0.0.1:{api_port}"
    live.prometheus_url = f"http://127.0.0.1:{prom_port}"
    live.alertmanager_url = f"http://127.0.0.1:{am_port}"

    simulator = spawn(
        "pms-simulator",
        [
            sys.executable,
            "-m",
            "hotel_agent",
            "pms-simulator",
            "--port",
            str(sim_port),
            "--database-url",
            f"sqlite+aiosqlite:///{work_dir}/simulator.db",
            "--api-key",
            QLOAPPS_KEY,
            "--admin-token",
            ADMIN_TOKEN,
        ],
        env=child_env(),
    )
    service = spawn(
        "service",
        [sys.executable, "-m", "hotel_agent", "serve", "--port", str(api_port)],
        env=child_env(
            HOTEL_AGENT_ENVIRONMENT="test",
            HOTEL_AGENT_LOG_LEVEL="WARNING",
            HOTEL_AGENT_DATA_DIR=str(work_dir / "data"),
            HOTEL_AGENT_DATABASE_URL=f"sqlite+aiosqlite:///{work_dir}/hotel_agent.db",
            HOTEL_AGENT_ADMIN_TOKEN=ADMIN_TOKEN,
            HOTEL_AGENT_PMS_BACKEND="qloapps",
            HOTEL_AGENT_QLOAPPS_URL=live.simulator_url,
            HOTEL_AGENT_QLOAPPS_API_KEY=QLOAPPS_KEY,
            HOTEL_AGENT_WHATSAPP_APP_SECRET=APP_SECRET,
            HOTEL_AGENT_WHATSAPP_VERIFY_TOKEN="e2e-verify",
            HOTEL_AGENT_WHATSAPP_ACCESS_TOKEN=graph.token,
            HOTEL_AGENT_WHATSAPP_PHONE_NUMBER_ID=graph.phone_number_id,
            HOTEL_AGENT_WHATSAPP_API_BASE=graph.base_url,
            HOTEL_AGENT_CHAT_RATE_LIMIT_PER_MINUTE="1000",
            **SERVICE_TIMINGS,
        ),
    )

    token_file = work_dir / "admin_token"
    token_file.write_text(ADMIN_TOKEN)
    token_file.chmod(0o600)
    (work_dir / "prometheus.yml").write_text(
        prometheus_config(
            ROOT,
            api_target=f"127.0.0.1:{api_port}",
            worker_target=None,  # the embedded service runs the DLQ worker in-process
            alertmanager_target=f"127.0.0.1:{am_port}",
            scrape_interval="1s",
        )
    )
    (work_dir / "alertmanager.yml").write_text(
        alertmanager_config(ROOT, webhook_url=f"{live.api_url}/admin/alerts", credentials_file=token_file)
    )
    alertmanager = spawn(
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
    prometheus = spawn(
        "prometheus",
        [
            _binary("prometheus"),
            f"--config.file={work_dir / 'prometheus.yml'}",
            f"--storage.tsdb.path={work_dir / 'prometheus-data'}",
            f"--web.listen-address=127.0.0.1:{prom_port}",
            "--web.enable-lifecycle",
            # Prometheus re-sends active and resolved alerts every minute; scaled like every other
            # duration (÷ TEST_SCALE). A warning muted by a critical alert is dropped by Alertmanager
            # while muted; its resolved notification goes out when Prometheus re-sends it.
            f"--rules.alert.resend-delay={scale('1m', TEST_SCALE)}",
            "--log.level=warn",
        ],
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


def _wait_simulator(live: LiveStack, simulator: ManagedProcess) -> None:
    def answers() -> bool:
        simulator.check_alive()
        response = httpx.get(f"{live.simulator_url}/admin/pms/faults", headers=live.admin, timeout=2.0)
        return response.status_code == 200

    wait_until("the PMS simulator", answers, timeout=60)
