"""`hotel-agent staff ...` (console accounts) and `hotel-agent corrections export` (labelled NLP lines).

Both work on the configured database (HOTEL_AGENT_DATABASE_URL); the embedded SQLite migrates itself first.
"""

from __future__ import annotations

import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from hotel_agent.console.staff import ROLES, StaffError, StaffStore

staff_app = typer.Typer(no_args_is_help=True, help="Staff accounts of the web console (/console).")
corrections_app = typer.Typer(no_args_is_help=True, help="Intent corrections made in the console.")
T = TypeVar("T")


async def _with_db(work: Callable[..., Awaitable[T]]) -> T:
    from hotel_agent.db.migrate import upgrade
    from hotel_agent.db.session import Database
    from hotel_agent.settings import get_settings

    settings = get_settings()
    db = Database(settings.database_url)
    try:
        if db.is_sqlite:
            await asyncio.to_thread(upgrade, settings.database_url)
        return await work(db)
    finally:
        await db.dispose()


def _run(work: Callable[..., Awaitable[T]]) -> T:
    try:
        return asyncio.run(_with_db(work))
    except StaffError as exc:
        Console(stderr=True).print(f"[red]{exc}[/red]")
        raise typer.Exit(code=1) from None


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise typer.BadParameter("no password on standard input")
        return password
    password = getpass.getpass("Password: ")
    if password != getpass.getpass("Again: "):
        raise typer.BadParameter("the two passwords differ")
    return password


PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of standard input.")
]


@staff_app.command("add")
def add(
    email: str,
    role: Annotated[
        str, typer.Option(help="agent (inbox) or admin (inbox, operations, audit log)")
    ] = "agent",
    name: Annotated[str | None, typer.Option(help="Shown to colleagues and in the audit log")] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Create a staff account (the password is asked for, or read with --password-stdin)."""
    if role not in ROLES:
        raise typer.BadParameter(f"--role must be one of {', '.join(ROLES)}")
    password = _read_password(password_stdin)
    staff = _run(lambda db: StaffStore(db).add(email, password, role, name))
    Console().print(f"added {staff.email} ({staff.role})")


@staff_app.command("list")
def list_staff() -> None:
    """Every account, enabled or not."""
    accounts = _run(lambda db: StaffStore(db).list())
    table = Table("email", "name", "role", "status")
    for staff in accounts:
        table.add_row(staff.email, staff.name, staff.role, "disabled" if staff.disabled else "enabled")
    Console().print(table)


@staff_app.command("disable")
def disable(
    email: str, enable: Annotated[bool, typer.Option("--enable", help="Enable it again instead.")] = False
) -> None:
    """Disable an account (its sessions end at once), or enable it again with --enable."""
    staff = _run(lambda db: StaffStore(db).set_disabled(email, not enable))
    Console().print(f"{staff.email}: {'disabled' if staff.disabled else 'enabled'}")


@staff_app.command("passwd")
def passwd(email: str, password_stdin: PasswordStdin = False) -> None:
    """Set a new password (the account's sessions end)."""
    password = _read_password(password_stdin)
    staff = _run(lambda db: StaffStore(db).set_password(email, password))
    Console().print(f"password of {staff.email} changed")


@corrections_app.command("export")
def export(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Default: standard output")] = None,
) -> None:
    """Write the corrections as JSON lines in the format of tests/nlp/ (text, language, now, intent,
    entities)."""
    from hotel_agent.console.corrections import export_lines

    lines = _run(export_lines)
    text = "".join(line + "\n" for line in lines)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        Console(stderr=True).print(f"{len(lines)} corrections written to {output}")


def write_corrections(path: Path) -> int:
    """The corrections as tests/nlp/ lines in `path`; returns how many."""
    from hotel_agent.console.corrections import export_lines

    lines = _run(export_lines)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


def register(app: typer.Typer) -> None:
    app.add_typer(staff_app, name="staff")
    app.add_typer(corrections_app, name="corrections")
