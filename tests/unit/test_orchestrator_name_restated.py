"""The whole name given again at the summary to put it right ("can you put …, my full name", "el apellido está
mal, es …", "it's X not Y"): the name the guest ends with is read; someone else's name, two names to choose from,
or no cue leave it to the other rules."""

from __future__ import annotations

import pytest

from hotel_agent.orchestrator.handlers.common import restated_name


@pytest.mark.parametrize(
    ("text", "first", "last", "expected"),
    [
        ("oh could you put Thomas Walsh instead, that's my full name", "Tom", "Walsh", ("Thomas", "Walsh")),
        ("apologies, please use Elizabeth Morgan - my full name", "Liz", "Morgan", ("Elizabeth", "Morgan")),
        ("Put it under Nicholas Foster please", "Nick", "Foster", ("Nicholas", "Foster")),
        ("hmm the surname is wrong, it's Laura Haynes", "Laura", "Hayes", ("Laura", "Haynes")),
        ("sorry it's Jonathan Pryce not Jon Pryce", "Jon", "Pryce", ("Jonathan", "Pryce")),
        ("not Sam Reed, it's Samantha Reed", "Sam", "Reed", ("Samantha", "Reed")),
        ("the name should be Katherine Bell, sorry", "Kate", "Bell", ("Katherine", "Bell")),
        ("perdona, el apellido está mal, es Andrés Medina", "Andrés", "Molina", ("Andrés", "Medina")),
        ("ponlo a nombre de José Lozano, porfa", "Pepe", "Lozano", ("José", "Lozano")),
        ("mi nombre completo es María Teresa Serrano", "Maite", "Serrano", ("María", "Teresa Serrano")),
        ("cambia el nombre a Ignacio Vidal por favor", "Nacho", "Vidal", ("Ignacio", "Vidal")),
        ("uy, es Francisco Romero, no Paco Romero", "Paco", "Romero", ("Francisco", "Romero")),
        ("me he equivocado en el apellido, sería Lucía Ferrera", "Lucía", "Herrera", ("Lucía", "Ferrera")),
        ("el nombre debería ser Enrique Navarro", "Quique", "Navarro", ("Enrique", "Navarro")),
        ("ponlo a nombre de Ana de la Fuente", "Ana", "Fuentes", ("Ana", "de la Fuente")),
    ],
)
def test_the_whole_name_given_again_replaces_it(
    text: str, first: str, last: str, expected: tuple[str, str]
) -> None:
    assert restated_name(text, first, last) == expected


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("Thomas Walsh", "Tom", "Walsh"),  # no cue: read as a typed name by the step
        ("it's for my colleague, put it under Grace Holt", "Mark", "Allen"),  # someone else's: its own rules
        ("es para mi compañera, ponlo a nombre de Irene Sáez", "Raúl", "Castro"),
        ("can you put Anna Kent or Anna Marie Kent?", "Anna", "Kent"),  # two names: asked, never guessed
        ("mi apellido es Ortiz Vega, no Ortega", "Javier", "Ortega"),  # the last name alone: read apart
        ("can you put us in the Executive Rooms please", "Ana", "Ruiz"),  # a room, not a name
        ("could you put a note that we arrive late?", "Ana", "Ruiz"),
        ("not Jon Pryce", "Jon", "Pryce"),  # only the name it is not: which one it is, asked
        ("uy, el apellido es Gómez con zeta", "Ana", "Gomes"),
    ],
)
def test_nothing_is_read_without_one_full_name_meant(text: str, first: str, last: str) -> None:
    assert restated_name(text, first, last) is None
