"""Operator endpoints for conversations: human handoffs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, status

from hotel_agent.api.deps import AdminOnly, get_container
from hotel_agent.api.problems import errors
from hotel_agent.conversations.keys import ConversationKey, InvalidConversationKey

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


@router.post("/handoffs/{key}/release", responses=errors(400, 404))
async def release_handoff(key: str, request: Request) -> dict[str, Any]:
    """`key`: `chat:<guest_id>`, `whatsapp:<number>` or a bare WhatsApp number (as listed above)."""
    try:
        conversation = ConversationKey.parse(key)
    except InvalidConversationKey as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from None
    if not await get_container(request).conversations.release_handoff(conversation.storage_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"guest {key!r} is not handed off")
    return {"guest_id": key, "released": True}
