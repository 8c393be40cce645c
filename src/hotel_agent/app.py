"""The app factory: `create_app(settings)` builds the FastAPI app; the lifespan builds the container."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from hotel_agent import __version__
from hotel_agent.api import admin, health, messages, webhooks
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
    app.add_middleware(HTTPMetricsMiddleware)
    app.add_exception_handler(RequestValidationError, _validation_error)
    for module in (health, webhooks, messages, admin):
        app.include_router(module.router)
    for optional in _capability_routers():
        app.include_router(optional)
    return app


def _capability_routers() -> list[APIRouter]:
    from hotel_agent.api import admin_alerts, admin_dlq, admin_pms
    from hotel_agent.console.router import router as console_router

    return [admin_pms.router, admin_dlq.router, admin_alerts.router, console_router]


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    """422 that names each wrong field in plain words. The rejected input is not echoed back: it may be
    megabytes, or hold what the caller should not see again in logs and proxies."""
    assert isinstance(exc, RequestValidationError)
    problems, errors = [], []
    for error in exc.errors():
        if error["type"] == "json_invalid":
            reason = (error.get("ctx") or {}).get("error", "")
            where, message = "body", f"invalid JSON ({reason})" if reason else "invalid JSON"
        else:
            where = ".".join(str(p) for p in error["loc"] if p != "body") or "body"
            message = error["msg"]
        problems.append(f"{where}: {message}")
        errors.append({"loc": error["loc"], "type": error["type"], "msg": message})
    return JSONResponse({"detail": "; ".join(problems), "errors": jsonable_encoder(errors)}, status_code=422)
