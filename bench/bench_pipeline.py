"""Latency of the real app in-process (SQLite, simulator PMS, default NLP), over httpx's ASGI transport.

    .venv/bin/python -m bench.bench_pipeline [--requests 300] [--warmup 30]

Per round, interleaved so that load from other jobs hits every case alike:
  - baseline: GET /health/live
  - webhook ack: POST /webhooks/whatsapp with a signed text message, timed to the 200; the processing that
    follows the ack is then awaited (untimed: "ack -> processed" is reported separately)
  - chat info / chat availability: POST /api/v1/messages end to end (NLP + orchestrator + PMS + SQLite)
  - chat availability, breaker forced open: the fast failure path (DLQ + holding reply)
Every guest is new, so each message is a first message. Prints a Markdown table for BENCHMARKS.md.

    .venv/bin/python -m bench.bench_pipeline --dialogues

instead plays every conversation of tests/dialogues through POST /api/v1/messages (its own guest, its
conversation token) and reports the time of each turn: the whole message path with the dialogue logic.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import itertools
import json
import logging
import os
import platform
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import httpx
from fastapi import FastAPI

from bench.bench_nlp import percentile
from bench.machine import cpu_model
from hotel_agent.app import create_app
from hotel_agent.chaos.traffic import INFO_QUESTIONS, availability_question
from hotel_agent.container import Container
from hotel_agent.settings import Settings

ADMIN = {"Authorization": "Bearer bench-admin"}
APP_SECRET = "bench-secret"
CASES = [
    "GET /health/live (baseline)",
    "webhook ack (POST /webhooks/whatsapp)",
    "webhook ack -> processed (info/availability mix)",
    "chat info question",
    "chat availability question, breaker closed",
    "chat availability question, breaker open (DLQ + holding reply)",
]


def bench_settings(data_dir: Path) -> Settings:
    return Settings(
        _env_file=None,
        environment="test",
        log_level="WARNING",
        data_dir=data_dir,
        database_url=f"sqlite+aiosqlite:///{data_dir}/bench.db",
        admin_token="bench-admin",
        whatsapp_app_secret=APP_SECRET,
        chat_rate_limit_per_minute=1_000_000,
        # The retry worker would retry the breaker-open messages in the background and skew the timings.
        dlq_run_worker_in_process=False,
        dlq_retry_base_seconds=3600.0,
    )


def webhook_body(wa_id: str, text: str) -> tuple[bytes, dict[str, str]]:
    message = {
        "from": wa_id,
        "id": f"wamid.bench.{uuid.uuid4().hex}",
        "timestamp": str(int(time.time())),
        "type": "text",
        "text": {"body": text},
    }
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "34600000000", "phone_number_id": "bench"},
        "contacts": [{"profile": {"name": "Bench Guest"}, "wa_id": wa_id}],
        "messages": [message],
    }
    payload = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
    }
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    return body, {"Content-Type": "application/json", "X-Hub-Signature-256": signature}


class Round:
    """One request of every case; returns milliseconds per case and checks each answer is the expected one."""

    def __init__(self, client: httpx.AsyncClient, container: Container, seed: int) -> None:
        self.client = client
        self.container = container
        self.rng = random.Random(seed)

    async def run(self) -> dict[str, float]:
        language = self.rng.choice(["es", "en"])
        info = self.rng.choice(INFO_QUESTIONS[language])
        availability = availability_question(self.rng, date.today(), language)
        timings: dict[str, float] = {}
        timings[CASES[0]] = await timed(lambda: self.health())
        ack, processed = await self.webhook(info if self.rng.random() < 0.5 else availability)
        timings[CASES[1]], timings[CASES[2]] = ack, processed
        timings[CASES[3]] = await timed(lambda: self.chat(info, "answered"))
        timings[CASES[4]] = await timed(lambda: self.chat(availability, "answered"))
        await self.admin("/admin/pms/breaker/force-open")
        timings[CASES[5]] = await timed(lambda: self.chat(availability, "queued"))
        await self.admin("/admin/pms/breaker/reset")
        return timings

    async def health(self) -> None:
        response = await self.client.get("/health/live")
        expect(response.status_code == 200, f"/health/live: {response.status_code}")

    async def webhook(self, text: str) -> tuple[float, float]:
        body, headers = webhook_body("34" + str(self.rng.randrange(10**9)).zfill(9), text)
        start = time.perf_counter()
        response = await self.client.post("/webhooks/whatsapp", content=body, headers=headers)
        ack = time.perf_counter()
        expect(response.json() == {"received": 1, "accepted": 1}, f"webhook: {response.text}")
        await self.container.pipeline.drain()
        return (ack - start) * 1000, (time.perf_counter() - start) * 1000

    async def chat(self, text: str, delivery: str) -> None:
        guest = f"bench-{uuid.uuid4().hex[:12]}"
        response = await self.client.post("/api/v1/messages", json={"guest_id": guest, "text": text})
        expect(response.status_code == 200, f"chat: {response.status_code} {response.text}")
        got = response.json()["delivery"]
        expect(got == delivery, f"chat {text!r}: delivery {got!r}, expected {delivery!r}")

    async def admin(self, path: str) -> None:
        response = await self.client.post(path, headers=ADMIN)
        expect(response.status_code == 200, f"{path}: {response.status_code}")


def expect(condition: bool, failure: str) -> None:
    if not condition:
        raise SystemExit(f"bench_pipeline: unexpected answer, figures would be meaningless: {failure}")


async def timed(call: Callable[[], Awaitable[None]]) -> float:
    start = time.perf_counter()
    await call()
    return (time.perf_counter() - start) * 1000


async def measure(requests: int, warmup: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory(prefix="hotel-agent-bench-") as tmp:
        app: FastAPI = create_app(bench_settings(Path(tmp)))
        async with app.router.lifespan_context(app):
            container: Container = app.state.container
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=60) as client:
                samples: dict[str, list[float]] = {case: [] for case in CASES}
                for n in range(warmup + requests):
                    timings = await Round(client, container, seed=n).run()
                    if n >= warmup:
                        for case, ms in timings.items():
                            samples[case].append(ms)
            return samples


async def measure_dialogues() -> dict[str, list[float]]:
    """Per language, the milliseconds of every guest turn of the dialogue suite, end to end."""
    from hotel_agent.orchestrator.evaluate import DIALOGUES_DIR, load_dialogues

    loaded = load_dialogues([DIALOGUES_DIR])
    spanish, english = [d for d in loaded if d.language == "es"], [d for d in loaded if d.language == "en"]
    # interleaved, so load from other jobs hits both languages alike
    dialogues = [d for pair in itertools.zip_longest(spanish, english) for d in pair if d is not None]
    samples: dict[str, list[float]] = {"es": [], "en": []}
    with tempfile.TemporaryDirectory(prefix="hotel-agent-bench-") as tmp:
        app: FastAPI = create_app(bench_settings(Path(tmp)))
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=60) as client:
                for dialogue in dialogues:
                    guest, headers = f"bench-{uuid.uuid4().hex[:12]}", {}
                    for turn in dialogue.turns:
                        start = time.perf_counter()
                        response = await client.post(
                            "/api/v1/messages", json={"guest_id": guest, "text": turn.text}, headers=headers
                        )
                        elapsed = (time.perf_counter() - start) * 1000
                        expect(response.status_code == 200, f"chat: {response.status_code} {response.text}")
                        body = response.json()
                        headers = {"X-Conversation-Token": body["conversation_token"]}
                        if body["delivery"] == "answered":
                            samples[dialogue.language].append(elapsed)
    return samples


def dialogue_table(samples: dict[str, list[float]]) -> str:
    lines = ["| dialogue turns | n | median ms | p95 ms | p99 ms |", "|---|---:|---:|---:|---:|"]
    for language, values in samples.items():
        lines.append(
            f"| {language} | {len(values)} | {statistics.median(values):.2f} | "
            f"{percentile(values, 0.95):.2f} | {percentile(values, 0.99):.2f} |"
        )
    return "\n".join(lines)


def table(samples: dict[str, list[float]]) -> str:
    baseline = statistics.median(samples[CASES[0]])
    lines = [
        "| case | n | median ms | p95 ms | median / baseline |",
        "|---|---:|---:|---:|---:|",
    ]
    for case in CASES:
        values = samples[case]
        median = statistics.median(values)
        lines.append(
            f"| {case} | {len(values)} | {median:.2f} | {percentile(values, 0.95):.2f} | "
            f"{median / baseline:.1f}x |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=300, help="timed rounds (one request per case)")
    parser.add_argument("--warmup", type=int, default=30, help="untimed rounds first")
    parser.add_argument("--dialogues", action="store_true", help="time the turns of tests/dialogues instead")
    args = parser.parse_args()
    if args.requests < 1 or args.warmup < 0:
        parser.error("--requests must be >= 1 and --warmup >= 0")
    logging.disable(logging.WARNING)  # the breaker-open case logs a warning per message on purpose
    load_before = os.getloadavg()[0]
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    if args.dialogues:
        by_language = asyncio.run(measure_dialogues())
        print(
            f"{started}, {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}; "
            f"1-min load average {load_before:.2f} before / {os.getloadavg()[0]:.2f} after"
        )
        print(dialogue_table(by_language))
        return
    samples = asyncio.run(measure(args.requests, args.warmup))
    load_after = os.getloadavg()[0]
    print(
        f"{started}, {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}; "
        f"{args.requests} rounds after {args.warmup} warm-up; 1-min load average {load_before:.2f} before / "
        f"{load_after:.2f} after"
    )
    print(table(samples))


if __name__ == "__main__":
    main()
