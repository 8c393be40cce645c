"""The breaker-open retry policy (resilience/retry_policy.py): a retry needing the PMS waits for half-open."""

from __future__ import annotations

import pytest

from hotel_agent.errors import RetryDeferred
from hotel_agent.resilience.breaker import BreakerSnapshot, BreakerState
from hotel_agent.resilience.retry_policy import DEFAULT_WAIT_SECONDS, defer_while_open


class Fixed:
    def __init__(self, state: BreakerState, to_half_open: float | None) -> None:
        self.state, self.to_half_open = state, to_half_open

    def snapshot(self) -> BreakerSnapshot:
        return BreakerSnapshot(self.state, None, 0, 0, 0.0, self.to_half_open, 0, 0)


def test_an_open_breaker_defers_the_retry_until_half_open() -> None:
    with pytest.raises(RetryDeferred) as deferred:
        defer_while_open(Fixed(BreakerState.OPEN, 12.5))
    assert deferred.value.seconds == 12.5


def test_an_open_breaker_without_a_schedule_defers_by_the_default() -> None:
    with pytest.raises(RetryDeferred) as deferred:
        defer_while_open(Fixed(BreakerState.OPEN, None))
    assert deferred.value.seconds == DEFAULT_WAIT_SECONDS


@pytest.mark.parametrize("state", [BreakerState.CLOSED, BreakerState.HALF_OPEN])
def test_a_breaker_that_lets_calls_through_or_none_does_not_defer(state: BreakerState) -> None:
    defer_while_open(Fixed(state, None))
    defer_while_open(None)
