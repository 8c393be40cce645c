"""What the live test reads: Prometheus' HTTP API, Alertmanager's API, the app's alert receiver, and a
fine-grained sampler of the service's /metrics (to see states shorter than a scrape interval)."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families


class Prometheus:
    def __init__(self, base_url: str) -> None:
        self.client = httpx.Client(base_url=base_url, timeout=10.0)

    def _data(self, path: str, params: dict[str, Any]) -> Any:
        response = self.client.get(path, params=params)
        body = response.json()
        if response.status_code != 200 or body.get("status") != "success":
            raise AssertionError(f"Prometheus {path} {params}: HTTP {response.status_code} {body}")
        return body["data"]

    def query(self, expr: str, at: float | None = None) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"query": expr}
        if at is not None:
            params["time"] = at
        return list(self._data("/api/v1/query", params)["result"])

    def value(self, expr: str, at: float | None = None) -> float | None:
        """The single value of `expr` (now, or at unix time `at`), None when it returns nothing."""
        result = self.query(expr, at)
        if not result:
            return None
        return float(result[0]["value"][1])

    def query_range(self, expr: str, start: float, end: float, step: float = 1.0) -> list[dict[str, Any]]:
        params = {"query": expr, "start": start, "end": end, "step": step}
        return list(self._data("/api/v1/query_range", params)["result"])

    def firing(self) -> set[str]:
        alerts = self._data("/api/v1/alerts", {})["alerts"]
        return {a["labels"]["alertname"] for a in alerts if a["state"] == "firing"}

    def close(self) -> None:
        self.client.close()


def finite_values(series: list[dict[str, Any]]) -> list[float]:
    """Every finite sample of a query_range (or query) result."""
    values: list[float] = []
    for item in series:
        samples = item.get("values") or [item["value"]]
        values.extend(float(v) for _, v in samples if math.isfinite(float(v)))
    return values


class Alertmanager:
    def __init__(self, base_url: str) -> None:
        self.client = httpx.Client(base_url=base_url, timeout=10.0)

    def alerts(self) -> list[dict[str, Any]]:
        response = self.client.get("/api/v2/alerts")
        response.raise_for_status()
        return list(response.json())

    def names(self) -> set[str]:
        return {a["labels"]["alertname"] for a in self.alerts()}

    def close(self) -> None:
        self.client.close()


@dataclass(frozen=True)
class Notification:
    alertname: str
    status: str
    received_at: datetime


class Receiver:
    """The app's Alertmanager webhook receiver, read through GET /admin/alerts."""

    def __init__(self, api_url: str, admin: dict[str, str]) -> None:
        self.client = httpx.Client(base_url=api_url, headers=admin, timeout=10.0)

    def notifications(self) -> list[Notification]:
        items: list[dict[str, Any]] = []
        offset = 0
        while True:
            response = self.client.get("/admin/alerts", params={"offset": offset, "limit": 500})
            response.raise_for_status()
            page = response.json()
            items.extend(page["items"])
            offset += len(page["items"])
            if not page["items"] or offset >= page["total"]:
                break
        found = [
            Notification(i["alertname"], i["status"], datetime.fromisoformat(i["received_at"])) for i in items
        ]
        return sorted(found, key=lambda n: n.received_at)

    def names(self, status: str) -> set[str]:
        return {n.alertname for n in self.notifications() if n.status == status}

    def close(self) -> None:
        self.client.close()


def scrape(client: httpx.Client, names: tuple[str, ...]) -> dict[str, float]:
    """Unlabelled samples of `names` from one /metrics page."""
    values: dict[str, float] = {}
    for family in text_string_to_metric_families(client.get("/metrics").text):
        for sample in family.samples:
            if sample.name in names and not sample.labels:
                values[sample.name] = float(sample.value)
    return values


@dataclass
class BreakerSampler:
    """Polls /metrics every `interval` seconds in a thread and keeps the breaker-state changes it saw."""

    api_url: str
    interval: float = 0.05
    changes: list[tuple[float, int]] = field(default_factory=list)  # (time.time(), state)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="breaker-sampler", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with httpx.Client(base_url=self.api_url, timeout=5.0) as client:
            while not self._stop.is_set():
                try:
                    state = int(scrape(client, ("pms_circuit_breaker_state",))["pms_circuit_breaker_state"])
                except (httpx.HTTPError, KeyError):
                    state = None
                if state is not None and (not self.changes or self.changes[-1][1] != state):
                    self.changes.append((time.time(), state))
                self._stop.wait(self.interval)

    def states_since(self, since: float) -> list[int]:
        """The sequence of states seen after `since` (the state in force at `since` first)."""
        before = [s for t, s in self.changes if t <= since][-1:]
        return before + [s for t, s in self.changes if t > since]

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
