"""Messages as the pipeline sees them, whatever channel they came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Channel = Literal["whatsapp", "chat"]
MessageType = Literal["text", "interactive", "audio", "unsupported"]


@dataclass(frozen=True)
class InboundMessage:
    id: str  # the channel's message id (WhatsApp wamid) or one we assign; unique per channel
    channel: Channel
    guest_id: str  # WhatsApp: the wa_id (phone number); chat: the caller's guest_id
    type: MessageType
    received_at: datetime
    text: str | None = None  # text body, or the title/id of the button or list row chosen
    media_id: str | None = None  # audio: WhatsApp media id
    guest_name: str | None = None
    correlation_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        # Every field by hand: dataclasses.asdict deep-copies each value, which showed in the ack's profile.
        return {
            "id": self.id,
            "channel": self.channel,
            "guest_id": self.guest_id,
            "type": self.type,
            "received_at": self.received_at.isoformat(),
            "text": self.text,
            "media_id": self.media_id,
            "guest_name": self.guest_name,
            "correlation_id": self.correlation_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InboundMessage:
        values = dict(data)
        values["received_at"] = datetime.fromisoformat(values["received_at"])
        return cls(**values)


@dataclass(frozen=True)
class Button:
    id: str
    title: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: list[Button] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "buttons": [{"id": b.id, "title": b.title} for b in self.buttons]}
