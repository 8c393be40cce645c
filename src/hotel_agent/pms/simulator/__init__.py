"""The embedded PMS simulator (in-process) and its QloApps-speaking HTTP server (server.py)."""

from hotel_agent.pms.simulator.core import PMSSimulator
from hotel_agent.pms.simulator.faults import FaultConfig, FaultInjector

__all__ = ["FaultConfig", "FaultInjector", "PMSSimulator"]
