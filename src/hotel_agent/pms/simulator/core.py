"""The PMS simulator: the demo hotel in the database, implementing the PMS interface in-process.

Availability is computed from overlapping confirmed bookings; every operation first applies the
injected faults (faults.py). The standalone HTTP server (server.py) serves the same data QloApps-shaped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol, cast

from sqlalchemy import String, Table, bindparam, func, select
from sqlalchemy import cast as cast_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from hotel_agent.db.session import Database
from hotel_agent.pms.base import (
    AvailabilityQuery,
    Booking,
    BookingNotFound,
    BookingRequest,
    GuestDetails,
    Occupancy,
    PMSRejected,
    RoomNotAvailable,
    RoomOffer,
    RoomType,
)
from hotel_agent.pms.simulator import demo
from hotel_agent.pms.simulator.faults import FaultConfig, FaultInjector
from hotel_agent.pms.simulator.models import SimBookedRoomRow, SimBookingRow, SimRoomRow, SimRoomTypeRow

CENT = Decimal("0.01")
ROOM_NOT_AVAILABLE = "Requested room(s) not available."


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def nightly_without_tax(room_price: Decimal) -> Decimal:
    """What one room costs a night before tax: its price and the services charged with it (as QloApps)."""
    return Decimal(room_price) + demo.ROOM_PRICED_SERVICE_PER_NIGHT


@dataclass(frozen=True)
class RoomTypeInventory:
    room_type: RoomType
    available: list[Room]
    booked: list[Room]


@dataclass(frozen=True)
class Room:
    id: int
    room_type_id: int
    number: str


@dataclass(frozen=True)
class NewBooking:
    """What a create needs; `reference` deduplicates (in-process), `remark` is stored as given (HTTP)."""

    room_type_id: int
    check_in: date
    check_out: date
    guest: GuestDetails
    rooms: list[Occupancy]
    reference: str | None = None
    remark: str | None = None
    currency: str | None = None
    source: str | None = None


class PMSSimulator:
    def __init__(
        self,
        db: Database,
        *,
        faults: FaultInjector | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.db = db
        self.faults = faults or FaultInjector()
        self._today = today
        self._seeded = False
        self._write_lock = asyncio.Lock()
        self._rooms: list[Room] | None = None

    def set_faults(self, config: FaultConfig) -> FaultConfig:
        return self.faults.set(config)

    # --- set-up ----------------------------------------------------------------------------------
    async def ensure_demo_hotel(self) -> None:
        """Create the demo hotel's room types and rooms if the tables are empty (idempotent)."""
        if self._seeded:
            return
        async with self.db.session() as session:
            count = await session.scalar(select(func.count()).select_from(SimRoomTypeRow))
        if not count:
            try:
                async with self.db.transaction() as session:
                    room_id = 1
                    for spec in demo.DEMO_ROOM_TYPES:
                        session.add(
                            SimRoomTypeRow(
                                id=spec.id,
                                name=spec.name,
                                kind=spec.kind,
                                base_price=spec.base_price,
                                max_adults=spec.max_adults,
                                max_children=spec.max_children,
                            )
                        )
                    await session.flush()
                    for spec in demo.DEMO_ROOM_TYPES:
                        for number in spec.rooms:
                            session.add(SimRoomRow(id=room_id, room_type_id=spec.id, number=number))
                            room_id += 1
            except IntegrityError:
                pass  # another process seeded it first
        self._seeded = True

    # --- PMS interface ---------------------------------------------------------------------------
    async def ping(self) -> None:
        await self.faults.before_call()
        await self.db.ping()

    async def aclose(self) -> None:
        return None

    async def room_types(self) -> list[RoomType]:
        await self.faults.before_call()
        return await self.catalogue()

    async def catalogue(self) -> list[RoomType]:
        """The room types, without fault injection (the HTTP server applies faults itself)."""
        await self.ensure_demo_hotel()
        async with self.db.session() as session:
            rows = (await session.scalars(select(SimRoomTypeRow).order_by(SimRoomTypeRow.id))).all()
        return [_room_type(row) for row in rows]

    async def search_availability(self, query: AvailabilityQuery) -> list[RoomOffer]:
        await self.faults.before_call()
        self._check_dates(query.check_in, query.check_out, for_booking=False)
        inventory = await self.inventory(query.check_in, query.check_out, query.room_type_id)
        offers = []
        needed = len(query.occupancy)
        for item in inventory:
            if len(item.available) < needed or not _fits(item.room_type, query.occupancy):
                continue
            without_tax = nightly_without_tax(item.room_type.base_price) * query.nights * needed
            total = money(without_tax * (1 + demo.TAX_RATE))
            offers.append(
                RoomOffer(
                    room_type_id=item.room_type.id,
                    room_type_name=item.room_type.name,
                    available_rooms=len(item.available),
                    nightly_price=money(total / query.nights),
                    total_price=total,
                    currency=demo.CURRENCY,
                    nightly_price_without_tax=money(without_tax / query.nights),
                    total_price_without_tax=money(without_tax),
                )
            )
        return offers

    async def create_booking(self, request: BookingRequest) -> Booking:
        await self.faults.before_call()
        existing = await self._by_reference(request.reference)
        if existing is not None:
            return _booking(existing)  # a retry of a create that already happened
        row = await self._create(
            NewBooking(
                room_type_id=request.room_type_id,
                check_in=request.check_in,
                check_out=request.check_out,
                guest=request.guest,
                rooms=list(request.occupancy),
                reference=request.reference,
                remark=request.reference,
                currency=request.currency,
                source="hotel-agent",
            )
        )
        return _booking(row)

    async def get_booking(self, booking_id: str) -> Booking:
        await self.faults.before_call()
        return _booking(await self.booking_row(booking_id))

    async def cancel_booking(self, booking_id: str) -> Booking:
        return _booking(await self.cancel(booking_id))

    async def modify_booking(
        self,
        booking_id: str,
        *,
        check_in: date | None = None,
        check_out: date | None = None,
        occupancy: list[Occupancy] | None = None,
    ) -> Booking:
        return _booking(
            await self.modify(booking_id, check_in=check_in, check_out=check_out, occupancy=occupancy)
        )

    # --- operations shared with the HTTP server ------------------------------------------------------
    async def inventory(
        self, check_in: date, check_out: date, room_type_id: int | None
    ) -> list[RoomTypeInventory]:
        """Per room type: the rooms free for the whole stay and the rooms booked during it."""
        await self.ensure_demo_hotel()
        # A prebuilt Core statement (built once, compiled once), one driver call (Database.read): the room types
        # and, on each row, the rooms booked during the stay (one round trip, not two).
        stay = {"check_in": check_in, "check_out": check_out}
        types = await self.db.read(
            *(
                (_ROOM_TYPES, stay)
                if room_type_id is None
                else (_ROOM_TYPE, {**stay, "room_type_id": room_type_id})
            )
        )
        busy = {int(room_id) for room_id in types[0].busy.split(",")} if types and types[0].busy else set()
        if not self._rooms:
            # The rooms never change once seeded (prices and bookings do): read once, as plain values.
            async with self.db.reader() as connection:
                self._rooms = [
                    Room(*row)
                    for row in await connection.execute(
                        select(SimRoomRow.id, SimRoomRow.room_type_id, SimRoomRow.number).order_by(
                            SimRoomRow.id
                        )
                    )
                ]
        rooms = self._rooms
        result = []
        for room_type in types:
            own = [room for room in rooms if room.room_type_id == room_type.id]
            result.append(
                RoomTypeInventory(
                    room_type=_room_type(room_type),
                    available=[room for room in own if room.id not in busy],
                    booked=[room for room in own if room.id in busy],
                )
            )
        return result

    async def booking_ids(self) -> list[int]:
        async with self.db.session() as session:
            return list((await session.scalars(select(SimBookingRow.id).order_by(SimBookingRow.id))).all())

    async def booking_row(self, booking_id: str | int) -> SimBookingRow:
        key = _booking_key(booking_id)
        async with self.db.session() as session:
            row = await session.get(SimBookingRow, key)
        if row is None:
            raise BookingNotFound(f"booking {booking_id} not found", status=404)
        return row

    async def create(self, new: NewBooking) -> SimBookingRow:
        await self.faults.before_call()
        return await self._create(new)

    async def _create(self, new: NewBooking) -> SimBookingRow:
        self._check_dates(new.check_in, new.check_out, for_booking=True)
        if not new.rooms:
            raise PMSRejected("at least one room is required", status=400)
        if new.currency and new.currency.upper() != demo.CURRENCY:
            raise PMSRejected("Please provide valid currency.", status=400)
        await self.ensure_demo_hotel()
        async with self._write_lock, self.db.transaction() as session:
            room_type = await _lock_room_type(session, new.room_type_id)
            if not _fits(_room_type(room_type), new.rooms):
                raise PMSRejected("occupancy exceeds the room type's maximum", status=400)
            free = await _free_rooms(session, room_type.id, new.check_in, new.check_out)
            if len(free) < len(new.rooms):
                raise RoomNotAvailable(ROOM_NOT_AVAILABLE, code=404, status=400)
            without_tax = (
                nightly_without_tax(room_type.base_price)
                * (new.check_out - new.check_in).days
                * len(new.rooms)
            )
            row = SimBookingRow(
                reference=new.reference,
                remark=new.remark,
                room_type_id=room_type.id,
                check_in=new.check_in,
                check_out=new.check_out,
                status="confirmed",
                currency=demo.CURRENCY,
                total_price_without_tax=money(without_tax),
                total_tax=money(without_tax * demo.TAX_RATE),
                firstname=new.guest.firstname,
                lastname=new.guest.lastname,
                email=new.guest.email,
                phone=new.guest.phone,
                source=new.source,
                rooms=[
                    SimBookedRoomRow(room_id=room.id, adults=occ.adults, children=occ.children)
                    for room, occ in zip(free, new.rooms, strict=False)
                ],
            )
            session.add(row)
            try:
                await session.flush()
            except IntegrityError:
                raise PMSRejected(f"reference {new.reference!r} already used", status=409) from None
            await session.refresh(row, ["rooms"])
        self.faults.after_commit()
        return row

    async def cancel(self, booking_id: str | int) -> SimBookingRow:
        await self.faults.before_call()
        key = _booking_key(booking_id)
        async with self._write_lock, self.db.transaction() as session:
            row = await session.get(SimBookingRow, key)
            if row is None:
                raise BookingNotFound(f"booking {booking_id} not found", status=404)
            row.status = "cancelled"
            await session.flush()
            await session.refresh(row, ["rooms", "updated_at"])
        self.faults.after_commit()
        return row

    async def modify(
        self,
        booking_id: str | int,
        *,
        check_in: date | None = None,
        check_out: date | None = None,
        occupancy: Sequence[Occupancy] | None = None,
    ) -> SimBookingRow:
        await self.faults.before_call()
        key = _booking_key(booking_id)
        async with self._write_lock, self.db.transaction() as session:
            row = await session.get(SimBookingRow, key)
            if row is None:
                raise BookingNotFound(f"booking {booking_id} not found", status=404)
            if row.status != "confirmed":
                raise PMSRejected(f"booking {booking_id} is {row.status} and cannot be changed", status=400)
            new_in, new_out = check_in or row.check_in, check_out or row.check_out
            rooms = list(occupancy) if occupancy else [Occupancy(r.adults, r.children) for r in row.rooms]
            self._check_dates(new_in, new_out, for_booking=True)
            room_type = await _lock_room_type(session, row.room_type_id)
            if not _fits(_room_type(room_type), rooms):
                raise PMSRejected("occupancy exceeds the room type's maximum", status=400)
            free = await _free_rooms(session, room_type.id, new_in, new_out, exclude_booking=row.id)
            # Keep the guest's rooms when they are still free, then take others.
            own_ids = [r.room_id for r in row.rooms]
            free.sort(key=lambda room: (room.id not in own_ids, room.id))
            if len(free) < len(rooms):
                raise RoomNotAvailable(ROOM_NOT_AVAILABLE, code=404, status=400)
            without_tax = nightly_without_tax(room_type.base_price) * (new_out - new_in).days * len(rooms)
            row.check_in, row.check_out = new_in, new_out
            row.total_price_without_tax = money(without_tax)
            row.total_tax = money(without_tax * demo.TAX_RATE)
            row.rooms = [
                SimBookedRoomRow(room_id=room.id, adults=occ.adults, children=occ.children)
                for room, occ in zip(free, rooms, strict=False)
            ]
            await session.flush()
            await session.refresh(row, ["rooms", "updated_at"])
        self.faults.after_commit()
        return row

    async def room_booking(self, room_booking_id: int) -> SimBookedRoomRow:
        async with self.db.session() as session:
            row = await session.get(SimBookedRoomRow, room_booking_id)
        if row is None:
            raise BookingNotFound(f"room booking {room_booking_id} not found", status=404)
        return row

    async def set_room_guests(self, room_booking_id: int, occupancy: Occupancy) -> None:
        """QloApps' `room_bookings` PUT: one booked room's guests, nothing else."""
        await self.faults.before_call()
        async with self._write_lock, self.db.transaction() as session:
            row = await session.get(SimBookedRoomRow, room_booking_id)
            if row is None:
                raise BookingNotFound(f"room booking {room_booking_id} not found", status=404)
            row.adults, row.children = occupancy.adults, occupancy.children
        self.faults.after_commit()

    async def set_unit_price(self, booking_id: str | int, unit_price_without_tax: Decimal) -> SimBookingRow:
        """QloApps rewrites a booking's price when a PUT carries unit_price_without_tax."""
        key = _booking_key(booking_id)
        async with self._write_lock, self.db.transaction() as session:
            row = await session.get(SimBookingRow, key)
            if row is None:
                raise BookingNotFound(f"booking {booking_id} not found", status=404)
            nights = (row.check_out - row.check_in).days
            without_tax = nightly_without_tax(unit_price_without_tax) * nights * len(row.rooms)
            row.total_price_without_tax = money(without_tax)
            row.total_tax = money(without_tax * demo.TAX_RATE)
            await session.flush()
            await session.refresh(row, ["rooms", "updated_at"])
        return row

    async def room_numbers(self) -> dict[int, str]:
        async with self.db.session() as session:
            rows = (await session.scalars(select(SimRoomRow))).all()
        return {row.id: row.number for row in rows}

    # --- helpers ---------------------------------------------------------------------------------
    async def _by_reference(self, reference: str) -> SimBookingRow | None:
        async with self.db.session() as session:
            return await session.scalar(select(SimBookingRow).where(SimBookingRow.reference == reference))

    def _check_dates(self, check_in: date, check_out: date, *, for_booking: bool) -> None:
        if check_out <= check_in:
            raise PMSRejected("check-out must be after check-in", status=400)
        today = self._today()
        if check_in < today:
            raise PMSRejected("Bookings may only be made for future dates.", status=400)
        if check_in > today + timedelta(days=demo.MAX_DAYS_AHEAD):
            raise PMSRejected("Bookings may only be made up to a year ahead.", status=400)
        if for_booking and (check_out - check_in).days > 60:
            raise PMSRejected("A stay may not exceed 60 nights.", status=400)


def _booking_key(booking_id: str | int) -> int:
    try:
        return int(booking_id)
    except (TypeError, ValueError):
        raise BookingNotFound(f"booking {booking_id!r} not found", status=404) from None


class _RoomTypeColumns(Protocol):
    id: int
    name: str
    base_price: Decimal
    max_adults: int
    max_children: int
    kind: str


def _room_type(row: _RoomTypeColumns) -> RoomType:
    return RoomType(
        id=row.id,
        name=row.name,
        base_price=Decimal(row.base_price),
        max_adults=row.max_adults,
        max_children=row.max_children,
        kind=row.kind,
    )


def _fits(room_type: RoomType, rooms: Sequence[Occupancy]) -> bool:
    return all(
        1 <= occ.adults <= room_type.max_adults and 0 <= occ.children <= room_type.max_children
        for occ in rooms
    )


def _booking(row: SimBookingRow) -> Booking:
    return Booking(
        id=str(row.id),
        status=row.status,
        room_type_id=row.room_type_id,
        check_in=row.check_in,
        check_out=row.check_out,
        occupancy=[Occupancy(room.adults, room.children) for room in row.rooms],
        total_price=money(Decimal(row.total_price_without_tax) + Decimal(row.total_tax)),
        currency=row.currency,
        guest_email=row.email,
        guest_name=f"{row.firstname} {row.lastname}".strip(),
        reference=row.reference or row.remark,
    )


_types = cast(Table, SimRoomTypeRow.__table__)
_bookings, _booked = cast(Table, SimBookingRow.__table__), cast(Table, SimBookedRoomRow.__table__)
# The rooms booked during the stay (:check_in, :check_out), as one "3,17,42" text (NULL: none): the same on
# every room type row (an uncorrelated subquery, evaluated once).
_BUSY_ROOMS = (
    select(func.aggregate_strings(cast_(_booked.c.room_id, String), ","))
    .join(_bookings, _bookings.c.id == _booked.c.booking_id)
    .where(
        _bookings.c.status == "confirmed",
        _bookings.c.check_in < bindparam("check_out", type_=_bookings.c.check_in.type),
        _bookings.c.check_out > bindparam("check_in", type_=_bookings.c.check_out.type),
    )
    .scalar_subquery()
    .label("busy")
)
_ROOM_TYPES = select(_types, _BUSY_ROOMS).order_by(_types.c.id)
_ROOM_TYPE = select(_types, _BUSY_ROOMS).where(_types.c.id == bindparam("room_type_id"))


async def _busy_room_ids(
    session: AsyncSession, check_in: date, check_out: date, exclude_booking: int | None = None
) -> set[int]:
    query = (
        select(SimBookedRoomRow.room_id)
        .join(SimBookingRow, SimBookingRow.id == SimBookedRoomRow.booking_id)
        .where(
            SimBookingRow.status == "confirmed",
            SimBookingRow.check_in < check_out,
            SimBookingRow.check_out > check_in,
        )
    )
    if exclude_booking is not None:
        query = query.where(SimBookingRow.id != exclude_booking)
    return set((await session.scalars(query)).all())


async def _free_rooms(
    session: AsyncSession,
    room_type_id: int,
    check_in: date,
    check_out: date,
    exclude_booking: int | None = None,
) -> list[SimRoomRow]:
    busy = await _busy_room_ids(session, check_in, check_out, exclude_booking)
    rooms = (
        await session.scalars(
            select(SimRoomRow).where(SimRoomRow.room_type_id == room_type_id).order_by(SimRoomRow.id)
        )
    ).all()
    return [room for room in rooms if room.id not in busy]


async def _lock_room_type(session: AsyncSession, room_type_id: int) -> SimRoomTypeRow:
    # FOR UPDATE serialises bookings of one room type across processes on PostgreSQL (SQLite ignores it;
    # its single writer does the same job).
    row = await session.scalar(
        select(SimRoomTypeRow).where(SimRoomTypeRow.id == room_type_id).with_for_update()
    )
    if row is None:
        raise PMSRejected(f"unknown room type {room_type_id}", status=400)
    return row
