"""The app answers POST /api/v1/messages in front of FastAPI's router (`ChatIntake`): for every kind of request
the same status, body and content type as the documented route (served here by an app of the router alone,
on the same container), and counted under the route's template."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from hotel_agent.api import messages, problems
from hotel_agent.api.messages import conversation_token
from tests.apps import container_of, make_settings, running_app

JSON = {"Content-Type": "application/json"}


def body(value: Any) -> bytes:
    return json.dumps(value).encode()


async def test_the_intake_answers_as_the_route_it_documents(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, chat_rate_limit_per_minute=3)
    async with running_app(settings) as (app, client):
        container = container_of(app)
        # The per-guest limit counts in one-minute windows: one instant, so the cases never straddle two.
        instant = container.rate_limiter.clock()
        container.rate_limiter.clock = lambda: instant
        routed = FastAPI()
        routed.include_router(messages.router)
        problems.install(routed)
        routed.state.container = container
        transport = httpx.ASGITransport(app=routed)
        token = lambda guest: conversation_token(container.admin_token, guest)  # noqa: E731
        # name -> (guest id -> (content, headers)); each target gets its own guest ("a" / "b").
        cases: list[tuple[str, Callable[[str], tuple[bytes, dict[str, str]]]]] = [
            ("new guest", lambda g: (body({"guest_id": g, "text": "What time is check-out?"}), JSON)),
            (
                "its next message, with its token",
                lambda g: (
                    body({"guest_id": g, "text": "And breakfast?", "message_id": "m-2"}),
                    {**JSON, "X-Conversation-Token": token(g)},
                ),
            ),
            (
                "the same message id again",
                lambda g: (
                    body({"guest_id": g, "text": "And breakfast?", "message_id": "m-2"}),
                    {**JSON, "X-Conversation-Token": token(g)},
                ),
            ),
            ("no token", lambda g: (body({"guest_id": g, "text": "hola"}), JSON)),
            (
                "another's token",
                lambda g: (body({"guest_id": g, "text": "hola"}), {**JSON, "X-Conversation-Token": "x" * 32}),
            ),
            (
                "empty token",
                lambda g: (body({"guest_id": g, "text": "hola"}), {**JSON, "X-Conversation-Token": ""}),
            ),
            (
                "over the guest's limit",
                lambda g: (
                    body({"guest_id": g, "text": "hola"}),
                    {**JSON, "X-Conversation-Token": token(g)},
                ),
            ),
            ("invalid JSON", lambda g: (b'{"guest_id": ', JSON)),
            ("not an object", lambda g: (b'["hola"]', JSON)),
            ("a field missing", lambda g: (body({"guest_id": g + "-new"}), JSON)),
            ("blank text", lambda g: (body({"guest_id": g + "-new", "text": "   "}), JSON)),
            (
                "a control character in the id",
                lambda g: (body({"guest_id": g + "\x01", "text": "hola"}), JSON),
            ),
            ("text too long", lambda g: (body({"guest_id": g + "-new", "text": "a" * 4097}), JSON)),
            (
                "a lone surrogate",
                lambda g: (b'{"guest_id": "' + g.encode() + b'-s", "text": "hi \\ud800"}', JSON),
            ),
            ("no content type", lambda g: (body({"guest_id": g + "-n", "text": "hola"}), {})),
            (
                "text/plain",
                lambda g: (body({"guest_id": g + "-p", "text": "hola"}), {"Content-Type": "text/plain"}),
            ),
            (
                "charset",
                lambda g: (
                    body({"guest_id": g + "-c", "text": "hola"}),
                    {"Content-Type": "application/json; charset=utf-8"},
                ),
            ),
        ]
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as routed_client:
            for name, make in cases:
                answers = []
                for guest, target in (("guest-a", client), ("guest-b", routed_client)):
                    content, headers = make(guest)
                    response = await target.post("/api/v1/messages", content=content, headers=headers)
                    answer = response.json()
                    if isinstance(answer, dict):
                        # What differs by guest: its token, a message id we assign; the text quoting its id.
                        answer.pop("conversation_token", None)
                        if answer.get("message_id") not in (None, "m-2"):
                            answer["message_id"] = "assigned"
                        if isinstance(answer.get("detail"), str):
                            answer["detail"] = answer["detail"].replace(guest, "guest")
                    answers.append(
                        (
                            response.status_code,
                            answer,
                            response.headers["content-type"],
                            response.headers.get("retry-after"),
                        )
                    )
                assert answers[0] == answers[1], name
        await container.pipeline.drain()
        metrics = (await client.get("/metrics")).text
    for status_code in ("200", "401", "403", "422", "429"):
        assert (
            f'http_requests_total{{endpoint="/api/v1/messages",method="POST",status_code="{status_code}"}}'
            in metrics
        ), status_code


async def test_a_body_over_the_limit_is_refused_as_before(tmp_path: Path) -> None:
    async with running_app(make_settings(tmp_path, chat_max_body_bytes=1024)) as (_app, client):
        response = await client.post(
            "/api/v1/messages", content=body({"guest_id": "g", "text": "a" * 2000}), headers=JSON
        )
        assert response.status_code == 413
        assert response.json() == {"detail": "request body larger than 1024 bytes"}
