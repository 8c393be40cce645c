"""A chat turn's cost in instructions (callgrind), in process: what changes in the code show, whatever the
machine's other jobs (CPU time per turn moves ±15 % between runs on this shared machine; instruction counts
within about 1 %).

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=OUT \\
        .venv/bin/python -m bench.bench_turn_instructions sqlite|postgres [--turns 300] [--decide-only]
    grep ^totals OUT    # instructions over the measured turns (divide by --turns)

The turns are the chat route's work without HTTP (`answer_message`: rate limits, the conversation check,
intake, the turn, the reply rendered as the route renders it), 16 at once, every one from a new guest, the
bench's chat mix (bench_message_path.chat_requests: half availability questions, half information questions);
--decide-only runs `Orchestrator.decide` alone, one at a time, without the background tasks. Instrumentation
is switched on only around the measured turns (`callgrind_control -i on`), after 160 turns of warm-up; every
thread is counted (the NLP thread, SQLite's connection threads) and so are the background tasks (the SQLite
server's in-process worker polls the inbox). Without valgrind it prints CPU time per turn instead (noisy).
PostgreSQL (127.0.0.1:5432) gets a throwaway database; Redis is 127.0.0.1:6379.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from hotel_agent.chaos.traffic import INFO_QUESTIONS, availability_question

WARM_UP = 160
CLIENTS = 16


def texts(count: int) -> list[str]:
    rng = random.Random(15)
    info = INFO_QUESTIONS["es"] + INFO_QUESTIONS["en"]
    day = date(2026, 12, 6)  # fixed: the same dates, so the same work, in every run
    return [
        rng.choice(info) if n % 2 else availability_question(rng, day, rng.choice(["es", "en"]))
        for n in range(count)
    ]


def instrument(on: bool) -> None:
    """Switch callgrind's instrumentation (nothing happens without valgrind)."""
    subprocess.run(
        ["callgrind_control", "-i", "on" if on else "off", str(os.getpid())], capture_output=True, check=False
    )


def configure(store: str, database_url: str, work: Path) -> None:
    os.environ.update(
        HOTEL_AGENT_DATA_DIR=str(work),
        HOTEL_AGENT_DATABASE_URL=database_url,
        HOTEL_AGENT_LOG_LEVEL="WARNING",
        HOTEL_AGENT_ADMIN_TOKEN="bench-admin-token",
        HOTEL_AGENT_DLQ_RUN_WORKER_IN_PROCESS="false",
        HOTEL_AGENT_CHAT_RATE_LIMIT_PER_MINUTE="10000000",
        HOTEL_AGENT_NLP_CACHE_DIR=str(Path("var/cache/nlp").resolve()),
        # As in the bench: SQLite's worker in the API process, PostgreSQL's in a worker process (none here).
        HOTEL_AGENT_INBOX_WORKER_IN_PROCESS="true" if store == "sqlite" else "false",
    )
    if store == "postgres":
        os.environ.update(
            HOTEL_AGENT_REDIS_URL="redis://127.0.0.1:6379/0",
            HOTEL_AGENT_REDIS_KEY_PREFIX=f"bench-turn-{uuid.uuid4().hex[:8]}:",
        )


async def run(store: str, turns: int, decide_only: bool) -> None:
    from hotel_agent.api.messages import _RESPONSE, ChatMessageIn, answer_message
    from hotel_agent.bootstrap import build_container, close_container
    from hotel_agent.conversations.keys import ConversationKey
    from hotel_agent.settings import Settings

    # decide alone: no worker or other background task polling meanwhile (under callgrind they run 50x longer)
    container = await build_container(Settings(), run_background=not decide_only, migrate=True)
    container.nlp.warm_up()
    said = texts(WARM_UP + turns)

    async def decide(batch: range) -> None:
        now = datetime(2026, 12, 6, 12, tzinfo=UTC)
        for n in batch:
            key = ConversationKey("chat", f"bench-{n:08d}")
            await container.orchestrator.decide(key, said[n], now, {})

    async def chat(batch: range) -> None:
        waiting = list(reversed(batch))

        async def client() -> None:
            while waiting:
                n = waiting.pop()
                body = ChatMessageIn(guest_id=f"bench-{n:08d}", text=said[n])
                answer = await answer_message(container, body, "127.0.0.1", None)
                if answer.delivery != "answered":
                    raise RuntimeError(f"turn {n}: {answer.delivery}")
                _RESPONSE.dump_json(answer, by_alias=True)

        await asyncio.gather(*(client() for _ in range(CLIENTS)))

    step = decide if decide_only else chat
    try:
        await step(range(WARM_UP))
        instrument(True)
        started = time.process_time()
        await step(range(WARM_UP, WARM_UP + turns))
        cpu = time.process_time() - started
        instrument(False)
        print(
            f"{store}: {turns} turns, {1000 * cpu / turns:.2f} ms CPU per turn (noisy; use callgrind's totals)"
        )
    finally:
        await close_container(container)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("store", choices=["sqlite", "postgres"])
    parser.add_argument("--turns", type=int, default=300)
    parser.add_argument("--decide-only", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-turn-"))
    if args.store == "sqlite":
        configure(args.store, f"sqlite+aiosqlite:///{work}/db.sqlite", work)
        asyncio.run(run(args.store, args.turns, args.decide_only))
        return
    from bench.bench_message_path import postgres_database

    with postgres_database() as url:
        if url is None:
            raise SystemExit("no PostgreSQL on 127.0.0.1:5432")
        configure(args.store, url, work)
        asyncio.run(run(args.store, args.turns, args.decide_only))


if __name__ == "__main__":
    main()
