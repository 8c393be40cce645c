"""A PMS outage on the production shape: PostgreSQL and Redis, the API as two uvicorn processes, two separate
`hotel-agent worker` processes, the QloApps-speaking simulator, and a real Prometheus scraping all of them.

The embedded run (test_live_outage.py) proves the alerts and dashboards; this one proves what only several
processes can break: the dead-letter queue lives in Redis and is drained by workers that are not the API,
each guest still gets exactly one answer, and every process reports the same DLQ gauges and the API's
counters add up across its uvicorn workers.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date
from pathlib import Path

import httpx
import pytest
import redis
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.live.guests import make_guests, replies, send_all, wait_whatsapp_replies
from tests.e2e.live.monitoring import Prometheus
from tests.e2e.live.processes import wait_until
from tests.e2e.live.stack import APP_SECRET, LiveStack, start_production_stack
from tests.services import RedisServer

pytestmark = pytest.mark.e2e


@pytest.fixture
def redis_prefix(redis_server: RedisServer) -> Iterator[str]:
    """A key prefix of this run's own, deleted afterwards."""
    prefix = f"e2e-{uuid.uuid4().hex[:10]}:"
    yield prefix
    client = redis.Redis.from_url(redis_server.url)
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)
    client.close()


def test_pms_outage_on_postgres_redis_and_separate_workers(
    tmp_path: Path,
    postgres_url: str,
    redis_server: RedisServer,
    redis_prefix: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with ExitStack() as stack:
        live = start_production_stack(
            tmp_path, stack, database_url=postgres_url, redis_url=redis_server.url, redis_prefix=redis_prefix
        )
        try:
            split = _scenario(live, stack, redis_server.url, redis_prefix)
        except BaseException:
            print(live.logs())
            raise
    with capsys.disabled():
        print(f"\nproduction-shape e2e: late answers delivered per worker process {split}")


def _scenario(live: LiveStack, stack: ExitStack, redis_url: str, prefix: str) -> list[float]:
    """Returns how many late answers each worker process delivered."""
    prometheus = Prometheus(live.prometheus_url)
    guests_api = httpx.Client(base_url=live.api_url, timeout=30.0)
    api = httpx.Client(base_url=live.api_url, headers=live.admin, timeout=30.0)
    store = redis.Redis.from_url(redis_url)
    for closeable in (prometheus, guests_api, api, store):
        stack.callback(closeable.close)
    rng = random.Random(11)
    today = date.today()
    targets = 1 + len(live.worker_urls)
    wait_until(
        "Prometheus scraping the API and every worker",
        lambda: prometheus.value("count(up == 1)") == targets,
        30,
    )

    # --- 1. guests write while the PMS is up ---------------------------------------------------
    warm = make_guests("warm", rng, today, availability=12, info=8)
    for guest, result in zip(warm, send_all(guests_api, warm, APP_SECRET), strict=True):
        if guest.channel == "chat":
            assert result["delivery"] == "answered", (guest, result)
    wait_whatsapp_replies(live.graph, warm, 1)
    # Two uvicorn processes took these requests; whichever answers the scrape reports them all.
    for _ in range(6):
        assert _received(api) == len(warm)
    wait_until(
        "messages_received_total in Prometheus, summed over the API's processes",
        lambda: prometheus.value('sum(messages_received_total{job="hotel-agent-api"})') == len(warm),
        15,
    )

    # --- 2. the PMS goes down: answers wait in Redis ---------------------------------------------
    live.set_pms("down")
    outage = make_guests("outage", rng, today, availability=12, info=4)
    for guest, result in zip(outage, send_all(guests_api, outage, APP_SECRET), strict=True):
        if guest.channel == "chat":
            expected = "queued" if guest.need == "availability" else "answered"
            assert result["delivery"] == expected, (guest, result)
    wait_whatsapp_replies(live.graph, outage, 1)
    queued = [g for g in outage if g.need == "availability"]
    assert store.zcard(f"{prefix}dlq:due") == len(queued), "the DLQ is not the Redis store"
    assert api.get("/admin/dlq").json()["total"] == len(queued)
    wait_until(
        f"every process reporting dlq_queue_size = {len(queued)}",
        lambda: _per_target(prometheus, "dlq_queue_size") == [len(queued)] * targets,
        15,
    )
    assert prometheus.value('max(pms_circuit_breaker_state{job="hotel-agent-api"})') in (1, 2)
    for guest in queued:
        assert replies(api, guest, "holding") == [guest.holding_text], guest
        assert replies(api, guest, "answer") == [], guest

    # --- 3. the PMS comes back: the worker processes deliver every late answer --------------------
    live.set_pms("ok")
    wait_until("the workers to drain the DLQ", lambda: api.get("/admin/dlq").json()["total"] == 0, 60)
    assert store.zcard(f"{prefix}dlq:due") == 0
    assert api.get("/admin/dlq/permanent-failures").json()["total"] == 0
    wait_whatsapp_replies(live.graph, queued, 2)
    for guest in warm + outage:
        answers = replies(api, guest, "answer")
        assert len(answers) == 1, (guest, answers)
        holdings = replies(api, guest, "holding")
        assert holdings == ([guest.holding_text] if guest in queued else []), (guest, holdings)
        if guest.channel == "whatsapp":
            assert live.graph.texts_to(guest.id) == [*holdings, answers[0]], guest
    wait_until(
        "every process reporting dlq_queue_size = 0",
        lambda: _per_target(prometheus, "dlq_queue_size") == [0] * targets,
        15,
    )
    # Each late answer was delivered by exactly one retry, in a worker process, never by the API.
    delivered = 'sum by (job, instance) (dlq_retries_total{result="success"})'
    wait_until(
        "the workers' successful retries in Prometheus",
        lambda: sum(_values(prometheus, delivered, job="hotel-agent-worker")) == len(queued),
        15,
    )
    assert sum(_values(prometheus, delivered, job="hotel-agent-api")) == 0
    return _values(prometheus, delivered, job="hotel-agent-worker")


# --- helpers ---------------------------------------------------------------------------------------
def _received(api: httpx.Client) -> float:
    """messages_received_total over every channel and type, from one scrape of the API."""
    return sum(
        sample.value
        for family in text_string_to_metric_families(api.get("/metrics").text)
        for sample in family.samples
        if sample.name == "messages_received_total"
    )


def _per_target(prometheus: Prometheus, metric: str) -> list[float]:
    """The metric's value at each scraped process (API and workers), sorted."""
    return sorted(float(item["value"][1]) for item in prometheus.query(metric))


def _values(prometheus: Prometheus, expr: str, *, job: str) -> list[float]:
    return [float(item["value"][1]) for item in prometheus.query(expr) if item["metric"]["job"] == job]
