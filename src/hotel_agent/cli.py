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


@app.command()
def serve(
    host: str = typer.Option(None, help="Default: HOTEL_AGENT_HOST (127.0.0.1)"),
    port: int = typer.Option(None, help="Default: HOTEL_AGENT_PORT (8002)"),
    workers: int = typer.Option(1, help="uvicorn worker processes (metrics aggregate across them)"),
) -> None:
    """Run the API (and, in the embedded default, the DLQ worker in-process)."""
    import os
    import shutil

    import uvicorn

    from hotel_agent.bootstrap import resolve_admin_token
    from hotel_agent.settings import get_settings

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiproc = settings.data_dir / "prometheus-multiproc"
        shutil.rmtree(multiproc, ignore_errors=True)
        multiproc.mkdir(parents=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(multiproc)
    token = resolve_admin_token(settings)
    console.print(f"[bold]hotel-agent[/bold] on http://{host}:{port}  (docs: /docs, metrics: /metrics)")
    console.print(
        f"staff console: http://{host}:{port}/console  (accounts: hotel-agent staff add EMAIL --role admin)"
    )
    console.print(
        f"database: {_safe_url(settings.database_url)}  redis: {'yes' if settings.redis_url else 'no (in-process)'}"
        f"  PMS: {settings.pms_backend}",
        soft_wrap=True,  # a token split over two lines cannot be copied
    )
    if settings.admin_token:  # the operator's own secret is never echoed to a terminal or a log
        console.print("admin token: the one set in HOTEL_AGENT_ADMIN_TOKEN")
    else:
        console.print(
            f"admin token (generated for development, kept in {settings.data_dir}/admin_token): "
            f"[bold yellow]{token}[/bold yellow]",
            soft_wrap=True,  # a token split over two lines cannot be copied
        )
    uvicorn.run(
        "hotel_agent.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,  # our handler masks secrets (e.g. hub.verify_token in access-log URLs)
        log_level=settings.log_level.lower(),
        access_log=settings.access_log,
    )


@app.command()
def worker(
    port: int = typer.Option(None, help="Port for /metrics (default HOTEL_AGENT_WORKER_METRICS_PORT)"),
) -> None:
    """Run the DLQ retry worker (several may run, on several machines)."""
    import uvicorn

    from hotel_agent.settings import get_settings
    from hotel_agent.worker_app import create_worker_app, lower_priority

    settings = get_settings()
    # Acks are latency-critical, processing can wait in the inbox: on shared cores the API wins the CPU.
    lower_priority(settings.worker_nice)
    uvicorn.run(
        create_worker_app(settings),
        host=settings.host,
        port=port or settings.worker_metrics_port,
        log_config=None,
        log_level=settings.log_level.lower(),
    )


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _register_capabilities() -> None:
    """Each capability contributes its commands from its own cli module."""
    from hotel_agent.audio.cli import register as register_audio
    from hotel_agent.chaos.cli import register as register_chaos
    from hotel_agent.console.cli import register as register_console
    from hotel_agent.dlq.cli import register as register_dlq
    from hotel_agent.nlp.cli import register as register_nlp
    from hotel_agent.observability.cli import register as register_observability
    from hotel_agent.pms.cli import register as register_pms

    for register in (
        register_nlp,
        register_pms,
        register_dlq,
        register_audio,
        register_observability,
        register_chaos,
        register_console,
    ):
        register(app)


_register_capabilities()
