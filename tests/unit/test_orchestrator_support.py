"""Fixtures for the orchestrator tests: a migrated SQLite database, the real PMS simulator on it, the real
conversation store, and an Orchestrator over them. Collected by pytest but holds no tests itself."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hotel_agent.conversations.store import ConversationStore
from hotel_agent.db.migrate import upgrade
from hotel_agent.db.session import Database
from hotel_agent.nlp.types import Analysis, Language
from hotel_agent.orchestrator.orchestrator import Analyzer, Orchestrator, Turn
from hotel_agent.orchestrator.profile import HotelProfile, load_profile
from hotel_agent.pms.simulator import FaultConfig, PMSSimulator
from hotel_agent.settings import Settings
from tests.sqlite_template import seed_at_head

# A fixed clock: Monday 2 March 2026, 10:00 at the demo hotel (America/Mexico_City, UTC-6).
NOW = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)


def in_days(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


@dataclass
class World:
    db: Database
    pms: PMSSimulator
    conversations: ConversationStore
    profile: HotelProfile
    settings: Settings
    analyzer: Analyzer | None = None
    calls: list[tuple[str, Language | None]] = field(default_factory=list)

    def orchestrator(self) -> Orchestrator:
        return Orchestrator(
            self.pms, self.conversations, self.profile, analyzer=self.analyzer, settings=self.settings
        )

    async def say(self, guest_id: str, text: str, channel: str = "chat") -> Turn:
        return await self.orchestrator().respond(guest_id, channel, text, NOW)

    def pms_down(self) -> None:
        self.pms.set_faults(FaultConfig(mode="down"))

    def pms_up(self) -> None:
        self.pms.set_faults(FaultConfig(mode="ok"))


def migrate(url: str) -> str:
    """Call from a sync fixture: Alembic runs its own event loop, so not inside the test's loop."""
    seed_at_head(url)  # a new SQLite file starts as a copy at head; the upgrade then finds it there
    upgrade(url)
    return url


@asynccontextmanager
async def open_world(url: str) -> AsyncIterator[World]:
    db = Database(url)
    simulator = PMSSimulator(db, today=lambda: TODAY)
    await simulator.ensure_demo_hotel()
    settings = Settings(database_url=url, nlp_min_confidence=0.45)
    try:
        yield World(db, simulator, ConversationStore(db), load_profile(), settings)
    finally:
        await db.dispose()


class ScriptedAnalyzer:
    """Stands in for the NLP engine in unit tests of dialogue logic: each text maps to one analysis."""

    def __init__(self, script: dict[str, tuple[str, dict[str, Any]]], language: Language = "es") -> None:
        self.script = script
        self.language = language
        self.calls: list[tuple[str, Language | None]] = []

    def __call__(
        self, text: str, now: datetime, language: Language | None = None, reference: date | None = None
    ) -> Analysis:
        self.calls.append((text, language))
        intent, entities = self.script.get(text, ("unknown", {}))
        confidence = 0.2 if intent == "unknown" else 0.95
        return Analysis(intent, confidence, language or self.language, dict(entities))
