"""Session cookies, CSRF checks and page rendering shared by the console's routes."""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from hotel_agent.console.i18n import handoff_reason, language_of, translate
from hotel_agent.console.sessions import LoginThrottle, SessionStore, StaffSession
from hotel_agent.console.staff import StaffStore

if TYPE_CHECKING:
    from hotel_agent.container import Container

SESSION_COOKIE = "ha_console_session"
LOGIN_COOKIE = "ha_console_login"  # double-submit token of the login form (there is no session yet)
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))


def container_of(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def sessions_of(container: Container) -> SessionStore:
    settings = container.settings
    return SessionStore(
        container.db,
        lifetime=timedelta(hours=settings.console_session_hours),
        idle=timedelta(minutes=settings.console_idle_minutes),
    )


def throttle_of(container: Container) -> LoginThrottle:
    settings = container.settings
    return LoginThrottle(
        container.db,
        settings.console_login_max_failures,
        timedelta(minutes=settings.console_login_lockout_minutes),
    )


def staff_store(container: Container) -> StaffStore:
    return StaffStore(container.db)


def secure_cookies(container: Container) -> bool:
    """Secure everywhere but development (`make run` on plain http://127.0.0.1)."""
    return container.settings.environment != "development"


def set_session_cookie(response: Response, container: Container, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(container.settings.console_session_hours * 3600),
        path="/console",
        httponly=True,
        samesite="strict",
        secure=secure_cookies(container),
    )


def set_login_cookie(response: Response, container: Container, nonce: str) -> None:
    response.set_cookie(
        LOGIN_COOKIE,
        nonce,
        max_age=3600,
        path="/console",
        httponly=True,
        samesite="strict",
        secure=secure_cookies(container),
    )


async def current_session(request: Request) -> StaffSession | None:
    return await sessions_of(container_of(request)).get(request.cookies.get(SESSION_COOKIE))


def same_origin(request: Request) -> bool:
    """A browser names the page a request comes from; another site's page is refused outright."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


def csrf_ok(session: StaffSession, request: Request, form: Any) -> bool:
    given = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
    return same_origin(request) and session.csrf_matches(given if isinstance(given, str) else None)


def login_nonce_ok(request: Request, given: str | None) -> bool:
    expected = request.cookies.get(LOGIN_COOKIE)
    return bool(expected and given) and hmac.compare_digest(str(given).encode(), str(expected).encode())


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def safe_next(value: str | None) -> str:
    """Only a console path: never another site (an open redirect)."""
    if value and value.startswith("/console") and not value.startswith("//") and "\\" not in value:
        return value
    return "/console/inbox"


def login_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    location = f"/console/login?next={quote(target, safe='')}"
    if request.headers.get("hx-request"):
        # A live refresh must not navigate away from a page where a reply is being typed: the page stays,
        # and its next form post leads to the login page with the typed text kept.
        return Response("log in again", status_code=401)
    return RedirectResponse(location, status_code=303)


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    session: StaffSession | None = None,
    status_code: int = 200,
) -> Response:
    lang = language_of(request)
    values = {
        "t": partial(translate, lang),
        "reason_text": partial(handoff_reason, lang),
        "lang": lang,
        "session": session,
        "staff": session.staff if session else None,
        "csrf": session.csrf_token if session else "",
        "path": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        **context,
    }
    response = templates.TemplateResponse(request, template, values, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    # Scripts only from /console/static (a guest's text can never run), no framing (clickjacking).
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    return response
