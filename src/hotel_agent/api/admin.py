"""Operator endpoints for conversations: human handoffs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, status

from hotel_agent.api.deps import AdminOnly, get_container
from hotel_agent.api.problems import errors

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[AdminOnly])


@router.get("/handoffs")
async def list_handoffs(request: Request) -> dict[str, Any]:
    handoffs = await get_container(request).conversations.list_handoffs()
    return {
        "handoffs": [
            {
                "guest_id": h.guest_id,
                "channel": h.channel,
                "reason": h.reason,
                "created_at": h.created_at.isoformat(),
            }
            for h in handoffs
        ]
    }


@router.post("/handoffs/{guest_id}/release", responses=errors(404))
async def release_handoff(guest_id: str, request: Request) -> dict[str, Any]:
    if not await get_container(request).conversations.release_handoff(guest_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"guest {guest_id!r} is not handed off")
    return {"guest_id": guest_id, "released": True}
