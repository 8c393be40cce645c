"""What the plain-ASGI intakes (`WhatsAppIntake`, `ChatIntake`) need to read a request and answer it as FastAPI
would."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.routing import BaseRoute
from starlette.types import Receive, Scope, Send


def post_route(routes: list[BaseRoute], path: str) -> BaseRoute:
    """The POST route of `path`: the metrics middleware reads its template from scope["route"], as FastAPI's
    router would have set it."""
    return next(
        route
        for route in routes
        if getattr(route, "path", None) == path and "POST" in getattr(route, "methods", ())
    )


def route_path(scope: Scope) -> str:
    path: str = scope["path"]
    root = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            decoded: str = value.decode("latin-1")
            return decoded
    return None


async def read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def send_json(
    send: Send, status_code: int, content: dict[str, Any], headers: Mapping[str, str] | None = None
) -> None:
    # As FastAPI's JSONResponse renders it.
    body = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
    await send_bytes(send, status_code, body, headers)


async def send_bytes(
    send: Send, status_code: int, body: bytes, headers: Mapping[str, str] | None = None
) -> None:
    """A JSON body already rendered."""
    raw_headers = [(b"content-length", str(len(body)).encode()), (b"content-type", b"application/json")]
    raw_headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status_code, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})
