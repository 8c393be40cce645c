"""Prometheus durations: parse, format, and scale them inside rule files (the test variant's mechanism).

The test variant of every rule file is the production file with each duration divided by a factor:
`for:`, group `interval:`, and every range selector (`[5m]`, `[30d:1m]`) and `offset` in PromQL.
Thresholds that happen to be seconds (e.g. an age > 900) are values, not durations, and stay as they are.
"""

from __future__ import annotations

import re
from typing import Any

_UNITS_MS = {
    "y": 365 * 86_400_000,
    "w": 7 * 86_400_000,
    "d": 86_400_000,
    "h": 3_600_000,
    "m": 60_000,
    "s": 1000,
    "ms": 1,
}
_DURATION = re.compile(r"(\d+)(ms|[smhdwy])")
_DURATION_TEXT = r"(?:\d+(?:ms|[smhdwy]))+"
# A range or subquery selector, `[5m]` / `[30d:1m]` / `[1h:]`, or an `offset 5m` modifier.
_RANGE_SELECTOR = re.compile(rf"\[({_DURATION_TEXT})(?::({_DURATION_TEXT})?)?\]")
_OFFSET = re.compile(rf"\boffset\s+({_DURATION_TEXT})")


def parse_ms(text: str) -> int:
    """'1h30m' -> 5_400_000. Raises ValueError on anything that is not a Prometheus duration."""
    if not text or _DURATION.sub("", text) != "":
        raise ValueError(f"not a Prometheus duration: {text!r}")
    return sum(int(n) * _UNITS_MS[unit] for n, unit in _DURATION.findall(text))


def parse_seconds(text: str) -> float:
    return parse_ms(text) / 1000


def format_ms(ms: int) -> str:
    """5_400_000 -> '1h30m'; the shortest spelling Prometheus and Alertmanager both accept."""
    if ms <= 0:
        raise ValueError("durations must be positive")
    parts = []
    for unit in ("d", "h", "m", "s", "ms"):
        size = _UNITS_MS[unit]
        if ms >= size:
            parts.append(f"{ms // size}{unit}")
            ms %= size
    return "".join(parts)


def scale(text: str, factor: float) -> str:
    """Divide a duration by `factor`, never below 1 s (scrapes and evaluations are 1 s apart at best)."""
    return format_ms(max(1000, round(parse_ms(text) / factor)))


def scale_promql(expr: str, factor: float) -> str:
    """Every range, subquery step and offset in `expr` divided by `factor`."""

    def _range(m: re.Match[str]) -> str:
        window, step = m.group(1), m.group(2)
        if m.group(0).find(":") < 0:
            return f"[{scale(window, factor)}]"
        return f"[{scale(window, factor)}:{scale(step, factor) if step else ''}]"

    expr = _RANGE_SELECTOR.sub(_range, expr)
    return _OFFSET.sub(lambda m: f"offset {scale(m.group(1), factor)}", expr)


def scale_rule_file(doc: dict[str, Any], factor: float) -> dict[str, Any]:
    """A copy of a Prometheus rule file (parsed YAML) with every duration divided by `factor`."""
    groups = []
    for group in doc["groups"]:
        new_group = dict(group)
        if "interval" in group:
            new_group["interval"] = scale(group["interval"], factor)
        rules = []
        for rule in group["rules"]:
            new_rule = dict(rule)
            new_rule["expr"] = scale_promql(str(rule["expr"]), factor)
            if "for" in rule:
                new_rule["for"] = scale(rule["for"], factor)
            if "keep_firing_for" in rule:
                new_rule["keep_firing_for"] = scale(rule["keep_firing_for"], factor)
            rules.append(new_rule)
        new_group["rules"] = rules
        groups.append(new_group)
    return {**doc, "groups": groups}
