"""Every Prometheus metric the service exports, defined once.

Names and labels follow the seed plan (EXECUTION_PLAN_H3_TESTS_M1.md). Works in prometheus_client's
multiprocess mode (PROMETHEUS_MULTIPROC_DIR set before import) for `uvicorn --workers N` and workers.
Gauges whose truth lives in a shared store (DLQ depth and age) are not kept per process: they are
read from the store at scrape time by `SharedStateCollector`, so N processes report one answer.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from hotel_agent.errors import FAILURE_REASONS

# `*_created` series double the exposition and no rule or panel uses them.
disable_created_metrics()

# --- PMS circuit breaker (seed H3) -------------------------------------------------------------
BREAKER_STATE_VALUES = {"closed": 0, "open": 1, "half_open": 2}

PMS_CIRCUIT_BREAKER_STATE = Gauge(
    "pms_circuit_breaker_state",
    "PMS circuit breaker state: 0 closed, 1 open, 2 half-open.",
    multiprocess_mode="mostrecent",
)
PMS_CIRCUIT_BREAKER_CALLS = Counter(
    "pms_circuit_breaker_calls_total",
    "PMS calls through the breaker by the state before the call and the outcome. "
    "A call rejected while open counts as state=open, result=failure.",
    ["state", "result"],
)
PMS_CIRCUIT_BREAKER_FAILURE_STREAK = Gauge(
    "pms_circuit_breaker_failure_streak",
    "Consecutive failed PMS calls.",
    multiprocess_mode="mostrecent",
)
PMS_CIRCUIT_BREAKER_TRANSITIONS = Counter(
    "pms_circuit_breaker_transitions_total",
    "Breaker state changes.",
    ["from_state", "to_state"],
)
PMS_API_LATENCY = Histogram(
    "pms_api_latency_seconds",
    "Latency of PMS operations (endpoint = PMS resource or operation, a bounded set).",
    ["endpoint", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0),
)

# --- Orchestrator and guest messages ----------------------------------------------------------
ORCHESTRATOR_LATENCY = Histogram(
    "orchestrator_latency_seconds",
    "Time to understand a guest message and build the reply, by intent.",
    ["intent"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 2.0, 5.0, 10.0),
)
MESSAGES_RECEIVED = Counter(
    "messages_received_total",
    "Guest messages accepted, by channel (whatsapp|chat) and type (text|interactive|audio).",
    ["channel", "type"],
)
MESSAGES_REPLIED = Counter(
    "messages_replied_total",
    "Replies delivered to guests, by channel and type "
    "(answer: the real answer, also when delivered late by the DLQ; holding: 'we will answer shortly'; "
    "handoff: passed to a human).",
    ["channel", "type"],
)
INTENTS_DETECTED = Counter(
    "nlp_intents_detected_total",
    "Intents detected in guest messages.",
    ["intent", "language"],
)
WHATSAPP_SEND_FAILURES = Counter(
    "whatsapp_send_failures_total",
    "Replies the WhatsApp Cloud API refused or that could not reach it.",
    ["reason"],
)

# --- HTTP -------------------------------------------------------------------------------------
HTTP_REQUESTS = Counter(
    "http_requests_total",
    "HTTP requests by method, route template (never the raw path) and status code.",
    ["method", "endpoint", "status_code"],
)
HTTP_REQUEST_DURATION = Histogram(
    "http_request_duration_seconds",
    "HTTP request duration by method and route template.",
    ["method", "endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

# --- Inbox ------------------------------------------------------------------------------------
INBOX_CLAIMS_LOST = Counter(
    "inbox_claims_lost_total",
    "Claims on a guest message taken over by another worker while their holder still ran (it had stalled "
    "past its lease): the holder wrote and sent nothing, the new holder answered.",
)

# --- Dead-letter queue ------------------------------------------------------------------------
DLQ_MESSAGES = Counter("dlq_messages_total", "Messages put in the dead-letter queue, by reason.", ["reason"])
DLQ_RETRIES = Counter(
    "dlq_retries_total",
    "DLQ retry attempts by result (success|failure|permanent; deferred: not tried while the PMS breaker is open).",
    ["result"],
)
DLQ_PERMANENT_FAILURES = Counter(
    "dlq_permanent_failures_total", "Messages moved to dlq_permanent_failures, by reason.", ["reason"]
)
DLQ_RETRY_LATENCY = Histogram(
    "dlq_retry_latency_seconds",
    "Duration of one DLQ retry attempt.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)

# Series exist from the start (value 0), so `increase()` sees the first failure of each reason.
for _reason in FAILURE_REASONS:
    DLQ_MESSAGES.labels(reason=_reason)
    DLQ_PERMANENT_FAILURES.labels(reason=_reason)
for _result in ("success", "failure", "permanent", "deferred"):
    DLQ_RETRIES.labels(result=_result)

# --- Voice notes ------------------------------------------------------------------------------
AUDIO_MESSAGES = Counter(
    "audio_messages_total",
    "Voice notes by result (transcribed|too_large|too_long|corrupt|no_speech|error|unsupported).",
    ["result"],
)
AUDIO_TRANSCRIPTION_SECONDS = Histogram(
    "audio_transcription_seconds",
    "Wall time to transcribe one voice note.",
    buckets=(0.5, 1, 2, 5, 10, 20, 30, 60, 120),
)
AUDIO_DURATION_SECONDS = Histogram(
    "audio_duration_seconds",
    "Duration of received voice notes.",
    buckets=(1, 2, 5, 10, 20, 30, 60, 120, 300),
)

# --- Alerts received from Alertmanager --------------------------------------------------------
ALERTS_RECEIVED = Counter(
    "alertmanager_notifications_received_total",
    "Alert notifications received from Alertmanager, by alert name and status.",
    ["alertname", "status"],
)


# --- Gauges read from shared stores at scrape time --------------------------------------------
@dataclass(frozen=True)
class SharedGaugeReading:
    queue_size: float
    oldest_message_age_seconds: float


@dataclass(frozen=True)
class InboxGaugeReading:
    waiting: float  # accepted, not yet claimed by a worker
    lag_seconds: float  # age of the oldest of those
    oldest_in_flight_seconds: float  # since it was received, of the oldest message claimed but unfinished


SharedReader = Callable[[], Awaitable[SharedGaugeReading]]


class SharedStateCollector(Collector):
    """Reports the DLQ's depth and age, and the inbox's backlog, lag and oldest unfinished message, from the
    values last read from the shared stores (refreshed by /metrics before each scrape), so every process
    agrees."""

    def __init__(self) -> None:
        self.reading = SharedGaugeReading(0.0, 0.0)
        self.inbox = InboxGaugeReading(0.0, 0.0, 0.0)

    def collect(self) -> Iterable[Metric]:
        yield GaugeMetricFamily(
            "inbox_messages_waiting",
            "Guest messages accepted and not yet claimed by a worker (backpressure shows here).",
            value=self.inbox.waiting,
        )
        yield GaugeMetricFamily(
            "inbox_lag_seconds",
            "Age of the oldest accepted message not yet claimed by a worker (0 when none waits).",
            value=self.inbox.lag_seconds,
        )
        yield GaugeMetricFamily(
            "inbox_oldest_in_flight_seconds",
            "Time since it was received of the oldest message claimed but not finished (stuck in processing).",
            value=self.inbox.oldest_in_flight_seconds,
        )
        yield GaugeMetricFamily(
            "dlq_queue_size", "Messages waiting in the DLQ.", value=self.reading.queue_size
        )
        yield GaugeMetricFamily(
            "dlq_oldest_message_age_seconds",
            "Age of the oldest message waiting in the DLQ (0 when empty).",
            value=self.reading.oldest_message_age_seconds,
        )


SHARED_STATE = SharedStateCollector()


def render_latest(extra: Collector | None = SHARED_STATE) -> tuple[bytes, str]:
    """Exposition text for /metrics: every process's metrics in multiprocess mode, plus shared gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_DefaultRegistryView())
    if extra is not None:
        registry.register(extra)
    return generate_latest(registry), CONTENT_TYPE_LATEST


class _DefaultRegistryView(Collector):
    def collect(self) -> Iterable[Metric]:
        return REGISTRY.collect()


def set_breaker_state(state: str) -> None:
    PMS_CIRCUIT_BREAKER_STATE.set(BREAKER_STATE_VALUES[state])


EXPORTED_METRIC_NAMES = frozenset(
    {
        "pms_circuit_breaker_state",
        "pms_circuit_breaker_calls_total",
        "pms_circuit_breaker_failure_streak",
        "pms_circuit_breaker_transitions_total",
        "pms_api_latency_seconds",
        "orchestrator_latency_seconds",
        "messages_received_total",
        "messages_replied_total",
        "nlp_intents_detected_total",
        "whatsapp_send_failures_total",
        "http_requests_total",
        "http_request_duration_seconds",
        "dlq_messages_total",
        "dlq_retries_total",
        "dlq_permanent_failures_total",
        "dlq_retry_latency_seconds",
        "dlq_queue_size",
        "dlq_oldest_message_age_seconds",
        "inbox_messages_waiting",
        "inbox_lag_seconds",
        "inbox_oldest_in_flight_seconds",
        "inbox_claims_lost_total",
        "audio_messages_total",
        "audio_transcription_seconds",
        "audio_duration_seconds",
        "alertmanager_notifications_received_total",
    }
)
