"""WhatsApp Cloud API: webhook signature, payload parsing, and sending replies through the Graph API."""

from __future__ import annotations

import hashlib
import hmac
import logging
from datetime import UTC, datetime
from typing import Any

import httpx

from hotel_agent.channels.sanitize import MAX_NAME_CHARS, MAX_TEXT_CHARS, clean_text, id_problem
from hotel_agent.channels.types import InboundMessage, Reply
from hotel_agent.errors import ProcessingFailure
from hotel_agent.observability.metrics import WHATSAPP_SEND_FAILURES

log = logging.getLogger(__name__)

# WhatsApp limits: reply buttons 3 (title <= 20 chars), list rows 10 (title <= 24 chars), body 4096 chars.
MAX_REPLY_BUTTONS = 3
MAX_LIST_ROWS = 10


class WebhookPayloadError(ValueError):
    """The webhook body is not a WhatsApp Cloud API notification we understand."""


def signature_is_valid(app_secret: str, body: bytes, header: str | None) -> bool:
    """`X-Hub-Signature-256` must be `sha256=` + hex HMAC-SHA256 of the raw body under the app secret."""
    if not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest().encode()
    # Bytes, not str: compare_digest refuses non-ASCII str, and a garbage header must be a 401, not a 500.
    return hmac.compare_digest(header[len("sha256=") :].encode("utf-8", "replace"), expected)


def parse_notification(payload: Any) -> list[InboundMessage]:
    """Every message of every entry and change. Status updates yield nothing.

    A broken envelope raises WebhookPayloadError (the whole body is not a notification). A single message
    we cannot read never sinks the others in the batch: it becomes an "unsupported" message the guest is
    asked to rewrite, or, without a sender or id to answer, is skipped and logged."""
    if not isinstance(payload, dict):
        raise WebhookPayloadError("body must be a JSON object")
    if payload.get("object") != "whatsapp_business_account":
        raise WebhookPayloadError("'object' must be 'whatsapp_business_account'")
    entries = payload.get("entry")
    if not isinstance(entries, list):
        raise WebhookPayloadError("'entry' must be a list")
    messages: list[InboundMessage] = []
    for e_index, entry in enumerate(entries):
        changes = entry.get("changes") if isinstance(entry, dict) else None
        if not isinstance(changes, list):
            raise WebhookPayloadError(f"entry[{e_index}].changes must be a list")
        for c_index, change in enumerate(changes):
            where = f"entry[{e_index}].changes[{c_index}]"
            if not isinstance(change, dict) or not isinstance(change.get("value"), dict):
                raise WebhookPayloadError(f"{where}.value must be an object")
            if change.get("field", "messages") != "messages":
                continue  # other subscriptions (account updates, templates) are not guest messages
            messages.extend(_parse_value(change["value"], where))
    return messages


def _parse_value(value: dict[str, Any], where: str) -> list[InboundMessage]:
    contacts = value.get("contacts")
    names: dict[Any, Any] = {}
    for contact in contacts if isinstance(contacts, list) else []:
        if isinstance(contact, dict):
            profile = contact.get("profile")
            names[contact.get("wa_id")] = profile.get("name") if isinstance(profile, dict) else None
    raw_messages = value.get("messages") or []
    if not isinstance(raw_messages, list):
        raise WebhookPayloadError(f"{where}.value.messages must be a list")
    parsed = []
    for m_index, raw in enumerate(raw_messages):
        path = f"{where}.value.messages[{m_index}]"
        if not isinstance(raw, dict) or not all(
            isinstance(raw.get(key), str) and raw[key] for key in ("id", "from", "type")
        ):
            log.warning("skipped a WhatsApp message without id, from or type", extra={"path": path})
            continue
        problem = next(
            (f"{key} {why}" for key in ("id", "from") if (why := id_problem(raw[key])) is not None), None
        )
        if problem is not None:
            # Not from WhatsApp (its ids are short and plain); refusing the batch would lose the others.
            log.warning("skipped a WhatsApp message: %s", problem, extra={"path": path})
            continue
        name = _text(names.get(raw["from"]))
        parsed.append(_parse_message(raw, clean_text(name, MAX_NAME_CHARS) if name else None))
    return parsed


def _parse_message(raw: dict[str, Any], guest_name: str | None) -> InboundMessage:
    kind = raw["type"]
    common: dict[str, Any] = {
        "id": raw["id"],
        "channel": "whatsapp",
        "guest_id": raw["from"],
        "received_at": _timestamp(raw.get("timestamp")),
        "guest_name": guest_name,
        "correlation_id": raw["id"],
    }
    content = raw.get(kind)
    content = content if isinstance(content, dict) else {}
    if kind == "text" and _text(content.get("body")) is not None:
        if len(content["body"]) > MAX_TEXT_CHARS:
            log.warning("cut a WhatsApp text of %d characters to %d", len(content["body"]), MAX_TEXT_CHARS)
        return InboundMessage(type="text", text=clean_text(content["body"]), **common)
    if kind == "interactive":
        choice = content.get("button_reply") or content.get("list_reply")
        if isinstance(choice, dict) and _text(choice.get("id")):
            return InboundMessage(type="interactive", text=clean_text(choice["id"]), **common)
    if kind == "button":  # a quick-reply button of a template message
        text = _text(content.get("payload")) or _text(content.get("text"))
        if text:
            return InboundMessage(type="interactive", text=clean_text(text), **common)
    if kind == "audio" and _text(content.get("id")) and id_problem(content["id"]) is None:
        return InboundMessage(type="audio", media_id=content["id"], **common)
    # Images, locations, Flows replies, or a known type in a shape we do not expect: ask for text.
    return InboundMessage(type="unsupported", text=clean_text(kind, 64), **common)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _timestamp(value: Any) -> datetime:
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (TypeError, ValueError):
        return datetime.now(UTC)


class WhatsAppSendError(ProcessingFailure):
    def __init__(self, message: str, code: int | None = None, status: int | None = None) -> None:
        super().__init__("send_error", message, detail={"code": code, "status": status})
        self.code = code
        self.status = status


class WhatsAppSender:
    """Sends replies with `POST {api_base}/{phone_number_id}/messages` and the bearer token."""

    def __init__(
        self,
        api_base: str,
        phone_number_id: str,
        access_token: str,
        client: httpx.AsyncClient | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.url = f"{api_base.rstrip('/')}/{phone_number_id}/messages"
        self._token = access_token
        self._client = client or httpx.AsyncClient(timeout=timeout)

    async def send(self, to: str, reply: Reply) -> str:
        return await self._post(interactive_or_text(to, reply))

    async def send_template(self, to: str, name: str, language: str, body_text: str) -> str:
        payload = {
            "messaging_product": "whatsapp",
            "to": to,
            "type": "template",
            "template": {
                "name": name,
                "language": {"code": language},
                "components": [{"type": "body", "parameters": [{"type": "text", "text": body_text[:1024]}]}],
            },
        }
        return await self._post(payload)

    async def _post(self, payload: dict[str, Any]) -> str:
        try:
            response = await self._client.post(
                self.url, json=payload, headers={"Authorization": f"Bearer {self._token}"}
            )
        except httpx.HTTPError as exc:
            WHATSAPP_SEND_FAILURES.labels(reason="transport").inc()
            raise WhatsAppSendError(f"WhatsApp Cloud API unreachable: {type(exc).__name__}") from None
        if response.status_code >= 400:
            WHATSAPP_SEND_FAILURES.labels(reason=f"http_{response.status_code}").inc()
            code, message = _graph_error(response)
            raise WhatsAppSendError(
                f"WhatsApp Cloud API refused the message: HTTP {response.status_code}, code {code}: {message}",
                code=code,
                status=response.status_code,
            )
        # The message was accepted (2xx); an odd body must not turn it into a failure and a second send.
        try:
            data = response.json()
        except ValueError:
            return ""
        messages = data.get("messages") if isinstance(data, dict) else None
        ids = [m.get("id") for m in messages or [] if isinstance(m, dict)]
        return str(ids[0]) if ids else ""

    async def aclose(self) -> None:
        await self._client.aclose()


def _graph_error(response: httpx.Response) -> tuple[int | None, str]:
    try:
        error = response.json().get("error") or {}
    except ValueError:
        return None, response.text[:200]
    code = error.get("code")
    return (int(code) if isinstance(code, int | str) and str(code).isdigit() else None), str(
        error.get("message", "")
    )[:500]


def interactive_or_text(to: str, reply: Reply) -> dict[str, Any]:
    """A reply is one message: plain text, reply buttons (<= 3) or a list (<= 10 rows)."""
    base: dict[str, Any] = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
    if not reply.buttons:
        return {**base, "type": "text", "text": {"body": reply.text[:4096], "preview_url": False}}
    if len(reply.buttons) <= MAX_REPLY_BUTTONS:
        action: dict[str, Any] = {
            "buttons": [
                {"type": "reply", "reply": {"id": b.id, "title": b.title[:20]}} for b in reply.buttons
            ]
        }
        interactive = {"type": "button", "body": {"text": reply.text[:1024]}, "action": action}
    else:
        rows = [{"id": b.id, "title": b.title[:24]} for b in reply.buttons[:MAX_LIST_ROWS]]
        interactive = {
            "type": "list",
            "body": {"text": reply.text[:4096]},
            "action": {"button": "Options", "sections": [{"title": "Options", "rows": rows}]},
        }
    return {**base, "type": "interactive", "interactive": interactive}
