"""One part of the guest's name put right ("Ortiz, no Ortega", "it's Sean not Shaun", "my last name is Morse"):
that part replaced, the rest kept; words that are no name never replace one."""

from __future__ import annotations

import pytest

from hotel_agent.orchestrator.handlers.common import swapped_name_part


@pytest.mark.parametrize(
    ("text", "first", "last", "expected"),
    [
        ("uy perdón, mi apellido es Ortiz, no Ortega", "Tomás", "Ortega", ("Tomás", "Ortiz")),
        ("sorry, it's Sean not Shaun", "Shaun", "Riley", ("Sean", "Riley")),
        ("no es Sánchez, es Suárez", "Ana", "Sánchez", ("Ana", "Suárez")),
        ("Jessica instead of Jesica", "Jesica", "Lee", ("Jessica", "Lee")),
        ("my last name is Morse actually", "Kate", "Moss", ("Kate", "Morse")),
        ("no es Garcia sino García", "Luis", "Pérez Garcia", ("Luis", "Pérez García")),
    ],
)
def test_the_part_put_right_is_replaced(text: str, first: str, last: str, expected: tuple[str, str]) -> None:
    assert swapped_name_part(text, first, last) == expected


@pytest.mark.parametrize(
    "text",
    ["yes, not now", "no, the suite", "Ortiz, no Ortega", "no, leave it", "the double, not the twin"],
)
def test_nothing_is_replaced_when_no_part_of_the_name_is_named(text: str) -> None:
    assert swapped_name_part(text, "Ana", "Ruiz") is None
