"""The guest's name put right at the summary or the email: a part dropped ("sin el Javier", "no middle name"), a
letter fixed ("es González con z", "it's Smyth with a y", "with two n's"), an accent added ("con acento"); the
rest of the name kept, and messages that put no part right leave it alone."""

from __future__ import annotations

import pytest

from hotel_agent.orchestrator.handlers.common import name_put_right


@pytest.mark.parametrize(
    ("text", "first", "last", "expected"),
    [
        ("pon el nombre como Luis Prado, sin el Miguel", "Luis", "Miguel Prado", ("Luis", "Prado")),
        ("could you leave out the Rose?", "Emily", "Rose Carter", ("Emily", "Carter")),
        ("quita el segundo nombre, porfa", "María", "Elena Castro", ("María", "Castro")),
        ("just Dan Hughes, no middle name", "Dan", "James Hughes", ("Dan", "Hughes")),
        ("drop my middle names", "Anna", "Marie Louise Kent", ("Anna", "Kent")),
        ("mi apellido está mal escrito, es Vázquez con z", "Irene", "Vásquez", ("Irene", "Vázquez")),
        ("oh it's Smyth with a y", "Peter", "Smith", ("Peter", "Smyth")),
        ("sorry, Lynn is with two n's", "Lyn", "Parker", ("Lynn", "Parker")),
        (
            "el segundo apellido va con z, Rodríguez",
            "Raúl",
            "Alcaraz Rodrigues",
            ("Raúl", "Alcaraz Rodríguez"),
        ),
        ("con dos erres, porfa", "Lucía", "Pizaro", ("Lucía", "Pizarro")),
        ("Jimenez con acento", "Marta", "Jimenez", ("Marta", "Jiménez")),
        ("Andres has an accent", "Andres", "Molina", ("Andrés", "Molina")),
        ("Garcia con tilde", "Eva", "Garcia", ("Eva", "García")),
        ("Ramon lleva tilde en la o", "Ramon", "Soler", ("Ramón", "Soler")),
        ("it's spelled Matthews", "Karen", "Mathews", ("Karen", "Matthews")),
    ],
)
def test_the_part_is_dropped_or_respelled(
    text: str, first: str, last: str, expected: tuple[str, str]
) -> None:
    assert name_put_right(text, first, last) == expected


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("sin niños, 2 adultos", "Ana", "Belén Ruiz"),
        ("sorry, make it June 12 with a late checkout", "Jane", "Lee"),
        ("without the Javier", "Javier", "Ibáñez"),  # a first and a last name always stay
        ("the surname needs an e at the end", "Anne", "Cole"),  # no word typed: asked, never guessed
        ("my middle name is Rose", "Emily", "Carter"),
        ("con doble ele", "Ana", "Gil Merlo"),  # one l in two words: which one is not guessed
        ("sí, perfecto", "Ana", "Ruiz"),
    ],
)
def test_nothing_is_put_right_when_no_part_is_named(text: str, first: str, last: str) -> None:
    assert name_put_right(text, first, last) is None
