"""The simulator as a standalone HTTP server speaking the QloApps 1.6.x webservice subset we use.

Same shapes and quirks as a real QloApps 1.6.1 (QLOAPPS.md): Basic-auth key (401 plain text without
one), `output_format=JSON`, XML-only `hotel_ari` (a JSON body: 400 code 85), numbers as strings, empty
groups as `[]`, the room-priced auto service (demo product 5) in ARI prices and in bookings, `services`
and `order_details` showing it, `adult`/`child` on write (`adults` ignored), `remark` read back as
`associations.remarks`, no status in booking answers (read `/api/orders`), a PUT without `room_types`
or without the customer answered 400, `room_bookings` to change one room's guests, a missing booking
answered 404 with an empty body, list endpoints that ignore filters on bookings, DELETE forbidden. The standard resources `orders` and
`customers` (one customer per email, as QloApps reuses the customer found by email) do honour
`filter[...]`, `sort=[id_ASC|id_DESC]` and `limit=offset,n`.

Faults (POST /admin/pms/faults): "down" answers every /api call 503 with QloApps' "webservice disabled"
error (code 22) — a 5xx, so the client raises PMSUnavailable and the breaker counts an outage;
"error" answers 500 (optionally after committing the write); "slow" delays the answer.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from sqlalchemy import select

from hotel_agent.pms.base import BookingNotFound, GuestDetails, Occupancy, PMSRejected, RoomNotAvailable
from hotel_agent.pms.simulator import demo
from hotel_agent.pms.simulator.core import (
    NewBooking,
    PMSSimulator,
    RoomTypeInventory,
    money,
    nightly_without_tax,
)
from hotel_agent.pms.simulator.faults import FaultConfig, SimulatedOutage
from hotel_agent.pms.simulator.models import SimBookingRow

ORDER_STATE = {"confirmed": 1, "cancelled": 4, "refunded": 5}
BASIC_REALM = 'Basic realm="Welcome to QloApps Webservice, please enter the authentication key as the login. No password required."'


class QloAppsError(Exception):
    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _errors(status: int, code: int, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"code": code, "message": message}]}, status_code=status)


def _s(value: object) -> str:
    """QloApps sends numbers as strings; prices with six decimals."""
    if isinstance(value, Decimal):
        return f"{value:.6f}"
    return str(value)


def _filter_ids(raw: str | None) -> set[int] | None:
    """`[1|2|3]` -> {1, 2, 3}; None when absent."""
    if not raw:
        return None
    return {int(part) for part in re.findall(r"\d+", raw)}


def _filter_values(raw: str | None) -> set[str] | None:
    """`[a|b]` -> {"a", "b"} (lower-cased: QloApps' MySQL collation compares case-insensitively)."""
    if raw is None:
        return None
    inner = raw[1:-1] if raw.startswith("[") and raw.endswith("]") else raw
    return {part.strip().lower() for part in inner.split("|")}


def _sorted_and_limited(
    items: list[dict[str, Any]], sort: str | None, limit: str | None
) -> list[dict[str, Any]]:
    """PrestaShop's `sort=[id_DESC]` and `limit=offset,n` (or `limit=n`) on a standard resource."""
    if sort:
        if not re.fullmatch(r"\[id_(ASC|DESC)\]", sort):
            raise QloAppsError(400, 38, f"The simulator sorts by id only, not {sort[:40]!r}")
        items = sorted(items, key=lambda item: int(item["id"]), reverse=sort.endswith("DESC]"))
    if limit:
        match = re.fullmatch(r"(?:(\d+),)?(\d+)", limit.strip())
        if match is None:
            raise QloAppsError(400, 36, "The limit parameter is invalid (use limit=offset,n)")
        offset, count = int(match.group(1) or 0), int(match.group(2))
        items = items[offset : offset + count]
    return items


async def _customers(simulator: PMSSimulator) -> tuple[dict[str, int], dict[int, int]]:
    """email -> customer id and booking id -> customer id; a customer's id is its first booking's id."""
    async with simulator.db.session() as session:
        rows = (
            await session.execute(select(SimBookingRow.id, SimBookingRow.email).order_by(SimBookingRow.id))
        ).all()
    by_email: dict[str, int] = {}
    by_booking: dict[int, int] = {}
    for booking_id, email in rows:
        customer_id = by_email.setdefault(email.strip().lower(), booking_id)
        by_booking[booking_id] = customer_id
    return by_email, by_booking


def create_app(simulator: PMSSimulator, *, api_key: str, admin_token: str | None = None) -> FastAPI:
    app = FastAPI(title="hotel-agent PMS simulator (QloApps 1.6 webservice subset)")
    app.state.simulator = simulator

    @app.exception_handler(QloAppsError)
    async def _qloapps_error(_: Request, exc: QloAppsError) -> Response:
        return _errors(exc.status, exc.code, exc.message)

    @app.exception_handler(SimulatedOutage)
    async def _outage(_: Request, exc: SimulatedOutage) -> Response:
        if exc.status == 503:
            return _errors(
                503, 22, "The QloApps webservice is disabled. Please activate it in the back office"
            )
        return _errors(500, 500, "Internal error (simulated)")

    @app.exception_handler(PMSRejected)
    async def _rejected(_: Request, exc: PMSRejected) -> Response:
        if isinstance(exc, BookingNotFound):
            return _errors(404, 404, str(exc))
        if isinstance(exc, RoomNotAvailable):
            return _errors(400, 404, "Requested room(s) not available.")
        return _errors(exc.status or 400, exc.code or 400, str(exc))

    async def require_key(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
        given = request.query_params.get("ws_key")
        if authorization and authorization.lower().startswith("basic "):
            try:
                given = base64.b64decode(authorization[6:]).decode().split(":", 1)[0]
            except (binascii.Error, UnicodeDecodeError):
                given = ""
        if given is None:
            # QloApps answers a missing key with plain text, not JSON.
            raise _PlainUnauthorized()
        if not given:
            raise QloAppsError(401, 20, "Authentication key is empty")
        if not hmac.compare_digest(given.encode(), api_key.encode()):
            raise QloAppsError(401, 21, "Invalid authentication key")

    class _PlainUnauthorized(Exception):
        pass

    @app.exception_handler(_PlainUnauthorized)
    async def _plain_401(_: Request, __: _PlainUnauthorized) -> Response:
        return PlainTextResponse(
            "401 Unauthorized", status_code=401, headers={"WWW-Authenticate": BASIC_REALM}
        )

    def require_admin(authorization: Annotated[str | None, Header()] = None) -> None:
        if admin_token is None:
            return
        if not authorization or not authorization.lower().startswith("bearer "):
            raise HTTPException(401, "send 'Authorization: Bearer <admin token>'")
        if not hmac.compare_digest(authorization[7:].strip().encode(), admin_token.encode()):
            raise HTTPException(403, "admin token not accepted")

    key_dep = [Depends(require_key)]

    # --- admin: faults -------------------------------------------------------------------------
    @app.get("/admin/pms/faults", dependencies=[Depends(require_admin)])
    async def get_faults() -> dict[str, Any]:
        return simulator.faults.config.model_dump()

    @app.post("/admin/pms/faults", dependencies=[Depends(require_admin)])
    async def set_faults(config: FaultConfig) -> dict[str, Any]:
        return simulator.set_faults(config).model_dump()

    # --- webservice ----------------------------------------------------------------------------
    @app.get("/api/", dependencies=key_dep)
    @app.get("/api", dependencies=key_dep, include_in_schema=False)
    async def api_root() -> dict[str, Any]:
        await simulator.faults.before_call()
        resources = [
            "bookings",
            "customers",
            "hotel_ari",
            "hotel_room_types",
            "order_details",
            "orders",
            "room_bookings",
            "room_types",
            "services",
        ]
        return {"api": {name: {"description": name, "get": "true"} for name in resources}}

    @app.get("/api/room_types", dependencies=key_dep)
    async def room_types(request: Request) -> dict[str, Any]:
        await simulator.faults.before_call()
        wanted = _filter_ids(request.query_params.get("filter[id]"))
        types = [t for t in await simulator.catalogue() if wanted is None or t.id in wanted]
        if request.query_params.get("display") != "full":
            return {"room_types": [{"id": t.id} for t in types] or []}
        return {
            "room_types": [
                {
                    "id": t.id,
                    "name": t.name,
                    "price": _s(Decimal(t.base_price)),
                    "active": "1",
                    "id_tax_rules_group": "1",
                    "show_at_front": "1",
                    "associations": {
                        "services": [
                            {"id": demo.ROOM_PRICED_SERVICE_ID},
                            {"id": demo.SEPARATE_FEE_SERVICE_ID},
                        ]
                    },
                }
                for t in types
            ]
        }

    @app.get("/api/services", dependencies=key_dep)
    async def services() -> dict[str, Any]:
        await simulator.faults.before_call()
        return {
            "services": [
                {
                    "id": demo.ROOM_PRICED_SERVICE_ID,
                    "id_tax_rules_group": 1,
                    "auto_add_to_cart": 1,
                    "price_addition_type": 1,
                },
                {
                    "id": demo.SEPARATE_FEE_SERVICE_ID,
                    "id_tax_rules_group": 1,
                    "auto_add_to_cart": 1,
                    "price_addition_type": 2,
                },
            ]
        }

    @app.get("/api/order_details", dependencies=key_dep)
    async def order_details(request: Request) -> Any:
        await simulator.faults.before_call()
        wanted = _filter_ids(request.query_params.get("filter[id_order]")) or set()
        lines: list[dict[str, Any]] = []
        for booking_id in sorted(wanted):
            try:
                row = await simulator.booking_row(booking_id)
            except BookingNotFound:
                continue
            room_price = await _room_price(simulator, row.room_type_id)
            lines.append({"product_id": row.room_type_id, "unit_price_tax_excl": _s(room_price)})
            lines.append(
                {
                    "product_id": demo.ROOM_PRICED_SERVICE_ID,
                    "unit_price_tax_excl": _s(demo.ROOM_PRICED_SERVICE_PER_NIGHT),
                }
            )
        return {"order_details": lines} if lines else []

    @app.get("/api/room_bookings/{room_booking_id}", dependencies=key_dep)
    async def get_room_booking(room_booking_id: int) -> dict[str, Any]:
        await simulator.faults.before_call()
        room = await simulator.room_booking(room_booking_id)
        return {
            "booking": {
                "id": room.id,
                "id_order": room.booking_id,
                "id_room": room.room_id,
                "adults": room.adults,
                "children": room.children,
                "child_ages": json.dumps([0] * room.children),
            }
        }

    @app.put("/api/room_bookings/{room_booking_id}", dependencies=key_dep)
    async def put_room_booking(room_booking_id: int, request: Request) -> dict[str, Any]:
        try:
            node = ET.fromstring((await request.body()).decode("utf-8", "replace")).find("booking")
        except ET.ParseError as exc:
            raise QloAppsError(400, 127, f"XML error : {exc}") from None
        if node is None:
            raise QloAppsError(400, 127, "Invalid request.")
        occupancy = Occupancy(int(node.findtext("adults") or 1), int(node.findtext("children") or 0))
        await simulator.set_room_guests(room_booking_id, occupancy)
        return await get_room_booking(room_booking_id)

    @app.get("/api/hotel_room_types", dependencies=key_dep)
    async def hotel_room_types(request: Request) -> dict[str, Any]:
        await simulator.faults.before_call()
        hotels = _filter_ids(request.query_params.get("filter[id_hotel]"))
        types = [] if hotels is not None and demo.HOTEL_ID not in hotels else await simulator.catalogue()
        if request.query_params.get("display") != "full":
            return {"hotel_room_types": [{"id": t.id} for t in types]}
        return {
            "hotel_room_types": [
                {
                    "id": _s(t.id),
                    "id_product": _s(t.id),
                    "id_hotel": _s(demo.HOTEL_ID),
                    "adults": "2",
                    "children": "0",
                    "max_adults": _s(t.max_adults),
                    "max_children": _s(t.max_children),
                    "max_guests": _s(t.max_adults + t.max_children),
                }
                for t in types
            ]
        }

    @app.post("/api/hotel_ari", dependencies=key_dep)
    async def hotel_ari(request: Request) -> dict[str, Any]:
        await simulator.faults.before_call()
        body = (await request.body()).decode("utf-8", "replace").strip()
        ari = _parse_ari_xml(body)
        check_in, check_out = ari["date_from"], ari["date_to"]
        if check_out <= check_in:
            raise QloAppsError(400, 86, "date_to must be after date_from")
        if check_in < date.today():
            raise QloAppsError(400, 86, "date_from must not be in the past")
        inventory = await simulator.inventory(check_in, check_out, ari["id_room_type"])
        occupancy: list[Occupancy] = ari["occupancy"]
        inventory = [
            item
            for item in inventory
            if all(
                o.adults <= item.room_type.max_adults and o.children <= item.room_type.max_children
                for o in occupancy
            )
        ]
        if ari["date_wise_breakdown"]:
            nights = (check_out - check_in).days
            per_night = []
            for offset in range(nights):
                day = check_in + timedelta(days=offset)
                night_inventory = await simulator.inventory(day, day + timedelta(days=1), ari["id_room_type"])
                wanted = {item.room_type.id for item in inventory}
                per_night.append(
                    _ari_object(
                        [i for i in night_inventory if i.room_type.id in wanted], day, day + timedelta(days=1)
                    )
                )
            return {"hotel_aris": per_night}
        return {"hotel_ari": _ari_object(inventory, check_in, check_out, len(occupancy))}

    @app.get("/api/bookings", dependencies=key_dep)
    async def list_bookings(request: Request) -> dict[str, Any]:
        await simulator.faults.before_call()
        if request.query_params.get("schema"):
            return {"booking": {"id_property": "", "currency": "", "booking_status": "", "remark": ""}}
        # Like QloApps: filters, sort and display are ignored on the booking list.
        return {"bookings": [{"id": booking_id} for booking_id in await simulator.booking_ids()]}

    @app.get("/api/bookings/{booking_id}", dependencies=key_dep, response_model=None)
    async def get_booking(booking_id: str) -> dict[str, Any] | Response:
        await simulator.faults.before_call()
        try:
            row = await simulator.booking_row(booking_id)
        except BookingNotFound:
            return Response(status_code=404)  # QloApps: 404 with an empty body
        _, customer_of = await _customers(simulator)
        return {"booking": _booking_json(row, await simulator.room_numbers(), customer_of.get(row.id))}

    @app.post("/api/bookings", dependencies=key_dep)
    async def create_booking(request: Request) -> dict[str, Any]:
        data = await _booking_body(request)
        if "id" in data:
            raise QloAppsError(400, 90, "id is forbidden when adding a new resource")
        currency = str(data.get("currency") or "")
        if currency.upper() != demo.CURRENCY:
            raise QloAppsError(400, 400, "Please provide valid currency.")
        if str(data.get("id_property", "")) != str(demo.HOTEL_ID):
            raise QloAppsError(400, 400, "Please provide a valid id_property.")
        associations = data.get("associations") or {}
        customer = associations.get("customer_detail") or {}
        for field, label in (("firstname", "first name"), ("lastname", "last name"), ("email", "email")):
            if not str(customer.get(field) or "").strip():
                raise QloAppsError(400, 400, f"Please provide a valid {label}.")
        payment = associations.get("payment_detail") or {}
        if payment.get("payment_type") not in (None, "online", "remote", "pay at hotel"):
            raise QloAppsError(400, 400, "Invalid payment type.")
        room_type = _single_room_type(associations)
        row = await simulator.create(
            NewBooking(
                room_type_id=room_type["id_room_type"],
                check_in=room_type["checkin_date"],
                check_out=room_type["checkout_date"],
                guest=GuestDetails(
                    firstname=str(customer["firstname"]),
                    lastname=str(customer["lastname"]),
                    email=str(customer["email"]),
                    phone=str(customer.get("phone") or "") or None,
                ),
                rooms=room_type["rooms"],
                remark=str(data.get("remark") or "") or None,
                currency=currency,
                source=str(data.get("source") or "") or None,
            )
        )
        _, customer_of = await _customers(simulator)
        return {"booking": _booking_json(row, await simulator.room_numbers(), customer_of.get(row.id))}

    @app.put("/api/bookings/{booking_id}", dependencies=key_dep)
    async def update_booking(booking_id: str, request: Request) -> dict[str, Any]:
        data = await _booking_body(request)
        associations = data.get("associations") or {}
        try:
            existing = await simulator.booking_row(booking_id)
        except BookingNotFound:
            raise QloAppsError(400, 404, "Booking not found.") from None
        if not associations.get("room_types"):
            # A PUT replaces the room set; QloApps refuses one without rooms.
            raise QloAppsError(400, 404, "Rooms not found in the request.")
        customer = associations.get("customer_detail") or {}
        if str(customer.get("email") or "").strip().lower() != existing.email.strip().lower():
            raise QloAppsError(400, 404, "Customer not found.")
        room_type = _single_room_type(associations)
        status = int(str(data.get("booking_status") or 1))
        if status == 3:
            row = await simulator.cancel(booking_id)
        else:
            row = await simulator.modify(
                booking_id,
                check_in=room_type["checkin_date"],
                check_out=room_type["checkout_date"],
                occupancy=room_type["rooms"],
            )
        if room_type["unit_price"] is not None:
            row = await simulator.set_unit_price(booking_id, room_type["unit_price"])
        _, customer_of = await _customers(simulator)
        return {"booking": _booking_json(row, await simulator.room_numbers(), customer_of.get(row.id))}

    @app.delete("/api/bookings/{booking_id}", dependencies=key_dep)
    async def delete_booking(booking_id: str) -> Response:
        return _errors(405, 405, "Method DELETE is not allowed for the resource bookings")

    @app.get("/api/orders", dependencies=key_dep)
    async def orders(request: Request) -> dict[str, Any]:
        await simulator.faults.before_call()
        params = request.query_params
        wanted = _filter_ids(params.get("filter[id]"))
        customers = _filter_ids(params.get("filter[id_customer]"))
        _, customer_of = await _customers(simulator)
        result = []
        for booking_id in await simulator.booking_ids():
            if wanted is not None and booking_id not in wanted:
                continue
            if customers is not None and customer_of.get(booking_id) not in customers:
                continue
            row = await simulator.booking_row(booking_id)
            result.append(
                {
                    "id": booking_id,
                    "id_customer": _s(customer_of.get(booking_id, 0)),
                    "current_state": _s(ORDER_STATE.get(row.status, 1)),
                    "date_add": row.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                }
            )
        return {"orders": _sorted_and_limited(result, params.get("sort"), params.get("limit"))}

    @app.get("/api/customers", dependencies=key_dep)
    async def customers(request: Request) -> dict[str, Any]:
        await simulator.faults.before_call()
        params = request.query_params
        emails = _filter_values(params.get("filter[email]"))
        by_email, _ = await _customers(simulator)
        result = [
            {"id": customer_id, "email": email}
            for email, customer_id in by_email.items()
            if emails is None or email in emails
        ]
        return {"customers": _sorted_and_limited(result, params.get("sort"), params.get("limit"))}

    return app


# --- request parsing ----------------------------------------------------------------------------------
def _parse_ari_xml(body: str) -> dict[str, Any]:
    if not body.startswith("<"):
        raise QloAppsError(400, 85, "Invalid XML: hotel_ari accepts an XML body only")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise QloAppsError(400, 85, f"Invalid XML: {exc}") from None
    node = root.find("hotel_ari") if root.tag != "hotel_ari" else root
    if node is None:
        raise QloAppsError(400, 85, "Invalid XML: <hotel_ari> not found")

    def text(tag: str) -> str:
        found = node.find(tag) if node is not None else None
        return (found.text or "").strip() if found is not None else ""

    try:
        date_from = date.fromisoformat(text("date_from"))
        date_to = date.fromisoformat(text("date_to"))
    except ValueError:
        raise QloAppsError(400, 86, "date_from and date_to are required (YYYY-MM-DD)") from None
    if text("id_hotel") != str(demo.HOTEL_ID):
        raise QloAppsError(400, 87, "Hotel not found.")
    occupancy = [
        Occupancy(
            int((occ.findtext("adults") or "1").strip()), int((occ.findtext("children") or "0").strip())
        )
        for occ in node.iter("room_occupancy")
    ] or [Occupancy()]
    room_type = text("id_room_type")
    return {
        "date_from": date_from,
        "date_to": date_to,
        "id_room_type": int(room_type) if room_type else None,
        "date_wise_breakdown": text("date_wise_breakdown") in ("1", "true"),
        "occupancy": occupancy,
    }


async def _booking_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        payload = json.loads(raw)
    except ValueError:
        raise QloAppsError(400, 127, "Invalid request: the simulator takes JSON booking bodies") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("booking"), dict):
        raise QloAppsError(500, 127, "Invalid request.")
    return payload["booking"]


def _single_room_type(associations: dict[str, Any]) -> dict[str, Any]:
    room_types = associations.get("room_types")
    if isinstance(room_types, dict):
        room_types = [room_types.get("room_type", room_types)]
    if not isinstance(room_types, list) or not room_types:
        raise QloAppsError(400, 400, "Rooms not found in the request")
    if len(room_types) > 1:
        raise QloAppsError(400, 400, "The simulator books one room type per booking")
    item = room_types[0]
    try:
        check_in = date.fromisoformat(str(item["checkin_date"])[:10])
        check_out = date.fromisoformat(str(item["checkout_date"])[:10])
        room_type_id = int(item["id_room_type"])
    except (KeyError, ValueError):
        raise QloAppsError(400, 400, "id_room_type, checkin_date and checkout_date are required") from None
    rooms_in = item.get("rooms") or []
    count = max(int(item.get("number_of_rooms") or len(rooms_in) or 1), 1)
    rooms: list[Occupancy] = []
    unit_price = None
    for index in range(count):
        room = rooms_in[index] if index < len(rooms_in) and isinstance(rooms_in[index], dict) else {}
        # Quirk: only `adult`/`child` are read on write; `adults` is ignored (base occupancy applies).
        adults = int(room.get("adult") or 2)
        children = int(room.get("child") or 0)
        rooms.append(Occupancy(adults, children))
        if room.get("unit_price_without_tax") not in (None, ""):
            unit_price = Decimal(str(room["unit_price_without_tax"]))
    return {
        "id_room_type": room_type_id,
        "checkin_date": check_in,
        "checkout_date": check_out,
        "rooms": rooms,
        "unit_price": unit_price,
    }


# --- answers ------------------------------------------------------------------------------------------
async def _room_price(simulator: PMSSimulator, room_type_id: int) -> Decimal:
    types = {t.id: t for t in await simulator.catalogue()}
    return Decimal(types[room_type_id].base_price) if room_type_id in types else Decimal(0)


def _ari_object(
    inventory: list[RoomTypeInventory], check_in: date, check_out: date, rooms: int = 1
) -> dict[str, Any]:
    nights = (check_out - check_in).days
    room_types = []
    for item in inventory:
        nightly = nightly_without_tax(Decimal(item.room_type.base_price))  # with the room-priced service
        total = nightly * nights * rooms  # QloApps' total covers every occupancy asked for
        room_types.append(
            {
                "id_room_type": _s(item.room_type.id),
                "name": item.room_type.name,
                "base_price": _s(money(nightly)),
                "base_price_with_tax": _s(money(nightly * (1 + demo.TAX_RATE))),
                "total_price": _s(money(total)),
                "total_price_with_tax": _s(money(total * (1 + demo.TAX_RATE))),
                "rooms": {
                    # Quirk: a group is a dict keyed by room id, or [] when empty.
                    "available": {
                        str(room.id): {"id_room": _s(room.id), "room_num": room.number}
                        for room in item.available
                    }
                    or [],
                    "partially_available": [],
                    "booked": {
                        str(room.id): {"id_room": _s(room.id), "room_num": room.number}
                        for room in item.booked
                    }
                    or [],
                    "unavailable": [],
                },
            }
        )
    return {
        "id_hotel": _s(demo.HOTEL_ID),
        "date_from": check_in.isoformat(),
        "date_to": check_out.isoformat(),
        "currency": demo.CURRENCY,
        "total_rooms": _s(sum(len(i.available) + len(i.booked) for i in inventory)),
        "total_available_rooms": _s(sum(len(i.available) for i in inventory)),
        "room_types": room_types or [],
    }


def _booking_json(row: SimBookingRow, numbers: dict[int, str], customer_id: int | None) -> dict[str, Any]:
    stamp = " 00:00:00"
    nights = (row.check_out - row.check_in).days
    per_room_without_tax = money(Decimal(row.total_price_without_tax) / max(len(row.rooms), 1))
    created: datetime = row.created_at
    return {
        "id": row.id,
        "id_property": _s(demo.HOTEL_ID),
        "currency": row.currency,
        "source": row.source or "",
        "booking_date": created.strftime("%Y-%m-%d %H:%M:%S"),
        # Quirk: no booking_status / payment_status here; they live on the order.
        "associations": {
            "customer_detail": {
                "id_customer": _s(customer_id or 0),
                "firstname": row.firstname,
                "lastname": row.lastname,
                "email": row.email,
                "phone": row.phone or "",
            },
            "remarks": [row.remark] if row.remark else [],  # written as `remark`
            "price_details": {
                "total_paid": "0",  # what has been paid: nothing, pay at hotel
                "total_price_without_tax": _s(Decimal(row.total_price_without_tax)),
                "total_tax": _s(Decimal(row.total_tax)),
            },
            "room_types": [
                {
                    "id_room_type": _s(row.room_type_id),
                    "checkin_date": row.check_in.isoformat() + stamp,
                    "checkout_date": row.check_out.isoformat() + stamp,
                    "number_of_rooms": _s(len(row.rooms)),
                    "total_price_without_tax": _s(Decimal(row.total_price_without_tax)),
                    "rooms": [
                        {
                            "id_room": _s(room.room_id),
                            "room_num": numbers.get(room.room_id, ""),
                            "id_hotel_booking": _s(room.id),
                            "adults": _s(room.adults),  # read back as `adults`
                            "child": _s(room.children),
                            "unit_price_without_tax": _s(money(per_room_without_tax / max(nights, 1))),
                        }
                        for room in row.rooms
                    ],
                }
            ],
        },
    }
