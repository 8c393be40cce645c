"""Alertmanager's webhook receiver (POST /admin/alerts) and the list of alerts received (GET /admin/alerts)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query, Request, status

from hotel_agent.api.deps import AdminOnly, get_container
from hotel_agent.observability.alerts import WebhookPayload, list_notifications, record_notification

router = APIRouter(prefix="/admin/alerts", tags=["admin", "alerts"], dependencies=[AdminOnly])


@router.post("", status_code=status.HTTP_200_OK)
async def receive_alerts(payload: WebhookPayload, request: Request) -> dict[str, Any]:
    """Alertmanager webhook (payload version 4). Each alert is recorded, counted and logged."""
    stored = await record_notification(get_container(request).db, payload)
    return {"received": stored, "status": payload.status}


@router.get("")
async def list_alerts(
    request: Request,
    status_filter: Literal["firing", "resolved"] | None = Query(None, alias="status"),
    alertname: str | None = Query(None, max_length=128),
    offset: int = Query(0, ge=0, le=2**31),
    limit: int = Query(50, ge=1, le=500),
) -> dict[str, Any]:
    page = await list_notifications(
        get_container(request).db, status=status_filter, alertname=alertname, offset=offset, limit=limit
    )
    return {"items": page.items, "total": page.total, "offset": offset, "limit": limit}
