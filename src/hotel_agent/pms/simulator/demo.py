"""The bundled demo hotel, shaped like QloApps' demo data ("The Hotel Prime")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

HOTEL_ID = 1
HOTEL_NAME = "The Hotel Prime"
CURRENCY = "USD"
TAX_RATE = Decimal("0.04")
# QloApps' demo auto-adds services to every room. "Room Maintenance Fees" (product 5, 250/night) is charged
# with the room's price: in hotel_ari's quote and in every booking that names it (ours do). "Internet
# Handling Charges" (product 6, 250 per booking) is charged apart from the room: in neither.
ROOM_PRICED_SERVICE_ID = 5
ROOM_PRICED_SERVICE_PER_NIGHT = Decimal("250.00")
SEPARATE_FEE_SERVICE_ID = 6
MAX_DAYS_AHEAD = 366


@dataclass(frozen=True)
class DemoRoomType:
    id: int
    name: str
    kind: str
    base_price: Decimal
    max_adults: int
    max_children: int
    rooms: tuple[str, ...]


DEMO_ROOM_TYPES: tuple[DemoRoomType, ...] = (
    DemoRoomType(
        1, "General Rooms", "single", Decimal("1000.00"), 2, 2, ("A-101", "A-102", "A-103", "A-104", "A-105")
    ),
    DemoRoomType(
        2, "Delux Rooms", "double", Decimal("1500.00"), 2, 2, ("B-101", "B-102", "B-103", "B-104", "B-105")
    ),
    DemoRoomType(
        3, "Executive Rooms", "twin", Decimal("2000.00"), 2, 2, ("C-101", "C-102", "C-103", "C-104", "C-105")
    ),
    DemoRoomType(
        4, "Luxury Rooms", "suite", Decimal("2500.00"), 2, 2, ("D-101", "D-102", "D-103", "D-104", "D-105")
    ),
    DemoRoomType(5, "Family Rooms", "family", Decimal("3000.00"), 4, 3, ("E-101", "E-102", "E-103")),
)
