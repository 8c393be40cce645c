"""`hotel-agent dlq ...`: the operator API's verbs on the command line.

By default it talks to a running service (`--url`, `--token` or HOTEL_AGENT_ADMIN_TOKEN); with `--direct`
it opens the configured stores itself (HOTEL_AGENT_DATABASE_URL / HOTEL_AGENT_REDIS_URL).
"""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import httpx
import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from hotel_agent.ports import DeadLetterQueue, RetryFn

DEFAULT_URL = "http://127.0.0.1:8002"
dlq_app = typer.Typer(no_args_is_help=True, help="Inspect and operate the dead-letter queue.")


def _console() -> Console:
    # Built per call so the terminal width (or COLUMNS) is read when printing.
    return Console()


class CommandError(RuntimeError):
    pass


# --- backends: the same verbs over HTTP or straight on the stores ------------------------------
class HttpBackend:
    def __init__(self, url: str, token: str | None, timeout: float = 60.0) -> None:
        if not token:
            raise CommandError(
                "no admin token: pass --token or set HOTEL_AGENT_ADMIN_TOKEN (or use --direct)"
            )
        self.base = url.rstrip("/") + "/admin/dlq"
        self.client = httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=timeout)

    def call(self, method: str, path: str = "", **params: Any) -> dict[str, Any]:
        query = {key: value for key, value in params.items() if value is not None}
        try:
            response = self.client.request(method, self.base + path, params=query)
        except httpx.HTTPError as exc:
            raise CommandError(f"cannot reach the service at {self.base}: {exc}") from exc
        try:
            body = response.json()
        except ValueError:
            body = {"detail": response.text}
        if response.status_code >= 400 or not isinstance(body, dict):
            detail = body.get("detail", response.text) if isinstance(body, dict) else response.text
            raise CommandError(f"HTTP {response.status_code}: {detail}")
        return body

    def close(self) -> None:
        self.client.close()


class DirectBackend:
    """Runs each verb against the stores; retries build the whole pipeline (as the worker does)."""

    def call(self, method: str, path: str = "", **params: Any) -> dict[str, Any]:
        return asyncio.run(self._call(method, path, params))

    async def _call(self, method: str, path: str, params: dict[str, Any]) -> dict[str, Any]:
        from hotel_agent.settings import get_settings

        settings = get_settings()
        needs_pipeline = path.endswith("/retry") or bool(params.get("run_now"))
        if needs_pipeline:
            from hotel_agent.bootstrap import build_container, close_container

            container = await build_container(settings, run_background=False)
            try:
                return await _direct(container.dlq, container.pipeline.retry, method, path, params)
            finally:
                await close_container(container)
        from redis.asyncio import Redis

        from hotel_agent.db.session import Database
        from hotel_agent.dlq.factory import build_dlq

        db = Database(settings.database_url)
        redis = Redis.from_url(settings.redis_url) if settings.redis_url else None
        try:
            return await _direct(build_dlq(settings, db, redis), None, method, path, params)
        finally:
            if redis is not None:
                await redis.aclose()
            await db.dispose()

    def close(self) -> None:
        pass


async def _direct(
    dlq: DeadLetterQueue, retry: RetryFn | None, method: str, path: str, params: dict[str, Any]
) -> dict[str, Any]:
    from hotel_agent.dlq.service import EntryNotFound

    parts = [part for part in path.split("/") if part]
    route = (
        method,
        *(
            part if part in {"permanent-failures", "retry", "retry-all", "replay", "resolve"} else "{}"
            for part in parts
        ),
    )
    page_args = (params.get("offset", 0), params.get("limit", 50))

    async def list_entries() -> dict[str, Any]:
        page = await dlq.list(params.get("reason"), *page_args)
        return {"items": [e.to_dict() for e in page.items], "total": page.total}

    async def show() -> dict[str, Any]:
        entry = await dlq.get(parts[0])
        if entry is None:
            raise EntryNotFound(f"no DLQ entry with id {parts[0]!r}")
        return entry.to_dict()

    async def retry_one() -> dict[str, Any]:
        assert retry is not None  # a retry builds the pipeline first (`needs_pipeline`)
        return (await dlq.retry_now(parts[0], retry)).to_dict()

    async def retry_all() -> dict[str, Any]:
        return {"scheduled": await dlq.retry_all(), "per_second": dlq.settings.dlq_retry_all_per_second}

    async def purge() -> dict[str, Any]:
        if not await dlq.purge(parts[0]):
            raise EntryNotFound(f"no DLQ entry with id {parts[0]!r}")
        return {"id": parts[0], "purged": True}

    async def purge_older() -> dict[str, Any]:
        hours = float(params["older_than_hours"])
        return {"purged": await dlq.purge_older_than(timedelta(hours=hours)), "older_than_hours": hours}

    async def permanent() -> dict[str, Any]:
        page = await dlq.list_permanent(params.get("status", "unresolved"), params.get("reason"), *page_args)
        return {"items": [f.to_dict() for f in page.items], "total": page.total}

    async def replay() -> dict[str, Any]:
        entry = await dlq.replay_permanent(parts[1], replayed_by=params.get("by", "operator"))
        body: dict[str, Any] = {"entry": entry.to_dict(), "queued": True}
        if params.get("run_now"):
            assert retry is not None  # run_now builds the pipeline first (`needs_pipeline`)
            body["retry"] = (await dlq.retry_now(entry.id, retry)).to_dict()
        return body

    async def resolve() -> dict[str, Any]:
        return (await dlq.resolve_permanent(parts[1], resolved_by=params.get("by", "operator"))).to_dict()

    handlers: dict[tuple[str, ...], Callable[[], Awaitable[dict[str, Any]]]] = {
        ("GET",): list_entries,
        ("GET", "{}"): show,
        ("POST", "{}", "retry"): retry_one,
        ("POST", "retry-all"): retry_all,
        ("DELETE", "{}"): purge,
        ("DELETE",): purge_older,
        ("GET", "permanent-failures"): permanent,
        ("POST", "permanent-failures", "{}", "replay"): replay,
        ("POST", "permanent-failures", "{}", "resolve"): resolve,
    }
    try:
        return await handlers[route]()
    except (LookupError, RuntimeError, ValueError) as exc:
        raise CommandError(str(exc)) from exc


Backend = HttpBackend | DirectBackend


# --- output ----------------------------------------------------------------------------------
def _short(value: Any, width: int = 60) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _when(value: Any) -> str:
    """An ISO timestamp to the second ("2026-11-27 12:35:11"), short enough for an 80-column table."""
    text = "" if value is None else str(value)
    return text[:19].replace("T", " ")


def _entries_table(title: str, items: list[dict[str, Any]], total: int, permanent: bool = False) -> Table:
    table = Table(title=f"{title} ({len(items)} of {total})")
    columns = ["id", "guest", "channel", "reason", "retries", "first failed", "error"]
    columns.insert(6, "resolved" if permanent else "next retry")
    for column in columns:
        # The id is what `show`, `retry` and `replay` take: never folded, so it can be copied.
        table.add_column(column, overflow="fold", no_wrap=column == "id")
    for item in items:
        when = _when(item.get("resolved_at") if permanent else item.get("next_retry_at"))
        if permanent and item.get("resolved_by"):
            when = f"{when} by {item['resolved_by']}"
        table.add_row(
            item["id"],
            item["guest_id"],
            item["channel"],
            item["reason"],
            str(item["retry_count"]),
            _when(item["first_failed_at"]),
            _short(when, 40),
            _short(item["error_message"]),
        )
    return table


def _details_table(item: dict[str, Any]) -> Table:
    table = Table(show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    for key, value in item.items():
        if key == "message":
            value = ", ".join(f"{k}={v}" for k, v in value.items() if v not in (None, ""))
        table.add_row(key, "" if value is None else str(value))
    return table


# --- commands --------------------------------------------------------------------------------
def _backend(ctx: typer.Context) -> Backend:
    options = ctx.obj
    return DirectBackend() if options["direct"] else HttpBackend(options["url"], options["token"])


def _run(ctx: typer.Context, method: str, path: str = "", **params: Any) -> dict[str, Any]:
    backend: Backend | None = None
    try:
        backend = _backend(ctx)
        return backend.call(method, path, **params)
    except CommandError as exc:
        _console().print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    finally:
        if backend is not None:
            backend.close()


@dlq_app.callback()
def options(
    ctx: typer.Context,
    url: str = typer.Option(DEFAULT_URL, help="The running service's base URL."),
    token: str | None = typer.Option(
        None,
        envvar="HOTEL_AGENT_ADMIN_TOKEN",
        help="Admin token (default: HOTEL_AGENT_ADMIN_TOKEN or the data dir's generated one).",
        show_default=False,
    ),
    direct: bool = typer.Option(False, "--direct", help="Use the configured stores instead of the API."),
) -> None:
    if not token and not direct:
        from hotel_agent.bootstrap import known_admin_token
        from hotel_agent.settings import Settings

        token = known_admin_token(Settings())  # the token `make run` generated, if any
    ctx.obj = {"url": url, "token": token, "direct": direct}


@dlq_app.command("list")
def list_entries(
    ctx: typer.Context,
    reason: str = typer.Option(None, help="pms_unavailable|nlp_error|audio_error|send_error|unhandled"),
    offset: int = typer.Option(0, min=0),
    limit: int = typer.Option(50, min=1, max=500),
) -> None:
    """List entries waiting for a retry (oldest first)."""
    body = _run(ctx, "GET", "", reason=reason, offset=offset, limit=limit)
    _console().print(_entries_table("DLQ", body["items"], body["total"]))


@dlq_app.command()
def show(ctx: typer.Context, entry_id: str) -> None:
    """Show one entry with its error and traceback."""
    _console().print(_details_table(_run(ctx, "GET", f"/{entry_id}")))


@dlq_app.command()
def retry(ctx: typer.Context, entry_id: str) -> None:
    """Retry one entry now through the pipeline."""
    body = _run(ctx, "POST", f"/{entry_id}/retry")
    colour = "green" if body["result"] == "success" else "red"
    _console().print(
        f"[{colour}]{body['result']}[/{colour}] {body['id']} {_short(body.get('error_message'), 200)}"
    )


@dlq_app.command("retry-all")
def retry_all(ctx: typer.Context) -> None:
    """Make every entry due now, paced for the workers."""
    body = _run(ctx, "POST", "/retry-all")
    _console().print(f"scheduled {body['scheduled']} entries at {body['per_second']:g}/s")


@dlq_app.command()
def purge(ctx: typer.Context, entry_id: str) -> None:
    """Delete one entry (its message will not be retried)."""
    _run(ctx, "DELETE", f"/{entry_id}")
    _console().print(f"purged {entry_id}")


@dlq_app.command("purge-older")
def purge_older(ctx: typer.Context, hours: float = typer.Argument(..., min=0)) -> None:
    """Delete entries whose first failure is older than HOURS."""
    body = _run(ctx, "DELETE", "", older_than_hours=hours)
    _console().print(f"purged {body['purged']} entries older than {hours:g} h")


@dlq_app.command()
def permanent(
    ctx: typer.Context,
    status: str = typer.Option("unresolved", help="unresolved|resolved|all"),
    reason: str = typer.Option(None),
    offset: int = typer.Option(0, min=0),
    limit: int = typer.Option(50, min=1, max=500),
) -> None:
    """List permanent failures."""
    body = _run(ctx, "GET", "/permanent-failures", status=status, reason=reason, offset=offset, limit=limit)
    _console().print(_entries_table("Permanent failures", body["items"], body["total"], permanent=True))


@dlq_app.command()
def replay(
    ctx: typer.Context,
    failure_id: str,
    now: bool = typer.Option(False, "--now", help="Retry at once instead of leaving it to the worker."),
    by: str = typer.Option(None, help="Operator name (default: your user name)."),
) -> None:
    """Put a permanent failure back in the queue; it is marked resolved once delivered."""
    body = _run(
        ctx, "POST", f"/permanent-failures/{failure_id}/replay", by=by or getpass.getuser(), run_now=now
    )
    _console().print(f"queued {body['entry']['id']} for guest {body['entry']['guest_id']}")
    if "retry" in body:
        _console().print(
            f"retry: {body['retry']['result']} {_short(body['retry'].get('error_message'), 200)}"
        )


@dlq_app.command()
def resolve(
    ctx: typer.Context,
    failure_id: str,
    by: str = typer.Option(None, help="Operator name (default: your user name)."),
) -> None:
    """Mark a permanent failure resolved (handled by hand)."""
    body = _run(ctx, "POST", f"/permanent-failures/{failure_id}/resolve", by=by or getpass.getuser())
    _console().print(f"resolved {body['id']} at {body['resolved_at']} by {body['resolved_by']}")


def register(app: typer.Typer) -> None:
    app.add_typer(dlq_app, name="dlq")
