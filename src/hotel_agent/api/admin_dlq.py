"""Operator endpoints for the dead-letter queue: inspect, retry, purge, and handle permanent failures."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, status

from hotel_agent.api.deps import AdminOnly, get_container
from hotel_agent.api.problems import errors
from hotel_agent.dlq.service import AlreadyQueued, EntryBusy, EntryNotFound, RetryFn
from hotel_agent.errors import FailureReason

if TYPE_CHECKING:
    from hotel_agent.ports import DeadLetterQueue

router = APIRouter(
    prefix="/admin/dlq", tags=["admin", "dlq"], dependencies=[AdminOnly], responses=errors(503)
)

MAX_OFFSET = 2**31  # a database integer; no queue holds more
Offset = Query(0, ge=0, le=MAX_OFFSET, description="entries to skip")
Limit = Query(50, ge=1, le=500, description="entries per page")
MAX_AGE_HOURS = 100 * 366 * 24  # a century: a finite timedelta, so `inf` or 1e10 is a 422, not an overflow
Operator = Query("operator", min_length=1, max_length=128, description="who acts (kept with the failure)")


def _dlq(request: Request) -> DeadLetterQueue:
    dlq = get_container(request).dlq
    if dlq is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "the dead-letter queue is not configured")
    return dlq


def _retry_fn(request: Request) -> RetryFn:
    pipeline = get_container(request).pipeline
    if pipeline is None:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "the message pipeline is not running in this process, so a retry cannot be run now; "
            "the DLQ worker will retry the entry on schedule",
        )
    return pipeline.retry


def _not_found(exc: LookupError) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, str(exc.args[0]) if exc.args else "not found")


# Permanent-failure routes come first so "permanent-failures" is never taken for an entry id.
@router.get("/permanent-failures")
async def list_permanent_failures(
    request: Request,
    status_filter: Literal["unresolved", "resolved", "all"] = Query("unresolved", alias="status"),
    reason: FailureReason | None = None,
    offset: int = Offset,
    limit: int = Limit,
) -> dict[str, Any]:
    page = await _dlq(request).list_permanent(status_filter, reason, offset, limit)
    return {"items": [f.to_dict() for f in page.items], "total": page.total, "offset": offset, "limit": limit}


@router.get("/permanent-failures/{failure_id}", responses=errors(404))
async def show_permanent_failure(failure_id: str, request: Request) -> dict[str, Any]:
    failure = await _dlq(request).get_permanent(failure_id)
    if failure is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no permanent failure with id {failure_id!r}")
    return failure.to_dict()


@router.post("/permanent-failures/{failure_id}/replay", responses=errors(404, 409))
async def replay_permanent_failure(
    failure_id: str,
    request: Request,
    by: str = Operator,
    run_now: bool = Query(False, description="retry at once instead of leaving it to the worker"),
) -> dict[str, Any]:
    """Put the message back in the live queue; it is marked resolved (by `by`) once delivered."""
    dlq = _dlq(request)
    retry = _retry_fn(request) if run_now else None
    try:
        entry = await dlq.replay_permanent(failure_id, replayed_by=by)
    except EntryNotFound as exc:
        raise _not_found(exc) from exc
    except AlreadyQueued as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    body: dict[str, Any] = {"entry": entry.to_dict(), "queued": True}
    if retry is not None:
        try:
            body["retry"] = (await dlq.retry_now(entry.id, retry, owner=f"operator:{by}")).to_dict()
        except EntryBusy:
            body["retry"] = {"id": entry.id, "result": "claimed_by_worker"}
    return body


@router.post("/permanent-failures/{failure_id}/resolve", responses=errors(404))
async def resolve_permanent_failure(failure_id: str, request: Request, by: str = Operator) -> dict[str, Any]:
    try:
        failure = await _dlq(request).resolve_permanent(failure_id, resolved_by=by)
    except EntryNotFound as exc:
        raise _not_found(exc) from exc
    return failure.to_dict()


@router.get("")
async def list_entries(
    request: Request, reason: FailureReason | None = None, offset: int = Offset, limit: int = Limit
) -> dict[str, Any]:
    page = await _dlq(request).list(reason, offset, limit)
    return {"items": [e.to_dict() for e in page.items], "total": page.total, "offset": offset, "limit": limit}


@router.post("/retry-all")
async def retry_all(request: Request) -> dict[str, Any]:
    """Make every waiting entry due, paced at HOTEL_AGENT_DLQ_RETRY_ALL_PER_SECOND for the workers."""
    dlq = _dlq(request)
    scheduled = await dlq.retry_all()
    return {"scheduled": scheduled, "per_second": dlq.settings.dlq_retry_all_per_second}


@router.delete("")
async def purge_older_than(
    request: Request,
    older_than_hours: float = Query(
        ..., ge=0, le=MAX_AGE_HOURS, description="purge entries first failed longer ago than this"
    ),
) -> dict[str, Any]:
    purged = await _dlq(request).purge_older_than(timedelta(hours=older_than_hours))
    return {"purged": purged, "older_than_hours": older_than_hours}


@router.get("/{entry_id}", responses=errors(404))
async def show_entry(entry_id: str, request: Request) -> dict[str, Any]:
    entry = await _dlq(request).get(entry_id)
    if entry is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no DLQ entry with id {entry_id!r}")
    return entry.to_dict()


@router.post("/{entry_id}/retry", responses=errors(404, 409))
async def retry_entry(entry_id: str, request: Request) -> dict[str, Any]:
    """Retry now through the pipeline; a failure counts as one of the entry's retries."""
    dlq = _dlq(request)
    retry = _retry_fn(request)
    try:
        outcome = await dlq.retry_now(entry_id, retry)
    except EntryNotFound as exc:
        raise _not_found(exc) from exc
    except EntryBusy as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    return outcome.to_dict()


@router.delete("/{entry_id}", responses=errors(404))
async def purge_entry(entry_id: str, request: Request) -> dict[str, Any]:
    if not await _dlq(request).purge(entry_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no DLQ entry with id {entry_id!r}")
    return {"id": entry_id, "purged": True}
