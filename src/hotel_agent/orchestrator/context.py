"""What one turn's handler works with: the message, its analysis, the guest's state and the hotel."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from hotel_agent.nlp.normalize import fold, numbers_to_digits
from hotel_agent.nlp.types import Analysis, Language
from hotel_agent.orchestrator.profile import HotelProfile
from hotel_agent.orchestrator.state import DialogueState
from hotel_agent.pms.base import PMS, AvailabilityQuery, Occupancy, PMSRejected, PMSUnavailable, RoomType

ROOM_TYPES_TTL_SECONDS = 300.0


class RoomCatalog:
    """The PMS's room types, cached briefly: they change rarely and every offer needs their kind."""

    def __init__(self, pms: PMS, ttl_seconds: float = ROOM_TYPES_TTL_SECONDS) -> None:
        self.pms = pms
        self.ttl_seconds = ttl_seconds
        self._room_types: list[RoomType] = []
        self._loaded_at = float("-inf")
        self._prices: dict[int, Decimal] = {}
        self._prices_for: date | None = None
        self._prices_at = float("-inf")

    async def all(self) -> list[RoomType]:
        if time.monotonic() - self._loaded_at > self.ttl_seconds:
            try:
                self._room_types = await self.pms.room_types()
            except (PMSRejected, PMSUnavailable):
                if not self._room_types:
                    raise
                return self._room_types  # the last list read: room types change rarely, an outage is short
            self._loaded_at = time.monotonic()
        return self._room_types

    async def get(self, room_type_id: int) -> RoomType | None:
        return next((rt for rt in await self.all() if rt.id == room_type_id), None)

    async def nightly_prices(self, today: date) -> dict[int, Decimal]:
        """What a night costs the guest in each room type (taxes and charges included), as the PMS quotes
        one night from tomorrow for one adult: the room types' base prices leave those out. Cached like
        the room types; a room type full that night, or every one while the PMS is down, is missing."""
        if self._prices_for != today or time.monotonic() - self._prices_at > self.ttl_seconds:
            query = AvailabilityQuery(today + timedelta(days=1), today + timedelta(days=2), [Occupancy(1, 0)])
            try:
                offers = await self.pms.search_availability(query)
            except (PMSRejected, PMSUnavailable):
                return self._prices if self._prices_for == today else {}  # the rooms, without prices
            self._prices = {o.room_type_id: o.nightly_price for o in offers}
            self._prices_for, self._prices_at = today, time.monotonic()
        return self._prices


@dataclass
class Context:
    guest_id: str
    channel: str
    text: str
    now: datetime
    analysis: Analysis
    intent: str  # the analysis' intent, or "unknown" below the confidence threshold
    state: DialogueState
    pms: PMS
    rooms: RoomCatalog
    profile: HotelProfile
    button_room_type_id: int | None = None  # a "book_<id>" button was pressed
    room_kind: str | None = (
        None  # the room kind the message names (NLP entity, or a room's name / kind words)
    )
    handoff_reason: str | None = None  # set by a handler: start a human handoff after this turn
    answered_taxes: bool = False  # the reply already says whether prices include taxes
    understood: bool = True  # False when the message fit neither the pending question nor an intent
    # The guest's name as the turn began (the summary shows it), before this message's name is taken early.
    name_before: tuple[str | None, str | None] = (None, None)

    @property
    def language(self) -> Language:
        return self.analysis.language

    @property
    def today(self) -> date:
        """Today at the hotel (stay dates are the hotel's calendar days)."""
        if self.now.tzinfo is None:
            return self.now.date()
        return self.now.astimezone(ZoneInfo(self.profile.timezone)).date()

    @property
    def entities(self) -> dict[str, Any]:
        return self.analysis.entities

    @functools.cached_property
    def folded_text(self) -> str:
        """The message folded (lower case, no accents) with numbers as digits, as the dialogue's own patterns
        read it: made once per turn, not by each pattern."""
        return numbers_to_digits(fold(self.text), self.language)
