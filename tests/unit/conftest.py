"""Fixtures shared by the orchestrator's unit tests: a migrated SQLite file and the world over it (the real PMS
simulator, conversation store and profile; tests/unit/test_orchestrator_support.py). A module that needs another
world defines its own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.unit.test_orchestrator_support import World


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    from tests.unit.test_orchestrator_support import migrate

    return migrate(sqlite_url)


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[World]:
    from tests.unit.test_orchestrator_support import open_world

    async with open_world(database_url) as opened:
        yield opened
