"""Everything one process builds once and shares: stores, PMS with its breaker, DLQ, NLP engine, pipeline.

Built by `build_container` (app factory lifespan, worker, CLI); routers reach it via api.deps.get_container.
Concrete types are imported for type checking only, so this module stays free of import cycles.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from hotel_agent.api.ratelimit import RateLimiter
    from hotel_agent.conversations.store import ConversationStore
    from hotel_agent.db.session import Database
    from hotel_agent.nlp.engine import NLPEngine
    from hotel_agent.orchestrator.orchestrator import Orchestrator
    from hotel_agent.pipeline.message_pipeline import MessagePipeline
    from hotel_agent.pms.base import PMS
    from hotel_agent.pms.simulator import PMSSimulator
    from hotel_agent.ports import DeadLetterQueue, Transcriber
    from hotel_agent.resilience.breaker import CircuitBreaker
    from hotel_agent.settings import Settings


class Closeable(Protocol):
    async def aclose(self) -> None: ...


@dataclass
class Container:
    settings: Settings
    db: Database
    admin_token: str
    conversations: ConversationStore
    pms: PMS  # the PMS behind its circuit breaker (pms/resilient.py)
    breaker: CircuitBreaker
    simulator: PMSSimulator | None  # the in-process simulator, or None with QloApps
    dlq: DeadLetterQueue
    nlp: NLPEngine
    orchestrator: Orchestrator
    pipeline: MessagePipeline
    rate_limiter: RateLimiter
    transcriber: Transcriber | None = None  # None when the voice extra is not installed
    redis: Redis | None = None
    background: list[Closeable] = field(default_factory=list)  # parts with an async aclose()
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)
