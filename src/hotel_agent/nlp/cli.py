"""`hotel-agent analyze` and `hotel-agent nlp-eval`."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()


def _parse_now(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"--now must be YYYY-MM-DD, got {value!r}") from exc


def analyze_command(
    texts: Annotated[
        list[str] | None, typer.Argument(help="Messages to analyse; none: JSON lines on stdin.")
    ] = None,
    now: Annotated[
        str | None, typer.Option(help="Resolve relative dates against this day (YYYY-MM-DD).")
    ] = None,
    language: Annotated[str | None, typer.Option(help="Force es or en instead of detecting it.")] = None,
) -> None:
    """Analyse messages: TEXT arguments, or JSON lines {"text": ...} on stdin; writes one JSON line each."""
    from hotel_agent.nlp.engine import get_engine

    today = _parse_now(now)
    if language is not None and language not in ("es", "en"):
        raise typer.BadParameter(f"--language must be es or en, got {language!r}")
    engine = get_engine()
    engine.warm_up()

    def emit(text: str) -> None:
        analysis = engine.analyze(text, today, language)
        sys.stdout.write(json.dumps({"text": text, **analysis.to_dict()}, ensure_ascii=False) + "\n")

    if texts:
        for text in texts:
            emit(text)
        return
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            payload = json.loads(line)
        except json.JSONDecodeError as exc:
            raise typer.BadParameter(f"stdin line {number} is not JSON: {exc.msg}") from exc
        if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
            raise typer.BadParameter(f'stdin line {number} must be an object with a string "text"')
        emit(payload["text"])


def _print_report(report: object) -> None:
    from hotel_agent.nlp.evaluate import Report
    from hotel_agent.nlp.types import INTENTS

    assert isinstance(report, Report)
    summary = Table(title=f"{report.name}: {report.total} messages")
    for column in (
        "intent acc es",
        "intent acc en",
        "entity exact (all)",
        "entity exact (labelled)",
        "language",
    ):
        summary.add_column(column, justify="right")
    summary.add_row(
        f"{report.accuracy('es'):.3f}",
        f"{report.accuracy('en'):.3f}",
        f"{report.entity_exact_match:.3f}",
        f"{report.entity_exact_match_where_labelled:.3f}",
        f"{report.language_correct / report.total:.3f}" if report.total else "-",
    )
    console.print(summary)
    outcomes = Table(title="what the agent would do (share of lines)")
    for column in ("language", "right", "clarified", "of which label offered", "rephrase", "wrong and acted"):
        outcomes.add_column(column, justify="right")
    for language in ("es", "en", None):
        outcomes.add_row(
            language or "all",
            f"{report.share(report.right, language):.3f}",
            f"{report.share(report.clarified, language):.3f}",
            f"{report.share(report.clarified_with_label, language):.3f}",
            f"{report.share(report.rephrase, language):.3f}",
            f"{report.share(report.wrong_acted, language):.3f}",
        )
    console.print(outcomes)
    per_intent = Table(title="per intent")
    for column in ("intent", "support", "precision", "recall"):
        per_intent.add_column(column, justify="left" if column == "intent" else "right")
    for intent in INTENTS:
        if report.actual[intent] or report.predicted[intent]:
            per_intent.add_row(
                intent,
                str(report.actual[intent]),
                f"{report.precision(intent):.2f}",
                f"{report.recall(intent):.2f}",
            )
    console.print(per_intent)
    present = [intent for intent in INTENTS if report.actual[intent] or report.predicted[intent]]
    matrix = Table(title="confusion matrix (rows: label, columns: likeliest reading; numbered as the rows)")
    matrix.add_column("label")
    for number in range(1, len(present) + 1):
        matrix.add_column(str(number), justify="right")
    for number, expected in enumerate(present, start=1):
        cells = [str(report.matrix[(expected, predicted)] or ".") for predicted in present]
        matrix.add_row(f"{number} {expected}", *cells)
    console.print(matrix)
    if report.confusions:
        confused = Table(title="most confused (expected -> predicted)")
        confused.add_column("expected")
        confused.add_column("predicted")
        confused.add_column("count", justify="right")
        for (expected, predicted), count in report.confusions.most_common(8):
            confused.add_row(expected, predicted, str(count))
        console.print(confused)


def nlp_eval_command(
    dataset: Annotated[
        list[Path] | None, typer.Option("--dataset", help="JSON-lines sets (default: dev and held-out).")
    ] = None,
    rules_only: Annotated[
        bool, typer.Option(help="Skip the sentence model (as NLP_USE_EMBEDDINGS=false).")
    ] = False,
    show_misses: Annotated[bool, typer.Option(help="List every misclassified line.")] = False,
    corrections: Annotated[
        bool,
        typer.Option(
            "--corrections",
            help="Measure on the corrections staff made in the console (from HOTEL_AGENT_DATABASE_URL): "
            "a report, without floors.",
        ),
    ] = False,
) -> None:
    """Per-intent precision/recall, confusions and entity exact match; exits 1 below the floors."""
    from hotel_agent.nlp.engine import NLPEngine
    from hotel_agent.nlp.evaluate import DEV_SET, HELDOUT_SET, evaluate, floors_for, load, parts
    from hotel_agent.settings import get_settings

    settings = get_settings()
    engine = NLPEngine(
        use_embeddings=settings.nlp_use_embeddings and not rules_only,
        min_confidence=settings.nlp_min_confidence,
    )
    engine.warm_up()
    console.print(
        "engine: text model + rules"
        + ("" if engine._embedder is None else " + multilingual-e5-small when unsure")
        + f"; acts at intent probability >= {engine.min_confidence}"
    )
    if corrections:
        _eval_corrections(engine, show_misses)
        return
    failures: list[str] = []
    for path in dataset or [DEV_SET, HELDOUT_SET]:
        if not path.exists():
            raise typer.BadParameter(f"no such dataset: {path}")
        for index, (name, examples) in enumerate(parts(path, load(path))):
            report = evaluate(engine, examples, name)
            _print_report(report)
            if show_misses and index == 0:
                for miss in report.misses:
                    console.print(
                        f"  [{miss.example.language}] {miss.example.intent} -> {miss.intent}"
                        + (f" (asked: {', '.join(miss.alternatives)})" if miss.alternatives else "")
                        + f": {miss.example.text!r}"
                        + ("" if miss.entities == miss.example.entities else f" entities {miss.entities}")
                    )
            if index == 0:
                failures.extend(report.failures(floors_for(path, rules_only=engine._embedder is None)))
    for failure in failures:
        console.print(f"[red]below floor[/red] {failure}")
    if failures:
        raise typer.Exit(code=1)
    console.print("[green]all floors met[/green]")


def _eval_corrections(engine: object, show_misses: bool) -> None:
    import tempfile

    from hotel_agent.console.cli import write_corrections
    from hotel_agent.nlp.engine import NLPEngine
    from hotel_agent.nlp.evaluate import evaluate, load

    assert isinstance(engine, NLPEngine)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corrections.jsonl"
        if write_corrections(path) == 0:
            console.print(
                "no corrections yet: staff make them in the console (/console, a guest message's reading)"
            )
            return
        report = evaluate(engine, load(path), "console corrections")
    _print_report(report)
    if show_misses:
        for miss in report.misses:
            console.print(
                f"  [{miss.example.language}] {miss.example.intent} -> {miss.intent}: {miss.example.text!r}"
            )


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze_command)
    app.command("nlp-eval")(nlp_eval_command)
