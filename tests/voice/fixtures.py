"""Voice fixtures, imported by the voice test modules: clips (made once per session), the fake media
server, and a model directory shared by the session so the model is assembled and loaded once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.voice.clips import ENGLISH_CHECKOUT, SPANISH_AVAILABILITY, make_clip, make_silence
from tests.voice.fake_media import FakeMediaServer


def shared_dir(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """One directory per session under pytest's base temp. Each module importing these fixtures gets its
    own fixture instance, so the clips and the model must be found by path, not by instance."""
    directory = tmp_path_factory.getbasetemp() / name
    directory.mkdir(exist_ok=True)
    return directory


@pytest.fixture(scope="session")
def voice_clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    directory = shared_dir(tmp_path_factory, "voice-clips")
    return {
        "es": make_clip(SPANISH_AVAILABILITY, directory).read_bytes(),
        "en": make_clip(ENGLISH_CHECKOUT, directory).read_bytes(),
        "silence": make_silence(directory, 3).read_bytes(),
    }


@pytest.fixture(scope="session")
def voice_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the session's transcribers assemble the model (once) and load it from (once per process)."""
    return shared_dir(tmp_path_factory, "voice-model") / "whisper-base"


@pytest.fixture
def media_server() -> Iterator[FakeMediaServer]:
    with FakeMediaServer() as server:
        yield server
