"""What the dead-letter queue holds: live entries waiting for a retry, and permanent failures."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar, cast

from hotel_agent.channels.types import InboundMessage
from hotel_agent.errors import FAILURE_REASONS, FailureReason

_ENTRY_NAMESPACE = uuid.UUID("5b1d7c8e-3f0a-4c43-9f3e-6a9d0c7e2b11")
MAX_TRACEBACK_CHARS = 20_000
MAX_ERROR_CHARS = 2_000

T = TypeVar("T")


def entry_id_for(message: InboundMessage) -> str:
    """One id per (channel, message id): enqueuing the same message twice finds the same entry."""
    return uuid.uuid5(_ENTRY_NAMESPACE, f"{message.channel}:{message.id}").hex


def check_reason(reason: str) -> FailureReason:
    if reason not in FAILURE_REASONS:
        raise ValueError(f"unknown DLQ reason {reason!r}; expected one of {', '.join(FAILURE_REASONS)}")
    return cast(FailureReason, reason)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 15] + "\n...[truncated]"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _failure_fields(failure: DLQEntry | PermanentFailure) -> dict[str, Any]:
    """What a live entry and a permanent failure both show: the message and why it failed."""
    return {
        "id": failure.id,
        "message_id": failure.message.id,
        "channel": failure.channel,
        "guest_id": failure.guest_id,
        "message": failure.message.to_dict(),
        "reason": failure.reason,
        "error_message": failure.error_message,
        "traceback": failure.traceback,
        "retry_count": failure.retry_count,
        "first_failed_at": _iso(failure.first_failed_at),
    }


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class DLQEntry:
    """A guest message whose processing failed and that waits for its next retry."""

    id: str
    message: InboundMessage
    reason: FailureReason
    error_message: str
    traceback: str
    retry_count: int  # retries started so far (the first failure is not a retry)
    first_failed_at: datetime
    next_retry_at: datetime
    correlation_id: str
    last_retry_at: datetime | None = None
    replay_of: str | None = None  # the permanent failure this entry replays, resolved on delivery
    replayed_by: str | None = None
    lease_owner: str | None = None  # the worker retrying it right now
    lease_expires_at: datetime | None = None

    @property
    def guest_id(self) -> str:
        return self.message.guest_id

    @property
    def channel(self) -> str:
        return self.message.channel

    def leased_at(self, now: datetime) -> bool:
        return self.lease_expires_at is not None and self.lease_expires_at > now

    def to_dict(self) -> dict[str, Any]:
        return {
            **_failure_fields(self),
            "next_retry_at": _iso(self.next_retry_at),
            "last_retry_at": _iso(self.last_retry_at),
            "correlation_id": self.correlation_id,
            "replay_of": self.replay_of,
            "replayed_by": self.replayed_by,
            "lease_owner": self.lease_owner,
            "lease_expires_at": _iso(self.lease_expires_at),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DLQEntry:
        return cls(
            id=data["id"],
            message=InboundMessage.from_dict(data["message"]),
            reason=check_reason(data["reason"]),
            error_message=data["error_message"],
            traceback=data["traceback"],
            retry_count=int(data["retry_count"]),
            first_failed_at=datetime.fromisoformat(data["first_failed_at"]),
            next_retry_at=datetime.fromisoformat(data["next_retry_at"]),
            correlation_id=data["correlation_id"],
            last_retry_at=_dt(data.get("last_retry_at")),
            replay_of=data.get("replay_of"),
            replayed_by=data.get("replayed_by"),
            lease_owner=data.get("lease_owner"),
            lease_expires_at=_dt(data.get("lease_expires_at")),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


@dataclass(frozen=True)
class Claim:
    """An entry leased to one worker; the token proves the lease when the worker records the result."""

    entry: DLQEntry
    token: str


@dataclass(frozen=True)
class PermanentFailure:
    """A message that failed its last retry: kept in SQL until an operator replays or resolves it."""

    id: str
    message: InboundMessage
    reason: FailureReason
    error_message: str
    traceback: str
    retry_count: int
    first_failed_at: datetime
    last_retry_at: datetime | None
    created_at: datetime
    resolved_at: datetime | None = None
    resolved_by: str | None = None

    @property
    def guest_id(self) -> str:
        return self.message.guest_id

    @property
    def channel(self) -> str:
        return self.message.channel

    def to_dict(self) -> dict[str, Any]:
        return {
            **_failure_fields(self),
            "last_retry_at": _iso(self.last_retry_at),
            "created_at": _iso(self.created_at),
            "resolved_at": _iso(self.resolved_at),
            "resolved_by": self.resolved_by,
        }


RetryResult = Literal["success", "failure", "permanent", "lost", "deferred"]


@dataclass(frozen=True)
class RetryOutcome:
    """What one retry attempt did. `lost`: the lease was gone (entry purged or taken) when recording;
    `deferred`: not tried (the PMS breaker is open), rescheduled without using up a retry."""

    entry_id: str
    result: RetryResult
    error_message: str | None = None
    reason: FailureReason | None = None
    next_retry_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.entry_id,
            "result": self.result,
            "reason": self.reason,
            "error_message": self.error_message,
            "next_retry_at": self.next_retry_at.isoformat() if self.next_retry_at else None,
        }


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int
    extra: dict[str, Any] = field(default_factory=dict)
