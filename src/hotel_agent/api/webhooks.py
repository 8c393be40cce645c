"""WhatsApp Cloud API webhook: Meta's verification handshake and message notifications."""

from __future__ import annotations

import hmac
import logging
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from hotel_agent.api.asgi import header, post_route, read_body, route_path, send_json
from hotel_agent.api.deps import get_container
from hotel_agent.api.limits import load_json
from hotel_agent.api.problems import errors
from hotel_agent.channels.whatsapp import WebhookPayloadError, parse_notification, signature_is_valid

if TYPE_CHECKING:
    from hotel_agent.container import Container

router = APIRouter(prefix="/webhooks", tags=["whatsapp"])
PATH = "/webhooks/whatsapp"
log = logging.getLogger(__name__)


@router.get("/whatsapp", response_class=PlainTextResponse, responses=errors(403))
async def verify(
    request: Request,
    mode: Annotated[str | None, Query(alias="hub.mode")] = None,
    token: Annotated[str | None, Query(alias="hub.verify_token")] = None,
    challenge: Annotated[str | None, Query(alias="hub.challenge")] = None,
) -> str:
    expected = get_container(request).settings.whatsapp_verify_token
    if (
        mode != "subscribe"
        or expected is None
        or token is None
        or not hmac.compare_digest(token.encode(), expected.get_secret_value().encode())
    ):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "verification failed: hub.mode or hub.verify_token wrong"
        )
    return challenge or ""


# The signature header is read from the request, not declared as a parameter: FastAPI's validation of a
# declared header showed in the ack's profile. The schema still documents it.
SIGNATURE_PARAMETER = {
    "name": "x-hub-signature-256",
    "in": "header",
    "required": False,
    "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "X-Hub-Signature-256"},
}


@router.post("/whatsapp", responses=errors(401, 422), openapi_extra={"parameters": [SIGNATURE_PARAMETER]})
async def receive(request: Request) -> dict[str, int]:
    """Store the batch durably in one transaction and answer 200; workers process it after the ack."""
    # The app answers this path with `WhatsAppIntake`; the route documents it (OpenAPI) and serves an app
    # built from the router alone.
    body = await request.body()
    return await accept_notification(get_container(request), body, request.headers.get("x-hub-signature-256"))


async def accept_notification(container: Container, body: bytes, signature: str | None) -> dict[str, int]:
    """The webhook's work on the raw body: check the signature, parse, store (one INSERT, shared with the
    requests arriving meanwhile). HTTPException for a body we refuse."""
    secret = container.settings.whatsapp_app_secret
    if secret is not None and not signature_is_valid(secret.get_secret_value(), body, signature):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "X-Hub-Signature-256 missing or not valid for this body"
        )
    payload = load_json(body)
    try:
        messages = parse_notification(payload)
    except WebhookPayloadError as exc:
        raise HTTPException(422, f"not a WhatsApp notification: {exc}") from None
    accepted = await container.pipeline.accept_batch(messages)  # one INSERT; the worker does the rest
    return {"received": len(messages), "accepted": len(accepted)}


class WhatsAppIntake:
    """POST /webhooks/whatsapp as plain ASGI, in front of FastAPI's router.

    An ack is the service's most frequent request and must be cheap: route matching over every route of the
    app, dependency solving and response validation were most of its CPU (py-spy under load). This answers
    the one path itself with the same work (`accept_notification`) and the same answers, errors included.
    It sits inside the metrics and request-limit middleware, which count and bound it as any route; an
    exception other than HTTPException goes up to Starlette's server-error middleware as before."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.route = post_route(router.routes, PATH)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or route_path(scope) != PATH:
            await self.app(scope, receive, send)
            return
        scope["route"] = self.route
        try:
            body = await read_body(receive)
            if body is None:
                return  # the client hung up before its body arrived: nobody to answer
            signature = header(scope, b"x-hub-signature-256")
            content = await accept_notification(scope["app"].state.container, body, signature)
        except HTTPException as exc:
            await send_json(send, exc.status_code, {"detail": exc.detail}, exc.headers)
            return
        await send_json(send, 200, content)
