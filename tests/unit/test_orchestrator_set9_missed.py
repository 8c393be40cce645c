"""Set 9's kinds of "everything given, no booking" and a wrong answer: a party's total said beside its parts, a
name after "book it for" / "para" or signing off a long message, the price of an extra asked with "how much"."""

from __future__ import annotations

from pathlib import Path

from hotel_agent.nlp.entities import name, party_counts
from hotel_agent.nlp.normalize import prepare
from hotel_agent.orchestrator.evaluate import evaluate, load_dialogues

DIALOGUES = Path(__file__).resolve().parents[1] / "dialogues"


def _party(text: str, language: str) -> list[tuple[int, int, int | None]]:
    return [(p.total, p.adults, p.children) for p in party_counts(prepare(text), language)]


def test_a_total_that_agrees_with_its_parts_is_the_same_party() -> None:
    assert _party("family of four here, 2 adults and 2 kids", "en") == [(4, 2, 2)]
    assert _party("viajamos 5 juntos, 3 adultos y 2 niños", "es") == [(5, 3, 2)]
    # a total that disagrees stays in the count, so the party is asked
    assert _party("family of 6 here, 2 adults and 3 children", "en") == [(11, 2, None)]


def test_a_name_after_book_it_for_or_para_is_the_guests() -> None:
    assert (
        name("is the twin free June 2-5? please reserve it for Owen Price, owen@example.com") == "Owen Price"
    )
    assert name("una individual para Andrés Vidal del 20 al 22 de abril") == "Andrés Vidal"
    assert name("la doble del 4 al 6 de mayo, para Lucía Marín por favor") == "Lucía Marín"
    # a holiday, a room or a party after "for" / "para" is no name
    for text in (
        "la doble para Semana Santa del 2 al 5",
        "a double for New Year's Eve, 2 adults",
        "Book A Room For Two Adults",
        "the shuttle for Playa del Carmen",
        "a room for Easter Sunday, thanks",
        "book it for me please",
    ):
        assert name(text) is None, text


def test_a_name_signing_off_a_long_message_is_the_guests() -> None:
    assert name("we'd like the double from May 21 to 24, 2 adults. Many thanks, Chloe Adams") == "Chloe Adams"
    assert (
        name("pensábamos en la suite del 18 al 21 de septiembre. Un saludo, Irene Campos") == "Irene Campos"
    )
    assert name("the twin, 11 to 13 July if you have it. cheers, Sam Ortiz") == "Sam Ortiz"
    assert name("la doble del 3 al 5 de mayo, 2 adultos.\nGracias de antemano,\nMarta Ruiz") == "Marta Ruiz"
    assert name("the double, May 3 to 5, 2 adults.\nDelux Rooms") is None
    # a greeting or a room after "thanks," is no name
    for text in ("Thanks, Delux Rooms", "Gracias, Buenas Noches", "thanks, Good Night"):
        assert name(text) is None, text


def test_set_nine_kinds_end_in_the_right_outcome() -> None:
    outcomes = evaluate(
        load_dialogues([DIALOGUES / "es" / "set9_missed.yaml", DIALOGUES / "en" / "set9_missed.yaml"])
    )
    assert len(outcomes) == 29
    assert [(o.dialogue.id, o.failures) for o in outcomes if not o.ok] == []
