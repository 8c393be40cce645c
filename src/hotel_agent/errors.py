"""Why processing a guest message failed; the reason is the DLQ's `reason` label."""

from __future__ import annotations

from typing import Literal

FailureReason = Literal["pms_unavailable", "nlp_error", "audio_error", "send_error", "unhandled"]
FAILURE_REASONS: tuple[FailureReason, ...] = (
    "pms_unavailable",
    "nlp_error",
    "audio_error",
    "send_error",
    "unhandled",
)


class RetryDeferred(Exception):
    """Retrying now is pointless (the PMS breaker is open): try again after `seconds`, without using up a retry."""

    def __init__(self, seconds: float, why: str) -> None:
        super().__init__(why)
        self.seconds = max(0.0, seconds)


class ProcessingFailure(Exception):
    """Processing a guest message failed in a way worth retrying later (it goes to the DLQ)."""

    def __init__(
        self, reason: FailureReason, message: str, *, detail: dict[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.reason: FailureReason = reason
        self.detail = detail or {}
