"""Idempotent QloApps creates when the retry comes much later (DLQ, another process): answers recorded
from a real QloApps 1.6.1 (tests/fixtures/qloapps/, see test_qloapps_recorded.py), renumbered to model a
guest with many bookings.

QloApps' `GET /api/bookings` ignores filters, sort and limit, so the client never scans it: it looks its
reference up among the bookings of the guest's customer (`customers` and `orders` do filter).
"""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from hotel_agent.pms.base import BookingRequest, GuestDetails, Occupancy, PMSRejected, PMSUnavailable
from hotel_agent.pms.qloapps import BookingLookupInconclusive, QloAppsPMS

BASE = "http://qloapps.test"
KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
FIXTURES = Path(__file__).parent.parent / "fixtures" / "qloapps"
REFERENCE = "HA-REF-17"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text())["body"]


CREATED_ID = str(fixture("booking_created")["booking"]["id"])
CUSTOMER_ID = fixture("customers_by_email")["customers"][0]["id"]


def request(email: str = "ana@example.com") -> BookingRequest:
    return BookingRequest(
        reference=REFERENCE,
        room_type_id=2,
        check_in=date(2030, 3, 3),
        check_out=date(2030, 3, 5),
        guest=GuestDetails("Ana", "García", email, "+34600000000"),
        occupancy=[Occupancy(2, 1)],
    )


def booking(booking_id: int, remark: str) -> dict[str, Any]:
    data = copy.deepcopy(fixture("booking_created"))
    data["booking"]["id"] = booking_id
    data["booking"]["associations"]["remarks"] = [remark] if remark else []
    return data


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        catalogue(router)
        yield router


def catalogue(router: respx.MockRouter) -> None:
    for name in ("hotel_room_types", "room_types", "services"):
        router.get(f"/api/{name}").respond(200, json=fixture(name))


@pytest.fixture
async def pms() -> AsyncIterator[QloAppsPMS]:
    client = QloAppsPMS(BASE, KEY, retry_delay_seconds=0)
    yield client
    await client.aclose()


def guest_with_bookings(
    api: respx.MockRouter, order_ids: list[int], ours: int | None
) -> tuple[respx.Route, respx.Route, respx.Route]:
    """Customer 9 (the guest's email) owns `order_ids`; the one numbered `ours` carries our reference."""
    customers = api.get("/api/customers").respond(200, json=fixture("customers_by_email"))
    # Answered oldest first, as a server that ignored `sort` would: the client must sort itself.
    orders = api.get("/api/orders").respond(200, json={"orders": [{"id": i} for i in sorted(order_ids)]})
    details = api.get(url__regex=rf"^{BASE}/api/bookings/\d+").mock(
        side_effect=lambda req: httpx.Response(
            200,
            json=booking(
                int(req.url.path.rsplit("/", 1)[1]),
                REFERENCE if int(req.url.path.rsplit("/", 1)[1]) == ours else "website booking",
            ),
        )
    )
    return customers, orders, details


async def test_committed_booking_57th_most_recent_is_found_by_a_new_process_and_not_posted_again(
    api: respx.MockRouter,
) -> None:
    # The create timed out but committed; the DLQ retries hours later in another process, after 56 newer
    # bookings of the same customer (and any number of other guests' bookings, which are never read).
    order_ids = list(range(1001, 1101))  # 100 bookings; 1100 is the newest
    ours = 1100 - 56  # the 57th most recent
    customers, orders, details = guest_with_bookings(api, order_ids, ours)
    hotel_wide = api.get("/api/bookings").respond(200, json={"bookings": [{"id": i} for i in range(1, 5000)]})
    post = api.post("/api/bookings").respond(200, json=fixture("booking_created"))

    restarted = QloAppsPMS(BASE, KEY, retry_delay_seconds=0)  # nothing in memory from the first try
    try:
        found = await restarted.create_booking(request())
    finally:
        await restarted.aclose()

    assert found.id == str(ours) and found.reference == REFERENCE
    assert post.call_count == 0 and hotel_wide.call_count == 0
    assert 57 <= details.call_count <= 60  # newest first, stops at the chunk holding ours
    sent = orders.calls.last.request.url.params
    assert (sent["filter[id_customer]"], sent["sort"], sent["limit"], sent["display"]) == (
        f"[{CUSTOMER_ID}]",
        "[id_DESC]",
        "0,101",
        "[id]",
    )
    assert customers.calls.last.request.url.params["filter[email]"] == "[ana@example.com]"


async def test_timeout_that_committed_then_many_other_bookings_then_retry_finds_it() -> None:
    # First process: a new guest, the POST commits but the answer is lost, and the lookup right after
    # fails too, so it stops ("unknown; not retrying") and the message goes to the DLQ.
    with respx.mock(base_url=BASE, assert_all_called=False) as api:
        catalogue(api)
        customers = api.get("/api/customers").mock(
            side_effect=[
                httpx.Response(200, json={"customers": []}),
                httpx.Response(503, json={"errors": [{"code": 22, "message": "disabled"}]}),
            ]
        )
        post = api.post("/api/bookings").mock(side_effect=httpx.ReadTimeout("answer lost"))
        first = QloAppsPMS(BASE, KEY, retry_delay_seconds=0)
        try:
            with pytest.raises(PMSUnavailable, match="unknown; not retrying") as caught:
                await first.create_booking(request())
        finally:
            await first.aclose()
    assert KEY not in str(caught.value)
    assert post.call_count == 1 and customers.call_count == 2

    # Later, another process: customer 9 now exists with our booking 17 and 70 newer bookings.
    with respx.mock(base_url=BASE, assert_all_called=False) as api:
        catalogue(api)
        guest_with_bookings(api, [17, *range(18, 88)], ours=17)
        post_again = api.post("/api/bookings").respond(200, json=fixture("booking_created"))
        second = QloAppsPMS(BASE, KEY, retry_delay_seconds=0)
        try:
            found = await second.create_booking(request())
        finally:
            await second.aclose()
    assert found.id == "17" and post_again.call_count == 0


async def test_hard_cap_refuses_to_create_blindly(api: respx.MockRouter) -> None:
    _, orders, details = guest_with_bookings(api, list(range(1, 13)), ours=None)  # 12 bookings, none ours
    post = api.post("/api/bookings").respond(200, json=fixture("booking_created"))
    capped = QloAppsPMS(BASE, KEY, retry_delay_seconds=0, lookup_max_bookings=10)
    try:
        with pytest.raises(BookingLookupInconclusive) as caught:
            await capped.create_booking(request())
    finally:
        await capped.aclose()
    message = str(caught.value)
    assert f"cannot confirm whether booking {REFERENCE} exists" in message
    assert "not creating it blindly" in message and KEY not in message
    assert isinstance(caught.value, PMSRejected)  # the guest is offered a human, the breaker is untouched
    assert post.call_count == 0
    assert details.call_count == 10  # bounded: never more than the cap
    assert orders.calls.last.request.url.params["limit"] == "0,11"


async def test_cap_not_reached_and_not_found_creates_once(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    guest_with_bookings(api, [3, 4, 5], ours=None)  # a returning guest with three other bookings
    post = api.post("/api/bookings").respond(200, json=fixture("booking_created"))
    created = await pms.create_booking(request())
    assert created.id == CREATED_ID and post.call_count == 1


async def test_new_guest_costs_one_lookup_request(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    customers = api.get("/api/customers").respond(200, json={"customers": []})
    orders = api.get("/api/orders").respond(200, json={"orders": []})
    post = api.post("/api/bookings").respond(200, json=fixture("booking_created"))
    assert (await pms.create_booking(request())).id == CREATED_ID
    assert customers.call_count == 1 and orders.call_count == 0 and post.call_count == 1


async def test_empty_customer_list_as_bare_json_array(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    api.get("/api/customers").respond(200, json=[])  # PrestaShop may answer an empty list as []
    post = api.post("/api/bookings").respond(200, json=fixture("booking_created"))
    assert (await pms.create_booking(request())).id == CREATED_ID
    assert post.call_count == 1


@pytest.mark.parametrize("email", ["ana|bob@example.com", "[ana]@example.com", "  "])
async def test_email_the_filter_cannot_express_is_refused_before_any_request(
    pms: QloAppsPMS, api: respx.MockRouter, email: str
) -> None:
    post = api.post("/api/bookings").respond(200, json=fixture("booking_created"))
    with pytest.raises(BookingLookupInconclusive, match="email cannot be searched"):
        await pms.create_booking(request(email))
    assert post.call_count == 0 and len(api.calls) == 0


def test_cap_must_be_positive() -> None:
    with pytest.raises(ValueError, match="lookup_max_bookings"):
        QloAppsPMS(BASE, KEY, lookup_max_bookings=0)
