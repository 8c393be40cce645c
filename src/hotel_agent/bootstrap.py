"""Builds what one process shares (the Container) and tears it down. Used by the app, the worker and the CLI."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from pathlib import Path

from redis.asyncio import Redis

from hotel_agent.api.ratelimit import RateLimiter
from hotel_agent.channels.whatsapp import WhatsAppSender
from hotel_agent.container import Container
from hotel_agent.conversations.store import ConversationStore
from hotel_agent.db.migrate import upgrade
from hotel_agent.db.session import Database
from hotel_agent.observability.logging import configure_logging
from hotel_agent.resilience.breaker import BreakerState
from hotel_agent.settings import Settings

log = logging.getLogger(__name__)


def known_admin_token(settings: Settings) -> str | None:
    """HOTEL_AGENT_ADMIN_TOKEN, or the development token `serve` generated under data_dir (so the CLI works
    against `make run` without copying it); None when there is neither."""
    if settings.admin_token is not None:
        return settings.admin_token.get_secret_value()
    token_file = Path(settings.data_dir) / "admin_token"
    existing = token_file.read_text().strip() if token_file.exists() else ""
    return existing or None


def resolve_admin_token(settings: Settings) -> str:
    """The known token or (outside production, where settings require one) a new one kept under data_dir
    across restarts."""
    known = known_admin_token(settings)
    if known:
        return known
    token_file = Path(settings.data_dir) / "admin_token"
    token_file.parent.mkdir(parents=True, exist_ok=True)
    token = "dev-" + secrets.token_urlsafe(24)
    token_file.write_text(token + "\n")
    token_file.chmod(0o600)
    return token


async def build_container(
    settings: Settings, *, run_background: bool = True, migrate: bool | None = None
) -> Container:
    from hotel_agent.audio import build_transcriber
    from hotel_agent.dlq.factory import build_dlq
    from hotel_agent.nlp.factory import build_engine
    from hotel_agent.orchestrator.orchestrator import Orchestrator
    from hotel_agent.orchestrator.profile import load_profile
    from hotel_agent.pipeline.message_pipeline import MessagePipeline
    from hotel_agent.pms.factory import build_pms

    configure_logging(settings)
    db = Database(settings.database_url, concurrency=settings.worker_concurrency)
    # The embedded SQLite database migrates itself; PostgreSQL is migrated by `hotel-agent migrate`.
    if migrate if migrate is not None else db.is_sqlite:
        await asyncio.to_thread(upgrade, settings.database_url)
    redis = Redis.from_url(settings.redis_url) if settings.redis_url else None

    pms_parts = await build_pms(settings, db)
    conversations = ConversationStore(db)
    nlp = build_engine(settings)
    orchestrator = Orchestrator(
        pms_parts.pms, conversations, load_profile(settings.hotel_profile), nlp.analyze, settings
    )
    dlq = build_dlq(settings, db, redis)
    transcriber = build_transcriber(settings)
    pipeline = MessagePipeline(
        settings,
        db,
        conversations,
        orchestrator,
        dlq,
        nlp,
        sender=_whatsapp_sender(settings),
        transcriber=transcriber,
        breaker=pms_parts.breaker,
    )
    container = Container(
        settings=settings,
        db=db,
        admin_token=resolve_admin_token(settings),
        conversations=conversations,
        pms=pms_parts.pms,
        breaker=pms_parts.breaker,
        simulator=pms_parts.simulator,
        dlq=dlq,
        nlp=nlp,
        orchestrator=orchestrator,
        pipeline=pipeline,
        rate_limiter=RateLimiter(settings.chat_rate_limit_per_minute, redis, settings.redis_key_prefix),
        transcriber=transcriber,
        redis=redis,
    )
    container.background.append(pms_parts)
    if transcriber is not None:
        container.background.append(transcriber)
    if run_background:
        await pms_parts.start()
        if settings.inbox_worker_in_process:
            container.tasks.append(
                asyncio.create_task(pipeline.run_worker(container.stop), name="inbox-worker")
            )
        if settings.dlq_run_worker_in_process:
            container.tasks.append(asyncio.create_task(_run_dlq_worker(container), name="dlq-worker"))
        container.tasks.append(asyncio.create_task(_warm_up(container), name="warm-up"))
    return container


def _whatsapp_sender(settings: Settings) -> WhatsAppSender | None:
    if settings.whatsapp_access_token is None or not settings.whatsapp_phone_number_id:
        return None  # replies are recorded in the conversation only
    return WhatsAppSender(
        settings.whatsapp_api_base,
        settings.whatsapp_phone_number_id,
        settings.whatsapp_access_token.get_secret_value(),
    )


async def _run_dlq_worker(container: Container) -> None:
    from hotel_agent.dlq.worker import DLQWorker

    worker = DLQWorker(container.dlq, container.pipeline.retry, container.settings)
    await worker.run(container.stop)


async def _warm_up(container: Container) -> None:
    """Load the NLP and speech models before the first guest needs them, and the console's dummy password
    hash before the first login (an unknown e-mail must not answer faster or slower than a wrong password)."""
    from hotel_agent.console.staff import warm_up as warm_up_staff

    try:
        await asyncio.to_thread(container.nlp.warm_up)
        await asyncio.to_thread(warm_up_staff)
        if container.transcriber is not None:
            await container.transcriber.warm_up()
            # Only while the breaker lets calls through: a warm-up call must not be refused or counted as an
            # outage's failure (the voice vocabulary keeps the profile's words until then).
            if container.breaker.state is BreakerState.CLOSED:
                await container.transcriber.learn_room_types(container.pms)
    except Exception:
        log.exception("model warm-up failed; models load on first use instead")


async def close_container(container: Container) -> None:
    container.stop.set()  # the worker claims nothing more
    await container.pipeline.stop()
    for task in container.tasks:
        task.cancel()
    for task in container.tasks:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
    for part in container.background:
        await part.aclose()
    if container.pipeline.sender is not None:
        await container.pipeline.sender.aclose()
    if container.redis is not None:
        await container.redis.aclose()
    await container.db.dispose()
