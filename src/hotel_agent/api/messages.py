"""JSON chat API: the same pipeline as WhatsApp, answered synchronously (within a timeout)."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Header, HTTPException, Query, Request, status
from pydantic import BaseModel, Field, TypeAdapter, ValidationError, field_validator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hotel_agent.api.asgi import header, post_route, read_body, route_path, send_bytes, send_json
from hotel_agent.api.deps import AdminOnly, get_container
from hotel_agent.api.problems import errors
from hotel_agent.channels.sanitize import MAX_TEXT_CHARS, id_problem, storable
from hotel_agent.channels.types import InboundMessage
from hotel_agent.conversations.keys import ConversationKey

if TYPE_CHECKING:
    from hotel_agent.container import Container

router = APIRouter(prefix="/api/v1", tags=["chat"])


TOKEN_HEADER = "X-Conversation-Token"
ID_PATTERN = "^[^\\x00-\\x1f\\x7f]*$"  # documents what id_problem refuses


class ChatMessageIn(BaseModel):
    guest_id: str = Field(
        min_length=1,
        max_length=128,
        description="Your stable id for this guest (no control characters)",
        json_schema_extra={"pattern": ID_PATTERN},
    )
    text: str = Field(
        min_length=1,
        max_length=MAX_TEXT_CHARS,
        description="Not blank; NUL and lone surrogates become U+FFFD",
        json_schema_extra={"pattern": "\\S"},
    )
    message_id: str | None = Field(
        default=None,
        max_length=64,
        description="Optional idempotency key, unique per guest: a repeat is not processed twice",
        json_schema_extra={"pattern": ID_PATTERN},
    )

    @field_validator("text", mode="before")
    @classmethod
    def storable_text(cls, value: object) -> object:
        # Before pydantic's own check, which refuses a lone surrogate outright: a guest's text is kept.
        return storable(value) if isinstance(value, str) else value

    @field_validator("text")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text must not be blank")
        return value

    @field_validator("guest_id", "message_id")
    @classmethod
    def storable_id(cls, value: str | None) -> str | None:
        if value is not None and (problem := id_problem(value)) is not None:
            raise ValueError(problem)
        return value


class ButtonOut(BaseModel):
    id: str
    title: str


class ReplyOut(BaseModel):
    text: str
    buttons: list[ButtonOut] = []


class ChatMessageOut(BaseModel):
    reply: ReplyOut = Field(
        description="Always an object. Empty text (and no buttons) when the agent does not answer this "
        "message: delivery handoff (a person of the hotel's team answers), duplicate or queued without a "
        "holding reply"
    )
    intent: str | None
    language: Literal["es", "en"] | None
    entities: dict[str, Any]
    delivery: Literal["answered", "queued", "handoff", "notice", "duplicate"] = Field(
        description="queued: the PMS or another part failed, or the answer took longer than the reply "
        "timeout; the answer will follow — poll GET /api/v1/messages/{guest_id} with the conversation_token"
    )
    message_id: str
    conversation_token: str = Field(
        description="Send as X-Conversation-Token to read this guest's replies (late answers included)"
    )


TokenHeader = Annotated[
    str | None,
    Header(
        alias=TOKEN_HEADER,
        description="The conversation_token the first message of this guest_id returned; "
        "required once the conversation exists",
    ),
]


@router.post("/messages", response_model=ChatMessageOut, responses=errors(401, 403, 429))
async def post_message(
    body: ChatMessageIn, request: Request, x_conversation_token: TokenHeader = None
) -> ChatMessageOut:
    """The first message of a new `guest_id` returns its `conversation_token`; every later message and
    poll of that conversation must send it as `X-Conversation-Token` (401 without, 403 with another)."""
    # The app answers this path with `ChatIntake`; the route documents it (OpenAPI), answers what the intake
    # hands on (a body it does not take) and serves an app built from the router alone.
    client = request.client.host if request.client is not None else None
    return await answer_message(get_container(request), body, client, x_conversation_token)


async def answer_message(
    container: Container, body: ChatMessageIn, client: str | None, x_conversation_token: str | None
) -> ChatMessageOut:
    """The chat route's work on a validated body: rate limits, the conversation's token, the turn (waited
    for up to the reply timeout). HTTPException for a request refused."""
    token = conversation_token(container.admin_token, body.guest_id)
    # Who may count against the guest's allowance is known before the rate limits are counted, so both are
    # counted in one Redis round trip: the token (when sent) is checked here but its refusal is told only
    # once the caller's address is within its limit, as if checked after it; without a token, whether the
    # conversation exists is read first (one indexed read, as every first message makes).
    if x_conversation_token is not None:
        refusal = _token_refusal(x_conversation_token, token)
    elif await container.pipeline.inbox.conversation_exists("chat", body.guest_id):
        refusal = _token_refusal(None, token)
    else:
        refusal = None
    checks: list[tuple[str, int | None]] = []
    if client is not None:
        # Per caller address first (the socket's, never a forwarded header): rotating guest ids is no
        # bypass, and guessing tokens is paced.
        checks.append((f"ip:{client}", container.settings.chat_rate_limit_per_minute * 10))
    if refusal is None:
        # Per guest only for the conversation's owner: a stranger cannot use up a guest's allowance.
        checks.append((f"chat:{body.guest_id}", None))
    refused, retry_after = await container.rate_limiter.allow_chain(checks)
    if refused is not None:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"too many messages from guest {body.guest_id!r}: the limit is "
            f"{container.settings.chat_rate_limit_per_minute} per minute",
            headers={"Retry-After": str(retry_after)},
        )
    if refusal is not None:
        raise refusal
    pipeline = container.pipeline
    message = InboundMessage(
        id=_inbox_id(body.guest_id, body.message_id) if body.message_id else uuid.uuid4().hex,
        channel="chat",
        guest_id=body.guest_id,
        type="text",
        text=body.text,
        received_at=datetime.now(UTC),
        correlation_id=uuid.uuid4().hex,
    )
    result = await pipeline.answer_now(message, container.settings.chat_reply_timeout_seconds)
    analysis = result.analysis
    return ChatMessageOut(
        reply=ReplyOut(**result.reply.to_dict()) if result.reply else ReplyOut(text=""),
        intent=analysis.intent if analysis else None,
        language=analysis.language if analysis else None,
        entities=analysis.entities if analysis else {},
        delivery=result.outcome,
        message_id=body.message_id or message.id,
        conversation_token=token,
    )


MESSAGES_PATH = "/api/v1/messages"
_RESPONSE = TypeAdapter(ChatMessageOut)


class ChatIntake:
    """POST /api/v1/messages as plain ASGI, in front of FastAPI's router, for a body the route would take
    as it is: `Content-Type: application/json`, valid JSON, valid fields.

    A chat turn's CPU went a tenth to FastAPI around the endpoint (py-spy under load): route matching over
    every route of the app, dependency solving, the request and response objects, validating the response
    model again. This parses and validates the body as the route does (json.loads, then the model), runs the
    same work (`answer_message`) and renders the answer as the route does (the response model's JSON bytes,
    `application/json`). A body it does not take — another content type, invalid JSON, a wrong field — goes
    on to the route, replayed, which answers it exactly as before (a 422 naming the field). It sits inside
    the metrics and request-limit middleware, like `WhatsAppIntake`; an exception other than HTTPException
    goes up to Starlette's server-error middleware as before."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.route = post_route(router.routes, MESSAGES_PATH)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or route_path(scope) != MESSAGES_PATH:
            await self.app(scope, receive, send)
            return
        try:
            raw = await read_body(receive)
            if raw is None:
                return  # the client hung up before its body arrived: nobody to answer
            body = _valid_body(scope, raw)
            if body is None:
                await self.app(scope, _replay(raw, receive), send)
                return
            scope["route"] = self.route
            client = scope.get("client")
            answer = await answer_message(
                scope["app"].state.container,
                body,
                client[0] if client else None,
                header(scope, b"x-conversation-token"),
            )
        except HTTPException as exc:
            await send_json(send, exc.status_code, {"detail": exc.detail}, exc.headers)
            return
        await send_bytes(send, 200, _RESPONSE.dump_json(answer, by_alias=True))


def _valid_body(scope: Scope, raw: bytes) -> ChatMessageIn | None:
    """The body as the route validates it, or None when the route must answer it."""
    content_type = header(scope, b"content-type")
    if content_type is None or content_type.split(";", 1)[0].strip().lower() != "application/json":
        return None
    try:
        return ChatMessageIn.model_validate(json.loads(raw))
    except (ValueError, ValidationError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return None


def _replay(raw: bytes, receive: Receive) -> Receive:
    """The body already read, then the connection's own messages (a disconnect)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": raw, "more_body": False}
        return await receive()

    return replayed


class ReplyEntry(BaseModel):
    id: int
    text: str
    buttons: list[ButtonOut] = []
    kind: str = Field(description="answer | holding | notice | handoff")
    created_at: str


class RepliesOut(BaseModel):
    guest_id: str
    replies: list[ReplyEntry]


# `:path`: a guest_id may hold "/" (sent as %2F); without it such a guest could not read its replies.
@router.get("/messages/{guest_id:path}", response_model=RepliesOut, responses=errors(401, 403))
async def get_replies(
    guest_id: str,
    request: Request,
    after: Annotated[int, Query(ge=0, le=2**62, description="Only replies with an id above this")] = 0,
    x_conversation_token: TokenHeader = None,
) -> RepliesOut:
    """A chat guest's replies, for a web chat to poll: late answers from the DLQ arrive here."""
    container = get_container(request)
    _check_token(x_conversation_token, conversation_token(container.admin_token, guest_id))
    history = await container.conversations.history(guest_id, channel="chat", after_id=after)
    return RepliesOut(
        guest_id=guest_id,
        replies=[
            ReplyEntry(
                id=entry.id,
                text=entry.text,
                buttons=[ButtonOut(**b) for b in entry.buttons],
                kind=entry.kind,
                created_at=entry.created_at.isoformat(),
            )
            for entry in history
            if entry.direction == "out"
        ],
    )


def _check_token(given: str | None, expected: str) -> None:
    if (refusal := _token_refusal(given, expected)) is not None:
        raise refusal


def _token_refusal(given: str | None, expected: str) -> HTTPException | None:
    if not given:
        return HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            f"this conversation exists: send its conversation_token as {TOKEN_HEADER}",
        )
    if not hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode()):
        return HTTPException(status.HTTP_403_FORBIDDEN, f"{TOKEN_HEADER} is not this guest's")
    return None


def conversation_token(secret: str, guest_id: str) -> str:
    """Proves the caller started this chat conversation (derived from the admin token; rotating that token
    invalidates every chat's token)."""
    return hmac.new(secret.encode(), f"chat-conversation:{guest_id}".encode(), hashlib.sha256).hexdigest()[
        :32
    ]


def _inbox_id(guest_id: str, message_id: str) -> str:
    """Per guest: two guests' frontends may both number their messages 1, 2, 3..."""
    return hashlib.sha256(f"{guest_id}\x00{message_id}".encode()).hexdigest()


@router.get("/conversations/{key:path}", dependencies=[AdminOnly], responses=errors(404))
async def conversation(key: str, request: Request) -> dict[str, Any]:
    """A conversation's history. `key` is a conversation key, `chat:<guest_id>` or `whatsapp:<number>` (the
    form /admin/handoffs uses); a bare id answers that guest id's messages on every channel."""
    conversations = get_container(request).conversations
    if ConversationKey.has_channel(key):
        parsed = ConversationKey.parse(key)
        history = await conversations.history(parsed.guest_id, channel=parsed.channel)
    else:
        history = await conversations.history(key)
    if not history:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no conversation with guest {key!r}")
    return {"guest_id": key, "messages": [entry.to_dict() for entry in history]}
