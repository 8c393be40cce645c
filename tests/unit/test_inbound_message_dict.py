"""InboundMessage.to_dict is written out by hand (asdict deep-copies, and the ack path calls it per message):
it must still carry every field and round-trip."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from hotel_agent.channels.types import InboundMessage


def test_to_dict_names_every_field_and_round_trips() -> None:
    message = InboundMessage(
        "wamid.1", "whatsapp", "34600", "audio", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        text="hola", media_id="m1", guest_name="Ana", correlation_id="c1",
    )  # fmt: skip
    data = message.to_dict()
    assert set(data) == {f.name for f in dataclasses.fields(InboundMessage)}
    assert InboundMessage.from_dict(data) == message
