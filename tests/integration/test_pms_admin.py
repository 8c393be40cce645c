"""build_pms + the admin PMS router: faults, breaker state, force-open/closed/reset, QloApps 409."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from hotel_agent.api import admin_pms
from hotel_agent.db.migrate import upgrade
from hotel_agent.db.session import Database
from hotel_agent.pms.base import PMSUnavailable
from hotel_agent.pms.factory import PMSComponents, build_pms
from hotel_agent.pms.qloapps import QloAppsPMS
from hotel_agent.resilience.breaker import BreakerState, CircuitOpenError
from hotel_agent.settings import Settings
from tests.apps import partial_container

pytestmark = pytest.mark.integration
TOKEN = "admin-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def settings_for(tmp_path: Path, **overrides: object) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path}/pms.db",
        pms_breaker_failure_threshold=2,
        pms_breaker_recovery_seconds=0.3,
        pms_breaker_half_open_max_calls=1,
        pms_breaker_probe_interval_seconds=0.05,
        **overrides,  # type: ignore[arg-type]
    )


async def app_for(settings: Settings) -> tuple[FastAPI, PMSComponents, Database]:
    db = Database(settings.database_url)
    components = await build_pms(settings, db)
    app = FastAPI()
    app.include_router(admin_pms.router)
    app.state.container = partial_container(
        settings=settings,
        db=db,
        admin_token=TOKEN,
        pms=components.pms,
        breaker=components.breaker,
        simulator=components.simulator,
    )
    return app, components, db


@pytest.fixture
async def simulator_app(tmp_path: Path) -> AsyncIterator[tuple[httpx.AsyncClient, PMSComponents]]:
    settings = settings_for(tmp_path)
    await asyncio.to_thread(upgrade, settings.database_url)
    app, components, db = await app_for(settings)
    await components.start()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        yield client, components
    await components.aclose()
    await db.dispose()


async def test_admin_routes_need_the_token(simulator_app: tuple[httpx.AsyncClient, PMSComponents]) -> None:
    client, _ = simulator_app
    assert (await client.get("/admin/pms/breaker")).status_code == 401
    wrong = await client.get("/admin/pms/breaker", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403


async def test_outage_walkthrough_through_the_admin_api(
    simulator_app: tuple[httpx.AsyncClient, PMSComponents],
) -> None:
    client, components = simulator_app
    assert (await client.get("/admin/pms/faults", headers=AUTH)).json()["mode"] == "ok"
    down = await client.post("/admin/pms/faults", json={"mode": "down"}, headers=AUTH)
    assert down.status_code == 200 and down.json()["mode"] == "down"
    for _ in range(2):
        with pytest.raises(PMSUnavailable):
            await components.pms.room_types()
    state = (await client.get("/admin/pms/breaker", headers=AUTH)).json()
    assert state["state"] == "open" and state["failure_streak"] == 2
    assert 0 < state["seconds_to_half_open"] <= 0.3
    with pytest.raises(CircuitOpenError):
        await components.pms.room_types()
    await client.post("/admin/pms/faults", json={"mode": "ok"}, headers=AUTH)
    for _ in range(100):  # the monitor moves it to half-open and its probe closes it, no guest call
        if components.breaker.state is BreakerState.CLOSED:
            break
        await asyncio.sleep(0.02)
    assert (await client.get("/admin/pms/breaker", headers=AUTH)).json()["state"] == "closed"
    assert len(await components.pms.room_types()) == 5


async def test_force_open_force_closed_reset(simulator_app: tuple[httpx.AsyncClient, PMSComponents]) -> None:
    client, components = simulator_app
    opened = (await client.post("/admin/pms/breaker/force-open", headers=AUTH)).json()
    assert (opened["state"], opened["forced"]) == ("open", "open")
    await asyncio.sleep(0.4)
    assert components.breaker.state is BreakerState.OPEN  # forced: the monitor does not recover it
    with pytest.raises(CircuitOpenError):
        await components.pms.room_types()
    closed = (await client.post("/admin/pms/breaker/force-closed", headers=AUTH)).json()
    assert (closed["state"], closed["forced"]) == ("closed", "closed")
    assert len(await components.pms.room_types()) == 5
    reset = (await client.post("/admin/pms/breaker/reset", headers=AUTH)).json()
    assert (reset["state"], reset["forced"], reset["failure_streak"]) == ("closed", None, 0)


async def test_bad_fault_body_is_a_clear_422(simulator_app: tuple[httpx.AsyncClient, PMSComponents]) -> None:
    client, _ = simulator_app
    answer = await client.post("/admin/pms/faults", json={"mode": "sideways"}, headers=AUTH)
    assert answer.status_code == 422 and "mode" in answer.text
    answer = await client.post("/admin/pms/faults", json={"mode": "error", "error_rate": 2}, headers=AUTH)
    assert answer.status_code == 422


async def test_faults_are_409_with_qloapps(tmp_path: Path) -> None:
    settings = settings_for(
        tmp_path, pms_backend="qloapps", qloapps_url="http://127.0.0.1:9", qloapps_api_key="K" * 32
    )
    app, components, db = await app_for(settings)
    assert isinstance(components.pms.inner, QloAppsPMS) and components.simulator is None
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        answer = await client.get("/admin/pms/faults", headers=AUTH)
        assert answer.status_code == 409 and "QloApps" in answer.json()["detail"]
        assert (
            await client.post("/admin/pms/faults", json={"mode": "down"}, headers=AUTH)
        ).status_code == 409
        assert (await client.get("/admin/pms/breaker", headers=AUTH)).json()["state"] == "closed"
    await components.aclose()
    await db.dispose()


async def test_qloapps_backend_without_url_or_key_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="HOTEL_AGENT_QLOAPPS_URL"):
        await build_pms(
            settings_for(tmp_path, pms_backend="qloapps"), Database(f"sqlite+aiosqlite:///{tmp_path}/x.db")
        )
