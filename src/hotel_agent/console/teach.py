"""Teaching the agent and drafting with it: staff correct the engine's reading of a guest message
(stored as labelled data), and ask for the reply the agent would give, run without side effects."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from hotel_agent.console import actions
from hotel_agent.console.corrections import CorrectionError, export_lines, parse_entities, save_correction
from hotel_agent.console.inbox import conversation_key
from hotel_agent.console.routes import (
    _conversation_action,
    _conversation_page,
    _conversation_url,
    _field,
    router,
)
from hotel_agent.console.web import container_of, current_session, login_redirect, render
from hotel_agent.conversations.models import ConversationMessageRow
from hotel_agent.conversations.store import ConversationStore
from hotel_agent.pms.base import Booking, BookingRequest, Occupancy

if TYPE_CHECKING:
    from hotel_agent.container import Container


async def _inbound_row(
    container: Container, channel: str, guest_id: str, raw_id: str
) -> ConversationMessageRow | None:
    if not raw_id.isdigit():
        return None
    async with container.db.session() as session:
        row = await session.get(ConversationMessageRow, int(raw_id))
    if row is None or row.channel != channel or row.guest_id != guest_id or row.direction != "in":
        return None
    return row


@router.post("/conversation/correct")
async def correct(request: Request) -> Response:
    posted = await _conversation_action(request)
    if isinstance(posted, Response):
        return posted
    session, form, container, channel, guest_id = posted
    row = await _inbound_row(container, channel, guest_id, _field(form, "message_row_id", 20))
    if row is None:
        return render(request, "error.html", {"message_key": "not_found"}, session, status_code=404)
    stored = row.reading or {}
    if stored.get("intent"):  # what the engine read when the turn ran: the reading being corrected
        engine_intent, engine_confidence = str(stored["intent"]), float(stored.get("confidence") or 0.0)
        engine_language = str(stored.get("language") or "")
    else:
        now = await asyncio.to_thread(container.orchestrator.analyzer, row.text.strip(), row.created_at, None)
        engine_intent, engine_confidence, engine_language = now.intent, now.confidence, now.language
    language = _field(form, "language", 2) or engine_language
    try:
        await save_correction(
            container.db,
            message_row_id=row.id,
            text=row.text,
            language=language,
            said_at=row.created_at,
            intent=_field(form, "intent", 32),
            entities=parse_entities(_field(form, "entities", 4000)),
            engine_intent=engine_intent,
            engine_confidence=engine_confidence,
            staff_id=session.staff.id,
        )
    except CorrectionError as exc:
        return await _conversation_page(
            request,
            session,
            channel,
            guest_id,
            error="failed",
            error_values={"what": str(exc)},
            status_code=400,
        )
    await actions.audit(
        container.db,
        session.staff,
        "correct_intent",
        actions.target_of(channel, guest_id),
        message=row.id,
        intent=_field(form, "intent", 32),
        engine_intent=engine_intent,
    )
    return RedirectResponse(
        _conversation_url(channel, guest_id) + f"&corrected={row.id}#m{row.id}", status_code=303
    )


@router.get("/corrections.jsonl")
async def corrections_export(request: Request) -> Response:
    session = await current_session(request)
    if session is None:
        return login_redirect(request)
    lines = await export_lines(container_of(request).db)
    return Response(
        "".join(line + "\n" for line in lines),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="corrections.jsonl"'},
    )


class DraftStopped(Exception):
    """The agent reached a booking action; a draft never runs it."""

    def __init__(self, action: str) -> None:
        super().__init__(action)
        self.action = action


class DraftPMS:
    """Reads from the real PMS; refuses to create, cancel or change anything."""

    def __init__(self, pms: Any) -> None:
        self._pms = pms

    async def room_types(self) -> Any:
        return await self._pms.room_types()

    async def search_availability(self, query: Any) -> Any:
        return await self._pms.search_availability(query)

    async def get_booking(self, booking_id: str) -> Booking:
        booking: Booking = await self._pms.get_booking(booking_id)
        return booking

    async def create_booking(self, request: BookingRequest) -> Booking:
        raise DraftStopped(
            f"create booking {request.check_in} → {request.check_out}, room type {request.room_type_id}"
        )

    async def cancel_booking(self, booking_id: str) -> Booking:
        raise DraftStopped(f"cancel booking {booking_id}")

    async def modify_booking(
        self,
        booking_id: str,
        check_in: date | None = None,
        check_out: date | None = None,
        occupancy: list[Occupancy] | None = None,
    ) -> Booking:
        raise DraftStopped(f"modify booking {booking_id}")

    async def ping(self) -> None:
        await self._pms.ping()

    async def aclose(self) -> None:
        return None


class DraftConversations:
    """Reads the guest's state; saves nothing and starts no handoff."""

    def __init__(self, real: ConversationStore) -> None:
        self._real = real

    async def get_state(self, guest_id: str) -> dict[str, Any]:
        return await self._real.get_state(guest_id)

    async def save_state(self, guest_id: str, state: dict[str, Any]) -> None:
        return None

    async def start_handoff(self, guest_id: str, channel: str, reason: str) -> bool:
        return False


@router.post("/conversation/draft")
async def draft(request: Request) -> Response:
    posted = await _conversation_action(request)
    if isinstance(posted, Response):
        return posted
    session, form, container, channel, guest_id = posted
    row = await _inbound_row(container, channel, guest_id, _field(form, "message_row_id", 20))
    if row is None:
        return render(request, "error.html", {"message_key": "not_found"}, session, status_code=404)
    from hotel_agent.errors import ProcessingFailure
    from hotel_agent.orchestrator.orchestrator import Orchestrator

    real = container.orchestrator
    orchestrator = Orchestrator(
        DraftPMS(container.pms),
        cast(ConversationStore, DraftConversations(container.conversations)),
        real.profile,
        analyzer=real.analyzer,
        settings=container.settings,
    )
    await actions.audit(
        container.db, session.staff, "draft", actions.target_of(channel, guest_id), message=row.id
    )
    try:
        turn = await orchestrator.respond(
            conversation_key(channel, guest_id), channel, row.text, row.created_at
        )
    except DraftStopped as stopped:
        return await _conversation_page(request, session, channel, guest_id, draft_action=stopped.action)
    except ProcessingFailure as failure:
        return await _conversation_page(
            request, session, channel, guest_id, error="draft_failed", error_values={"detail": str(failure)}
        )
    return await _conversation_page(
        request, session, channel, guest_id, reply_text=turn.reply.text, notice="draft_hint"
    )
