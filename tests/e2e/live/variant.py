"""The time-scaled variant of the monitoring stack, for the live end-to-end test (issue 5).

Rule files: docker/prometheus/test-variant/*.yml, written by `hotel-agent slo generate` from the
production files with every duration divided by generate.TEST_SCALE. This module renders the two
configs that depend on run-time ports: Prometheus (targets, 1 s scrapes, the test-variant rule files)
and Alertmanager (the production routing with its timers scaled and the webhook pointed elsewhere).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from hotel_agent.observability.durations import scale
from hotel_agent.observability.generate import RULE_FILES, TEST_SCALE, TEST_VARIANT_DIR

ALERTMANAGER_CONFIG = Path("docker/alertmanager/alertmanager.yml")
_ROUTE_TIMERS = ("group_wait", "group_interval", "repeat_interval")


def variant_rule_files(root: Path) -> list[Path]:
    """Absolute paths of the test-variant rule files, in production order."""
    return [(root / TEST_VARIANT_DIR / path.name).resolve() for path in RULE_FILES]


def prometheus_config(
    root: Path,
    *,
    api_targets: list[str],
    worker_targets: list[str],
    alertmanager_target: str | None,
    scrape_interval: str = "1s",
) -> str:
    """prometheus.yml for the test: same jobs as production, test-variant rules, loopback targets.
    No worker targets: the embedded shape (the DLQ worker runs inside the API). No Alertmanager: rules
    are evaluated but alerts go nowhere."""
    scrape_configs: list[dict[str, Any]] = [
        {"job_name": "hotel-agent-api", "static_configs": [{"targets": api_targets}]},
    ]
    if worker_targets:
        scrape_configs.append(
            {"job_name": "hotel-agent-worker", "static_configs": [{"targets": worker_targets}]}
        )
    config: dict[str, Any] = {
        "global": {"scrape_interval": scrape_interval, "evaluation_interval": scrape_interval},
        "rule_files": [str(path) for path in variant_rule_files(root)],
        "scrape_configs": scrape_configs,
    }
    if alertmanager_target:
        config["alerting"] = {"alertmanagers": [{"static_configs": [{"targets": [alertmanager_target]}]}]}
    return yaml.safe_dump(config, sort_keys=False)


def alertmanager_config(root: Path, *, webhook_url: str, credentials_file: Path | None) -> str:
    """The production alertmanager.yml with route timers divided by TEST_SCALE and every webhook sent to
    `webhook_url` (bearer token from `credentials_file`, or no authorization when None)."""
    config = yaml.safe_load((root / ALERTMANAGER_CONFIG).read_text(encoding="utf-8"))
    _scale_route(config["route"])
    for receiver in config["receivers"]:
        for webhook in receiver.get("webhook_configs", []):
            webhook["url"] = webhook_url
            if credentials_file is None:
                webhook.pop("http_config", None)
            else:
                webhook["http_config"] = {
                    "authorization": {"type": "Bearer", "credentials_file": str(credentials_file)}
                }
    return yaml.safe_dump(config, sort_keys=False)


def _scale_route(route: dict[str, Any]) -> None:
    for key in _ROUTE_TIMERS:
        if key in route:
            route[key] = scale(str(route[key]), TEST_SCALE)
    for child in route.get("routes", []):
        _scale_route(child)
