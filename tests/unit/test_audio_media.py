"""Fetching voice notes from the Graph API (a local fake server): token, size limits, failure split."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from prometheus_client import REGISTRY

from hotel_agent.audio import AudioRejected, VoiceTranscriber
from hotel_agent.channels.whatsapp_media import MediaTooLarge, MediaUnavailable, fetch_media
from hotel_agent.errors import ProcessingFailure
from hotel_agent.settings import Settings
from tests.voice.fake_media import FakeMedia, FakeMediaServer
from tests.voice.fixtures import media_server, voice_clips

__all__ = ["media_server", "voice_clips"]

LIMIT = 1024 * 1024


def settings_for(server: FakeMediaServer, tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "whatsapp_api_base": server.api_base,
        "whatsapp_access_token": server.token,
        "audio_max_bytes": LIMIT,
        "audio_model_dir": tmp_path / "unused-model",
        "audio_download_timeout_seconds": 5.0,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def audio_count(result: str) -> float:
    return REGISTRY.get_sample_value("audio_messages_total", {"result": result}) or 0.0


async def test_lookup_and_download_both_carry_the_token(media_server: FakeMediaServer) -> None:
    media_server.add("111", FakeMedia(b"OggS-some-bytes"))
    async with httpx.AsyncClient() as client:
        media = await fetch_media(
            client,
            api_base=media_server.api_base,
            media_id="111",
            access_token="media-token",
            max_bytes=LIMIT,
        )
    assert media.data == b"OggS-some-bytes"
    assert media.mime_type == "audio/ogg; codecs=opus"
    assert [(r.kind, r.authorized) for r in media_server.requests] == [("lookup", True), ("download", True)]


async def test_a_wrong_token_is_refused_and_never_echoed(media_server: FakeMediaServer) -> None:
    media_server.add("111", FakeMedia(b"x"))
    async with httpx.AsyncClient() as client:
        with pytest.raises(MediaUnavailable) as caught:
            await fetch_media(
                client, api_base=media_server.api_base, media_id="111", access_token="wrong", max_bytes=LIMIT
            )
    assert caught.value.status_code == 401
    assert "wrong" not in str(caught.value)
    assert media_server.seen("download") == []


async def test_graph_api_500_is_an_audio_error_for_the_dlq(
    media_server: FakeMediaServer, tmp_path: Path
) -> None:
    media_server.add("222", FakeMedia(b"x", lookup_status=500))
    transcriber = VoiceTranscriber(settings_for(media_server, tmp_path))
    errors_before = audio_count("error")
    try:
        with pytest.raises(ProcessingFailure) as caught:
            await transcriber.transcribe_media("222")
    finally:
        await transcriber.aclose()
    assert caught.value.reason == "audio_error"
    assert caught.value.detail == {"status_code": 500}
    assert "HTTP 500" in str(caught.value)
    assert media_server.token not in str(caught.value)
    assert media_server.seen("download") == []
    assert audio_count("error") == errors_before + 1


async def test_download_failure_is_an_audio_error_and_hides_the_signed_url(
    media_server: FakeMediaServer, tmp_path: Path
) -> None:
    media_server.add("223", FakeMedia(b"x", download_status=503))
    transcriber = VoiceTranscriber(settings_for(media_server, tmp_path))
    try:
        with pytest.raises(ProcessingFailure) as caught:
            await transcriber.transcribe_media("223")
    finally:
        await transcriber.aclose()
    assert caught.value.reason == "audio_error"
    assert "HTTP 503" in str(caught.value)
    assert "signed-secret" not in str(caught.value)


async def test_unreachable_graph_api_is_an_audio_error(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings = Settings(
        whatsapp_api_base=f"http://127.0.0.1:{closed_port}/v21.0",
        whatsapp_access_token="t",
        audio_model_dir=tmp_path,
    )
    transcriber = VoiceTranscriber(settings)
    try:
        with pytest.raises(ProcessingFailure) as caught:
            await transcriber.transcribe_media("333")
    finally:
        await transcriber.aclose()
    assert caught.value.reason == "audio_error"
    assert "ConnectError" in str(caught.value)


async def test_no_access_token_is_an_audio_error(media_server: FakeMediaServer, tmp_path: Path) -> None:
    transcriber = VoiceTranscriber(settings_for(media_server, tmp_path, whatsapp_access_token=None))
    try:
        with pytest.raises(ProcessingFailure, match="no WhatsApp access token"):
            await transcriber.transcribe_media("444")
    finally:
        await transcriber.aclose()
    assert media_server.requests == []


async def test_declared_file_size_over_the_limit_is_rejected_without_downloading(
    media_server: FakeMediaServer, tmp_path: Path
) -> None:
    media_server.add("555", FakeMedia(b"x", declared_file_size=LIMIT + 1))
    transcriber = VoiceTranscriber(settings_for(media_server, tmp_path))
    too_large_before = audio_count("too_large")
    try:
        with pytest.raises(AudioRejected) as caught:
            await transcriber.transcribe_media("555")
    finally:
        await transcriber.aclose()
    assert caught.value.reason == "too_large"
    assert (caught.value.actual, caught.value.limit) == (LIMIT + 1, LIMIT)
    assert media_server.seen("download") == []
    assert audio_count("too_large") == too_large_before + 1
    assert "demasiado grande" in caught.value.guest_message("es")
    assert "too large" in caught.value.guest_message("en")


async def test_content_length_over_the_limit_stops_the_download(
    media_server: FakeMediaServer, tmp_path: Path
) -> None:
    # 32 MB cannot all sit in socket buffers: the server is cut off unless the client reads it all.
    media_server.add("666", FakeMedia(bytes(32 * LIMIT), declared_file_size=None))
    transcriber = VoiceTranscriber(settings_for(media_server, tmp_path))
    try:
        with pytest.raises(AudioRejected) as caught:
            await transcriber.transcribe_media("666")
    finally:
        await transcriber.aclose()
    assert caught.value.reason == "too_large"
    assert caught.value.actual == 32 * LIMIT
    assert media_server.download_outcome("666") == "cut off"


async def test_chunked_download_is_cut_off_once_past_the_limit(media_server: FakeMediaServer) -> None:
    media_server.add("777", FakeMedia(bytes(32 * LIMIT), declared_file_size=None, content_length=None))
    async with httpx.AsyncClient() as client:
        with pytest.raises(MediaTooLarge) as caught:
            await fetch_media(
                client,
                api_base=media_server.api_base,
                media_id="777",
                access_token="media-token",
                max_bytes=LIMIT,
            )
    assert LIMIT < caught.value.size < 2 * LIMIT
    assert media_server.download_outcome("777") == "cut off"


async def test_a_media_id_that_could_be_a_path_is_rejected_unsent(
    media_server: FakeMediaServer, tmp_path: Path
) -> None:
    transcriber = VoiceTranscriber(settings_for(media_server, tmp_path))
    try:
        with pytest.raises(AudioRejected) as caught:
            await transcriber.transcribe_media("../../me/accounts")
    finally:
        await transcriber.aclose()
    assert caught.value.reason == "unsupported"
    assert media_server.requests == []


async def test_media_that_is_not_audio_is_rejected(media_server: FakeMediaServer, tmp_path: Path) -> None:
    media_server.add("888", FakeMedia(b"\x89PNG", mime_type="image/png"))
    transcriber = VoiceTranscriber(settings_for(media_server, tmp_path))
    try:
        with pytest.raises(AudioRejected) as caught:
            await transcriber.transcribe_media("888")
    finally:
        await transcriber.aclose()
    assert caught.value.reason == "unsupported"


async def test_a_corrupt_voice_note_is_rejected_not_retried(
    media_server: FakeMediaServer, voice_clips: dict[str, bytes], tmp_path: Path
) -> None:
    damaged = b"OggS" + bytes(reversed(voice_clips["es"][4:]))
    media_server.add("999", FakeMedia(damaged))
    transcriber = VoiceTranscriber(settings_for(media_server, tmp_path))
    corrupt_before = audio_count("corrupt")
    try:
        with pytest.raises(AudioRejected) as caught:
            await transcriber.transcribe_media("999")
    finally:
        await transcriber.aclose()
    assert caught.value.reason == "corrupt"
    assert audio_count("corrupt") == corrupt_before + 1
    assert not (tmp_path / "unused-model").exists()  # rejected before any model work
