"""Bounds on what a request may cost before anyone looks at who sent it.

`RequestLimitsMiddleware` (pure ASGI) refuses a body over its route's limit without reading it: a declared
Content-Length over the limit is answered 413 at once; a body streamed without one is counted as it arrives
and cut off at the limit. It also refuses a NUL in the path or query (400), which PostgreSQL cannot store or
compare. `load_json` parses a body with a cap on nesting depth.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from fastapi import HTTPException, status
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_JSON_DEPTH = 64  # a WhatsApp notification is 8 deep; nothing we accept needs more


class RequestLimitsMiddleware:
    def __init__(self, app: ASGIApp, *, default_limit: int, limits: Iterable[tuple[str, int]] = ()) -> None:
        self.app = app
        self.default_limit = default_limit
        self.limits = sorted(limits, key=lambda item: len(item[0]), reverse=True)  # longest prefix wins

    def limit_for(self, path: str) -> int:
        for prefix, limit in self.limits:
            if path.startswith(prefix):
                return limit
        return self.default_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope["path"] or b"%00" in scope["query_string"]:
            await _refuse(scope, receive, send, status.HTTP_400_BAD_REQUEST, "NUL is not allowed in a URL")
            return
        limit = self.limit_for(scope["path"])
        declared = _content_length(scope)
        if declared is None:
            await _refuse(scope, receive, send, status.HTTP_400_BAD_REQUEST, "Content-Length is not a number")
            return
        if declared > limit:
            await _refuse(scope, receive, send, 413, _too_large(limit))
            return
        received = 0

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Raised inside the endpoint's body read: FastAPI re-raises HTTPException as is.
                    raise HTTPException(413, _too_large(limit), headers={"Connection": "close"})
            return message

        await self.app(scope, bounded_receive, send)


def load_json(body: bytes, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """The parsed body; HTTPException 400 for invalid JSON or nesting deeper than `max_depth`."""
    try:
        value = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"body is not valid JSON: {exc}") from None
    except RecursionError:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, f"JSON nested deeper than {max_depth} levels"
        ) from None
    # Counting brackets is C-speed; only a body with enough of them to be too deep is walked.
    if body.count(b"{") + body.count(b"[") > max_depth and _depth_exceeds(value, max_depth):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"JSON nested deeper than {max_depth} levels")
    return value


def _depth_exceeds(value: Any, max_depth: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        if depth > max_depth:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _content_length(scope: Scope) -> int | None:
    """0 when absent; None when not a number."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return 0


def _too_large(limit: int) -> str:
    return f"request body larger than {limit} bytes"


async def _refuse(scope: Scope, receive: Receive, send: Send, status_code: int, detail: str) -> None:
    # Connection: close, so the server does not read (and drop) the rest of a body it will never use.
    response = JSONResponse({"detail": detail}, status_code, headers={"Connection": "close"})
    await response(scope, receive, send)
