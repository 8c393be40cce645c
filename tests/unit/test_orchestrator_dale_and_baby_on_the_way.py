"""Two readings found in review. 'Dale' is Spanish assent and an English first name: 'Dale Whitaker' at the
name question is the guest's name, never the assent before a surname alone (it was 'Thanks, Whitaker. And your
last name?'). A baby on the way is no guest: 'she is pregnant, the baby is due in June' was booked with 1 child."""

from __future__ import annotations

import pytest

from hotel_agent.orchestrator.handlers.common import split_name
from hotel_agent.orchestrator.handlers.party import unborn_only


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dale Whitaker", ("Dale", "Whitaker")),
        ("Dale Whitaker.", ("Dale", "Whitaker")),
        ("Dale, Whitaker", ("Whitaker", "")),  # assent, then a surname: as before
        ("Dale Confirmo", None),
        ("Dale Gracias", None),
        ("dale whitaker", None),
        ("Vale Ana López", ("Ana", "López")),
    ],
)
def test_dale_is_a_first_name_only_before_a_capitalised_surname(
    text: str, name: tuple[str, str] | None
) -> None:
    assert split_name(text) == name


@pytest.mark.parametrize(
    ("text", "unborn"),
    [
        ("she is pregnant, the baby is due in june", True),
        ("my wife is expecting our baby in june", True),
        ("ella esta embarazada, el bebe nace en junio", True),
        ("2 adults and our baby, she's 8 months", False),
        ("we have a baby and my wife is pregnant with our second", False),  # a baby there besides
        ("2 adults and a baby, my wife is pregnant", False),
        ("estoy embarazada, vamos con el bebe de 2 anos", False),
        ("my wife is pregnant and our son comes too", False),  # a child besides
        ("vamos con el bebe de 8 meses", False),
    ],
)
def test_a_baby_on_the_way_is_no_guest(text: str, unborn: bool) -> None:
    assert unborn_only(text) is unborn
