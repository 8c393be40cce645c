from __future__ import annotations

import logging
from pathlib import Path

import pytest

from hotel_agent.api.ratelimit import RateLimiter
from hotel_agent.observability.logging import ContextFormatter, SecretMaskingFilter, secret_values
from tests.apps import make_settings


def _format(record: logging.LogRecord, masker: SecretMaskingFilter) -> str:
    masker.filter(record)
    return ContextFormatter("%(levelname)s %(message)s").format(record)


def test_secrets_are_masked_in_messages_and_tracebacks(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, whatsapp_access_token="EAAG-very-secret", qloapps_api_key="K" * 32)
    masker = SecretMaskingFilter(secret_values(settings))
    record = logging.makeLogRecord(
        {"msg": "calling %s with %s", "args": ("graph", "EAAG-very-secret"), "levelname": "INFO"}
    )
    assert "EAAG-very-secret" not in _format(record, masker) and "***" in _format(record, masker)
    try:
        raise RuntimeError("auth failed for key " + "K" * 32)
    except RuntimeError:
        import sys

        failing = logging.makeLogRecord({"msg": "boom", "levelname": "ERROR", "exc_info": sys.exc_info()})
    text = _format(failing, masker)
    assert "K" * 32 not in text and "auth failed for key ***" in text


def test_context_fields_are_printed() -> None:
    record = logging.makeLogRecord(
        {"msg": "dead-lettered", "levelname": "WARNING", "reason": "pms_unavailable"}
    )
    assert 'reason="pms_unavailable"' in ContextFormatter("%(message)s").format(record)


async def test_rate_limit_in_process() -> None:
    limiter = RateLimiter(per_minute=2)
    assert (await limiter.allow("g", now=60.0))[0]
    assert (await limiter.allow("g", now=61.0))[0]
    allowed, retry_after = await limiter.allow("g", now=70.0)
    assert not allowed and retry_after == 50
    assert (await limiter.allow("other", now=70.0))[0]
    assert (await limiter.allow("g", now=121.0))[0]  # next window


@pytest.mark.integration
async def test_rate_limit_shared_in_redis(redis_url: str, redis_prefix: str) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(redis_url)
    first, second = RateLimiter(1, redis, redis_prefix), RateLimiter(1, redis, redis_prefix)
    assert (await first.allow("g", now=1000.0))[0]
    assert not (await second.allow("g", now=1001.0))[0]  # another process sees the same count
    ttl = await redis.ttl(f"{redis_prefix}ratelimit:g:{1000 // 60}")
    assert 0 < ttl <= 120  # the window's key expires (set once, with the first count)
    await redis.aclose()


async def test_keyed_lock_serialises_one_guest_and_forgets_idle_guests() -> None:
    import asyncio

    from hotel_agent.pipeline.worker import KeyedLock

    locks = KeyedLock()
    order: list[str] = []

    async def work(key: str, label: str, pause: float) -> None:
        async with locks.hold(key):
            order.append(f"{label}+")
            await asyncio.sleep(pause)
            order.append(f"{label}-")

    await asyncio.gather(work("ana", "a1", 0.02), work("ana", "a2", 0), work("bob", "b1", 0))
    assert order.index("a1-") < order.index("a2+")  # same guest: one at a time
    assert order.index("b1+") < order.index("a1-")  # other guests are not held up
    assert len(locks) == 0
