from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _cli(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HOTEL_AGENT_")}
    return subprocess.run(
        [sys.executable, "-m", "hotel_agent", *args],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_migrate_on_a_fresh_checkout_creates_var_and_the_schema(tmp_path: Path) -> None:
    result = _cli("migrate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "var" / "hotel_agent.db").stat().st_size > 0


def test_help_lists_every_capability(tmp_path: Path) -> None:
    result = _cli("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in (
        "serve",
        "worker",
        "migrate",
        "analyze",
        "nlp-eval",
        "pms-simulator",
        "pms-faults",
        "transcribe",
        "dlq",
        "slo",
        "chaos",
        "staff",
        "corrections",
    ):
        assert command in result.stdout


def test_docker_up_says_what_is_missing_without_docker_compose(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[2] / "scripts" / "compose.sh"
    result = subprocess.run(
        ["/bin/bash", str(script), "docker-up"],
        env={"PATH": str(tmp_path)},  # no docker, no docker-compose
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "Docker Compose is not installed" in result.stderr
