"""How the staff console's inbox scales with the number of conversations (the real app, in-process).

    .venv/bin/python -m bench.bench_console [--sizes 50,200,1000] [--repeats 7]

Per size: a fresh embedded service (SQLite, simulator, rules-only NLP) is seeded with that many WhatsApp
conversations of 10 messages each (written straight to the tables the pipeline writes), a staff member logs
in, and GET /console/inbox (the whole list), GET /console/inbox?q=... (a search) and one conversation page
are timed through the ASGI app. Medians of `repeats`; the smallest size is the baseline of the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from bench.machine import cpu_model
from hotel_agent.app import create_app
from hotel_agent.console.staff import StaffStore
from hotel_agent.conversations.models import ConversationMessageRow, InboundMessageRow
from hotel_agent.db.base import utcnow
from hotel_agent.settings import Settings

PASSWORD = "bench password 1"
MESSAGES_PER_CONVERSATION = 10


async def seed(app_db: object, conversations: int) -> None:
    from hotel_agent.db.session import Database

    assert isinstance(app_db, Database)
    async with app_db.transaction() as session:
        for number in range(conversations):
            guest = f"3460{number:07d}"
            for index in range(MESSAGES_PER_CONVERSATION):
                inbound = index % 2 == 0
                message_id = f"wamid.bench.{number}.{index}"
                session.add(
                    ConversationMessageRow(
                        guest_id=guest,
                        direction="in" if inbound else "out",
                        channel="whatsapp",
                        text=f"mensaje {index} de {guest}",
                        buttons=[],
                        kind="text",
                        message_id=message_id if inbound else None,
                        created_at=utcnow(),
                    )
                )
                if inbound:
                    session.add(
                        InboundMessageRow(
                            channel="whatsapp",
                            id=message_id,
                            guest_id=guest,
                            message={"guest_name": f"Guest {number}"},
                            status="done",
                            received_at=utcnow(),
                        )
                    )


async def timed(client: httpx.AsyncClient, path: str, params: dict[str, str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = await client.get(path, params=params)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return statistics.median(times) * 1000


async def measure(conversations: int, repeats: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            _env_file=None,
            environment="test",
            data_dir=Path(folder),
            database_url=f"sqlite+aiosqlite:///{folder}/bench.db",
            admin_token="bench-admin-token-0123",
            nlp_use_embeddings=False,
            dlq_run_worker_in_process=False,
        )
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            container = app.state.container
            await StaffStore(container.db).add("bench@hotel.test", PASSWORD, "admin")
            await seed(container.db, conversations)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="https://bench", timeout=120
            ) as client:
                login = await client.get("/console/login")
                nonce = re.search(r'name="csrf_token" value="([^"]+)"', login.text)
                assert nonce
                await client.post(
                    "/console/login",
                    data={"email": "bench@hotel.test", "password": PASSWORD, "csrf_token": nonce.group(1)},
                )
                one = {"channel": "whatsapp", "guest": "34600000001"}
                await client.get("/console/conversation", params=one)  # the analyzer's first call loads it
                return {
                    "inbox": await timed(client, "/console/inbox", {}, repeats),
                    "search": await timed(client, "/console/inbox", {"q": "Guest 12"}, repeats),
                    "conversation": await timed(client, "/console/conversation", one, repeats),
                }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="50,200,1000")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    load_before = os.getloadavg()[0]
    results = {size: asyncio.run(measure(size, args.repeats)) for size in sizes}
    print(
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. "
        f"1-minute load average {load_before:.2f} before / {os.getloadavg()[0]:.2f} after."
    )
    base = results[sizes[0]]
    print("| conversations | inbox ms (median) | vs smallest | search ms | conversation page ms |")
    print("|---:|---:|---:|---:|---:|")
    for size, figures in results.items():
        print(
            f"| {size} | {figures['inbox']:.0f} | {figures['inbox'] / base['inbox']:.1f}x "
            f"| {figures['search']:.0f} | {figures['conversation']:.0f} |"
        )


if __name__ == "__main__":
    main()
