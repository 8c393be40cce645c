"""Prometheus side, checked by the real promtool (2.42): config, every rule file, the rule unit tests, and
the compose file's references (the stack cannot run here: no Docker engine)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from hotel_agent.observability.generate import PROMETHEUS_DIR, RULE_FILES, TEST_VARIANT_DIR

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS = ROOT / PROMETHEUS_DIR
RULE_TESTS = sorted((PROMETHEUS / "tests").glob("*_test.yml"))
ALL_RULE_FILES = [ROOT / p for p in RULE_FILES] + [ROOT / TEST_VARIANT_DIR / p.name for p in RULE_FILES]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("promtool")
    assert binary, "promtool missing: `make test` installs it (Debian package prometheus)"
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=300, check=False)


def _alerts(path: Path) -> list[dict]:
    doc = yaml.safe_load(path.read_text())
    return [rule for group in doc["groups"] for rule in group["rules"] if "alert" in rule]


def test_prometheus_config_is_valid_and_lists_every_rule_file() -> None:
    result = promtool("check", "config", str(PROMETHEUS / "prometheus.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
    assert config["rule_files"] == [p.name for p in RULE_FILES]
    jobs = {job["job_name"] for job in config["scrape_configs"]}
    assert {"hotel-agent-api", "hotel-agent-worker"} <= jobs


@pytest.mark.parametrize("path", ALL_RULE_FILES, ids=lambda p: str(p.relative_to(PROMETHEUS)))
def test_rule_file_is_valid(path: Path) -> None:
    result = promtool("check", "rules", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def rule_test_results() -> dict[Path, subprocess.CompletedProcess[str]]:
    """Every rule test file run by promtool, one process per core at once: each evaluates every rule at each
    minute of hours of series on one core (two files take 20-30 s each), so running them side by side
    halves the wait on two cores."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = pool.map(lambda path: promtool("test", "rules", str(path)), RULE_TESTS)
        return dict(zip(RULE_TESTS, results, strict=True))


@pytest.mark.parametrize("path", RULE_TESTS, ids=lambda p: p.name)
def test_rule_unit_tests_pass(
    path: Path, rule_test_results: dict[Path, subprocess.CompletedProcess[str]]
) -> None:
    result = rule_test_results[path]
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_wrong_expectation_fails(tmp_path: Path) -> None:
    """The harness can fail: PMSCircuitBreakerOpenExtended must not fire after only 1 minute."""
    test = {
        "rule_files": [str(PROMETHEUS / "alert_rules.yml")],
        "evaluation_interval": "15s",
        "tests": [
            {
                "interval": "15s",
                "input_series": [
                    {
                        "series": 'pms_circuit_breaker_state{job="hotel-agent-api",instance="a"}',
                        "values": "1x20",
                    }
                ],
                "alert_rule_test": [
                    {
                        "eval_time": "1m",
                        "alertname": "PMSCircuitBreakerOpenExtended",
                        "exp_alerts": [
                            {
                                "exp_labels": {
                                    "severity": "critical",
                                    "component": "pms_adapter",
                                    "job": "hotel-agent-api",
                                    "instance": "a",
                                }
                            }
                        ],
                    }
                ],
            }
        ],
    }
    path = tmp_path / "wrong_test.yml"
    path.write_text(yaml.safe_dump(test))
    result = promtool("test", "rules", str(path))
    assert result.returncode != 0


def test_every_alert_is_labelled_annotated_and_has_a_runbook() -> None:
    for path in (ROOT / p for p in RULE_FILES):
        for rule in _alerts(path):
            name = rule["alert"]
            assert rule["labels"]["severity"] in {"critical", "warning"}, name
            assert rule["labels"].get("component"), name
            assert {"summary", "description", "runbook_url"} <= set(rule["annotations"]), name
            assert rule["annotations"]["runbook_url"].endswith(f"/docs/runbooks/{name}.md"), name
            assert (ROOT / "docs" / "runbooks" / f"{name}.md").exists(), f"no runbook for {name}"


def _loaded_rule_files(test_path: Path, doc: dict) -> set[Path]:
    return {(test_path.parent / name).resolve() for name in doc["rule_files"]}


def _alert_cases(firing: bool) -> dict[Path, set[str]]:
    """rule file -> alerts with a case expecting them firing (or silent) in a test that loads that file."""
    cases: dict[Path, set[str]] = defaultdict(set)
    for path in RULE_TESTS:
        doc = yaml.safe_load(path.read_text())
        names = {
            case["alertname"]
            for test in doc["tests"]
            for case in test.get("alert_rule_test", [])
            if bool(case.get("exp_alerts")) == firing
        }
        for rule_file in _loaded_rule_files(path, doc):
            cases[rule_file] |= names
    return cases


@pytest.mark.parametrize("firing", [True, False], ids=["firing", "silent"])
def test_every_alert_is_shown_firing_and_silent_in_a_rule_test(firing: bool) -> None:
    cases = _alert_cases(firing)
    missing = sorted(
        f"{path.name}: {rule['alert']}"
        for path in (ROOT / p for p in RULE_FILES)
        for rule in _alerts(path)
        if rule["alert"] not in cases[path.resolve()]
    )
    assert not missing, f"alerts never shown {'firing' if firing else 'silent'}: {missing}"


def _reads(reader: dict, producer: dict) -> bool:
    """Whether a rule of `reader` selects a series a rule of `producer` records (same name, no
    contradicting label matcher: slo:sli_error:ratio_rate30d{slo="latency"} is not availability's)."""
    for recording in (rule for rule in producer["rules"] if "record" in rule):
        name, labels = recording["record"], recording.get("labels", {})
        pattern = re.compile(rf"(?<![\w:]){re.escape(name)}(?![\w:])(\{{[^}}]*\}})?")
        for rule in reader["rules"]:
            for match in pattern.finditer(rule["expr"]):
                matchers = re.findall(r'(\w+)="([^"]*)"', match.group(1) or "")
                if all(labels.get(key, value) == value for key, value in matchers):
                    return True
    return False


@pytest.mark.parametrize("path", RULE_TESTS, ids=lambda p: p.name)
def test_rule_tests_evaluate_recordings_before_their_readers(path: Path) -> None:
    """promtool 2.42 evaluates groups in random order unless group_eval_order lists them; an alert then
    reads the previous evaluation's recordings and fires one interval late, now and then."""
    doc = yaml.safe_load(path.read_text())
    groups = [
        g for f in sorted(_loaded_rule_files(path, doc)) for g in yaml.safe_load(f.read_text())["groups"]
    ]
    if not any("record" in rule for g in groups for rule in g["rules"]):
        return
    order = doc.get("group_eval_order", [])
    assert sorted(order) == sorted(g["name"] for g in groups), (
        f"{path.name}: group_eval_order must list every group"
    )
    position = {name: i for i, name in enumerate(order)}
    for producer in groups:
        for consumer in groups:
            if consumer is not producer and _reads(consumer, producer):
                assert position[producer["name"]] < position[consumer["name"]], (
                    f"{path.name}: {producer['name']} must be evaluated before {consumer['name']}"
                )


# --- compose references --------------------------------------------------------------------------
def _mounts(service: str) -> dict[str, str]:
    """container path -> host path (relative to the repo) of the service's bind mounts."""
    mounts = {}
    for volume in COMPOSE["services"][service].get("volumes", []):
        host, _, rest = volume.partition(":")
        if host.startswith("./"):
            mounts[rest.split(":")[0]] = host[2:]
    return mounts


def test_compose_mounts_exist() -> None:
    for service in COMPOSE["services"]:
        for container_path, host in _mounts(service).items():
            assert (ROOT / host).is_file(), f"{service} mounts missing {host} at {container_path}"


def test_compose_mounts_every_rule_file_beside_prometheus_yml() -> None:
    mounts = _mounts("prometheus")
    config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
    config_dir = Path(next(c for c, h in mounts.items() if h.endswith("prometheus.yml"))).parent
    for rule_file in config["rule_files"]:
        assert str(config_dir / rule_file) in mounts, f"{rule_file} is listed but not mounted"
        assert mounts[str(config_dir / rule_file)] == str(PROMETHEUS_DIR / rule_file)
    assert "--web.enable-lifecycle" in COMPOSE["services"]["prometheus"]["command"]


def test_compose_mounts_every_dashboard_and_the_provisioning() -> None:
    mounts = _mounts("grafana")
    hosts = set(mounts.values())
    for dashboard in (ROOT / "docker/grafana/dashboards").glob("*.json"):
        assert str(dashboard.relative_to(ROOT)) in hosts, f"{dashboard.name} not mounted"
    provider = yaml.safe_load((ROOT / "docker/grafana/provisioning/dashboards/default.yml").read_text())
    dashboards_path = provider["providers"][0]["options"]["path"]
    assert all(c.startswith(dashboards_path) for c, h in mounts.items() if h.endswith(".json"))
    assert "docker/grafana/provisioning/datasources/prometheus.yml" in hosts
    assert COMPOSE["services"]["grafana"]["image"].startswith("grafana/grafana:11.6")


def test_compose_services_and_ports() -> None:
    services = COMPOSE["services"]
    assert {"api", "worker", "redis", "postgres", "prometheus", "alertmanager", "grafana"} <= set(services)
    assert "9093:9093" in services["alertmanager"]["ports"]
    assert "3000:3000" in services["grafana"]["ports"]
    assert "9090:9090" in services["prometheus"]["ports"]
    assert services["api"]["build"] == "." and (ROOT / "Dockerfile").is_file()
