"""Operator endpoints for the PMS: fault injection (simulator) and the circuit breaker."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, status

from hotel_agent.api.deps import AdminOnly, get_container
from hotel_agent.api.problems import errors
from hotel_agent.pms.simulator import FaultConfig, PMSSimulator
from hotel_agent.resilience.breaker import CircuitBreaker

router = APIRouter(prefix="/admin/pms", tags=["admin: pms"], dependencies=[AdminOnly])


def _simulator(request: Request) -> PMSSimulator:
    simulator = get_container(request).simulator
    if simulator is None:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            "fault injection needs the PMS simulator; this service uses QloApps (HOTEL_AGENT_PMS_BACKEND=qloapps)",
        )
    return simulator


def _breaker(request: Request) -> CircuitBreaker:
    breaker = get_container(request).breaker
    if breaker is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "the PMS circuit breaker is not built yet")
    return breaker


@router.get("/faults", responses=errors(409))
async def get_faults(request: Request) -> dict[str, Any]:
    return _simulator(request).faults.config.model_dump()


@router.post("/faults", responses=errors(409))
async def set_faults(config: FaultConfig, request: Request) -> dict[str, Any]:
    return _simulator(request).set_faults(config).model_dump()


@router.get("/breaker", responses=errors(503))
async def breaker_state(request: Request) -> dict[str, Any]:
    return _breaker(request).snapshot().as_dict()


@router.post("/breaker/force-open", responses=errors(503))
async def force_open(request: Request) -> dict[str, Any]:
    breaker = _breaker(request)
    breaker.force_open()
    return breaker.snapshot().as_dict()


@router.post("/breaker/force-closed", responses=errors(503))
async def force_closed(request: Request) -> dict[str, Any]:
    breaker = _breaker(request)
    breaker.force_closed()
    return breaker.snapshot().as_dict()


@router.post("/breaker/reset", responses=errors(503))
async def reset(request: Request) -> dict[str, Any]:
    breaker = _breaker(request)
    breaker.reset()
    return breaker.snapshot().as_dict()
