"""The chat API's schema holds while a person of the hotel answers: `reply` is an object with empty text."""

from __future__ import annotations

from pathlib import Path

from tests.apps import make_settings, running_app


async def test_reply_is_an_empty_object_during_a_handoff(tmp_path: Path) -> None:
    async with running_app(make_settings(tmp_path)) as (app, client):
        asked = await client.post(
            "/api/v1/messages", json={"guest_id": "g-handoff", "text": "I want to talk to a person please"}
        )
        assert asked.json()["delivery"] == "answered" and asked.json()["reply"]["text"]
        token = {"X-Conversation-Token": asked.json()["conversation_token"]}
        later = await client.post(
            "/api/v1/messages", json={"guest_id": "g-handoff", "text": "hello?"}, headers=token
        )
        body = later.json()
        assert later.status_code == 200 and body["delivery"] == "handoff"
        assert body["reply"] == {"text": "", "buttons": []}
        again = await client.post(
            "/api/v1/messages",
            json={"guest_id": "g-handoff", "text": "hello?", "message_id": "m1"},
            headers=token,
        )
        duplicate = await client.post(
            "/api/v1/messages",
            json={"guest_id": "g-handoff", "text": "hello?", "message_id": "m1"},
            headers=token,
        )
        assert again.json()["reply"] == {"text": "", "buttons": []}
        assert duplicate.json()["delivery"] == "duplicate" and duplicate.json()["reply"]["text"] == ""
        schema = app.openapi()["components"]["schemas"]["ChatMessageOut"]
        assert "reply" in schema["required"] and schema["properties"]["reply"].get("$ref")
