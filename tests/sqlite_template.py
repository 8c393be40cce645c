"""A new SQLite database already at the head revision, copied from a template that the real Alembic upgrade
made once in this process.

Why: an upgrade from empty runs every migration (0.3-0.5 s) and about 190 tests of a `make test` start on a
new SQLite file (each app the tests start migrates its embedded database, as `make run` does). The copy is
the file that upgrade wrote, and the product's own upgrade still runs on it (at head it only reads the
revision). Upgrades from empty keep their own tests: tests/integration/test_migrations.py, and every
`hotel-agent migrate` of the live-server tests.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from pathlib import Path

from sqlalchemy.engine import make_url

from hotel_agent.db.migrate import upgrade

_lock = threading.Lock()
_template: Path | None = None


def _template_file() -> Path:
    global _template
    with _lock:
        if _template is None:
            directory = Path(tempfile.mkdtemp(prefix="hotel-agent-sqlite-template-"))
            atexit.register(shutil.rmtree, directory, ignore_errors=True)
            path = directory / "head.db"
            upgrade(f"sqlite+aiosqlite:///{path}")
            _template = path
        return _template


def seed_at_head(database_url: str) -> None:
    """If `database_url` names a SQLite file that does not exist yet, create it at head (a copy of the
    template). Anything else is left alone. Sync: the first call runs Alembic, which runs its own event
    loop (from async code: `await asyncio.to_thread(seed_at_head, url)`)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return
    target = Path(url.database)
    if target.exists():
        return
    template = _template_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
