"""The anchor for webhook acks: bare FastAPI doing the least an honest webhook must do — read the body, check
its HMAC signature, parse it with pydantic — and answer 200. No database.

    uvicorn --factory bench.bare_app:create_app
"""

from __future__ import annotations

import hashlib
import hmac
import os

from fastapi import FastAPI, HTTPException, Request
from pydantic import BaseModel

SECRET = os.environ.get("BENCH_APP_SECRET", "bench-secret").encode()


class Message(BaseModel):
    id: str
    type: str


class Value(BaseModel):
    messages: list[Message] = []


class Change(BaseModel):
    value: Value


class Entry(BaseModel):
    changes: list[Change]


class Notification(BaseModel):
    object: str
    entry: list[Entry]


def create_app() -> FastAPI:
    app = FastAPI()

    @app.post("/webhooks/whatsapp")
    async def receive(request: Request) -> dict[str, int]:
        body = await request.body()
        expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, request.headers.get("x-hub-signature-256", "")):
            raise HTTPException(401, "bad signature")
        notification = Notification.model_validate_json(body)
        count = sum(len(c.value.messages) for e in notification.entry for c in e.changes)
        return {"received": count, "accepted": count}

    return app
