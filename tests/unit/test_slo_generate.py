"""SLOs as code: the spec parses, the generated files are fresh, the rules have the shape the SRE Workbook asks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hotel_agent.observability import durations
from hotel_agent.observability.generate import (
    HAND_WRITTEN_RULES,
    RECORDING_RULES,
    SLO_ALERTS,
    SPEC_PATH,
    TEST_SCALE,
    TEST_VARIANT_DIR,
    render_all,
    stale_files,
)
from hotel_agent.observability.slo import ALL_WINDOWS, SpecError, load_spec, parse_spec

ROOT = Path(__file__).resolve().parents[2]


def test_checked_in_generated_files_are_fresh() -> None:
    stale = stale_files(ROOT)
    assert stale == [], f"stale generated files (run `make slo-generate`): {stale}"


def test_every_generated_file_says_it_is_generated() -> None:
    for path, text in render_all(ROOT).items():
        assert "GENERATED" in text[:400], path


def test_staleness_is_detected(tmp_path: Path) -> None:
    for rel in (SPEC_PATH, HAND_WRITTEN_RULES):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text((ROOT / rel).read_text())
    from hotel_agent.observability.generate import write_all

    write_all(tmp_path)
    assert stale_files(tmp_path) == []
    target = tmp_path / SLO_ALERTS
    target.write_text(target.read_text().replace("for: 15m", "for: 1m"))
    assert stale_files(tmp_path) == [SLO_ALERTS]


def test_spec_declares_the_four_slos() -> None:
    spec = load_spec(ROOT / SPEC_PATH)
    objectives = {slo.name: slo.objective_percent for slo in spec.slos}
    assert objectives == {"availability": 99.5, "latency": 95, "pms_error_rate": 98, "messages_answered": 99}
    assert {s.threshold_alert.name for s in spec.slos if s.threshold_alert} == {
        "SLOAvailabilityViolation",
        "SLOLatencyViolation",
        "SLOErrorRateViolation",
    }


def test_availability_sli_counts_only_guest_facing_5xx() -> None:
    slo = load_spec(ROOT / SPEC_PATH).get("availability")
    assert 'status_code=~"5.."' in slo.error_query
    assert "/webhooks/" in slo.error_query and "/api/v1/" in slo.error_query
    assert '!~"2.."' not in slo.error_query + slo.total_query


def test_recording_rules_cover_every_window_volume_weighted() -> None:
    doc = yaml.safe_load(render_all(ROOT)[RECORDING_RULES])
    rules = {(r["record"], r["labels"]["slo"]): r["expr"] for g in doc["groups"] for r in g["rules"]}
    for slo in ("availability", "latency", "pms_error_rate", "messages_answered"):
        for window in ALL_WINDOWS:
            assert (f"slo:sli_error:ratio_rate{window}", slo) in rules
        for name in (
            "slo:objective:ratio",
            "slo:error_budget:ratio",
            "slo:period_error_budget_remaining:ratio",
        ):
            assert (name, slo) in rules
        # ratio of sums of rates over the window, never avg_over_time of a ratio
        assert "[1h]" in rules[("slo:sli_error:ratio_rate1h", slo)]
        period = rules[("slo:sli_error:ratio_rate30d", slo)]
        assert (
            "sum_over_time(slo:sli_errors:rate5m" in period
            and "sum_over_time(slo:sli_events:rate5m" in period
        )
        assert "avg_over_time" not in period


def test_burn_rate_alerts_use_the_workbook_windows_and_a_traffic_guard() -> None:
    doc = yaml.safe_load(render_all(ROOT)[SLO_ALERTS])
    burns = {r["alert"]: r for g in doc["groups"] if g["name"] == "slo_burn_rates" for r in g["rules"]}
    fast, slow = burns["SLOAvailabilityErrorBudgetBurnFast"], burns["SLOAvailabilityErrorBudgetBurnSlow"]
    for needle in (
        "ratio_rate1h",
        "ratio_rate5m",
        "(14.4 * 0.005)",
        "ratio_rate6h",
        "ratio_rate30m",
        "(6 * 0.005)",
        "slo:sli_events:rate1h",
        ">= 30",
    ):
        assert needle in fast["expr"], needle
    for needle in (
        "ratio_rate1d",
        "ratio_rate2h",
        "(3 * 0.005)",
        "ratio_rate3d",
        "ratio_rate6h",
        "(1 * 0.005)",
    ):
        assert needle in slow["expr"], needle
    assert fast["labels"]["severity"] == "critical" and slow["labels"]["severity"] == "warning"
    assert len(burns) == 8
    assert doc["groups"][0]["name"] == "slo_violations"


def test_test_variant_is_the_production_rules_scaled() -> None:
    files = render_all(ROOT)
    for production in (HAND_WRITTEN_RULES, RECORDING_RULES, SLO_ALERTS):
        prod = yaml.safe_load(files.get(production) or (ROOT / production).read_text())
        variant = yaml.safe_load(files[TEST_VARIANT_DIR / production.name])
        assert variant == durations.scale_rule_file(prod, TEST_SCALE)
        prod_rules = [r for g in prod["groups"] for r in g["rules"]]
        variant_rules = [r for g in variant["groups"] for r in g["rules"]]
        assert [r.get("alert") or r.get("record") for r in prod_rules] == [
            r.get("alert") or r.get("record") for r in variant_rules
        ]
    variant_alerts = yaml.safe_load(files[TEST_VARIANT_DIR / HAND_WRITTEN_RULES.name])
    extended = next(
        r
        for g in variant_alerts["groups"]
        for r in g["rules"]
        if r["alert"] == "PMSCircuitBreakerOpenExtended"
    )
    assert extended["for"] == "5s"


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("rate(x[5m])", "rate(x[5s])"),
        ("sum_over_time(x[30d])", "sum_over_time(x[12h])"),
        ("max_over_time(x[1h:1m])", "max_over_time(x[1m:1s])"),
        ("x offset 1h", "x offset 1m"),
        ('x{le=~"1(\\\\.0)?"} > 900', 'x{le=~"1(\\\\.0)?"} > 900'),
    ],
)
def test_scale_promql(expr: str, expected: str) -> None:
    assert durations.scale_promql(expr, 60) == expected


def test_durations_round_trip_and_reject_garbage() -> None:
    assert durations.parse_ms("1h30m") == 5_400_000
    assert durations.format_ms(5_400_000) == "1h30m"
    assert durations.scale("30s", 60) == "1s"  # never below one second
    with pytest.raises(ValueError, match="not a Prometheus duration"):
        durations.parse_ms("5 minutes")


def test_spec_errors_name_the_problem() -> None:
    with pytest.raises(SpecError, match="prometheus/v1"):
        parse_spec({"version": "v2"})
    raw = yaml.safe_load((ROOT / SPEC_PATH).read_text())
    raw["slos"][0]["objective"] = 150
    with pytest.raises(SpecError, match=r"availability.*percentage"):
        parse_spec(raw)
    raw = yaml.safe_load((ROOT / SPEC_PATH).read_text())
    raw["slos"][1]["sli"]["events"]["total_query"] = "sum(rate(x[5m]))"
    with pytest.raises(SpecError, match=r"latency.*\{\{\.window\}\}"):
        parse_spec(raw)
