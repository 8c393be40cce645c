"""`hotel-agent worker`: the inbox worker (processing what the API processes accepted) and the DLQ retry
loop in their own process, with /metrics and /health for Prometheus."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from hotel_agent.api import health
from hotel_agent.bootstrap import build_container, close_container
from hotel_agent.settings import Settings

log = logging.getLogger(__name__)


def lower_priority(nice: int) -> int:
    """Lower this process's CPU priority to `nice` (never raise it: that needs privileges) and return the nice
    it runs at. Call it before any thread starts: on Linux a nice value is per thread, inherited by the
    threads started after it (the event loop's executor, aiosqlite's, the NLP engine's)."""
    if not hasattr(os, "setpriority"):  # not a Unix
        return 0
    current = os.getpriority(os.PRIO_PROCESS, 0)
    if nice > current:
        try:
            os.setpriority(os.PRIO_PROCESS, 0, nice)
        except OSError:
            log.warning("could not lower the worker's priority to nice %d", nice, exc_info=True)
    return os.getpriority(os.PRIO_PROCESS, 0)


def create_worker_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from hotel_agent.dlq.worker import DLQWorker

        # The API processes do not run the workers when dedicated ones exist; this process always does.
        container = await build_container(
            settings.model_copy(update={"dlq_run_worker_in_process": False, "inbox_worker_in_process": True}),
            run_background=True,
        )
        app.state.container = container
        worker = DLQWorker(container.dlq, container.pipeline.retry, settings)
        task = asyncio.create_task(worker.run(container.stop), name="dlq-worker")
        try:
            yield
        finally:
            container.stop.set()
            await task
            await close_container(container)

    app = FastAPI(title="hotel-agent worker", lifespan=lifespan)
    app.include_router(health.router)
    return app
