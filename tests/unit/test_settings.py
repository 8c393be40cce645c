from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from hotel_agent import settings_docs
from hotel_agent.settings import Settings

REQUIRED = [
    "PORT",
    "HOST",
    "DATABASE_URL",
    "REDIS_URL",
    "PMS_BACKEND",
    "QLOAPPS_URL",
    "QLOAPPS_API_KEY",
    "QLOAPPS_HOTEL_ID",
    "WHATSAPP_VERIFY_TOKEN",
    "WHATSAPP_APP_SECRET",
    "WHATSAPP_ACCESS_TOKEN",
    "WHATSAPP_PHONE_NUMBER_ID",
    "WHATSAPP_API_BASE",
    "ADMIN_TOKEN",
    "HOTEL_PROFILE",
    "PMS_BREAKER_FAILURE_THRESHOLD",
    "PMS_BREAKER_RECOVERY_SECONDS",
    "PMS_BREAKER_HALF_OPEN_MAX_CALLS",
    "PMS_TIMEOUT_SECONDS",
    "DLQ_RETRY_BASE_SECONDS",
    "DLQ_RETRY_CAP_SECONDS",
    "DLQ_MAX_RETRIES",
    "DLQ_POLL_SECONDS",
]


def test_every_setting_the_issues_name_exists_and_is_documented() -> None:
    fields = {name.upper() for name in Settings.model_fields}
    assert set(REQUIRED) <= fields
    undocumented = [n for n, f in Settings.model_fields.items() if not (f.description or "").strip()]
    assert undocumented == []


def test_env_example_and_readme_table_are_current() -> None:
    stale = [p.name for p, text in settings_docs.outputs().items() if p.read_text() != text]
    assert stale == [], "run: python -m hotel_agent.settings_docs"


def test_defaults_are_the_embedded_mode(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in Settings.model_fields:
        monkeypatch.delenv(f"HOTEL_AGENT_{name.upper()}", raising=False)
    settings = Settings()
    assert (settings.port, settings.pms_backend, settings.redis_url) == (8002, "simulator", None)
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert (settings.dlq_retry_base_seconds, settings.dlq_retry_cap_seconds, settings.dlq_max_retries) == (
        60,
        3600,
        3,
    )


def test_worker_concurrency_defaults_by_database_and_an_explicit_value_wins(tmp_path: Path) -> None:
    # SQLite's worker shares the API's event loop with the acks: fewer turns at once by default.
    sqlite = Settings(_env_file=None, data_dir=tmp_path)
    postgres = Settings(_env_file=None, database_url="postgresql+asyncpg://h/db")
    assert (sqlite.worker_concurrency, postgres.worker_concurrency) == (8, 32)
    for url in (sqlite.database_url, postgres.database_url):
        assert Settings(_env_file=None, database_url=url, inbox_worker_concurrency=5).worker_concurrency == 5


def test_environment_prefix_and_clear_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOTEL_AGENT_PORT", "9000")
    assert Settings().port == 9000
    monkeypatch.setenv("HOTEL_AGENT_PMS_BACKEND", "opera")
    with pytest.raises(ValidationError, match="pms_backend"):
        Settings()


def test_secrets_do_not_show_in_repr() -> None:
    settings = Settings(qloapps_api_key="K" * 32, admin_token="adm-secret")
    assert "K" * 32 not in repr(settings) and "adm-secret" not in repr(settings)


def test_blank_secrets_are_unset_and_production_needs_a_real_admin_token() -> None:
    settings = Settings(admin_token="  ", whatsapp_app_secret="", qloapps_api_key="")
    assert (
        settings.admin_token is None
        and settings.whatsapp_app_secret is None
        and settings.qloapps_api_key is None
    )
    with pytest.raises(ValidationError, match="ADMIN_TOKEN"):
        Settings(environment="production", admin_token="")
    with pytest.raises(ValidationError, match="at least 16"):
        Settings(environment="production", admin_token="short")
    assert Settings(environment="production", admin_token="x" * 16).environment == "production"


def test_the_sqlite_default_follows_the_data_dir(tmp_path: Path) -> None:
    assert (
        Settings(_env_file=None, data_dir=tmp_path).database_url
        == f"sqlite+aiosqlite:///{tmp_path}/hotel_agent.db"
    )
    assert Settings(_env_file=None).database_url == "sqlite+aiosqlite:///var/hotel_agent.db"
    given = "postgresql+asyncpg://u@h/db"
    assert Settings(_env_file=None, data_dir=tmp_path, database_url=given).database_url == given
