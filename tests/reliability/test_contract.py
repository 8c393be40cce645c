"""The OpenAPI contract holds against the real server (uvicorn, SQLite, the simulator): schemathesis sends
what the schema allows and what it does not, as an operator and as a stranger. No 5xx, every status and
body documented, `Allow` right on a 405."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from tests.reliability import live

# Lax coercion ("1" for 1, 0 for false) is pydantic's documented behaviour, so `negative_data_rejection`
# is left out; everything else schemathesis checks is in.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
    checks.positive_data_acceptance,
]


@pytest.fixture(scope="module")
def api_schema(sqlite_server: live.LiveServer) -> Any:
    return schemathesis.openapi.from_url(f"{sqlite_server.url}/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")
FUZZ = settings(
    max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
)


@schema.parametrize()
@FUZZ
def test_as_an_operator(case: schemathesis.Case, sqlite_server: live.LiveServer) -> None:
    admin = {"Authorization": f"Bearer {live.ADMIN_TOKEN}"}
    try:
        case.call_and_validate(headers=admin, timeout=60, checks=CHECKS)
    finally:
        if case.operation.path == "/admin/pms/faults" and case.method == "POST":
            # A fuzzed 'slow' PMS (up to 120 s a call) would make every later chat turn a minute long.
            httpx.post(f"{sqlite_server.url}/admin/pms/faults", json={"mode": "ok"}, headers=admin)


@schema.parametrize()
@FUZZ
def test_as_a_stranger(case: schemathesis.Case) -> None:
    case.call_and_validate(timeout=60, checks=CHECKS)


def test_a_405_allows_every_method_of_the_path(sqlite_server: live.LiveServer) -> None:
    admin = {"Authorization": f"Bearer {live.ADMIN_TOKEN}"}
    for path, allowed in [
        ("/admin/dlq", "DELETE, GET"),
        ("/admin/dlq/some-entry", "DELETE, GET"),
        ("/admin/dlq/retry-all", "POST"),
        ("/webhooks/whatsapp", "GET, POST"),
    ]:
        response = httpx.request("PATCH", sqlite_server.url + path, headers=admin)
        assert response.status_code == 405 and response.headers["Allow"] == allowed, path
        assert response.json() == {"detail": "Method Not Allowed"}


def test_no_request_of_the_fuzz_got_a_5xx(sqlite_server: live.LiveServer) -> None:
    """Every request this server answered so far (the fuzz above, as operator and stranger), by status."""
    from prometheus_client.parser import text_string_to_metric_families

    text = httpx.get(f"{sqlite_server.url}/metrics", timeout=30).text
    by_status: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        if family.name == "http_requests":
            for sample in family.samples:
                if sample.name == "http_requests_total":
                    status = sample.labels["status_code"]
                    by_status[status] = by_status.get(status, 0) + sample.value
    print(f"\nfuzz: {sum(by_status.values()):.0f} requests by status {dict(sorted(by_status.items()))}")
    assert sum(by_status.values()) > 100
    assert not {s for s in by_status if s.startswith("5")}, by_status
