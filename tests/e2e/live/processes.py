"""Child processes of the live test, each with its own log file, stopped by pid (never by name)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx


class ManagedProcess:
    """One child process; `stop()` is safe to call twice and always reaps the child."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        log_path: Path,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.name = name
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            argv, stdout=self._log, stderr=subprocess.STDOUT, env=env, cwd=cwd, stdin=subprocess.DEVNULL
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def check_alive(self) -> None:
        if not self.running():
            raise RuntimeError(
                f"{self.name} exited with {self.process.returncode}; last log lines:\n{self.tail()}"
            )

    def stop(self, timeout: float = 10.0) -> None:
        if self.running():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        self._log.close()


def wait_until(what: str, check: Callable[[], bool], timeout: float, interval: float = 0.1) -> float:
    """Poll `check` until it is true; return the seconds it took. Raise AssertionError on timeout."""
    started = time.monotonic()
    deadline = started + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            if check():
                return time.monotonic() - started
        except (httpx.HTTPError, KeyError, ValueError) as exc:
            last_error = exc
        time.sleep(interval)
    detail = f" (last error: {type(last_error).__name__}: {last_error})" if last_error else ""
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}{detail}")


def wait_http_ok(process: ManagedProcess, url: str, timeout: float = 60.0) -> None:
    def ok() -> bool:
        process.check_alive()
        try:
            return httpx.get(url, timeout=2.0).status_code == 200
        except httpx.HTTPError:
            return False

    wait_until(f"{process.name} at {url}", ok, timeout, interval=0.1)


def child_env(**values: str) -> dict[str, str]:
    """The parent's environment without any HOTEL_AGENT_ setting, plus `values`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTEL_AGENT_")}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.update(values)
    return env
