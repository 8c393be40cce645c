"""`hotel-agent transcribe FILE`: transcribe a voice note offline and show the text, language and timing."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from hotel_agent.audio.errors import AudioRejected
from hotel_agent.errors import ProcessingFailure

if TYPE_CHECKING:  # imported by the command that uses it: every `hotel-agent` command imports this module
    from hotel_agent.audio.transcriber import Transcript

console = Console()


def register(app: typer.Typer) -> None:
    app.command("transcribe")(transcribe)


def transcribe(
    file: Path = typer.Argument(..., help="An audio file: OGG/Opus as WhatsApp sends, or MP3, M4A, WAV..."),
) -> None:
    """Transcribe a voice note offline (Spanish or English) and print the transcript, language and timing."""
    from hotel_agent.audio import build_transcriber
    from hotel_agent.settings import get_settings

    if not file.is_file():
        console.print(f"[red]no such file: {file}[/red]")
        raise typer.Exit(2)
    transcriber = build_transcriber(get_settings())
    if transcriber is None:
        console.print("[red]the voice extra is not installed: pip install 'hotel-agent[voice]'[/red]")
        raise typer.Exit(1)
    data = file.read_bytes()

    async def run() -> tuple[Transcript, float]:
        try:
            started = time.perf_counter()
            await transcriber.warm_up()
            load_seconds = time.perf_counter() - started
            return await transcriber.transcribe_bytes(data), load_seconds
        finally:
            await transcriber.aclose()

    try:
        transcript, load_seconds = asyncio.run(run())
    except AudioRejected as rejected:
        console.print(f"[yellow]rejected ({rejected.reason}):[/yellow] {rejected}")
        raise typer.Exit(3) from None
    except ProcessingFailure as failure:
        console.print(f"[red]failed ({failure.reason}):[/red] {failure}")
        raise typer.Exit(1) from None

    table = Table(show_header=False, box=None)
    table.add_row("[bold]transcript[/bold]", transcript.text)
    table.add_row("[bold]language[/bold]", transcript.language)
    table.add_row("[bold]audio[/bold]", f"{transcript.duration_seconds:.2f} s")
    table.add_row("[bold]transcription[/bold]", f"{transcript.transcription_seconds:.2f} s")
    real_time_factor = transcript.transcription_seconds / max(transcript.duration_seconds, 1e-9)
    table.add_row("[bold]real-time factor[/bold]", f"{real_time_factor:.2f}")
    table.add_row("[bold]model ready in[/bold]", f"{load_seconds:.2f} s")
    console.print(table)
