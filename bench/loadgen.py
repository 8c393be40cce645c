"""A small closed-loop HTTP/1.1 load generator: C keep-alive connections, each sending the next prepared
request as soon as the previous answer arrived, for a fixed time. Prints JSON: requests, errors, seconds,
latencies (ms) — one process, so it competes with the servers for the same 2 cores exactly alike.

    python -m bench.loadgen --port P --connections 16 --seconds 8 --requests FILE [--rate R]

FILE holds the raw requests (length-prefixed), every one unique (bench.message_path writes them). With
--rate the generator is open-loop instead: R requests per second spread over the connections.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import struct
import sys
import time
from pathlib import Path


def read_requests(path: Path) -> list[bytes]:
    data = path.read_bytes()
    requests, offset = [], 0
    while offset < len(data):
        (size,) = struct.unpack_from("!I", data, offset)
        requests.append(data[offset + 4 : offset + 4 + size])
        offset += 4 + size
    return requests


def write_requests(path: Path, requests: list[bytes]) -> None:
    with path.open("wb") as out:
        for request in requests:
            out.write(struct.pack("!I", len(request)) + request)


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    if length:
        await reader.readexactly(length)
    return status


async def run(port: int, connections: int, seconds: float, requests: list[bytes], rate: float | None) -> dict:
    latencies: list[float] = []
    errors = 0
    statuses: dict[int, int] = {}
    next_request = iter(requests)
    start = time.perf_counter()
    deadline = start + seconds

    async def connection(number: int) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        sent = 0
        try:
            while True:
                if rate is not None:  # open loop: this connection's share of the schedule
                    due = start + (sent * connections + number) / rate
                    if due >= deadline:
                        return
                    await asyncio.sleep(max(0.0, due - time.perf_counter()))
                elif time.perf_counter() >= deadline:
                    return
                request = next(next_request, None)
                if request is None:
                    return
                began = time.perf_counter()
                writer.write(request)
                try:
                    status = await read_response(reader)
                except (asyncio.IncompleteReadError, ConnectionError):
                    errors += 1
                    return
                latencies.append((time.perf_counter() - began) * 1000)
                statuses[status] = statuses.get(status, 0) + 1
                if status != 200:
                    errors += 1
                sent += 1
        finally:
            writer.close()

    await asyncio.gather(*(connection(n) for n in range(connections)))
    return {
        "requests": len(latencies),
        "errors": errors,
        "statuses": statuses,
        "seconds": time.perf_counter() - start,
        "latencies_ms": latencies,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--requests", type=Path, required=True)
    parser.add_argument("--rate", type=float, default=None)
    args = parser.parse_args()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    result = asyncio.run(
        run(args.port, args.connections, args.seconds, read_requests(args.requests), args.rate)
    )
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
