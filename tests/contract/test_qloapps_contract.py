"""Every PMS operation the agent uses, against a live QloApps 1.6.x (see conftest.py for when they run).

What they prove on the real thing: the quote the guest is given is what QloApps charges (1 and 2 rooms,
with and without children, 1 and 7 nights); cancel and modify PUTs are accepted and rewrite no price;
creates are idempotent; errors are classified by what QloApps says and logged without the key.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from decimal import Decimal

import pytest

from hotel_agent.pms.base import (
    AvailabilityQuery,
    Booking,
    BookingNotFound,
    BookingRequest,
    GuestDetails,
    Occupancy,
    PMSInvalidRequest,
    PMSPermissionDenied,
    RoomNotAvailable,
    correlation,
)
from hotel_agent.pms.qloapps import QloAppsPMS
from tests.contract.conftest import KEY, URL

GENERAL, DELUX = 1, 2  # the demo hotel's room types (5 rooms each)


def guest(run_id: str, tag: str) -> GuestDetails:
    # Digits in a name make QloApps answer 500 (its name validation fails inside the write): tag the email.
    return GuestDetails("Contract", "Test", f"contract-{run_id}-{tag}@example.com", "+34600000000")


async def order_total(pms: QloAppsPMS, booking_id: str) -> Decimal:
    """What QloApps' order says the guest owes, read past the client's own parsing."""
    answer = await pms._request(
        "orders",
        "GET",
        "/api/orders",
        params={"display": "[id,total_paid_tax_incl]", "filter[id]": f"[{booking_id}]"},
    )
    return Decimal(str(answer["orders"][0]["total_paid_tax_incl"])).quantize(Decimal("0.01"))


async def book(
    pms: QloAppsPMS,
    run_id: str,
    tag: str,
    room_type: int,
    check_in: date,
    nights: int,
    rooms: list[Occupancy],
) -> tuple[Decimal, Booking]:
    query = AvailabilityQuery(check_in, check_in + timedelta(days=nights), rooms, room_type_id=room_type)
    offers = [o for o in await pms.search_availability(query) if o.room_type_id == room_type]
    assert offers, f"room type {room_type} not available for {query}"
    booking = await pms.create_booking(
        BookingRequest(
            reference=f"HA-CT-{run_id}-{tag}",
            room_type_id=room_type,
            check_in=query.check_in,
            check_out=query.check_out,
            guest=guest(run_id, tag),
            occupancy=rooms,
        )
    )
    return offers[0].total_price, booking


async def test_ping_and_room_types(pms: QloAppsPMS) -> None:
    await pms.ping()
    types = await pms.room_types()
    assert len(types) >= 1
    assert all(t.name and t.base_price > 0 and t.max_adults >= 1 for t in types)


async def test_availability_with_occupancy(pms: QloAppsPMS, stay_start: date) -> None:
    two_rooms = AvailabilityQuery(
        stay_start, stay_start + timedelta(days=2), [Occupancy(2, 1), Occupancy(1, 0)]
    )
    one_room = AvailabilityQuery(stay_start, stay_start + timedelta(days=2), [Occupancy(2, 0)])
    offers_two, offers_one = await pms.search_availability(two_rooms), await pms.search_availability(one_room)
    assert offers_two and offers_one
    by_type = {o.room_type_id: o for o in offers_one}
    for offer in offers_two:
        assert offer.available_rooms >= 2 and offer.currency
        assert offer.total_price == by_type[offer.room_type_id].total_price * 2  # priced per room


@pytest.mark.parametrize(
    ("tag", "room_type", "nights", "rooms"),
    [
        ("1r-1n", GENERAL, 1, [Occupancy(2, 0)]),
        ("1r-7n-child", GENERAL, 7, [Occupancy(1, 1)]),
        ("2r-1n-child", DELUX, 1, [Occupancy(2, 1), Occupancy(2, 0)]),
        ("2r-7n", DELUX, 7, [Occupancy(2, 0), Occupancy(1, 0)]),
    ],
)
async def test_the_quote_is_what_qloapps_charges_and_cancel_rewrites_no_price(
    pms: QloAppsPMS,
    run_id: str,
    stay_start: date,
    tag: str,
    room_type: int,
    nights: int,
    rooms: list[Occupancy],
) -> None:
    quoted, booking = await book(pms, run_id, tag, room_type, stay_start + timedelta(days=10), nights, rooms)
    try:
        assert booking.total_price == quoted  # the confirmation says what the summary said
        assert await order_total(pms, booking.id) == quoted  # and QloApps' order agrees
        assert sorted(booking.occupancy, key=lambda o: (o.adults, o.children)) == sorted(
            rooms, key=lambda o: (o.adults, o.children)
        )  # children kept (they need an age on write)
    finally:
        cancelled = await pms.cancel_booking(booking.id)
    assert cancelled.status == "cancelled"
    assert (await pms.get_booking(booking.id)).status == "cancelled"
    assert cancelled.total_price == quoted and await order_total(pms, booking.id) == quoted


async def test_create_is_idempotent_and_found_by_the_guests_email(
    pms: QloAppsPMS, run_id: str, stay_start: date
) -> None:
    _, first = await book(pms, run_id, "idem", GENERAL, stay_start + timedelta(days=20), 1, [Occupancy(2, 0)])
    try:
        _, again = await book(
            pms, run_id, "idem", GENERAL, stay_start + timedelta(days=20), 1, [Occupancy(2, 0)]
        )
        assert again.id == first.id
        fresh = QloAppsPMS(URL, KEY, timeout_seconds=60.0)  # no memory of this process's creates
        try:
            found = await fresh.find_by_reference(f"HA-CT-{run_id}-idem", guest(run_id, "idem").email)
        finally:
            await fresh.aclose()
        assert found is not None and found.id == first.id and found.reference == f"HA-CT-{run_id}-idem"
        got = await pms.get_booking(first.id)
        assert got.status == "confirmed" and got.guest_email == guest(run_id, "idem").email
    finally:
        await pms.cancel_booking(first.id)


async def test_modify_dates_is_priced_as_the_new_quote(
    pms: QloAppsPMS, run_id: str, stay_start: date
) -> None:
    start = stay_start + timedelta(days=25)
    _, booking = await book(pms, run_id, "dates", DELUX, start, 2, [Occupancy(2, 0)])
    try:
        new_in, new_out = start + timedelta(days=1), start + timedelta(days=4)
        quote = next(
            o
            for o in await pms.search_availability(
                AvailabilityQuery(new_in, new_out, [Occupancy(2, 0)], room_type_id=DELUX)
            )
            if o.room_type_id == DELUX
        )
        changed = await pms.modify_booking(booking.id, check_in=new_in, check_out=new_out)
        assert (changed.check_in, changed.check_out) == (new_in, new_out)
        assert changed.status == "confirmed"
        assert changed.total_price == quote.total_price == await order_total(pms, booking.id)
    finally:
        await pms.cancel_booking(booking.id)


async def test_modify_guests_and_rooms_on_the_same_dates(
    pms: QloAppsPMS, run_id: str, stay_start: date
) -> None:
    start = stay_start + timedelta(days=30)
    quoted, booking = await book(pms, run_id, "guests", GENERAL, start, 2, [Occupancy(2, 0)])
    try:
        fewer = await pms.modify_booking(booking.id, occupancy=[Occupancy(1, 1)])
        assert fewer.occupancy == [Occupancy(1, 1)]
        assert fewer.total_price == quoted == await order_total(pms, booking.id)  # same room, same price
        more = await pms.modify_booking(booking.id, occupancy=[Occupancy(1, 1), Occupancy(2, 0)])
        assert sorted(more.occupancy, key=lambda o: o.adults) == [Occupancy(1, 1), Occupancy(2, 0)]
        assert more.total_price == quoted * 2 == await order_total(pms, booking.id)
        back = await pms.modify_booking(booking.id, occupancy=[Occupancy(2, 0)])
        assert back.occupancy == [Occupancy(2, 0)] and back.total_price == quoted
    finally:
        await pms.cancel_booking(booking.id)


async def test_errors_are_classified_and_logged_without_the_key(
    pms: QloAppsPMS, run_id: str, stay_start: date, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="hotel_agent.pms.qloapps")
    with pytest.raises(BookingNotFound):
        await pms.get_booking("999999")
    with pytest.raises(BookingNotFound):
        await pms.cancel_booking("999999")
    # More rooms than the type has: QloApps says "Requested room(s) not available."
    request = BookingRequest(
        reference=f"HA-CT-{run_id}-full",
        room_type_id=GENERAL,
        check_in=stay_start + timedelta(days=35),
        check_out=stay_start + timedelta(days=36),
        guest=guest(run_id, "full"),
        occupancy=[Occupancy(1, 0)] * 50,
    )
    with correlation(f"corr-{run_id}"), pytest.raises(RoomNotAvailable) as unavailable:
        await pms.create_booking(request)
    assert unavailable.value.status == 400 and unavailable.value.code == 404
    # (An invalid email is no test here: QloApps 1.6.1 answers it HTTP 200 "Fatal error".)
    invalid = BookingRequest(
        reference=f"HA-CT-{run_id}-bad",
        room_type_id=999,
        check_in=stay_start + timedelta(days=35),
        check_out=stay_start + timedelta(days=36),
        guest=guest(run_id, "bad"),
    )
    with pytest.raises(PMSInvalidRequest):
        await pms.create_booking(invalid)
    wrong_key = QloAppsPMS(URL, "WRONGKEY" * 4, timeout_seconds=60.0)
    try:
        with pytest.raises(PMSPermissionDenied) as denied:
            await wrong_key.ping()
    finally:
        await wrong_key.aclose()
    assert denied.value.status == 401
    failure = next(r for r in caplog.records if getattr(r, "error_class", "") == "RoomNotAvailable")
    assert failure.__dict__["pms_operation"] == "create_booking"
    assert failure.__dict__["http_status"] == 400 and failure.__dict__["qloapps_code"] == 404
    assert "not available" in failure.__dict__["qloapps_message"]
    assert failure.__dict__["correlation_id"] == f"corr-{run_id}"
    assert KEY not in caplog.text and "WRONGKEY" * 4 not in caplog.text
