"""A name given again with both surnames at the summary ("pon los dos apellidos porfa, …", "add my second
surname, …") is a name change, never a plain yes; "im" typed before a lower-case name is never part of it."""

from __future__ import annotations

import pytest

from hotel_agent.orchestrator.dialogue import _SELF_INTRO
from hotel_agent.orchestrator.handlers.common import restated_name


@pytest.mark.parametrize(
    ("text", "first", "last", "expected"),
    [
        (
            "ah, pon los dos apellidos porfa, Ana Sofía Guerrero Lara",
            "Ana",
            "Sofía Guerrero",
            ("Ana", "Sofía Guerrero Lara"),
        ),
        ("pon los dos apellidos, Lucía Herrera Campos", "Lucía", "Herrera", ("Lucía", "Herrera Campos")),
        ("ponle mis dos apellidos por favor, Pablo Ruiz Molina", "Pablo", "Ruiz", ("Pablo", "Ruiz Molina")),
        ("con mis dos apellidos porfa: Nuria Sanz Gil", "Nuria", "Sanz", ("Nuria", "Sanz Gil")),
        ("oh please add my second surname, Carmen Diaz Ortega", "Carmen", "Diaz", ("Carmen", "Diaz Ortega")),
        ("with both surnames pls, Luis Romero Vidal", "Luis", "Romero", ("Luis", "Romero Vidal")),
    ],
)
def test_both_surnames_given_again_replace_the_name(
    text: str, first: str, last: str, expected: tuple[str, str]
) -> None:
    assert restated_name(text, first, last) == expected


@pytest.mark.parametrize("text", ["pon los dos apellidos porfa", "add my second surname please"])
def test_no_name_given_no_change_read(text: str) -> None:
    assert restated_name(text, "Ana", "Lara") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Im Dana Kowalski", "Dana Kowalski"),
        ("I'm Kara Jensen", "Kara Jensen"),
        ("Me Llamo Jorge Navarro", "Jorge Navarro"),
    ],
)
def test_self_introduction_is_never_the_name(name: str, expected: str) -> None:
    assert _SELF_INTRO.sub("", name) == expected
