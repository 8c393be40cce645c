"""Per-guest rate limit for the chat API: a fixed one-minute window, in Redis when shared, else in-process."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from redis.asyncio import Redis


class RateLimiter:
    def __init__(
        self,
        per_minute: int,
        redis: Redis | None = None,
        prefix: str = "",
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self.redis = redis
        self.prefix = prefix
        self.max_keys = max_keys
        self._local: OrderedDict[tuple[str, int], int] = OrderedDict()

    async def allow(self, key: str, now: float | None = None, limit: int | None = None) -> tuple[bool, int]:
        """(allowed, seconds until the window resets); `limit` overrides the per-minute limit for this key."""
        now = self.clock() if now is None else now
        window = int(now // 60)
        retry_after = 60 - int(now % 60)
        if self.redis is not None:
            redis_key = f"{self.prefix}ratelimit:{key}:{window}"
            # One round trip (it was two for every new key): the count, and an expiry set only once.
            async with self.redis.pipeline(transaction=False) as pipe:
                pipe.incr(redis_key)
                pipe.expire(redis_key, 120, nx=True)
                incremented, _ = await pipe.execute()
            count = int(incremented)
        else:
            count = self._local.get((key, window), 0) + 1
            self._local[(key, window)] = count
            self._local.move_to_end((key, window))
            while len(self._local) > self.max_keys:
                self._local.popitem(last=False)
        return count <= (limit or self.per_minute), retry_after
