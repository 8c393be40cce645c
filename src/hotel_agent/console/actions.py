"""What staff do to a conversation: take it over (the bot pauses), reply through the guest's channel, hand
it back, write internal notes, ask the agent for a draft. Every action is written to the audit log."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from hotel_agent.channels.rules import WhatsAppWindow
from hotel_agent.channels.types import Reply
from hotel_agent.console.inbox import Holder, conversation_key, holder_of
from hotel_agent.console.models import AssignmentRow, AuditRow, NoteRow, StaffReplyRow
from hotel_agent.console.staff import Staff
from hotel_agent.conversations.keys import ConversationKey
from hotel_agent.conversations.models import ConversationMessageRow
from hotel_agent.db.base import utcnow
from hotel_agent.db.session import Database
from hotel_agent.errors import ProcessingFailure

if TYPE_CHECKING:
    from hotel_agent.container import Container

log = logging.getLogger(__name__)

MAX_REPLY = 4096  # WhatsApp's text body limit; the chat API accepts the same
MAX_NOTE = 2000
STAFF_KIND = "staff"  # conversation_messages.kind of a reply written by a person


async def audit(db: Database, staff: Staff | None, action: str, target: str = "", **detail: Any) -> None:
    async with db.transaction() as session:
        session.add(
            AuditRow(
                at=utcnow(),
                staff_email=staff.email if staff else "-",
                action=action,
                target=target[:300],
                detail=detail,
            )
        )


def target_of(channel: str, guest_id: str) -> str:
    return f"{channel}:{guest_id}"


class HeldByOther(Exception):
    def __init__(self, holder: Holder) -> None:
        super().__init__(holder.email)
        self.holder = holder


async def take_over(
    container: Container, staff: Staff, channel: str, guest_id: str, *, force: bool = False
) -> Holder | None:
    """Pause the bot for this guest and assign the conversation to `staff`. Held by someone else: raises
    HeldByOther unless `force` (the staff member saw who holds it and chose to take it). Returns the
    previous holder when it was taken from someone."""
    key = conversation_key(channel, guest_id)
    current = await holder_of(container, channel, guest_id)
    if current is not None and current.staff_id == staff.id:
        return None
    if current is not None and not force:
        raise HeldByOther(current)
    async with container.db.transaction() as session:
        if current is None:
            # A stale assignment (its handoff released elsewhere) holds nothing.
            await session.execute(
                delete(AssignmentRow).where(
                    AssignmentRow.channel == channel, AssignmentRow.guest_id == guest_id
                )
            )
        else:
            # Taken only from the holder the staff member saw: a third person's take-over in between wins.
            result = await session.execute(
                delete(AssignmentRow).where(
                    AssignmentRow.channel == channel,
                    AssignmentRow.guest_id == guest_id,
                    AssignmentRow.staff_id == current.staff_id,
                )
            )
            if not result.rowcount:  # type: ignore[attr-defined]
                raise HeldByOther(await holder_of(container, channel, guest_id) or current)
    try:
        async with container.db.transaction() as session:
            session.add(
                AssignmentRow(channel=channel, guest_id=guest_id, staff_id=staff.id, assigned_at=utcnow())
            )
    except IntegrityError:
        # Someone took it in the same instant: they hold it, and this staff member is told so.
        winner = await holder_of(container, channel, guest_id)
        if winner is not None and winner.staff_id != staff.id:
            raise HeldByOther(winner) from None
    await container.conversations.start_handoff(key, channel, f"taken over by {staff.name} in the console")
    await audit(
        container.db,
        staff,
        "take_over",
        target_of(channel, guest_id),
        **({"from": current.email} if current else {}),
    )
    return current


async def hand_back(container: Container, staff: Staff, channel: str, guest_id: str) -> None:
    """Release the handoff (the bot answers again) and the assignment."""
    async with container.db.transaction() as session:
        await session.execute(
            delete(AssignmentRow).where(AssignmentRow.channel == channel, AssignmentRow.guest_id == guest_id)
        )
    await container.conversations.release_handoff(conversation_key(channel, guest_id))
    await audit(container.db, staff, "hand_back", target_of(channel, guest_id))


class ReplyRefused(Exception):
    """The reply was not sent; `reason` is an i18n key, `values` its placeholders."""

    def __init__(self, reason: str, **values: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.values = values


Delivery = Literal["text", "template", "chat"]


def check_reply_text(text: str) -> str:
    if not text.strip():
        raise ReplyRefused("reply_empty")
    if len(text) > MAX_REPLY:
        raise ReplyRefused("reply_too_long", length=len(text), limit=MAX_REPLY)
    return text.strip()


def whatsapp_route(container: Container, last_inbound_at: datetime | None) -> Delivery | str:
    """How a WhatsApp reply would go out now: "text", "template", or the i18n key of why it cannot."""
    if getattr(container.pipeline, "sender", None) is None:
        return "whatsapp_not_configured"
    window = WhatsAppWindow.from_settings(container.settings)
    if last_inbound_at is not None and not window.is_closed(last_inbound_at, utcnow()):
        return "text"
    if container.settings.whatsapp_late_template_name.strip():
        return "template"
    return "window_closed"


async def send_reply(container: Container, staff: Staff, channel: str, guest_id: str, text: str) -> Delivery:
    """Send through the guest's channel and record who wrote it. Only the holder may reply.

    The send and its history row go through the message path's Delivery (`send_to_guest`: the 24 h rule,
    the template outside it, the chat history as the chat's delivery). What the console checks first is
    what Delivery would not refuse by itself: no WhatsApp credentials (it would only record the reply) and
    no template configured outside the window."""
    text = check_reply_text(text)
    holder = await holder_of(container, channel, guest_id)
    if holder is None:
        raise ReplyRefused("reply_not_held")
    if holder.staff_id != staff.id:
        raise ReplyRefused("reply_taken", name=holder.name)
    delivery: Delivery = "chat"
    if channel == "whatsapp":
        route = whatsapp_route(container, await container.conversations.last_inbound_at(guest_id, channel))
        if route not in ("text", "template"):
            raise ReplyRefused(route)
        delivery = "text" if route == "text" else "template"
    key = ConversationKey("whatsapp" if channel == "whatsapp" else "chat", guest_id)

    async def signed(session: AsyncSession, row: ConversationMessageRow) -> None:
        # Who wrote it commits with the reply's history row: there is never an unsigned staff reply.
        session.add(
            StaffReplyRow(
                message_row_id=row.id,
                staff_id=staff.id,
                delivery=delivery,
                provider_message_id=row.provider_message_id,
            )
        )

    try:
        await container.pipeline.delivery.send_to_guest(key, Reply(text), STAFF_KIND, also=signed)
    except ProcessingFailure as failure:
        detail = failure.detail or {}
        raise ReplyRefused(
            "send_failed", detail=f"HTTP {detail.get('status')}, code {detail.get('code')}"
        ) from None
    await audit(
        container.db, staff, "reply", target_of(channel, guest_id), delivery=delivery, length=len(text)
    )
    return delivery


async def add_note(container: Container, staff: Staff, channel: str, guest_id: str, text: str) -> None:
    if not text.strip():
        raise ReplyRefused("note_empty")
    if len(text) > MAX_NOTE:
        raise ReplyRefused("note_too_long", limit=MAX_NOTE)
    async with container.db.transaction() as session:
        session.add(
            NoteRow(
                channel=channel, guest_id=guest_id, staff_id=staff.id, text=text.strip(), created_at=utcnow()
            )
        )
    await audit(container.db, staff, "note", target_of(channel, guest_id), length=len(text))


async def conversation_exists(container: Container, channel: str, guest_id: str) -> bool:
    async with container.db.session() as session:
        found = await session.scalar(
            select(ConversationMessageRow.id)
            .where(ConversationMessageRow.channel == channel, ConversationMessageRow.guest_id == guest_id)
            .limit(1)
        )
    return found is not None
