"""Grafana dashboards as code (grafana-foundation-sdk, built for Grafana 11.6 like the compose image).

Four dashboards, each a list of small panel builders: H3 circuit breaker (the seed's five panels),
M1 SLOs (from the SLO spec and the recording rules it generates), the dead-letter queue, and the inbox
(backpressure: what waits to be claimed, its lag, the oldest unfinished message, claims taken over).
Every panel and query names the provisioned datasource by its fixed uid; queries over raw counters
use $__rate_interval, queries over recording rules read the recorded windows.
"""

from __future__ import annotations

import json
from typing import Any

from grafana_foundation_sdk.builders import (
    bargauge,
    dashboard,
    gauge,
    prometheus,
    stat,
    statetimeline,
    timeseries,
)
from grafana_foundation_sdk.builders import common as common_builders
from grafana_foundation_sdk.cog.encoder import JSONEncoder
from grafana_foundation_sdk.models import common
from grafana_foundation_sdk.models import dashboard as model

from hotel_agent.observability.slo import PERIOD, SLOSpec

DATASOURCE_UID = "hotel-agent-prometheus"
DATASOURCE = model.DataSourceRef(type_val="prometheus", uid=DATASOURCE_UID)
GRAFANA_VERSION = "11.6"

BREAKER_STATES = {"0": ("CLOSED", "green"), "1": ("OPEN", "red"), "2": ("HALF-OPEN", "yellow")}


# --- building blocks ---------------------------------------------------------------------------
def query(expr: str, legend: str = "__auto", ref_id: str = "A") -> prometheus.Dataquery:
    return prometheus.Dataquery().expr(expr).legend_format(legend).ref_id(ref_id).datasource(DATASOURCE)


def thresholds(*steps: tuple[float | None, str]) -> dashboard.ThresholdsConfig:
    return (
        dashboard.ThresholdsConfig()
        .mode(model.ThresholdsMode.ABSOLUTE)
        .steps([model.Threshold(value=value, color=color) for value, color in steps])
    )


def breaker_mappings() -> list[model.ValueMapping]:
    return [
        model.ValueMap(
            options={
                value: model.ValueMappingResult(text=text, color=color, index=int(value))
                for value, (text, color) in BREAKER_STATES.items()
            }
        )
    ]


def line_at(threshold: float, color: str = "red") -> tuple[dashboard.ThresholdsConfig, Any]:
    """A dashed threshold line (the seed's '1 s' and '2 %' lines)."""
    style = common_builders.GraphThresholdsStyleConfig().mode(common.GraphThresholdsStyleMode.DASHED)
    return thresholds((None, "green"), (threshold, color)), style


def timeseries_panel(
    title: str,
    unit: str,
    *queries: prometheus.Dataquery,
    description: str = "",
    line: float | None = None,
    width: int = 12,
) -> timeseries.Panel:
    panel = timeseries.Panel().title(title).unit(unit).datasource(DATASOURCE).span(width).height(8)
    if description:
        panel = panel.description(description)
    for q in queries:
        panel = panel.with_target(q)
    if line is not None:
        steps, style = line_at(line)
        panel = panel.thresholds(steps).thresholds_style(style)
    return panel


# --- H3: circuit breaker -----------------------------------------------------------------------
def h3_circuit_breaker() -> dashboard.Dashboard:
    rate = "$__rate_interval"
    state = (
        stat.Panel()
        .title("CB State")
        .unit("none")
        .datasource(DATASOURCE)
        .span(6)
        .height(6)
        .description("PMS circuit breaker state per process: 0 CLOSED, 1 OPEN, 2 HALF-OPEN.")
        .with_target(query("max by (job) (pms_circuit_breaker_state)", "{{job}}"))
        .mappings(breaker_mappings())
        .thresholds(thresholds((None, "green"), (1, "red"), (2, "yellow")))
    )
    timeline = (
        statetimeline.Panel()
        .title("CB State Timeline")
        .unit("none")
        .datasource(DATASOURCE)
        .span(18)
        .height(6)
        .with_target(query("max by (job) (pms_circuit_breaker_state)", "{{job}}"))
        .mappings(breaker_mappings())
        .thresholds(thresholds((None, "green"), (1, "red"), (2, "yellow")))
    )
    latency = timeseries_panel(
        "PMS Latency P95",
        "s",
        query(
            f"histogram_quantile(0.95, sum by (le, endpoint) (rate(pms_api_latency_seconds_bucket[{rate}])))",
            "{{endpoint}}",
        ),
        description="95th percentile of PMS call latency by endpoint; alert PMSLatencyP95High at 2 s.",
        line=2.0,
    )
    error_rate = timeseries_panel(
        "PMS Error Rate",
        "percentunit",
        query(
            f'sum(rate(pms_circuit_breaker_calls_total{{result="failure"}}[{rate}]))\n/\n'
            f"sum(rate(pms_circuit_breaker_calls_total[{rate}]))",
            "error rate",
        ),
        description="Failed share of PMS calls, calls refused while the breaker is open included (SLO: < 2 %).",
        line=0.02,
    )
    streak = timeseries_panel(
        "Failure Streak",
        "none",
        query("max by (job) (pms_circuit_breaker_failure_streak)", "{{job}}"),
        description="Consecutive failed PMS calls; alert PMSHighFailureStreak at 3 for 2 minutes.",
        line=3,
    )
    calls = timeseries_panel(
        "PMS calls by state and result",
        "reqps",
        query(
            f"sum by (state, result) (rate(pms_circuit_breaker_calls_total[{rate}]))", "{{state}} {{result}}"
        ),
        width=24,
    )
    return _dashboard(
        "hotel-agent-h3-circuit-breaker",
        "H3 - Circuit Breaker Dashboard",
        ["h3", "pms"],
        [state, timeline, latency, error_rate, streak, calls],
    )


# --- M1: SLOs ----------------------------------------------------------------------------------
def m1_slo(spec: SLOSpec) -> dashboard.Dashboard:
    availability = spec.get("availability")
    latency = spec.get("latency")
    pms = spec.get("pms_error_rate")
    sel = _selector_for(spec)
    rate = "$__rate_interval"

    avail_gauge = (
        gauge.Panel()
        .title(f"Availability ({PERIOD})")
        .unit("percentunit")
        .datasource(DATASOURCE)
        .span(6)
        .height(8)
        .description(availability.description)
        .min(0.98)
        .max(1)
        .with_target(query(f"1 - slo:sli_error:ratio_rate{PERIOD}{sel('availability')}", "availability"))
        .thresholds(thresholds((None, "red"), (availability.objective, "green")))
    )
    avail_timeline = timeseries_panel(
        "Availability timeline",
        "percentunit",
        query(f"1 - slo:sli_error:ratio_rate{PERIOD}{sel('availability')}", f"{PERIOD} rolling", "A"),
        query(f"1 - slo:sli_error:ratio_rate1h{sel('availability')}", "1h", "B"),
        description=f"Guest-facing requests without a 5xx; objective {availability.objective_percent:g} %.",
        width=18,
    )
    latency_p95 = timeseries_panel(
        "Latency P95 (orchestrator)",
        "s",
        query(
            f"histogram_quantile(0.95, sum by (le) (rate(orchestrator_latency_seconds_bucket[{rate}])))",
            "p95",
        ),
        description="The SLO itself is the share of calls under 1 s (next panel); this is the seed's p95 view.",
        line=1.0,
    )
    latency_share = timeseries_panel(
        "Orchestrator calls under 1 s",
        "percentunit",
        query(f"1 - slo:sli_error:ratio_rate5m{sel('latency')}", "5m", "A"),
        query(f"1 - slo:sli_error:ratio_rate{PERIOD}{sel('latency')}", PERIOD, "B"),
        description=f"Objective {latency.objective_percent:g} % of calls under 1 s (equivalent to p95 < 1 s).",
    )
    pms_errors = timeseries_panel(
        "PMS error rate",
        "percentunit",
        query(f"slo:sli_error:ratio_rate5m{sel('pms_error_rate')}", "5m", "A"),
        query(f"slo:sli_error:ratio_rate1h{sel('pms_error_rate')}", "1h", "B"),
        description=f"Objective: under {pms.error_budget * 100:g} % of PMS calls fail.",
        line=pms.error_budget,
    )
    answered = timeseries_panel(
        "Guest messages answered",
        "percentunit",
        query(f"1 - slo:sli_error:ratio_rate1h{sel('messages_answered')}", "1h", "A"),
        query(f"1 - slo:sli_error:ratio_rate{PERIOD}{sel('messages_answered')}", PERIOD, "B"),
        description=spec.get("messages_answered").description,
    )
    budget = (
        bargauge.Panel()
        .title(f"Error budget remaining ({PERIOD})")
        .unit("percentunit")
        .datasource(DATASOURCE)
        .span(12)
        .height(8)
        .min(0)
        .max(1)
        .with_target(query(f'slo:period_error_budget_remaining:ratio{{service="{spec.service}"}}', "{{slo}}"))
        .thresholds(thresholds((None, "red"), (0.25, "yellow"), (0.5, "green")))
    )
    burn = timeseries_panel(
        "Burn rate (1 = budget spent exactly over the period)",
        "none",
        query(f'slo:current_burn_rate:ratio{{service="{spec.service}"}}', "{{slo}} 5m", "A"),
        query(
            f'slo:sli_error:ratio_rate1h{{service="{spec.service}"}}\n/ on (service, slo)\n'
            f'slo:error_budget:ratio{{service="{spec.service}"}}',
            "{{slo}} 1h",
            "B",
        ),
        description="Page at 14.4 (1h and 5m) or 6 (6h and 30m); ticket at 3 (1d and 2h) or 1 (3d and 6h).",
        line=14.4,
    )
    return _dashboard(
        "hotel-agent-m1-slo",
        "M1 - SLO Dashboard",
        ["m1", "slo"],
        [avail_gauge, avail_timeline, latency_p95, latency_share, pms_errors, answered, budget, burn],
    )


def _selector_for(spec: SLOSpec) -> Any:
    def sel(slo: str) -> str:
        spec.get(slo)  # a typo in a panel fails the generator, not the dashboard
        return f'{{service="{spec.service}",slo="{slo}"}}'

    return sel


# --- DLQ ---------------------------------------------------------------------------------------
def dlq() -> dashboard.Dashboard:
    rate = "$__rate_interval"
    size = (
        stat.Panel()
        .title("DLQ size")
        .unit("none")
        .datasource(DATASOURCE)
        .span(6)
        .height(6)
        .with_target(query("max(dlq_queue_size)", "waiting"))
        .thresholds(thresholds((None, "green"), (1, "yellow"), (20, "red")))
    )
    oldest = (
        stat.Panel()
        .title("Oldest message age")
        .unit("s")
        .datasource(DATASOURCE)
        .span(6)
        .height(6)
        .with_target(query("max(dlq_oldest_message_age_seconds)", "oldest"))
        .thresholds(thresholds((None, "green"), (300, "yellow"), (900, "red")))
    )
    size_over_time = timeseries_panel(
        "DLQ size over time",
        "none",
        query("max(dlq_queue_size)", "waiting", "A"),
        description="Shared store values: every process reports the same, hence max().",
        width=12,
    )
    age_over_time = timeseries_panel(
        "Oldest message age",
        "s",
        query("max(dlq_oldest_message_age_seconds)", "oldest"),
        line=900,
    )
    enqueued = timeseries_panel(
        "Dead-lettered by reason",
        "ops",
        query(f"sum by (reason) (rate(dlq_messages_total[{rate}]))", "{{reason}}"),
    )
    retries = timeseries_panel(
        "Retries by result",
        "ops",
        query(f"sum by (result) (rate(dlq_retries_total[{rate}]))", "{{result}}"),
    )
    permanent = timeseries_panel(
        "Permanent failures (increase)",
        "none",
        query(f"sum by (reason) (increase(dlq_permanent_failures_total[{rate}]))", "{{reason}}"),
        description="Messages that never got an answer: a person must reply (runbook DLQPermanentFailure).",
    )
    retry_latency = timeseries_panel(
        "Retry latency P95",
        "s",
        query(
            f"histogram_quantile(0.95, sum by (le) (rate(dlq_retry_latency_seconds_bucket[{rate}])))", "p95"
        ),
    )
    return _dashboard(
        "hotel-agent-dlq",
        "DLQ - Dead-letter queue",
        ["dlq"],
        [size, oldest, size_over_time, age_over_time, enqueued, retries, permanent, retry_latency],
    )


# --- Inbox -------------------------------------------------------------------------------------
def inbox() -> dashboard.Dashboard:
    """The inbox gauges (read from the database at scrape time: every process reports the same, hence
    max()), with the InboxLagHigh (60 s) and InboxMessageStuck (600 s) alert thresholds as lines."""
    rate = "$__rate_interval"
    waiting = (
        stat.Panel()
        .title("Messages waiting to be claimed")
        .unit("none")
        .datasource(DATASOURCE)
        .span(8)
        .height(6)
        .with_target(query("max(inbox_messages_waiting)", "waiting"))
        .thresholds(thresholds((None, "green"), (100, "yellow"), (1000, "red")))
    )
    lag = (
        stat.Panel()
        .title("Inbox lag")
        .description("Age of the oldest message waiting to be claimed; InboxLagHigh fires over 60 s.")
        .unit("s")
        .datasource(DATASOURCE)
        .span(8)
        .height(6)
        .with_target(query("max(inbox_lag_seconds)", "lag"))
        .thresholds(thresholds((None, "green"), (5, "yellow"), (60, "red")))
    )
    stuck = (
        stat.Panel()
        .title("Oldest message in flight")
        .description(
            "Since it was received, of the oldest claimed but unfinished message; InboxMessageStuck fires over 600 s."
        )
        .unit("s")
        .datasource(DATASOURCE)
        .span(8)
        .height(6)
        .with_target(query("max(inbox_oldest_in_flight_seconds)", "oldest in flight"))
        .thresholds(thresholds((None, "green"), (60, "yellow"), (600, "red")))
    )
    waiting_over_time = timeseries_panel(
        "Messages waiting over time", "none", query("max(inbox_messages_waiting)", "waiting")
    )
    lag_over_time = timeseries_panel(
        "Inbox lag over time",
        "s",
        query("max(inbox_lag_seconds)", "lag"),
        description="Backpressure: the workers are behind the intake while this grows.",
        line=60,
    )
    in_flight_over_time = timeseries_panel(
        "Oldest message in flight over time",
        "s",
        query("max(inbox_oldest_in_flight_seconds)", "oldest in flight"),
        line=600,
    )
    received = timeseries_panel(
        "Messages received by channel",
        "ops",
        query(f"sum by (channel) (rate(messages_received_total[{rate}]))", "{{channel}}"),
    )
    claims_lost = timeseries_panel(
        "Claims taken over (increase)",
        "none",
        query(f"sum(increase(inbox_claims_lost_total[{rate}]))", "claims lost"),
        description="A holder stalled past its lease and another worker answered instead (nothing sent twice).",
    )
    return _dashboard(
        "hotel-agent-inbox",
        "Inbox - backpressure",
        ["inbox"],
        [waiting, lag, stuck, waiting_over_time, lag_over_time, in_flight_over_time, received, claims_lost],
    )


# --- assembly ----------------------------------------------------------------------------------
def _dashboard(uid: str, title: str, tags: list[str], panels: list[Any]) -> dashboard.Dashboard:
    board = (
        dashboard.Dashboard(title)
        .uid(uid)
        .tags(["hotel-agent", *tags])
        .refresh("30s")
        .time("now-6h", "now")
        .timezone("browser")
        .editable()
        .description(
            "GENERATED by `hotel-agent slo generate` from src/hotel_agent/observability/dashboards.py "
            "(and docker/slo/slos.yaml); do not edit here, changes are overwritten."
        )
    )
    for panel in panels:
        board = board.with_panel(panel)
    return board


def render(board: dashboard.Dashboard) -> str:
    built = board.build()
    for index, panel in enumerate(built.panels or [], start=1):
        panel.id_val = index
    return JSONEncoder(sort_keys=True, indent=2).encode(built) + "\n"


def all_dashboards(spec: SLOSpec) -> dict[str, str]:
    """File name under docker/grafana/dashboards/ -> JSON text."""
    return {
        "h3-circuit-breaker.json": render(h3_circuit_breaker()),
        "m1-slo-dashboard.json": render(m1_slo(spec)),
        "dlq-dashboard.json": render(dlq()),
        "inbox-dashboard.json": render(inbox()),
    }


def dashboard_queries(board_json: str) -> list[tuple[str, str]]:
    """(panel title, PromQL) for every target of a rendered dashboard."""
    data = json.loads(board_json)
    return [
        (panel["title"], target["expr"]) for panel in data["panels"] for target in panel.get("targets", [])
    ]
