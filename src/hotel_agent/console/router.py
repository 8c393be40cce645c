"""The console's one router: the inbox and conversation routes plus the teaching and operations pages,
which register themselves on it when imported."""

from hotel_agent.console import canned, ops, teach  # noqa: F401  (they add their routes to `router`)
from hotel_agent.console.routes import router

__all__ = ["router"]
