"""Canned responses: replies the front desk sends often, kept by the staff themselves. In the conversation
view one is inserted into the reply box (with JavaScript at the cursor, without it by reloading the page with
the text filled in) and edited before sending: a canned response is never sent by itself. `{name}` becomes
the guest's name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import Request
from sqlalchemy import delete, or_, select
from starlette.responses import RedirectResponse, Response

from hotel_agent.console import actions
from hotel_agent.console.models import CannedResponseRow, StaffRow
from hotel_agent.console.routes import _field, _posted, router
from hotel_agent.console.web import container_of, current_session, login_redirect, render
from hotel_agent.db.base import utcnow

if TYPE_CHECKING:
    from hotel_agent.container import Container

MAX_TITLE = 80
LIST_LIMIT = 200


@dataclass(frozen=True)
class Canned:
    id: int
    title: str
    text: str
    language: str | None
    author: str


async def canned_responses(container: Container, language: str | None = None) -> list[Canned]:
    """All of them, or those for one language (and those for any language)."""
    query = (
        select(CannedResponseRow, StaffRow.name)
        .join(StaffRow, StaffRow.id == CannedResponseRow.staff_id)
        .order_by(CannedResponseRow.title, CannedResponseRow.id)
        .limit(LIST_LIMIT)
    )
    if language is not None:
        query = query.where(or_(CannedResponseRow.language.is_(None), CannedResponseRow.language == language))
    async with container.db.session() as session:
        rows = (await session.execute(query)).all()
    return [Canned(r.id, r.title, r.text, r.language, name) for r, name in rows]


def filled(text: str, guest_name: str | None) -> str:
    """`{name}` becomes the guest's first name (nothing when unknown)."""
    first = (guest_name or "").split(" ")[0]
    return text.replace("{name}", first).replace("  ", " ").replace(" ,", ",").strip()


async def canned_text(container: Container, raw_id: str, guest_name: str | None) -> str | None:
    if not raw_id.isdigit():
        return None
    async with container.db.session() as session:
        row = await session.get(CannedResponseRow, int(raw_id))
    return filled(row.text, guest_name) if row is not None else None


def _page(request: Request, session: object, items: list[Canned], **context: object) -> Response:
    status = 400 if context.get("error") else 200
    return render(
        request,
        "canned.html",
        {"items": items, "error": None, "values": {}, **context},
        session,  # type: ignore[arg-type]
        status_code=status,
    )


@router.get("/canned")
async def canned_page(request: Request) -> Response:
    session = await current_session(request)
    if session is None:
        return login_redirect(request)
    items = await canned_responses(container_of(request))
    return _page(request, session, items, saved=request.query_params.get("saved"))


@router.post("/canned")
async def canned_add(request: Request) -> Response:
    session, form, refused = await _posted(request)
    if refused is not None:
        return refused
    assert session is not None
    container = container_of(request)
    title = _field(form, "title", MAX_TITLE * 4)
    text = _field(form, "text", actions.MAX_REPLY * 4, strip=False).strip()
    language = _field(form, "language", 2)
    values = {"title": title, "text": text, "language": language}
    error: tuple[str, dict[str, object]] | None = None
    if not title or not text:
        error = ("canned_empty", {})
    elif len(title) > MAX_TITLE:
        error = ("canned_title_too_long", {"limit": MAX_TITLE})
    elif len(text) > actions.MAX_REPLY:
        error = ("reply_too_long", {"length": len(text), "limit": actions.MAX_REPLY})
    if error is not None:
        items = await canned_responses(container)
        return _page(request, session, items, error=error[0], error_values=error[1], values=values)
    async with container.db.transaction() as db_session:
        row = CannedResponseRow(
            title=title,
            text=text,
            language=language if language in ("es", "en") else None,
            staff_id=session.staff.id,
            created_at=utcnow(),
        )
        db_session.add(row)
    await actions.audit(container.db, session.staff, "canned_add", title, id=row.id)
    return RedirectResponse("/console/canned?saved=1", status_code=303)


@router.post("/canned/delete")
async def canned_delete(request: Request) -> Response:
    session, form, refused = await _posted(request)
    if refused is not None:
        return refused
    assert session is not None
    container = container_of(request)
    raw_id = _field(form, "id", 20)
    if raw_id.isdigit():
        async with container.db.transaction() as db_session:
            result = await db_session.execute(
                delete(CannedResponseRow).where(CannedResponseRow.id == int(raw_id))
            )
        if result.rowcount:  # type: ignore[attr-defined]
            await actions.audit(container.db, session.staff, "canned_delete", raw_id)
    return RedirectResponse("/console/canned", status_code=303)
