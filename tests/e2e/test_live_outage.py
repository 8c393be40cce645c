"""Issue 5 §1, live: a PMS outage end to end, with every part real except WhatsApp's servers.

The service (`hotel-agent serve`, QloApps client) talks HTTP to the QloApps-speaking PMS simulator; a real
Prometheus loads the project's test-variant rules (every duration ÷ 60, generated from the production
files) and a real Alertmanager the production routing (timers ÷ 60), posting to the app's
POST /admin/alerts. Guests write in Spanish and English over the chat API and the signed WhatsApp webhook.

    warm-up → simulator down → breaker 1 in Prometheus → alerts fire, reach Alertmanager and the receiver
    → outage messages dead-lettered, one holding reply each → simulator up → breaker 2 then 0 → DLQ drains
    → one real answer per guest → resolved notifications at the receiver.

The seconds from the outage to the first notification are printed and written to var/e2e/last_run.json.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import random
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.live.dashboards import PanelQuery, dashboard_queries
from tests.e2e.live.guests import make_guests, replies, send_all, wait_whatsapp_replies
from tests.e2e.live.monitoring import (
    Alertmanager,
    BreakerSampler,
    Prometheus,
    Receiver,
    finite_values,
    scrape,
)
from tests.e2e.live.processes import wait_until
from tests.e2e.live.stack import APP_SECRET, ROOT, LiveStack, start_stack

pytestmark = pytest.mark.e2e

BREAKER_ALERTS = {"PMSCircuitBreakerOpen", "PMSCircuitBreakerOpenExtended", "PMSHighFailureStreak"}
REPORT_PATH = ROOT / "var" / "e2e" / "last_run.json"
# Warm-up availability questions (one successful PMS call each). Why: Alertmanager's inhibition lets a
# critical pms_adapter alert (SLOPMSErrorRateErrorBudgetBurnFast) mute the PMSHighFailureStreak warning.
# In production the burn windows (30 min, 6 h) hold hours of good calls, so a few failures do not burn
# the budget before the streak alert is out; the scaled windows (30 s, 6 min) of this one-minute run
# need the same base of good calls, or the first dozen failures page at once.
WARM_UP_AVAILABILITY = 160
# Panels that only have data during an incident are checked (instantly) while the PMS is down; every
# query must have data somewhere in the run (range query over the whole run, as Grafana shows it).
INCIDENT_QUERIES: dict[str, Callable[[float], bool]] = {
    "CB State": lambda v: v == 1,
    "CB State Timeline": lambda v: v == 1,
    "Failure Streak": lambda v: v >= 3,
    "PMS Error Rate": lambda v: v > 0,
    "PMS error rate": lambda v: v > 0,  # M1, from the SLO recording rules
    "DLQ size": lambda v: v >= 1,
    "DLQ size over time": lambda v: v >= 1,
    "Oldest message age": lambda v: v > 0,
    "Dead-lettered by reason": lambda v: v > 0,
    "Retries by result": lambda v: v > 0,
}


def test_pms_outage_end_to_end(
    tmp_path: Path, record_property: Callable[[str, object], None], capsys: pytest.CaptureFixture[str]
) -> None:
    timeline: dict[str, float] = {}
    with ExitStack() as stack:
        live = start_stack(tmp_path, stack)
        try:
            seconds = _scenario(live, stack, timeline)
        except BaseException:
            print(live.logs())
            raise
    record_property("outage_to_first_notification_seconds", seconds)
    with capsys.disabled():  # shown with or without -s
        print(
            f"\nlive outage e2e: outage -> first notification at the receiver {seconds:.2f} s "
            f"(details: {REPORT_PATH.relative_to(ROOT)})"
        )


def _scenario(live: LiveStack, stack: ExitStack, timeline: dict[str, float]) -> float:
    """The whole story; returns the seconds from the outage to the first notification at the receiver."""
    prometheus = Prometheus(live.prometheus_url)
    alertmanager = Alertmanager(live.alertmanager_url)
    receiver = Receiver(live.api_url, live.admin)
    guests_api = httpx.Client(base_url=live.api_url, timeout=30.0)  # what guests and WhatsApp call
    api = httpx.Client(base_url=live.api_url, headers=live.admin, timeout=30.0)  # the operator's view
    for closeable in (prometheus, alertmanager, receiver, guests_api, api):
        stack.callback(closeable.close)
    sampler = BreakerSampler(live.api_url)
    sampler.start()
    stack.callback(sampler.stop)
    rng = random.Random(5)
    today = date.today()
    queries = dashboard_queries(ROOT)
    assert queries, "no dashboard queries found"

    timeline["run_start"] = time.time()
    wait_until(
        "Prometheus scraping the service", lambda: prometheus.value('up{job="hotel-agent-api"}') == 1, 30
    )
    assert prometheus.value("max(pms_circuit_breaker_state)") == 0

    # --- 1. guests write while the PMS is up: each answered at once ----------------------------
    # Enough successful PMS calls that the SLO burn-rate windows hold a realistic base of good traffic
    # (see WARM_UP_AVAILABILITY) before the first failure.
    warm = make_guests("warm", rng, today, availability=WARM_UP_AVAILABILITY, info=32)
    warm_results = send_all(guests_api, warm, APP_SECRET)
    for guest, result in zip(warm, warm_results, strict=True):
        if guest.channel == "chat":
            assert result["delivery"] == "answered", (guest, result)
    wait_whatsapp_replies(live.graph, warm, 1)

    # --- 2. the PMS goes down -------------------------------------------------------------------
    pms_calls = {"before_outage": _pms_calls(api)}
    timeline["outage"] = time.time()
    live.set_pms("down")
    outage_a = make_guests("outage-a", rng, today, availability=4, info=4)
    outage_results = send_all(guests_api, outage_a, APP_SECRET)
    wait_until(
        "pms_circuit_breaker_state = 1 in Prometheus",
        lambda: prometheus.value('max(pms_circuit_breaker_state{job="hotel-agent-api"})') == 1,
        20,
    )
    timeline["breaker_open_in_prometheus"] = time.time()
    wait_until(
        "PMS alerts firing at the receiver",
        lambda: receiver.names("firing") >= BREAKER_ALERTS,
        40,
        interval=0.2,
    )
    timeline["alerts_at_receiver"] = time.time()
    firing_in_prometheus = prometheus.firing()
    assert firing_in_prometheus >= BREAKER_ALERTS, firing_in_prometheus
    assert alertmanager.names() >= BREAKER_ALERTS, alertmanager.names()
    pms_calls["alerts_at_receiver"] = _pms_calls(api)
    notifications = receiver.notifications()
    before_outage = [n.alertname for n in notifications if n.received_at.timestamp() < timeline["outage"]]
    assert not before_outage, f"alerts while every call succeeded: {before_outage}"
    timeline["first_notification"] = notifications[0].received_at.timestamp()

    # More guests write while the PMS is still down (the breaker now refuses calls outright).
    outage_b = make_guests("outage-b", rng, today, availability=8, info=4)
    outage_results += send_all(guests_api, outage_b, APP_SECRET)
    outage = outage_a + outage_b
    queued = [g for g in outage if g.need == "availability"]
    for guest, result in zip(outage, outage_results, strict=True):
        if guest.channel == "chat":
            expected = "queued" if guest.need == "availability" else "answered"
            assert result["delivery"] == expected, (guest, result)
    wait_whatsapp_replies(live.graph, outage, 1)

    dead_lettered = _dlq_guests(api)
    assert {g.id for g in queued} <= dead_lettered, {g.id for g in queued} - dead_lettered
    assert scrape(api, ("dlq_queue_size",))["dlq_queue_size"] >= 1
    wait_until(
        "dlq_queue_size > 0 in Prometheus", lambda: (prometheus.value("max(dlq_queue_size)") or 0) > 0, 10
    )
    for guest in queued:
        assert replies(api, guest, "holding") == [guest.holding_text], guest
        assert replies(api, guest, "answer") == [], guest
        if guest.channel == "whatsapp":
            assert live.graph.texts_to(guest.id) == [guest.holding_text], guest
    # Rates need two scrapes after the failures, so give Prometheus a few seconds to see the incident.
    incident_problems: list[str] = []

    def incident_visible() -> bool:
        incident_problems[:] = _check_incident_panels(prometheus, queries, since=timeline["outage"])
        return not incident_problems

    with contextlib.suppress(AssertionError):
        wait_until("every incident panel to show the outage", incident_visible, 15, interval=0.5)
    assert not incident_problems, incident_problems
    assert prometheus.value('max(pms_circuit_breaker_state{job="hotel-agent-api"})') in (1, 2)

    # --- 3. the PMS comes back ------------------------------------------------------------------
    timeline["pms_up"] = time.time()
    live.set_pms("ok")
    wait_until(
        "pms_circuit_breaker_state = 0 in Prometheus",
        lambda: prometheus.value('max(pms_circuit_breaker_state{job="hotel-agent-api"})') == 0,
        30,
    )
    timeline["breaker_closed_in_prometheus"] = time.time()
    wait_until("the DLQ to drain", lambda: api.get("/admin/dlq").json()["total"] == 0, 60)
    timeline["dlq_drained"] = time.time()
    wait_until("dlq_queue_size = 0 in Prometheus", lambda: prometheus.value("max(dlq_queue_size)") == 0, 10)
    permanent = api.get("/admin/dlq/permanent-failures").json()
    assert permanent["total"] == 0, permanent

    recovery = _breaker_recovery(prometheus, sampler, timeline)

    everyone = warm + outage
    assert len({g.id for g in everyone}) == len(everyone), "two guests drew the same id"
    wait_whatsapp_replies(live.graph, queued, 2)
    for guest in everyone:
        answers = replies(api, guest, "answer")
        assert len(answers) == 1, (guest, answers)
        holdings = replies(api, guest, "holding")
        assert holdings == ([guest.holding_text] if guest in queued else []), (guest, holdings)
        if guest.channel == "whatsapp":
            texts = live.graph.texts_to(guest.id)
            assert texts == [*holdings, answers[0]], (guest, texts)

    # --- 4. resolved notifications --------------------------------------------------------------
    wait_until(
        "resolved notifications at the receiver",
        lambda: receiver.names("resolved") >= BREAKER_ALERTS,
        60,
        interval=0.2,
    )
    timeline["resolved_at_receiver"] = time.time()

    # --- 5. every dashboard query has data over the run -----------------------------------------
    empty = [
        q.label
        for q in queries
        if not finite_values(prometheus.query_range(q.expr, timeline["run_start"], time.time(), 1.0))
    ]
    assert not empty, f"dashboard queries without data during the run: {empty}"

    return _report(timeline, recovery, pms_calls, receiver)


# --- helpers ---------------------------------------------------------------------------------------
def _dlq_guests(api: httpx.Client) -> set[str]:
    response = api.get("/admin/dlq", params={"limit": 500})
    assert response.status_code == 200, response.text
    return {item["guest_id"] for item in response.json()["items"] if item["reason"] == "pms_unavailable"}


def _check_incident_panels(prometheus: Prometheus, queries: list[PanelQuery], since: float) -> list[str]:
    """While the PMS is still down: each incident panel, over the outage so far, shows the incident."""
    problems = []
    for query in queries:
        check: Callable[[float], bool] | None = INCIDENT_QUERIES.get(query.panel)
        if check is None:
            continue
        values = finite_values(prometheus.query_range(query.expr, since, time.time(), 1.0))
        if not values or not any(check(v) for v in values):
            problems.append(f"{query.label}: {values}")
    return problems


def _breaker_recovery(
    prometheus: Prometheus, sampler: BreakerSampler, timeline: dict[str, float]
) -> dict[str, Any]:
    """After the PMS came back the breaker went half-open (2), then closed (0).

    Asserted in Prometheus by the transition counter, which cannot miss a state shorter than a scrape:
    half_open -> closed went from nothing (the breaker had never recovered) to 1, and the gauge ends 0.
    Half-open can last only milliseconds (two DLQ retries are enough trial calls), so whether the gauge's
    2 itself was scraped (1 s) or sampled from /metrics (every 50 ms) is reported, not asserted."""
    up = timeline["pms_up"]
    half_open_to_closed = (
        'sum(pms_circuit_breaker_transitions_total{from_state="half_open",to_state="closed"})'
    )
    open_to_half_open = 'sum(pms_circuit_breaker_transitions_total{from_state="open",to_state="half_open"})'
    closings = (prometheus.value(half_open_to_closed, at=up) or 0, prometheus.value(half_open_to_closed) or 0)
    assert closings[0] == 0 and closings[1] >= 1, f"half_open -> closed transitions before/after: {closings}"
    assert (prometheus.value(open_to_half_open) or 0) >= 1
    assert prometheus.value('max(pms_circuit_breaker_state{job="hotel-agent-api"})') == 0
    seen = sampler.states_since(up)
    # A probe already on its way to the PMS when it came back can still fail and reopen the breaker once
    # (seen: 2 1 2 0), so the sequence may cycle; every step must be a breaker transition (1 0: a half-open
    # shorter than the 50 ms sampling) and it ends closed.
    allowed = {(1, 2), (2, 1), (2, 0), (1, 0)}
    assert seen and seen[-1] == 0 and all(step in allowed for step in itertools.pairwise(seen)), (
        f"breaker states on /metrics after the PMS came back: {seen}"
    )
    scraped = finite_values(
        prometheus.query_range('max(pms_circuit_breaker_state{job="hotel-agent-api"})', up, time.time(), 0.25)
    )
    return {
        "asserted_in_prometheus": "transitions_total half_open->closed 0 -> 1, gauge 0",
        "states_seen_by_50ms_metrics_sampler": seen,
        "half_open_gauge_scraped_by_prometheus": 2 in scraped,
    }


def _pms_calls(api: httpx.Client) -> dict[str, float]:
    """pms_circuit_breaker_calls_total by result, from the service's /metrics."""
    totals: dict[str, float] = {"success": 0.0, "failure": 0.0}
    for family in text_string_to_metric_families(api.get("/metrics").text):
        for sample in family.samples:
            if sample.name == "pms_circuit_breaker_calls_total":
                totals[sample.labels["result"]] += sample.value
    return totals


def _report(
    timeline: dict[str, float],
    recovery: dict[str, Any],
    pms_calls: dict[str, dict[str, float]],
    receiver: Receiver,
) -> float:
    """Write var/e2e/last_run.json; return the seconds from the outage to the first notification."""
    start = timeline["outage"]
    seconds = {k: round(v - start, 2) for k, v in timeline.items() if k != "run_start"}
    result = {
        "finished_at": datetime.now(UTC).isoformat(),
        "outage_to_first_notification_seconds": seconds["first_notification"],
        "seconds_after_outage": seconds,
        "breaker_recovery": recovery,
        "pms_calls": pms_calls,
        "notifications": [
            {
                "alertname": n.alertname,
                "status": n.status,
                "seconds_after_outage": round(n.received_at.timestamp() - start, 2),
            }
            for n in receiver.notifications()
        ],
    }
    REPORT_PATH.parent.mkdir(parents=True, exist_ok=True)
    REPORT_PATH.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return float(seconds["first_notification"])
