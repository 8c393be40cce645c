"""CLI: `hotel-agent pms-simulator` (the QloApps-speaking simulator) and `hotel-agent pms-faults`."""

from __future__ import annotations

import asyncio
import secrets
from typing import Annotated

import httpx
import typer
from rich.console import Console

console = Console()


def pms_simulator(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8081,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    database_url: Annotated[
        str | None, typer.Option(help="Simulator database (default: HOTEL_AGENT_DATABASE_URL).")
    ] = None,
    api_key: Annotated[
        str | None,
        typer.Option(
            help="Webservice key clients must send (default: HOTEL_AGENT_QLOAPPS_API_KEY, or generated)."
        ),
    ] = None,
    admin_token: Annotated[
        str | None,
        typer.Option(help="Bearer token for /admin/pms/faults (default: HOTEL_AGENT_ADMIN_TOKEN)."),
    ] = None,
) -> None:
    """Serve the PMS simulator as a QloApps 1.6 webservice (for the QloApps client and demos)."""
    import uvicorn

    from hotel_agent.db.migrate import upgrade
    from hotel_agent.db.session import Database
    from hotel_agent.pms.simulator import PMSSimulator
    from hotel_agent.pms.simulator.server import create_app
    from hotel_agent.settings import get_settings

    settings = get_settings()
    url = database_url or settings.database_url
    key = api_key or (settings.qloapps_api_key.get_secret_value() if settings.qloapps_api_key else None)
    if not key:
        key = secrets.token_hex(16).upper()
        console.print(
            f"webservice key (generated, use it as HOTEL_AGENT_QLOAPPS_API_KEY): [bold]{key}[/bold]"
        )
    token = admin_token or (settings.admin_token.get_secret_value() if settings.admin_token else None)
    upgrade(url)
    simulator = PMSSimulator(Database(url))
    app = create_app(simulator, api_key=key, admin_token=token)
    console.print(f"PMS simulator (QloApps webservice) on http://{host}:{port}/api/")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def pms_faults(
    mode: Annotated[str, typer.Option(help="ok | down | error | slow")],
    url: Annotated[str, typer.Option(help="Service or simulator base URL.")] = "http://127.0.0.1:8002",
    token: Annotated[
        str | None, typer.Option(help="Admin bearer token (default: HOTEL_AGENT_ADMIN_TOKEN).")
    ] = None,
    error_rate: Annotated[
        float | None, typer.Option(help="Mode error: share of calls that fail (0..1).")
    ] = None,
    latency_ms: Annotated[int | None, typer.Option(help="Added latency per call, ms.")] = None,
    fail_after_commit: Annotated[
        bool, typer.Option(help="Mode error: commit writes, then answer 500.")
    ] = False,
) -> None:
    """Set the PMS simulator's faults on a running service or standalone simulator."""
    body: dict[str, object] = {"mode": mode}
    if error_rate is not None:
        body["error_rate"] = error_rate
    if latency_ms is not None:
        body["latency_ms"] = latency_ms
    if fail_after_commit:
        body["fail_after_commit"] = True
    from hotel_agent.bootstrap import known_admin_token
    from hotel_agent.settings import Settings

    bearer = token or known_admin_token(Settings())
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    try:
        response = asyncio.run(_post(f"{url.rstrip('/')}/admin/pms/faults", body, headers))
    except httpx.HTTPError as exc:
        console.print(f"[red]cannot reach {url}: {type(exc).__name__}[/red]")
        raise typer.Exit(2) from None
    if response.status_code >= 400:
        console.print(f"[red]HTTP {response.status_code}: {response.text}[/red]")
        raise typer.Exit(1)
    console.print_json(response.text)


async def _post(url: str, body: dict[str, object], headers: dict[str, str]) -> httpx.Response:
    async with httpx.AsyncClient(timeout=10.0) as client:
        return await client.post(url, json=body, headers=headers)


def register(app: typer.Typer) -> None:
    app.command("pms-simulator")(pms_simulator)
    app.command("pms-faults")(pms_faults)
