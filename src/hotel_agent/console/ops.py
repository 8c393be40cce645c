"""Operations pages (admin role): the DLQ and its permanent failures, the PMS breaker, fault injection with
the simulator, the alerts Alertmanager sent, and the audit log. The same services the /admin API uses."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import Request
from pydantic import ValidationError
from sqlalchemy import func, select
from starlette.responses import RedirectResponse, Response

from hotel_agent.console import actions
from hotel_agent.console.models import AuditRow
from hotel_agent.console.routes import _field, _posted, router
from hotel_agent.console.web import container_of, current_session, login_redirect, render

AUDIT_PAGE = 100


async def _admin_page(request: Request) -> Any:
    session = await current_session(request)
    if session is None:
        return None, login_redirect(request)
    if not session.staff.is_admin:
        return session, render(
            request, "error.html", {"message_key": "admins_only"}, session, status_code=403
        )
    return session, None


@router.get("/ops")
async def ops_page(request: Request) -> Response:
    session, refused = await _admin_page(request)
    if refused is not None:
        return refused
    container = container_of(request)
    from hotel_agent.observability.alerts import list_notifications

    entries = await container.dlq.list(None, 0, 50) if container.dlq is not None else None
    permanent = (
        await container.dlq.list_permanent("unresolved", None, 0, 50) if container.dlq is not None else None
    )
    alerts = await list_notifications(container.db, limit=30)
    params = request.query_params
    return render(
        request,
        "ops.html",
        {
            "entries": entries,
            "permanent": permanent,
            "breaker": container.breaker.snapshot() if container.breaker is not None else None,
            "faults": container.simulator.faults.config if container.simulator is not None else None,
            "alerts": alerts,
            "done": params.get("done"),
            "failed": params.get("failed"),
        },
        session,
    )


def _back(done: str | None = None, failed: str | None = None) -> Response:
    from urllib.parse import urlencode

    query = urlencode({k: v[:300] for k, v in (("done", done), ("failed", failed)) if v})
    return RedirectResponse("/console/ops" + (f"?{query}" if query else ""), status_code=303)


@router.post("/ops/dlq/{verb}")
async def dlq_action(verb: str, request: Request) -> Response:
    session, form, refused = await _posted(request, admin=True)
    if refused is not None:
        return refused
    assert session is not None
    from hotel_agent.dlq.service import AlreadyQueued, EntryBusy, EntryNotFound

    container = container_of(request)
    dlq = container.dlq
    if dlq is None:
        return _back(failed="the dead-letter queue is not configured")
    who = session.staff.email
    entry_id = _field(form, "id", 128)
    try:
        if verb == "retry":
            outcome = await dlq.retry_now(entry_id, container.pipeline.retry, owner=f"console:{who}")
            result = f"retry {entry_id}: {outcome.result}" + (
                f" ({outcome.error_message})" if outcome.error_message else ""
            )
            detail: dict[str, Any] = {"result": outcome.result}
        elif verb == "purge":
            result = f"purge {entry_id}: {'purged' if await dlq.purge(entry_id) else 'not found'}"
            detail = {}
        elif verb == "retry-all":
            result = f"retry all: {await dlq.retry_all()} scheduled"
            detail = {}
        elif verb == "purge-older":
            try:
                hours = float(_field(form, "hours", 12))
            except ValueError:
                return _back(failed="hours must be a number")
            if hours < 0:
                return _back(failed="hours must be 0 or more")
            purged = await dlq.purge_older_than(timedelta(hours=hours))
            result = f"purged {purged} entries older than {hours:g} h"
            entry_id, detail = "", {"hours": hours, "purged": purged}
        elif verb == "replay":
            entry = await dlq.replay_permanent(entry_id, replayed_by=who)
            result, detail = f"replay {entry_id}: queued as {entry.id}", {"entry": entry.id}
        elif verb == "resolve":
            await dlq.resolve_permanent(entry_id, resolved_by=who)
            result, detail = f"resolve {entry_id}", {}
        else:
            return render(request, "error.html", {"message_key": "not_found"}, session, status_code=404)
    except (EntryNotFound, EntryBusy, AlreadyQueued) as exc:
        return _back(failed=f"{verb} {entry_id}: {exc}")
    await actions.audit(container.db, session.staff, f"dlq_{verb.replace('-', '_')}", entry_id, **detail)
    return _back(done=result)


@router.post("/ops/breaker/{verb}")
async def breaker_action(verb: str, request: Request) -> Response:
    session, _form, refused = await _posted(request, admin=True)
    if refused is not None:
        return refused
    assert session is not None
    breaker = container_of(request).breaker
    verbs = {"force-open": "force_open", "force-closed": "force_closed", "reset": "reset"}
    if breaker is None or verb not in verbs:
        return render(request, "error.html", {"message_key": "not_found"}, session, status_code=404)
    getattr(breaker, verbs[verb])()
    await actions.audit(container_of(request).db, session.staff, f"breaker_{verbs[verb]}", "PMS")
    return _back(done=f"breaker {verb}: {breaker.snapshot().state.value}")


@router.post("/ops/faults")
async def faults_action(request: Request) -> Response:
    session, form, refused = await _posted(request, admin=True)
    if refused is not None:
        return refused
    assert session is not None
    container = container_of(request)
    if container.simulator is None:
        return _back(failed="fault injection needs the PMS simulator")
    from hotel_agent.pms.simulator import FaultConfig

    values: dict[str, Any] = {"mode": _field(form, "mode", 8) or "ok"}
    for name in ("error_rate", "latency_ms"):
        if _field(form, name, 16):
            values[name] = _field(form, name, 16)
    try:
        config = FaultConfig.model_validate(values)
    except ValidationError as exc:
        return _back(failed="faults: " + "; ".join(e["msg"] for e in exc.errors()))
    container.simulator.set_faults(config)
    await actions.audit(container.db, session.staff, "pms_faults", "simulator", **config.model_dump())
    return _back(done=f"faults: {config.model_dump()}")


@router.get("/audit")
async def audit_page(request: Request, offset: int = 0) -> Response:
    session, refused = await _admin_page(request)
    if refused is not None:
        return refused
    offset = max(0, offset)
    async with container_of(request).db.session() as db_session:
        total = await db_session.scalar(select(func.count()).select_from(AuditRow))
        rows = (
            await db_session.scalars(
                select(AuditRow).order_by(AuditRow.id.desc()).offset(offset).limit(AUDIT_PAGE)
            )
        ).all()
    return render(
        request,
        "audit.html",
        {"rows": rows, "total": total or 0, "offset": offset, "page": AUDIT_PAGE},
        session,
    )
