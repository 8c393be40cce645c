"""Real Redis and PostgreSQL for the tests: use the ones running, or start private ones on free ports.

Order: HOTEL_AGENT_TEST_REDIS_URL / HOTEL_AGENT_TEST_POSTGRES_URL if set; else 127.0.0.1:6379 and
127.0.0.1:5432 (user postgres) if they answer; else a private server from the Debian binaries.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(host: str, port: int, timeout: float = 0.3) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_port(host: str, port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_open(host, port):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listening on {host}:{port} after {timeout}s")


class RedisServer:
    def __init__(self) -> None:
        self.url = os.environ.get("HOTEL_AGENT_TEST_REDIS_URL", "")
        self._dir: str | None = None
        if self.url:
            return
        if port_open("127.0.0.1", 6379):
            self.url = "redis://127.0.0.1:6379/0"
            return
        binary = shutil.which("redis-server")
        if not binary:
            raise RuntimeError(
                "redis-server not found: run `make test` (it installs it) or set HOTEL_AGENT_TEST_REDIS_URL"
            )
        self._dir = tempfile.mkdtemp(prefix="ha-redis-")
        port = free_port()
        subprocess.run(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--daemonize",
                "yes",
                "--dir",
                self._dir,
                "--pidfile",
                f"{self._dir}/redis.pid",
                "--logfile",
                f"{self._dir}/redis.log",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            check=True,
        )
        wait_port("127.0.0.1", port)
        self.url = f"redis://127.0.0.1:{port}/0"

    def stop(self) -> None:
        if self._dir:
            pid_file = Path(self._dir, "redis.pid")
            if pid_file.exists():
                subprocess.run(["kill", pid_file.read_text().strip()], check=False)
            shutil.rmtree(self._dir, ignore_errors=True)


def _pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not candidates:
        raise RuntimeError("PostgreSQL binaries not found: run `make test` (it installs them)")
    return candidates[-1]


class PostgresServer:
    """`admin_url` is a libpq-style URL (postgresql://user@host:port/db) for creating test databases."""

    def __init__(self) -> None:
        self.admin_url = os.environ.get("HOTEL_AGENT_TEST_POSTGRES_URL", "")
        self._dir: str | None = None
        if self.admin_url:
            return
        if port_open("127.0.0.1", 5432):
            self.admin_url = "postgresql://postgres@127.0.0.1:5432/postgres"
            return
        self._dir = tempfile.mkdtemp(prefix="ha-pg-")
        os.chmod(self._dir, 0o777)
        port = free_port()
        as_postgres = os.geteuid() == 0
        initdb = [
            _pg_bin("initdb"),
            "-D",
            f"{self._dir}/data",
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
        ]
        pg_ctl = [
            _pg_bin("pg_ctl"),
            "-D",
            f"{self._dir}/data",
            "-l",
            f"{self._dir}/pg.log",
            "-w",
            "-o",
            f"-p {port} -c listen_addresses=127.0.0.1 -k {self._dir} -c fsync=off",
            "start",
        ]
        self._run(initdb, as_postgres)
        self._run(pg_ctl, as_postgres)
        self._pg_ctl_stop = [_pg_bin("pg_ctl"), "-D", f"{self._dir}/data", "-m", "immediate", "stop"]
        self._as_postgres = as_postgres
        self.admin_url = f"postgresql://postgres@127.0.0.1:{port}/postgres"

    @staticmethod
    def _run(cmd: list[str], as_postgres: bool) -> None:
        if as_postgres:
            subprocess.run(
                ["su", "postgres", "-c", subprocess.list2cmdline(cmd)], check=True, capture_output=True
            )
        else:
            subprocess.run(cmd, check=True, capture_output=True)

    def create_database(self) -> str:
        """Create a fresh database; return its SQLAlchemy asyncpg URL."""
        name = f"ha_test_{uuid.uuid4().hex[:12]}"
        self._psql(f'CREATE DATABASE "{name}"')
        base = self.admin_url.rsplit("/", 1)[0]
        return base.replace("postgresql://", "postgresql+asyncpg://", 1) + f"/{name}"

    def drop_database(self, async_url: str) -> None:
        name = async_url.rsplit("/", 1)[1]
        self._psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _psql(self, sql: str) -> None:
        subprocess.run(
            [_pg_bin("psql"), self.admin_url, "-v", "ON_ERROR_STOP=1", "-qc", sql],
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        if self._dir:
            self._run(self._pg_ctl_stop, self._as_postgres)
            shutil.rmtree(self._dir, ignore_errors=True)
