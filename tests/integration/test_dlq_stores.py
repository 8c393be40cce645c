"""The DLQ store contract (tests/unit/test_dlq.py) on every store: SQLite, real PostgreSQL, real Redis."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from hotel_agent.dlq.service import DeadLetterQueue
from tests.unit.test_dlq import (  # noqa: F401 - collected here again, with the `dlq` fixture below
    open_dlq,
    test_contract_a_new_reason_replaces_the_old,
    test_contract_a_replay_that_fails_again_reopens_its_row,
    test_contract_a_worker_lost_on_the_last_retry_makes_it_permanent,
    test_contract_claim_takes_a_lease_that_expires,
    test_contract_deferred_retry_comes_back_later_without_using_a_retry,
    test_contract_enqueue_twice_keeps_one_entry,
    test_contract_failures_back_off_then_become_permanent,
    test_contract_list_filters_by_reason_and_pages,
    test_contract_release_gives_back_the_retry,
    test_contract_replay_and_resolve_permanent_failures,
    test_contract_results_recorded_after_losing_the_lease_are_dropped,
    test_contract_retry_now_claims_whatever_the_schedule,
    test_contract_stats_purge_and_retry_all,
    test_contract_successful_retry_removes_the_entry,
)

pytestmark = pytest.mark.integration

STORES = ["sqlite", "postgres", "redis"]


@pytest.fixture(params=STORES)
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_urls(store_kind: str, request: pytest.FixtureRequest, sqlite_url: str) -> tuple[str, str | None]:
    """(SQL URL, Redis URL) for a DLQ whose live queue is on `store_kind`."""
    sql_url = request.getfixturevalue("postgres_url") if store_kind == "postgres" else sqlite_url
    redis_url = request.getfixturevalue("redis_url") if store_kind == "redis" else None
    return sql_url, redis_url


@pytest.fixture
async def dlq(store_kind: str, store_urls: tuple[str, str | None]) -> AsyncIterator[DeadLetterQueue]:
    async with open_dlq(store_kind, *store_urls, prefix=f"test-{uuid.uuid4().hex[:10]}:") as queue:
        yield queue
