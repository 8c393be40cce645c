"""The one settings object. Every setting is read from the environment with the HOTEL_AGENT_ prefix."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

GRAPH_API_BASE = "https://graph.facebook.com/v21.0"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HOTEL_AGENT_", env_file=".env", extra="ignore")

    # HTTP server
    host: str = "127.0.0.1"
    port: int = 8002
    environment: Literal["development", "production", "test"] = "development"
    log_level: str = "INFO"
    data_dir: Path = Path("var")

    # Storage. SQLite under data_dir by default; PostgreSQL via postgresql+asyncpg://...
    database_url: str = "sqlite+aiosqlite:///var/hotel_agent.db"
    # Unset: conversation state and DLQ live in the database (in-process, embedded mode).
    redis_url: str | None = None
    redis_key_prefix: str = "hotel-agent:"

    # PMS
    pms_backend: Literal["simulator", "qloapps"] = "simulator"
    qloapps_url: str | None = None
    qloapps_api_key: SecretStr | None = None
    qloapps_hotel_id: int = 1
    pms_timeout_seconds: float = 5.0
    pms_breaker_failure_threshold: int = 5
    pms_breaker_recovery_seconds: float = 30.0
    pms_breaker_half_open_max_calls: int = 2
    pms_breaker_window_size: int = 20
    pms_breaker_minimum_calls: int = 10
    pms_breaker_failure_rate_threshold: float = 0.5
    pms_breaker_slow_call_seconds: float | None = None
    pms_breaker_probe_interval_seconds: float = 5.0

    # WhatsApp Cloud API
    whatsapp_verify_token: SecretStr | None = None
    whatsapp_app_secret: SecretStr | None = None
    whatsapp_access_token: SecretStr | None = None
    whatsapp_phone_number_id: str | None = None
    whatsapp_api_base: str = GRAPH_API_BASE
    whatsapp_late_template_name: str = "late_reply_notice"
    whatsapp_late_template_language_es: str = "es"
    whatsapp_late_template_language_en: str = "en"
    whatsapp_reply_window_hours: float = 24.0

    # Operator access
    admin_token: SecretStr | None = None

    # Hotel profile (YAML). Unset: the bundled demo hotel.
    hotel_profile: Path | None = None

    # Inbound processing: a message accepted but not processed after this long is picked up again.
    inbox_recovery_seconds: float = 30.0

    # Dead-letter queue
    dlq_retry_base_seconds: float = 60.0
    dlq_retry_cap_seconds: float = 3600.0
    dlq_max_retries: int = 3
    dlq_poll_seconds: float = 5.0
    dlq_lease_seconds: float = 120.0
    dlq_retry_all_per_second: float = 5.0
    dlq_run_worker_in_process: bool = True
    worker_metrics_port: int = 8003  # `hotel-agent worker` serves /metrics and /health/live here

    # NLP
    nlp_min_confidence: float = 0.45
    nlp_use_embeddings: bool = True

    # Voice notes
    audio_max_bytes: int = 16 * 1024 * 1024
    audio_max_seconds: float = 300.0
    audio_model_dir: Path | None = None
    audio_workers: int = 1
    audio_download_timeout_seconds: float = 30.0

    # Metrics: set PROMETHEUS_MULTIPROC_DIR (prometheus_client's own variable) for uvicorn --workers N.
    metrics_enabled: bool = True

    # Rate limits for guest-facing endpoints (per guest / per source, requests per minute)
    chat_rate_limit_per_minute: int = Field(default=60, ge=1)


@lru_cache
def get_settings() -> Settings:
    return Settings()
