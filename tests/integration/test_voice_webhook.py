"""Voice notes through the real app: POST /webhooks/whatsapp → media from a local fake Graph API → offline
transcription → orchestrator → reply back through the fake Graph API. Failures take the rejected or DLQ path."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import REGISTRY

from hotel_agent.settings import Settings
from tests import whatsapp_payloads as wa
from tests.apps import APP_SECRET, admin_headers, container_of, running_app, whatsapp_settings
from tests.fake_graph import FakeGraphAPI, message_text
from tests.voice.clips import SPANISH_FAST, make_clip
from tests.voice.fixtures import voice_clips, voice_model_dir

__all__ = ["voice_clips", "voice_model_dir"]

pytestmark = pytest.mark.voice
OGG = "audio/ogg; codecs=opus"


def voice_settings(tmp_path: Path, graph: FakeGraphAPI, model_dir: Path) -> Settings:
    return whatsapp_settings(
        tmp_path,
        graph,
        audio_model_dir=model_dir,
        dlq_retry_base_seconds=60.0,  # keep the dead-lettered note in the queue while the test looks at it
        dlq_retry_cap_seconds=60.0,
    )


def metric(name: str, labels: dict[str, str]) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def send_voice_note(
    client: Any, graph: FakeGraphAPI, wa_id: str, message_id: str, media_id: str
) -> None:
    body, headers = wa.signed(wa.audio_message(wa_id, message_id, media_id), APP_SECRET)
    response = await client.post("/webhooks/whatsapp", content=body, headers=headers)
    assert response.status_code == 200 and response.json() == {"received": 1, "accepted": 1}
    # Acked before the note was transcribed and answered (that takes seconds).
    assert graph.messages_to(wa_id) == []


async def test_spanish_and_english_voice_notes_are_answered(
    tmp_path: Path, graph: FakeGraphAPI, voice_clips: dict[str, bytes], voice_model_dir: Path
) -> None:
    graph.media["media-es"] = (voice_clips["es"], OGG)
    graph.media["media-en"] = (voice_clips["en"], OGG)
    availability_es = {"intent": "check_availability", "language": "es"}
    checkout_en = {"intent": "check_out_info", "language": "en"}
    availability_before = metric("nlp_intents_detected_total", availability_es)
    checkout_before = metric("nlp_intents_detected_total", checkout_en)

    async with running_app(voice_settings(tmp_path, graph, voice_model_dir)) as (app, client):
        await send_voice_note(client, graph, "34655500001", "wamid.V-es", "media-es")
        await send_voice_note(client, graph, "4477009900", "wamid.V-en", "media-en")
        [spanish] = await asyncio.to_thread(graph.wait_for, "34655500001", 1, 120.0)
        [english] = await asyncio.to_thread(graph.wait_for, "4477009900", 1, 120.0)

        # Spanish: an availability request whose dates were understood (so it is not asked for them again).
        state = await container_of(app).conversations.get_state("34655500001")
        assert state["language"] == "es"
        assert (state["search"]["check_in"][5:], state["search"]["check_out"][5:]) == ("03-03", "03-05")
        assert state["search"]["room_type"] == "double"
        assert "fechas" not in message_text(spanish)
        assert metric("nlp_intents_detected_total", availability_es) == availability_before + 1

        # English: the check-out time of the demo hotel.
        assert "12:00" in message_text(english)
        assert metric("nlp_intents_detected_total", checkout_en) == checkout_before + 1

        history = await client.get("/api/v1/conversations/34655500001", headers=admin_headers())
        inbound = [m for m in history.json()["messages"] if m["direction"] == "in"]
        assert "marzo" in inbound[0]["text"].lower()  # the transcript is what the conversation records
    assert graph.unauthorized_calls == 0  # the token went with the media lookup and the download


async def test_a_guest_who_wrote_in_spanish_is_heard_in_spanish(
    tmp_path: Path, graph: FakeGraphAPI, voice_model_dir: Path
) -> None:
    # A fast Spanish note Whisper alone may take for English (then the agent would answer in English).
    graph.media["media-fast"] = (make_clip(SPANISH_FAST, tmp_path).read_bytes(), OGG)
    async with running_app(voice_settings(tmp_path, graph, voice_model_dir)) as (app, client):
        body, headers = wa.signed(
            wa.text_message("34655500004", "wamid.T-hola", "Hola, buenas tardes"), APP_SECRET
        )
        assert (await client.post("/webhooks/whatsapp", content=body, headers=headers)).status_code == 200
        await asyncio.to_thread(graph.wait_for, "34655500004", 1, 60.0)
        body, headers = wa.signed(wa.audio_message("34655500004", "wamid.V-fast", "media-fast"), APP_SECRET)
        assert (await client.post("/webhooks/whatsapp", content=body, headers=headers)).status_code == 200
        await asyncio.to_thread(graph.wait_for, "34655500004", 2, 120.0)
        # The note was transcribed in Spanish, so the conversation (and the answer) stayed in Spanish.
        state = await container_of(app).conversations.get_state("34655500004")
        history = await client.get("/api/v1/conversations/34655500004", headers=admin_headers())
        inbound = [m["text"] for m in history.json()["messages"] if m["direction"] == "in"]
        assert state["language"] == "es", inbound


async def test_a_corrupt_voice_note_gets_a_clear_reply_and_no_retry(
    tmp_path: Path, graph: FakeGraphAPI, voice_model_dir: Path
) -> None:
    graph.media["media-bad"] = (b"OggS" + b"\x13" * 5000, OGG)
    async with running_app(voice_settings(tmp_path, graph, voice_model_dir)) as (app, client):
        await send_voice_note(client, graph, "34655500002", "wamid.V-bad", "media-bad")
        [reply] = await asyncio.to_thread(graph.wait_for, "34655500002", 1, 60.0)
        assert "nota de voz" in message_text(reply)
        assert (await container_of(app).dlq.list()).total == 0


async def test_a_graph_api_failure_lands_in_the_dlq_as_audio_error(
    tmp_path: Path, graph: FakeGraphAPI, voice_model_dir: Path
) -> None:
    # The fake Graph API does not know this media id: the lookup fails (as during a Meta outage).
    async with running_app(voice_settings(tmp_path, graph, voice_model_dir)) as (app, client):
        await send_voice_note(client, graph, "34655500003", "wamid.V-gone", "media-unknown")
        [holding] = await asyncio.to_thread(graph.wait_for, "34655500003", 1, 60.0)
        assert "en breve" in message_text(holding)
        page = await container_of(app).dlq.list(reason="audio_error")
        assert [entry.message.id for entry in page.items] == ["wamid.V-gone"]
        assert "HTTP 404" in page.items[0].error_message
        assert graph.token not in page.items[0].error_message


async def test_a_dead_lettered_voice_note_is_answered_once_the_graph_api_recovers(
    tmp_path: Path, graph: FakeGraphAPI, voice_clips: dict[str, bytes], voice_model_dir: Path
) -> None:
    settings = voice_settings(tmp_path, graph, voice_model_dir).model_copy(
        update={"dlq_retry_base_seconds": 0.3, "dlq_retry_cap_seconds": 0.6}
    )
    async with running_app(settings) as (app, client):
        await send_voice_note(client, graph, "4477001122", "wamid.V-late", "media-late")
        [holding] = await asyncio.to_thread(graph.wait_for, "4477001122", 1, 60.0)
        assert "en breve" in message_text(holding)
        graph.media["media-late"] = (voice_clips["en"], OGG)  # Meta is back
        _, answer = await asyncio.to_thread(graph.wait_for, "4477001122", 2, 120.0)
        assert "12:00" in message_text(answer)
        for _ in range(100):  # the entry leaves the queue just after the answer is delivered
            if (await container_of(app).dlq.list()).total == 0:
                break
            await asyncio.sleep(0.05)
        assert (await container_of(app).dlq.list()).total == 0
