"""What the agent understood of a guest message when its turn ran, and what it decided: stored with the
message's history row in the turn's transaction, so the staff console shows the reading the agent acted on
(the engine may read the same words differently after an upgrade)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from hotel_agent.orchestrator.orchestrator import Decision

# acted: answered on its reading; clarified: asked which reading was meant; handed_off: gave the guest to a
# person; held: a person holds the conversation, the agent did not read the message.
Decided = Literal["acted", "clarified", "handed_off", "held"]
DECIDED: tuple[Decided, ...] = ("acted", "clarified", "handed_off", "held")


def reading_of(decision: Decision) -> dict[str, Any]:
    decided: Decided = "acted"
    if decision.handoff_reason is not None:
        decided = "handed_off"
    elif decision.state.get("clarifying"):
        decided = "clarified"
    analysis = decision.analysis
    reading = {
        "intent": analysis.intent,
        "confidence": round(float(analysis.confidence), 3),
        "language": analysis.language,
        "entities": analysis.entities,
        "alternatives": list(analysis.alternatives),
        "decided": decided,
    }
    # A JSON column: whatever an entity holds is stored as the text JSON would give it.
    loaded: dict[str, Any] = json.loads(json.dumps(reading, default=str))
    return loaded


HELD: dict[str, Any] = {"decided": "held"}
