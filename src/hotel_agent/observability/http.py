"""HTTP metrics middleware: `http_requests_total` and `http_request_duration_seconds` by route template."""

from __future__ import annotations

import time

from prometheus_client import Counter as CounterChild
from prometheus_client import Histogram as HistogramChild
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hotel_agent.observability.metrics import HTTP_REQUEST_DURATION, HTTP_REQUESTS

UNMATCHED = "<unmatched>"  # unknown paths share one label value so scanners cannot blow up cardinality


class HTTPMetricsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # Labelled children, looked up once per label set (a `labels()` call per request showed in profiles);
        # as bounded as the metric's own label values.
        self._counters: dict[tuple[str, str, str], CounterChild] = {}
        self._histograms: dict[tuple[str, str], HistogramChild] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status_code = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            endpoint = _route_template(scope)
            method = scope.get("method", "GET")
            counter = self._counters.get((method, endpoint, str(status_code)))
            if counter is None:
                counter = HTTP_REQUESTS.labels(method=method, endpoint=endpoint, status_code=str(status_code))
                self._counters[(method, endpoint, str(status_code))] = counter
            counter.inc()
            histogram = self._histograms.get((method, endpoint))
            if histogram is None:
                histogram = HTTP_REQUEST_DURATION.labels(method=method, endpoint=endpoint)
                self._histograms[(method, endpoint)] = histogram
            histogram.observe(time.perf_counter() - started)


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    if route is not None and getattr(route, "path", None):
        return str(route.path)
    app = scope.get("app")
    router = getattr(app, "router", None)
    for candidate in getattr(router, "routes", []):
        match, _ = candidate.matches(scope)
        if match == Match.FULL and getattr(candidate, "path", None):
            return str(candidate.path)
    return UNMATCHED
