"""The in-process PMS simulator on SQLite (migrated schema): inventory, bookings, faults."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator
from datetime import date, timedelta
from decimal import Decimal

import pytest

from hotel_agent.db.migrate import upgrade
from hotel_agent.db.session import Database
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
from hotel_agent.pms.simulator import FaultConfig, FaultInjector, PMSSimulator

GUEST = GuestDetails("Ana", "García", "ana@example.com", "+34600000000")


def stay(days_ahead: int = 10, nights: int = 2) -> tuple[date, date]:
    check_in = date.today() + timedelta(days=days_ahead)
    return check_in, check_in + timedelta(days=nights)


def request(
    reference: str, room_type_id: int = 1, rooms: int = 1, days_ahead: int = 10, nights: int = 2
) -> BookingRequest:
    check_in, check_out = stay(days_ahead, nights)
    return BookingRequest(
        reference=reference,
        room_type_id=room_type_id,
        check_in=check_in,
        check_out=check_out,
        guest=GUEST,
        occupancy=[Occupancy(2, 0)] * rooms,
    )


@pytest.fixture
async def simulator(sqlite_url: str) -> AsyncIterator[PMSSimulator]:
    await asyncio.to_thread(upgrade, sqlite_url)
    db = Database(sqlite_url)
    yield PMSSimulator(db, faults=FaultInjector(random.Random(1)))
    await db.dispose()


async def test_demo_hotel_room_types_and_kinds(simulator: PMSSimulator) -> None:
    types = await simulator.room_types()
    assert [(t.name, t.base_price, t.kind) for t in types][:4] == [
        ("General Rooms", Decimal("1000.00"), "single"),
        ("Delux Rooms", Decimal("1500.00"), "double"),
        ("Executive Rooms", Decimal("2000.00"), "twin"),
        ("Luxury Rooms", Decimal("2500.00"), "suite"),
    ]
    assert {t.kind for t in types} == {"single", "double", "twin", "suite", "family"}
    await simulator.ensure_demo_hotel()  # idempotent
    assert len(await simulator.room_types()) == len(types)


async def test_availability_prices_include_the_room_priced_service_and_4_percent_tax(
    simulator: PMSSimulator,
) -> None:
    # As QloApps' demo: the room's 1500 plus the 250/night service charged with the room, plus 4 % tax.
    check_in, check_out = stay(nights=3)
    offers = await simulator.search_availability(AvailabilityQuery(check_in, check_out, room_type_id=2))
    assert len(offers) == 1
    offer = offers[0]
    assert offer.available_rooms == 5
    assert offer.nightly_price == Decimal("1820.00")
    assert offer.total_price == Decimal("5460.00")
    assert offer.total_price_without_tax == Decimal("5250.00")
    assert offer.currency == "USD"


async def test_occupancy_beyond_the_room_type_is_not_offered(simulator: PMSSimulator) -> None:
    check_in, check_out = stay()
    offers = await simulator.search_availability(AvailabilityQuery(check_in, check_out, [Occupancy(4, 0)]))
    assert [o.room_type_name for o in offers] == ["Family Rooms"]


async def test_bookings_reduce_availability_only_for_overlapping_dates(simulator: PMSSimulator) -> None:
    for n in range(5):
        await simulator.create_booking(request(f"R{n}", room_type_id=1, days_ahead=10, nights=2))
    check_in, check_out = stay(10, 2)
    offers = await simulator.search_availability(AvailabilityQuery(check_in, check_out, room_type_id=1))
    assert offers == []
    with pytest.raises(RoomNotAvailable) as caught:
        await simulator.create_booking(request("R-full", room_type_id=1, days_ahead=11, nights=1))
    assert caught.value.code == 404
    # back-to-back: checking in on the day the others check out is fine
    later = await simulator.search_availability(AvailabilityQuery(*stay(12, 2), room_type_id=1))
    assert later[0].available_rooms == 5


async def test_create_is_idempotent_by_reference(simulator: PMSSimulator) -> None:
    first = await simulator.create_booking(request("HA-1"))
    again = await simulator.create_booking(request("HA-1"))
    assert again.id == first.id
    assert first.reference == "HA-1"
    assert first.total_price == Decimal("2600.00")  # (1000 + 250) x 2 nights x 1.04, as quoted
    offers = await simulator.search_availability(AvailabilityQuery(*stay(), room_type_id=1))
    assert offers[0].available_rooms == 4


async def test_get_cancel_and_modify(simulator: PMSSimulator) -> None:
    booking = await simulator.create_booking(request("HA-2", room_type_id=3, rooms=2))
    fetched = await simulator.get_booking(booking.id)
    assert (fetched.status, fetched.guest_name, len(fetched.occupancy)) == ("confirmed", "Ana García", 2)
    changed = await simulator.modify_booking(
        booking.id, check_out=booking.check_out + timedelta(days=1), occupancy=[Occupancy(1, 1)]
    )
    assert changed.check_out == booking.check_out + timedelta(days=1)
    assert changed.occupancy == [Occupancy(1, 1)]
    assert changed.total_price == Decimal("7020.00")  # (2000 + 250) x 3 nights x 1.04
    cancelled = await simulator.cancel_booking(booking.id)
    assert cancelled.status == "cancelled"
    assert (await simulator.get_booking(booking.id)).status == "cancelled"
    with pytest.raises(PMSRejected, match="cancelled"):
        await simulator.modify_booking(booking.id, occupancy=[Occupancy(2, 0)])
    offers = await simulator.search_availability(AvailabilityQuery(*stay(), room_type_id=3))
    assert offers[0].available_rooms == 5  # a cancelled booking frees its rooms


async def test_unknown_booking_and_bad_dates_are_rejections(simulator: PMSSimulator) -> None:
    with pytest.raises(BookingNotFound):
        await simulator.get_booking("999")
    with pytest.raises(BookingNotFound):
        await simulator.get_booking("not-a-number")
    past = date.today() - timedelta(days=3)
    with pytest.raises(PMSRejected, match="future"):
        await simulator.search_availability(AvailabilityQuery(past, past + timedelta(days=1)))
    with pytest.raises(PMSRejected, match="after check-in"):
        await simulator.search_availability(AvailabilityQuery(*reversed(stay())))


async def test_concurrent_creates_never_overbook(simulator: PMSSimulator) -> None:
    results = await asyncio.gather(
        *(simulator.create_booking(request(f"C{n}", room_type_id=5)) for n in range(6)),
        return_exceptions=True,
    )
    assert sum(not isinstance(r, Exception) for r in results) == 3  # Family Rooms has 3 rooms
    assert all(isinstance(r, RoomNotAvailable) for r in results if isinstance(r, Exception))


async def test_fault_down_and_back(simulator: PMSSimulator) -> None:
    simulator.set_faults(FaultConfig(mode="down"))
    with pytest.raises(PMSUnavailable, match="down"):
        await simulator.room_types()
    with pytest.raises(PMSUnavailable):
        await simulator.ping()
    simulator.set_faults(FaultConfig())
    await simulator.ping()


async def test_fault_error_rate(simulator: PMSSimulator) -> None:
    simulator.set_faults(FaultConfig(mode="error", error_rate=0.5))
    outcomes = []
    for _ in range(40):
        try:
            await simulator.ping()
            outcomes.append(True)
        except PMSUnavailable:
            outcomes.append(False)
    assert 8 < outcomes.count(False) < 32


async def test_fault_slow(simulator: PMSSimulator) -> None:
    simulator.set_faults(FaultConfig(mode="slow", latency_ms=150))
    started = time.perf_counter()
    await simulator.ping()
    assert time.perf_counter() - started >= 0.15


async def test_fail_after_commit_commits_then_fails(simulator: PMSSimulator) -> None:
    simulator.set_faults(FaultConfig(mode="error", fail_after_commit=True))
    with pytest.raises(PMSUnavailable, match="after the write committed"):
        await simulator.create_booking(request("HA-500"))
    simulator.set_faults(FaultConfig())
    retried = await simulator.create_booking(request("HA-500"))
    assert retried.reference == "HA-500"
    assert await simulator.booking_ids() == [int(retried.id)]


def test_fault_config_validation() -> None:
    with pytest.raises(ValueError):
        FaultConfig(mode="bogus")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="error_rate"):
        FaultConfig(mode="down", error_rate=0.5)
    with pytest.raises(ValueError):
        FaultConfig(mode="error", error_rate=1.5)
    assert FaultConfig(mode="slow").effective_latency_ms == 2000
