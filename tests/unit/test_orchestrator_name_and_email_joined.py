"""'Laura Kim and laura.kim@example.com' is booked under Laura Kim — the joining word had been taken into the name
('Laura Kim And', a wrong booking); 'back on the 27th, so make it 22 to 27' is the range written (it had been read as
arriving on the 27th: a wrong booking)."""

from __future__ import annotations

import pytest

from hotel_agent.orchestrator.handlers.booking import holiday_read_as_name, without_email


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("Laura Kim and laura.kim@example.com", "Laura Kim"),
        ("laura.kim@example.com & Laura Kim", "Laura Kim"),
        ("Ana Ruiz y ana.ruiz@example.com", "Ana Ruiz"),
        ("Ana Ruiz, mi correo es ana.ruiz@example.com", "Ana Ruiz"),
        ("Andy Kim ak@example.com", "Andy Kim"),  # a name ending in letters of a joining word keeps them
    ],
)
def test_the_word_joining_a_name_and_an_email_is_no_part_of_the_name(text: str, left: str) -> None:
    assert without_email(text) == left


@pytest.mark.parametrize(
    ("name", "holiday"),
    [("Acción de Gracias", True), ("Black Friday", True), ("Pilar Domingo", False), ("Laura Kim", False)],
)
def test_a_holiday_read_as_a_name_is_no_name(name: str, holiday: bool) -> None:
    assert holiday_read_as_name(name) is holiday
