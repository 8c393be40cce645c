"""`make load`: start a local server with embedded defaults, run the locust profile headless, print a summary.

    python -m bench.load [--users 20] [--spawn-rate 5] [--seconds 60]
The summary (requests/s, median and p95 per request type, failures; then the server's own view from its
/metrics: time in the HTTP handler, orchestrator and PMS, messages answered and dead-lettered) is printed and
written to var/load/summary.md. Locust runs on the same machine as the server and takes CPU from it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bench.machine import cpu_model


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()

    out = Path("var/load")
    out.mkdir(parents=True, exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="hotel-agent-load-"))
    port = _free_port()
    env = {
        **os.environ,
        "HOTEL_AGENT_DATA_DIR": str(data_dir),
        "HOTEL_AGENT_DATABASE_URL": f"sqlite+aiosqlite:///{data_dir}/load.db",
        "HOTEL_AGENT_ADMIN_TOKEN": "load-admin",
        "HOTEL_AGENT_WHATSAPP_APP_SECRET": "load-secret",
        "HOTEL_AGENT_CHAT_RATE_LIMIT_PER_MINUTE": "100000",
        "HOTEL_AGENT_LOG_LEVEL": "WARNING",
    }
    bin_dir = Path(sys.executable).parent
    subprocess.run([str(bin_dir / "hotel-agent"), "migrate"], env=env, check=True, capture_output=True)
    server_log = (out / "server.log").open("w")
    server = subprocess.Popen(
        [str(bin_dir / "hotel-agent"), "serve", "--port", str(port)],
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    load_before = os.getloadavg()[0]
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_ready(base, server, out / "server.log")
        subprocess.run(
            [
                str(bin_dir / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                f"{args.seconds}s",
                "--host",
                base,
                # The final stats: the CSV files are written every second and can miss the last one.
                "--json-file",
                str(out / "load"),
                "--only-summary",
            ],
            env={**env, "PYTHONPATH": str(Path.cwd())},
            check=False,
        )
        server_metrics = httpx.get(f"{base}/metrics", timeout=10).text
    finally:
        server.terminate()
        server.wait(timeout=30)
        server_log.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    load_after = os.getloadavg()[0]
    summary = _summary(out / "load.json", args, load_before, load_after) + _server_side(server_metrics)
    (out / "summary.md").write_text(summary)
    print(summary)
    return 0


def _wait_ready(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode}; see {log}")
        try:
            if httpx.get(f"{base}/health/ready").status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server was not ready after 60 s; see {log}")


def _percentile(response_times: dict[str, int], fraction: float) -> int:
    """Locust's rounded response-time histogram {ms: count} -> the ms at `fraction` of the requests."""
    ordered = sorted((int(float(ms)), count) for ms, count in response_times.items())
    target = fraction * sum(count for _ms, count in ordered)
    seen = 0
    for ms, count in ordered:
        seen += count
        if seen >= target:
            return ms
    return ordered[-1][0] if ordered else 0


def _summary(stats_json: Path, args: argparse.Namespace, load_before: float, load_after: float) -> str:
    lines = [
        f"Load run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {os.cpu_count()} cores ({cpu_model()}), "
        f"Python {platform.python_version()}, {args.users} users, {args.seconds}s, embedded defaults "
        f"(SQLite, simulator); 1-min load average {load_before:.2f} before / {load_after:.2f} after",
        "",
        "| request | count | failures | req/s | median ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    entries = json.loads(stats_json.read_text())
    total_times: dict[str, int] = {}
    for entry in sorted(entries, key=lambda e: str(e["name"])):
        lines.append(_row(entry["name"], entry))
        for ms, count in entry["response_times"].items():
            total_times[ms] = total_times.get(ms, 0) + count
    if entries:
        aggregated = {
            "num_requests": sum(e["num_requests"] for e in entries),
            "num_failures": sum(e["num_failures"] for e in entries),
            "start_time": min(e["start_time"] for e in entries),
            "last_request_timestamp": max(e["last_request_timestamp"] or 0 for e in entries),
            "response_times": total_times,
        }
        lines.append(_row("all", aggregated))
    return "\n".join(lines) + "\n"


def _row(name: str, entry: dict[str, Any]) -> str:
    seconds = max((entry["last_request_timestamp"] or 0) - entry["start_time"], 1e-9)
    times = entry["response_times"]
    return (
        f"| {name} | {entry['num_requests']} | {entry['num_failures']} | "
        f"{entry['num_requests'] / seconds:.1f} | {_percentile(times, 0.5)} | {_percentile(times, 0.95)} | "
        f"{_percentile(times, 0.99)} |"
    )


def _server_side(metrics_text: str) -> str:
    """Mean time per request / message as the server measured it, and what became of the messages."""
    sums: dict[tuple[str, str], float] = {}
    counters: dict[tuple[str, str], float] = {}
    for family in text_string_to_metric_families(metrics_text):
        for sample in family.samples:
            labels = sample.labels
            if sample.name.startswith("http_request_duration_seconds_") and labels.get("method") == "POST":
                key = (f"HTTP handler, POST {labels['endpoint']}", sample.name.rsplit("_", 1)[1])
            elif sample.name in ("orchestrator_latency_seconds_sum", "orchestrator_latency_seconds_count"):
                key = ("orchestrator (NLP + handler + PMS), per message", sample.name.rsplit("_", 1)[1])
            elif sample.name in ("pms_api_latency_seconds_sum", "pms_api_latency_seconds_count"):
                key = ("PMS simulator call", sample.name.rsplit("_", 1)[1])
            elif sample.name in ("messages_received_total", "messages_replied_total", "dlq_messages_total"):
                detail = labels.get("channel", labels.get("reason", ""))
                kind = labels.get("type", "")
                name = f"{sample.name} {detail} {kind}".strip()
                counters[(name, "")] = counters.get((name, ""), 0.0) + sample.value
                continue
            else:
                continue
            sums[key] = sums.get(key, 0.0) + sample.value
    lines = [
        "",
        "Server side (its /metrics at the end of the run):",
        "",
        "| what | count | mean ms |",
        "|---|---:|---:|",
    ]
    for what in sorted({what for what, _kind in sums}):
        count = sums.get((what, "count"), 0.0)
        mean = 1000 * sums.get((what, "sum"), 0.0) / count if count else 0.0
        lines.append(f"| {what} | {count:.0f} | {mean:.1f} |")
    for (name, _), value in sorted(counters.items()):
        if value:
            lines.append(f"| {name} | {value:.0f} | |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
