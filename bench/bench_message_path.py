"""The message path under load, side by side with bare FastAPI in the same run (issue 15's targets).

    .venv/bin/python -m bench.bench_message_path [--seconds 3] [--runs 3] [--no-postgres] [--write]

Real servers (uvicorn processes on 127.0.0.1) and one load generator process (bench/loadgen.py, raw HTTP/1.1
keep-alive, every request body unique and signed), all on this machine's cores:
  1. webhook acks at 16 and 64 connections: bare FastAPI (HMAC + pydantic, bench/bare_app.py) vs
     hotel-agent on SQLite (the embedded default: the worker in the API process, one writer) and on
     PostgreSQL + Redis with processing in a `hotel-agent worker` process (the production shape); runs
     interleaved, medians reported, ratio = hotel-agent rps / bare rps of the same run; CPU ms per request
     = the server's processes' CPU time over the run / requests answered (less sensitive to other jobs on
     the machine than rps), and the API process's alone (the ack's own cost, apart from the worker's);
  2. chat turns, 16 clients, one API process (the same servers): SQLite, and PostgreSQL + Redis;
  3. a 20 s burst of 100 msg/s into the webhook: seconds from the burst's end until nothing waits to be
     claimed (inbox lag 0) and until everything is answered;
  4. one signed 1,000-message batch: time to the 200, SQLite and PostgreSQL.
The backlog (messages still waiting when a measurement starts: the workers process for minutes what an ack run
accepted in seconds) is marked done unprocessed before every measurement, so that each starts with every server
idle (no leftover processing taking the CPU from the server measured, bare FastAPI included) without waiting for
the workers; the server measured processes what it accepts during its own run, as in production.
Prints Markdown; --write replaces the "Message path" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import hmac
import json
import os
import platform
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import httpx

from bench.bench_nlp import percentile
from bench.loadgen import write_requests
from bench.machine import cpu_model
from hotel_agent.chaos.traffic import INFO_QUESTIONS, availability_question

SECRET = "bench-secret"
ADMIN = "bench-admin-token"
POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/0"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


# --- requests -------------------------------------------------------------------------------------
def notification(messages: list[tuple[str, str, str]]) -> bytes:
    """(wa_id, message id, text) -> a signed-able WhatsApp notification body."""
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "34600000000", "phone_number_id": "bench"},
        "contacts": [{"profile": {"name": "Guest"}, "wa_id": wa_id} for wa_id, _, _ in messages],
        "messages": [
            {
                "from": wa_id,
                "id": mid,
                "timestamp": str(int(time.time())),
                "type": "text",
                "text": {"body": text},
            }
            for wa_id, mid, text in messages
        ],
    }
    payload = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
    }
    return json.dumps(payload).encode()


def http_post(path: str, body: bytes, headers: dict[str, str]) -> bytes:
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode() + b"\r\n" + body


def signed_webhook(body: bytes) -> bytes:
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return http_post("/webhooks/whatsapp", body, {"X-Hub-Signature-256": signature})


def webhook_requests(count: int, rng: random.Random) -> list[bytes]:
    texts = INFO_QUESTIONS["es"] + INFO_QUESTIONS["en"]
    return [
        signed_webhook(
            notification([(f"34{rng.randrange(10**9):09d}", f"wamid.{uuid.uuid4().hex}", rng.choice(texts))])
        )
        for _ in range(count)
    ]


def chat_requests(count: int, rng: random.Random) -> list[bytes]:
    texts = INFO_QUESTIONS["es"] + INFO_QUESTIONS["en"]
    out = []
    for n in range(count):
        text = (
            rng.choice(texts) if n % 2 else availability_question(rng, date.today(), rng.choice(["es", "en"]))
        )
        body = json.dumps({"guest_id": f"bench-{uuid.uuid4().hex[:16]}", "text": text}).encode()
        out.append(http_post("/api/v1/messages", body, {}))
    return out


# --- servers --------------------------------------------------------------------------------------
@dataclass
class Server:
    name: str
    port: int
    processes: list[subprocess.Popen[bytes]]
    env: dict[str, str]
    database_url: str


def wait_ready(port: int, path: str | None, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_open(port):
            if path is None:
                return
            try:
                if httpx.get(f"http://127.0.0.1:{port}{path}", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing ready on port {port}")


@contextmanager
def bare_server(work: Path) -> Iterator[Server]:
    port = free_port()
    log = (work / "bare.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "bench.bare_app:create_app",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "BENCH_APP_SECRET": SECRET},
    )
    try:
        wait_ready(port, None)
        yield Server("bare FastAPI", port, [process], {}, "")
    finally:
        process.terminate()
        process.wait(30)


@contextmanager
def hotel_agent(
    work: Path, name: str, database_url: str, redis_url: str | None, separate_worker: bool
) -> Iterator[Server]:
    data_dir = work / name
    data_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTEL_AGENT_")}
    env.update(
        HOTEL_AGENT_DATA_DIR=str(data_dir),
        HOTEL_AGENT_DATABASE_URL=database_url,
        HOTEL_AGENT_ADMIN_TOKEN=ADMIN,
        HOTEL_AGENT_WHATSAPP_APP_SECRET=SECRET,
        HOTEL_AGENT_CHAT_RATE_LIMIT_PER_MINUTE="10000000",
        HOTEL_AGENT_LOG_LEVEL="WARNING",
        HOTEL_AGENT_DLQ_RUN_WORKER_IN_PROCESS="false",
        HOTEL_AGENT_INBOX_WORKER_IN_PROCESS="false" if separate_worker else "true",
        # The prototype embeddings are computed once per checkout, not once per server started here.
        HOTEL_AGENT_NLP_CACHE_DIR=str(Path("var/cache/nlp").resolve()),
    )
    if redis_url:
        env.update(
            HOTEL_AGENT_REDIS_URL=redis_url, HOTEL_AGENT_REDIS_KEY_PREFIX=f"bench-{uuid.uuid4().hex[:8]}:"
        )
    subprocess.run(
        [str(BIN / "hotel-agent"), "migrate"], env=env, check=True, capture_output=True, cwd=data_dir
    )
    port = free_port()
    processes = []
    log = (work / f"{name}.log").open("w")
    processes.append(
        subprocess.Popen(
            [str(BIN / "hotel-agent"), "serve", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=data_dir,
        )
    )
    try:
        wait_ready(port, "/health/ready")
        if separate_worker:
            worker_port = free_port()
            processes.append(
                subprocess.Popen(
                    [str(BIN / "hotel-agent"), "worker", "--port", str(worker_port)],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    cwd=data_dir,
                )
            )
            wait_ready(worker_port, "/health/live")
        yield Server(f"hotel-agent ({name})", port, processes, env, database_url)
    finally:
        # Not measured: a short grace, then kill (a worker would otherwise finish its in-flight turns).
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


@contextmanager
def postgres_database() -> Iterator[str | None]:
    if not port_open(5432):
        yield None
        return
    import asyncpg

    name = f"bench_path_{uuid.uuid4().hex[:10]}"

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(POSTGRES_ADMIN_URL)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# --- measuring ------------------------------------------------------------------------------------
def load(
    server: Server,
    connections: int,
    seconds: float,
    requests: list[bytes],
    work: Path,
    rate: float | None = None,
) -> dict:
    path = work / f"requests-{uuid.uuid4().hex[:8]}.bin"
    write_requests(path, requests)
    command = [
        sys.executable,
        "-m",
        "bench.loadgen",
        "--port",
        str(server.port),
        "--connections",
        str(connections),
        "--seconds",
        str(seconds),
        "--requests",
        str(path),
    ]
    if rate is not None:
        command += ["--rate", str(rate)]
    cpu_before, api_cpu_before = cpu_seconds(server), cpu_seconds(server, api_only=True)
    out = subprocess.run(command, check=True, capture_output=True, text=True, timeout=seconds + 120)
    cpu = cpu_seconds(server) - cpu_before
    api_cpu = cpu_seconds(server, api_only=True) - api_cpu_before
    path.unlink()
    result: dict = json.loads(out.stdout)
    lat = result["latencies_ms"]
    result["rps"] = result["requests"] / result["seconds"]
    result["cpu_ms"] = 1000 * cpu / max(result["requests"], 1)
    result["api_cpu_ms"] = 1000 * api_cpu / max(result["requests"], 1)
    result["p50"] = statistics.median(lat) if lat else float("nan")
    result["p95"] = percentile(lat, 0.95) if lat else float("nan")
    result["p99"] = percentile(lat, 0.99) if lat else float("nan")
    return result


def unfinished(database_url: str) -> tuple[int, int]:
    """(waiting to be claimed, not finished) in the inbox."""
    waiting_sql = "SELECT count(*) FROM inbound_messages WHERE status = 'received'"
    open_sql = "SELECT count(*) FROM inbound_messages WHERE status IN ('received', 'processing', 'sending')"
    if database_url.startswith("sqlite"):
        path = database_url.split("///", 1)[1]
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30) as db:
            return int(db.execute(waiting_sql).fetchone()[0]), int(db.execute(open_sql).fetchone()[0])
    import asyncpg

    async def counts() -> tuple[int, int]:
        connection = await asyncpg.connect(database_url.replace("+asyncpg", ""))
        try:
            return int(await connection.fetchval(waiting_sql)), int(await connection.fetchval(open_sql))
        finally:
            await connection.close()

    return asyncio.run(counts())


def discard_backlog(database_url: str) -> None:
    """Mark what waits to be claimed as done, unprocessed (the ack runs' backlog; see the docstring)."""
    sql = "UPDATE inbound_messages SET status = 'done' WHERE status = 'received'"
    if database_url.startswith("sqlite"):
        path = database_url.split("///", 1)[1]
        with sqlite3.connect(path, timeout=30) as db:
            db.execute(sql)
        return
    import asyncpg

    async def run() -> None:
        connection = await asyncpg.connect(database_url.replace("+asyncpg", ""))
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(run())


def cpu_seconds(server: Server, api_only: bool = False) -> float:
    """CPU time (user + system) used so far by the server's processes (or its API process alone)."""
    total = 0.0
    for process in server.processes[:1] if api_only else server.processes:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def wait_processed(server: Server, timeout: float = 300.0) -> tuple[float, float]:
    """Seconds until nothing waits to be claimed, and until nothing is unfinished."""
    start = time.monotonic()
    lag_zero = None
    while time.monotonic() - start < timeout:
        waiting, open_ = unfinished(server.database_url)
        if waiting == 0 and lag_zero is None:
            lag_zero = time.monotonic() - start
        if open_ == 0:
            return lag_zero or 0.0, time.monotonic() - start
        time.sleep(0.1)
    raise RuntimeError("the inbox did not drain")


def warm(server: Server, rng: random.Random, work: Path) -> None:
    """First requests load the NLP model in the API and the worker; not timed."""
    load(server, 4, 2.0, chat_requests(200, rng), work)
    load(server, 4, 1.0, webhook_requests(200, rng), work)
    wait_processed(server)


def batch_ack_ms(port: int, size: int) -> float:
    body = notification(
        [(f"34{n:09d}", f"wamid.batch.{uuid.uuid4().hex}", "What time is check-out?") for n in range(size)]
    )
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    start = time.perf_counter()
    response = httpx.post(
        f"http://127.0.0.1:{port}/webhooks/whatsapp",
        content=body,
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature},
        timeout=120,
    )
    elapsed = (time.perf_counter() - start) * 1000
    if response.json() != {"received": size, "accepted": size}:
        raise RuntimeError(f"batch: {response.status_code} {response.text[:200]}")
    return elapsed


def fmt(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def median_of(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--burst-seconds", type=float, default=20.0)
    parser.add_argument("--burst-rate", type=float, default=100.0)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--write", action="store_true", help="replace the Message path figures in BENCHMARKS.md"
    )
    args = parser.parse_args()
    rng = random.Random(15)
    work = Path(tempfile.mkdtemp(prefix="bench-path-"))
    load_before = os.getloadavg()[0]
    began = time.monotonic()
    lines: list[str] = []

    def phase(name: str) -> None:
        print(f"[{time.monotonic() - began:5.0f} s] {name}", file=sys.stderr, flush=True)

    try:
        with contextlib.ExitStack() as stack:
            bare = stack.enter_context(bare_server(work))
            # The embedded default: SQLite, the worker inside the API process (one writer).
            sqlite_url = f"sqlite+aiosqlite:///{work}/sqlite.db"
            servers = [
                stack.enter_context(hotel_agent(work, "SQLite, in-process worker", sqlite_url, None, False))
            ]
            chat_servers = [("SQLite", servers[0])]
            pg_url = None if args.no_postgres else stack.enter_context(postgres_database())
            if pg_url is not None:
                # The production shape: the API only stores; a `hotel-agent worker` process processes.
                # Chat turns run in the API process (the chat API answers synchronously).
                name = "PostgreSQL + Redis, worker process"
                servers.append(stack.enter_context(hotel_agent(work, name, pg_url, REDIS_URL, True)))
                chat_servers.append(("PostgreSQL + Redis", servers[1]))
            phase("servers up; warming")
            for server in servers:
                warm(server, rng, work)
            phase("webhook acks")
            load(bare, 4, 1.0, webhook_requests(2000, rng), work)
            acks: dict[tuple[str, int], list[dict]] = {}
            for _ in range(args.runs):
                for connections in (16, 64):
                    for server in (bare, *servers):
                        # Each run starts with every server idle: the workers' backlog from earlier runs
                        # (a worker processes for minutes what it acked in 3 s) would otherwise take the CPU
                        # from whichever server is measured next, bare FastAPI included.
                        for other in servers:
                            discard_backlog(other.database_url)
                            wait_processed(other)
                        requests = webhook_requests(int(args.seconds * 5000), rng)
                        acks.setdefault((server.name, connections), []).append(
                            load(server, connections, args.seconds, requests, work)
                        )
            lines += [
                "| webhook acks | connections | rps (median) | p50 ms | p99 ms | non-200 "
                "| rps / bare rps, same runs | server CPU ms per ack | of which the API process |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
            ]
            for connections in (16, 64):
                for server in (bare, *servers):
                    runs = acks[(server.name, connections)]
                    ratios = [
                        h["rps"] / b["rps"] for h, b in zip(runs, acks[(bare.name, connections)], strict=True)
                    ]
                    ratio = (
                        f"{statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f})"
                        if server is not bare
                        else "1.00"
                    )
                    lines.append(
                        f"| {server.name} | {connections} | {fmt(median_of(runs, 'rps'))} | "
                        f"{median_of(runs, 'p50'):.1f} | {median_of(runs, 'p99'):.1f} | "
                        f"{sum(r['errors'] for r in runs)} | {ratio} | {median_of(runs, 'cpu_ms'):.2f} | "
                        f"{median_of(runs, 'api_cpu_ms'):.2f} |"
                    )
            # Chat turns, every one from a new guest; the ack runs' backlog is set aside first.
            phase("chat turns")
            chat: dict[str, list[dict]] = {}
            for store, server in chat_servers:
                discard_backlog(server.database_url)
                wait_processed(server)
                chat[store] = [
                    load(server, 16, args.seconds, chat_requests(int(args.seconds * 1000), rng), work)
                    for _ in range(args.runs)
                ]
            # Burst: open loop at the target rate; then how long until the workers caught up.
            phase("bursts")
            bursts = []
            for server in servers:
                wait_processed(server)
                requests = webhook_requests(int(args.burst_seconds * args.burst_rate) + 50, rng)
                burst = load(server, 16, args.burst_seconds, requests, work, rate=args.burst_rate)
                bursts.append((server, burst, *wait_processed(server)))
            phase("1,000-message batches")
            batches = []
            for server in servers:
                batches.append((server, [batch_ack_ms(server.port, 1000) for _ in range(3)]))
        phase("servers stopped")
        lines += [
            "",
            "| chat turns, 16 clients, 1 API process | turns/s (median) | p50 ms | p95 ms | non-200 "
            "| server CPU ms per turn |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for store, runs in chat.items():
            lines.append(
                f"| {store} | {fmt(median_of(runs, 'rps'), 1)} | {median_of(runs, 'p50'):.0f} | "
                f"{median_of(runs, 'p95'):.0f} | {sum(r['errors'] for r in runs)} | "
                f"{median_of(runs, 'cpu_ms'):.1f} |"
            )
        lines += [
            "",
            f"| burst: {args.burst_rate:.0f} msg/s for {args.burst_seconds:.0f} s | sent / acked 200 | ack p50 / p99 ms "
            "| inbox lag back to 0 after the burst | all answered after the burst |",
            "|---|---:|---:|---:|---:|",
        ]
        for server, burst, lag_zero, all_done in bursts:
            lines.append(
                f"| {server.name} | {burst['requests']} / {burst['statuses'].get('200', 0)} | "
                f"{burst['p50']:.1f} / {burst['p99']:.1f} | {lag_zero:.1f} s | {all_done:.1f} s |"
            )
        lines += [
            "",
            "| 1,000-message signed batch, time to the 200 | median of 3 (ms) | range |",
            "|---|---:|---:|",
        ]
        for server, times in batches:
            lines.append(
                f"| {server.name} | {statistics.median(times):,.0f} | {min(times):,.0f}–{max(times):,.0f} |"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    header = (
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Took {time.monotonic() - began:.0f} s. "
        f"1-minute load average {load_before:.2f} before / {os.getloadavg()[0]:.2f} after."
    )
    report = header + "\n\n" + "\n".join(lines)
    print(report)
    if args.write:
        replace_section(Path("BENCHMARKS.md"), "## Message path", report)
    return 0


def replace_section(path: Path, title: str, figures: str) -> None:
    """Replace the figures between the section's `<!-- figures -->` markers."""
    text = path.read_text()
    start, end = (
        "<!-- message-path figures: bench.bench_message_path --write -->",
        "<!-- end message-path figures -->",
    )
    if start not in text:
        raise SystemExit(f"{path} has no {start} marker under {title}")
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    path.write_text(f"{before}{start}\n{figures}\n{end}{after}")


if __name__ == "__main__":
    raise SystemExit(main())
