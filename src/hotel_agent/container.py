"""Everything one process builds once and shares: stores, PMS with its breaker, DLQ, pipeline.

Built by `build_container` (app factory lifespan, worker, CLI); routers reach it via api.deps.get_container.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from hotel_agent.db.session import Database
    from hotel_agent.settings import Settings


@dataclass
class Container:
    settings: Settings
    db: Database
    admin_token: str
    redis: Redis | None = None
    # Filled by build_container as the capabilities land (typed loosely to keep imports acyclic).
    pms: Any = None  # pms.resilient.ResilientPMS
    breaker: Any = None  # resilience.breaker.CircuitBreaker
    simulator: Any = None  # pms.simulator: the in-process simulator, or None with QloApps
    conversations: Any = None  # conversations.store.ConversationStore
    dlq: Any = None  # dlq.service.DeadLetterQueue
    transcriber: Any = None  # audio: None when the voice extra is not installed
    orchestrator: Any = None
    pipeline: Any = None  # orchestrator.pipeline.MessagePipeline
    rate_limiter: Any = None  # api.ratelimit.RateLimiter for the chat API
    background: list[Any] = field(default_factory=list)  # parts with an async aclose()
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)
