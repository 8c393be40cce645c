"""DLQ unit tests: backoff policy, entry serialisation, and the store contract (SQLite here; the
integration suite runs the same contract on PostgreSQL and Redis)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from prometheus_client import REGISTRY

from hotel_agent.channels.types import InboundMessage
from hotel_agent.db.base import Base
from hotel_agent.db.session import Database
from hotel_agent.dlq.entry import DLQEntry, PermanentFailure, check_reason, clip, entry_id_for
from hotel_agent.dlq.factory import build_dlq
from hotel_agent.dlq.models import DLQEntryRow, PermanentFailureRow
from hotel_agent.dlq.redis_store import RedisDLQStore
from hotel_agent.dlq.service import AlreadyQueued, DeadLetterQueue, EntryBusy, EntryNotFound
from hotel_agent.dlq.sql_store import SqlDLQStore
from hotel_agent.errors import ProcessingFailure, RetryDeferred
from hotel_agent.settings import Settings

DLQ_TABLES = [DLQEntryRow.__table__, PermanentFailureRow.__table__]
LATER = timedelta(hours=2)  # a claim "now" far enough ahead that every entry is due


def dlq_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "dlq_retry_base_seconds": 0.01,
        "dlq_retry_cap_seconds": 0.05,
        "dlq_max_retries": 3,
        "dlq_poll_seconds": 0.02,
        "dlq_lease_seconds": 5.0,
        "dlq_retry_all_per_second": 10.0,
        "redis_url": None,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def open_dlq(
    kind: str,
    sql_url: str,
    redis_url: str | None = None,
    prefix: str = "",
    cleanup: bool = True,
    **overrides: Any,
) -> AsyncIterator[DeadLetterQueue]:
    """A DLQ on a real store: kind sqlite|postgres (live queue in `sql_url`) or redis (keys under
    `prefix`, deleted afterwards when `cleanup`)."""
    import redis.asyncio as aioredis

    db = Database(sql_url)
    async with db.engine.begin() as conn:
        await conn.run_sync(lambda sync: Base.metadata.create_all(sync, tables=DLQ_TABLES))
    redis = aioredis.from_url(redis_url) if kind == "redis" and redis_url else None
    settings = dlq_settings(redis_key_prefix=prefix or "hotel-agent:", **overrides)
    dlq = build_dlq(settings, db, redis, rng=random.Random(7))
    try:
        yield dlq
    finally:
        await dlq.close()
        if redis is not None and cleanup and prefix:
            async for key in redis.scan_iter(match=f"{prefix}*"):
                await redis.delete(key)
        if redis is not None:
            await redis.aclose()
        await db.dispose()


def message(n: int = 1, channel: str = "whatsapp", **fields: Any) -> InboundMessage:
    values: dict[str, Any] = {
        "id": f"wamid.{n}",
        "channel": channel,
        "guest_id": f"3460000{n:04d}",
        "type": "text",
        "received_at": datetime(2026, 11, 27, 9, 0, tzinfo=UTC),
        "text": f"¿Hay habitación libre? #{n}",
        "correlation_id": f"corr-{n}",
    }
    values.update(fields)
    return InboundMessage(**values)


class Deliveries:
    """A RetryFn that builds the reply a guest would get and records each delivery (or fails)."""

    def __init__(self, fail_with: BaseException | None = None, delay: float = 0.0) -> None:
        self.delivered: list[tuple[str, str]] = []
        self.fail_with = fail_with
        self.delay = delay
        self.calls = 0

    async def __call__(self, msg: InboundMessage, entry: DLQEntry) -> None:
        self.calls += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail_with is not None:
            raise self.fail_with
        self.delivered.append((msg.id, f"Reply to {msg.guest_id}: {msg.text} (retry {entry.retry_count})"))


def counter(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
async def dlq(sqlite_url: str) -> AsyncIterator[DeadLetterQueue]:
    async with open_dlq("sqlite", sqlite_url) as queue:
        yield queue


# --- policy and serialisation ------------------------------------------------------------------
def test_backoff_is_full_jitter_below_an_exponential_ceiling_and_the_cap() -> None:
    settings = dlq_settings(dlq_retry_base_seconds=60, dlq_retry_cap_seconds=3600)
    queue = DeadLetterQueue(store=None, permanent=None, settings=settings, rng=random.Random(1))  # type: ignore[arg-type]
    for retries_done, ceiling in [(0, 60), (1, 120), (2, 240), (6, 3600), (40, 3600)]:
        draws = [queue.backoff_seconds(retries_done) for _ in range(300)]
        assert all(0 <= d <= ceiling for d in draws)
        assert max(draws) > ceiling * 0.9  # spread over the whole range, not a fixed delay
        assert min(draws) < ceiling * 0.1


def test_entry_id_is_stable_per_channel_and_message() -> None:
    assert entry_id_for(message(1)) == entry_id_for(message(1, text="other text"))
    assert entry_id_for(message(1)) != entry_id_for(message(2))
    assert entry_id_for(message(1)) != entry_id_for(message(1, channel="chat"))


def test_entry_round_trips_through_dict() -> None:
    now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    entry = DLQEntry(
        id="abc",
        message=message(3, type="audio", media_id="media-9", text=None),
        reason="audio_error",
        error_message="decoder failed",
        traceback="Traceback ...",
        retry_count=2,
        first_failed_at=now,
        next_retry_at=now + timedelta(minutes=2),
        correlation_id="corr-3",
        last_retry_at=now + timedelta(minutes=1),
        replay_of="abc",
        replayed_by="ana",
        lease_owner="w1",
        lease_expires_at=now + timedelta(minutes=3),
    )
    data = entry.to_dict()
    assert data["guest_id"] == "34600000003" and data["channel"] == "whatsapp"
    assert DLQEntry.from_dict(data) == entry
    assert DLQEntry.from_dict(__import__("json").loads(entry.to_json())) == entry
    assert entry.leased_at(now) and not entry.leased_at(now + timedelta(minutes=3))


def test_permanent_failure_dict_carries_guest_and_channel() -> None:
    now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    failure = PermanentFailure(
        "f1", message(4, channel="chat"), "pms_unavailable", "down", "", 3, now, now, now
    )
    data = failure.to_dict()
    assert (data["guest_id"], data["channel"], data["resolved_at"]) == ("34600000004", "chat", None)


def test_reason_and_text_limits() -> None:
    assert check_reason("nlp_error") == "nlp_error"
    with pytest.raises(ValueError, match="unknown DLQ reason 'oops'"):
        check_reason("oops")
    assert clip("short", 10) == "short"
    clipped = clip("x" * 100, 40)
    assert len(clipped) == 40 and clipped.endswith("[truncated]")


def test_factory_picks_the_store(sqlite_url: str) -> None:
    import redis.asyncio as aioredis

    db = Database(sqlite_url)
    assert isinstance(build_dlq(dlq_settings(), db, None).store, SqlDLQStore)
    client = aioredis.from_url("redis://127.0.0.1:1/0")
    store = build_dlq(dlq_settings(redis_key_prefix="p:"), db, client).store
    assert isinstance(store, RedisDLQStore) and store.due_key == "p:dlq:due"


# --- store contract (also run on PostgreSQL and Redis by tests/integration/test_dlq_stores.py) ----
async def test_contract_enqueue_twice_keeps_one_entry(dlq: DeadLetterQueue) -> None:
    before = counter("dlq_messages_total", reason="pms_unavailable")
    assert await dlq.enqueue(message(1), "pms_unavailable", "PMS down", "tb", "corr-1") is True
    assert await dlq.enqueue(message(1), "pms_unavailable", "PMS down again", "tb", "corr-1") is False
    page = await dlq.list()
    assert page.total == 1 and len(page.items) == 1
    entry = page.items[0]
    assert entry.error_message == "PMS down" and entry.retry_count == 0 and entry.correlation_id == "corr-1"
    assert (entry.guest_id, entry.channel, entry.message.text) == ("34600000001", "whatsapp", message(1).text)
    assert counter("dlq_messages_total", reason="pms_unavailable") == before + 1


async def test_contract_list_filters_by_reason_and_pages(dlq: DeadLetterQueue) -> None:
    start = datetime.now(UTC)
    for n in range(5):
        reason = "nlp_error" if n % 2 else "pms_unavailable"
        await dlq.enqueue(message(n), reason, "e", "", "", now=start + timedelta(seconds=n))
    page = await dlq.list(offset=1, limit=2)
    assert page.total == 5 and [e.message.id for e in page.items] == ["wamid.1", "wamid.2"]
    nlp = await dlq.list(reason="nlp_error")
    assert nlp.total == 2 and {e.message.id for e in nlp.items} == {"wamid.1", "wamid.3"}
    found = await dlq.get(nlp.items[0].id)
    assert found == nlp.items[0]
    assert await dlq.get("0" * 32) is None
    with pytest.raises(ValueError, match="limit"):
        await dlq.list(limit=0)
    with pytest.raises(ValueError, match="offset"):
        await dlq.list_permanent(offset=-1)


async def test_contract_claim_takes_a_lease_that_expires(dlq: DeadLetterQueue) -> None:
    t0 = datetime.now(UTC)
    await dlq.enqueue(message(1), "pms_unavailable", "e", "", "", now=t0)
    assert await dlq.claim_next("w1", now=t0 - timedelta(seconds=1)) is None  # not due yet
    first = await dlq.claim_next("w1", now=t0 + LATER)
    assert first is not None and first.entry.retry_count == 1 and first.entry.lease_owner == "w1"
    assert await dlq.claim_next("w2", now=t0 + LATER) is None  # leased
    after_lease = t0 + LATER + timedelta(seconds=dlq.settings.dlq_lease_seconds + 1)
    second = await dlq.claim_next("w2", now=after_lease)
    assert second is not None and second.entry.lease_owner == "w2" and second.entry.retry_count == 2
    # The first worker lost its lease: what it records is ignored.
    assert not await dlq.store.reschedule(first, "nlp_error", "late", "", t0, t0)
    assert not await dlq.store.remove(first.entry.id, first.token)
    assert (await dlq.get(first.entry.id)) is not None


async def test_contract_successful_retry_removes_the_entry(dlq: DeadLetterQueue) -> None:
    await dlq.enqueue(message(1), "pms_unavailable", "e", "", "")
    claim = await dlq.claim_next("w1", now=datetime.now(UTC) + LATER)
    assert claim is not None
    before = counter("dlq_retries_total", result="success")
    deliveries = Deliveries()
    outcome = await dlq.attempt(claim, deliveries)
    assert outcome.result == "success"
    assert deliveries.delivered[0][0] == "wamid.1"
    assert (await dlq.list()).total == 0
    assert counter("dlq_retries_total", result="success") == before + 1


async def test_contract_failures_back_off_then_become_permanent(dlq: DeadLetterQueue) -> None:
    await dlq.enqueue(message(1), "pms_unavailable", "PMS down", "", "corr-1")
    failing = Deliveries(fail_with=ProcessingFailure("pms_unavailable", "PMS still down"))
    before_perm = counter("dlq_permanent_failures_total", reason="pms_unavailable")
    results = []
    for _ in range(3):
        claim = await dlq.claim_next("w1", now=datetime.now(UTC) + LATER)
        assert claim is not None
        outcome = await dlq.attempt(claim, failing)
        results.append(outcome.result)
        if outcome.result == "failure":
            entry = await dlq.get(claim.entry.id)
            assert entry is not None and entry.lease_owner is None and entry.last_retry_at is not None
            assert entry.error_message == "PMS still down" and "ProcessingFailure" in entry.traceback
            assert outcome.next_retry_at is not None and entry.next_retry_at == outcome.next_retry_at
    assert results == ["failure", "failure", "permanent"]
    assert (await dlq.list()).total == 0
    failures = await dlq.list_permanent()
    assert failures.total == 1
    failure = failures.items[0]
    assert (failure.reason, failure.retry_count, failure.error_message) == (
        "pms_unavailable",
        3,
        "PMS still down",
    )
    assert (
        failure.guest_id == "34600000001"
        and failure.resolved_at is None
        and failure.last_retry_at is not None
    )
    assert counter("dlq_permanent_failures_total", reason="pms_unavailable") == before_perm + 1
    assert (await dlq.stats()).queue_size == 0


async def test_contract_a_new_reason_replaces_the_old(dlq: DeadLetterQueue) -> None:
    await dlq.enqueue(message(1), "pms_unavailable", "e", "", "")
    claim = await dlq.claim_next("w1", now=datetime.now(UTC) + LATER)
    assert claim is not None
    outcome = await dlq.attempt(claim, Deliveries(fail_with=RuntimeError("boom")))
    assert (outcome.result, outcome.reason) == ("failure", "unhandled")
    assert (await dlq.list(reason="pms_unavailable")).total == 0
    moved = await dlq.list(reason="unhandled")
    assert moved.total == 1 and moved.items[0].error_message == "RuntimeError: boom"


async def test_contract_a_retry_longer_than_the_lease_fails(sqlite_url: str) -> None:
    async with open_dlq("sqlite", sqlite_url, dlq_lease_seconds=0.1) as queue:
        await queue.enqueue(message(1), "send_error", "e", "", "")
        claim = await queue.claim_next("w1", now=datetime.now(UTC) + LATER)
        assert claim is not None
        outcome = await queue.attempt(claim, Deliveries(delay=1.0))
        assert outcome.result == "failure" and "longer than" in (outcome.error_message or "")


async def test_contract_release_gives_back_the_retry(dlq: DeadLetterQueue) -> None:
    await dlq.enqueue(message(1), "nlp_error", "e", "", "")
    claim = await dlq.claim_next("w1", now=datetime.now(UTC) + LATER)
    assert claim is not None
    assert await dlq.release(claim)
    entry = await dlq.get(claim.entry.id)
    assert entry is not None and entry.retry_count == 0 and entry.lease_owner is None
    again = await dlq.claim_next("w2")  # due at once
    assert again is not None and again.entry.retry_count == 1
    assert not await dlq.release(claim)  # stale token


async def test_contract_deferred_retry_comes_back_later_without_using_a_retry(dlq: DeadLetterQueue) -> None:
    await dlq.enqueue(message(1), "pms_unavailable", "e", "", "")
    claim = await dlq.claim_next("w1", now=datetime.now(UTC) + LATER)
    assert claim is not None
    outcome = await dlq.attempt(claim, Deliveries(fail_with=RetryDeferred(30, "breaker open")))
    assert outcome.result == "deferred" and outcome.next_retry_at is not None
    entry = await dlq.get(claim.entry.id)
    assert entry is not None and entry.retry_count == 0 and entry.lease_owner is None
    assert await dlq.claim_next("w2") is None  # not due before the breaker would let it through
    later = await dlq.claim_next("w2", now=datetime.now(UTC) + timedelta(seconds=31))
    assert later is not None and later.entry.retry_count == 1


async def test_contract_retry_now_claims_whatever_the_schedule(dlq: DeadLetterQueue) -> None:
    await dlq.enqueue(message(1), "pms_unavailable", "e", "", "", now=datetime.now(UTC) + timedelta(days=1))
    entry_id = (await dlq.list()).items[0].id
    with pytest.raises(EntryNotFound, match="no DLQ entry"):
        await dlq.retry_now("f" * 32, Deliveries())
    deliveries = Deliveries()
    assert (await dlq.retry_now(entry_id, deliveries)).result == "success"
    assert len(deliveries.delivered) == 1 and await dlq.get(entry_id) is None

    await dlq.enqueue(message(2), "pms_unavailable", "e", "", "")
    claim = await dlq.claim_next("w1", now=datetime.now(UTC) + LATER)
    assert claim is not None
    with pytest.raises(EntryBusy, match="being retried"):
        await dlq.retry_now(claim.entry.id, Deliveries())


async def test_contract_a_worker_lost_on_the_last_retry_makes_it_permanent(dlq: DeadLetterQueue) -> None:
    await dlq.enqueue(message(1), "pms_unavailable", "PMS down", "", "")
    t = datetime.now(UTC) + LATER
    for _ in range(dlq.settings.dlq_max_retries + 1):  # every claim's worker "dies"; the last one checks
        claim = await dlq.claim_next("w", now=t)
        assert claim is not None
        t += timedelta(seconds=dlq.settings.dlq_lease_seconds + 1)
    deliveries = Deliveries()
    outcome = await dlq.attempt(claim, deliveries)
    assert outcome.result == "permanent" and deliveries.calls == 0
    failure = (await dlq.list_permanent()).items[0]
    assert "stopped before recording" in failure.error_message


async def test_contract_stats_purge_and_retry_all(dlq: DeadLetterQueue) -> None:
    now = datetime.now(UTC)
    assert await dlq.stats(now=now) == type(await dlq.stats())(0.0, 0.0)
    await dlq.enqueue(message(1), "pms_unavailable", "e", "", "", now=now - timedelta(hours=5))
    await dlq.enqueue(message(2), "nlp_error", "e", "", "", now=now - timedelta(hours=1))
    await dlq.enqueue(message(3), "nlp_error", "e", "", "", now=now)
    stats = await dlq.stats(now=now)
    assert stats.queue_size == 3 and stats.oldest_message_age_seconds == pytest.approx(5 * 3600, abs=1)

    leased = await dlq.store.claim(entry_id_for(message(3)), "w", "tok", now, now + timedelta(minutes=5))
    assert isinstance(leased, DLQEntry)
    assert await dlq.retry_all(now=now) == 2  # the leased one is left to its worker
    scheduled = {e.message.id: e.next_retry_at for e in (await dlq.list()).items}
    assert scheduled["wamid.1"] == now
    assert scheduled["wamid.2"] == now + timedelta(seconds=0.1)  # 10 per second

    assert await dlq.purge_older_than(timedelta(hours=2), now=now) == 1
    assert await dlq.purge(entry_id_for(message(2)))
    assert not await dlq.purge(entry_id_for(message(2)))
    assert (await dlq.list()).total == 1
    with pytest.raises(ValueError, match="negative"):
        await dlq.purge_older_than(timedelta(hours=-1))


async def test_contract_replay_and_resolve_permanent_failures(dlq: DeadLetterQueue) -> None:
    for n in (1, 2):
        await dlq.enqueue(message(n), "pms_unavailable", "e", "", "")
        for _ in range(3):
            claim = await dlq.claim_next("w", now=datetime.now(UTC) + LATER)
            assert claim is not None
            await dlq.attempt(claim, Deliveries(fail_with=ProcessingFailure("pms_unavailable", "down")))
    failures = (await dlq.list_permanent()).items
    assert len(failures) == 2
    replayed_id, resolved_id = failures[0].id, failures[1].id

    with pytest.raises(EntryNotFound):
        await dlq.replay_permanent("0" * 32)
    entry = await dlq.replay_permanent(replayed_id, replayed_by="ana")
    assert entry.replay_of == replayed_id and entry.retry_count == 0
    with pytest.raises(AlreadyQueued):
        await dlq.replay_permanent(replayed_id)
    deliveries = Deliveries()
    assert (await dlq.retry_now(entry.id, deliveries)).result == "success"
    assert deliveries.delivered[0][0] == failures[0].message.id
    replayed = await dlq.get_permanent(replayed_id)
    assert replayed is not None and replayed.resolved_by == "ana" and replayed.resolved_at is not None

    resolved = await dlq.resolve_permanent(resolved_id, resolved_by="luis")
    assert resolved.resolved_by == "luis"
    again = await dlq.resolve_permanent(resolved_id, resolved_by="someone else")
    assert again.resolved_by == "luis"  # the first resolution stands
    with pytest.raises(EntryNotFound):
        await dlq.resolve_permanent("0" * 32)
    assert (await dlq.list_permanent()).total == 0
    assert (await dlq.list_permanent(status="resolved")).total == 2
    assert (await dlq.list_permanent(status="all", reason="nlp_error")).total == 0


async def test_contract_a_replay_that_fails_again_reopens_its_row(dlq: DeadLetterQueue) -> None:
    await dlq.enqueue(message(1), "pms_unavailable", "e", "", "")
    failing = Deliveries(fail_with=ProcessingFailure("send_error", "Graph API 131047: re-engagement"))
    for _ in range(3):
        claim = await dlq.claim_next("w", now=datetime.now(UTC) + LATER)
        assert claim is not None
        await dlq.attempt(claim, failing)
    failure_id = (await dlq.list_permanent()).items[0].id
    await dlq.replay_permanent(failure_id)
    for _ in range(3):
        claim = await dlq.claim_next("w", now=datetime.now(UTC) + LATER)
        assert claim is not None
        await dlq.attempt(claim, failing)
    rows = (await dlq.list_permanent(status="all")).items
    assert len(rows) == 1 and rows[0].retry_count == 6 and rows[0].reason == "send_error"
    assert "131047" in rows[0].error_message


def test_retry_all_needs_a_positive_rate() -> None:
    from pydantic import ValidationError

    from hotel_agent.settings import Settings

    with pytest.raises(ValidationError, match="dlq_retry_all_per_second"):
        Settings(dlq_retry_all_per_second=0)


async def test_contract_results_recorded_after_losing_the_lease_are_dropped(dlq: DeadLetterQueue) -> None:
    from hotel_agent.dlq.entry import Claim

    failing = Deliveries(fail_with=ProcessingFailure("pms_unavailable", "down"))
    await dlq.enqueue(message(1), "pms_unavailable", "e", "", "")
    claim = await dlq.claim_next("w1", now=datetime.now(UTC) + LATER)
    assert claim is not None
    assert await dlq.purge(claim.entry.id)  # an operator purged it mid-retry
    assert (await dlq.attempt(claim, failing)).result == "lost"
    assert (await dlq.list()).total == 0

    await dlq.enqueue(message(2), "pms_unavailable", "e", "", "")
    entry_id = entry_id_for(message(2))
    for _ in range(2):
        claim = await dlq.claim_next("w1", now=datetime.now(UTC) + LATER)
        assert claim is not None
        await dlq.attempt(claim, failing)
    past = datetime.now(UTC) - timedelta(hours=1)  # a last retry whose lease ran out long ago
    stale = await dlq.store.claim(entry_id, "w1", "stale-token", past, past + timedelta(seconds=5))
    assert isinstance(stale, DLQEntry) and stale.retry_count == 3
    assert (await dlq.attempt(Claim(stale, "stale-token"), failing)).result == "lost"
    assert (await dlq.list_permanent()).total == 0  # left for whichever worker holds it now
    assert (await dlq.get(entry_id)) is not None
