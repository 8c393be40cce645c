"""Dashboards: decodable by the SDK's Grafana 11.6 models, linted like grafana/dashboard-linter, and every
PromQL parses and names only metrics the app exports or recording rules we generate.

Grafana's own dashboard JSON schema is not available offline here, so validation is: a round trip
through grafana-foundation-sdk's typed Dashboard model, plus the structural checks below.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import promql_parser
import pytest
import yaml
from grafana_foundation_sdk.models.dashboard import Dashboard

from hotel_agent.observability.dashboards import DATASOURCE_UID, dashboard_queries
from hotel_agent.observability.generate import DASHBOARD_DIR, RECORDING_RULES
from hotel_agent.observability.metrics import EXPORTED_METRIC_NAMES

ROOT = Path(__file__).resolve().parents[2]
DASHBOARDS = sorted((ROOT / DASHBOARD_DIR).glob("*.json"))
HISTOGRAM_SUFFIXES = ("_bucket", "_count", "_sum")
GRAFANA_VARIABLES = {"$__rate_interval": "5m", "$__interval": "1m", "$__range": "1h"}


def _recorded_names() -> set[str]:
    doc = yaml.safe_load((ROOT / RECORDING_RULES).read_text())
    return {rule["record"] for group in doc["groups"] for rule in group["rules"]}


def _known_metric(name: str, recorded: set[str]) -> bool:
    if name in EXPORTED_METRIC_NAMES or name in recorded:
        return True
    return any(name.endswith(s) and name.removesuffix(s) in EXPORTED_METRIC_NAMES for s in HISTOGRAM_SUFFIXES)


def _metric_names(expr: str) -> set[str]:
    names: set[str] = set()

    def visit(node: object) -> None:
        if isinstance(node, promql_parser.VectorSelector) and node.name:
            names.add(node.name)

    promql_parser.walk(promql_parser.parse(expr), visit)
    return names


def _substitute(expr: str) -> str:
    for variable, value in GRAFANA_VARIABLES.items():
        expr = expr.replace(variable, value)
    return expr


def test_the_four_dashboards_exist() -> None:
    assert {p.name for p in DASHBOARDS} == {
        "h3-circuit-breaker.json",
        "m1-slo-dashboard.json",
        "dlq-dashboard.json",
        "inbox-dashboard.json",
    }


def test_the_inbox_dashboard_shows_every_inbox_gauge() -> None:
    board = (ROOT / DASHBOARD_DIR / "inbox-dashboard.json").read_text()
    shown = {name for _, expr in dashboard_queries(board) for name in _metric_names(_substitute(expr))}
    assert {"inbox_messages_waiting", "inbox_lag_seconds", "inbox_oldest_in_flight_seconds"} <= shown


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.name)
def test_dashboard_decodes_with_the_sdk_model(path: Path) -> None:
    data = json.loads(path.read_text())
    board = Dashboard.from_json(data)
    assert board.uid == data["uid"] and board.title == data["title"]
    assert len(board.panels or []) == len(data["panels"])
    assert data["schemaVersion"] >= 39  # Grafana 11.x


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.name)
def test_dashboard_lint(path: Path) -> None:
    data = json.loads(path.read_text())
    ids = [panel["id"] for panel in data["panels"]]
    assert len(set(ids)) == len(ids), "panel ids must be unique"
    for panel in data["panels"]:
        where = f"{path.name}: {panel.get('title')!r}"
        assert panel.get("title"), where
        assert panel["datasource"] == {"type": "prometheus", "uid": DATASOURCE_UID}, where
        assert panel.get("targets"), f"{where} has no query"
        assert panel["fieldConfig"]["defaults"].get("unit"), f"{where} has no unit"
        ref_ids = [t["refId"] for t in panel["targets"]]
        assert all(ref_ids) and len(set(ref_ids)) == len(ref_ids), where
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == DATASOURCE_UID, where
            expr = target["expr"]
            # rate over a raw counter follows Grafana's step; recorded windows are fixed on purpose
            for match in re.finditer(r"\b(rate|increase|irate)\(([a-z_:]+)[^\[]*\[([^\]]+)\]", expr):
                assert match.group(3) == "$__rate_interval", f"{where}: {match.group(0)}"


def test_every_query_parses_and_names_known_metrics() -> None:
    recorded = _recorded_names()
    checked = 0
    for path in DASHBOARDS:
        for title, expr in dashboard_queries(path.read_text()):
            try:
                names = _metric_names(_substitute(expr))
            except ValueError as exc:
                pytest.fail(f"{path.name} {title!r}: {expr!r} does not parse: {exc}")
            unknown = {n for n in names if not _known_metric(n, recorded)}
            assert not unknown, f"{path.name} {title!r} queries unknown metrics {unknown}"
            assert names, f"{path.name} {title!r} queries no metric"
            checked += 1
    assert checked >= 20


def test_metric_name_check_catches_a_typo() -> None:
    names = _metric_names('sum(rate(pms_circuit_breaker_call_total{result="failure"}[5m]))')
    assert not all(_known_metric(n, _recorded_names()) for n in names)


def test_h3_has_the_seed_panels_and_breaker_mappings() -> None:
    data = json.loads((ROOT / DASHBOARD_DIR / "h3-circuit-breaker.json").read_text())
    panels = {p["title"]: p for p in data["panels"]}
    for title in ("CB State", "CB State Timeline", "PMS Latency P95", "PMS Error Rate", "Failure Streak"):
        assert title in panels
    assert panels["CB State"]["type"] == "stat"
    mapping = panels["CB State"]["fieldConfig"]["defaults"]["mappings"][0]["options"]
    assert {k: (v["text"], v["color"]) for k, v in mapping.items()} == {
        "0": ("CLOSED", "green"),
        "1": ("OPEN", "red"),
        "2": ("HALF-OPEN", "yellow"),
    }
    assert "by (le, endpoint)" in panels["PMS Latency P95"]["targets"][0]["expr"]


def test_m1_threshold_lines() -> None:
    data = json.loads((ROOT / DASHBOARD_DIR / "m1-slo-dashboard.json").read_text())
    panels = {p["title"]: p for p in data["panels"]}

    def steps(title: str) -> list[float | None]:
        return [s["value"] for s in panels[title]["fieldConfig"]["defaults"]["thresholds"]["steps"]]

    assert steps("Latency P95 (orchestrator)") == [None, 1.0]
    assert steps("PMS error rate") == [None, 0.02]
    assert panels["Availability (30d)"]["type"] == "gauge"
    assert any(
        "period_error_budget_remaining" in t["expr"]
        for t in panels["Error budget remaining (30d)"]["targets"]
    )
