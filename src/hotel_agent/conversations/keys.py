"""Whose conversation a message belongs to: `ConversationKey(channel, guest_id)`, parsed once, used everywhere.

WhatsApp ids are phone numbers WhatsApp has verified; chat ids are chosen by the caller, so each channel is
its own namespace: a chat caller naming a guest's phone number never reaches that guest's conversation.
The text form is `channel:guest_id` (`chat:web-7f3a`, `whatsapp:34611111111`); a bare id is a WhatsApp
number. Dialogue state and handoffs are stored under `storage_id` (a bare number for WhatsApp,
`chat:<id>` for chat), as earlier versions stored them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, get_args

from hotel_agent.channels.types import Channel

if TYPE_CHECKING:
    from hotel_agent.channels.types import InboundMessage

CHANNELS: tuple[Channel, ...] = get_args(Channel)
# Guest ids are stored in String(128) columns; the chat prefix must fit beside them.
MAX_KEY_LENGTH = 160


class InvalidConversationKey(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class ConversationKey:
    channel: Channel
    guest_id: str

    @classmethod
    def of(cls, message: InboundMessage) -> ConversationKey:
        return cls(message.channel, message.guest_id)

    @classmethod
    def parse(cls, text: str) -> ConversationKey:
        """`chat:alice`, `whatsapp:346...` or a bare WhatsApp number."""
        if not text or len(text) > MAX_KEY_LENGTH:
            raise InvalidConversationKey(f"a conversation key is 1 to {MAX_KEY_LENGTH} characters")
        prefix, sep, rest = text.partition(":")
        if sep and prefix in CHANNELS:
            if not rest:
                raise InvalidConversationKey(f"{text!r} names no guest after the channel")
            return cls(prefix, rest)
        return cls("whatsapp", text)

    @classmethod
    def has_channel(cls, text: str) -> bool:
        prefix, sep, _ = text.partition(":")
        return bool(sep) and prefix in CHANNELS

    @property
    def storage_id(self) -> str:
        """The id dialogue state and handoffs are kept under."""
        return self.guest_id if self.channel == "whatsapp" else f"{self.channel}:{self.guest_id}"

    def __str__(self) -> str:
        return f"{self.channel}:{self.guest_id}"
