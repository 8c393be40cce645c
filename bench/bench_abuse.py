"""The reliability issue's abuse figures, on a real `hotel-agent serve` (SQLite, `make run`'s defaults) with a
local fake Graph API: the stall sequence repeated (20 duplicates at once, 20 new chat guests at once, a
1,000-message signed batch), then huge bodies before authentication.

    .venv/bin/python -m bench.bench_abuse [--rounds 5]

Prints a Markdown table for BENCHMARKS.md ("Abuse and faults")."""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import socket
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from tests.fake_graph import FakeGraphAPI
from tests.reliability import live
from tests.reliability.test_stall import BATCH, stall_round

from bench.machine import cpu_model

GB = 1024**3


async def stall_sequence(server: live.LiveServer, graph: FakeGraphAPI, rounds: int) -> list[str]:
    rows = []
    async with httpx.AsyncClient(base_url=server.url, timeout=300) as client:
        acks = []
        for n in range(rounds):
            acks.append(await stall_round(client, graph, n))
        started = time.monotonic()
        expected = {f"3468{n}{i:06d}" for n in range(rounds) for i in range(BATCH)}
        while time.monotonic() - started < 900:
            sent = collections.Counter(m.get("to") for m in list(graph.sent))
            if all(sent[guest] for guest in expected):
                break
            await asyncio.sleep(0.5)
        answered_after = time.monotonic() - started
        await asyncio.sleep(5)
        sent = collections.Counter(m.get("to") for m in list(graph.sent))
    missing = sum(1 for guest in expected if not sent[guest])
    twice = sum(1 for guest in expected if sent[guest] > 1)
    locked = server.log().count("database is locked")
    rows.append(
        f"| stall sequence x{rounds} ({rounds * (BATCH + 21)} messages) | batch ack median "
        f"{statistics.median(acks):.2f} s, max {max(acks):.2f} s | all answered {answered_after:.0f} s after "
        f"the last batch; lost {missing}, answered twice {twice}, 'database is locked' {locked} |"
    )
    return rows


def big_bodies(server: live.LiveServer, tries: int = 5) -> list[str]:
    url = urlsplit(server.url)
    rss_before = server.rss_kib()[0]
    declared, streamed = [], []
    for _ in range(tries):
        with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
            started = time.perf_counter()
            sock.sendall(
                f"POST /webhooks/whatsapp HTTP/1.1\r\nHost: x\r\nContent-Length: {GB}\r\n\r\n".encode()
            )
            assert b" 413 " in sock.recv(4096)
            declared.append((time.perf_counter() - started) * 1000)
        with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
            sock.sendall(b"POST /webhooks/whatsapp HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            frame, sent = b"10000\r\n" + b"x" * 65536 + b"\r\n", 0
            try:
                while sent < GB:
                    sock.sendall(frame)
                    sent += 65536
            except OSError:
                pass
            streamed.append(sent / 1024**2)
    rss_after = server.rss_kib()[0]
    return [
        f"| unsigned POST declaring 1 GB (x{tries}) | 413 after {statistics.median(declared):.1f} ms (median), "
        f"no body read | server RSS {rss_before // 1024} -> {rss_after // 1024} MB |",
        f"| unsigned chunked POST of 1 GB (x{tries}) | refused after {statistics.median(streamed):.1f} MB sent "
        f"(median; limit 1 MiB + socket buffers) | |",
    ]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with FakeGraphAPI() as graph:
        data_dir = Path(tempfile.mkdtemp(prefix="bench-abuse-"))
        server = live.start(data_dir, live.settings_env(data_dir, graph))
        try:
            rows = await stall_sequence(server, graph, args.rounds)
            rows += big_bodies(server)
        finally:
            server.stop()
    print(f"Machine: {cpu_model()}, {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}; ")
    print(f"date {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
    print("| scenario | acked / refused | outcome |\n|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    asyncio.run(main())
