"""Liveness, readiness and /metrics."""

from __future__ import annotations

import contextlib
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from hotel_agent.api.deps import get_container
from hotel_agent.observability.metrics import SHARED_STATE, InboxGaugeReading, render_latest

router = APIRouter(tags=["health"])

# A write transaction that cannot start within this means writes are stalled: not ready.
WRITE_CHECK_SECONDS = 2.0


@router.get("/health/live")
async def live() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/health/ready",
    responses={
        503: {"description": "The database or Redis does not answer (same body, status 'unavailable')"}
    },
)
async def ready(request: Request) -> JSONResponse:
    """Ready when the database takes writes and Redis answers. The breaker is reported, not judged: an open
    breaker means the PMS is down, and this process can still accept and dead-letter messages."""
    container = get_container(request)
    checks: dict[str, Any] = {}
    healthy = True
    try:
        await container.db.ping()
        # Reads can work while writes stall (a held SQLite write lock): accepting a message needs a write.
        await container.db.check_writes(timeout=WRITE_CHECK_SECONDS)
        checks["database"] = "ok"
    except Exception as exc:
        healthy = False
        checks["database"] = f"error: {type(exc).__name__}"
    if container.redis is not None:
        try:
            await container.redis.ping()
            checks["redis"] = "ok"
        except Exception as exc:
            healthy = False
            checks["redis"] = f"error: {type(exc).__name__}"
    else:
        checks["redis"] = "not configured (in-process stores)"
    if container.breaker is not None:
        checks["pms_breaker"] = container.breaker.state
    return JSONResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks}, 200 if healthy else 503
    )


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    container = get_container(request)
    if container.dlq is not None:
        # A store hiccup must not hide every other metric; the gauges keep their last reading.
        with contextlib.suppress(Exception):
            SHARED_STATE.reading = await container.dlq.stats()
    if container.pipeline is not None:
        with contextlib.suppress(Exception):
            inbox = await container.pipeline.inbox.reading(container.pipeline.worker.lease)
            SHARED_STATE.inbox = InboxGaugeReading(
                float(inbox.waiting), inbox.lag_seconds, inbox.oldest_in_flight_seconds
            )
    body, content_type = render_latest()
    return Response(body, media_type=content_type)
