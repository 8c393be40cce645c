"""`make load`: start a local server with embedded defaults, run the locust profile headless, print a summary.

    python -m bench.load [--users 20] [--spawn-rate 5] [--seconds 60]
The summary (requests/s, median and p95 per request type, failures) is printed and written to var/load/summary.md.
"""

from __future__ import annotations

import argparse
import csv
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

import httpx


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
    server = subprocess.Popen(
        [str(bin_dir / "hotel-agent"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health/ready").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
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
                "--csv",
                str(out / "load"),
                "--only-summary",
                "--web-host",
                "127.0.0.1",
            ],
            env={**env, "PYTHONPATH": str(Path.cwd())},
            check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)
    summary = _summary(out / "load_stats.csv", args)
    (out / "summary.md").write_text(summary)
    print(summary)
    return 0


def _summary(stats_csv: Path, args: argparse.Namespace) -> str:
    cpu = platform.processor() or platform.machine()
    lines = [
        f"Load run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {os.cpu_count()} cores ({cpu}), "
        f"{args.users} users, {args.seconds}s, embedded defaults (SQLite, simulator)",
        "",
        "| request | count | failures | req/s | median ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    with stats_csv.open() as f:
        for row in csv.DictReader(f):
            lines.append(
                f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
                f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
