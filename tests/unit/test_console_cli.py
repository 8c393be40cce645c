"""`hotel-agent staff ...` and `hotel-agent corrections export` on a fresh embedded database."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from hotel_agent.console.staff import StaffStore
from hotel_agent.db.session import Database


def _cli(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HOTEL_AGENT_")}
    return subprocess.run(
        [sys.executable, "-m", "hotel_agent", *args],
        cwd=cwd,
        env=clean,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _authenticates(cwd: Path, email: str, password: str) -> bool:
    async def check() -> bool:
        db = Database(f"sqlite+aiosqlite:///{cwd}/var/hotel_agent.db")
        try:
            return await StaffStore(db).authenticate(email, password) is not None
        finally:
            await db.dispose()

    return asyncio.run(check())


def test_staff_accounts_from_the_command_line(tmp_path: Path) -> None:
    added = _cli(
        "staff",
        "add",
        "Ana@Hotel.test",
        "--role",
        "admin",
        "--password-stdin",
        cwd=tmp_path,
        stdin="first password 1\n",
    )
    assert added.returncode == 0, added.stderr
    assert "ana@hotel.test (admin)" in added.stdout
    assert _authenticates(tmp_path, "ana@hotel.test", "first password 1")
    # The hash is argon2id, never the password.
    raw = (tmp_path / "var" / "hotel_agent.db").read_bytes()
    assert b"first password 1" not in raw and b"$argon2id$" in raw

    again = _cli(
        "staff", "add", "ana@hotel.test", "--password-stdin", cwd=tmp_path, stdin="another password\n"
    )
    assert again.returncode == 1 and "already" in again.stdout + again.stderr
    short = _cli("staff", "add", "bob@hotel.test", "--password-stdin", cwd=tmp_path, stdin="short\n")
    assert short.returncode == 1 and "at least 10" in short.stdout + short.stderr
    bad_role = _cli(
        "staff",
        "add",
        "bob@hotel.test",
        "--role",
        "owner",
        "--password-stdin",
        cwd=tmp_path,
        stdin="long enough pw\n",
    )
    assert bad_role.returncode != 0

    changed = _cli(
        "staff", "passwd", "ana@hotel.test", "--password-stdin", cwd=tmp_path, stdin="second password 2\n"
    )
    assert changed.returncode == 0, changed.stderr
    assert not _authenticates(tmp_path, "ana@hotel.test", "first password 1")
    assert _authenticates(tmp_path, "ana@hotel.test", "second password 2")

    disabled = _cli("staff", "disable", "ana@hotel.test", cwd=tmp_path)
    assert disabled.returncode == 0 and "disabled" in disabled.stdout
    assert not _authenticates(tmp_path, "ana@hotel.test", "second password 2")
    listed = _cli("staff", "list", cwd=tmp_path)
    assert "ana@hotel.test" in listed.stdout and "disabled" in listed.stdout
    enabled = _cli("staff", "disable", "ana@hotel.test", "--enable", cwd=tmp_path)
    assert enabled.returncode == 0 and _authenticates(tmp_path, "ana@hotel.test", "second password 2")
    missing = _cli("staff", "disable", "nobody@hotel.test", cwd=tmp_path)
    assert missing.returncode == 1 and "no staff account" in missing.stdout + missing.stderr
