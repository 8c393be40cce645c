"""When the NLP engine is unsure between readings it does not act: it asks one short question with a button
per reading. The guest's words are kept, so the reading they pick is answered with the entities they gave."""

from __future__ import annotations

from hotel_agent.channels.types import Button, Reply
from hotel_agent.nlp.types import INTENTS
from hotel_agent.orchestrator import replies as r
from hotel_agent.orchestrator.context import Context

BUTTON_PREFIX = "clarify:"


def ask(ctx: Context) -> Reply:
    readings = [intent for intent in ctx.analysis.alternatives if intent in r.READING_TITLES][: r.MAX_BUTTONS]
    ctx.state.clarifying = ctx.text
    buttons = [
        Button(id=BUTTON_PREFIX + intent, title=r.READING_TITLES[intent][ctx.language]) for intent in readings
    ]
    return r.text_reply("clarify", ctx.language, buttons)


def chosen_reading(text: str) -> str | None:
    """The intent of a clarification button ("clarify:late_checkout"), or None for any other message."""
    if not text.startswith(BUTTON_PREFIX):
        return None
    intent = text[len(BUTTON_PREFIX) :]
    return intent if intent in INTENTS and intent != "unknown" else None
