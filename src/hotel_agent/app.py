"""The app factory: `create_app(settings)` builds the FastAPI app; the lifespan builds the container."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from hotel_agent import __version__
from hotel_agent.api import admin, health, messages, problems, webhooks
from hotel_agent.api.limits import RequestLimitsMiddleware
from hotel_agent.bootstrap import build_container, close_container
from hotel_agent.observability.http import HTTPMetricsMiddleware
from hotel_agent.settings import Settings, get_settings


def create_app(settings: Settings | None = None, *, run_background: bool = True) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        container = await build_container(settings, run_background=run_background)
        app.state.container = container
        try:
            yield
        finally:
            await close_container(container)

    app = FastAPI(
        title="hotel-agent",
        version=__version__,
        description="Answers a hotel's guests on WhatsApp and a JSON chat API, in Spanish and English.",
        lifespan=lifespan,
    )
    # Innermost: the webhook's and the chat API's POSTs skip the router, still counted and bounded by the two
    # below.
    app.add_middleware(messages.ChatIntake)
    app.add_middleware(webhooks.WhatsAppIntake)
    # Inside the metrics middleware, so a refused body is counted with its 413.
    app.add_middleware(
        RequestLimitsMiddleware,
        default_limit=settings.http_max_body_bytes,
        limits=[("/api/v1/", settings.chat_max_body_bytes)],
    )
    app.add_middleware(HTTPMetricsMiddleware)
    for module in (health, webhooks, messages, admin):
        app.include_router(module.router)
    for optional in _capability_routers():
        app.include_router(optional)
    problems.install(app)
    return app


def _capability_routers() -> list[APIRouter]:
    from hotel_agent.api import admin_alerts, admin_dlq, admin_pms
    from hotel_agent.console.router import router as console_router

    return [admin_pms.router, admin_dlq.router, admin_alerts.router, console_router]
