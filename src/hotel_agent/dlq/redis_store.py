"""Live DLQ entries in Redis: a hash per entry and sorted sets for scheduling and listing.

Keys (under the configured prefix): `dlq:entry:<id>` (hash), `dlq:due` (score: when the entry may be
claimed — its next retry time, or its lease expiry while leased), `dlq:age` (score: first failure) and
`dlq:reason:<reason>` (same score, for filtered listing). A claim moves the entry's `dlq:due` score to
its lease expiry inside a Lua script, so a worker that dies simply lets the entry fall due again.
Scripts build entry keys from the prefix, so the store expects one Redis node (no Cluster).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from redis.asyncio import Redis

from hotel_agent.channels.types import InboundMessage
from hotel_agent.dlq.entry import Claim, DLQEntry, check_reason
from hotel_agent.dlq.store import ClaimMiss
from hotel_agent.errors import FailureReason

_ADD = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
return 1
"""

# Shared by both claims: lease the entry (ARGV: owner, token, lease_until epoch, lease_until iso).
_LEASE = """
local function lease(key, due, id)
  redis.call('ZADD', due, ARGV[3], id)
  redis.call('HSET', key, 'lease_owner', ARGV[1], 'lease_token', ARGV[2], 'lease_until', ARGV[3],
             'lease_expires_at', ARGV[4])
  redis.call('HINCRBY', key, 'retry_count', 1)
  return redis.call('HGETALL', key)
end
"""

_CLAIM_DUE = (
    _LEASE
    + """
-- KEYS: due; ARGV 5: now epoch, 6: entry key prefix
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[5], 'LIMIT', 0, 10)
for _, id in ipairs(ids) do
  local key = ARGV[6] .. id
  if redis.call('EXISTS', key) == 1 then return lease(key, KEYS[1], id) end
  redis.call('ZREM', KEYS[1], id)
end
return false
"""
)

_CLAIM_ONE = (
    _LEASE
    + """
-- KEYS: due, entry; ARGV 5: now epoch, 6: id
if redis.call('EXISTS', KEYS[2]) == 0 then return 'missing' end
local lease_until = tonumber(redis.call('HGET', KEYS[2], 'lease_until') or '0')
if lease_until > tonumber(ARGV[5]) then return 'leased' end
return lease(KEYS[2], KEYS[1], ARGV[6])
"""
)

# KEYS: entry, due, age; ARGV: token, id, due score, reason key prefix, then field/value pairs.
_UPDATE_LEASED = """
if redis.call('HGET', KEYS[1], 'lease_token') ~= ARGV[1] then return 0 end
local old_reason = redis.call('HGET', KEYS[1], 'reason')
redis.call('HDEL', KEYS[1], 'lease_owner', 'lease_token', 'lease_until', 'lease_expires_at')
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
local new_reason = redis.call('HGET', KEYS[1], 'reason')
if new_reason ~= old_reason then
  local first = redis.call('ZSCORE', KEYS[3], ARGV[2])
  redis.call('ZREM', ARGV[4] .. old_reason, ARGV[2])
  redis.call('ZADD', ARGV[4] .. new_reason, first, ARGV[2])
end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
return 1
"""

# KEYS: entry, due, age; ARGV: id, reason key prefix, token ('' = any holder)
_REMOVE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[3] ~= '' and redis.call('HGET', KEYS[1], 'lease_token') ~= ARGV[3] then return 0 end
local reason = redis.call('HGET', KEYS[1], 'reason')
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', ARGV[2] .. reason, ARGV[1])
return 1
"""

# KEYS: due, age; ARGV: now epoch, now iso-less spacing, entry prefix
_SCHEDULE_ALL = """
local ids = redis.call('ZRANGE', KEYS[2], 0, -1)
local count = 0
for _, id in ipairs(ids) do
  local key = ARGV[3] .. id
  local lease_until = tonumber(redis.call('HGET', key, 'lease_until') or '0')
  if lease_until <= tonumber(ARGV[1]) then
    local at = tonumber(ARGV[1]) + count * tonumber(ARGV[2])
    redis.call('ZADD', KEYS[1], at, id)
    redis.call('HSET', key, 'next_retry_at_epoch', at)
    count = count + 1
  end
end
return count
"""


def _epoch(value: datetime) -> str:
    return repr(value.timestamp())


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _fields(entry: DLQEntry) -> dict[str, str]:
    data: dict[str, str] = {
        "id": entry.id,
        "message": json.dumps(entry.message.to_dict(), ensure_ascii=False),
        "reason": entry.reason,
        "error_message": entry.error_message,
        "traceback": entry.traceback,
        "retry_count": str(entry.retry_count),
        "first_failed_at": entry.first_failed_at.isoformat(),
        "next_retry_at": entry.next_retry_at.isoformat(),
        "correlation_id": entry.correlation_id,
    }
    optional = {
        "last_retry_at": entry.last_retry_at.isoformat() if entry.last_retry_at else None,
        "replay_of": entry.replay_of,
        "replayed_by": entry.replayed_by,
    }
    data.update({key: value for key, value in optional.items() if value is not None})
    return data


def _entry(raw: dict[str, str]) -> DLQEntry:
    def when(name: str) -> datetime | None:
        return datetime.fromisoformat(raw[name]) if raw.get(name) else None

    next_retry_at = when("next_retry_at")
    if raw.get("next_retry_at_epoch"):  # set by retry-all, which runs inside Redis without ISO dates
        next_retry_at = datetime.fromtimestamp(float(raw["next_retry_at_epoch"]), UTC)
    assert next_retry_at is not None
    first_failed_at = when("first_failed_at")
    assert first_failed_at is not None
    return DLQEntry(
        id=raw["id"],
        message=InboundMessage.from_dict(json.loads(raw["message"])),
        reason=check_reason(raw["reason"]),
        error_message=raw.get("error_message", ""),
        traceback=raw.get("traceback", ""),
        retry_count=int(raw["retry_count"]),
        first_failed_at=first_failed_at,
        next_retry_at=next_retry_at,
        correlation_id=raw.get("correlation_id", ""),
        last_retry_at=when("last_retry_at"),
        replay_of=raw.get("replay_of"),
        replayed_by=raw.get("replayed_by"),
        lease_owner=raw.get("lease_owner"),
        lease_expires_at=when("lease_expires_at"),
    )


def _pairs(flat: list[Any]) -> dict[str, str]:
    return {_text(flat[i]): _text(flat[i + 1]) for i in range(0, len(flat), 2)}


def _flatten(values: dict[str, str]) -> list[str]:
    return [item for pair in values.items() for item in pair]


class RedisDLQStore:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.entry_prefix = f"{prefix}dlq:entry:"
        self.due_key = f"{prefix}dlq:due"
        self.age_key = f"{prefix}dlq:age"
        self.reason_prefix = f"{prefix}dlq:reason:"
        self._add = redis.register_script(_ADD)
        self._claim_due = redis.register_script(_CLAIM_DUE)
        self._claim_one = redis.register_script(_CLAIM_ONE)
        self._update_leased = redis.register_script(_UPDATE_LEASED)
        self._remove = redis.register_script(_REMOVE)
        self._schedule_all = redis.register_script(_SCHEDULE_ALL)

    def _key(self, entry_id: str) -> str:
        return self.entry_prefix + entry_id

    async def add(self, entry: DLQEntry) -> bool:
        keys = [self._key(entry.id), self.due_key, self.age_key, self.reason_prefix + entry.reason]
        args = [
            entry.id,
            _epoch(entry.next_retry_at),
            _epoch(entry.first_failed_at),
            "",
            *_flatten(_fields(entry)),
        ]
        return bool(await self._add(keys=keys, args=args))

    async def get(self, entry_id: str) -> DLQEntry | None:
        raw = await self.redis.hgetall(self._key(entry_id))  # type: ignore[misc]
        return _entry({_text(k): _text(v) for k, v in raw.items()}) if raw else None

    async def page(self, reason: FailureReason | None, offset: int, limit: int) -> tuple[list[DLQEntry], int]:
        index = self.age_key if reason is None else self.reason_prefix + reason
        ids = await self.redis.zrange(index, offset, offset + limit - 1)
        total = await self.redis.zcard(index)
        entries = [await self.get(_text(entry_id)) for entry_id in ids]
        return [entry for entry in entries if entry is not None], int(total)

    def _lease_args(self, owner: str, token: str, lease_until: datetime) -> list[str]:
        return [owner, token, _epoch(lease_until), lease_until.isoformat()]

    async def claim_due(
        self, owner: str, token: str, now: datetime, lease_until: datetime
    ) -> DLQEntry | None:
        args = [*self._lease_args(owner, token, lease_until), _epoch(now), self.entry_prefix]
        raw = await self._claim_due(keys=[self.due_key], args=args)
        return _entry(_pairs(raw)) if raw else None

    async def claim(
        self, entry_id: str, owner: str, token: str, now: datetime, lease_until: datetime
    ) -> DLQEntry | ClaimMiss:
        args = [*self._lease_args(owner, token, lease_until), _epoch(now), entry_id]
        raw = await self._claim_one(keys=[self.due_key, self._key(entry_id)], args=args)
        if isinstance(raw, bytes | str):
            return "leased" if _text(raw) == "leased" else "missing"
        return _entry(_pairs(raw))

    async def _leased_update(self, claim: Claim, due: datetime, values: dict[str, str]) -> bool:
        keys = [self._key(claim.entry.id), self.due_key, self.age_key]
        args = [claim.token, claim.entry.id, _epoch(due), self.reason_prefix, *_flatten(values)]
        return bool(await self._update_leased(keys=keys, args=args))

    async def reschedule(
        self,
        claim: Claim,
        reason: FailureReason,
        error_message: str,
        traceback: str,
        retried_at: datetime,
        next_retry_at: datetime,
    ) -> bool:
        values = {
            "reason": reason,
            "error_message": error_message,
            "traceback": traceback,
            "last_retry_at": retried_at.isoformat(),
            "next_retry_at": next_retry_at.isoformat(),
            "next_retry_at_epoch": "",
        }
        return await self._leased_update(claim, next_retry_at, values)

    async def release(self, claim: Claim, now: datetime, due_at: datetime | None = None) -> bool:
        due_at = due_at or now
        values = {
            "retry_count": str(claim.entry.retry_count - 1),
            "next_retry_at": due_at.isoformat(),
            "next_retry_at_epoch": "",
        }
        return await self._leased_update(claim, due_at, values)

    async def remove(self, entry_id: str, token: str | None = None) -> bool:
        keys = [self._key(entry_id), self.due_key, self.age_key]
        return bool(await self._remove(keys=keys, args=[entry_id, self.reason_prefix, token or ""]))

    async def remove_older_than(self, cutoff: datetime) -> int:
        ids = await self.redis.zrangebyscore(self.age_key, "-inf", f"({cutoff.timestamp()!r}")
        removed = 0
        for entry_id in ids:
            removed += await self.remove(_text(entry_id))
        return removed

    async def schedule_all(self, now: datetime, spacing_seconds: float) -> int:
        args = [_epoch(now), repr(spacing_seconds), self.entry_prefix]
        return int(await self._schedule_all(keys=[self.due_key, self.age_key], args=args))

    async def size_and_oldest(self) -> tuple[int, datetime | None]:
        size = await self.redis.zcard(self.age_key)
        oldest = await self.redis.zrange(self.age_key, 0, 0, withscores=True)
        if not oldest:
            return int(size), None
        return int(size), datetime.fromtimestamp(float(oldest[0][1]), UTC)

    async def close(self) -> None:
        """The Redis client belongs to the caller."""
