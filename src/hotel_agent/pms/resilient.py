"""ResilientPMS: the PMS interface with every call routed through the circuit breaker.

QloApps observes its own HTTP calls in pms_api_latency_seconds (per resource); for a backend that does
not (the in-process simulator) this wrapper observes each operation under its resource name.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TypeVar

from hotel_agent.observability.metrics import PMS_API_LATENCY
from hotel_agent.pms.base import (
    PMS,
    AvailabilityQuery,
    Booking,
    BookingRequest,
    Occupancy,
    RoomOffer,
    RoomType,
)
from hotel_agent.resilience.breaker import CircuitBreaker

T = TypeVar("T")


class ResilientPMS:
    def __init__(self, inner: PMS, breaker: CircuitBreaker, *, observe_latency: bool = True) -> None:
        self.inner = inner
        self.breaker = breaker
        self._observe = observe_latency

    async def _call(self, endpoint: str, method: str, operation: Callable[[], Awaitable[T]]) -> T:
        if not self._observe:
            return await self.breaker.call(operation)

        async def observed() -> T:
            started = time.perf_counter()
            try:
                return await operation()
            finally:
                PMS_API_LATENCY.labels(endpoint=endpoint, method=method).observe(
                    time.perf_counter() - started
                )

        return await self.breaker.call(observed)

    async def room_types(self) -> list[RoomType]:
        return await self._call("room_types", "GET", self.inner.room_types)

    async def search_availability(self, query: AvailabilityQuery) -> list[RoomOffer]:
        return await self._call("hotel_ari", "POST", lambda: self.inner.search_availability(query))

    async def create_booking(self, request: BookingRequest) -> Booking:
        return await self._call("bookings", "POST", lambda: self.inner.create_booking(request))

    async def get_booking(self, booking_id: str) -> Booking:
        return await self._call("bookings", "GET", lambda: self.inner.get_booking(booking_id))

    async def cancel_booking(self, booking_id: str) -> Booking:
        return await self._call("bookings", "PUT", lambda: self.inner.cancel_booking(booking_id))

    async def modify_booking(
        self,
        booking_id: str,
        *,
        check_in: date | None = None,
        check_out: date | None = None,
        occupancy: list[Occupancy] | None = None,
    ) -> Booking:
        return await self._call(
            "bookings",
            "PUT",
            lambda: self.inner.modify_booking(
                booking_id, check_in=check_in, check_out=check_out, occupancy=occupancy
            ),
        )

    async def ping(self) -> None:
        await self._call("ping", "GET", self.inner.ping)

    async def aclose(self) -> None:
        await self.inner.aclose()
