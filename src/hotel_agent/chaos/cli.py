"""`hotel-agent chaos ...` — resilience drills against a running service."""

from __future__ import annotations

import asyncio

import typer
from rich.console import Console
from rich.live import Live
from rich.table import Table

from hotel_agent.chaos.outage import ChaosReport, PMSOutage

chaos_app = typer.Typer(no_args_is_help=True, help="Resilience drills against a running service.")
console = Console()


def parse_duration(text: str) -> float:
    """'60s', '2m', '90' → seconds."""
    units = {"s": 1, "m": 60, "h": 3600}
    text = text.strip().lower()
    try:
        if text and text[-1] in units:
            return float(text[:-1]) * units[text[-1]]
        return float(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a duration like 60s, 2m or 90") from None


def _table(report: ChaosReport) -> Table:
    table = Table(title=f"PMS outage drill — {report.phase}")
    for column in ("breaker", "DLQ depth", "alerts firing", "sent", "holding replies", "answered", "errors"):
        table.add_column(column)
    colour = {"closed": "green", "open": "red", "half-open": "yellow"}.get(report.breaker, "white")
    table.add_row(
        f"[{colour}]{report.breaker}[/{colour}]",
        f"{report.dlq_depth:.0f}",
        ", ".join(report.alerts_firing) or "-",
        str(report.sent),
        str(report.holding_replies),
        str(report.answered),
        str(report.errors),
    )
    return table


@chaos_app.command("pms-outage")
def pms_outage(
    duration: str = typer.Option("60s", help="Whole drill: 20% warm-up, 50% outage, 30% recovery"),
    mode: str = typer.Option("down", help="down | error | slow"),
    url: str = typer.Option("http://127.0.0.1:8002", help="The running service"),
    token: str = typer.Option(None, help="Admin token (default: HOTEL_AGENT_ADMIN_TOKEN or var/admin_token)"),
    rate: float = typer.Option(2.0, help="Guest messages per second"),
    drain_timeout: str = typer.Option("180s", help="How long to wait for late answers after the drill"),
    redrive: bool = typer.Option(True, help="Ask the DLQ to retry everything once the breaker has closed"),
) -> None:
    """Take the PMS simulator down under guest traffic and check nobody is left unanswered."""
    if mode not in ("down", "error", "slow"):
        raise typer.BadParameter("--mode must be down, error or slow")
    token = token or _known_token()
    drill = PMSOutage(
        url, token, parse_duration(duration), mode, rate, parse_duration(drain_timeout), redrive
    )
    with Live(_table(drill.report), console=console, refresh_per_second=4) as live:
        try:
            report = asyncio.run(drill.run(on_tick=lambda r: live.update(_table(r))))
        except RuntimeError as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from None
        live.update(_table(report))
    colour = "green" if report.lost == 0 else "red"
    console.line()
    console.print(f"[bold {colour}]{report.verdict()}[/bold {colour}]", soft_wrap=True)
    if report.unanswered:
        console.print(f"unanswered guests: {', '.join(report.unanswered[:20])}")
    raise typer.Exit(0 if report.lost == 0 and report.errors == 0 else 1)


def _known_token() -> str:
    from hotel_agent.bootstrap import known_admin_token
    from hotel_agent.settings import Settings

    token = known_admin_token(Settings())
    if token:
        return token
    raise typer.BadParameter("no admin token: pass --token or set HOTEL_AGENT_ADMIN_TOKEN")


def register(app: typer.Typer) -> None:
    app.add_typer(chaos_app, name="chaos")
