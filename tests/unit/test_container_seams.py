"""The container's seams are typed: no component is `Any`, and the DLQ and the PMS are held through their
Protocols (mypy checks, where bootstrap fills the container, that the concrete parts satisfy them)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hotel_agent.container import Container


def test_no_component_is_any() -> None:
    annotations = {field.name: str(field.type) for field in dataclasses.fields(Container)}
    assert not [name for name, annotation in annotations.items() if "Any" in annotation.split("[")[0]]


def test_dlq_and_pms_are_held_through_protocols() -> None:
    annotations = {field.name: str(field.type) for field in dataclasses.fields(Container)}
    assert annotations["dlq"] == "DeadLetterQueue"  # hotel_agent.ports.DeadLetterQueue
    assert annotations["pms"] == "PMS"  # hotel_agent.pms.base.PMS
    from hotel_agent import container, ports
    from hotel_agent.pms import base

    source = Path(container.__file__).read_text()
    assert "from hotel_agent.ports import DeadLetterQueue" in source
    assert "from hotel_agent.pms.base import PMS" in source
    assert getattr(ports.DeadLetterQueue, "_is_protocol", False)
    assert getattr(base.PMS, "_is_protocol", False)
