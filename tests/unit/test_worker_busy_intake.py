"""The in-process inbox worker claims fewer turns at once while intake is busy (acks share its event loop)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hotel_agent.channels.types import InboundMessage
from hotel_agent.pipeline import worker as worker_module
from hotel_agent.pipeline.inbox import Claimed
from hotel_agent.pipeline.worker import InboxWorker


def messages(count: int) -> list[InboundMessage]:
    now = datetime.now(UTC)
    return [InboundMessage(f"m{i}", "whatsapp", f"g{i}", "text", now, text="hola") for i in range(count)]


async def handle(_claimed: Claimed) -> None:
    raise AssertionError("nothing is claimed here")


def test_busy_intake_lowers_the_claim_limit_and_quiet_intake_restores_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [1000.0]
    monkeypatch.setattr(worker_module.time, "monotonic", lambda: clock[0])
    inbox: Any = object()  # never used: nothing is claimed here
    worker = InboxWorker(inbox, handle, concurrency=8, lease=timedelta(seconds=30), poll_seconds=0.2)
    assert worker.limit == 8

    # A 100 msg/s burst (the lag target's) keeps every turn.
    for _ in range(20):
        worker.wake(messages(10))
        clock[0] += 0.1
    assert worker.limit == 8

    # 600 msg/s (the webhook under a closed-loop load): a quarter.
    for _ in range(20):
        worker.wake(messages(60))
        clock[0] += 0.1
    assert worker.limit == 2

    # Intake stops: the whole concurrency again within a second.
    clock[0] += 1.0
    assert worker.limit == 8
