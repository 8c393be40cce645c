"""The one settings object. Every setting is read from the environment with the HOTEL_AGENT_ prefix (or .env).

Each field's docstring is its documentation: `python -m hotel_agent.settings_docs` writes .env.example and the
README's settings table from it, and a test fails when they are stale.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

GRAPH_API_BASE = "https://graph.facebook.com/v21.0"
# Default turns in flight per process. SQLite's (in-process) worker shares the API's event loop with the acks:
# at 32 an ack waited behind the turns' steps (16 connections: p50 130 ms, 0.04 of bare FastAPI's rps), at 8
# p50 46 ms, 0.11, while a backlog drains ~15 % slower (BENCHMARKS.md, Message path).
WORKER_CONCURRENCY = 32
SQLITE_WORKER_CONCURRENCY = 8


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="HOTEL_AGENT_", env_file=".env", extra="ignore", use_attribute_docstrings=True
    )

    # --- HTTP server ---
    host: str = "127.0.0.1"
    """Interface the API binds to."""
    port: int = Field(default=8002, ge=1, le=65535)
    """API port."""
    environment: Literal["development", "production", "test"] = "development"
    """development | production | test. Production refuses to start without ADMIN_TOKEN."""
    log_level: str = "INFO"
    """Python log level (DEBUG, INFO, WARNING, ERROR)."""
    access_log: bool = True
    """One log line per HTTP request at INFO (uvicorn's access log, `hotel-agent serve`); false leaves it out
    (each line costs the API ~16 µs of CPU, ~6 % of a webhook ack's; errors are logged either way)."""
    http_max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    """Largest request body on any route, the WhatsApp webhook included (413 beyond, refused unread)."""
    chat_max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    """Largest request body on the chat API (/api/v1/*)."""
    data_dir: Path = Path("var")
    """Where the embedded mode keeps its files: SQLite, the development admin token, the speech model."""

    # --- Storage ---
    database_url: str = ""
    """SQLAlchemy async URL. Unset: SQLite in data_dir (hotel_agent.db; embedded, migrates itself). Or
    postgresql+asyncpg://user:pass@host/db (run `hotel-agent migrate`)."""
    redis_url: str | None = None
    """Unset: the DLQ and the chat rate limits live in the database and in-process. Set (redis://...): both in
    Redis, shared by every API and worker process. Conversations always live in the database."""
    redis_key_prefix: str = "hotel-agent:"
    """Prefix of every Redis key."""

    # --- PMS ---
    pms_backend: Literal["simulator", "qloapps"] = "simulator"
    """simulator (bundled demo hotel, persisted in the database, with fault injection) | qloapps."""
    qloapps_url: str | None = None
    """QloApps base URL, e.g. https://hotel.example.com (the client adds /api/...)."""
    qloapps_api_key: SecretStr | None = None
    """QloApps webservice key, sent as the HTTP Basic user. Never logged."""
    qloapps_hotel_id: int = 1
    """QloApps hotel id (id_hotel / id_property)."""
    pms_timeout_seconds: float = Field(default=5.0, gt=0)
    """Timeout of every PMS call."""
    pms_breaker_failure_threshold: int = Field(default=5, ge=1)
    """Consecutive PMS failures that open the breaker."""
    pms_breaker_recovery_seconds: float = Field(default=30.0, gt=0)
    """Seconds open before the breaker lets probes through (half-open)."""
    pms_breaker_half_open_max_calls: int = Field(default=2, ge=1)
    """Probes allowed at once in half-open; that many successes close the breaker."""
    pms_breaker_window_size: int = Field(default=20, ge=1)
    """Sliding window (in calls) for the failure-rate rule."""
    pms_breaker_minimum_calls: int = Field(default=10, ge=1)
    """Calls needed in the window before the failure rate can open the breaker."""
    pms_breaker_failure_rate_threshold: float = Field(default=0.5, gt=0, le=1)
    """Failure rate (0..1) over the window that opens the breaker."""
    pms_breaker_slow_call_seconds: float | None = None
    """Calls slower than this count as failures (unset: off)."""
    pms_breaker_probe_interval_seconds: float = Field(default=5.0, gt=0)
    """Background probe of the PMS while half-open, so the breaker closes without guest traffic."""

    # --- WhatsApp Cloud API ---
    whatsapp_verify_token: SecretStr | None = None
    """Token Meta sends in the GET verification handshake."""
    whatsapp_app_secret: SecretStr | None = None
    """App secret: when set, a valid X-Hub-Signature-256 is required on every webhook POST."""
    whatsapp_access_token: SecretStr | None = None
    """Graph API bearer token for sending replies and fetching voice notes. Unset: replies are only recorded."""
    whatsapp_phone_number_id: str | None = None
    """WhatsApp Business phone number id the replies are sent from."""
    whatsapp_api_base: str = GRAPH_API_BASE
    """Graph API base URL (override for tests or a proxy)."""
    whatsapp_late_template_name: str = "late_reply_notice"
    """Approved template used when an answer goes out more than 24 h after the guest's last message."""
    whatsapp_late_template_language_es: str = "es"
    """Language code of that template for Spanish-speaking guests."""
    whatsapp_late_template_language_en: str = "en"
    """Language code of that template for English-speaking guests."""
    whatsapp_reply_window_hours: float = Field(default=24.0, gt=0)
    """WhatsApp's free-form reply window."""

    # --- Operators ---
    admin_token: SecretStr | None = None
    """Bearer token of the operator endpoints (/admin/*, conversations). Unset in development: generated once
    and kept in data_dir/admin_token."""
    hotel_profile: Path | None = None
    """Hotel profile YAML (times, amenities, policies, contact). Unset: the bundled demo hotel."""

    # --- Staff console (/console) ---
    console_session_hours: float = Field(default=12.0, gt=0)
    """A staff session ends this long after login, whatever happens."""
    console_idle_minutes: float = Field(default=120.0, gt=0)
    """A staff session unused this long ends."""
    console_login_max_failures: int = Field(default=5, ge=1)
    """Failed logins for one e-mail address that lock it (4x that many lock a client address)."""
    console_login_lockout_minutes: float = Field(default=15.0, gt=0)
    """How long such a lock lasts (failures older than this are forgotten)."""

    # --- Message processing ---
    inbox_recovery_seconds: float = Field(default=30.0, gt=0)
    """Lease of a claimed message: one unfinished this long (its process died) is claimed again."""
    inbox_worker_in_process: bool = True
    """Process accepted WhatsApp messages inside the API process (embedded default). Set false when
    `hotel-agent worker` processes run: the API then only stores them."""
    inbox_worker_concurrency: int | None = Field(default=None, ge=1)
    """Messages one process works on at once (the rest wait in the inbox, counted as inbox lag); also sizes
    the PostgreSQL connection pool. Unset: 32 on PostgreSQL; 8 on SQLite, whose worker runs in the API
    process and shares its event loop with the webhook acks (fewer turns at once keep the acks quick)."""
    inbox_max_attempts: int = Field(default=3, ge=1)
    """Claims of one message before it is given up (dead-lettered, or marked failed): a message that kills or
    hangs its process each time never loops."""
    inbox_poll_seconds: float = Field(default=0.2, gt=0)
    """How often an idle worker looks for due messages (the in-process worker is also woken by intake)."""
    inbox_storm_pause_seconds: float = Field(default=5.0, ge=0)
    """PostgreSQL: while the inbox grows faster than 250 messages a second (a webhook storm), workers pause their
    claims so that the acks get the CPU and the database, for at most this long: a message that has waited so
    long is claimed as usual. 0: never pause. (SQLite's in-process worker claims a quarter of its turns instead.)"""
    chat_reply_timeout_seconds: float = Field(default=20.0, gt=0)
    """The chat API answers synchronously when the turn ends within this; otherwise "delivery": "queued"
    and the answer follows in GET /api/v1/messages/{guest_id}."""
    chat_rate_limit_per_minute: int = Field(default=60, ge=1)
    """Chat API messages allowed per guest per minute (429 beyond)."""

    # --- Dead-letter queue ---
    dlq_retry_base_seconds: float = Field(default=60.0, gt=0)
    """Backoff base: retry n waits a random time up to min(cap, base * 2^n) (full jitter)."""
    dlq_retry_cap_seconds: float = Field(default=3600.0, gt=0)
    """Backoff cap."""
    dlq_max_retries: int = Field(default=3, ge=1)
    """Retries before a message becomes a permanent failure (table dlq_permanent_failures)."""
    dlq_poll_seconds: float = Field(default=5.0, gt=0)
    """How often the worker looks for due retries."""
    dlq_lease_seconds: float = Field(default=120.0, gt=0)
    """A claimed retry not finished within its lease goes back to the queue (a dead worker loses nothing)."""
    dlq_retry_all_per_second: float = Field(default=5.0, gt=0)
    """Rate at which an operator's retry-all releases entries to the workers."""
    dlq_run_worker_in_process: bool = True
    """Run the DLQ worker inside the API process (embedded default). Set false when `hotel-agent worker` runs."""
    worker_metrics_port: int = Field(default=8003, ge=1, le=65535)
    """Port of `hotel-agent worker`'s /metrics and /health endpoints."""
    worker_nice: int = Field(default=10, ge=0, le=19)
    """Scheduling priority (Unix nice) `hotel-agent worker` lowers itself to at start (never raises it): on
    cores it shares with an API process, the API's acks win the CPU and the worker processes the backlog with
    what is left (idle cores are still all the worker's). 0 leaves it as started."""

    # --- Understanding guests ---
    nlp_min_confidence: float = Field(default=0.4, ge=0, le=1)
    """Below this intent probability (or within 0.1 of the second reading) the agent does not act: it asks which
    of the likeliest readings the guest meant (0.4: right 0.95, wrong-and-acted 0.026 on the held-out set;
    BENCHMARKS.md, NLP)."""
    nlp_use_embeddings: bool = True
    """Use the bundled multilingual sentence-embedding model beside the rules (false: rules only)."""
    nlp_cache_dir: Path | None = None
    """Where the NLP engine keeps what it computes once (the prototype embeddings); default data_dir/cache/nlp."""

    # --- Voice notes (the `voice` extra) ---
    audio_max_bytes: int = Field(default=16 * 1024 * 1024, ge=1)
    """Largest voice note accepted (WhatsApp allows 16 MB)."""
    audio_max_seconds: float = Field(default=300.0, gt=0)
    """Longest voice note transcribed."""
    audio_model_dir: Path | None = None
    """Where the Whisper base model is assembled from its wheels (default: data_dir/models/whisper-base)."""
    audio_workers: int = Field(default=1, ge=1)
    """Threads transcribing voice notes (1 is best on 2 cores)."""
    audio_download_timeout_seconds: float = Field(default=30.0, gt=0)
    """Timeout of the Graph API media lookup and download."""

    @field_validator(
        "qloapps_api_key",
        "whatsapp_verify_token",
        "whatsapp_app_secret",
        "whatsapp_access_token",
        "admin_token",
        mode="before",
    )
    @classmethod
    def _blank_secret_is_unset(cls, value: object) -> object:
        # `HOTEL_AGENT_ADMIN_TOKEN=` in a .env must not mean "the token is the empty string" (anyone matches it).
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @model_validator(mode="after")
    def _database_follows_data_dir(self) -> Settings:
        if not self.database_url.strip():
            self.database_url = f"sqlite+aiosqlite:///{self.data_dir / 'hotel_agent.db'}"
        return self

    @property
    def worker_concurrency(self) -> int:
        """`inbox_worker_concurrency`, or its default for the database."""
        if self.inbox_worker_concurrency is not None:
            return self.inbox_worker_concurrency
        return SQLITE_WORKER_CONCURRENCY if self.database_url.startswith("sqlite") else WORKER_CONCURRENCY

    @model_validator(mode="after")
    def _production_needs_strong_secrets(self) -> Settings:
        if self.environment == "production":
            token = self.admin_token.get_secret_value() if self.admin_token else ""
            if len(token) < 16:
                raise ValueError(
                    "HOTEL_AGENT_ADMIN_TOKEN must be set to at least 16 characters in production"
                )
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
