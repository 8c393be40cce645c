"""`hotel-agent slo generate`: write every generated observability file (rules, dashboards, runbooks,
test variant) from docker/slo/slos.yaml and docker/prometheus/alert_rules.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console()
slo_app = typer.Typer(no_args_is_help=True, help="SLOs as code: rules, alerts and dashboards from one spec.")


@slo_app.command("generate")
def generate(
    root: Annotated[Path, typer.Option(help="Repository root (holds docker/slo/slos.yaml).")] = Path("."),
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if any file is stale.")
    ] = False,
) -> None:
    """Render recording rules, burn-rate alerts, dashboards, runbooks and the test variant."""
    from hotel_agent.observability.generate import SPEC_PATH, stale_files, write_all
    from hotel_agent.observability.slo import SpecError

    if not (root / SPEC_PATH).exists():
        console.print(
            f"[red]no SLO spec at {root / SPEC_PATH}: run from the repository root or pass --root[/red]"
        )
        raise typer.Exit(2)
    try:
        if check:
            stale = stale_files(root)
            for path in stale:
                console.print(f"[red]stale:[/red] {path}")
            if stale:
                console.print("run `make slo-generate`")
                raise typer.Exit(1)
            console.print("[green]generated files are up to date[/green]")
            return
        changed = write_all(root)
    except SpecError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    for path in changed:
        console.print(f"wrote {path}")
    console.print(f"[green]{len(changed)} file(s) changed[/green]")


def register(app: typer.Typer) -> None:
    app.add_typer(slo_app, name="slo")
