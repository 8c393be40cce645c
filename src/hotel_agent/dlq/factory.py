"""Build the DLQ on the configured stores: Redis when there is one, else the SQL database."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from hotel_agent.dlq.permanent import PermanentFailureStore
from hotel_agent.dlq.service import DeadLetterQueue
from hotel_agent.dlq.store import DLQStore

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from hotel_agent.db.session import Database
    from hotel_agent.settings import Settings


def build_dlq(
    settings: Settings, db: Database, redis: Redis | None, rng: random.Random | None = None
) -> DeadLetterQueue:
    """Live queue in Redis (key prefix settings.redis_key_prefix) or SQL; permanent failures always in SQL."""
    store: DLQStore
    if redis is not None:
        from hotel_agent.dlq.redis_store import RedisDLQStore

        store = RedisDLQStore(redis, settings.redis_key_prefix)
    else:
        from hotel_agent.dlq.sql_store import SqlDLQStore

        store = SqlDLQStore(db)
    return DeadLetterQueue(store, PermanentFailureStore(db), settings, rng=rng)
