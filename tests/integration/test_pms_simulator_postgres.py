"""The simulator on a real PostgreSQL database: migration, bookings, no overbooking under concurrency."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date, timedelta

import pytest

from hotel_agent.db.migrate import downgrade, upgrade
from hotel_agent.db.session import Database
from hotel_agent.pms.base import AvailabilityQuery, BookingRequest, GuestDetails, Occupancy, RoomNotAvailable
from hotel_agent.pms.simulator import PMSSimulator

pytestmark = pytest.mark.integration


def booking(reference: str, room_type_id: int) -> BookingRequest:
    check_in = date.today() + timedelta(days=20)
    return BookingRequest(
        reference=reference,
        room_type_id=room_type_id,
        check_in=check_in,
        check_out=check_in + timedelta(days=2),
        guest=GuestDetails("Tom", "Baker", "tom@example.com"),
        occupancy=[Occupancy(2, 1)],
    )


@pytest.fixture
async def database(postgres_url: str) -> AsyncIterator[Database]:
    await asyncio.to_thread(upgrade, postgres_url)
    db = Database(postgres_url)
    yield db
    await db.dispose()


async def test_simulator_on_postgres(database: Database) -> None:
    simulator = PMSSimulator(database)
    created = await simulator.create_booking(booking("PG-1", 4))
    assert (await simulator.create_booking(booking("PG-1", 4))).id == created.id
    fetched = await simulator.get_booking(created.id)
    assert fetched.occupancy == [Occupancy(2, 1)]
    offers = await simulator.search_availability(
        AvailabilityQuery(created.check_in, created.check_out, room_type_id=4)
    )
    assert offers[0].available_rooms == 4
    assert (await simulator.cancel_booking(created.id)).status == "cancelled"


async def test_two_processes_sharing_postgres_do_not_overbook(database: Database, postgres_url: str) -> None:
    # Two simulators with separate engines stand in for two processes: only FOR UPDATE serialises them.
    other_db = Database(postgres_url)
    try:
        first, second = PMSSimulator(database), PMSSimulator(other_db)
        await first.ensure_demo_hotel()
        results = await asyncio.gather(
            *(sim.create_booking(booking(f"PG-C{n}", 5)) for n, sim in enumerate([first, second] * 4)),
            return_exceptions=True,
        )
    finally:
        await other_db.dispose()
    assert sum(not isinstance(r, Exception) for r in results) == 3
    assert all(isinstance(r, RoomNotAvailable) for r in results if isinstance(r, Exception))


async def test_migration_downgrades_cleanly(postgres_url: str) -> None:
    await asyncio.to_thread(upgrade, postgres_url)
    await asyncio.to_thread(downgrade, postgres_url, "0001_core")
    db = Database(postgres_url)
    try:
        from sqlalchemy import text

        async with db.session() as session:
            tables = set(
                (
                    await session.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname='public'"))
                ).all()
            )
    finally:
        await db.dispose()
    assert not any(name.startswith("pms_sim_") for name in tables)
    assert "inbound_messages" in tables
