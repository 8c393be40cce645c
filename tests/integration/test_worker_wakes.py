"""When the in-process inbox worker claims: a chat turn (stored already claimed) claims nothing on its way
out, and a guest's message stored while another of theirs is in its turn is claimed when that turn ends —
not at the next idle poll (here an hour away, so only the wake can pick it up)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from tests import whatsapp_payloads as wa
from tests.apps import container_of, make_settings, post_signed, running_app, whatsapp_settings
from tests.fake_graph import FakeGraphAPI, message_text


async def test_chat_turns_take_no_claims(tmp_path: Path) -> None:
    async with running_app(make_settings(tmp_path, inbox_poll_seconds=3600.0)) as (app, client):
        pipeline = container_of(app).pipeline
        claims = 0
        real_claim = pipeline.inbox.claim_due

        async def counted(*args: Any) -> Any:
            nonlocal claims
            claims += 1
            return await real_claim(*args)

        pipeline.inbox.claim_due = counted  # type: ignore[method-assign]
        for n in range(5):
            response = await client.post(
                "/api/v1/messages", json={"guest_id": f"wake-{n}", "text": "What time is check-in?"}
            )
            assert response.json()["delivery"] == "answered"
        await pipeline.worker.drain(5)
        assert claims == 0


async def test_a_message_stored_during_its_conversations_turn_is_claimed_when_the_turn_ends(
    tmp_path: Path, graph: FakeGraphAPI
) -> None:
    settings = whatsapp_settings(tmp_path, graph, inbox_poll_seconds=3600.0)
    wa_id = "34650000123"
    async with running_app(settings) as (app, client):
        pipeline = container_of(app).pipeline
        real_decide = pipeline.orchestrator.decide
        entered, go_on = asyncio.Event(), asyncio.Event()

        async def first_waits(*args: Any) -> Any:
            if not entered.is_set():
                entered.set()
                await go_on.wait()
            return await real_decide(*args)

        pipeline.orchestrator.decide = first_waits  # type: ignore[method-assign]
        await post_signed(client, wa.text_message(wa_id, "wamid.wake.1", "What time is check-in?"))
        await asyncio.wait_for(entered.wait(), 30)
        # Stored while the first is in its turn: the claim it wakes skips it (one turn per conversation).
        await post_signed(client, wa.text_message(wa_id, "wamid.wake.2", "What time is check-out?"))
        go_on.set()
        for _ in range(600):
            if len(graph.messages_to(wa_id)) == 2:
                break
            await asyncio.sleep(0.05)
        answers = [message_text(m) for m in graph.messages_to(wa_id)]
        assert len(answers) == 2 and "15:00" in answers[0]
        # The send lands at the fake Graph API before the small update that marks the message done commits.
        for _ in range(600):
            if await pipeline.inbox.status("whatsapp", "wamid.wake.2") == "done":
                break
            await asyncio.sleep(0.05)
        assert await pipeline.inbox.status("whatsapp", "wamid.wake.2") == "done"
