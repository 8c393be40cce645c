"""QloApps 1.6.x webservice client (see ../shared/notes/QLOAPPS.md for the shapes and quirks).

- Auth: the webservice key as the HTTP Basic username; JSON answers via `output_format=JSON`.
- `hotel_ari` takes only an XML body; numbers come back as strings and empty groups as `[]`.
- Bookings are written with `adult`/`child` and read back with `adults`; dates read "YYYY-MM-DD 00:00:00".
- Booking answers carry no status: it is read from `/api/orders` (current_state).
- Cancel = PUT booking_status 3 echoing the current rooms (a PUT replaces the room set).
- A create may commit and still answer 500: our reference goes in `remark` and is looked up before the
  first try and before any retry, among the bookings of the guest's customer (see `find_by_reference`).
- ARI prices include auto-added per-night services that API bookings do not carry: offers quote the
  room-only price the guest will be charged, with a note when the ARI total differs.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import httpx
from pydantic import SecretStr

from hotel_agent.observability.metrics import PMS_API_LATENCY
from hotel_agent.pms.base import (
    AvailabilityQuery,
    Booking,
    BookingNotFound,
    BookingRequest,
    Occupancy,
    PMSRejected,
    PMSUnavailable,
    RoomNotAvailable,
    RoomOffer,
    RoomType,
)

logger = logging.getLogger(__name__)

ENDPOINTS = frozenset(
    {"hotel_ari", "bookings", "room_types", "hotel_room_types", "orders", "customers", "ping"}
)
BOOKING_STATUS_NEW = 1
BOOKING_STATUS_CANCELLED = 3
PAYMENT_STATUS_AWAITING = 3
ORDER_STATE_STATUS = {4: "cancelled", 6: "cancelled", 5: "refunded", 7: "refunded"}
ERROR_ROOM_NOT_AVAILABLE = 404  # QloApps error code (inside a 400) for "Requested room(s) not available."
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
            raise PMSUnavailable(
                f"QloApps {method} {endpoint}: no answer within {self.timeout_seconds:g}s"
            ) from None
        except httpx.TransportError as exc:
            raise PMSUnavailable(
                f"QloApps {method} {endpoint}: cannot reach {self.base_url} ({type(exc).__name__})"
            ) from None
        finally:
            PMS_API_LATENCY.labels(endpoint=endpoint, method=method).observe(time.perf_counter() - started)
        if response.status_code >= 400:
            raise _error(endpoint, method, response)
        if not response.content:
            return {}
        try:
            return response.json()
        except ValueError:
            raise PMSUnavailable(
                f"QloApps {method} {endpoint}: answer is not JSON (HTTP {response.status_code})"
            ) from None

    # --- PMS interface ---------------------------------------------------------------------------
    async def ping(self) -> None:
        await self._request("ping", "GET", "/api/")

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
        for item in _group(_get(products, "room_types")):
            room_type_id = _int(item.get("id"))
            if room_type_id not in occupancy:
                continue
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
        return list(result)

    async def search_availability(self, query: AvailabilityQuery) -> list[RoomOffer]:
        if query.nights < 1:
            raise PMSRejected("check-out must be after check-in", status=400)
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
            nightly_with_tax = _money(item.get("base_price_with_tax"))
            nightly_without_tax = _money(item.get("base_price"))
            # What an API booking charges (room only), for all rooms asked for.
            total = _round(nightly_with_tax * query.nights * needed)
            total_without_tax = _round(nightly_without_tax * query.nights * needed)
            ari_total = _round(_money(item.get("total_price_with_tax")) * needed)
            note = None
            if ari_total and ari_total != total:
                note = (
                    f"The hotel's own quote ({ari_total} {currency}) includes per-night extra services; "
                    f"a booking made here is charged {total} {currency} for the room."
                )
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
                    note=note,
                )
            )
        return offers

    async def create_booking(self, request: BookingRequest) -> Booking:
        """Idempotent: a booking carrying our reference is looked up before the first try and before
        any retry (`find_by_reference`), so a timeout or a 500 after the write committed never
        double-books, even when the retry comes hours later from another process."""
        found = await self.find_by_reference(request.reference, request.guest.email)
        if found is not None:
            return found
        body = self._create_body(request)
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

    async def get_booking(self, booking_id: str) -> Booking:
        raw = await self._booking_raw(booking_id)
        return _booking(raw, status=await self._status(booking_id))

    async def cancel_booking(self, booking_id: str) -> Booking:
        raw = await self._booking_raw(booking_id)
        status = await self._status(booking_id)
        if status == "cancelled":
            return _booking(raw, status=status)
        body = self._put_body(raw, booking_status=BOOKING_STATUS_CANCELLED, room_types=_echo_room_types(raw))
        answer = await self._request(
            "bookings", "PUT", f"/api/bookings/{_safe_id(booking_id)}", json_body=body
        )
        return _booking(_get(answer, "booking") or raw, status="cancelled")

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
            raise PMSRejected(f"booking {booking_id} is {status} and cannot be changed", status=400)
        current = _booking(raw, status=status)
        new_in, new_out = check_in or current.check_in, check_out or current.check_out
        if new_out <= new_in:
            raise PMSRejected("check-out must be after check-in", status=400)
        rooms = occupancy or current.occupancy
        room_types = [
            {
                "id_room_type": current.room_type_id,
                "checkin_date": new_in.isoformat(),
                "checkout_date": new_out.isoformat(),
                "number_of_rooms": len(rooms),
                # `adult`/`child` on write (an `adults` key is silently ignored); no id_room: the hotel picks.
                "rooms": [{"adult": occ.adults, "child": occ.children} for occ in rooms],
            }
        ]
        body = self._put_body(raw, booking_status=BOOKING_STATUS_NEW, room_types=room_types)
        answer = await self._request(
            "bookings", "PUT", f"/api/bookings/{_safe_id(booking_id)}", json_body=body
        )
        return _booking(_get(answer, "booking"), status="confirmed")

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
                if raw is not None and _text(raw.get("remark")).strip() == reference:
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

    def _create_body(self, request: BookingRequest) -> dict[str, Any]:
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
                                {"adult": occ.adults, "child": occ.children} for occ in request.occupancy
                            ],
                        }
                    ],
                },
            }
        }

    def _put_body(
        self, raw: dict[str, Any], *, booking_status: int, room_types: list[dict[str, Any]]
    ) -> dict[str, Any]:
        return {
            "booking": {
                "id": _int(raw.get("id")),
                "id_property": _int(raw.get("id_property"), self.hotel_id),
                "currency": _text(raw.get("currency")) or self.currency,
                "booking_status": booking_status,
                "associations": {"room_types": room_types},
            }
        }


# --- parsing ---------------------------------------------------------------------------------------
def guess_kind(name: str) -> str:
    lowered = name.lower()
    for keyword, kind in KIND_KEYWORDS:
        if keyword in lowered:
            return kind
    return ""


def _error(endpoint: str, method: str, response: httpx.Response) -> Exception:
    status = response.status_code
    code, message = None, ""
    try:
        errors = response.json().get("errors")
        if isinstance(errors, list) and errors:
            code = _int(errors[0].get("code")) or None
            message = _text(errors[0].get("message"))
    except (ValueError, AttributeError):
        message = (
            response.text.strip().splitlines()[0] if response.text.strip() else ""
        )  # 401 without a key: plain text
    message = message[:200]
    where = f"QloApps {method} {endpoint}"
    if status in (401, 403):
        return PMSUnavailable(
            f"{where}: the webservice key was refused (HTTP {status}{f', code {code}' if code else ''}: {message}). "
            "Check HOTEL_AGENT_QLOAPPS_API_KEY and the key's resource permissions; until then the PMS is unusable."
        )
    if status >= 500:
        return PMSUnavailable(f"{where}: HTTP {status}{f' (code {code})' if code else ''} {message}".rstrip())
    if status == 400 and code == ERROR_ROOM_NOT_AVAILABLE:
        return RoomNotAvailable(message or "Requested room(s) not available.", code=code, status=status)
    if status == 404:
        return BookingNotFound(f"{where}: not found {message}".rstrip(), code=code, status=status)
    return PMSRejected(f"{where}: HTTP {status}: {message or 'rejected'}", code=code, status=status)


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


def _echo_room_types(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """The booking's current rooms as a PUT expects them (without unit prices, which would be rewritten)."""
    echoed = []
    for room_type in _group(_get(raw.get("associations"), "room_types")):
        rooms = _group(room_type.get("rooms"))
        echoed.append(
            {
                "id_room_type": _int(room_type.get("id_room_type")),
                "checkin_date": _date(room_type.get("checkin_date")).isoformat(),
                "checkout_date": _date(room_type.get("checkout_date")).isoformat(),
                "number_of_rooms": _int(room_type.get("number_of_rooms"), len(rooms)) or len(rooms),
                "rooms": [
                    {
                        "id_room": _int(room.get("id_room")),
                        "adult": _int(room.get("adults", room.get("adult")), 1),
                        "child": _int(room.get("child", room.get("children")), 0),
                    }
                    for room in rooms
                ],
            }
        )
    if not echoed:
        raise PMSUnavailable("QloApps booking has no rooms to echo back; cannot cancel it safely")
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
    prices = _dict(associations.get("price_details"))
    total = _money(prices.get("total_paid"))
    if not total:
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
        reference=_text(raw.get("remark")) or fallback_reference,
    )
