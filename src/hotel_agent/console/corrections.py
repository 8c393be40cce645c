"""Staff corrections of the engine's reading of a guest message: stored, exported as labelled lines in the
format of tests/nlp/ and measured by `hotel-agent nlp-eval --corrections`. They never change the engine:
they are data for whoever next improves it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from hotel_agent.console.models import CorrectionRow
from hotel_agent.db.base import utcnow
from hotel_agent.db.session import Database
from hotel_agent.nlp.types import ENTITY_KEYS, INTENTS

MAX_ENTITIES_JSON = 2000


class CorrectionError(ValueError):
    pass


@dataclass(frozen=True)
class Correction:
    message_row_id: int
    intent: str
    entities: dict[str, Any]
    engine_intent: str | None
    staff_id: int
    created_at: datetime


def parse_entities(raw: str) -> dict[str, Any]:
    """A JSON object whose keys are the engine's entity names (empty text: no entities)."""
    raw = raw.strip()
    if not raw:
        return {}
    if len(raw) > MAX_ENTITIES_JSON:
        raise CorrectionError(f"entities: at most {MAX_ENTITIES_JSON} characters")
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise CorrectionError(f"entities: not JSON ({exc})") from None
    if not isinstance(value, dict):
        raise CorrectionError('entities: a JSON object, e.g. {"adults": 2}')
    unknown = sorted(set(value) - set(ENTITY_KEYS))
    if unknown:
        raise CorrectionError(
            f"entities: unknown names {', '.join(unknown)} (known: {', '.join(ENTITY_KEYS)})"
        )
    return value


async def save_correction(
    db: Database,
    *,
    message_row_id: int,
    text: str,
    language: str,
    said_at: datetime,
    intent: str,
    entities: dict[str, Any],
    engine_intent: str | None,
    engine_confidence: float | None,
    staff_id: int,
) -> None:
    """One correction per message: a second one replaces the first (the latest reading wins)."""
    if intent not in INTENTS:
        raise CorrectionError(f"unknown intent {intent!r}")
    if language not in ("es", "en"):
        raise CorrectionError("language must be es or en")
    async with db.transaction() as session:
        row = await session.scalar(
            select(CorrectionRow).where(CorrectionRow.message_row_id == message_row_id)
        )
        if row is None:
            row = CorrectionRow(message_row_id=message_row_id)
            session.add(row)
        row.text = text
        row.language = language
        row.said_at = said_at
        row.intent = intent
        row.entities = entities
        row.engine_intent = engine_intent
        row.engine_confidence = engine_confidence
        row.staff_id = staff_id
        row.created_at = utcnow()


async def corrections_for(db: Database, message_row_ids: list[int]) -> dict[int, Correction]:
    if not message_row_ids:
        return {}
    async with db.session() as session:
        rows = (
            await session.scalars(
                select(CorrectionRow).where(CorrectionRow.message_row_id.in_(message_row_ids))
            )
        ).all()
    return {
        r.message_row_id: Correction(
            r.message_row_id, r.intent, dict(r.entities or {}), r.engine_intent, r.staff_id, r.created_at
        )
        for r in rows
    }


async def export_lines(db: Database) -> list[str]:
    """Every correction as one JSON line of tests/nlp/ (oldest first)."""
    async with db.session() as session:
        rows = (await session.scalars(select(CorrectionRow).order_by(CorrectionRow.id))).all()
    return [
        json.dumps(
            {
                "text": r.text,
                "language": r.language,
                "now": r.said_at.date().isoformat(),
                "intent": r.intent,
                "entities": r.entities or {},
            },
            ensure_ascii=False,
        )
        for r in rows
    ]
