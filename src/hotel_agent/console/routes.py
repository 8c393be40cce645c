"""The staff console at /console: login, inbox, conversation view and its actions, live updates (SSE).

Pages are server-rendered and work with JavaScript off; htmx (vendored under static/) only refreshes the
inbox list and the conversation history when the event stream says something changed. Every POST needs
the session cookie and the session's CSRF token; every action is written to the audit log."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, NamedTuple

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from hotel_agent.console import actions, inbox
from hotel_agent.console.i18n import LANG_COOKIE, translate
from hotel_agent.console.sessions import StaffSession
from hotel_agent.console.staff import EMAIL, normalize_email
from hotel_agent.console.web import (
    HERE,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    container_of,
    csrf_ok,
    current_session,
    login_nonce_ok,
    login_redirect,
    new_nonce,
    render,
    safe_next,
    secure_cookies,
    sessions_of,
    set_login_cookie,
    set_session_cookie,
    staff_store,
    throttle_of,
)

if TYPE_CHECKING:
    from hotel_agent.container import Container

router = APIRouter(prefix="/console", include_in_schema=False)
static = StaticFiles(directory=str(HERE / "static"))
CHANNELS = ("whatsapp", "chat")
# A stream ends after this long and the browser reconnects (EventSource does it by itself, sending the last
# event id, so nothing is missed): uvicorn waits for open responses when it stops, and an open stream must
# not hold up a shutdown (Ctrl-C on `make run`) for longer than this.
STREAM_SECONDS = 5.0
STREAM_POLL_SECONDS = 1.0


# --- login / logout / language ---------------------------------------------------------------------
@router.get("")
async def root() -> Response:
    return RedirectResponse("/console/inbox", status_code=303)


def _login_page(
    request: Request,
    *,
    error: str | None = None,
    status_code: int = 200,
    next_url: str = "",
    email: str = "",
    kept: dict[str, str] | None = None,
) -> Response:
    nonce = new_nonce()
    response = render(
        request,
        "login.html",
        {"error": error, "nonce": nonce, "next": next_url, "email": email, "kept": kept or {}},
        status_code=status_code,
    )
    set_login_cookie(response, container_of(request), nonce)
    return response


@router.get("/login")
async def login_form(request: Request, next: str = "") -> Response:
    if await current_session(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, next_url=safe_next(next) if next else "")


@router.post("/login")
async def login(request: Request) -> Response:
    container = container_of(request)
    form = await request.form()
    lang_t = _t(request)
    email = _field(form, "email", 254)
    password = _field(form, "password", 1024, strip=False)
    next_url = _field(form, "next", 500)
    kept = {
        k: _field(form, k, actions.MAX_REPLY + 1, strip=False) for k in ("kept_reply", "channel", "guest_id")
    }
    kept = kept if kept["kept_reply"] else {}
    again: dict[str, Any] = {"next_url": next_url, "email": email, "kept": kept}
    if not login_nonce_ok(request, _field(form, "csrf_token", 100)):
        return _login_page(request, error=lang_t("login_form_expired"), status_code=403, **again)
    address = request.client.host if request.client else None
    throttle = throttle_of(container)
    locked = await throttle.locked_for(email, address)
    if locked is not None:
        minutes = max(1, int(locked.total_seconds() // 60) + 1)
        return _login_page(request, error=lang_t("login_locked", minutes=minutes), status_code=429, **again)
    staff = await staff_store(container).authenticate(email, password)
    if staff is None:
        await throttle.failed(email, address)
        # Only an address is kept: people type passwords into the wrong field, and logs keep no secrets.
        tried = normalize_email(email) if EMAIL.match(normalize_email(email)) else "(not an e-mail address)"
        await actions.audit(container.db, None, "login_failed", tried)
        return _login_page(request, error=lang_t("login_failed"), status_code=401, **again)
    await throttle.succeeded(email)
    await sessions_of(container).purge_expired()  # sessions never ended by their browser go here
    token = await sessions_of(container).create(staff)
    await actions.audit(container.db, staff, "login")
    session = await sessions_of(container).get(token)
    assert session is not None
    if kept and kept.get("channel") in CHANNELS and kept.get("guest_id"):
        # The reply typed before the session expired comes back in the reply box, unsent.
        response = await _conversation_page(
            request,
            session,
            kept["channel"],
            kept["guest_id"],
            reply_text=kept["kept_reply"],
            notice="kept_reply",
        )
    else:
        response = RedirectResponse(safe_next(next_url), status_code=303)
    set_session_cookie(response, container, token)
    response.delete_cookie(LOGIN_COOKIE, path="/console")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    session, _form, refused = await _posted(request)
    if refused is not None:
        return refused
    assert session is not None
    await sessions_of(container_of(request)).end(request.cookies.get(SESSION_COOKIE))
    await actions.audit(container_of(request).db, session.staff, "logout")
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/console")
    return response


@router.get("/lang/{code}")
async def switch_language(code: str, request: Request, next: str = "") -> Response:
    response = RedirectResponse(safe_next(next), status_code=303)
    if code in ("es", "en"):
        response.set_cookie(
            LANG_COOKIE,
            code,
            max_age=365 * 24 * 3600,
            path="/console",
            samesite="lax",
            secure=secure_cookies(container_of(request)),
        )
    return response


# --- inbox ---------------------------------------------------------------------------------------------
def _filters(request: Request) -> inbox.Filters:
    params = request.query_params
    language = params.get("language")
    channel = params.get("channel")
    return inbox.Filters(
        needs_person=params.get("needs_person") == "1",
        late=params.get("late") == "1",
        language=language if language in ("es", "en") else None,
        channel=channel if channel in CHANNELS else None,
        q=(params.get("q") or "").strip()[:128],
    )


@router.get("/inbox")
async def inbox_page(request: Request) -> Response:
    return await _render_inbox(request, "inbox.html")


@router.get("/inbox/list")
async def inbox_list(request: Request) -> Response:
    return await _render_inbox(request, "_inbox_list.html")


async def _render_inbox(request: Request, template: str) -> Response:
    """The whole page or just its list (what the live refresh fetches)."""
    session = await current_session(request)
    if session is None:
        return login_redirect(request)
    filters = _filters(request)
    items = await inbox.list_conversations(container_of(request), session.staff.id, filters)
    return render(request, template, {"items": items, "filters": filters}, session)


@router.get("/events")
async def events(request: Request) -> Response:
    """Server-Sent Events: `changed` whenever the inbox would look different (new message, handoff,
    assignment, DLQ state). The page then re-fetches its list or history."""
    session = await current_session(request)
    if session is None:
        return Response("log in first", status_code=401)
    container = container_of(request)
    seen = request.headers.get("last-event-id", "")

    async def stream() -> AsyncIterator[str]:
        nonlocal seen
        yield "retry: 1000\n\n"
        loop = asyncio.get_running_loop()
        ends = loop.time() + STREAM_SECONDS
        first = True
        while loop.time() < ends and not container.stop.is_set():
            signature = await inbox.change_signature(container)
            if signature != seen:
                # The first event of a stream only sets the baseline, unless the browser saw an older one.
                event = "hello" if first and not seen else "changed"
                yield f"id: {signature}\nevent: {event}\ndata: {signature}\n\n"
                seen = signature
            first = False
            await asyncio.sleep(STREAM_POLL_SECONDS)
            if await request.is_disconnected():
                return

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


# --- conversation --------------------------------------------------------------------------------------
async def _conversation_page(
    request: Request,
    session: StaffSession,
    channel: str,
    guest_id: str,
    *,
    reply_text: str = "",
    notice: str | None = None,
    notice_values: dict[str, Any] | None = None,
    error: str | None = None,
    error_values: dict[str, Any] | None = None,
    status_code: int = 200,
    draft_action: str | None = None,
) -> Response:
    container = container_of(request)
    detail = await inbox.conversation_detail(container, channel, guest_id) if channel in CHANNELS else None
    if detail is None:
        return render(request, "error.html", {"message_key": "not_found"}, session, status_code=404)
    if detail.messages:
        await inbox.mark_read(container, session.staff.id, channel, guest_id, detail.messages[-1].entry.id)
    route = actions.whatsapp_route(container, detail.last_inbound_at) if channel == "whatsapp" else "chat"
    from hotel_agent.console.canned import canned_responses, filled
    from hotel_agent.nlp.types import INTENTS

    canned = [(c, filled(c.text, detail.name)) for c in await canned_responses(container, detail.language)]

    return render(
        request,
        "conversation.html",
        {
            "c": detail,
            "route": route,
            "template_name": container.settings.whatsapp_late_template_name,
            "reply_text": reply_text,
            "notice": notice,
            "notice_values": notice_values or {},
            "error": error,
            "error_values": error_values or {},
            "intents": INTENTS,
            "max_reply": actions.MAX_REPLY,
            "draft_action": draft_action,
            "canned": canned,
        },
        session,
        status_code=status_code,
    )


def _conversation_url(channel: str, guest_id: str) -> str:
    from urllib.parse import urlencode

    return "/console/conversation?" + urlencode({"channel": channel, "guest": guest_id})


@router.get("/conversation")
async def conversation(request: Request, channel: str = "", guest: str = "") -> Response:
    session = await current_session(request)
    if session is None:
        return login_redirect(request)
    sent = request.query_params.get("sent")
    notice = None if not sent else "chat_delivery" if sent == "chat" else "sent"
    if request.query_params.get("corrected"):
        notice = "correction_saved"
    reply_text = ""
    if request.query_params.get("canned") and channel in CHANNELS:
        # Without JavaScript a canned response comes back in the reply box this way, to edit and send.
        from hotel_agent.console.canned import canned_text

        container = container_of(request)
        detail = await inbox.conversation_detail(container, channel, guest)
        name = detail.name if detail is not None else None
        reply_text = await canned_text(container, request.query_params["canned"], name) or ""
    return await _conversation_page(request, session, channel, guest, notice=notice, reply_text=reply_text)


@router.get("/conversation/history")
async def conversation_history(request: Request, channel: str = "", guest: str = "") -> Response:
    session = await current_session(request)
    if session is None:
        return login_redirect(request)
    container = container_of(request)
    detail = await inbox.conversation_detail(container, channel, guest) if channel in CHANNELS else None
    if detail is None:
        return Response(status_code=404)
    await inbox.mark_read(container, session.staff.id, channel, guest, detail.messages[-1].entry.id)
    from hotel_agent.nlp.types import INTENTS

    return render(request, "_history_update.html", {"c": detail, "intents": INTENTS}, session)


async def _posted(
    request: Request, admin: bool = False
) -> tuple[StaffSession | None, FormData, Response | None]:
    """The session and form of a state-changing request, or the response refusing it."""
    form = await request.form()
    session = await current_session(request)
    if session is None:
        kept = {
            "kept_reply": _field(form, "text", actions.MAX_REPLY + 1, strip=False),
            "channel": _field(form, "channel", 16),
            "guest_id": _field(form, "guest_id", 128),
        }
        is_reply = request.url.path.endswith("/reply") and kept["kept_reply"].strip()
        return (
            None,
            form,
            _login_page(
                request,
                error=_t(request)("session_expired"),
                status_code=401,
                next_url=_conversation_url(kept["channel"], kept["guest_id"]) if kept["guest_id"] else "",
                kept=kept if is_reply else None,
            ),
        )
    if not csrf_ok(session, request, form):
        why = "CSRF token missing or wrong" if same_origin_ok(request) else "cross-site request"
        return session, form, render(request, "error.html", {"message": why}, session, status_code=403)
    if admin and not session.staff.is_admin:
        return session, form, render(request, "error.html", {"message_key": "admins_only"}, session, 403)
    return session, form, None


def same_origin_ok(request: Request) -> bool:
    from hotel_agent.console.web import same_origin

    return same_origin(request)


def _field(form: FormData, name: str, limit: int, strip: bool = True) -> str:
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    value = value[:limit]
    return value.strip() if strip else value


def _t(request: Request) -> Any:
    from functools import partial

    from hotel_agent.console.i18n import language_of

    return partial(translate, language_of(request))


def _target(form: FormData) -> tuple[str, str]:
    return _field(form, "channel", 16), _field(form, "guest_id", 128)


class Posted(NamedTuple):
    session: StaffSession
    form: FormData
    container: Container
    channel: str
    guest_id: str


async def _conversation_action(request: Request) -> Posted | Response:
    """A POST on one conversation: refused (session, CSRF), or its session, form and existing target."""
    session, form, refused = await _posted(request)
    if refused is not None:
        return refused
    assert session is not None
    channel, guest_id = _target(form)
    container = container_of(request)
    if channel not in CHANNELS or not await actions.conversation_exists(container, channel, guest_id):
        return render(request, "error.html", {"message_key": "not_found"}, session, status_code=404)
    return Posted(session, form, container, channel, guest_id)


@router.post("/conversation/take")
async def take(request: Request) -> Response:
    posted = await _conversation_action(request)
    if isinstance(posted, Response):
        return posted
    session, form, container, channel, guest_id = posted
    try:
        await actions.take_over(container, session.staff, channel, guest_id, force=form.get("force") == "1")
    except actions.HeldByOther as held:
        return await _conversation_page(
            request,
            session,
            channel,
            guest_id,
            error="held_by_other",
            error_values={
                "name": held.holder.name,
                "since": held.holder.since.strftime("%Y-%m-%d %H:%M UTC"),
            },
            status_code=409,
        )
    carried = _field(form, "text", actions.MAX_REPLY * 4, strip=False)
    if carried.strip():
        # A draft or a kept reply rode along with the take-over: it comes back in the reply box, unsent.
        return await _conversation_page(request, session, channel, guest_id, reply_text=carried)
    return RedirectResponse(_conversation_url(channel, guest_id), status_code=303)


@router.post("/conversation/release")
async def release(request: Request) -> Response:
    session, form, refused = await _posted(request)
    if refused is not None:
        return refused
    assert session is not None
    channel, guest_id = _target(form)
    container = container_of(request)
    holder = await inbox.holder_of(container, channel, guest_id)
    if holder is not None and holder.staff_id != session.staff.id and not session.staff.is_admin:
        return await _conversation_page(
            request,
            session,
            channel,
            guest_id,
            error="reply_taken",
            error_values={"name": holder.name},
            status_code=409,
        )
    await actions.hand_back(container, session.staff, channel, guest_id)
    return RedirectResponse(_conversation_url(channel, guest_id), status_code=303)


@router.post("/conversation/reply")
async def reply(request: Request) -> Response:
    posted = await _conversation_action(request)
    if isinstance(posted, Response):
        return posted
    session, form, container, channel, guest_id = posted
    text = _field(form, "text", actions.MAX_REPLY * 4, strip=False)
    try:
        delivery = await actions.send_reply(container, session.staff, channel, guest_id, text)
    except actions.ReplyRefused as refused_reply:
        status_code = 409 if refused_reply.reason in ("reply_taken", "reply_not_held") else 400
        if refused_reply.reason == "send_failed":
            status_code = 502
        return await _conversation_page(
            request,
            session,
            channel,
            guest_id,
            reply_text=text,
            error=refused_reply.reason,
            error_values=dict(refused_reply.values),
            status_code=status_code,
        )
    return RedirectResponse(_conversation_url(channel, guest_id) + f"&sent={delivery}", status_code=303)


@router.post("/conversation/notes")
async def note(request: Request) -> Response:
    posted = await _conversation_action(request)
    if isinstance(posted, Response):
        return posted
    session, form, container, channel, guest_id = posted
    try:
        await actions.add_note(
            container, session.staff, channel, guest_id, _field(form, "note", 10_000, strip=False)
        )
    except actions.ReplyRefused as bad:
        return await _conversation_page(
            request,
            session,
            channel,
            guest_id,
            error=bad.reason,
            error_values=dict(bad.values),
            status_code=400,
        )
    return RedirectResponse(_conversation_url(channel, guest_id) + "#notes", status_code=303)


@router.get("/static/{path:path}")
async def static_file(path: str, request: Request) -> Response:
    response = await static.get_response(path, request.scope)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
