"""Imports every capability's tables so Base.metadata knows them all (Alembic, test set-up)."""

from hotel_agent.console import models as console_models  # noqa: F401
from hotel_agent.conversations import models as conversations_models  # noqa: F401
from hotel_agent.db.base import Base
from hotel_agent.dlq import models as dlq_models  # noqa: F401
from hotel_agent.observability import models as observability_models  # noqa: F401
from hotel_agent.pms.simulator import models as pms_simulator_models  # noqa: F401

__all__ = ["Base"]
