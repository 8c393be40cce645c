"""Per-guest rate limit for the chat API: a fixed one-minute window, in Redis when shared, else in-process."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Sequence

from redis.asyncio import Redis

# KEYS: the windows' counters, in order; ARGV[1]: their expiry (s), ARGV[1 + i]: KEYS[i]'s limit. Counts each
# key while the ones before it were within their limits; returns the (1-based) key over its limit, or 0.
_CHAIN = """
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  redis.call('EXPIRE', key, ARGV[1], 'NX')
  if count > tonumber(ARGV[i + 1]) then
    return i
  end
end
return 0
"""
WINDOW_EXPIRY_SECONDS = 120


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
        self._chain = redis.register_script(_CHAIN) if redis is not None else None

    async def allow(self, key: str, now: float | None = None, limit: int | None = None) -> tuple[bool, int]:
        """(allowed, seconds until the window resets); `limit` overrides the per-minute limit for this key."""
        refused, retry_after = await self.allow_chain([(key, limit)], now)
        return refused is None, retry_after

    async def allow_chain(
        self, checks: Sequence[tuple[str, int | None]], now: float | None = None
    ) -> tuple[int | None, int]:
        """Count each (key, limit) in order while the ones before it are within their limits: (the index of
        the first over its limit, None when none is; seconds until the window resets). A key after a refused
        one is not counted. One Redis round trip for the whole chain (a script), however many keys."""
        now = self.clock() if now is None else now
        window = int(now // 60)
        retry_after = 60 - int(now % 60)
        if not checks:
            return None, retry_after
        if self._chain is not None:
            keys = [f"{self.prefix}ratelimit:{key}:{window}" for key, _ in checks]
            limits = [limit or self.per_minute for _, limit in checks]
            over = int(await self._chain(keys=keys, args=[WINDOW_EXPIRY_SECONDS, *limits]))
            return (over - 1 if over else None), retry_after
        for number, (key, limit) in enumerate(checks):
            count = self._local.get((key, window), 0) + 1
            self._local[(key, window)] = count
            self._local.move_to_end((key, window))
            while len(self._local) > self.max_keys:
                self._local.popitem(last=False)
            if count > (limit or self.per_minute):
                return number, retry_after
        return None, retry_after
