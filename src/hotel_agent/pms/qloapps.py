"""QloApps 1.6.x webservice client (see ../shared/notes/QLOAPPS.md for the shapes and quirks).

- Auth: the webservice key as the HTTP Basic username; JSON answers via `output_format=JSON`.
- `hotel_ari` takes only an XML body; numbers come back as strings and empty groups as `[]`.
- Bookings are written with `adult`/`child` and read back with `adults`; dates read "YYYY-MM-DD 00:00:00".
- Booking answers carry no status: it is read from `/api/orders` (current_state). Our `remark` comes back
  as `remarks: [...]`.
- A PUT replaces the booking: it must echo the customer (else 400 "Customer not found.") and every room
  with its services (a room echoed without them loses them: the total drops). It never carries room unit
  prices (they would be rewritten) and, for a change of dates or guests, no booking_status (that would
  reset a paid booking to "awaiting payment").
- Children need `child_ages` on write, or QloApps books them as 0 children.
- A create may commit and still answer 500: our reference goes in `remark` and is looked up before the
  first try and before any retry, among the bookings of the guest's customer (see `find_by_reference`).
- `hotel_ari` prices include the room type's auto-added services that are charged with the room price
  (`auto_add_to_cart` and `price_addition_type` 1, e.g. the demo's 250/night maintenance fee); an API
  booking keeps only the services it names. So every booking names them, and the order total equals the
  ARI quote the guest was given. Auto-added services charged apart from the room (`price_addition_type`
  2, the demo's "Internet Handling Charges") are in neither: the agent quotes and books without them.
- Errors are classified by what QloApps says (all booking validation errors are HTTP 400 with code 404,
  told apart by their message) and every failure is logged with the guest message's correlation id.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import time
from collections.abc import Callable, Coroutine, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, ParamSpec, TypeVar
from xml.sax.saxutils import escape

import httpx
from pydantic import SecretStr

from hotel_agent.observability.metrics import PMS_API_LATENCY
from hotel_agent.pms.base import (
    CORRELATION_ID,
    AvailabilityQuery,
    Booking,
    BookingNotFound,
    BookingRequest,
    Occupancy,
    PMSError,
    PMSInvalidRequest,
    PMSPermissionDenied,
    PMSRejected,
    PMSUnavailable,
    RoomNotAvailable,
    RoomOffer,
    RoomType,
)

logger = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

ENDPOINTS = frozenset(
    {
        "hotel_ari",
        "bookings",
        "room_types",
        "hotel_room_types",
        "services",
        "order_details",
        "orders",
        "customers",
        "ping",
    }
)
BOOKING_STATUS_NEW = 1
BOOKING_STATUS_CANCELLED = 3
PAYMENT_STATUS_AWAITING = 3
ORDER_STATE_STATUS = {4: "cancelled", 6: "cancelled", 5: "refunded", 7: "refunded"}
PRICE_ADDITION_WITH_ROOM = 1  # a service QloApps adds into the room's price (and into hotel_ari's)
# We do not ask children's ages; QloApps needs one per child or books the child as none. Prices in
# QloApps 1.6.1 do not depend on it; the hotel sees the age as given here.
CHILD_AGE_NOT_ASKED = 0
# Error codes (HTTP 401/403/405) that mean our key may not do this: WebserviceRequest::setError.
PERMISSION_CODES = frozenset({16, 17, 18, 20, 21, 25, 26, 132})
KIND_KEYWORDS = (
    ("family", "family"),
    ("suite", "suite"),
    ("luxury", "suite"),
    ("twin", "twin"),
    ("executive", "twin"),
    ("double", "double"),
    ("delux", "double"),
    ("single", "single"),
    ("general", "single"),
)
CENT = Decimal("0.01")
ROOM_TYPES_TTL_SECONDS = 300.0
LOOKUP_CONCURRENCY = 5  # booking reads in flight at once while looking for our reference
FILTER_UNSAFE = frozenset("[]|")  # QloApps filter syntax `[a|b]` has no escaping


_OPERATION: ContextVar[str] = ContextVar("qloapps_operation", default="")


def _operation(
    name: str,
) -> Callable[[Callable[P, Coroutine[Any, Any, R]]], Callable[P, Coroutine[Any, Any, R]]]:
    """Names the PMS operation (cancel_booking, ...) that each HTTP call below belongs to, for the log."""

    def decorate(method: Callable[P, Coroutine[Any, Any, R]]) -> Callable[P, Coroutine[Any, Any, R]]:
        @functools.wraps(method)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            token = _OPERATION.set(_OPERATION.get() or name)  # the outermost operation names the call
            try:
                return await method(*args, **kwargs)
            finally:
                _OPERATION.reset(token)

        return wrapper

    return decorate


@dataclass(frozen=True)
class ServiceInfo:
    id: int
    auto_add: bool
    price_addition_type: int
    tax_rules_group: int


class BookingLookupInconclusive(PMSRejected):
    """Whether a booking with our reference already exists cannot be confirmed, so none is created:
    refusing (and handing the guest to a human) is better than a possible double booking."""


class QloAppsPMS:
    """The PMS interface over a QloApps webservice. The API key never leaves the Authorization header."""

    def __init__(
        self,
        base_url: str,
        api_key: str | SecretStr,
        *,
        hotel_id: int = 1,
        timeout_seconds: float = 5.0,
        currency: str = "USD",
        transport: httpx.AsyncBaseTransport | None = None,
        create_attempts: int = 2,
        retry_delay_seconds: float = 0.5,
        lookup_max_bookings: int = 100,
    ) -> None:
        key = api_key.get_secret_value() if isinstance(api_key, SecretStr) else api_key
        if not key or not key.strip():
            raise ValueError("QloApps needs a webservice key (HOTEL_AGENT_QLOAPPS_API_KEY)")
        if not base_url.startswith(("http://", "https://")):
            raise ValueError("QloApps URL must start with http:// or https:// (HOTEL_AGENT_QLOAPPS_URL)")
        self.base_url = base_url.rstrip("/")
        self.hotel_id = hotel_id
        self.currency = currency
        self.timeout_seconds = timeout_seconds
        self.create_attempts = max(1, create_attempts)
        self.retry_delay_seconds = retry_delay_seconds
        if lookup_max_bookings < 1:
            raise ValueError("lookup_max_bookings must be at least 1")
        self.lookup_max_bookings = lookup_max_bookings
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            auth=httpx.BasicAuth(key.strip(), ""),
            timeout=httpx.Timeout(timeout_seconds),
            transport=transport,
            headers={"Accept": "application/json"},
        )
        self._room_types: tuple[float, list[RoomType]] | None = None
        self._linked_services: dict[int, list[int]] = {}  # room type -> services linked to it
        self._services: tuple[float, dict[int, ServiceInfo]] | None = None
        # our reference -> booking id: a shortcut for retries in this process, never the only guard
        self._created: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"QloAppsPMS(url={self.base_url!r}, hotel_id={self.hotel_id})"

    async def aclose(self) -> None:
        await self._client.aclose()

    # --- transport -------------------------------------------------------------------------------
    async def _request(
        self,
        endpoint: str,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: Any = None,
        xml_body: str | None = None,
    ) -> Any:
        query = {"output_format": "JSON", **(params or {})}
        headers = {"Content-Type": "application/xml"} if xml_body is not None else None
        started = time.perf_counter()
        try:
            response = await self._client.request(
                method, path, params=query, json=json_body, content=xml_body, headers=headers
            )
        except httpx.TimeoutException:
            raise self._failed(
                endpoint,
                method,
                PMSUnavailable(f"QloApps {method} {endpoint}: no answer within {self.timeout_seconds:g}s"),
            ) from None
        except httpx.TransportError as exc:
            raise self._failed(
                endpoint,
                method,
                PMSUnavailable(
                    f"QloApps {method} {endpoint}: cannot reach {self.base_url} ({type(exc).__name__})"
                ),
            ) from None
        finally:
            PMS_API_LATENCY.labels(endpoint=endpoint, method=method).observe(time.perf_counter() - started)
        if response.status_code >= 400:
            error = _error(endpoint, method, response)
            if not (method == "GET" and isinstance(error, BookingNotFound)):  # a look-up that found nothing
                self._failed(endpoint, method, error)
            raise error
        if not response.content:
            return {}
        try:
            return response.json()
        except ValueError:
            raise self._failed(
                endpoint,
                method,
                PMSUnavailable(
                    f"QloApps {method} {endpoint}: answer is not JSON (HTTP {response.status_code})",
                    status=response.status_code,
                ),
            ) from None

    def _failed(self, endpoint: str, method: str, error: PMSError) -> PMSError:
        """One log line per failed PMS call: what, the HTTP status, QloApps' code and message, and the
        guest message it was for. The key is never in it (it only travels in the Authorization header)."""
        logger.warning(
            "QloApps call failed: %s",
            error,
            extra={
                "pms_operation": _OPERATION.get() or f"{method} {endpoint}",
                "pms_call": f"{method} /api/{endpoint}",
                "http_status": error.status,
                "qloapps_code": error.code,
                "qloapps_message": error.pms_message or None,
                "error_class": type(error).__name__,
                "correlation_id": CORRELATION_ID.get() or None,
            },
        )
        return error

    # --- PMS interface ---------------------------------------------------------------------------
    @_operation("ping")
    async def ping(self) -> None:
        await self._request("ping", "GET", "/api/")

    @_operation("room_types")
    async def room_types(self) -> list[RoomType]:
        if self._room_types and time.monotonic() - self._room_types[0] < ROOM_TYPES_TTL_SECONDS:
            return list(self._room_types[1])
        links = await self._request(
            "hotel_room_types",
            "GET",
            "/api/hotel_room_types",
            params={"display": "full", "filter[id_hotel]": f"[{self.hotel_id}]"},
        )
        occupancy: dict[int, tuple[int, int]] = {}
        for item in _group(_get(links, "hotel_room_types")):
            product = _int(item.get("id_product"))
            if product and _int(item.get("id_hotel"), self.hotel_id) == self.hotel_id:
                occupancy[product] = (
                    _int(item.get("max_adults") or item.get("adults"), 2),
                    _int(item.get("max_children") or item.get("children"), 2),
                )
        if not occupancy:
            return []
        ids = "|".join(str(i) for i in sorted(occupancy))
        products = await self._request(
            "room_types", "GET", "/api/room_types", params={"display": "full", "filter[id]": f"[{ids}]"}
        )
        result = []
        linked: dict[int, list[int]] = {}
        for item in _group(_get(products, "room_types")):
            room_type_id = _int(item.get("id"))
            if room_type_id not in occupancy:
                continue
            services = _group(_get(item.get("associations"), "services"))
            linked[room_type_id] = sorted({_int(service.get("id")) for service in services} - {0})
            name = _text(item.get("name")) or f"Room type {room_type_id}"
            max_adults, max_children = occupancy[room_type_id]
            result.append(
                RoomType(
                    id=room_type_id,
                    name=name,
                    base_price=_money(item.get("price")),
                    max_adults=max_adults,
                    max_children=max_children,
                    kind=guess_kind(name),
                )
            )
        result.sort(key=lambda room_type: room_type.id)
        self._room_types = (time.monotonic(), result)
        self._linked_services = linked
        return list(result)

    async def _service_catalogue(self) -> dict[int, ServiceInfo]:
        if self._services and time.monotonic() - self._services[0] < ROOM_TYPES_TTL_SECONDS:
            return self._services[1]
        answer = await self._request(
            "services",
            "GET",
            "/api/services",
            params={"display": "[id,auto_add_to_cart,price_addition_type,id_tax_rules_group]"},
        )
        catalogue = {
            _int(item.get("id")): ServiceInfo(
                id=_int(item.get("id")),
                auto_add=_int(item.get("auto_add_to_cart")) == 1,
                price_addition_type=_int(item.get("price_addition_type")),
                tax_rules_group=_int(item.get("id_tax_rules_group")),
            )
            for item in _group(_get(answer, "services"))
        }
        self._services = (time.monotonic(), catalogue)
        return catalogue

    async def _priced_with_room(self, room_type_id: int) -> list[int]:
        """The auto-added services QloApps prices into this room type (and into hotel_ari's quote)."""
        if room_type_id not in self._linked_services or self._room_types is None:
            self._room_types = None
            await self.room_types()
        catalogue = await self._service_catalogue()
        return [
            service_id
            for service_id in self._linked_services.get(room_type_id, [])
            if service_id in catalogue
            and catalogue[service_id].auto_add
            and catalogue[service_id].price_addition_type == PRICE_ADDITION_WITH_ROOM
        ]

    @_operation("search_availability")
    async def search_availability(self, query: AvailabilityQuery) -> list[RoomOffer]:
        if query.nights < 1:
            raise PMSInvalidRequest("check-out must be after check-in", status=400)
        answer = await self._request("hotel_ari", "POST", "/api/hotel_ari", xml_body=self._ari_xml(query))
        ari = _get(answer, "hotel_ari")
        if not isinstance(ari, dict):
            raise PMSUnavailable("QloApps POST hotel_ari: answer has no hotel_ari object")
        currency = _text(ari.get("currency")) or self.currency
        needed = len(query.occupancy)
        offers = []
        for item in _group(ari.get("room_types")):
            rooms = _dict(item.get("rooms"))
            available = len(_group(rooms.get("available")))
            if available < needed:
                continue
            # The whole stay for every room asked for, with the services priced with the room: what the
            # booking (which names those services) is charged.
            total = _round(_money(item.get("total_price_with_tax")))
            total_without_tax = _round(_money(item.get("total_price")))
            if not total:
                continue  # no price for these dates: not bookable here
            offers.append(
                RoomOffer(
                    room_type_id=_int(item.get("id_room_type")),
                    room_type_name=_text(item.get("name")),
                    available_rooms=available,
                    nightly_price=_round(total / query.nights),
                    total_price=total,
                    currency=currency,
                    nightly_price_without_tax=_round(total_without_tax / query.nights),
                    total_price_without_tax=total_without_tax,
                )
            )
        return offers

    @_operation("create_booking")
    async def create_booking(self, request: BookingRequest) -> Booking:
        """Idempotent: a booking carrying our reference is looked up before the first try and before
        any retry (`find_by_reference`), so a timeout or a 500 after the write committed never
        double-books, even when the retry comes hours later from another process."""
        found = await self.find_by_reference(request.reference, request.guest.email)
        if found is not None:
            return found
        body = self._create_body(request, await self._priced_with_room(request.room_type_id))
        for attempt in range(1, self.create_attempts + 1):
            try:
                answer = await self._request("bookings", "POST", "/api/bookings", json_body=body)
            except PMSUnavailable as exc:
                try:
                    found = await self.find_by_reference(request.reference, request.guest.email)
                except PMSUnavailable:
                    raise PMSUnavailable(
                        f"{exc} — and the booking lookup failed too, so whether booking "
                        f"{request.reference} exists is unknown; not retrying"
                    ) from None
                if found is not None:
                    logger.info("QloApps create %s: committed despite an error answer", request.reference)
                    return found
                if attempt == self.create_attempts:
                    raise
                await asyncio.sleep(self.retry_delay_seconds * attempt)
                continue
            booking = _booking(
                _get(answer, "booking"), status="confirmed", fallback_reference=request.reference
            )
            self._created[request.reference] = booking.id
            return booking
        raise AssertionError("unreachable")

    @_operation("get_booking")
    async def get_booking(self, booking_id: str) -> Booking:
        raw = await self._booking_raw(booking_id)
        return _booking(raw, status=await self._status(booking_id))

    @_operation("cancel_booking")
    async def cancel_booking(self, booking_id: str) -> Booking:
        raw = await self._booking_raw(booking_id)
        status = await self._status(booking_id)
        if status == "cancelled":
            return _booking(raw, status=status)
        echoed = _echo_room_types(raw, await self._auto_services_in_order(booking_id))
        body = self._put_body(raw, room_types=echoed, booking_status=BOOKING_STATUS_CANCELLED)
        answer = await self._request(
            "bookings", "PUT", f"/api/bookings/{_safe_id(booking_id)}", json_body=body
        )
        cancelled = _booking(_get(answer, "booking") or raw, status=await self._status(booking_id))
        if cancelled.status != "cancelled":
            raise self._failed(
                "bookings",
                "PUT",
                PMSInvalidRequest(
                    f"QloApps accepted the cancellation of booking {booking_id} but it is still "
                    f"{cancelled.status}",
                    status=200,
                ),
            )
        return cancelled

    async def _auto_services_in_order(self, booking_id: str) -> list[dict[str, Any]]:
        """The auto-added services the booking carries (GET /bookings hides them; the order lines show
        them), each at the unit price it was booked at. Echoed on every room: QloApps adds them per room."""
        answer = await self._request(
            "order_details",
            "GET",
            "/api/order_details",
            params={
                "display": "[product_id,unit_price_tax_excl]",
                "filter[id_order]": f"[{_safe_id(booking_id)}]",
            },
        )
        catalogue = await self._service_catalogue()
        services: dict[int, dict[str, Any]] = {}
        for line in _group(_get(answer, "order_details")):
            info = catalogue.get(_int(line.get("product_id")))
            if info is not None and info.auto_add:
                services[info.id] = {
                    "id_service": info.id,
                    "unit_price_without_tax": str(_money(line.get("unit_price_tax_excl"))),
                    # Without the tax group QloApps recomputes the service's tax wrongly from the price.
                    "id_tax_rules_group": info.tax_rules_group,
                }
        return list(services.values())

    @_operation("modify_booking")
    async def modify_booking(
        self,
        booking_id: str,
        *,
        check_in: date | None = None,
        check_out: date | None = None,
        occupancy: list[Occupancy] | None = None,
    ) -> Booking:
        raw = await self._booking_raw(booking_id)
        status = await self._status(booking_id)
        if status != "confirmed":
            raise PMSInvalidRequest(f"booking {booking_id} is {status} and cannot be changed", status=400)
        current = _booking(raw, status=status)
        new_in, new_out = check_in or current.check_in, check_out or current.check_out
        if new_out <= new_in:
            raise PMSInvalidRequest("check-out must be after check-in", status=400)
        rooms = occupancy or current.occupancy
        if (new_in, new_out) == (current.check_in, current.check_out) and sorted(
            rooms, key=_occupancy_key
        ) != sorted(current.occupancy, key=_occupancy_key):
            return await self._change_guests(booking_id, raw, current, rooms)
        services = [{"id_service": i} for i in await self._priced_with_room(current.room_type_id)]
        room_types = [
            {
                "id_room_type": current.room_type_id,
                "checkin_date": new_in.isoformat(),
                "checkout_date": new_out.isoformat(),
                "number_of_rooms": len(rooms),
                # New dates are new room lines: the hotel picks the rooms, priced as a new booking.
                "rooms": [_room_body(occ, services) for occ in rooms],
            }
        ]
        # No booking_status: it would reset a paid booking to "awaiting payment".
        body = self._put_body(raw, room_types=room_types)
        await self._request("bookings", "PUT", f"/api/bookings/{_safe_id(booking_id)}", json_body=body)
        updated = await self._reapply_services(booking_id)
        return self._changed(booking_id, updated, new_in, new_out, rooms)

    async def _reapply_services(self, booking_id: str) -> Booking:
        """Rooms added by a PUT get their services' order lines but not their price (QloApps 1.6.1 prices
        them at one night and leaves them out of the total). Echoing the rooms with their services once
        more makes QloApps price them as a new booking would; the echo changes nothing else."""
        raw = await self._booking_raw(booking_id)
        echoed = _echo_room_types(raw, await self._auto_services_in_order(booking_id))
        answer = await self._request(
            "bookings",
            "PUT",
            f"/api/bookings/{_safe_id(booking_id)}",
            json_body=self._put_body(raw, room_types=echoed),
        )
        return _booking(_get(answer, "booking") or raw, status="confirmed")

    async def _change_guests(
        self, booking_id: str, raw: dict[str, Any], current: Booking, rooms: list[Occupancy]
    ) -> Booking:
        """Same dates, other guests. A bookings PUT keeps an existing room's occupancy (it answers 200
        and changes nothing), so each kept room is rewritten through `room_bookings`, and rooms are
        added or dropped by a bookings PUT."""
        if len(rooms) != len(current.occupancy):
            # Add or drop rooms first (kept rooms echoed with their services), then set the guests.
            echoed = _echo_room_types(raw, await self._auto_services_in_order(booking_id))
            kept = echoed[0]["rooms"][: len(rooms)]
            services = [{"id_service": i} for i in await self._priced_with_room(current.room_type_id)]
            added = [_room_body(occ, services) for occ in rooms[len(kept) :]]
            echoed[0]["rooms"] = kept + added
            echoed[0]["number_of_rooms"] = len(rooms)
            await self._request(
                "bookings",
                "PUT",
                f"/api/bookings/{_safe_id(booking_id)}",
                json_body=self._put_body(raw, room_types=echoed[:1]),
            )
            await self._reapply_services(booking_id)
            raw = await self._booking_raw(booking_id)
        lines = [
            room
            for room_type in _group(_get(raw.get("associations"), "room_types"))
            for room in _group(room_type.get("rooms"))
        ]
        for line, occ in zip(lines, rooms, strict=False):
            if (_int(line.get("adults")), _int(line.get("child"))) != (occ.adults, occ.children):
                await self._set_room_guests(_int(line.get("id_hotel_booking")), occ)
        updated = _booking(await self._booking_raw(booking_id), status="confirmed")
        return self._changed(booking_id, updated, current.check_in, current.check_out, rooms)

    async def _set_room_guests(self, room_booking_id: int, occupancy: Occupancy) -> None:
        """`room_bookings` is a plain QloApps object: a PUT sends the whole object back, as XML."""
        path = f"/api/room_bookings/{room_booking_id}"
        answer = await self._request("room_bookings", "GET", path)
        fields = _dict(_get(answer, "booking"))
        if not fields:
            raise BookingNotFound(f"room booking {room_booking_id} not found", status=404)
        fields["adults"], fields["children"] = occupancy.adults, occupancy.children
        fields["child_ages"] = json.dumps([CHILD_AGE_NOT_ASKED] * occupancy.children)
        await self._request("room_bookings", "PUT", path, xml_body=_object_xml("booking", fields))

    def _changed(
        self, booking_id: str, booking: Booking, check_in: date, check_out: date, rooms: list[Occupancy]
    ) -> Booking:
        """QloApps may answer 200 without applying a change: say so instead of confirming it."""
        if (booking.check_in, booking.check_out) != (check_in, check_out) or sorted(
            booking.occupancy, key=_occupancy_key
        ) != sorted(rooms, key=_occupancy_key):
            raise self._failed(
                "bookings",
                "PUT",
                PMSInvalidRequest(
                    f"QloApps answered the change of booking {booking_id} but did not apply it "
                    f"(now {booking.check_in}..{booking.check_out}, {booking.occupancy})",
                    status=200,
                ),
            )
        return booking

    # --- idempotency lookup ----------------------------------------------------------------------
    # Why by customer, not by scanning recent bookings: QloApps' `GET /api/bookings` ignores filter, sort,
    # limit and display (its source lists every order id; "@todo: add filters"), so a hotel-wide scan must
    # read bookings one by one with no safe place to stop, and a DLQ retry hours later (backoff, an open
    # breaker) can have any number of website bookings in between. A committed booking, though, always
    # belongs to a customer with the guest's email (QloApps reuses the customer found by email or creates
    # it in the same request), and the standard `customers` and `orders` resources do honour filters. So
    # the lookup reads only that customer's orders, newest first, up to a hard cap; past the cap it refuses
    # to create rather than guess. Everything is read from QloApps, so it holds across restarts.
    async def find_by_reference(self, reference: str, email: str) -> Booking | None:
        """The booking whose remark is `reference` among the bookings of `email`'s customer(s), or None.

        Raises BookingLookupInconclusive when that cannot be decided (more than `lookup_max_bookings`
        bookings to check, or an email QloApps' filter syntax cannot express); PMSUnavailable on outages.
        """
        known = self._created.get(reference)
        if known is not None:
            try:
                return _booking(await self._booking_raw(known), status="confirmed")
            except BookingNotFound:
                self._created.pop(reference, None)
        customer_ids = await self._customer_ids(reference, email)
        if not customer_ids:
            return None  # a committed create would have made (or reused) this customer
        order_ids = await self._order_ids(customer_ids)
        cap = self.lookup_max_bookings
        for start in range(0, min(len(order_ids), cap), LOOKUP_CONCURRENCY):
            chunk = order_ids[start : min(start + LOOKUP_CONCURRENCY, cap)]
            raws = await asyncio.gather(*(self._booking_raw_or_none(str(i)) for i in chunk))
            for raw in raws:
                if raw is not None and _remark(raw) == reference:
                    booking = _booking(raw, status="confirmed")
                    self._created[reference] = booking.id
                    return booking
        if len(order_ids) > cap:
            raise BookingLookupInconclusive(
                f"cannot confirm whether booking {reference} exists: the guest has more than {cap} "
                f"bookings in QloApps and only the newest {cap} were checked; not creating it blindly"
            )
        return None

    async def _customer_ids(self, reference: str, email: str) -> list[int]:
        email = email.strip()
        if not email or FILTER_UNSAFE.intersection(email):
            raise BookingLookupInconclusive(
                f"cannot confirm whether booking {reference} exists: the guest's email cannot be "
                "searched in QloApps (empty, or contains [ ] or |); not creating it blindly"
            )
        answer = await self._request(
            "customers",
            "GET",
            "/api/customers",
            params={"display": "[id]", "filter[email]": f"[{email}]"},
        )
        ids = sorted({_int(item.get("id")) for item in _group(_get(answer, "customers"))} - {0})
        if len(ids) > self.lookup_max_bookings:
            raise BookingLookupInconclusive(
                f"cannot confirm whether booking {reference} exists: {len(ids)} QloApps customers share "
                "the guest's email; not creating it blindly"
            )
        return ids

    async def _order_ids(self, customer_ids: list[int]) -> list[int]:
        """The customers' order (= booking) ids, newest first, at most one more than the cap."""
        answer = await self._request(
            "orders",
            "GET",
            "/api/orders",
            params={
                "display": "[id]",
                "filter[id_customer]": "[" + "|".join(str(i) for i in customer_ids) + "]",
                "sort": "[id_DESC]",
                "limit": f"0,{self.lookup_max_bookings + 1}",
            },
        )
        # Sorted here too: correct even where sort or limit were ignored (then all ids come back; and a
        # limit without the sort can only make the answer longer than the cap, i.e. a refusal).
        return sorted({_int(item.get("id")) for item in _group(_get(answer, "orders"))} - {0}, reverse=True)

    # --- helpers ---------------------------------------------------------------------------------
    async def _booking_raw(self, booking_id: str) -> dict[str, Any]:
        answer = await self._request("bookings", "GET", f"/api/bookings/{_safe_id(booking_id)}")
        raw = _get(answer, "booking")
        if not isinstance(raw, dict) or not raw:
            raise BookingNotFound(f"booking {booking_id} not found", status=404)
        return raw

    async def _booking_raw_or_none(self, booking_id: str) -> dict[str, Any] | None:
        try:
            return await self._booking_raw(booking_id)
        except BookingNotFound:
            return None

    async def _status(self, booking_id: str) -> str:
        answer = await self._request(
            "orders",
            "GET",
            "/api/orders",
            params={"display": "[id,current_state]", "filter[id]": f"[{_safe_id(booking_id)}]"},
        )
        orders = _group(_get(answer, "orders"))
        if not orders:
            raise BookingNotFound(f"booking {booking_id} not found", status=404)
        return ORDER_STATE_STATUS.get(_int(orders[0].get("current_state")), "confirmed")

    def _ari_xml(self, query: AvailabilityQuery) -> str:
        occupancies = "".join(
            f"<room_occupancy><adults>{occ.adults}</adults><children>{occ.children}</children></room_occupancy>"
            for occ in query.occupancy
        )
        room_type = f"<id_room_type>{query.room_type_id}</id_room_type>" if query.room_type_id else ""
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f"<qloapps><hotel_ari><id_hotel>{self.hotel_id}</id_hotel>"
            f"<date_from>{query.check_in.isoformat()}</date_from><date_to>{query.check_out.isoformat()}</date_to>"
            f"{room_type}<get_available_rooms>1</get_available_rooms>"
            f"<associations><room_occupancies>{occupancies}</room_occupancies></associations>"
            "</hotel_ari></qloapps>"
        )

    def _create_body(self, request: BookingRequest, service_ids: list[int]) -> dict[str, Any]:
        guest = request.guest
        customer = {"firstname": guest.firstname, "lastname": guest.lastname, "email": guest.email}
        customer["phone"] = guest.phone or "0000000000"  # QloApps may require a phone (PS_ONE_PHONE_AT_LEAST)
        return {
            "booking": {
                "id_property": self.hotel_id,
                "currency": request.currency or self.currency,
                "booking_status": BOOKING_STATUS_NEW,
                "payment_status": PAYMENT_STATUS_AWAITING,
                "source": "hotel-agent",
                "remark": request.reference,
                "associations": {
                    "customer_detail": customer,
                    "payment_detail": {"payment_type": "pay at hotel"},
                    "room_types": [
                        {
                            "id_room_type": request.room_type_id,
                            "checkin_date": request.check_in.isoformat(),
                            "checkout_date": request.check_out.isoformat(),
                            "number_of_rooms": len(request.occupancy),
                            "rooms": [
                                _room_body(occ, [{"id_service": i} for i in service_ids])
                                for occ in request.occupancy
                            ],
                        }
                    ],
                },
            }
        }

    def _put_body(
        self, raw: dict[str, Any], *, room_types: list[dict[str, Any]], booking_status: int | None = None
    ) -> dict[str, Any]:
        """What a bookings PUT needs: the id, the property, the customer as the GET returned it, and
        the complete room set. Nothing else (no prices, no remark: a remark becomes a new message)."""
        customer = _dict(_get(raw.get("associations"), "customer_detail"))
        booking: dict[str, Any] = {
            "id": _int(raw.get("id")),
            "id_property": _int(raw.get("id_property"), self.hotel_id),
            "currency": _text(raw.get("currency")) or self.currency,
            "associations": {
                "customer_detail": {
                    key: customer[key]
                    for key in ("id_customer", "firstname", "lastname", "email", "phone")
                    if customer.get(key) not in (None, "")
                },
                "room_types": room_types,
            },
        }
        if booking_status is not None:
            booking["booking_status"] = booking_status
        return {"booking": booking}


# --- parsing ---------------------------------------------------------------------------------------
def guess_kind(name: str) -> str:
    lowered = name.lower()
    for keyword, kind in KIND_KEYWORDS:
        if keyword in lowered:
            return kind
    return ""


def _error(endpoint: str, method: str, response: httpx.Response) -> PMSError:
    """A QloApps error answer, classified by what it says. Booking validation errors are all HTTP 400
    with code 404 ("Requested room(s) not available.", "Booking not found.", "Customer not found.", ...),
    so the message decides; auth and permission errors are 401/403/405 with their own codes."""
    status = response.status_code
    code, message = None, ""
    try:
        errors = response.json().get("errors")
        if isinstance(errors, list) and errors:
            code = _int(errors[0].get("code")) or None
            message = _text(errors[0].get("message"))
    except (ValueError, AttributeError):
        text = response.text.strip()
        message = text.splitlines()[0] if text else ""  # 401 without a key: plain text
    message = message[:200]
    where = f"QloApps {method} {endpoint}"
    detail = f"HTTP {status}{f', code {code}' if code else ''}{f': {message}' if message else ''}"
    lowered = message.lower()
    error: PMSError
    if status in (401, 403) or (status == 405 and code in PERMISSION_CODES):
        error = PMSPermissionDenied(
            f"{where}: the webservice key was refused ({detail}). Check HOTEL_AGENT_QLOAPPS_API_KEY and "
            "the key's resource permissions; until then the PMS is unusable.",
            code=code,
            status=status,
        )
    elif status >= 500:
        error = PMSUnavailable(f"{where}: {detail}", code=code, status=status)
    elif "not available" in lowered:
        error = RoomNotAvailable(message, code=code, status=status)
    elif status == 404 or lowered.startswith("booking not found") or "id(s) not exists" in lowered:
        error = BookingNotFound(f"{where}: not found ({detail})", code=code, status=status)
    else:
        error = PMSInvalidRequest(f"{where}: {detail or 'rejected'}", code=code, status=status)
    error.pms_message = message
    return error


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _get(answer: Any, key: str) -> Any:
    return answer.get(key) if isinstance(answer, dict) else None


def _group(value: Any) -> list[Any]:
    """QloApps groups: a list, a dict keyed by id, or `[]`/"" when empty."""
    if isinstance(value, list):
        return [item for item in value if item is not None]
    if isinstance(value, dict):
        return list(value.values())
    return []


def _text(value: Any) -> str:
    if isinstance(value, list):  # multi-language field: [{"id": "1", "value": "..."}]
        for item in value:
            if isinstance(item, dict) and item.get("value"):
                return str(item["value"])
        return ""
    return "" if value is None else str(value)


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        try:
            return int(Decimal(str(value).strip()))
        except (InvalidOperation, ValueError):
            return default


def _money(value: Any) -> Decimal:
    try:
        return Decimal(str(value).strip()) if value not in (None, "", []) else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _date(value: Any) -> date:
    text = _text(value).strip()
    try:
        return datetime.strptime(text[:10], "%Y-%m-%d").date()
    except ValueError:
        raise PMSUnavailable(f"QloApps answered an unreadable date {text!r}") from None


def _safe_id(booking_id: str) -> str:
    text = str(booking_id).strip()
    if not text.isdigit():
        raise BookingNotFound(f"booking {text[:40]!r} not found: QloApps booking ids are numbers", status=404)
    return text


def _occupancy_key(occupancy: Occupancy) -> tuple[int, int]:
    return occupancy.adults, occupancy.children


def _room_body(occupancy: Occupancy, services: list[dict[str, Any]]) -> dict[str, Any]:
    """A room to book. `adult`/`child` on write (an `adults` key is silently ignored); a child without an
    age is booked as no child."""
    room: dict[str, Any] = {"adult": occupancy.adults, "child": occupancy.children}
    if occupancy.children:
        room["child_ages"] = [CHILD_AGE_NOT_ASKED] * occupancy.children
    if services:
        room["services"] = services
    return room


def _object_xml(node: str, fields: Mapping[str, Any]) -> str:
    """A plain QloApps object as the XML its PUT expects (standard resources take no JSON body)."""
    body = "".join(
        f"<{key}>{escape(str(value))}</{key}>"
        for key, value in fields.items()
        if not isinstance(value, dict | list) and key.isidentifier()
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><qloapps><{node}>{body}</{node}></qloapps>'


def _echo_room_types(raw: dict[str, Any], auto_services: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The booking's rooms as a PUT must repeat them: each room by id, with its guests and every service
    it carries (the ones the GET shows, at their booked price, and the auto-added ones it hides), and
    without room unit prices, which would be rewritten."""
    echoed = []
    for room_type in _group(_get(raw.get("associations"), "room_types")):
        rooms = _group(room_type.get("rooms"))
        echoed_rooms = []
        for room in rooms:
            occupancy = Occupancy(_int(room.get("adults", room.get("adult")), 1), _int(room.get("child"), 0))
            shown = [
                {
                    "id_service": _int(service.get("id_service")),
                    "quantity": _int(service.get("quantity"), 1) or 1,
                    "unit_price_without_tax": str(_money(service.get("unit_price_without_tax"))),
                }
                for service in _group(room.get("services"))
                if _int(service.get("id_service"))
            ]
            shown_ids = {service["id_service"] for service in shown}
            services = shown + [s for s in auto_services if s["id_service"] not in shown_ids]
            echoed_rooms.append({"id_room": _int(room.get("id_room")), **_room_body(occupancy, services)})
        echoed.append(
            {
                "id_room_type": _int(room_type.get("id_room_type")),
                "checkin_date": _date(room_type.get("checkin_date")).isoformat(),
                "checkout_date": _date(room_type.get("checkout_date")).isoformat(),
                "number_of_rooms": len(rooms),
                "rooms": echoed_rooms,
            }
        )
    if not echoed:
        raise PMSUnavailable("QloApps booking has no rooms to echo back; cannot change it safely")
    return echoed


def _booking(raw: Any, *, status: str, fallback_reference: str | None = None) -> Booking:
    if not isinstance(raw, dict):
        raise PMSUnavailable("QloApps answered without a booking object")
    associations = _dict(raw.get("associations"))
    room_types = _group(associations.get("room_types"))
    if not room_types:
        raise PMSUnavailable(f"QloApps booking {raw.get('id')} has no room types")
    first = room_types[0]
    occupancy = [
        Occupancy(
            _int(room.get("adults", room.get("adult")), 1), _int(room.get("child", room.get("children")), 0)
        )
        for room_type in room_types
        for room in _group(room_type.get("rooms"))
    ]
    # What the booking costs (total_paid is what has been paid so far).
    prices = _dict(associations.get("price_details"))
    total = _money(prices.get("total_price_without_tax")) + _money(prices.get("total_tax"))
    customer = _dict(associations.get("customer_detail"))
    name = f"{_text(customer.get('firstname'))} {_text(customer.get('lastname'))}".strip()
    return Booking(
        id=str(_int(raw.get("id"))),
        status=status,
        room_type_id=_int(first.get("id_room_type")),
        check_in=_date(first.get("checkin_date")),
        check_out=_date(first.get("checkout_date")),
        occupancy=occupancy,
        total_price=_round(total),
        currency=_text(raw.get("currency")) or "USD",
        guest_email=_text(customer.get("email")) or None,
        guest_name=name or None,
        reference=_remark(raw) or fallback_reference,
    )


def _remark(raw: dict[str, Any]) -> str:
    """Our reference: written as `remark`, read back as the first of `associations.remarks`."""
    remarks = _group(_get(raw.get("associations"), "remarks"))
    first = remarks[0] if remarks else raw.get("remark")
    return _text(first).strip()
