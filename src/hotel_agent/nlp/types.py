"""What the NLP engine returns. `hotel_agent.nlp.analyze(text, now, language=None) -> Analysis`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Language = Literal["es", "en"]

INTENTS = (
    "greeting",
    "goodbye",
    "thanks",
    "affirm",
    "deny",
    "check_availability",
    "room_options",
    "make_reservation",
    "modify_reservation",
    "cancel_reservation",
    "reservation_status",
    "check_in_info",
    "check_out_info",
    "late_checkout",
    "amenities",
    "location",
    "cancellation_policy",
    "report_issue",
    "human_handoff",
    "unknown",
)

# Entity keys (values): check_in, check_out (ISO date str), adults, children, rooms (int),
# room_type (single|double|twin|suite|family), amenity (str), booking_reference (str),
# email (str), name (str), nights (int); amenities (list[str], only when several are named) and option
# (int: the offer a button or "la segunda" points at); date_readings (list of two [check_in, check_out or None]
# ISO pairs: English numeric dates read month first and day first, both bookable, nothing settling which —
# no check_in/check_out is given then, the guest is to be asked; not a feature of the intent model, which
# sees the first reading's dates instead).
ENTITY_KEYS = (
    "check_in",
    "check_out",
    "nights",
    "adults",
    "children",
    "rooms",
    "room_type",
    "amenity",
    "booking_reference",
    "email",
    "name",
    "amenities",
    "option",
)


@dataclass
class Analysis:
    intent: str
    confidence: float
    language: Language
    entities: dict[str, Any] = field(default_factory=dict)
    # Set when the engine is unsure: the likeliest readings (intents), best first, to ask the guest about.
    # `intent` is then only the likeliest of them and must not be acted on.
    alternatives: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "confidence": round(self.confidence, 3),
            "language": self.language,
            "entities": self.entities,
            "alternatives": list(self.alternatives),
        }
