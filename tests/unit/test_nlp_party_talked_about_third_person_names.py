"""Who travels and whose name the booking is under: people only talked about are no guests ("my brother is getting
married there, it'll be me and my wife": 2 adults); the one booked for, alone, said in the third person ("just him",
"viene ella sola": 1 adult); the name written after whose it is ("a nombre de ella, Rosa Jiménez": never "Ella")."""

from __future__ import annotations

import pytest

from hotel_agent.nlp.entities import guests, name
from hotel_agent.nlp.normalize import prepare


def _party(text: str, language: str) -> dict[str, int]:
    return guests(prepare(text, language))


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # the relative getting married, who recommended the hotel, who lives there or is visited: no guest
        ("my brother is getting married there, it'll be me and my wife", "en", {"adults": 2}),
        (
            "mi hermana se casa en Cancún el 13 de junio. Seríamos mi mujer y yo con nuestros dos hijos de 6 y 9 años",
            "es",
            {"adults": 2, "children": 2},
        ),
        ("vamos a la boda de mi prima, somos mi novio y yo", "es", {"adults": 2}),
        ("my mom recommended you, we're 2 adults", "en", {"adults": 2}),
        ("my daughter is getting married, we are 2 adults", "en", {"adults": 2}),
        ("nuestra hija se casa en Cancún, somos 2 adultos", "es", {"adults": 2}),
        ("my sister lives in Cancun, it's me and my husband", "en", {"adults": 2}),
        ("vamos a visitar a mi hermana, somos mi marido y yo", "es", {"adults": 2}),
        ("my parents stayed with you last year, now it's me and my wife", "en", {"adults": 2}),
        ("nos recomendó el hotel mi cuñada, vamos mi marido y yo", "es", {"adults": 2}),
        ("my parents are staying at another hotel, it is me and my wife", "en", {"adults": 2}),
        (
            "mis suegros se quedan en su casa, somos mi marido y yo y los 2 niños",
            "es",
            {"adults": 2, "children": 2},
        ),
        # one named among those who come, whatever is said of them after
        ("me and my sister, who lives there", "en", {"adults": 2}),
        ("me and my wife who recommended you", "en", {"adults": 2}),
        # the same relative named again among those who travel still counts
        ("my sister lives there, it's me and my sister", "en", {"adults": 2}),
        ("for my mom's 60th birthday: me, my wife and my mom", "en", {"adults": 3}),
        (
            "la boda de mi hermano es el 13, vamos mi esposa y yo y los 2 niños",
            "es",
            {"adults": 2, "children": 2},
        ),
    ],
)
def test_people_only_talked_about_are_no_guests(text: str, language: str, expected: dict[str, int]) -> None:
    assert _party(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("my sister is getting married in June", "en"),
        ("mi hermano se casa en julio, ¿tienen habitación?", "es"),
    ],
)
def test_only_a_story_is_no_party(text: str, language: str) -> None:
    assert "adults" not in _party(text, language)  # asked, never guessed


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("just him", "en"),
        ("only her", "en"),
        ("it's for my boss, just him", "en"),
        ("she's travelling alone", "en"),
        ("for my daughter, she's travelling alone", "en"),
        ("my dad is coming on his own", "en"),
        ("he comes alone", "en"),
        ("viene ella sola", "es"),
        ("él solo", "es"),
        ("solo ella", "es"),
        ("es para mi madre, va sola", "es"),
        ("mi abuela viene sola", "es"),
        ("para ella sola, del 3 al 5", "es"),
        ("a room for my sister, only her, and put it under her name", "en"),
        ("solo mi jefe", "es"),
        ("he's 25 and travelling by himself", "en"),
        ("she'll be on her own", "en"),
        ("va ella solita", "es"),
        ("just my mom", "en"),
    ],
)
def test_the_one_booked_for_alone(text: str, language: str) -> None:
    assert _party(text, language) == {"adults": 1, "children": 0}


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("viene solo el viernes", "es", {}),  # only on Friday, not alone
        ("yo solo necesito una habitación", "es", {}),  # I only need, not alone
        ("just him and me", "en", {}),  # never 1 adult
        ("she's coming alone with the baby", "en", {"children": 1}),
        ("son mis papás, los dos", "es", {"adults": 2}),
        ("yo sola", "es", {"adults": 1}),
        ("just my mom and me", "en", {"adults": 2}),
        # the one booked for and their partner
        ("it's for my boss and his wife", "en", {"adults": 2}),
        ("para mi jefe y su esposa", "es", {"adults": 2}),
        ("she and her husband", "en", {"adults": 2}),
    ],
)
def test_alone_words_that_are_not_a_party_of_one(text: str, language: str, expected: dict[str, int]) -> None:
    assert _party(text, language) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a nombre de ella, Rosa Jiménez", "Rosa Jiménez"),
        ("ponla a nombre de ella: Rosa Jiménez", "Rosa Jiménez"),
        ("a nombre de él, Carlos Ruiz", "Carlos Ruiz"),
        ("a nombre de ella Rosa Jiménez", "Rosa Jiménez"),
        ("la reserva a nombre de ella, rosa jimenez", "Rosa Jimenez"),
        ("put it under his name, Carlos Ruiz", "Carlos Ruiz"),
        ("el nombre es de mi madre: Carmen Soto", "Carmen Soto"),
        ("under her name please — Maria Lopez", "Maria Lopez"),
        ("the name is my mother's, Carmen Soto", "Carmen Soto"),
        ("in my boss's name - Carlos Ruiz", "Carlos Ruiz"),
        ("a su nombre, Luis Navarro", "Luis Navarro"),
        ("a nombre de mi esposa Carmen Soto", "Carmen Soto"),
        ("in the name of my boss, Carlos Ruiz", "Carlos Ruiz"),
        ("es para mi madre, se llama Carmen Soto", "Carmen Soto"),
        ("she's called Joan Fisher", "Joan Fisher"),
        ("the guest is Helen Marsh", "Helen Marsh"),
        ("la huésped es Carmen Soto", "Carmen Soto"),
        ("the name on the booking should be my wife's, Ana Ruiz", "Ana Ruiz"),
        # a name that only looks like a pronoun is a name
        ("a nombre de Ella Brown", "Ella Brown"),
        ("a nombre de Su Li", "Su Li"),
        ("my name is Ella Brown", "Ella Brown"),
        ("a nombre de Juan Pérez", "Juan Pérez"),
    ],
)
def test_the_name_written_after_whose_it_is(text: str, expected: str) -> None:
    assert name(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a nombre de ella",
        "put it under his name",
        "a nombre de mi madre",
        "in the name of him",
        "mi perro se llama Toby",
        "the guest is arriving late",
    ],
)
def test_a_pronoun_or_a_relative_is_no_name(text: str) -> None:
    assert name(text) is None  # the name is asked for


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("somos solo nosotros dos, sin niños", "es", {"adults": 2, "children": 0}),
        ("somos nosotros dos", "es", {"adults": 2}),
        ("nosotras tres", "es", {"adults": 3}),
        ("seremos nosotras tres", "es", {"adults": 3}),
        ("nosotros 2 y 2 niños", "es", {"adults": 2, "children": 2}),
        ("it's just us two", "en", {"adults": 2}),
        ("just us 3", "en", {"adults": 3}),
        # nights, never people
        ("para nosotros 3 noches", "es", {}),
        ("for us 2 nights", "en", {}),
    ],
)
def test_the_party_said_with_us(text: str, language: str, expected: dict[str, int]) -> None:
    assert _party(text, language) == expected
