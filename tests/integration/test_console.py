"""The staff console through HTTP against the real app (SQLite, simulator, fake Graph API): accounts,
sessions, CSRF, throttling, the inbox, take over / reply / hand back, notes, corrections, operations."""

from __future__ import annotations

import asyncio
import html
import json
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from hotel_agent.app import create_app
from hotel_agent.console.models import AuditRow, StaffReplyRow, StaffSessionRow
from hotel_agent.console.staff import StaffStore
from hotel_agent.conversations.models import ConversationMessageRow
from hotel_agent.settings import Settings
from tests import whatsapp_payloads as wa
from tests.apps import admin_headers, container_of, make_settings, post_signed, whatsapp_settings
from tests.fake_graph import FakeGraphAPI

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery"
GUEST = "34600111222"


@asynccontextmanager
async def console_app(settings: Settings) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        await StaffStore(container_of(app).db).add("ana@hotel.test", PASSWORD, "admin", "Ana")
        await StaffStore(container_of(app).db).add("bob@hotel.test", PASSWORD, "agent", "Bob")
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="https://testserver", timeout=30
        ) as client:
            yield app, client


def browser(app: FastAPI) -> httpx.AsyncClient:
    """A second staff member's browser: its own cookie jar."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="https://testserver", timeout=30
    )


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html[:500]
    return match.group(1)


async def login(client: httpx.AsyncClient, email: str = "ana@hotel.test", password: str = PASSWORD) -> str:
    """Logs in and returns the session's CSRF token."""
    page = await client.get("/console/login")
    response = await client.post(
        "/console/login",
        data={"email": email, "password": password, "csrf_token": csrf_of(page.text)},
    )
    assert response.status_code == 303, response.text[:800]
    inbox = await client.get("/console/inbox")
    assert inbox.status_code == 200
    return csrf_of(inbox.text)


async def whatsapp_message(client: httpx.AsyncClient, text: str, message_id: str, guest: str = GUEST) -> None:
    await post_signed(client, wa.text_message(guest, message_id, text, name="Lucía Pérez"))


def target(channel: str = "whatsapp", guest: str = GUEST) -> dict[str, str]:
    return {"channel": channel, "guest_id": guest}


async def test_login_sets_a_strict_http_only_secure_cookie_and_logout_ends_the_session(
    tmp_path: Path,
) -> None:
    async with console_app(make_settings(tmp_path)) as (app, client):
        assert (await client.get("/console/inbox")).status_code == 303  # to the login page
        page = await client.get("/console/login")
        assert (
            'name="email"' in page.text
            and 'name="password"' in page.text
            and 'name="csrf_token"' in page.text
        )
        response = await client.post(
            "/console/login",
            data={"email": "ANA@hotel.test ", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        )
        assert response.status_code == 303
        cookie = next(
            h for h in response.headers.get_list("set-cookie") if h.startswith("ha_console_session=")
        )
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" in cookie
        inbox = await client.get("/console/inbox")
        assert inbox.status_code == 200 and "Ana" in inbox.text
        # The session is stored hashed: the cookie's value is nowhere in the database.
        token = client.cookies.get("ha_console_session")
        async with container_of(app).db.session() as session:
            hashes = (await session.scalars(select(StaffSessionRow.token_hash))).all()
        assert token and token not in hashes and len(hashes) == 1
        response = await client.post("/console/logout", data={"csrf_token": csrf_of(inbox.text)})
        assert response.status_code == 303
        client.cookies.set("ha_console_session", token, domain="testserver.local", path="/console")
        assert (await client.get("/console/inbox", cookies={"ha_console_session": token})).status_code == 303


async def test_development_cookie_is_not_secure(tmp_path: Path) -> None:
    async with console_app(make_settings(tmp_path, environment="development")) as (_app, client):
        page = await client.get("/console/login")
        response = await client.post(
            "/console/login",
            data={"email": "bob@hotel.test", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        )
        cookie = next(
            h for h in response.headers.get_list("set-cookie") if h.startswith("ha_console_session=")
        )
        assert "Secure" not in cookie and "HttpOnly" in cookie


async def test_login_without_the_form_token_is_refused(tmp_path: Path) -> None:
    async with console_app(make_settings(tmp_path)) as (_app, client):
        response = await client.post("/console/login", data={"email": "ana@hotel.test", "password": PASSWORD})
        assert response.status_code == 403
        assert client.cookies.get("ha_console_session") is None


async def test_five_failures_lock_the_address_for_fifteen_minutes(tmp_path: Path) -> None:
    async with console_app(make_settings(tmp_path, environment="development")) as (app, client):
        for _ in range(5):
            page = await client.get("/console/login")
            response = await client.post(
                "/console/login",
                data={
                    "email": "bob@hotel.test",
                    "password": "wrong password",
                    "csrf_token": csrf_of(page.text),
                },
            )
            assert response.status_code == 401
            assert "Wrong e-mail or password" in response.text or "incorrectos" in response.text
        page = await client.get("/console/login")
        response = await client.post(
            "/console/login",
            data={"email": "bob@hotel.test", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        )
        assert response.status_code == 429
        assert re.search(r"1[45] min", response.text)
        # Another account from another address is not locked out by it.
        other = browser(app)
        async with other:
            page = await other.get("/console/login")
            response = await other.post(
                "/console/login",
                data={"email": "ana@hotel.test", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
            )
            assert response.status_code == 303


async def test_expired_session_is_refused_and_a_typed_reply_is_kept(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    async with console_app(whatsapp_settings(tmp_path, graph)) as (app, client):
        await whatsapp_message(client, "quiero hablar con una persona", "wamid.exp1")
        await graph_wait(graph, 1)  # processed: the conversation exists
        csrf = await login(client)
        assert (
            await client.post("/console/conversation/take", data={**target(), "csrf_token": csrf})
        ).status_code == 303
        async with container_of(app).db.transaction() as session:
            await session.execute(
                update(StaffSessionRow).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        typed = "Hola Lucía, le confirmo el traslado a las 10:00."
        response = await client.post(
            "/console/conversation/reply", data={**target(), "csrf_token": csrf, "text": typed}
        )
        assert response.status_code == 401
        assert typed in response.text  # back in the login form, unsent
        assert graph.texts_to(GUEST) == [t for t in graph.texts_to(GUEST) if t != typed]
        page_nonce = csrf_of(response.text)
        response = await client.post(
            "/console/login",
            data={
                "email": "ana@hotel.test",
                "password": PASSWORD,
                "csrf_token": page_nonce,
                "kept_reply": typed,
                **target(),
            },
        )
        assert response.status_code == 200
        assert f">{typed}</textarea>" in response.text  # in the reply box, still not sent
        assert typed not in graph.texts_to(GUEST)


async def test_forged_requests_are_refused(tmp_path: Path, graph: FakeGraphAPI) -> None:
    async with console_app(whatsapp_settings(tmp_path, graph)) as (app, client):
        await whatsapp_message(client, "hola", "wamid.f1")
        await graph_wait(graph, 1)  # processed: the conversation exists
        csrf = await login(client)
        # No token, a wrong token, another site's page: refused, nothing happens.
        assert (await client.post("/console/conversation/take", data=target())).status_code == 403
        assert (
            await client.post("/console/conversation/take", data={**target(), "csrf_token": "x" * 43})
        ).status_code == 403
        assert (
            await client.post(
                "/console/conversation/take",
                data={**target(), "csrf_token": csrf},
                headers={"Origin": "https://evil.example"},
            )
        ).status_code == 403
        # Another staff member's token does not work with this session either.
        async with browser(app) as other:
            other_csrf = await login(other, "bob@hotel.test")
        assert other_csrf != csrf
        assert (
            await client.post("/console/conversation/take", data={**target(), "csrf_token": other_csrf})
        ).status_code == 403
        # No session at all: the login page, not the action.
        async with browser(app) as stranger:
            response = await stranger.post(
                "/console/conversation/take", data={**target(), "csrf_token": csrf}
            )
            assert response.status_code == 401
        assert not await container_of(app).conversations.in_handoff(GUEST)
        # The bearer token keeps working for the API; the console never needs it.
        assert (await client.get("/admin/handoffs", headers=admin_headers())).status_code == 200


async def test_take_over_reply_and_hand_back_over_whatsapp(tmp_path: Path, graph: FakeGraphAPI) -> None:
    async with console_app(whatsapp_settings(tmp_path, graph)) as (app, client):
        await whatsapp_message(client, "Hola, ¿a qué hora es el check-in?", "wamid.t1")
        await graph_wait(graph, 1)
        csrf = await login(client)
        inbox = await client.get("/console/inbox")
        assert "Lucía Pérez" in inbox.text and "1 unread" in inbox.text.replace("sin leer", "unread")
        response = await client.post("/console/conversation/take", data={**target(), "csrf_token": csrf})
        assert response.status_code == 303
        assert await container_of(app).conversations.in_handoff(GUEST)
        # The bot is paused: the guest's next message gets no automatic answer.
        await whatsapp_message(client, "¿y tenéis parking?", "wamid.t2")
        before = len(graph.messages_to(GUEST))
        response = await client.post(
            "/console/conversation/reply",
            data={**target(), "csrf_token": csrf, "text": "Sí, parking gratuito. Un saludo, Ana"},
        )
        assert response.status_code == 303
        sent = graph.wait_for(GUEST, before + 1)
        assert (
            sent[-1]["type"] == "text" and sent[-1]["text"]["body"] == "Sí, parking gratuito. Un saludo, Ana"
        )
        page = await client.get(response.headers["location"])
        assert "Ana" in page.text and "Sí, parking gratuito" in page.text
        # The reply's row carries WhatsApp's id and its author, written in one transaction with it.
        async with container_of(app).db.session() as session:
            staff_row, author = (
                await session.execute(
                    select(ConversationMessageRow, StaffReplyRow).join(
                        StaffReplyRow, StaffReplyRow.message_row_id == ConversationMessageRow.id
                    )
                )
            ).one()
        assert (
            staff_row.kind == "staff"
            and staff_row.provider_message_id == f"wamid.out.{graph.sent.index(sent[-1]) + 1}"
        )
        assert author.provider_message_id == staff_row.provider_message_id
        assert f'id="m{staff_row.id}"' in page.text and staff_row.provider_message_id in page.text
        # What the agent made of each guest message, as it was then: answered the first; the second came
        # while Ana held the conversation.
        history = await container_of(app).conversations.history(GUEST, channel="whatsapp")
        assert [e.reading and e.reading["decided"] for e in history if e.direction == "in"] == [
            "acted",
            "held",
        ]
        async with container_of(app).db.session() as session:
            kinds = (
                await session.scalars(
                    select(ConversationMessageRow.kind).where(ConversationMessageRow.direction == "out")
                )
            ).all()
        assert "staff" in kinds
        # Bad input: empty and over-long replies are refused with the text kept.
        empty = await client.post(
            "/console/conversation/reply", data={**target(), "csrf_token": csrf, "text": "   "}
        )
        assert empty.status_code == 400
        long_text = "x" * 5000
        too_long = await client.post(
            "/console/conversation/reply", data={**target(), "csrf_token": csrf, "text": long_text}
        )
        assert too_long.status_code == 400 and "5000" in too_long.text and long_text in too_long.text
        response = await client.post("/console/conversation/release", data={**target(), "csrf_token": csrf})
        assert response.status_code == 303
        assert not await container_of(app).conversations.in_handoff(GUEST)
        async with container_of(app).db.session() as session:
            actions = (await session.scalars(select(AuditRow.action).order_by(AuditRow.id))).all()
        assert [a for a in actions if a in ("take_over", "reply", "hand_back")] == [
            "take_over",
            "reply",
            "hand_back",
        ]


async def graph_wait(graph: FakeGraphAPI, count: int) -> list[dict[str, Any]]:
    return await asyncio.to_thread(graph.wait_for, GUEST, count)


async def test_two_staff_never_both_hold_a_conversation(tmp_path: Path, graph: FakeGraphAPI) -> None:
    async with console_app(whatsapp_settings(tmp_path, graph)) as (app, ana):
        await whatsapp_message(ana, "hola", "wamid.h1")
        await graph_wait(graph, 1)  # processed: the conversation exists
        ana_csrf = await login(ana)
        async with browser(app) as bob:
            bob_csrf = await login(bob, "bob@hotel.test")
            assert (
                await ana.post("/console/conversation/take", data={**target(), "csrf_token": ana_csrf})
            ).status_code == 303
            refused = await bob.post("/console/conversation/take", data={**target(), "csrf_token": bob_csrf})
            assert refused.status_code == 409 and "Ana" in refused.text
            typed = "Le escribe Bob"
            refused = await bob.post(
                "/console/conversation/reply", data={**target(), "csrf_token": bob_csrf, "text": typed}
            )
            assert refused.status_code == 409 and typed in refused.text
            # Bob sees who holds it and takes it knowingly; Ana's next reply is then refused, her text kept.
            taken = await bob.post(
                "/console/conversation/take", data={**target(), "csrf_token": bob_csrf, "force": "1"}
            )
            assert taken.status_code == 303
            refused = await ana.post(
                "/console/conversation/reply", data={**target(), "csrf_token": ana_csrf, "text": "Soy Ana"}
            )
            assert refused.status_code == 409 and "Bob" in refused.text and "Soy Ana" in refused.text
            assert "Soy Ana" not in graph.texts_to(GUEST)


async def test_outside_the_24h_window_the_console_says_so_before_sending(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    settings = whatsapp_settings(tmp_path, graph, whatsapp_late_template_name="")
    async with console_app(settings) as (app, client):
        await whatsapp_message(client, "hola", "wamid.w1")
        await graph_wait(graph, 1)  # answered: its history rows exist
        async with container_of(app).db.transaction() as session:
            await session.execute(
                update(ConversationMessageRow).values(created_at=datetime.now(UTC) - timedelta(hours=30))
            )
        csrf = await login(client)
        await client.post("/console/conversation/take", data={**target(), "csrf_token": csrf})
        page = await client.get("/console/conversation", params={"channel": "whatsapp", "guest": GUEST})
        assert "HOTEL_AGENT_WHATSAPP_LATE_TEMPLATE_NAME" in page.text
        before = len(graph.messages_to(GUEST))
        refused = await client.post(
            "/console/conversation/reply", data={**target(), "csrf_token": csrf, "text": "¿Sigue ahí?"}
        )
        assert refused.status_code == 400 and "¿Sigue ahí?" in refused.text
        assert len(graph.messages_to(GUEST)) == before


async def test_outside_the_window_a_configured_template_carries_the_reply(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    async with console_app(whatsapp_settings(tmp_path, graph)) as (app, client):
        await whatsapp_message(client, "hola", "wamid.w2")
        await graph_wait(graph, 1)  # answered: its history rows exist
        async with container_of(app).db.transaction() as session:
            await session.execute(
                update(ConversationMessageRow).values(created_at=datetime.now(UTC) - timedelta(hours=30))
            )
        csrf = await login(client)
        await client.post("/console/conversation/take", data={**target(), "csrf_token": csrf})
        page = await client.get("/console/conversation", params={"channel": "whatsapp", "guest": GUEST})
        assert "late_reply_notice" in page.text
        before = len(graph.messages_to(GUEST))
        response = await client.post(
            "/console/conversation/reply",
            data={**target(), "csrf_token": csrf, "text": "Le respondemos ahora"},
        )
        assert response.status_code == 303
        sent = graph.wait_for(GUEST, before + 1)[-1]
        assert sent["type"] == "template" and sent["template"]["name"] == "late_reply_notice"


async def test_a_chat_reply_reaches_the_chat_poll(tmp_path: Path) -> None:
    async with console_app(make_settings(tmp_path)) as (_app, client):
        said = await client.post(
            "/api/v1/messages", json={"guest_id": "web-7", "text": "quiero hablar con una persona"}
        )
        token = said.json()["conversation_token"]
        csrf = await login(client)
        chat = {"channel": "chat", "guest_id": "web-7", "csrf_token": csrf}
        assert (await client.post("/console/conversation/take", data=chat)).status_code == 303
        assert (
            await client.post("/console/conversation/reply", data={**chat, "text": "Soy Ana, le ayudo"})
        ).status_code == 303
        replies = await client.get("/api/v1/messages/web-7", headers={"X-Conversation-Token": token})
        assert replies.json()["replies"][-1]["text"] == "Soy Ana, le ayudo"
        assert replies.json()["replies"][-1]["kind"] == "staff"


async def test_inbox_filters_and_search(tmp_path: Path, graph: FakeGraphAPI) -> None:
    async with console_app(whatsapp_settings(tmp_path, graph)) as (_app, client):
        await whatsapp_message(client, "hello, do you have a pool?", "wamid.s1", guest="447700900001")
        await whatsapp_message(client, "quiero hablar con una persona", "wamid.s2", guest="34600999888")
        await asyncio.to_thread(graph.wait_for, "447700900001")
        await asyncio.to_thread(graph.wait_for, "34600999888")
        await client.post("/api/v1/messages", json={"guest_id": "web-search", "text": "hola, ¿hay desayuno?"})
        await login(client)

        async def guests(**params: str) -> set[str]:
            html = (await client.get("/console/inbox", params=params)).text
            return set(re.findall(r'data-guest="([^"]+)"', html))

        assert await guests() == {"447700900001", "34600999888", "web-search"}
        assert await guests(channel="chat") == {"web-search"}
        assert await guests(needs_person="1") == {"34600999888"}
        assert await guests(language="en") == {"447700900001"}
        assert await guests(q="pool") == {"447700900001"}
        assert await guests(q="Lucía") == {"447700900001", "34600999888"}
        assert await guests(q="web-se") == {"web-search"}
        # A short number matches a guest id (or booking number) whole, not inside every phone number.
        assert await guests(q="4477") == {"447700900001"}
        assert await guests(q="447") == set()
        html = (await client.get("/console/inbox")).text
        assert html.index("web-search") < html.index("447700900001")  # newest first


async def test_the_console_migration_matches_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy.ext.asyncio import create_async_engine

    from hotel_agent.console import models as console_models
    from hotel_agent.db.migrate import upgrade
    from hotel_agent.db.models import Base

    url = f"sqlite+aiosqlite:///{tmp_path}/m.db"
    await asyncio.to_thread(upgrade, url)
    tables = {t.name for t in Base.metadata.sorted_tables if t.name in console_models.Base.metadata.tables}
    console_tables = {
        m.__tablename__
        for m in vars(console_models).values()
        if isinstance(m, type) and hasattr(m, "__tablename__") and m.__module__ == console_models.__name__
    }
    assert console_tables <= tables
    engine = create_async_engine(url)
    async with engine.connect() as conn:

        def diff(sync_conn: Any) -> list[Any]:
            context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
            return [
                d
                for d in compare_metadata(context, Base.metadata)
                if any(t in repr(d) for t in console_tables)
            ]

        assert await conn.run_sync(diff) == []
    await engine.dispose()


def inbound_row_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="msg in [^"]*" id="m(\d+)"', html)]


async def test_correcting_an_intent_is_stored_exported_and_measured(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    async with console_app(settings) as (app, client):
        await client.post("/api/v1/messages", json={"guest_id": "web-1", "text": "hola, ¿hay desayuno?"})
        csrf = await login(client)
        page = await client.get("/console/conversation", params={"channel": "chat", "guest": "web-1"})
        (row_id,) = inbound_row_ids(page.text)
        assert 'class="intent"' in page.text  # the engine's reading is shown
        base = {"channel": "chat", "guest_id": "web-1", "csrf_token": csrf, "message_row_id": str(row_id)}
        bad = await client.post(
            "/console/conversation/correct", data={**base, "intent": "amenities", "entities": '{"colour": 1}'}
        )
        assert bad.status_code == 400 and "colour" in bad.text
        bad = await client.post(
            "/console/conversation/correct", data={**base, "intent": "teleport", "entities": ""}
        )
        assert bad.status_code == 400
        state_before = await container_of(app).conversations.get_state("chat:web-1")
        saved = await client.post(
            "/console/conversation/correct",
            data={**base, "intent": "amenities", "entities": '{"amenity": "breakfast"}', "language": "es"},
        )
        assert saved.status_code == 303
        exported = (await client.get("/console/corrections.jsonl")).text.splitlines()
        assert [json.loads(line) for line in exported] == [
            {
                "text": "hola, ¿hay desayuno?",
                "language": "es",
                "now": datetime.now(UTC).date().isoformat(),
                "intent": "amenities",
                "entities": {"amenity": "breakfast"},
            }
        ]
        # Nothing about the agent changed.
        assert await container_of(app).conversations.get_state("chat:web-1") == state_before
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTEL_AGENT_")}
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "hotel_agent", "nlp-eval", "--corrections", "--rules-only"],
        env={**env, "HOTEL_AGENT_DATABASE_URL": settings.database_url, "HOTEL_AGENT_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "console corrections" in result.stdout


async def test_a_draft_runs_the_agent_without_sending_or_saving(tmp_path: Path) -> None:
    async with console_app(make_settings(tmp_path)) as (app, client):
        await client.post(
            "/api/v1/messages", json={"guest_id": "web-2", "text": "quiero hablar con una persona"}
        )
        await client.post(
            "/api/v1/messages", json={"guest_id": "web-2", "text": "¿a qué hora es el check-out?"}
        )
        csrf = await login(client)
        page = await client.get("/console/conversation", params={"channel": "chat", "guest": "web-2"})
        last = inbound_row_ids(page.text)[-1]
        container = container_of(app)
        state_before = await container.conversations.get_state("chat:web-2")
        history_before = await container.conversations.history("web-2")
        response = await client.post(
            "/console/conversation/draft",
            data={"channel": "chat", "guest_id": "web-2", "csrf_token": csrf, "message_row_id": str(last)},
        )
        assert response.status_code == 200
        draft = re.search(r'<textarea name="text" rows="4" readonly[^>]*>([^<]+)</textarea>', response.text)
        assert draft and draft.group(1).strip()
        assert await container.conversations.get_state("chat:web-2") == state_before
        assert await container.conversations.history("web-2") == history_before
        # Taking the conversation over carries the draft into the (editable) reply box, still unsent.
        taken = await client.post(
            "/console/conversation/take",
            data={
                "channel": "chat",
                "guest_id": "web-2",
                "csrf_token": csrf,
                "text": html.unescape(draft.group(1)),
            },
        )
        assert taken.status_code == 200
        assert re.search(
            r'<textarea name="text" id="reply-text"[^>]*data-max="4096">' + re.escape(draft.group(1)),
            taken.text,
        )
        assert await container.conversations.history("web-2") == history_before


async def test_a_draft_never_runs_a_booking_action() -> None:
    from hotel_agent.console.teach import DraftPMS, DraftStopped
    from hotel_agent.pms.base import BookingRequest, GuestDetails, Occupancy

    class Refuses:
        async def create_booking(self, request: BookingRequest) -> None:
            raise AssertionError("the real PMS was asked to book")

    request = BookingRequest(
        room_type_id=1,
        check_in=datetime(2030, 1, 1).date(),
        check_out=datetime(2030, 1, 3).date(),
        occupancy=[Occupancy(adults=2)],
        guest=GuestDetails(firstname="A", lastname="B", email="a@b.test"),
        currency="EUR",
        reference="R1",
    )
    with pytest.raises(DraftStopped):
        await DraftPMS(Refuses()).create_booking(request)
    with pytest.raises(DraftStopped):
        await DraftPMS(Refuses()).cancel_booking("B1")


async def test_operations_retry_a_dlq_entry_and_every_action_is_audited(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, dlq_run_worker_in_process=False)
    async with console_app(settings) as (app, client):
        csrf = await login(client)
        # Bob (agent role) may not see or use the operations pages.
        async with browser(app) as bob:
            bob_csrf = await login(bob, "bob@hotel.test")
            assert (await bob.get("/console/ops")).status_code == 403
            assert (
                await bob.post("/console/ops/breaker/force-open", data={"csrf_token": bob_csrf})
            ).status_code == 403
        down = await client.post("/console/ops/faults", data={"csrf_token": csrf, "mode": "down"})
        assert down.status_code == 303 and "failed" not in down.headers["location"]
        said = await client.post(
            "/api/v1/messages",
            json={
                "guest_id": "web-3",
                "text": "¿Tenéis habitación doble del 3 al 5 de marzo para dos personas?",
            },
        )
        assert said.json()["delivery"] == "queued"
        assert (
            await client.post("/console/ops/faults", data={"csrf_token": csrf, "mode": "ok"})
        ).status_code == 303
        assert (await client.post("/console/ops/breaker/reset", data={"csrf_token": csrf})).status_code == 303
        ops = await client.get("/console/ops")
        (entry_id,) = re.findall(r'class="dlq-entry" data-id="([^"]+)"', ops.text)
        bad = await client.post(
            "/console/ops/faults", data={"csrf_token": csrf, "mode": "ok", "error_rate": "2"}
        )
        assert "failed=" in bad.headers["location"]
        # The page says what went wrong in the staff member's language, never in a language of its own.
        refused = {
            lang: (await client.get(bad.headers["location"], headers={"Accept-Language": lang})).text
            for lang in ("es", "en")
        }
        assert "No se pudo: valores de fallos no válidos" in refused["es"]
        assert "Could not: invalid fault values" in refused["en"]
        # A made-up message in the address is not shown.
        forged = await client.get("/console/ops", params={"done": "Wire the money to ...", "args": "{}"})
        assert "Wire the money" not in forged.text and 'id="result"' not in forged.text
        waiting = await client.get("/console/conversation", params={"channel": "chat", "guest": "web-3"})
        assert (
            "In the DLQ: not answered yet" in waiting.text or "En la DLQ: aún sin respuesta" in waiting.text
        )
        assert "Holding reply" in waiting.text or "Respuesta de espera" in waiting.text
        retried = await client.post("/console/ops/dlq/retry", data={"csrf_token": csrf, "id": entry_id})
        assert retried.status_code == 303
        done = {
            lang: (await client.get(retried.headers["location"], headers={"Accept-Language": lang})).text
            for lang in ("es", "en")
        }
        assert f"Hecho: reintento de {entry_id}: respondido" in done["es"]
        assert f"Done: retry {entry_id}: success" in done["en"]
        assert (await container_of(app).dlq.list(None, 0, 10)).total == 0
        answered = await client.get("/console/conversation", params={"channel": "chat", "guest": "web-3"})
        assert "Answered late (DLQ)" in answered.text or "Respondido tarde (DLQ)" in answered.text
        # The retry was the turn that read the message: its reading is stored as for any other turn.
        history = await container_of(app).conversations.history("web-3", channel="chat")
        assert history[0].direction == "in" and history[0].reading is not None
        assert history[0].reading["decided"] in ("acted", "clarified") and history[0].reading["intent"]
        late = await client.get("/console/inbox", params={"late": "1"})
        assert re.findall(r'data-guest="([^"]+)"', late.text) == ["web-3"]
        audit = (await client.get("/console/audit")).text
        actions = re.findall(r'class="audit-row" data-action="([^"]+)"', audit)
        for action in ("login", "pms_faults", "breaker_reset", "dlq_retry"):
            assert action in actions


async def test_a_guests_markup_is_shown_as_text_and_pages_forbid_scripts_from_elsewhere(
    tmp_path: Path,
) -> None:
    async with console_app(make_settings(tmp_path)) as (_app, client):
        await client.post(
            "/api/v1/messages", json={"guest_id": "web-x", "text": "<script>alert(1)</script> hola"}
        )
        await login(client)
        inbox = await client.get("/console/inbox")
        page = await client.get("/console/conversation", params={"channel": "chat", "guest": "web-x"})
        for response in (inbox, page):
            assert "<script>alert(1)</script>" not in response.text
            assert "script-src 'self'" in response.headers["content-security-policy"]
            assert response.headers["x-frame-options"] == "DENY"
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


async def test_pages_work_in_spanish_and_english(tmp_path: Path) -> None:
    async with console_app(make_settings(tmp_path)) as (_app, client):
        spanish = await client.get("/console/login", headers={"Accept-Language": "es-ES,es;q=0.9"})
        english = await client.get("/console/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
        assert "Contraseña" in spanish.text and "Password" in english.text
        switched = await client.get(
            "/console/lang/en", params={"next": "/console/login"}, headers={"Accept-Language": "es"}
        )
        assert switched.status_code == 303 and switched.headers["location"] == "/console/login"
        assert "Password" in (await client.get("/console/login", headers={"Accept-Language": "es"})).text
        # The switch only ever leads back into the console.
        away = await client.get("/console/lang/es", params={"next": "https://evil.example/"})
        assert away.headers["location"] == "/console/inbox"


async def test_the_conversation_shows_bookings_voice_notes_and_is_found_by_booking_number(
    tmp_path: Path, redis_url: str, redis_prefix: str
) -> None:
    """With Redis holding the dialogue state (the production shape)."""
    from datetime import date

    from hotel_agent.pms.base import BookingRequest, GuestDetails

    settings = make_settings(tmp_path, redis_url=redis_url, redis_key_prefix=redis_prefix)
    async with console_app(settings) as (app, client):
        await client.post("/api/v1/messages", json={"guest_id": "web-b", "text": "hello, is there parking?"})
        container = container_of(app)
        room = (await container.pms.room_types())[0]
        booking = await container.pms.create_booking(
            BookingRequest(
                reference="CONSOLE-T1",
                room_type_id=room.id,
                check_in=date.today() + timedelta(days=30),
                check_out=date.today() + timedelta(days=32),
                guest=GuestDetails(firstname="Marta", lastname="Gil", email="marta@example.test"),
            )
        )
        state = await container.conversations.get_state("chat:web-b")
        state.update(
            own_booking_ids=[booking.id],
            last_booking_id=booking.id,
            guest={"first_name": "Marta", "last_name": "Gil"},
        )
        await container.conversations.save_state("chat:web-b", state)
        await container.conversations.record_in(
            "web-b", "chat", "¿y el desayuno está incluido?", "audio", "voice-1"
        )
        await login(client)
        page = await client.get("/console/conversation", params={"channel": "chat", "guest": "web-b"})
        assert booking.id in page.text and str(booking.check_in) in page.text
        assert "Marta Gil" in page.text
        assert "Voice note (transcript)" in page.text or "Nota de voz (transcripción)" in page.text
        found = await client.get("/console/inbox", params={"q": booking.id})
        assert re.findall(r'data-guest="([^"]+)"', found.text) == ["web-b"]
        english = await client.get("/console/inbox", params={"language": "en"})
        assert re.findall(r'data-guest="([^"]+)"', english.text) == ["web-b"]


async def test_sessions_end_when_idle_or_when_the_account_changes(tmp_path: Path) -> None:
    async with console_app(make_settings(tmp_path, console_idle_minutes=30)) as (app, client):
        store = StaffStore(container_of(app).db)
        await login(client)
        async with container_of(app).db.transaction() as session:
            await session.execute(
                update(StaffSessionRow).values(last_seen_at=datetime.now(UTC) - timedelta(minutes=31))
            )
        assert (await client.get("/console/inbox")).status_code == 303  # idle too long
        await login(client)
        await store.set_password("ana@hotel.test", "a brand new password")
        assert (await client.get("/console/inbox")).status_code == 303  # a new password ends sessions
        await login(client, password="a brand new password")
        await store.set_disabled("ana@hotel.test")
        assert (await client.get("/console/inbox")).status_code == 303  # so does disabling
        page = await client.get("/console/login")
        refused = await client.post(
            "/console/login",
            data={
                "email": "ana@hotel.test",
                "password": "a brand new password",
                "csrf_token": csrf_of(page.text),
            },
        )
        assert refused.status_code == 401


async def test_a_password_typed_as_the_e_mail_never_reaches_the_audit_log(tmp_path: Path) -> None:
    async with console_app(make_settings(tmp_path)) as (app, client):
        page = await client.get("/console/login")
        await client.post(
            "/console/login", data={"email": PASSWORD, "password": PASSWORD, "csrf_token": csrf_of(page.text)}
        )
        page = await client.get("/console/login")
        await client.post(
            "/console/login",
            data={"email": "ana@hotel.test", "password": "wrong one", "csrf_token": csrf_of(page.text)},
        )
        async with container_of(app).db.session() as session:
            rows = (await session.scalars(select(AuditRow).where(AuditRow.action == "login_failed"))).all()
        assert [row.target for row in rows] == ["(not an e-mail address)", "ana@hotel.test"]
        assert all(PASSWORD not in repr(row.detail) and "wrong one" not in row.target for row in rows)


async def test_a_reply_whatsapp_refuses_is_kept_on_the_page_and_not_recorded(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    async with console_app(whatsapp_settings(tmp_path, graph)) as (app, client):
        await whatsapp_message(client, "hola", "wamid.r1")
        await graph_wait(graph, 1)
        csrf = await login(client)
        await client.post("/console/conversation/take", data={**target(), "csrf_token": csrf})
        graph.fail_sends_with = (400, {"message": "Re-engagement message", "code": 131047})
        refused = await client.post(
            "/console/conversation/reply",
            data={**target(), "csrf_token": csrf, "text": "¿Me confirma la hora?"},
        )
        assert refused.status_code == 502
        assert "131047" in refused.text and "¿Me confirma la hora?" in refused.text
        history = await container_of(app).conversations.history(GUEST)
        assert [e for e in history if e.kind == "staff"] == []


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url"))


async def test_a_database_from_before_the_stored_readings_keeps_working_after_the_upgrade(
    tmp_path: Path, graph: FakeGraphAPI, database_url: str
) -> None:
    """A conversation written at revision 0005 (no stored reading, no provider id) is upgraded: its rows
    read as before, the console says their reading is computed now, and the next turn stores its own."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    from hotel_agent.db.migrate import upgrade

    await asyncio.to_thread(upgrade, database_url, "0005_console")
    engine = create_async_engine(database_url)
    async with engine.begin() as conn:
        for direction, said, kind, message_id in (
            ("in", "¿Tenéis parking?", "text", "wamid.old.1"),
            ("out", "Sí, parking gratuito.", "answer", None),
        ):
            await conn.execute(
                text(
                    "INSERT INTO conversation_messages (guest_id, direction, channel, text, buttons, kind,"
                    " message_id, created_at) VALUES (:g, :d, 'whatsapp', :t, '[]', :k, :m, :at)"
                ),
                {
                    "g": GUEST,
                    "d": direction,
                    "t": said,
                    "k": kind,
                    "m": message_id,
                    "at": datetime.now(UTC) - timedelta(hours=1),
                },
            )
    await engine.dispose()
    await asyncio.to_thread(upgrade, database_url)
    assert await _history_table_diff(database_url) == []  # the upgraded table is what the model says

    settings = whatsapp_settings(tmp_path, graph, database_url=database_url)
    async with console_app(settings) as (app, client):
        history = await container_of(app).conversations.history(GUEST, channel="whatsapp")
        assert [(e.text, e.reading, e.provider_message_id) for e in history] == [
            ("¿Tenéis parking?", None, None),
            ("Sí, parking gratuito.", None, None),
        ]
        await whatsapp_message(client, "What time is check-in?", "wamid.new.1")
        await graph_wait(graph, 1)
        # The send's id is recorded just after the send returns.
        history = await until(
            lambda: container_of(app).conversations.history(GUEST, channel="whatsapp"),
            lambda rows: len(rows) == 4 and rows[3].provider_message_id is not None,
        )
        assert history[2].reading is not None and history[2].reading["decided"] == "acted"
        assert history[3].provider_message_id == f"wamid.out.{len(graph.sent)}"
        await login(client)
        page = (
            await client.get(
                "/console/conversation",
                params={"channel": "whatsapp", "guest": GUEST},
                headers={"Accept-Language": "en"},
            )
        ).text
        old, new = re.findall(r'<li class="msg in [^"]*" id="m\d+".*?</li>', page, re.S)
        assert "read now, not at the time" in old and "parking" in old
        assert "read now" not in new and "acted on this reading" in new
        assert history[3].provider_message_id in page


async def _history_table_diff(url: str) -> list[Any]:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy.ext.asyncio import create_async_engine

    from hotel_agent.db.models import Base

    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:

            def diff(sync_conn: Any) -> list[Any]:
                context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
                return [
                    d for d in compare_metadata(context, Base.metadata) if "conversation_messages" in repr(d)
                ]

            return await conn.run_sync(diff)
    finally:
        await engine.dispose()


async def until(read: Any, holds: Any, timeout: float = 20.0) -> Any:
    """Read until the condition holds (a write the test cannot wait on directly), or fail."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = await read()
        if holds(value):
            return value
        assert loop.time() < deadline, f"condition never held: {value!r}"
        await asyncio.sleep(0.05)


async def test_canned_responses_are_kept_by_staff_and_filled_into_the_reply_box(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    async with console_app(whatsapp_settings(tmp_path, graph)) as (_app, client):
        await whatsapp_message(client, "Hola, ¿hay parking?", "wamid.c1")
        await graph_wait(graph, 1)
        csrf = await login(client)
        added = await client.post(
            "/console/canned",
            data={
                "csrf_token": csrf,
                "title": "Parking",
                "text": "Hola {name}, el parking es gratuito.",
                "language": "es",
            },
        )
        assert added.status_code == 303
        english = {"csrf_token": csrf, "title": "Parking (en)", "text": "Parking is free.", "language": "en"}
        assert (await client.post("/console/canned", data=english)).status_code == 303
        empty = await client.post("/console/canned", data={"csrf_token": csrf, "title": "", "text": "x"})
        assert empty.status_code == 400 and 'value=""' in empty.text
        forged = await client.post("/console/canned", data={"title": "t", "text": "x"})
        assert forged.status_code == 403
        listing = (await client.get("/console/canned")).text
        ids = {
            title: row_id
            for row_id, title in re.findall(
                r'<li class="canned" data-id="(\d+)"><strong>([^<]+)</strong>', listing
            )
        }
        assert set(ids) == {"Parking", "Parking (en)"}
        await client.post("/console/conversation/take", data={**target(), "csrf_token": csrf})
        page = await client.get("/console/conversation", params={"channel": "whatsapp", "guest": GUEST})
        # A Spanish conversation offers the Spanish one (and those for any language), filled in.
        assert 'data-text="Hola Lucía, el parking es gratuito."' in page.text
        assert "Parking is free." not in page.text
        # Without JavaScript the choice comes back in the reply box, not sent.
        before = len(graph.messages_to(GUEST))
        chosen = await client.get(
            "/console/conversation", params={"channel": "whatsapp", "guest": GUEST, "canned": ids["Parking"]}
        )
        assert 'id="reply-text"' in chosen.text
        assert re.search(r'id="reply-text"[^>]*>Hola Lucía, el parking es gratuito\.</textarea>', chosen.text)
        assert len(graph.messages_to(GUEST)) == before
        deleted = await client.post("/console/canned/delete", data={"csrf_token": csrf, "id": ids["Parking"]})
        assert deleted.status_code == 303
        assert "Hola {name}" not in (await client.get("/console/canned")).text
        audit = (await client.get("/console/audit")).text
        actions = re.findall(r'class="audit-row" data-action="([^"]+)"', audit)
        assert "canned_add" in actions and "canned_delete" in actions
