"""Sending replies: from the outbox after a turn committed, or at once (holding replies, late answers,
a member of staff writing to a guest). WhatsApp goes through the Sender with the 24 h rule applied; on the
chat channel the conversation history is the delivery (the guest's client reads it).

A send that happened but whose "sent" mark was lost (the process died in between) is sent again after
recovery: a repeated reply is the only duplicate this design allows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from hotel_agent.channels.rules import WhatsAppWindow
from hotel_agent.channels.types import InboundMessage, Reply
from hotel_agent.conversations.keys import ConversationKey
from hotel_agent.conversations.store import AlsoRecord
from hotel_agent.observability.metrics import MESSAGES_REPLIED
from hotel_agent.pipeline.inbox import StoredReply
from hotel_agent.pipeline.notices import ConversationLanguage
from hotel_agent.ports import Conversations, Sender

log = logging.getLogger(__name__)


class Delivery:
    def __init__(
        self,
        conversations: Conversations,
        sender: Sender | None,
        window: WhatsAppWindow,
        language_of: ConversationLanguage,
        clock: Callable[[], datetime],
    ) -> None:
        self.conversations = conversations
        self.sender = sender
        self.window = window
        self.language_of = language_of
        self.clock = clock

    def sends_itself(self, channel: str) -> bool:
        """True when a reply leaves through a sender after the commit (WhatsApp with credentials); False when
        recording it in the history is the delivery."""
        return channel == "whatsapp" and self.sender is not None

    async def send_stored(
        self, message: InboundMessage, stored: StoredReply, *, late: bool = False
    ) -> str | None:
        """Returns the channel's id of the sent message (None: the history is the delivery, or none given);
        for a reply recorded with its turn the caller stores it (`ConversationStore.stage_sent`)."""
        return await self._send(
            ConversationKey.of(message),
            stored.reply,
            stored.kind,
            late,
            not stored.recorded,
            message.received_at,
        )

    async def send_now(self, message: InboundMessage, reply: Reply, kind: str, *, late: bool = False) -> None:
        await self._send(ConversationKey.of(message), reply, kind, late, True, message.received_at)

    async def send_to_guest(
        self, key: ConversationKey, reply: Reply, kind: str, *, also: AlsoRecord | None = None
    ) -> None:
        """Any reply to a guest outside a turn (the staff console): the 24 h rule always applies. `also`
        writes what must commit with the reply's history row (the console: who wrote it)."""
        await self._send(key, reply, kind, True, True, None, also)

    async def _send(
        self,
        key: ConversationKey,
        reply: Reply,
        kind: str,
        late: bool,
        record: bool,
        received_at: datetime | None,
        also: AlsoRecord | None = None,
    ) -> str | None:
        provider_id: str | None = None
        if key.channel == "whatsapp" and self.sender is not None:
            if late and await self._window_closed(key, received_at):
                language = await self.language_of(key.storage_id)
                provider_id = await self.sender.send_template(
                    key.guest_id,
                    self.window.template_name,
                    self.window.template_language(language),
                    reply.text,
                )
                reply = Reply(self.window.late_notice(language, reply.text))
            else:
                provider_id = await self.sender.send(key.guest_id, reply)
        provider_id = provider_id or None
        MESSAGES_REPLIED.labels(channel=key.channel, type=kind).inc()
        if not record:
            return provider_id
        try:
            await self.conversations.record_out(
                key.guest_id, key.channel, reply, kind=kind, provider_message_id=provider_id, also=also
            )
        except Exception:
            if key.channel == "chat":
                raise  # for the chat channel the record is the delivery
            log.exception("sent a reply to %s but could not record it", key.channel)
        return provider_id

    async def _window_closed(self, key: ConversationKey, received_at: datetime | None) -> bool:
        last = await self.conversations.last_inbound_at(key.guest_id, key.channel)
        known = [t for t in (last, received_at) if t is not None]
        return bool(known) and self.window.is_closed(max(known), self.clock())
