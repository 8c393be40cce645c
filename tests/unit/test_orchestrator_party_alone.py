"""The party put down to the guest alone at the summary ("actually make that one adult only, my colleague can't
come", "solo seré yo, mi compañero no viene") is read as 1 adult; the guest and someone else ("just me and my
wife") or a question ("is it cheaper if it's just me?") never is. A short question about a limit ("is there a
weight limit?") just after an extra was answered is about that extra."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from hotel_agent.nlp.entities import extract
from hotel_agent.nlp.normalize import fold, numbers_to_digits, prepare
from hotel_agent.orchestrator.handlers.availability import party_now_alone
from hotel_agent.orchestrator.handlers.info import LIMIT_ASKED


def _ctx(text: str, language: str) -> Any:
    entities = extract(text, prepare(text, language), date(2026, 3, 2), language)
    return SimpleNamespace(
        text=text, folded_text=numbers_to_digits(fold(text), language), language=language, entities=entities
    )


@pytest.mark.parametrize(
    ("text", "language", "alone"),
    [
        ("actually make that one adult only, my colleague can't come", "en", True),
        ("just me now, my wife can't make it", "en", True),
        ("it will only be me, my friend cancelled", "en", True),
        ("solo seré yo, mi compañero no viene", "es", True),
        ("al final solo un adulto, mi esposa no puede venir", "es", True),
        ("ahora voy sola, mi amiga canceló", "es", True),
        ("just me and my wife, the kids can't come", "en", False),
        ("solo yo y mi esposa, los niños no vienen", "es", False),
        ("is it cheaper if it's just me?", "en", False),
        ("¿sale más barato si solo voy yo?", "es", False),
        ("2 adults please", "en", False),
    ],
)
def test_the_guest_now_alone(text: str, language: str, alone: bool) -> None:
    assert party_now_alone(_ctx(text, language)) is alone


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("is there a weight limit?", True),
        ("is there a size limit?", True),
        ("how heavy can it be?", True),
        ("hay limite de peso?", True),
        ("y de que tamano?", True),
        ("cuanto pueden pesar?", True),
        ("what time is breakfast?", False),
        ("is there parking?", False),
    ],
)
def test_a_limit_asked_without_its_topic(text: str, limit: bool) -> None:
    assert (LIMIT_ASKED.search(fold(text)) is not None) is limit
