"""'cuarto' is a room in much of Latin America: beside 'la más barata' it never makes a 'fourth cheapest'
(blind set 11 booked the suite for "necesito cuarto pa 2 … la mas barata"); 'el cuarto' after the offers is
still the fourth shown."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hotel_agent.orchestrator.references import offer_by_position
from hotel_agent.orchestrator.state import Offer

OFFERS = [
    Offer(
        room_type_id=n,
        name=f"Room {n}",
        nightly_price=Decimal(n * 100),
        total_price=Decimal(n * 200),
        currency="USD",
    )
    for n in (1, 2, 3, 4, 5)
]


@pytest.mark.parametrize(
    "text",
    [
        "necesito cuarto pa 2 adultos del 24 al 26 de abril la mas barata porfa",
        "un cuarto para dos, el más económico",
        "el cuarto más barato que tengan",
        "quiero un cuarto doble, el mas barato",
    ],
)
def test_a_room_called_cuarto_beside_the_cheapest_is_the_cheapest(text: str) -> None:
    assert offer_by_position(text, OFFERS) == OFFERS[0]


@pytest.mark.parametrize("text", ["el cuarto", "el cuarto de la lista", "la cuarta", "la cuarta opción"])
def test_the_fourth_shown_is_still_the_fourth(text: str) -> None:
    assert offer_by_position(text, OFFERS) == OFFERS[3]
