"""The QloApps client against answers RECORDED from a real QloApps (respx replays them).

Where and when: tests/fixtures/qloapps/*.json, each with a `recorded` block (QloApps 1.6.1.23 with its demo
data, brought up by scripts/qloapps-dev.sh on the dev machine, 2026-12-05), written by
tests/fixtures/qloapps/record.py, which drives the same request builders the client uses. The key was never
written. The same operations run live in tests/contract/ (`make contract`).
"""

from __future__ import annotations

import base64
import copy
import json
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta
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
    PMSInvalidRequest,
    PMSPermissionDenied,
    PMSUnavailable,
    RoomNotAvailable,
    correlation,
)
from hotel_agent.pms.qloapps import QloAppsPMS

BASE = "http://qloapps.test"
KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
FIXTURES = Path(__file__).parent.parent / "fixtures" / "qloapps"


def recorded(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


def body(name: str) -> Any:
    return copy.deepcopy(recorded(name)["body"])


def answer(name: str) -> httpx.Response:
    record = recorded(name)
    if isinstance(record["body"], str):
        return httpx.Response(record["status"], text=record["body"])
    return httpx.Response(record["status"], json=record["body"])


BOOKING = body("booking")["booking"]
BOOKING_ID = str(BOOKING["id"])
REFERENCE = BOOKING["associations"]["remarks"][0]
EMAIL = BOOKING["associations"]["customer_detail"]["email"]
ROOM = BOOKING["associations"]["room_types"][0]
STAY = AvailabilityQuery(
    date.fromisoformat(ROOM["checkin_date"][:10]),
    date.fromisoformat(ROOM["checkout_date"][:10]),
    [Occupancy(2, 1), Occupancy(1, 0)],
)


def request(reference: str = REFERENCE) -> BookingRequest:
    return BookingRequest(
        reference=reference,
        room_type_id=ROOM["id_room_type"],
        check_in=STAY.check_in,
        check_out=STAY.check_out,
        guest=GuestDetails("Ana", "Garcia", EMAIL, "+34600000000"),
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
        router.get("/api/hotel_room_types").mock(return_value=answer("hotel_room_types"))
        router.get("/api/room_types").mock(return_value=answer("room_types"))
        router.get("/api/services").mock(return_value=answer("services"))
        yield router


def test_fixtures_are_recorded_from_qloapps_and_hold_no_key() -> None:
    names = sorted(p.stem for p in FIXTURES.glob("*.json"))
    assert len(names) >= 20
    for name in names:
        record = recorded(name)
        assert record["recorded"]["qloapps_version"].startswith("1.6.")
        assert record["recorded"]["by"] == "tests/fixtures/qloapps/record.py"
        assert {"method", "path", "params"} <= set(record["request"])
    assert not any(
        len(w) == 32 and w.isupper() for p in FIXTURES.glob("*.json") for w in p.read_text().split('"')
    )


async def test_key_is_the_basic_user_with_empty_password_and_json_is_asked(
    pms: QloAppsPMS, api: respx.MockRouter
) -> None:
    route = api.get("/api/").mock(return_value=answer("ping"))
    await pms.ping()
    sent = route.calls.last.request
    assert sent.headers["authorization"] == "Basic " + base64.b64encode(f"{KEY}:".encode()).decode()
    assert sent.url.params["output_format"] == "JSON"


async def test_hotel_ari_is_posted_as_the_recorded_xml(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    route = api.post("/api/hotel_ari").mock(return_value=answer("hotel_ari"))
    await pms.search_availability(STAY)
    sent = route.calls.last.request
    assert sent.headers["content-type"] == "application/xml"
    assert sent.content.decode() == recorded("hotel_ari")["request"]["xml"]


async def test_the_quote_is_the_ari_total_with_the_services_priced_with_the_room(
    pms: QloAppsPMS, api: respx.MockRouter
) -> None:
    api.post("/api/hotel_ari").mock(return_value=answer("hotel_ari"))
    offers = await pms.search_availability(STAY)
    ari = {item["id_room_type"]: item for item in body("hotel_ari")["hotel_ari"]["room_types"]}
    assert [o.room_type_id for o in offers] == sorted(ari)
    for offer in offers:
        # Two rooms, two nights: QloApps' total for the whole stay is what the booking will charge.
        assert offer.total_price == Decimal(str(ari[offer.room_type_id]["total_price_with_tax"]))
        assert offer.nightly_price == offer.total_price / 2
        assert offer.available_rooms == len(ari[offer.room_type_id]["rooms"]["available"])
        assert offer.note is None
    delux = next(o for o in offers if o.room_type_id == 2)
    assert delux.total_price == Decimal("7280.00") and delux.room_type_name == "Delux Rooms"


async def test_more_rooms_than_free_is_no_offer(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    api.post("/api/hotel_ari").mock(return_value=answer("hotel_ari"))
    many = AvailabilityQuery(STAY.check_in, STAY.check_out, [Occupancy(1, 0)] * 6)  # 5 rooms per type
    assert await pms.search_availability(many) == []


async def test_room_types_prices_and_occupancy(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    types = await pms.room_types()
    assert [(t.id, t.name, t.base_price, t.kind) for t in types] == [
        (1, "General Rooms", Decimal("1000.000000"), "single"),
        (2, "Delux Rooms", Decimal("1500.000000"), "double"),
        (3, "Executive Rooms", Decimal("2000.000000"), "twin"),
        (4, "Luxury Rooms", Decimal("2500.000000"), "suite"),
    ]
    assert all((t.max_adults, t.max_children) == (2, 2) for t in types)
    await pms.room_types()
    assert api.routes[1].call_count == 1  # cached


async def test_create_sends_the_recorded_body_and_reads_the_answer(
    pms: QloAppsPMS, api: respx.MockRouter
) -> None:
    api.get("/api/customers").mock(return_value=answer("customers_none"))
    create = api.post("/api/bookings").mock(return_value=answer("booking_created"))
    booking = await pms.create_booking(request())
    sent = json.loads(create.calls.last.request.content)
    assert sent == recorded("booking_created")["request"]["json"]
    room = sent["booking"]["associations"]["room_types"][0]["rooms"][0]
    # `adult`/`child` on write; a child needs an age or is booked as none; the room-priced auto service.
    assert room == {"adult": 2, "child": 1, "child_ages": [0], "services": [{"id_service": 5}]}
    assert booking.id == BOOKING_ID and booking.status == "confirmed"
    assert booking.occupancy == [Occupancy(2, 1)]  # read back from `adults`/`child`
    assert (booking.check_in, booking.check_out) == (STAY.check_in, STAY.check_out)
    assert booking.total_price == Decimal("3640.00")  # 3500 + 140 tax: 1820 x 2 nights, as hotel_ari said
    assert booking.reference == REFERENCE  # read back from `associations.remarks`
    assert booking.guest_name == "Ana Garcia" and booking.guest_email == EMAIL


async def test_booking_status_comes_from_orders(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    api.get(f"/api/bookings/{BOOKING_ID}").mock(return_value=answer("booking"))
    orders = api.get("/api/orders").mock(side_effect=[answer("orders_awaiting"), answer("orders_cancelled")])
    assert (await pms.get_booking(BOOKING_ID)).status == "confirmed"
    assert (await pms.get_booking(BOOKING_ID)).status == "cancelled"
    params = orders.calls.last.request.url.params
    assert params["filter[id]"] == f"[{BOOKING_ID}]" and params["display"] == "[id,current_state]"


async def test_cancel_echoes_customer_and_rooms_with_their_services(
    pms: QloAppsPMS, api: respx.MockRouter
) -> None:
    api.get(f"/api/bookings/{BOOKING_ID}").mock(return_value=answer("booking"))
    api.get("/api/orders").mock(side_effect=[answer("orders_awaiting"), answer("orders_cancelled")])
    api.get("/api/order_details").mock(return_value=answer("order_details"))
    put = api.put(f"/api/bookings/{BOOKING_ID}").mock(return_value=answer("booking_cancelled"))
    cancelled = await pms.cancel_booking(BOOKING_ID)
    assert cancelled.status == "cancelled" and cancelled.total_price == Decimal("3640.00")
    sent = json.loads(put.calls.last.request.content)
    assert sent == recorded("booking_cancelled")["request"]["json"]
    booking = sent["booking"]
    assert booking["booking_status"] == 3
    assert booking["associations"]["customer_detail"] == BOOKING["associations"]["customer_detail"]
    room = booking["associations"]["room_types"][0]["rooms"][0]
    assert room["id_room"] == ROOM["rooms"][0]["id_room"]
    assert room["services"] == [
        {"id_service": 5, "unit_price_without_tax": "250.000000", "id_tax_rules_group": 1}
    ]
    assert "unit_price_without_tax" not in room  # a room price would be rewritten


async def test_cancel_of_a_cancelled_booking_does_not_put(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    api.get(f"/api/bookings/{BOOKING_ID}").mock(return_value=answer("booking"))
    api.get("/api/orders").mock(return_value=answer("orders_cancelled"))
    put = api.put(f"/api/bookings/{BOOKING_ID}").mock(return_value=answer("error_rooms_not_found"))
    assert (await pms.cancel_booking(BOOKING_ID)).status == "cancelled"
    assert put.call_count == 0


async def test_a_put_that_answers_200_but_changes_nothing_is_not_confirmed(
    pms: QloAppsPMS, api: respx.MockRouter
) -> None:
    api.get(f"/api/bookings/{BOOKING_ID}").mock(return_value=answer("booking"))
    api.get("/api/orders").mock(return_value=answer("orders_awaiting"))
    api.get("/api/order_details").mock(return_value=answer("order_details"))
    put = api.put(f"/api/bookings/{BOOKING_ID}").mock(return_value=answer("booking"))  # the old dates back
    with pytest.raises(PMSInvalidRequest, match="did not apply it"):
        await pms.modify_booking(BOOKING_ID, check_out=STAY.check_out + timedelta(days=1))
    first = json.loads(put.calls[0].request.content)["booking"]
    assert "booking_status" not in first  # a change never resets the payment state
    assert first["associations"]["customer_detail"] == BOOKING["associations"]["customer_detail"]
    assert first["associations"]["room_types"][0]["rooms"][0]["services"] == [{"id_service": 5}]


@pytest.mark.parametrize(
    ("name", "method", "path", "error", "code"),
    [
        ("error_customer_not_found", "PUT", f"/api/bookings/{BOOKING_ID}", PMSInvalidRequest, 404),
        ("error_rooms_not_found", "PUT", f"/api/bookings/{BOOKING_ID}", PMSInvalidRequest, 404),
        ("error_room_not_available", "POST", "/api/bookings", RoomNotAvailable, 404),
        ("error_invalid_room_type", "POST", "/api/bookings", PMSInvalidRequest, 404),
        ("booking_not_found", "GET", f"/api/bookings/{BOOKING_ID}", BookingNotFound, None),
        ("error_bad_key", "GET", "/api/", PMSPermissionDenied, 20),
        ("error_no_key", "GET", "/api/", PMSPermissionDenied, None),
    ],
)
async def test_errors_are_classified_by_what_qloapps_says(
    pms: QloAppsPMS, api: respx.MockRouter, name: str, method: str, path: str, error: type, code: int | None
) -> None:
    api.route(method=method, path=path).mock(return_value=answer(name))
    with pytest.raises(error) as caught:
        await pms._request("bookings", method, path, json_body={} if method != "GET" else None)
    assert caught.value.status == recorded(name)["status"] and caught.value.code == code


async def test_failures_are_logged_with_operation_status_code_message_and_correlation_not_the_key(
    pms: QloAppsPMS, api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    api.get("/api/customers").mock(return_value=answer("customers_none"))
    api.post("/api/bookings").mock(return_value=answer("error_room_not_available"))
    with correlation("wamid.ABC"), pytest.raises(RoomNotAvailable):
        await pms.create_booking(request())
    [line] = [r for r in caplog.records if r.name == "hotel_agent.pms.qloapps"]
    fields = line.__dict__
    assert fields["pms_operation"] == "create_booking" and fields["pms_call"] == "POST /api/bookings"
    assert (fields["http_status"], fields["qloapps_code"]) == (400, 404)
    assert fields["qloapps_message"] == "Requested room(s) not available."
    assert fields["correlation_id"] == "wamid.ABC"
    api.get("/api/").mock(return_value=answer("error_bad_key"))
    with pytest.raises(PMSPermissionDenied) as denied:
        await pms.ping()
    assert "HOTEL_AGENT_QLOAPPS_API_KEY" in str(denied.value)
    assert KEY not in caplog.text and KEY not in str(denied.value) and KEY not in repr(pms)


async def test_a_lookup_that_finds_no_booking_is_not_logged_as_a_failure(
    pms: QloAppsPMS, api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    api.get("/api/bookings/999999").mock(return_value=answer("booking_not_found"))
    with pytest.raises(BookingNotFound):
        await pms.get_booking("999999")
    with pytest.raises(BookingNotFound):
        await pms.get_booking("../orders")  # never sent: ids are numbers
    assert not [r for r in caplog.records if r.name == "hotel_agent.pms.qloapps"]


async def test_500_after_commit_is_found_by_its_remark_and_not_posted_again(
    pms: QloAppsPMS, api: respx.MockRouter
) -> None:
    customers = api.get("/api/customers").mock(
        side_effect=[answer("customers_none"), answer("customers_by_email")]
    )
    api.get("/api/orders").mock(return_value=answer("orders_by_customer"))
    api.get(f"/api/bookings/{BOOKING_ID}").mock(return_value=answer("booking"))
    listing = api.get("/api/bookings").respond(200, json={"bookings": []})
    post = api.post("/api/bookings").respond(500, text="<b>Warning</b>: Undefined index in ...")
    booking = await pms.create_booking(request())
    assert booking.id == BOOKING_ID and booking.reference == REFERENCE
    assert post.call_count == 1 and customers.call_count == 2
    assert listing.call_count == 0  # the unfilterable hotel-wide list is never scanned


async def test_error_then_lookup_failure_does_not_retry_blindly(
    pms: QloAppsPMS, api: respx.MockRouter
) -> None:
    api.get("/api/customers").mock(side_effect=[answer("customers_none"), httpx.Response(503)])
    post = api.post("/api/bookings").respond(500)
    with pytest.raises(PMSUnavailable, match="unknown; not retrying"):
        await pms.create_booking(request())
    assert post.call_count == 1


async def test_error_with_nothing_committed_retries_once(pms: QloAppsPMS, api: respx.MockRouter) -> None:
    api.get("/api/customers").mock(return_value=answer("customers_none"))
    post = api.post("/api/bookings").mock(side_effect=[httpx.Response(502), answer("booking_created")])
    assert (await pms.create_booking(request())).id == BOOKING_ID
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
        labels = {"endpoint": "bookings", "method": "GET"}
        return REGISTRY.get_sample_value("pms_api_latency_seconds_count", labels) or 0.0

    before = count()
    api.get(f"/api/bookings/{BOOKING_ID}").mock(return_value=answer("booking"))
    api.get("/api/orders").mock(return_value=answer("orders_awaiting"))
    await pms.get_booking(BOOKING_ID)
    assert count() == before + 1  # /api/bookings/N is labelled "bookings", not the raw path


def test_configuration_errors_are_clear() -> None:
    with pytest.raises(ValueError, match="webservice key"):
        QloAppsPMS(BASE, "  ")
    with pytest.raises(ValueError, match="http"):
        QloAppsPMS("qloapps.test", KEY)
