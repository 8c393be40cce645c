"""Bad input gets a clear 4xx and loses nothing: body limits, JSON depth, ids no store can take, the DLQ's
purge bound, and chat conversation tokens bound to the client that started the conversation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hotel_agent.conversations.models import InboundMessageRow
from tests import whatsapp_payloads as wa
from tests.apps import APP_SECRET, admin_headers, container_of, make_settings, running_app


async def _inbox_count(app) -> int:  # type: ignore[no-untyped-def]
    async with container_of(app).db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(InboundMessageRow)) or 0)


async def test_bodies_over_the_limit_are_a_413_in_the_error_shape(tmp_path: Path) -> None:
    async with running_app(make_settings(tmp_path)) as (app, client):
        text = "x" * (2 * 1024 * 1024)
        body, headers = wa.signed(wa.text_message("34611111111", "wamid.big", text), APP_SECRET)
        webhook = await client.post("/webhooks/whatsapp", content=body, headers=headers)
        assert webhook.status_code == 413
        assert webhook.json() == {"detail": "request body larger than 1048576 bytes"}
        chat = await client.post("/api/v1/messages", json={"guest_id": "g", "text": "y" * 100_000})
        assert chat.status_code == 413 and chat.json()["detail"] == "request body larger than 65536 bytes"
        assert await _inbox_count(app) == 0


@pytest.mark.parametrize("depth", [1_000, 100_000])
async def test_a_signed_body_nested_deep_is_a_400(tmp_path: Path, depth: int) -> None:
    async with running_app(make_settings(tmp_path, http_max_body_bytes=1024 * 1024)) as (_app, client):
        body = b'{"object": "whatsapp_business_account", "entry": ' + b"[" * depth + b"]" * depth + b"}"
        headers = wa.signed_headers(body, APP_SECRET)
        response = await client.post("/webhooks/whatsapp", content=body, headers=headers)
        assert response.status_code == 400 and "nested deeper" in response.json()["detail"]


async def test_one_unreadable_message_does_not_sink_its_batch(tmp_path: Path) -> None:
    async with running_app(make_settings(tmp_path)) as (app, client):
        payload = wa.text_message("34611111111", "wamid.good", "hola")
        value = payload["entry"][0]["changes"][0]["value"]
        value["messages"].append({**value["messages"][0], "id": "wamid.long", "from": "3" * 200})
        body, headers = wa.signed(payload, APP_SECRET)
        response = await client.post("/webhooks/whatsapp", content=body, headers=headers)
        assert response.status_code == 200 and response.json() == {"received": 1, "accepted": 1}
        await container_of(app).pipeline.drain()


async def test_ids_no_store_can_take_are_a_422_and_text_is_made_storable(tmp_path: Path) -> None:
    async with running_app(make_settings(tmp_path)) as (_app, client):
        for guest_id in ("a\x00b", "a\ud800b"):
            body = json.dumps(
                {"guest_id": guest_id, "text": "hola"}
            ).encode()  # \\u escapes, as a client sends
            response = await client.post(
                "/api/v1/messages", content=body, headers={"Content-Type": "application/json"}
            )
            assert response.status_code == 422 and "guest_id" in response.json()["detail"]
            assert response.json()["errors"][0]["loc"] == ["body", "guest_id"]
        poison = json.dumps({"guest_id": "poison", "text": "hola \ud800 x\x00"}).encode()
        answered = await client.post(
            "/api/v1/messages", content=poison, headers={"Content-Type": "application/json"}
        )
        assert answered.status_code == 200 and answered.json()["delivery"] == "answered"
        history = await client.get("/api/v1/conversations/poison", headers=admin_headers())
        assert history.json()["messages"][0]["text"] == "hola \ufffd x\ufffd"
        assert (await client.get("/api/v1/conversations/a%00b", headers=admin_headers())).status_code == 400


@pytest.mark.parametrize("hours", ["1e10", "inf", "nan", "-1"])
async def test_purging_the_dlq_with_an_absurd_age_is_a_422(tmp_path: Path, hours: str) -> None:
    async with running_app(make_settings(tmp_path)) as (_app, client):
        response = await client.delete(f"/admin/dlq?older_than_hours={hours}", headers=admin_headers())
        assert response.status_code == 422, response.text
        ok = await client.delete("/admin/dlq?older_than_hours=876000", headers=admin_headers())
        assert ok.status_code == 200 and ok.json()["purged"] == 0


async def test_a_conversation_token_is_given_once_and_required_after(tmp_path: Path) -> None:
    async with running_app(make_settings(tmp_path)) as (_app, client):
        first = await client.post("/api/v1/messages", json={"guest_id": "web/7f3a", "text": "hola"})
        assert first.status_code == 200
        token = first.json()["conversation_token"]

        taken = await client.post("/api/v1/messages", json={"guest_id": "web/7f3a", "text": "hola"})
        assert taken.status_code == 401 and "X-Conversation-Token" in taken.json()["detail"]
        assert token not in taken.text
        wrong = await client.post(
            "/api/v1/messages",
            json={"guest_id": "web/7f3a", "text": "hola"},
            headers={"X-Conversation-Token": "0" * 32},
        )
        assert wrong.status_code == 403
        owner = await client.post(
            "/api/v1/messages",
            json={"guest_id": "web/7f3a", "text": "¿a qué hora es el check-out?"},
            headers={"X-Conversation-Token": token},
        )
        assert owner.status_code == 200 and owner.json()["conversation_token"] == token

        # A guest_id with "/" can read its replies (sent as %2F); nobody else can.
        replies = await client.get("/api/v1/messages/web%2F7f3a", headers={"X-Conversation-Token": token})
        assert replies.status_code == 200 and len(replies.json()["replies"]) == 2
        assert (await client.get("/api/v1/messages/web%2F7f3a")).status_code == 401
        other = await client.post("/api/v1/messages", json={"guest_id": "web/other", "text": "hola"})
        stolen = await client.get(
            "/api/v1/messages/web%2F7f3a",
            headers={"X-Conversation-Token": other.json()["conversation_token"]},
        )
        assert stolen.status_code == 403


async def test_the_schema_documents_the_token_and_the_error_shape(tmp_path: Path) -> None:
    async with running_app(make_settings(tmp_path)) as (_app, client):
        schema = (await client.get("/openapi.json")).json()
        post = schema["paths"]["/api/v1/messages"]["post"]
        assert {"401", "403", "413", "422", "429"} <= set(post["responses"])
        assert any(p["name"] == "X-Conversation-Token" for p in post["parameters"])
        error = {"$ref": "#/components/schemas/ErrorOut"}
        assert post["responses"]["422"]["content"]["application/json"]["schema"] == error
        assert schema["components"]["schemas"]["ErrorOut"]["properties"]["detail"]["type"] == "string"
        purge = schema["paths"]["/admin/dlq"]["delete"]
        assert {"401", "403", "422", "503"} <= set(purge["responses"])
