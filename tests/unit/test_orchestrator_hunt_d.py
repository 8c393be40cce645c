"""Wrong-booking hunt (D): a title before a name is not part of it ("Dr. Amelia Hart"); a name the reader cut short
("Ana María de") is read to its end or asked for; a name signed after a sign-off is the guest's; the writer's own
name is not the booking's when they write for someone else; "put the booking in his name, X" while a booking is
put together names it (no booking to change); two values for one slot ("2 or 3 of us", "3 or 4 nights", "the 10th
or 11th") are asked about, never one taken; a departure said as a length after the arrival ("leaving a week
later"). The whole dialogues of tests/dialogues/*/…hunt_d… and …caza_d… are played too."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotel_agent.orchestrator import references
from hotel_agent.orchestrator.evaluate import evaluate, load_dialogues
from hotel_agent.orchestrator.handlers.availability import (
    PEOPLE_AFTER_COUNTS,
    TWO_COUNTS,
    TWO_DAYS,
    TWO_LENGTHS,
    length_after_arrival,
)
from hotel_agent.orchestrator.handlers.booking import (
    WRITES_FOR_ANOTHER,
    listed_name,
    name_in_full,
    name_of_the_other,
    signed_name,
)
from hotel_agent.orchestrator.handlers.common import split_name

DIALOGUES = Path(__file__).resolve().parents[1] / "dialogues"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dr. Amelia Hart", ("Amelia", "Hart")),
        ("Guest: Dr. Amelia Hart", ("Amelia", "Hart")),
        ("Mrs Helen Fitzgerald", ("Helen", "Fitzgerald")),
        ("it's Mr. Daniel Okafor", ("Daniel", "Okafor")),
        ("soy la Sra. Carmen Iglesias", ("Carmen", "Iglesias")),
        ("Lic. Jorge Ruiz-Tagle", ("Jorge", "Ruiz-Tagle")),
        ("Miss Maria de la Cruz", ("Maria", "de la Cruz")),
        # a title before a surname alone, and "Don" (a first name too), are left as written
        ("Dr. Hart", ("Dr.", "Hart")),
        ("Don Draper", ("Don", "Draper")),
    ],
)
def test_a_title_is_not_part_of_the_name(text: str, name: tuple[str, str]) -> None:
    assert split_name(text) == name


@pytest.mark.parametrize(
    ("read", "text", "full"),
    [
        ("Ana María de", "my name is Ana María de los Santos", "Ana María de los Santos"),
        ("Francisco de Borja San", "me llamo Francisco de Borja San Martín", "Francisco de Borja San Martín"),
        ("Pieter", "Pieter van der Berg", "Pieter van der Berg"),
        ("John Smith", "Name: John Smith\nEmail: john@example.com", "John Smith"),
        ("John Smith", "John Smith Email: john@example.com", "John Smith"),
        ("Jo Li", "Jo Li Double please", "Jo Li"),
        ("Ana María de", "Ana María de Suite", None),
        ("Ana de", "Ana de", None),
    ],
)
def test_a_name_read_short_is_read_to_its_end_or_asked(read: str, text: str, full: str | None) -> None:
    assert name_in_full(read, text) == full


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("a room for 2, 18 to 21 May?\nThanks,\nPieter van der Berg", ("Pieter", "van der Berg")),
        ("¿una doble?\nUn saludo,\nMaría José de la Fuente\nmj@example.es", ("María", "José de la Fuente")),
        ("Thanks,\nsee you soon", None),
        ("Thanks,\nSee You Soon", None),
        ("Best regards\nthe Smith family", None),
    ],
)
def test_a_signed_name(text: str, name: tuple[str, str] | None) -> None:
    assert signed_name(text) == name


def test_a_listed_name_after_a_title_with_particles() -> None:
    assert listed_name("Dr Ingrid van Dijk, ingrid@vandijk.example.com") == ("Ingrid", "van Dijk")
    assert listed_name("x@example.com, Ana van, double") is None


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("this is Claire Dubois, I'm writing for my boss Henry Walsh", True),
        ("soy Marta Gil, secretaria del Sr. Andrés Vidal", True),
        ("escribo de parte de mi jefa, soy Ana Gil", True),
        ("I'm Tom Becker, travelling with my wife Anna", False),
        ("Hi, I'm Ana Ruiz, booking for me and my husband", False),
    ],
)
def test_the_writer_books_for_someone_else(text: str, other: bool) -> None:
    assert (WRITES_FOR_ANOTHER.search(text) is not None) == other


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("this is Claire Dubois, I'm writing for my boss Henry Walsh. He needs a room", ("Henry", "Walsh")),
        ("Escribo de parte de mi jefe, Alfonso Medrano. Necesita una habitación", ("Alfonso", "Medrano")),
        ("writing for my boss he needs a room", None),
        ("soy Marta Gil, secretaria del Sr. Andrés Vidal", None),
    ],
)
def test_the_name_of_the_one_it_is_for(text: str, name: tuple[str, str] | None) -> None:
    assert name_of_the_other(text) == name


@pytest.mark.parametrize(
    ("text", "either"),
    [
        ("2 or 3 of us", True),
        ("seremos dos o tres", True),
        ("3 u 4 adultos", True),
        ("from 2 to 4 May, 2 adults", False),
        ("del 2 al 4", False),
    ],
)
def test_two_counts_for_the_party(text: str, either: bool) -> None:
    folded = references.fold(text)
    assert bool(TWO_COUNTS.search(folded) and PEOPLE_AFTER_COUNTS.search(folded)) == either


@pytest.mark.parametrize(
    ("text", "lengths", "days"),
    [
        ("3 or 4 nights, not sure yet", True, False),
        ("3 o 4 noches", True, False),
        ("from the 10th or 11th of April until the 14th", False, True),
        ("entrando el 10 o el 11 de abril", False, True),
        ("2 or 3 of us from the 5th", False, False),
        ("from 10 to 12 May, 3 nights", False, False),
    ],
)
def test_two_values_for_the_stay(text: str, lengths: bool, days: bool) -> None:
    folded = references.fold(text)
    assert (TWO_LENGTHS.search(folded) is not None, TWO_DAYS.search(folded) is not None) == (lengths, days)


@pytest.mark.parametrize(
    ("text", "entities", "nights"),
    [
        ("double for 2 from the 28th, leaving a week later", {"check_in": "2026-11-28"}, 7),
        ("check in on the 28th and out a week later", {"check_in": "2026-11-28"}, 7),
        ("llegamos el 28 y nos vamos una semana después", {"check_out": "2026-11-28"}, 7),
        ("arriving the 28th and leaving 4 days later", {"check_in": "2026-11-28"}, 4),
        ("llegamos el 12 y salimos 3 noches más tarde", {"check_in": "2026-03-12"}, 3),
        ("I arrive the 12th, my wife comes a day later", {"check_in": "2026-03-12"}, None),
        ("from the 12th, leaving a week later", {"check_in": "2026-03-12", "nights": 7}, None),
    ],
)
def test_a_departure_said_as_a_length_after_the_arrival(
    text: str, entities: dict[str, object], nights: int | None
) -> None:
    assert length_after_arrival(references.fold(text), entities) == nights


@pytest.mark.no_cover
def test_every_hunt_d_dialogue_ends_in_the_right_outcome() -> None:
    files = [
        DIALOGUES / "en" / "wrong_booking_hunt_d.yaml",
        DIALOGUES / "es" / "reservas_erroneas_caza_d.yaml",
    ]
    outcomes = evaluate(load_dialogues(files))
    assert len(outcomes) == 65
    assert [(o.dialogue.id, o.failures) for o in outcomes if not o.ok] == []
