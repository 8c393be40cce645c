"""Every PromQL query of every provisioned dashboard, with Grafana's template variables filled in the way
Grafana would fill them for this run (1 s scrapes)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DASHBOARD_DIR = Path("docker/grafana/dashboards")
# Grafana: $__rate_interval = max($__interval + scrape interval, 4 x scrape interval); with 1 s scrapes
# and a dashboard over the last few minutes that is 4 s. $__interval is the step of the range query.
SCRAPE_INTERVAL_SECONDS = 1
VARIABLES = {
    "$__rate_interval": f"{4 * SCRAPE_INTERVAL_SECONDS}s",
    "${__rate_interval}": f"{4 * SCRAPE_INTERVAL_SECONDS}s",
    "$__interval": f"{SCRAPE_INTERVAL_SECONDS}s",
    "${__interval}": f"{SCRAPE_INTERVAL_SECONDS}s",
}


@dataclass(frozen=True)
class PanelQuery:
    dashboard: str
    panel: str
    ref_id: str
    expr: str

    @property
    def label(self) -> str:
        return f"{self.dashboard} / {self.panel} [{self.ref_id}]"


def _panels(panels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for panel in panels:
        found.append(panel)
        found.extend(_panels(panel.get("panels", [])))  # collapsed rows keep their panels inside
    return found


def substitute(expr: str) -> str:
    for name, value in VARIABLES.items():
        expr = expr.replace(name, value)
    leftover = re.findall(r"\$\{?\w+\}?", expr)
    if leftover:
        raise ValueError(f"template variables the live test cannot fill: {leftover} in {expr!r}")
    return expr


def dashboard_queries(root: Path) -> list[PanelQuery]:
    queries = []
    for path in sorted((root / DASHBOARD_DIR).glob("*.json")):
        dashboard = json.loads(path.read_text(encoding="utf-8"))
        for panel in _panels(dashboard.get("panels", [])):
            for target in panel.get("targets") or []:
                if target.get("expr"):
                    queries.append(
                        PanelQuery(
                            dashboard=str(dashboard.get("title", path.stem)),
                            panel=str(panel.get("title", "?")),
                            ref_id=str(target.get("refId", "?")),
                            expr=substitute(str(target["expr"])),
                        )
                    )
    return queries
