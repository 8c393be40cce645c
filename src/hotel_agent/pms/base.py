"""The one PMS interface: the QloApps client and the simulator both implement it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

# The guest message being worked on, so a PMS failure can be logged against it (set by the pipeline).
CORRELATION_ID: ContextVar[str] = ContextVar("pms_correlation_id", default="")


@contextlib.contextmanager
def correlation(correlation_id: str) -> Iterator[None]:
    token = CORRELATION_ID.set(correlation_id)
    try:
        yield
    finally:
        CORRELATION_ID.reset(token)


class PMSError(Exception):
    """Base of every PMS error: the PMS's HTTP status, error code and own message, when it gave them."""

    def __init__(
        self, message: str, code: int | None = None, status: int | None = None, pms_message: str = ""
    ) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.pms_message = pms_message


class PMSUnavailable(PMSError):
    """Timeout, connection error or 5xx: the PMS could not answer. Counts as a breaker failure."""


class PMSPermissionDenied(PMSUnavailable):
    """The PMS refused our key (401/403, or a resource/method the key may not use). An outage for the
    guest (held and retried) until an operator fixes the key; never the guest's fault."""


class PMSRejected(PMSError):
    """A 4xx: the PMS answered and said no (room gone, bad input). Not a breaker failure."""


class BookingNotFound(PMSRejected):
    pass


class RoomNotAvailable(PMSRejected):
    pass


class PMSInvalidRequest(PMSRejected):
    """The PMS refused what we sent as invalid (a client or data problem, not the guest's)."""


@dataclass(frozen=True)
class RoomType:
    id: int
    name: str
    base_price: Decimal  # per night, before tax
    max_adults: int
    max_children: int
    kind: str = ""  # single | double | twin | suite | family ... (for matching the guest's words)


@dataclass(frozen=True)
class Occupancy:
    adults: int = 2
    children: int = 0


@dataclass(frozen=True)
class AvailabilityQuery:
    check_in: date
    check_out: date
    occupancy: list[Occupancy] = field(default_factory=lambda: [Occupancy()])
    room_type_id: int | None = None

    @property
    def nights(self) -> int:
        return (self.check_out - self.check_in).days


@dataclass(frozen=True)
class RoomOffer:
    room_type_id: int
    room_type_name: str
    available_rooms: int
    nightly_price: Decimal  # average per night, tax included, what the guest pays
    total_price: Decimal  # whole stay, tax included
    currency: str
    nightly_price_without_tax: Decimal | None = None
    total_price_without_tax: Decimal | None = None
    note: str | None = None  # e.g. when ARI price and booking price differ


@dataclass(frozen=True)
class GuestDetails:
    firstname: str
    lastname: str
    email: str
    phone: str | None = None


@dataclass(frozen=True)
class BookingRequest:
    reference: str  # ours, unique: makes create idempotent (stored in QloApps' remark)
    room_type_id: int
    check_in: date
    check_out: date
    guest: GuestDetails
    occupancy: list[Occupancy] = field(default_factory=lambda: [Occupancy()])
    currency: str | None = None


@dataclass(frozen=True)
class Booking:
    id: str  # the PMS booking id/reference quoted to the guest
    status: str  # confirmed | cancelled | completed | refunded
    room_type_id: int
    check_in: date
    check_out: date
    occupancy: list[Occupancy]
    total_price: Decimal
    currency: str
    guest_email: str | None = None
    guest_name: str | None = None
    reference: str | None = None


class PMS(Protocol):
    """Async PMS operations. Raise PMSUnavailable on timeouts/5xx, PMSRejected on 4xx."""

    async def room_types(self) -> list[RoomType]: ...

    async def search_availability(self, query: AvailabilityQuery) -> list[RoomOffer]: ...

    async def create_booking(self, request: BookingRequest) -> Booking: ...

    async def get_booking(self, booking_id: str) -> Booking: ...

    async def cancel_booking(self, booking_id: str) -> Booking: ...

    async def modify_booking(
        self,
        booking_id: str,
        *,
        check_in: date | None = None,
        check_out: date | None = None,
        occupancy: list[Occupancy] | None = None,
    ) -> Booking: ...

    async def ping(self) -> None:
        """Cheapest call that proves the PMS answers (used by the breaker's background probe)."""
        ...

    async def aclose(self) -> None: ...
