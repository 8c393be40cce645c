"""A name read from a message never carries the acknowledgement typed before it, and a later request for the
booking to be under another name is read as that name."""

from __future__ import annotations

import pytest

from hotel_agent.orchestrator.handlers.common import corrected_name, split_name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("great. Ryan Cooper", ("Ryan", "Cooper")),
        ("Alright. Chloe Turner", ("Chloe", "Turner")),
        ("ok perfect. Nicole Baker", ("Nicole", "Baker")),
        ("vale, perfecto. Marta Ibáñez", ("Marta", "Ibáñez")),
        ("Genial, Tomás Ferrer", ("Tomás", "Ferrer")),
    ],
)
def test_an_acknowledgement_before_a_name_is_not_part_of_it(text: str, name: tuple[str, str]) -> None:
    assert split_name(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "great, thanks a lot",
        "Sure, go ahead",
        "yes",
        "ok",
        "al final lo cambiamos",
        "I meant the other thing",
    ],
)
def test_an_acknowledgement_alone_is_nobodys_name(text: str) -> None:
    assert split_name(text) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("sorry, put it under my full name, Katherine Lee", ("Katherine", "Lee")),
        ("please put it under my husband's name, Peter Walsh", ("Peter", "Walsh")),
        ("perdón, ponela a nombre de mi esposa, Carolina Paz", ("Carolina", "Paz")),
        ("perdona, el nombre completo es José Soler", ("José", "Soler")),
    ],
)
def test_a_name_asked_for_instead_is_read(text: str, name: tuple[str, str]) -> None:
    assert corrected_name(text) == name


@pytest.mark.parametrize("text", ["Kathy Lee", "under 2 adults please", "a nombre de quién?", "yes, book it"])
def test_no_other_name_is_read_where_none_is_asked_for(text: str) -> None:
    assert corrected_name(text) is None
