"""The QloApps client against recorded QloApps 1.6.1-shaped answers (respx): one test per quirk."""

from __future__ import annotations

import base64
import copy
import json
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from prometheus_client import REGISTRY

from hotel_agent.pms.base import (
    AvailabilityQuery,
    BookingNotFound,
    BookingRequest,
    GuestDetails,
    Occupancy,
    PMSRejected,
    PMSUnavailable,
    RoomNotAvailable,
)
from hotel_agent.pms.qloapps import QloAppsPMS

BASE = "http://qloapps.test"
KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
FIXTURES = Path(__file__).parent.parent / "fixtures" / "qloapps"
STAY = AvailabilityQuery(date(2030, 3, 3), date(2030, 3, 5), [Occupancy(2, 0)])


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def request(reference: str = "HA-REF-17") -> BookingRequest:
    return BookingRequest(
        reference=reference,
        room_type_id=2,
        check_in=date(2030, 3, 3),
        check_out=date(2030, 3, 5),
        guest=GuestDetails("Ana", "García", "ana@example.com", "+34600000000"),
        occupancy=[Occupancy(2, 1)],
    )


@pytest.fixture
async def pms() -> AsyncIterator[QloAppsPMS]:
    client = QloAppsPMS(BASE, KEY, retry_delay_seconds=0)
    yield client
    await client.aclose()


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        yield router


def other_booking(booking_id: int, remark: str) -> dict[str, Any]:
    data = copy.deepcopy(fixture("booking_created"))
    data["booking"]["id"] = booking_id
    data["booking"]["remark"] = remark
    return data


async def test_key_is_the_basic_user_with_empty_password_and_json_is_asked(
    pms: QloAppsPMS, api: respx.MockRouter
) -> None:
    route = api.get("/api/").respond(200, json={"api": {}})
    await pms.ping()
    sent = route.calls.last.request
    assert sent.headers["authorization"] == "Basic " + base64.b64encode(f"{KEY}:".encode()).decode()
    assert sent.url.params["output_format"] == "JSON"


async def test_hotel_ari_is_posted_as_xml_with_occupancies(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    route = api.post("/api/hotel_ari").respond(200, json=fixture("hotel_ari"))
    await pms.search_availability(
        AvailabilityQuery(
            date(2030, 3, 3), date(2030, 3, 5), [Occupancy(2, 0), Occupancy(1, 1)], room_type_id=2
        )
    )
    sent = route.calls.last.request
    assert sent.headers["content-type"] == "application/xml"
    body = sent.content.decode()
    assert body.startswith("<?xml") and "<qloapps><hotel_ari><id_hotel>1</id_hotel>" in body
    assert "<date_from>2030-03-03</date_from><date_to>2030-03-05</date_to>" in body
    assert "<id_room_type>2</id_room_type>" in body
    assert body.count("<room_occupancy>") == 2 and "<adults>1</adults><children>1</children>" in body


async def test_ari_strings_and_empty_groups_as_lists(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    api.post("/api/hotel_ari").respond(200, json=fixture("hotel_ari"))
    offers = await pms.search_availability(STAY)
    # Luxury's "available": [] means none; General's dict keyed by room id counts its entries.
    assert [(o.room_type_id, o.available_rooms) for o in offers] == [(1, 2), (2, 3)]
    assert offers[1].room_type_name == "Delux Rooms"


async def test_ari_services_are_not_quoted_as_the_booking_price(
    pms: QloAppsPMS, api: respx.MockRouter
) -> None:
    api.post("/api/hotel_ari").respond(200, json=fixture("hotel_ari"))
    delux = (await pms.search_availability(STAY))[1]
    assert delux.total_price == Decimal("3120.00")  # 1560 x 2 nights: what an API booking is charged
    assert delux.total_price_without_tax == Decimal("3000.00")
    assert delux.nightly_price == Decimal("1560.00")
    assert delux.note is not None and "3640.00 USD" in delux.note and "3120.00 USD" in delux.note


async def test_ari_for_several_rooms_needs_that_many_free(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    api.post("/api/hotel_ari").respond(200, json=fixture("hotel_ari"))
    offers = await pms.search_availability(
        AvailabilityQuery(date(2030, 3, 3), date(2030, 3, 5), [Occupancy(2, 0)] * 3)
    )
    assert [(o.room_type_id, o.total_price) for o in offers] == [(2, Decimal("9360.00"))]


async def test_room_types_prices_as_strings_and_names_plain_or_per_language(
    pms: QloAppsPMS, api: respx.MockRouter
) -> None:
    links = api.get("/api/hotel_room_types").respond(200, json=fixture("hotel_room_types"))
    products = api.get("/api/room_types").respond(200, json=fixture("room_types"))
    types = await pms.room_types()
    assert links.calls.last.request.url.params["filter[id_hotel]"] == "[1]"
    assert products.calls.last.request.url.params["filter[id]"] == "[1|2|3|4]"
    assert [(t.name, t.base_price, t.kind) for t in types] == [
        ("General Rooms", Decimal("1000.000000"), "single"),
        ("Delux Rooms", Decimal("1500.000000"), "double"),
        ("Executive Rooms", Decimal("2000.000000"), "twin"),
        ("luxury Rooms", Decimal("2500.000000"), "suite"),
    ]
    assert types[0].max_adults == 2 and types[0].max_children == 2
    await pms.room_types()
    assert products.call_count == 1  # cached


async def test_create_writes_adult_child_reads_adults_and_parses_dates(
    pms: QloAppsPMS, api: respx.MockRouter
) -> None:
    api.get("/api/customers").respond(200, json={"customers": []})  # a new guest: nothing to find
    create = api.post("/api/bookings").respond(200, json=fixture("booking_created"))
    booking = await pms.create_booking(request())
    sent = json.loads(create.calls.last.request.content)["booking"]
    room_type = sent["associations"]["room_types"][0]
    assert room_type["rooms"] == [{"adult": 2, "child": 1}]  # `adults` would be silently ignored
    assert (room_type["checkin_date"], room_type["number_of_rooms"]) == ("2030-03-03", 1)
    assert sent["remark"] == "HA-REF-17" and sent["booking_status"] == 1 and sent["payment_status"] == 3
    assert sent["associations"]["payment_detail"] == {"payment_type": "pay at hotel"}
    assert booking.id == "17" and booking.status == "confirmed"
    assert booking.occupancy == [Occupancy(2, 1)]  # read back from `adults`
    assert (booking.check_in, booking.check_out) == (date(2030, 3, 3), date(2030, 3, 5))
    assert booking.total_price == Decimal("3120.00")
    assert booking.guest_name == "Ana García" and booking.reference == "HA-REF-17"


async def test_booking_status_comes_from_orders(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    api.get("/api/bookings/17").respond(200, json=fixture("booking_created"))
    orders = api.get("/api/orders").respond(200, json=fixture("orders_cancelled"))
    booking = await pms.get_booking("17")
    assert booking.status == "cancelled"
    params = orders.calls.last.request.url.params
    assert params["filter[id]"] == "[17]" and params["display"] == "[id,current_state]"


async def test_cancel_is_a_put_with_status_3_echoing_the_rooms(
    pms: QloAppsPMS, api: respx.MockRouter
) -> None:
    api.get("/api/bookings/17").respond(200, json=fixture("booking_created"))
    api.get("/api/orders").respond(200, json=fixture("orders_awaiting"))
    put = api.put("/api/bookings/17").respond(200, json=fixture("booking_created"))
    cancelled = await pms.cancel_booking("17")
    assert cancelled.status == "cancelled"
    sent = json.loads(put.calls.last.request.content)["booking"]
    assert sent["booking_status"] == 3 and sent["id"] == 17
    echoed = sent["associations"]["room_types"]
    assert echoed == [
        {
            "id_room_type": 2,
            "checkin_date": "2030-03-03",
            "checkout_date": "2030-03-05",
            "number_of_rooms": 1,
            "rooms": [{"id_room": 6, "adult": 2, "child": 1}],
        }
    ]
    assert "unit_price_without_tax" not in put.calls.last.request.content.decode()


async def test_cancel_of_a_cancelled_booking_does_not_put(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    api.get("/api/bookings/17").respond(200, json=fixture("booking_created"))
    api.get("/api/orders").respond(200, json=fixture("orders_cancelled"))
    put = api.put("/api/bookings/17").respond(400, json=fixture("error_rooms_not_found"))
    assert (await pms.cancel_booking("17")).status == "cancelled"
    assert put.call_count == 0


async def test_put_without_rooms_error_is_a_rejection_with_its_message(
    pms: QloAppsPMS, api: respx.MockRouter
) -> None:
    api.get("/api/bookings/17").respond(200, json=fixture("booking_created"))
    api.get("/api/orders").respond(200, json=fixture("orders_awaiting"))
    api.put("/api/bookings/17").respond(400, json=fixture("error_rooms_not_found"))
    with pytest.raises(PMSRejected, match="Rooms not found in the request"):
        await pms.modify_booking("17", check_out=date(2030, 3, 6))


async def test_room_not_available_is_400_code_404(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    api.get("/api/customers").respond(200, json={"customers": []})
    api.post("/api/bookings").respond(400, json=fixture("error_room_not_available"))
    with pytest.raises(RoomNotAvailable) as caught:
        await pms.create_booking(request())
    assert (caught.value.status, caught.value.code) == (400, 404)


async def test_http_404_is_booking_not_found(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    api.get("/api/bookings/99").respond(404, json={"errors": [{"code": 404, "message": "not found"}]})
    with pytest.raises(BookingNotFound):
        await pms.get_booking("99")
    with pytest.raises(BookingNotFound):
        await pms.get_booking("../orders")  # never sent: ids are numbers


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (401, "error_bad_key", "code 21"),
        (401, "error_not_permitted", "code 26"),
        (503, "error_webservice_disabled", "code 22"),
    ],
)
async def test_auth_and_disabled_webservice_are_outages_without_the_key(
    pms: QloAppsPMS,
    api: respx.MockRouter,
    caplog: pytest.LogCaptureFixture,
    status: int,
    body: str,
    expected: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    api.post("/api/hotel_ari").respond(status, json=fixture(body))
    with pytest.raises(PMSUnavailable) as caught:
        await pms.search_availability(STAY)
    assert expected in str(caught.value)
    assert KEY not in str(caught.value) and KEY not in repr(pms) and KEY not in caplog.text


async def test_401_without_key_is_plain_text(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    api.get("/api/").respond(401, text="401 Unauthorized", headers={"WWW-Authenticate": "Basic"})
    with pytest.raises(PMSUnavailable, match=r"key was refused.*401 Unauthorized"):
        await pms.ping()


async def test_500_after_commit_is_found_by_remark_and_not_posted_again(
    pms: QloAppsPMS, api: respx.MockRouter
) -> None:
    # The lookup reads the guest's customer's bookings (filters work on customers and orders).
    customers = api.get("/api/customers").mock(
        side_effect=[
            httpx.Response(200, json={"customers": []}),  # before the first try: a new guest
            httpx.Response(200, json=fixture("customers_by_email")),  # the 500 created customer 9
        ]
    )
    api.get("/api/orders").respond(200, json=fixture("orders_by_customer"))
    api.get("/api/bookings/15").respond(200, json=other_booking(15, "someone else"))
    api.get("/api/bookings/16").respond(200, json=other_booking(16, ""))
    api.get("/api/bookings/17").respond(200, json=fixture("booking_created"))
    listing = api.get("/api/bookings").respond(200, json=fixture("bookings_list"))
    post = api.post("/api/bookings").respond(500, text="<b>Warning</b>: Undefined index in ...")
    booking = await pms.create_booking(request())
    assert booking.id == "17" and booking.reference == "HA-REF-17"
    assert post.call_count == 1 and customers.call_count == 2
    assert listing.call_count == 0  # the unfilterable hotel-wide list is never scanned


async def test_error_then_lookup_failure_does_not_retry_blindly(
    pms: QloAppsPMS, api: respx.MockRouter
) -> None:
    api.get("/api/customers").mock(
        side_effect=[httpx.Response(200, json={"customers": []}), httpx.Response(503, json={})]
    )
    post = api.post("/api/bookings").respond(500)
    with pytest.raises(PMSUnavailable, match="unknown; not retrying"):
        await pms.create_booking(request())
    assert post.call_count == 1


async def test_error_with_nothing_committed_retries_once(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    api.get("/api/customers").respond(200, json={"customers": []})
    post = api.post("/api/bookings").mock(
        side_effect=[httpx.Response(502), httpx.Response(200, json=fixture("booking_created"))]
    )
    assert (await pms.create_booking(request())).id == "17"
    assert post.call_count == 2


async def test_timeouts_and_connection_errors_are_outages(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    api.get("/api/").mock(side_effect=httpx.ConnectTimeout("slow"))
    with pytest.raises(PMSUnavailable, match="no answer within 5s"):
        await pms.ping()
    api.post("/api/hotel_ari").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(PMSUnavailable, match="cannot reach"):
        await pms.search_availability(STAY)


async def test_every_call_is_observed_with_a_bounded_endpoint_label(
    pms: QloAppsPMS, api: respx.MockRouter
) -> None:
    def count() -> float:
        return (
            REGISTRY.get_sample_value(
                "pms_api_latency_seconds_count", {"endpoint": "bookings", "method": "GET"}
            )
            or 0.0
        )

    before = count()
    api.get("/api/bookings/17").respond(200, json=fixture("booking_created"))
    api.get("/api/orders").respond(200, json=fixture("orders_awaiting"))
    await pms.get_booking("17")
    assert count() == before + 1  # /api/bookings/17 is labelled "bookings", not the raw path


def test_configuration_errors_are_clear() -> None:
    with pytest.raises(ValueError, match="webservice key"):
        QloAppsPMS(BASE, "  ")
    with pytest.raises(ValueError, match="http"):
        QloAppsPMS("qloapps.test", KEY)
