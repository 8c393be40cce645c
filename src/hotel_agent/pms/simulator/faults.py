"""Fault injection for the simulator, changed at run time (admin API, CLI, tests).

Modes:
- ok: answer normally.
- down: every call is an outage (in-process: PMSUnavailable; over HTTP: 503, see server.py).
- error: each call fails with probability `error_rate` (default 1.0) as a 500. With `fail_after_commit`,
  only writes fail, and they are committed first and then answered 500 (QloApps on PHP 8 does this).
- slow: each call waits `latency_ms` (default 2000) before answering.
"""

from __future__ import annotations

import asyncio
import random
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hotel_agent.pms.base import PMSUnavailable

FaultMode = Literal["ok", "down", "error", "slow"]
DEFAULT_SLOW_MS = 2000


class FaultConfig(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        # The rule of _meaningful, in the OpenAPI schema: outside mode 'error', no error_rate/fail_after_commit.
        json_schema_extra={
            "if": {"not": {"required": ["mode"], "properties": {"mode": {"const": "error"}}}},
            "then": {"properties": {"error_rate": {"type": "null"}, "fail_after_commit": {"const": False}}},
        },
    )

    mode: FaultMode = "ok"
    error_rate: float | None = Field(default=None, ge=0.0, le=1.0)
    latency_ms: int | None = Field(default=None, ge=0, le=120_000)
    fail_after_commit: bool = False

    @model_validator(mode="after")
    def _meaningful(self) -> FaultConfig:
        if self.error_rate is not None and self.mode != "error":
            raise ValueError("error_rate only applies to mode 'error'")
        if self.fail_after_commit and self.mode != "error":
            raise ValueError("fail_after_commit only applies to mode 'error'")
        return self

    @property
    def effective_error_rate(self) -> float:
        return 1.0 if self.error_rate is None else self.error_rate

    @property
    def effective_latency_ms(self) -> int:
        if self.latency_ms is not None:
            return self.latency_ms
        return DEFAULT_SLOW_MS if self.mode == "slow" else 0


class SimulatedOutage(PMSUnavailable):
    """A failure injected on purpose (the message says so)."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class FaultInjector:
    def __init__(self, rng: random.Random | None = None) -> None:
        self.config = FaultConfig()
        self._rng = rng or random.Random()

    def set(self, config: FaultConfig) -> FaultConfig:
        self.config = config
        return config

    async def before_call(self) -> None:
        """Apply the configured fault before an operation runs (raises on an injected failure)."""
        config = self.config
        if config.effective_latency_ms:
            await asyncio.sleep(config.effective_latency_ms / 1000)
        if config.mode == "down":
            raise SimulatedOutage("PMS simulator is down (fault injection)", status=503)
        if config.mode == "error" and not config.fail_after_commit and self._fails():
            raise SimulatedOutage("PMS simulator internal error (fault injection)", status=500)

    def after_commit(self) -> None:
        """For writes under fail_after_commit: the write is saved, the answer is still a 500."""
        config = self.config
        if config.mode == "error" and config.fail_after_commit and self._fails():
            raise SimulatedOutage(
                "PMS simulator error after the write committed (fault injection)", status=500
            )

    def _fails(self) -> bool:
        return self._rng.random() < self.config.effective_error_rate
