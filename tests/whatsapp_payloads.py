"""WhatsApp Cloud API notification bodies, shaped like Meta's documented examples."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any


def text_message(wa_id: str, message_id: str, body: str, name: str = "Guest") -> dict[str, Any]:
    return notification(
        [_contact(wa_id, name)],
        [
            {
                "from": wa_id,
                "id": message_id,
                "timestamp": str(int(time.time())),
                "type": "text",
                "text": {"body": body},
            }
        ],
    )


def button_reply(wa_id: str, message_id: str, button_id: str, title: str) -> dict[str, Any]:
    return notification(
        [_contact(wa_id, "Guest")],
        [
            {
                "from": wa_id,
                "id": message_id,
                "timestamp": str(int(time.time())),
                "type": "interactive",
                "interactive": {"type": "button_reply", "button_reply": {"id": button_id, "title": title}},
            }
        ],
    )


def audio_message(wa_id: str, message_id: str, media_id: str) -> dict[str, Any]:
    return notification(
        [_contact(wa_id, "Guest")],
        [
            {
                "from": wa_id,
                "id": message_id,
                "timestamp": str(int(time.time())),
                "type": "audio",
                "audio": {"id": media_id, "mime_type": "audio/ogg; codecs=opus", "voice": True},
            }
        ],
    )


def status_update(message_id: str) -> dict[str, Any]:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "34600000000", "phone_number_id": "1234567890"},
        "statuses": [
            {
                "id": message_id,
                "status": "delivered",
                "timestamp": str(int(time.time())),
                "recipient_id": "34611111111",
            }
        ],
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
    }


def notification(contacts: list[dict[str, Any]], messages: list[dict[str, Any]]) -> dict[str, Any]:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "34600000000", "phone_number_id": "1234567890"},
        "contacts": contacts,
        "messages": messages,
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
    }


def _contact(wa_id: str, name: str) -> dict[str, Any]:
    return {"profile": {"name": name}, "wa_id": wa_id}


def signed(payload: dict[str, Any], secret: str) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(payload).encode()
    return body, signed_headers(body, secret)


def signed_headers(body: bytes, secret: str) -> dict[str, str]:
    """Headers Meta would send with these exact bytes (for bodies json.dumps cannot write: poison, depth)."""
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": signature, "Content-Type": "application/json"}
