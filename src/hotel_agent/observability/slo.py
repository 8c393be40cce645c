"""SLOs as code: read the spec (docker/slo/slos.yaml, Sloth-like) and turn it into Prometheus rules.

Recording rules (per SLO, labels service/slo):
- `slo:sli_error:ratio_rate<W>` for W in 5m..3d: sum(rate(errors[W])) / sum(rate(total[W])), i.e. the
  error ratio of all events in the window (volume-weighted, never an average of ratios);
- `slo:sli_events:rate<W>`: events per second over W (the minimum-traffic guard reads it);
- 30d from the 5m recordings: sum_over_time(errors/s) / sum_over_time(events/s) — both sampled at the same
  instants, so the constant cancels and every event weighs the same, without re-reading 30 days of raw
  samples each evaluation;
- `slo:objective:ratio`, `slo:error_budget:ratio`, `slo:current_burn_rate:ratio` (5m),
  `slo:period_burn_rate:ratio` and `slo:period_error_budget_remaining:ratio` (30d).
Alerts: the seed's fixed-threshold alerts (group slo_violations) and the SRE Workbook's multi-window,
multi-burn-rate alerts (group slo_burn_rates), each with a minimum-traffic guard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from hotel_agent.observability.durations import parse_seconds

SLI_WINDOWS = ("5m", "30m", "1h", "2h", "6h", "1d", "3d")
PERIOD = "30d"
ALL_WINDOWS = (*SLI_WINDOWS, PERIOD)


@dataclass(frozen=True)
class BurnWindow:
    """One AND-pair of the SRE Workbook table: the ratio over both windows above factor x budget."""

    factor: float
    long: str
    short: str


PAGE_WINDOWS = (BurnWindow(14.4, "1h", "5m"), BurnWindow(6, "6h", "30m"))
TICKET_WINDOWS = (BurnWindow(3, "1d", "2h"), BurnWindow(1, "3d", "6h"))
BURN_FOR = {"page": "2m", "ticket": "15m"}


@dataclass(frozen=True)
class ThresholdAlert:
    name: str
    window: str
    for_: str
    severity: str
    summary: str


@dataclass(frozen=True)
class SLO:
    name: str
    title: str
    objective_percent: float
    description: str
    component: str
    min_events: int
    min_bad_events: int
    error_query: str
    total_query: str
    alert_name: str
    page_labels: dict[str, str]
    ticket_labels: dict[str, str]
    threshold_alert: ThresholdAlert | None
    on_violation: tuple[str, ...]

    @property
    def objective(self) -> float:
        return round(self.objective_percent / 100, 6)

    @property
    def error_budget(self) -> float:
        return round(1 - self.objective, 6)

    def sli_error_ratio(self, window: str) -> str:
        """The raw error-ratio expression over `window` (errors absent => 0, no traffic => no sample)."""
        return f"({self.error_rate(window)})\n/\n{self.total_rate(window)}"

    def error_rate(self, window: str) -> str:
        return f"{self.error_query.replace('{{.window}}', window)} or vector(0)"

    def total_rate(self, window: str) -> str:
        return self.total_query.replace("{{.window}}", window)


@dataclass(frozen=True)
class SLOSpec:
    service: str
    labels: dict[str, str]
    runbook_base_url: str
    slos: tuple[SLO, ...] = field(default_factory=tuple)

    def runbook_url(self, alert_name: str) -> str:
        return f"{self.runbook_base_url.rstrip('/')}/{alert_name}.md"

    def get(self, name: str) -> SLO:
        for slo in self.slos:
            if slo.name == name:
                return slo
        raise KeyError(f"no SLO named {name!r} in the spec")


class SpecError(ValueError):
    """The SLO spec is malformed; the message names the SLO and the field."""


def load_spec(path: Path) -> SLOSpec:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SpecError(f"SLO spec not found: {path}") from exc
    return parse_spec(raw)


def parse_spec(raw: Any) -> SLOSpec:
    if not isinstance(raw, dict) or raw.get("version") != "prometheus/v1":
        raise SpecError("SLO spec: expected a mapping with `version: prometheus/v1`")
    for key in ("service", "runbook_base_url", "slos"):
        if key not in raw:
            raise SpecError(f"SLO spec: missing `{key}`")
    slos = tuple(_parse_slo(item) for item in raw["slos"])
    names = [s.name for s in slos]
    if len(set(names)) != len(names):
        raise SpecError(f"SLO spec: duplicate SLO names in {names}")
    return SLOSpec(
        service=str(raw["service"]),
        labels={str(k): str(v) for k, v in (raw.get("labels") or {}).items()},
        runbook_base_url=str(raw["runbook_base_url"]),
        slos=slos,
    )


def _parse_slo(item: Any) -> SLO:
    name = item.get("name") if isinstance(item, dict) else None
    if not name:
        raise SpecError("SLO spec: every SLO needs a `name`")
    try:
        objective = float(item["objective"])
        events = item["sli"]["events"]
        alerting = item["alerting"]
        threshold = item.get("threshold_alert")
        slo = SLO(
            name=str(name),
            title=str(item.get("title", name)),
            objective_percent=objective,
            description=" ".join(str(item.get("description", "")).split()),
            component=str(item["component"]),
            min_events=int(item.get("min_events", 0)),
            min_bad_events=int(item.get("min_bad_events", 1)),
            error_query=str(events["error_query"]).strip(),
            total_query=str(events["total_query"]).strip(),
            alert_name=str(alerting["name"]),
            page_labels={str(k): str(v) for k, v in alerting["page_alert"]["labels"].items()},
            ticket_labels={str(k): str(v) for k, v in alerting["ticket_alert"]["labels"].items()},
            on_violation=tuple(" ".join(str(step).split()) for step in item.get("on_violation") or ()),
            threshold_alert=None
            if threshold is None
            else ThresholdAlert(
                name=str(threshold["name"]),
                window=str(threshold["window"]),
                for_=str(threshold["for"]),
                severity=str(threshold["severity"]),
                summary=str(threshold["summary"]),
            ),
        )
    except (KeyError, TypeError) as exc:
        raise SpecError(f"SLO {name!r}: missing or malformed field {exc}") from exc
    if not 0 < objective < 100:
        raise SpecError(f"SLO {name!r}: objective must be a percentage between 0 and 100, got {objective}")
    for query_name, query in (("error_query", slo.error_query), ("total_query", slo.total_query)):
        if "{{.window}}" not in query:
            raise SpecError(f"SLO {name!r}: sli.events.{query_name} must use {{{{.window}}}}")
    if slo.threshold_alert is not None:
        parse_seconds(slo.threshold_alert.window)
        parse_seconds(slo.threshold_alert.for_)
        if slo.threshold_alert.window not in SLI_WINDOWS:
            raise SpecError(f"SLO {name!r}: threshold_alert.window must be one of {SLI_WINDOWS}")
    return slo


# --- rule generation ---------------------------------------------------------------------------
def _series_labels(spec: SLOSpec, slo: SLO) -> dict[str, str]:
    return {**spec.labels, "service": spec.service, "slo": slo.name}


def _selector(spec: SLOSpec, slo: SLO) -> str:
    return f'{{service="{spec.service}",slo="{slo.name}"}}'


def recording_rules(spec: SLOSpec) -> dict[str, Any]:
    groups: list[dict[str, Any]] = []
    for slo in spec.slos:
        labels = _series_labels(spec, slo)
        sel = _selector(spec, slo)
        rules: list[dict[str, Any]] = []
        for window in SLI_WINDOWS:
            rules.append(
                {
                    "record": f"slo:sli_error:ratio_rate{window}",
                    "expr": slo.sli_error_ratio(window),
                    "labels": labels,
                }
            )
            rules.append(
                {"record": f"slo:sli_events:rate{window}", "expr": slo.total_rate(window), "labels": labels}
            )
        # Errors per second over 5m, the numerator the 30d ratio sums up (from the counters, not
        # ratio x events: a 0/0 ratio on a quiet night is NaN and would poison 30 days of sums).
        rules.append({"record": "slo:sli_errors:rate5m", "expr": slo.error_rate("5m"), "labels": labels})
        groups.append({"name": f"slo_sli_recordings_{slo.name}", "rules": rules})

        period_rules: list[dict[str, Any]] = [
            {
                "record": f"slo:sli_error:ratio_rate{PERIOD}",
                "expr": f"sum_over_time(slo:sli_errors:rate5m{sel}[{PERIOD}])\n/\n"
                f"sum_over_time(slo:sli_events:rate5m{sel}[{PERIOD}])",
                "labels": labels,
            },
            {
                "record": f"slo:sli_events:rate{PERIOD}",
                "expr": f"avg_over_time(slo:sli_events:rate5m{sel}[{PERIOD}])",
                "labels": labels,
            },
            {"record": "slo:objective:ratio", "expr": f"vector({slo.objective})", "labels": labels},
            {"record": "slo:error_budget:ratio", "expr": f"vector({slo.error_budget})", "labels": labels},
            {
                "record": "slo:current_burn_rate:ratio",
                "expr": f"slo:sli_error:ratio_rate5m{sel} / {slo.error_budget}",
                "labels": labels,
            },
            {
                "record": "slo:period_burn_rate:ratio",
                "expr": f"slo:sli_error:ratio_rate{PERIOD}{sel} / {slo.error_budget}",
                "labels": labels,
            },
            {
                "record": "slo:period_error_budget_remaining:ratio",
                "expr": f"1 - slo:period_burn_rate:ratio{sel}",
                "labels": labels,
            },
        ]
        groups.append({"name": f"slo_meta_recordings_{slo.name}", "rules": period_rules})
    return {"groups": groups}


def _traffic_guard(spec: SLOSpec, slo: SLO, window: str) -> str:
    """At least min_events events in `window` (a quiet night is not an outage)."""
    seconds = int(parse_seconds(window))
    return f"slo:sli_events:rate{window}{_selector(spec, slo)} * {seconds} >= {slo.min_events}"


def _bad_events_guard(spec: SLOSpec, slo: SLO, window: str) -> str:
    """At least min_bad_events bad events in `window`: one failure among a few dozen is not a burn."""
    seconds = int(parse_seconds(window))
    sel = _selector(spec, slo)
    return (
        f"slo:sli_error:ratio_rate{window}{sel} * slo:sli_events:rate{window}{sel} * {seconds}"
        f" >= {slo.min_bad_events}"
    )


def burn_rate_expr(spec: SLOSpec, slo: SLO, pairs: tuple[BurnWindow, ...]) -> str:
    sel = _selector(spec, slo)
    clauses = []
    for pair in pairs:
        threshold = f"({pair.factor} * {slo.error_budget})"
        clauses.append(
            "(\n"
            f"  slo:sli_error:ratio_rate{pair.long}{sel} > {threshold}\n"
            f"  and slo:sli_error:ratio_rate{pair.short}{sel} > {threshold}\n"
            f"  and {_traffic_guard(spec, slo, pair.long)}\n"
            f"  and {_bad_events_guard(spec, slo, pair.long)}\n"
            ")"
        )
    return "\nor\n".join(clauses)


def burn_alert_name(slo: SLO, tier: str) -> str:
    return f"{slo.alert_name}ErrorBudgetBurn{'Fast' if tier == 'page' else 'Slow'}"


def threshold_alert_expr(spec: SLOSpec, slo: SLO) -> str:
    assert slo.threshold_alert is not None
    sel = _selector(spec, slo)
    window = slo.threshold_alert.window
    return (
        f"slo:sli_error:ratio_rate{window}{sel} > {slo.error_budget}\n"
        f"and {_traffic_guard(spec, slo, '1h')}\n"
        f"and {_bad_events_guard(spec, slo, '1h')}"
    )


def alert_rules(spec: SLOSpec) -> dict[str, Any]:
    violations: list[dict[str, Any]] = []
    burns: list[dict[str, Any]] = []
    for slo in spec.slos:
        base_labels = {"component": slo.component, "slo": slo.name}
        if slo.threshold_alert is not None:
            t = slo.threshold_alert
            violations.append(
                {
                    "alert": t.name,
                    "expr": threshold_alert_expr(spec, slo),
                    "for": t.for_,
                    "labels": {"severity": t.severity, **base_labels},
                    "annotations": {
                        "summary": t.summary,
                        "description": f"{slo.title}: error ratio over {t.window} is {{{{ $value | humanizePercentage }}}}"
                        f" (budget {slo.error_budget * 100:g} %, objective {slo.objective_percent:g} %).",
                        "runbook_url": spec.runbook_url(t.name),
                    },
                }
            )
        for tier, pairs, tier_labels in (
            ("page", PAGE_WINDOWS, slo.page_labels),
            ("ticket", TICKET_WINDOWS, slo.ticket_labels),
        ):
            name = burn_alert_name(slo, tier)
            windows = " or ".join(f"{p.factor:g}x over {p.long} and {p.short}" for p in pairs)
            burns.append(
                {
                    "alert": name,
                    "expr": burn_rate_expr(spec, slo, pairs),
                    "for": BURN_FOR[tier],
                    "labels": {**tier_labels, **base_labels, "burn": tier},
                    "annotations": {
                        "summary": f"{slo.title}: error budget burning too fast ({tier})",
                        "description": f"{slo.title} (objective {slo.objective_percent:g} % over {PERIOD}) is burning its "
                        f"error budget at {windows}. Ratios by window: M1 SLO dashboard.",
                        "runbook_url": spec.runbook_url(name),
                    },
                }
            )
    return {
        "groups": [
            {"name": "slo_violations", "interval": "60s", "rules": violations},
            {"name": "slo_burn_rates", "rules": burns},
        ]
    }


def alert_names(spec: SLOSpec) -> list[str]:
    return [rule["alert"] for group in alert_rules(spec)["groups"] for rule in group["rules"]]
