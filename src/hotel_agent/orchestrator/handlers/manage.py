"""Existing bookings by reference: status, cancel (after a confirmation) and modify dates or guests.

Booking numbers are small sequential integers, so a number proves nothing. A booking made in this
conversation is the guest's; any other is shown or changed only after the guest gives the email it was
made with. A wrong email and an unknown number read the same, and wrong emails are capped per conversation.
"""

from __future__ import annotations

from datetime import date, timedelta

from hotel_agent.channels.types import Reply
from hotel_agent.orchestrator import replies as r
from hotel_agent.orchestrator.context import Context
from hotel_agent.orchestrator.handlers import availability
from hotel_agent.orchestrator.handlers.common import (
    as_int,
    bare_number,
    find_email,
    find_reference,
    is_valid_email,
    looks_like_email_attempt,
    occupancy,
    reference_after_keyword,
)
from hotel_agent.orchestrator.state import Managed, Purpose
from hotel_agent.pms.base import Booking, BookingNotFound, PMSRejected, RoomNotAvailable

STEPS = ("ask_reference", "ask_owner_email", "confirm_cancel", "ask_modification", "confirm_modify")
MAX_FAILED_OWNERSHIP_CHECKS = 3
PURPOSE_OF_INTENT: dict[str, Purpose] = {
    "reservation_status": "status",
    "cancel_reservation": "cancel",
    "modify_reservation": "modify",
}
DATE_WORDS = ("fecha", "día", "dia", "noche", "date", "day", "night")
GUEST_WORDS = ("persona", "huésped", "huesped", "adulto", "niño", "nino", "people", "guest", "adult", "child")


async def handle(ctx: Context) -> Reply:
    purpose = PURPOSE_OF_INTENT[ctx.intent]
    state = ctx.state
    state.managed = Managed(purpose=purpose)
    if purpose == "modify":
        _take_changes(ctx)
    reference = _reference_in(ctx, free_text=False) or state.last_booking_id
    if reference is None:
        state.pending = "ask_reference"
        return r.text_reply(f"ask_reference_{purpose}", ctx.language)
    return await with_reference(ctx, reference)


async def continue_step(ctx: Context) -> Reply | None:
    state, intent, managed = ctx.state, ctx.intent, ctx.state.managed
    if managed is None:
        return None
    if state.pending == "ask_reference":
        reference = _reference_in(
            ctx, free_text=intent in ("unknown", "affirm") or intent in PURPOSE_OF_INTENT
        )
        return await with_reference(ctx, reference) if reference else None
    if state.pending == "ask_owner_email":
        return await _answer_owner_email(ctx)
    if state.pending == "confirm_cancel":
        if intent == "cancel_reservation" and _reference_in(ctx, free_text=False) not in (
            None,
            managed.booking_id,
        ):
            return None  # another booking named: start over with that one
        if intent in ("affirm", "cancel_reservation"):
            return await _cancel(ctx)
        if intent == "deny":
            state.pending, state.managed = None, None
            return r.text_reply("cancel_declined", ctx.language, booking_id=managed.booking_id)
        return None
    if state.pending == "ask_modification":
        if _take_changes(ctx):
            return _propose_change(ctx)
        lowered = ctx.text.lower()
        if any(word in lowered for word in DATE_WORDS):
            return r.text_reply("ask_new_dates", ctx.language)
        if any(word in lowered for word in GUEST_WORDS):
            return r.text_reply("ask_guests", ctx.language)
        return None
    if state.pending == "confirm_modify":
        if intent == "affirm":
            return await _modify(ctx)
        if intent == "deny":
            state.pending, state.managed = None, None
            return r.text_reply("modify_declined", ctx.language, booking_id=managed.booking_id)
        if _take_changes(ctx):
            return _propose_change(ctx)
    return None


async def with_reference(ctx: Context, reference: str) -> Reply:
    """The booking the guest named: opened if it is theirs, else their email is asked for first."""
    state = ctx.state
    managed = state.managed
    assert managed is not None
    if state.owns(reference):
        return await _open(ctx, reference)
    managed.booking_id, managed.claimed_reference = None, reference
    if state.failed_ownership_checks >= MAX_FAILED_OWNERSHIP_CHECKS:
        return _ownership_locked(ctx)
    email = _email_in(ctx)
    if email is not None:  # "cancel booking 12, my email is ana@example.com"
        return await _check_owner(ctx, email)
    state.pending = "ask_owner_email"
    return r.text_reply("ask_owner_email", ctx.language, booking_id=reference)


async def _answer_owner_email(ctx: Context) -> Reply | None:
    state = ctx.state
    email = _email_in(ctx)
    if email is not None:
        return await _check_owner(ctx, email)
    if looks_like_email_attempt(ctx.text):
        return r.text_reply("invalid_email", ctx.language)  # a typo, not a guess: not counted
    if ctx.intent == "deny":
        state.pending, state.managed = None, None
        return r.text_reply("owner_email_declined", ctx.language, [r.button("human_handoff", ctx.language)])
    return None


async def _check_owner(ctx: Context, email: str) -> Reply:
    """Open the claimed booking if `email` is the one it was made with. An unknown number and a wrong
    email get the same answer, so the guest learns nothing about bookings that are not theirs."""
    state, managed = ctx.state, ctx.state.managed
    assert managed is not None and managed.claimed_reference is not None
    try:
        booking: Booking | None = await ctx.pms.get_booking(managed.claimed_reference)
    except PMSRejected:  # BookingNotFound included
        booking = None
    if booking is None or not _same_email(booking.guest_email, email):
        state.failed_ownership_checks += 1
        if state.failed_ownership_checks >= MAX_FAILED_OWNERSHIP_CHECKS:
            return _ownership_locked(ctx)
        state.pending = "ask_owner_email"
        return r.text_reply("owner_mismatch", ctx.language, [r.button("human_handoff", ctx.language)])
    managed.claimed_reference = None
    state.remember_booking(booking.id)
    return await _open(ctx, booking.id, booking)


def _ownership_locked(ctx: Context) -> Reply:
    ctx.state.pending, ctx.state.managed = None, None
    return r.text_reply("ownership_locked", ctx.language, [r.button("human_handoff", ctx.language)])


def _same_email(on_booking: str | None, given: str) -> bool:
    return on_booking is not None and on_booking.strip().casefold() == given.strip().casefold()


def _email_in(ctx: Context) -> str | None:
    found = ctx.entities.get("email") or find_email(ctx.text)
    return found.strip() if isinstance(found, str) and is_valid_email(found) else None


async def _open(ctx: Context, reference: str, booking: Booking | None = None) -> Reply:
    """A booking the guest has shown is theirs: its status, or the next step of cancelling/changing it."""
    state, language = ctx.state, ctx.language
    managed = state.managed
    assert managed is not None
    if booking is None:
        try:
            booking = await ctx.pms.get_booking(reference)
        except BookingNotFound:
            state.pending = "ask_reference"
            return r.text_reply("booking_not_found", language, booking_id=reference)
    room = await ctx.rooms.get(booking.room_type_id)
    managed.booking_id = booking.id
    managed.room_name = room.name if room else str(booking.room_type_id)
    managed.check_in, managed.check_out = booking.check_in, booking.check_out
    managed.adults = sum(o.adults for o in booking.occupancy)
    managed.children = sum(o.children for o in booking.occupancy)
    managed.rooms = max(1, len(booking.occupancy))

    if managed.purpose == "status":
        state.pending, state.managed = None, None
        return _status(ctx, booking, managed.room_name)
    if booking.status != "confirmed":
        state.pending, state.managed = None, None
        return r.text_reply(
            "not_active", language, booking_id=booking.id, status=r.status_name(booking.status, language)
        )
    if managed.purpose == "cancel":
        state.pending = "confirm_cancel"
        return r.text_reply(
            "confirm_cancel",
            language,
            r.yes_no_buttons(language),
            booking_id=booking.id,
            room=managed.room_name,
            stay=r.format_stay(booking.check_in, booking.check_out, language),
            policy=ctx.profile.cancellation_policy.get(language),
        )
    if managed.new_check_in or managed.new_check_out or managed.new_adults is not None:
        return _propose_change(ctx)
    state.pending = "ask_modification"
    return _ask_modification(ctx)


def prompt(ctx: Context) -> Reply:
    state, managed, language = ctx.state, ctx.state.managed, ctx.language
    if managed is not None and state.pending == "ask_owner_email" and managed.claimed_reference:
        return r.text_reply("ask_owner_email", language, booking_id=managed.claimed_reference)
    if managed is None or state.pending == "ask_reference" or managed.booking_id is None:
        purpose = managed.purpose if managed else "status"
        return r.text_reply(f"ask_reference_{purpose}", language)
    if state.pending in ("confirm_cancel", "confirm_modify"):
        return r.text_reply("confirm_yes_no", language, r.yes_no_buttons(language))
    return _ask_modification(ctx)


def _status(ctx: Context, booking: Booking, room_name: str) -> Reply:
    language = ctx.language
    return r.text_reply(
        "booking_status",
        language,
        booking_id=booking.id,
        status=r.status_name(booking.status, language),
        room=room_name,
        stay=r.format_stay(booking.check_in, booking.check_out, language),
        guests=r.format_guests(
            sum(o.adults for o in booking.occupancy), sum(o.children for o in booking.occupancy), language
        ),
        total=r.format_price(booking.total_price, booking.currency, language),
    )


def _ask_modification(ctx: Context) -> Reply:
    managed, language = ctx.state.managed, ctx.language
    assert managed and managed.check_in and managed.check_out
    return r.text_reply(
        "ask_modification",
        language,
        booking_id=managed.booking_id,
        stay=r.format_stay(managed.check_in, managed.check_out, language),
        guests=r.format_guests(managed.adults or 0, managed.children, language),
    )


def _take_changes(ctx: Context) -> bool:
    """New dates/guests in this message (relative to the booking's own); True if any."""
    managed, entities = ctx.state.managed, ctx.entities
    assert managed is not None
    changed = False
    check_in = availability.as_date(entities.get("check_in"))
    check_out = availability.as_date(entities.get("check_out"))
    nights = as_int(entities.get("nights"))
    if check_in is not None:
        managed.new_check_in, changed = check_in, True
    if check_out is not None:
        managed.new_check_out, changed = check_out, True
    if nights and nights > 0:
        start = managed.new_check_in or managed.check_in
        if start is not None:
            managed.new_check_out, changed = start + timedelta(days=nights), True
    adults = as_int(entities.get("adults"))
    if adults is None and "check_in" not in entities and ctx.state.pending == "ask_modification":
        lowered = ctx.text.lower()
        if any(word in lowered for word in GUEST_WORDS):
            adults = bare_number(ctx.text)
    if adults is not None and adults > 0:
        managed.new_adults, changed = adults, True
    children = as_int(entities.get("children"))
    if children is not None:
        managed.new_children, changed = children, True
    return changed


def _new_stay(ctx: Context) -> tuple[date, date, int, int]:
    managed = ctx.state.managed
    assert managed and managed.check_in and managed.check_out
    check_in = managed.new_check_in or managed.check_in
    if managed.new_check_out:
        check_out = managed.new_check_out
    elif managed.new_check_in:  # moved arrival keeps the length of stay
        check_out = check_in + (managed.check_out - managed.check_in)
    else:
        check_out = managed.check_out
    adults = managed.new_adults if managed.new_adults is not None else managed.adults or 1
    children = managed.new_children if managed.new_children is not None else managed.children
    return check_in, check_out, adults, children


def _propose_change(ctx: Context) -> Reply:
    state, language, managed = ctx.state, ctx.language, ctx.state.managed
    assert managed is not None
    if managed.booking_id is None:  # changes given before the reference
        state.pending = "ask_reference"
        return r.text_reply("ask_reference_modify", language)
    check_in, check_out, adults, children = _new_stay(ctx)
    if check_in < ctx.today:
        managed.new_check_in = managed.new_check_out = None
        state.pending = "ask_modification"
        return r.text_reply("date_in_past", language)
    if check_out <= check_in:
        managed.new_check_in = managed.new_check_out = None
        state.pending = "ask_modification"
        return r.text_reply("dates_reversed", language)
    state.pending = "confirm_modify"
    return r.text_reply(
        "confirm_modify",
        language,
        r.yes_no_buttons(language),
        booking_id=managed.booking_id,
        stay=r.format_stay(check_in, check_out, language),
        guests=r.format_guests(adults, children, language),
    )


async def _cancel(ctx: Context) -> Reply:
    state, language, managed = ctx.state, ctx.language, ctx.state.managed
    assert managed is not None and managed.booking_id is not None
    booking_id = managed.booking_id
    try:
        await ctx.pms.cancel_booking(booking_id)
    except BookingNotFound:
        state.pending, state.managed = None, None
        return r.text_reply("booking_not_found", language, booking_id=booking_id)
    except PMSRejected:
        state.pending, state.managed = None, None
        return r.text_reply("booking_rejected", language, [r.button("human_handoff", language)])
    state.pending, state.managed = None, None
    if state.last_booking_id == booking_id:
        state.last_booking_id = None
    return r.text_reply("cancelled", language, booking_id=booking_id)


async def _modify(ctx: Context) -> Reply:
    state, language, managed = ctx.state, ctx.language, ctx.state.managed
    assert managed is not None and managed.booking_id is not None
    check_in, check_out, adults, children = _new_stay(ctx)
    guests_changed = managed.new_adults is not None or managed.new_children is not None
    try:
        booking = await ctx.pms.modify_booking(
            managed.booking_id,
            check_in=check_in if check_in != managed.check_in else None,
            check_out=check_out if check_out != managed.check_out else None,
            occupancy=occupancy(adults, children, managed.rooms) if guests_changed else None,
        )
    except RoomNotAvailable:
        managed.new_check_in = managed.new_check_out = None
        managed.new_adults = managed.new_children = None
        state.pending = "ask_modification"
        return r.text_reply("modify_unavailable", language)
    except BookingNotFound:
        state.pending, state.managed = None, None
        return r.text_reply("booking_not_found", language, booking_id=managed.booking_id)
    except PMSRejected:
        state.pending, state.managed = None, None
        return r.text_reply("booking_rejected", language, [r.button("human_handoff", language)])
    state.pending, state.managed = None, None
    return r.text_reply(
        "modified",
        language,
        booking_id=booking.id,
        stay=r.format_stay(booking.check_in, booking.check_out, language),
        guests=r.format_guests(
            sum(o.adults for o in booking.occupancy), sum(o.children for o in booking.occupancy), language
        ),
        total=r.format_price(booking.total_price, booking.currency, language),
    )


def _reference_in(ctx: Context, free_text: bool) -> str | None:
    entity = ctx.entities.get("booking_reference")
    if entity is not None and str(entity).strip():
        return str(entity).strip().lstrip("#")
    if free_text:
        return find_reference(ctx.text)
    return reference_after_keyword(ctx.text)
