"""Shared fixtures: real Redis and PostgreSQL (see tests/services.py), a SQLite database per test."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.fake_graph import FakeGraphAPI
from tests.services import PostgresServer, RedisServer

SCRATCH_MIN_FREE_BYTES = 512 * 1024 * 1024  # as the dialogue runner's scratch_dir (orchestrator/evaluate.py)


def _scratch_in_memory() -> None:
    """The suite's temporary files (tmp_path, every SQLite database, the private Redis and PostgreSQL, the
    servers the tests start, which inherit TMPDIR) go to /dev/shm when it has room and TMPDIR is not set.

    Nothing a test writes outlives the run, and no test can tell a file in memory from one on a disk after
    a fsync: the fsync is only a wait (on this machine's disk, each SQLite commit waited for one; blind set 5
    took 116 s on disk, 52 s in memory, the same 10 s of CPU). Killed processes keep what they wrote in
    either (the page cache is what tmpfs is). PostgreSQL already ran with fsync=off. TMPDIR=/tmp keeps the
    disk. Nothing of hotel_agent is imported here: pytest-cov starts in xdist's workers after this runs."""
    if os.environ.get("TMPDIR"):
        return
    shm = Path("/dev/shm")
    try:
        if (
            not (shm.is_dir() and os.access(shm, os.W_OK))
            or shutil.disk_usage(shm).free < SCRATCH_MIN_FREE_BYTES
        ):
            return
    except OSError:
        return
    os.environ["TMPDIR"] = str(shm)
    tempfile.tempdir = None  # gettempdir() reads TMPDIR again


_scratch_in_memory()  # at import: before pytest makes its base temporary directory or xdist starts workers

# Session fixtures every worker can hold its own of (cheap, or shared by URL): they do not group tests.
_PER_WORKER = {
    "redis_server",
    "postgres_server",
    "tmp_path_factory",
    "event_loop_policy",
    "worker_id",
    "testrun_uid",
}

_SAME_GROUP = {"voice_model_dir": "voice_clips", "stay_start": "run_id"}  # fixtures of one kind of test


def pytest_sessionstart(session: pytest.Session) -> None:
    """The e5 model's OpenMP runtime is loaded once per process, and that first load sets and removes
    OMP_NUM_THREADS: here, on the main thread, before any test's app warms its engine up in a thread
    while the test reads the environment (0.1 s)."""
    from hotel_agent.nlp.embeddings import SentenceEmbedder

    SentenceEmbedder().warm_up()


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the groups in each worker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`make test` runs `-n 2 --dist loadgroup`), tests that share a costly or stateful
    fixture run in one worker, in file order: the live server of tests/reliability (later tests read what
    earlier ones left on it), the speech model, a module's browser, promtool's results. The rest spread."""
    for item in items:
        if not isinstance(item, pytest.Function) or item.get_closest_marker("xdist_group"):
            continue
        group = None
        for name, defs in item._fixtureinfo.name2fixturedefs.items():
            scope = defs[-1].scope
            if scope == "session" and name not in _PER_WORKER:
                group = _SAME_GROUP.get(name, name)
                break
            if scope in ("module", "package", "class") and group is None:
                group = item.nodeid.split("::", 1)[0]
        if group:
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    return redis_server.url


@pytest.fixture
async def redis_prefix(redis_server: RedisServer) -> AsyncIterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    import redis.asyncio as aioredis

    prefix = f"test-{uuid.uuid4().hex[:10]}:"
    yield prefix
    client = aioredis.from_url(redis_server.url)
    async for key in client.scan_iter(match=f"{prefix}*"):
        await client.delete(key)
    await client.aclose()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database (postgresql+asyncpg://...), dropped afterwards."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path}/hotel_agent.db"


@pytest.fixture
def graph() -> Iterator[FakeGraphAPI]:
    """A local stand-in for Meta's Graph API (records sends, serves media)."""
    with FakeGraphAPI() as fake:
        yield fake
