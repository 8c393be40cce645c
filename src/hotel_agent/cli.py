"""`hotel-agent` command line. Each capability adds its commands through a `register(app)` in its cli module."""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(no_args_is_help=True, add_completion=False, help="hotel-agent: a hotel's guest assistant.")
console = Console()


@app.command()
def migrate() -> None:
    """Bring the database (HOTEL_AGENT_DATABASE_URL) to the latest schema."""
    from hotel_agent.db.migrate import upgrade
    from hotel_agent.settings import get_settings

    settings = get_settings()
    upgrade(settings.database_url)
    console.print("[green]database at head[/green]")


# Capabilities register their commands below (one line each).
