from __future__ import annotations

import hashlib
import hmac

import httpx
import pytest
import respx

from hotel_agent.channels.types import Button, Reply
from hotel_agent.channels.whatsapp import (
    WebhookPayloadError,
    WhatsAppSender,
    WhatsAppSendError,
    interactive_or_text,
    parse_notification,
    signature_is_valid,
)
from tests import whatsapp_payloads as wa


def test_signature_good_bad_missing() -> None:
    body = b'{"a": 1}'
    good = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert signature_is_valid("s3cret", body, good)
    assert not signature_is_valid("s3cret", body + b" ", good)
    assert not signature_is_valid("other", body, good)
    assert not signature_is_valid("s3cret", body, None)
    assert not signature_is_valid("s3cret", body, good.removeprefix("sha256="))
    assert not signature_is_valid("s3cret", body, "sha256=é" + good[8:])  # garbage is a 401, never a 500


def test_every_message_of_every_entry_and_change() -> None:
    first = wa.text_message("34611111111", "wamid.1", "Hola")
    second = wa.button_reply("34622222222", "wamid.2", "book_2", "Reservar")
    first["entry"].append(second["entry"][0])
    first["entry"][0]["changes"].append(
        wa.audio_message("34633333333", "wamid.3", "media-9")["entry"][0]["changes"][0]
    )
    messages = parse_notification(first)
    assert [(m.id, m.type, m.guest_id) for m in messages] == [
        ("wamid.1", "text", "34611111111"),
        ("wamid.3", "audio", "34633333333"),
        ("wamid.2", "interactive", "34622222222"),
    ]
    assert messages[0].text == "Hola" and messages[0].guest_name == "Guest"
    assert messages[1].media_id == "media-9"
    assert messages[2].text == "book_2"


def test_status_updates_yield_nothing() -> None:
    assert parse_notification(wa.status_update("wamid.x")) == []


def test_unknown_message_type_is_kept_as_unsupported() -> None:
    payload = wa.notification([], [{"from": "346", "id": "wamid.img", "type": "image", "image": {"id": "m"}}])
    [message] = parse_notification(payload)
    assert message.type == "unsupported" and message.text == "image"


@pytest.mark.parametrize(
    ("payload", "complaint"),
    [
        ([], "JSON object"),
        ({"object": "page", "entry": []}, "whatsapp_business_account"),
        ({"object": "whatsapp_business_account"}, "'entry' must be a list"),
        (
            {"object": "whatsapp_business_account", "entry": [{"changes": [{"value": 3}]}]},
            "value must be an object",
        ),
    ],
)
def test_bad_shapes_say_what_is_wrong(payload: object, complaint: str) -> None:
    with pytest.raises(WebhookPayloadError, match=complaint):
        parse_notification(payload)


def test_reply_shapes() -> None:
    assert interactive_or_text("346", Reply("hi"))["text"]["body"] == "hi"
    buttons = interactive_or_text("346", Reply("pick", [Button("a", "A very long button title indeed")]))
    assert buttons["interactive"]["type"] == "button"
    assert buttons["interactive"]["action"]["buttons"][0]["reply"] == {
        "id": "a",
        "title": "A very long button t",
    }
    many = interactive_or_text("346", Reply("pick", [Button(str(i), f"Option {i}") for i in range(12)]))
    assert many["interactive"]["type"] == "list"
    assert len(many["interactive"]["action"]["sections"][0]["rows"]) == 10


@respx.mock
async def test_sender_posts_with_bearer_and_reports_graph_errors() -> None:
    route = respx.post("https://graph.test/v1/PHONE/messages")
    route.side_effect = [
        httpx.Response(200, json={"messages": [{"id": "wamid.out"}]}),
        httpx.Response(400, json={"error": {"message": "Re-engagement message", "code": 131047}}),
    ]
    sender = WhatsAppSender("https://graph.test/v1", "PHONE", "tok-123")
    assert await sender.send("346", Reply("hola")) == "wamid.out"
    assert route.calls[0].request.headers["Authorization"] == "Bearer tok-123"
    with pytest.raises(WhatsAppSendError) as failure:
        await sender.send("346", Reply("hola"))
    assert failure.value.reason == "send_error" and failure.value.code == 131047
    assert "Re-engagement" in str(failure.value) and "tok-123" not in str(failure.value)
    await sender.aclose()


def test_one_unreadable_message_does_not_sink_the_batch() -> None:
    good = {"from": "346", "id": "w.good", "type": "text", "text": {"body": "hola"}}
    odd_shapes = [
        {"from": "346", "id": "w.1", "type": "text", "text": "hi"},
        {"from": "346", "id": "w.2", "type": "interactive", "interactive": []},
        {"from": "346", "id": "w.3", "type": "audio", "audio": "x"},
        {
            "from": "346",
            "id": "w.4",
            "type": "interactive",
            "interactive": {"type": "nfm_reply", "nfm_reply": {}},
        },
        {"from": "346", "id": "w.5", "type": "text", "text": {}},
    ]
    unanswerable = [{"from": "346", "type": "text", "text": {"body": "no id"}}, "not an object"]
    payload = wa.notification([{"profile": "odd", "wa_id": "346"}], [good, *odd_shapes, *unanswerable])
    messages = parse_notification(payload)
    assert [(m.id, m.type) for m in messages] == [("w.good", "text")] + [
        (m["id"], "unsupported") for m in odd_shapes
    ]
