"""The QloApps client end to end against the standalone simulator server (real HTTP on a free port)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import httpx
import pytest
import uvicorn
from prometheus_client import REGISTRY

from hotel_agent.db.migrate import upgrade
from hotel_agent.db.session import Database
from hotel_agent.pms.base import (
    AvailabilityQuery,
    BookingNotFound,
    BookingRequest,
    GuestDetails,
    Occupancy,
    PMSUnavailable,
    RoomNotAvailable,
)
from hotel_agent.pms.qloapps import BookingLookupInconclusive, QloAppsPMS
from hotel_agent.pms.resilient import ResilientPMS
from hotel_agent.pms.simulator import FaultConfig, PMSSimulator
from hotel_agent.pms.simulator.server import create_app
from hotel_agent.resilience.breaker import BreakerConfig, BreakerState, CircuitBreaker, CircuitOpenError
from tests.services import free_port
from tests.sqlite_template import seed_at_head

pytestmark = pytest.mark.integration
API_KEY = "TESTKEY0123456789ABCDEFGHIJKLMNO"
ADMIN = "sim-admin"


@dataclass
class Running:
    url: str
    simulator: PMSSimulator


@pytest.fixture
async def server(sqlite_url: str) -> AsyncIterator[Running]:
    await asyncio.to_thread(seed_at_head, sqlite_url)  # a copy at head: the upgrade below finds it there
    await asyncio.to_thread(upgrade, sqlite_url)
    db = Database(sqlite_url)
    simulator = PMSSimulator(db)
    port = free_port()
    config = uvicorn.Config(
        create_app(simulator, api_key=API_KEY, admin_token=ADMIN),
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )
    uv = uvicorn.Server(config)
    task = asyncio.create_task(uv.serve())
    for _ in range(500):
        if uv.started:
            break
        await asyncio.sleep(0.02)
    assert uv.started, "simulator server did not start"
    yield Running(f"http://127.0.0.1:{port}", simulator)
    uv.should_exit = True
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await db.dispose()


@pytest.fixture
async def client(server: Running) -> AsyncIterator[QloAppsPMS]:
    pms = QloAppsPMS(server.url, API_KEY, timeout_seconds=15.0, retry_delay_seconds=0.01)
    yield pms
    await pms.aclose()


def future_stay(days: int = 15, nights: int = 2) -> tuple[date, date]:
    check_in = date.today() + timedelta(days=days)
    return check_in, check_in + timedelta(days=nights)


def booking_request(
    reference: str, room_type_id: int = 2, adults: int = 2, children: int = 1
) -> BookingRequest:
    check_in, check_out = future_stay()
    return BookingRequest(
        reference=reference,
        room_type_id=room_type_id,
        check_in=check_in,
        check_out=check_out,
        guest=GuestDetails("Lucía", "Pérez", "lucia@example.com", "+34611111111"),
        occupancy=[Occupancy(adults, children)],
    )


async def test_room_types_through_hotel_room_types_and_room_types(client: QloAppsPMS) -> None:
    types = await client.room_types()
    assert [(t.id, t.name, t.base_price) for t in types][:2] == [
        (1, "General Rooms", Decimal("1000.000000")),
        (2, "Delux Rooms", Decimal("1500.000000")),
    ]
    assert [t.kind for t in types] == ["single", "double", "twin", "suite", "family"]
    assert types[4].max_adults == 4


async def test_availability_quotes_what_a_booking_charges(client: QloAppsPMS) -> None:
    check_in, check_out = future_stay(nights=2)
    before = (
        REGISTRY.get_sample_value(
            "pms_api_latency_seconds_count", {"endpoint": "hotel_ari", "method": "POST"}
        )
        or 0.0
    )
    offers = await client.search_availability(AvailabilityQuery(check_in, check_out, [Occupancy(2, 0)]))
    assert (
        REGISTRY.get_sample_value(
            "pms_api_latency_seconds_count", {"endpoint": "hotel_ari", "method": "POST"}
        )
        == before + 1
    )
    delux = next(o for o in offers if o.room_type_id == 2)
    assert delux.available_rooms == 5
    # (1500 + the 250/night service priced with the room) x 2 nights x 1.04, as on a real QloApps
    assert delux.total_price == Decimal("3640.00")
    assert delux.nightly_price == Decimal("1820.00")
    assert delux.note is None


async def test_book_read_modify_cancel(client: QloAppsPMS, server: Running) -> None:
    created = await client.create_booking(booking_request("HA-E2E-1"))
    assert created.status == "confirmed"
    assert created.total_price == Decimal("3640.00")  # what the availability quote said
    # adult/child were written (not `adults`), so the occupancy survived the round trip
    assert created.occupancy == [Occupancy(2, 1)]
    fetched = await client.get_booking(created.id)
    assert (fetched.reference, fetched.guest_email, fetched.check_in) == (
        "HA-E2E-1",
        "lucia@example.com",
        created.check_in,
    )
    offers = await client.search_availability(AvailabilityQuery(created.check_in, created.check_out))
    assert next(o for o in offers if o.room_type_id == 2).available_rooms == 4

    modified = await client.modify_booking(created.id, check_out=created.check_out + timedelta(days=1))
    assert modified.check_out == created.check_out + timedelta(days=1)
    assert modified.total_price == Decimal("5460.00")

    cancelled = await client.cancel_booking(created.id)
    assert cancelled.status == "cancelled"
    assert (await client.get_booking(created.id)).status == "cancelled"
    row = await server.simulator.booking_row(created.id)
    assert row.status == "cancelled" and len(row.rooms) == 1  # the echoed rooms kept the room set


async def test_room_not_available_and_not_found(client: QloAppsPMS) -> None:
    for n in range(3):
        await client.create_booking(booking_request(f"FAM-{n}", room_type_id=5, adults=3, children=0))
    with pytest.raises(RoomNotAvailable) as caught:
        await client.create_booking(booking_request("FAM-X", room_type_id=5, adults=3, children=0))
    assert caught.value.code == 404 and caught.value.status == 400
    with pytest.raises(BookingNotFound):
        await client.get_booking("4242")


async def test_create_is_idempotent_across_a_500_after_commit(client: QloAppsPMS, server: Running) -> None:
    server.simulator.set_faults(FaultConfig(mode="error", fail_after_commit=True))
    booking = await client.create_booking(booking_request("HA-COMMIT-500"))
    assert booking.reference == "HA-COMMIT-500"
    server.simulator.set_faults(FaultConfig())
    assert await server.simulator.booking_ids() == [int(booking.id)]  # committed once, not retried blindly
    # A later retry (e.g. from the DLQ, new client) finds it instead of booking again.
    fresh = QloAppsPMS(server.url, API_KEY)
    try:
        again = await fresh.create_booking(booking_request("HA-COMMIT-500"))
    finally:
        await fresh.aclose()
    assert again.id == booking.id
    assert len(await server.simulator.booking_ids()) == 1


class LoseFirstCreateAnswer(httpx.AsyncBaseTransport):
    """Real HTTP, but the first POST /api/bookings answer is lost: the server committed, the client times out."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.lost = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and request.url.path == "/api/bookings" and not self.lost:
            await response.aread()
            await response.aclose()
            self.lost += 1
            raise httpx.ReadTimeout("answer lost", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_create_is_idempotent_across_a_timeout(server: Running) -> None:
    transport = LoseFirstCreateAnswer()
    pms = QloAppsPMS(server.url, API_KEY, transport=transport, retry_delay_seconds=0.01)
    try:
        booking = await pms.create_booking(booking_request("HA-TIMEOUT"))
    finally:
        await pms.aclose()
    assert transport.lost == 1
    assert booking.reference == "HA-TIMEOUT"
    assert await server.simulator.booking_ids() == [int(booking.id)]  # looked up, not posted twice


class LoseCreateAnswerThenGoDark(httpx.AsyncBaseTransport):
    """The POST commits but its answer is lost, and every later call fails: the process learns nothing."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.posted = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.posted:
            raise httpx.ConnectError("connection refused", request=request)
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and request.url.path == "/api/bookings":
            await response.aread()
            await response.aclose()
            self.posted = True
            raise httpx.ReadTimeout("answer lost", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def website_booking(server: Running, email: str, day: int, room_type_id: int) -> None:
    """A booking made elsewhere (the hotel's website), straight through the webservice."""
    check_in = date.today() + timedelta(days=day)
    body = {
        "booking": {
            "id_property": 1,
            "currency": "USD",
            "booking_status": 1,
            "payment_status": 3,
            "source": "website",
            "remark": "",
            "associations": {
                "customer_detail": {"firstname": "Web", "lastname": "Guest", "email": email, "phone": "1"},
                "room_types": [
                    {
                        "id_room_type": room_type_id,
                        "checkin_date": check_in.isoformat(),
                        "checkout_date": (check_in + timedelta(days=1)).isoformat(),
                        "number_of_rooms": 1,
                        "rooms": [{"adult": 1, "child": 0}],
                    }
                ],
            },
        }
    }
    async with httpx.AsyncClient(base_url=server.url, auth=httpx.BasicAuth(API_KEY, "")) as raw:
        answer = await raw.post("/api/bookings", params={"output_format": "JSON"}, json=body)
    assert answer.status_code == 200, answer.text


async def test_late_retry_after_many_newer_bookings_finds_the_committed_one(server: Running) -> None:
    transport = LoseCreateAnswerThenGoDark()
    first = QloAppsPMS(server.url, API_KEY, transport=transport, retry_delay_seconds=0.01)
    try:
        with pytest.raises(PMSUnavailable, match="unknown; not retrying"):
            await first.create_booking(booking_request("HA-LATE-RETRY"))
    finally:
        await first.aclose()
    committed = await server.simulator.booking_ids()
    assert len(committed) == 1  # it did commit, and the first process never learnt its id

    # Hours pass: 60 website bookings by other guests and 30 more by the same guest.
    for n in range(60):
        await website_booking(server, f"guest{n}@example.com", day=30 + n, room_type_id=1 + n % 4)
    for n in range(30):
        await website_booking(server, "lucia@example.com", day=100 + n, room_type_id=1 + n % 4)
    before_retry = await server.simulator.booking_ids()
    assert len(before_retry) == 91

    restarted = QloAppsPMS(server.url, API_KEY, retry_delay_seconds=0.01)  # the DLQ worker, later
    try:
        found = await restarted.create_booking(booking_request("HA-LATE-RETRY"))
    finally:
        await restarted.aclose()
    assert found.id == str(committed[0]) and found.reference == "HA-LATE-RETRY"
    assert await server.simulator.booking_ids() == before_retry  # no second booking

    # Past the hard cap the client refuses instead of guessing: nothing is created.
    capped = QloAppsPMS(server.url, API_KEY, lookup_max_bookings=10)
    try:
        with pytest.raises(BookingLookupInconclusive, match="cannot confirm whether booking HA-NEW exists"):
            await capped.create_booking(booking_request("HA-NEW"))
    finally:
        await capped.aclose()
    assert await server.simulator.booking_ids() == before_retry


async def test_timeout_with_lookup_failing_too_does_not_retry_blindly(server: Running) -> None:
    server.simulator.set_faults(FaultConfig(mode="slow", latency_ms=500))
    impatient = QloAppsPMS(server.url, API_KEY, timeout_seconds=0.2)
    try:
        with pytest.raises(PMSUnavailable, match="no answer within"):
            await impatient.create_booking(booking_request("HA-SLOW"))
    finally:
        await impatient.aclose()
        server.simulator.set_faults(FaultConfig())


async def test_wrong_key_is_an_outage_and_the_key_is_never_shown(server: Running) -> None:
    secret = "WRONGKEYWRONGKEYWRONGKEYWRONGKEY"
    pms = QloAppsPMS(server.url, secret)
    try:
        with pytest.raises(PMSUnavailable) as caught:
            await pms.room_types()
    finally:
        await pms.aclose()
    assert "key was refused" in str(caught.value)
    assert secret not in str(caught.value) and secret not in repr(pms)


async def test_down_simulator_opens_the_breaker_and_the_probe_closes_it(server: Running) -> None:
    pms = QloAppsPMS(server.url, API_KEY, timeout_seconds=2.0)
    breaker = CircuitBreaker(BreakerConfig(failure_threshold=2, recovery_seconds=0.3, half_open_max_calls=1))
    resilient = ResilientPMS(pms, breaker, observe_latency=False)
    monitor = asyncio.create_task(breaker.run_monitor(pms.ping, interval=0.05))
    try:
        async with httpx.AsyncClient(base_url=server.url) as admin:
            answer = await admin.post(
                "/admin/pms/faults", json={"mode": "down"}, headers={"Authorization": f"Bearer {ADMIN}"}
            )
            assert answer.status_code == 200 and answer.json()["mode"] == "down"
            unauthorised = await admin.post("/admin/pms/faults", json={"mode": "ok"})
            assert unauthorised.status_code == 401
        for _ in range(2):
            with pytest.raises(PMSUnavailable, match="503"):
                await resilient.room_types()
        with pytest.raises(CircuitOpenError):
            await resilient.room_types()
        assert breaker.state is BreakerState.OPEN
        server.simulator.set_faults(FaultConfig())
        for _ in range(100):
            if breaker.state is BreakerState.CLOSED:
                break
            await asyncio.sleep(0.02)
        assert breaker.state is BreakerState.CLOSED  # no guest traffic needed
        assert len(await resilient.room_types()) == 5
    finally:
        monitor.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await monitor
        await pms.aclose()


async def test_simulator_speaks_qloapps_quirks_over_http(server: Running) -> None:
    auth = httpx.BasicAuth(API_KEY, "")
    async with httpx.AsyncClient(base_url=server.url, params={"output_format": "JSON"}) as raw:
        no_key = await raw.get("/api/room_types")
        assert no_key.status_code == 401 and "Basic" in no_key.headers["www-authenticate"]
        with pytest.raises(ValueError):
            no_key.json()  # plain text, like QloApps
        json_ari = await raw.post("/api/hotel_ari", json={"hotel_ari": {}}, auth=auth)
        assert json_ari.status_code == 400 and json_ari.json()["errors"][0]["code"] == 85
        check_in, check_out = future_stay(nights=2)
        xml = (
            f"<qloapps><hotel_ari><id_hotel>1</id_hotel><date_from>{check_in}</date_from>"
            f"<date_to>{check_out}</date_to><date_wise_breakdown>1</date_wise_breakdown></hotel_ari></qloapps>"
        )
        breakdown = (await raw.post("/api/hotel_ari", content=xml, auth=auth)).json()
        assert len(breakdown["hotel_aris"]) == 2
        first = breakdown["hotel_aris"][0]["room_types"][0]
        assert first["base_price"] == "1250.000000" and first["rooms"]["booked"] == []
        delete = await raw.delete("/api/bookings/1", auth=auth)
        assert delete.status_code == 405
        no_rooms = await raw.put("/api/bookings/1", json={"booking": {"booking_status": 3}}, auth=auth)
        assert no_rooms.status_code == 400 and no_rooms.json()["errors"][0]["code"] == 404
