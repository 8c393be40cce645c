"""One real `hotel-agent serve` on SQLite (the `make run` defaults), shared by the reliability tests that
leave it usable; tests that kill a server start their own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fake_graph import FakeGraphAPI
from tests.reliability import live


@pytest.fixture(scope="session")
def session_graph() -> Iterator[FakeGraphAPI]:
    with FakeGraphAPI() as fake:
        yield fake


@pytest.fixture(scope="session")
def sqlite_server(
    tmp_path_factory: pytest.TempPathFactory, session_graph: FakeGraphAPI
) -> Iterator[live.LiveServer]:
    data_dir: Path = tmp_path_factory.mktemp("reliability-sqlite")
    server = live.start(data_dir, live.settings_env(data_dir, session_graph))
    yield server
    server.stop()
