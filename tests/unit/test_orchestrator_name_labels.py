"""A word that labels a name ("Contact", "Attn", "Persona de contacto") is never part of it, a room kind typed like
a name ("the Family Suite") is none, and a name typed in lower case after "ok its", "it is", "name's", "es", "sería" is
read as the name."""

from __future__ import annotations

import pytest

from hotel_agent.orchestrator.handlers.common import corrected_name, introduced_name, split_name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Contact Rafael Moreno", ("Rafael", "Moreno")),
        ("Contact person Nadia Frost", ("Nadia", "Frost")),
        ("Attn Marcus Bell", ("Marcus", "Bell")),
        ("Booker: Ana Ruiz", ("Ana", "Ruiz")),
        ("Reservation for Ana Ruiz", ("Ana", "Ruiz")),
        ("Lead guest Helen Park", ("Helen", "Park")),
        ("Contacto Lorena Vidal", ("Lorena", "Vidal")),
        ("Persona de contacto Tomás Ibarra", ("Tomás", "Ibarra")),
        ("Titular Ramiro Salas", ("Ramiro", "Salas")),
        ("Huésped: Marta Gil", ("Marta", "Gil")),
        ("guest is Manuel Ortega", ("Manuel", "Ortega")),
        ("contact name is Ana Ruiz", ("Ana", "Ruiz")),
        ("titular es Marta Gil", ("Marta", "Gil")),
    ],
)
def test_a_label_is_not_part_of_the_name(text: str, name: tuple[str, str]) -> None:
    assert split_name(text) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("7 nights from August 1. Contact Rafael Moreno, rafa@example.com", ("Rafael", "Moreno")),
        ("October 3 to 6. Contact person Nadia Frost, nadia@example.com", ("Nadia", "Frost")),
        ("del 3 al 7 de octubre. Persona de contacto Tomás Ibarra, t@example.com", ("Tomás", "Ibarra")),
    ],
)
def test_a_contact_named_in_a_longer_message(text: str, name: tuple[str, str]) -> None:
    assert introduced_name(text) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ok its jenna miller", ("Jenna", "Miller")),
        ("ok it's jenna miller", ("Jenna", "Miller")),
        ("it is rosa klein", ("Rosa", "Klein")),
        ("name's dylan cole", ("Dylan", "Cole")),
        ("vale es nerea campos", ("Nerea", "Campos")),
        ("sería hugo ferrer", ("Hugo", "Ferrer")),
    ],
)
def test_a_lower_case_name_after_its_lead_in(text: str, name: tuple[str, str]) -> None:
    assert split_name(text) == name


@pytest.mark.parametrize("text", ["ok thanks a lot", "great, thanks a lot", "ok it's fine"])
def test_a_lead_in_without_a_name_is_nobodys_name(text: str) -> None:
    assert split_name(text) is None


@pytest.mark.parametrize(
    "text",
    ["Family Suite", "Luxury Room", "the Delux Room", "Suite Familiar", "Habitación Doble", "General Rooms"],
)
def test_a_room_kind_typed_like_a_name_is_no_name(text: str) -> None:
    # "change it to the Family Suite" at the summary once booked under the name "Family Suite"
    assert split_name(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("change it to the Family Suite", None), ("put it under Ana Lara", ("Ana", "Lara"))],
)
def test_a_room_asked_for_is_no_corrected_name(text: str, expected: tuple[str, str] | None) -> None:
    assert corrected_name(text) == expected
