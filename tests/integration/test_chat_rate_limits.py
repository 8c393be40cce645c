"""The chat API's rate limits, in-process and in Redis: per caller address first (a refusal there hides whether
the token was right), per guest only for the conversation's owner (a stranger never uses up a guest's
allowance), and in Redis both counted in one round trip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis

from hotel_agent.api.ratelimit import RateLimiter
from tests.apps import container_of, make_settings, running_app


async def test_a_chain_stops_counting_at_the_first_key_over_its_limit() -> None:
    limiter = RateLimiter(per_minute=2)
    assert await limiter.allow_chain([("ip", 1), ("guest", None)], now=60.0) == (None, 60)
    assert await limiter.allow_chain([("ip", 1), ("guest", None)], now=61.0) == (0, 59)  # guest not counted
    assert await limiter.allow_chain([("guest", None)], now=62.0) == (None, 58)  # its second, within 2
    assert await limiter.allow_chain([("guest", None)], now=63.0) == (0, 57)
    assert await limiter.allow_chain([], now=64.0) == (None, 56)


@pytest.mark.integration
async def test_a_chain_in_redis_is_one_round_trip_and_stops_at_the_first_refusal(
    redis_url: str, redis_prefix: str
) -> None:
    redis = Redis.from_url(redis_url)
    commands: list[Any] = []
    execute = redis.execute_command

    async def counted(*args: Any, **options: Any) -> Any:
        commands.append(args[0])
        return await execute(*args, **options)

    limiter, other = RateLimiter(2, redis, redis_prefix), RateLimiter(2, redis, redis_prefix)
    await limiter.allow("warm-up", now=0.0)  # the script loaded in Redis (once per server)
    redis.execute_command = counted  # type: ignore[method-assign]
    assert await limiter.allow_chain([("ip", 1), ("guest", None)], now=1000.0) == (None, 20)
    assert await other.allow_chain([("ip", 1), ("guest", None)], now=1001.0) == (0, 19)  # shared counts
    assert await limiter.allow_chain([("guest", None)], now=1002.0) == (None, 18)
    assert await limiter.allow_chain([("guest", None)], now=1003.0) == (0, 17)
    assert commands == ["EVALSHA"] * 4  # one round trip per chain
    window = 1000 // 60
    assert [int(await redis.get(f"{redis_prefix}ratelimit:{key}:{window}")) for key in ("ip", "guest")] == [
        2,
        3,
    ]
    for key in ("ip", "guest"):
        assert 0 < await redis.ttl(f"{redis_prefix}ratelimit:{key}:{window}") <= 120
    await redis.aclose()


async def test_strangers_neither_use_a_guests_allowance_nor_learn_past_the_address_limit(
    tmp_path: Path,
) -> None:
    await _strangers_and_owners(tmp_path, {})


@pytest.mark.integration
async def test_the_same_in_redis(tmp_path: Path, redis_url: str, redis_prefix: str) -> None:
    await _strangers_and_owners(tmp_path, {"redis_url": redis_url, "redis_key_prefix": redis_prefix})


async def _strangers_and_owners(tmp_path: Path, redis: dict[str, Any]) -> None:
    # 2 per guest, 20 per caller address.
    async with running_app(make_settings(tmp_path, chat_rate_limit_per_minute=2, **redis)) as (app, client):
        container_of(app).rate_limiter.clock = lambda: 6_000_030.0  # one window for the whole test

        async def post(guest: str, token: str | None = None) -> tuple[int, Any]:
            headers = {"X-Conversation-Token": token} if token is not None else {}
            response = await client.post(
                "/api/v1/messages", json={"guest_id": guest, "text": "hola"}, headers=headers
            )
            return response.status_code, response

        status, first = await post("ana")
        token = first.json()["conversation_token"]
        assert status == 200  # the address: 1, ana: 1
        assert (await post("ana"))[0] == 401  # a stranger without the token: ana's allowance untouched
        assert (await post("ana", "x" * 32))[0] == 403  # nor with another token
        assert (await post("ana", token))[0] == 200  # ana's second of 2
        status, over = await post("ana", token)
        assert status == 429 and over.headers["Retry-After"] == "30"
        for n in range(15):  # the address's 6th to 20th
            assert (await post(f"guest-{n}"))[0] == 200
        # Past the address's limit everything is 429, a wrong or missing token included.
        assert [(await post("ana", t))[0] for t in (None, "x" * 32, token)] == [429, 429, 429]
        assert (await post("new-guest"))[0] == 429
