"""Greeting, goodbye, thanks, the fallback, and passing the guest to a person."""

from __future__ import annotations

from hotel_agent.channels.types import Reply
from hotel_agent.orchestrator import replies as r
from hotel_agent.orchestrator.context import Context

MAX_UNKNOWN_IN_A_ROW = 3
ISSUE_SUMMARY_CHARS = 200


async def greeting(ctx: Context) -> Reply:
    return r.text_reply("greeting", ctx.language, r.menu_buttons(ctx.language), hotel=ctx.profile.name)


async def goodbye(ctx: Context) -> Reply:
    ctx.state.pending = None
    return r.text_reply("goodbye", ctx.language)


async def thanks(ctx: Context) -> Reply:
    return r.text_reply("thanks", ctx.language)


async def anything_else(ctx: Context) -> Reply:
    return r.text_reply("anything_else", ctx.language, r.menu_buttons(ctx.language))


async def fallback(ctx: Context) -> Reply:
    return r.text_reply("fallback", ctx.language, r.menu_buttons(ctx.language))


async def human_handoff(ctx: Context) -> Reply:
    ctx.handoff_reason = "guest asked for a person"
    ctx.state.pending = None
    return r.text_reply("handoff", ctx.language)


async def report_issue(ctx: Context) -> Reply:
    ctx.handoff_reason = f"issue reported: {ctx.text[:ISSUE_SUMMARY_CHARS]}"
    ctx.state.pending = None
    return r.text_reply("report_issue", ctx.language)


async def not_understood(ctx: Context) -> Reply:
    ctx.handoff_reason = f"not understood {MAX_UNKNOWN_IN_A_ROW} times in a row"
    ctx.state.pending = None
    return r.text_reply("handoff_confused", ctx.language)
