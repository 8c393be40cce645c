"""The pipeline's own replies (not the dialogue's) and the language to write them in."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

from hotel_agent.channels.rules import LATE_NOTICE

if TYPE_CHECKING:
    from hotel_agent.nlp.types import Language
    from hotel_agent.ports import Analyzer, Conversations

NOTICES: dict[str, dict[str, str]] = {
    "holding": {
        "es": "Gracias por tu mensaje. Lo estamos revisando y te responderemos en breve.",
        "en": "Thanks for your message. We are checking and will answer shortly.",
    },
    "unsupported": {
        "es": "Solo puedo leer mensajes de texto y notas de voz. ¿Nos lo escribes, por favor?",
        "en": "I can only read text messages and voice notes. Could you write to us, please?",
    },
    "late": LATE_NOTICE,
}


class ConversationLanguage:
    """The conversation's language; for a guest's first message, the language it is written in."""

    def __init__(self, conversations: Conversations, analyzer: Analyzer) -> None:
        self.conversations = conversations
        self.analyzer = analyzer

    async def __call__(self, storage_id: str, text: str | None = None) -> Language:
        known = await self.known(storage_id)
        if known is not None:
            return known
        if text:
            with contextlib.suppress(Exception):
                return await asyncio.to_thread(self.analyzer.detect_language, text)
        return "es"

    async def known(self, storage_id: str) -> Language | None:
        """The language the conversation has been held in; None before the guest's first message."""
        state = await self.conversations.get_state(storage_id)
        if state.get("language") in ("es", "en"):
            return "en" if state["language"] == "en" else "es"
        return None
