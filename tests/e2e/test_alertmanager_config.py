"""Alertmanager side, checked by the real amtool (0.25): the config, routing per severity, inhibition,
the webhook to POST /admin/alerts, and the scaled test variant of the config."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.e2e.live.variant import ALERTMANAGER_CONFIG, alertmanager_config, prometheus_config

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / ALERTMANAGER_CONFIG


def amtool(*args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("amtool")
    assert binary, "amtool missing: `make test` installs it (Debian package prometheus-alertmanager)"
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=60, check=False)


def test_config_is_valid() -> None:
    result = amtool("check-config", str(CONFIG))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("labels", "receiver"),
    [
        (
            ["severity=critical", "alertname=PMSCircuitBreakerOpenExtended", "component=pms_adapter"],
            "hotel-agent-page",
        ),
        (
            ["severity=warning", "alertname=PMSHighFailureStreak", "component=pms_adapter"],
            "hotel-agent-ticket",
        ),
        (["severity=info", "alertname=Whatever"], "hotel-agent-default"),
        (["alertname=NoSeverity"], "hotel-agent-default"),
    ],
)
def test_routes_by_severity(labels: list[str], receiver: str) -> None:
    result = amtool("config", "routes", "test", f"--config.file={CONFIG}", *labels)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == receiver


def test_route_test_detects_a_wrong_expectation() -> None:
    result = amtool(
        "config",
        "routes",
        "test",
        f"--config.file={CONFIG}",
        "--verify.receivers=hotel-agent-page",
        "severity=warning",
    )
    assert result.returncode != 0


def test_warnings_inhibited_by_a_critical_of_the_same_component() -> None:
    config = yaml.safe_load(CONFIG.read_text())
    assert config["inhibit_rules"] == [
        {
            "source_matchers": ['severity="critical"'],
            "target_matchers": ['severity="warning"'],
            "equal": ["component"],
        }
    ]


def test_every_receiver_posts_to_admin_alerts_with_the_token_from_a_file() -> None:
    config = yaml.safe_load(CONFIG.read_text())
    for receiver in config["receivers"]:
        for webhook in receiver["webhook_configs"]:
            assert webhook["url"].endswith("/admin/alerts")
            assert webhook["send_resolved"] is True
            auth = webhook["http_config"]["authorization"]
            assert auth["type"] == "Bearer" and auth["credentials_file"]
            assert "credentials" not in auth  # never the token itself in the file


def test_test_variant_config_is_valid_and_scaled(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("secret")
    text = alertmanager_config(ROOT, webhook_url="http://127.0.0.1:9/admin/alerts", credentials_file=token)
    path = tmp_path / "alertmanager.yml"
    path.write_text(text)
    result = amtool("check-config", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load(text)
    assert config["route"]["group_wait"] == "1s"
    assert {w["url"] for r in config["receivers"] for w in r["webhook_configs"]} == {
        "http://127.0.0.1:9/admin/alerts"
    }


def test_test_variant_prometheus_config_is_valid(tmp_path: Path) -> None:
    text = prometheus_config(
        ROOT,
        api_targets=["127.0.0.1:1"],
        worker_targets=["127.0.0.1:2", "127.0.0.1:4"],
        alertmanager_target="127.0.0.1:3",
    )
    path = tmp_path / "prometheus.yml"
    path.write_text(text)
    promtool = shutil.which("promtool")
    assert promtool
    result = subprocess.run(
        [promtool, "check", "config", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert all("test-variant" in f for f in yaml.safe_load(text)["rule_files"])
