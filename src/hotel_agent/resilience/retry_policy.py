"""Retry policy around the PMS circuit breaker: when a retry that needs the PMS may run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hotel_agent.errors import RetryDeferred

if TYPE_CHECKING:
    from hotel_agent.ports import BreakerView

# How long a retry waits when the open breaker does not say when it will try half-open.
DEFAULT_WAIT_SECONDS = 60.0


def defer_while_open(breaker: BreakerView | None) -> None:
    """Raise RetryDeferred while the breaker is open: a retry that needs the PMS would only be refused (and
    counted as one more PMS failure), so it waits until the breaker goes half-open."""
    if breaker is None:
        return
    snapshot = breaker.snapshot()
    if snapshot.state.value == "open":
        wait = snapshot.seconds_to_half_open
        raise RetryDeferred(
            wait if wait is not None else DEFAULT_WAIT_SECONDS, "the PMS circuit breaker is open"
        )
