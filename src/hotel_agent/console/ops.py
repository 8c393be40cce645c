"""Operations pages (admin role): the DLQ and its permanent failures, the PMS breaker, fault injection with
the simulator, the alerts Alertmanager sent, and the audit log. The same services the /admin API uses."""

from __future__ import annotations

import json
from datetime import timedelta
from functools import partial
from typing import Any

from fastapi import Request
from pydantic import ValidationError
from sqlalchemy import func, select
from starlette.responses import RedirectResponse, Response

from hotel_agent.console import actions
from hotel_agent.console.i18n import MESSAGES, language_of, translate
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
            "done": result_message(request, params.get("done"), params.get("args")),
            "failed": result_message(request, params.get("failed"), params.get("args")),
        },
        session,
    )


def result_message(request: Request, key: str | None, raw_args: str | None) -> str | None:
    """An action's result, in the page's language: an `ops_` message key and its values (a value named
    `*_key` is itself a message key, translated). Anything else in the address is ignored."""
    if not key or not key.startswith("ops_") or key not in MESSAGES:
        return None
    try:
        args = json.loads(raw_args or "{}")
    except ValueError:
        args = {}
    if not isinstance(args, dict):
        args = {}
    t = partial(translate, language_of(request))
    values: dict[str, object] = {}
    for name, value in args.items():
        if name.endswith("_key"):
            values[name.removesuffix("_key")] = t(value) if str(value) in MESSAGES else str(value)
        else:
            values[name] = value if isinstance(value, int | float) else str(value)[:300]
    try:
        return t(key, **values)
    except (KeyError, IndexError, ValueError):
        return None


def _back(
    *,
    done: str | None = None,
    failed: str | None = None,
    args: dict[str, object] | None = None,
    **more: object,
) -> Response:
    """Back to the page, which says what happened: `done` or `failed` is a message key, `args` its values."""
    from urllib.parse import urlencode

    # Each value is cut, not the JSON: a long error message must not lose the whole result.
    args = {k: v if isinstance(v, int | float) else str(v)[:300] for k, v in {**(args or {}), **more}.items()}
    query = {k: v for k, v in (("done", done), ("failed", failed)) if v}
    if args:
        query["args"] = json.dumps(args, ensure_ascii=False)
    return RedirectResponse("/console/ops" + (f"?{urlencode(query)}" if query else ""), status_code=303)


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
        return _back(failed="ops_no_dlq")
    who = session.staff.email
    entry_id = _field(form, "id", 128)
    args: dict[str, object] = {"id": entry_id}
    try:
        if verb == "retry":
            outcome = await dlq.retry_now(entry_id, container.pipeline.retry, owner=f"console:{who}")
            done = "ops_retried_detail" if outcome.error_message else "ops_retried"
            args.update(result_key=f"ops_result_{outcome.result}", detail=outcome.error_message or "")
            detail: dict[str, Any] = {"result": outcome.result}
        elif verb == "purge":
            if not await dlq.purge(entry_id):
                return _back(failed="ops_not_found", args=args)
            done, detail = "ops_purged", {}
        elif verb == "retry-all":
            done, detail = "ops_retry_all_done", {}
            args = {"count": await dlq.retry_all()}
        elif verb == "purge-older":
            try:
                hours = float(_field(form, "hours", 12))
            except ValueError:
                return _back(failed="ops_hours_number")
            if not hours >= 0:  # also NaN
                return _back(failed="ops_hours_negative")
            purged = await dlq.purge_older_than(timedelta(hours=hours))
            done, args = "ops_purged_older", {"count": purged, "hours": f"{hours:g}"}
            entry_id, detail = "", {"hours": hours, "purged": purged}
        elif verb == "replay":
            entry = await dlq.replay_permanent(entry_id, replayed_by=who)
            done, detail = "ops_replayed", {"entry": entry.id}
            args["entry"] = entry.id
        elif verb == "resolve":
            await dlq.resolve_permanent(entry_id, resolved_by=who)
            done, detail = "ops_resolved", {}
        else:
            return render(request, "error.html", {"message_key": "not_found"}, session, status_code=404)
    except EntryNotFound:
        return _back(failed="ops_not_found", args=args)
    except EntryBusy:
        return _back(failed="ops_busy", args=args)
    except AlreadyQueued:
        return _back(failed="ops_already_queued", args=args)
    await actions.audit(container.db, session.staff, f"dlq_{verb.replace('-', '_')}", entry_id, **detail)
    return _back(done=done, args=args)


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
    return _back(
        done="ops_breaker_done",
        action_key=verbs[verb],
        state_key=f"breaker_{breaker.snapshot().state.value}",
    )


@router.post("/ops/faults")
async def faults_action(request: Request) -> Response:
    session, form, refused = await _posted(request, admin=True)
    if refused is not None:
        return refused
    assert session is not None
    container = container_of(request)
    if container.simulator is None:
        return _back(failed="ops_no_simulator")
    from hotel_agent.pms.simulator import FaultConfig

    values: dict[str, Any] = {"mode": _field(form, "mode", 8) or "ok"}
    for name in ("error_rate", "latency_ms"):
        if _field(form, name, 16):
            values[name] = _field(form, name, 16)
    try:
        config = FaultConfig.model_validate(values)
    except ValidationError as exc:
        return _back(failed="ops_faults_invalid", detail="; ".join(e["msg"] for e in exc.errors()))
    container.simulator.set_faults(config)
    await actions.audit(container.db, session.staff, "pms_faults", "simulator", **config.model_dump())
    settings = ", ".join(
        f"{k}={v}" for k, v in config.model_dump().items() if k != "mode" and v not in (None, False)
    )
    return _back(done="ops_faults_done", mode_key=f"mode_{config.mode}", settings=settings)


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
