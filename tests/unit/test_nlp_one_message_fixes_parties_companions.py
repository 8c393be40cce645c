"""Kinds of wrong booking and wrong handoff read by the language engine: a stay put right inside the same message
("April 14 to 17... sorry, I meant April 15 to 18", "del 3 al 5 de abril, perdón, del 4 al 6") is the corrected
stay; children said and then said to stay home are not guests; a grandparent with grandchildren, a solo trip and
a roommate are counted; a companion ("with my partner", "con una compañera de trabajo") is never a person of the
hotel's asked for."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hotel_agent.nlp.engine import NLPEngine
from hotel_agent.nlp.entities import companions_named, extract
from hotel_agent.nlp.language import LanguageIdentifier
from hotel_agent.nlp.normalize import prepare

TODAY = date(2026, 3, 2)


def entities(text: str, language: str) -> dict[str, Any]:
    return extract(text, prepare(text, language), TODAY, language)


@pytest.mark.parametrize(
    ("text", "language", "check_in", "check_out"),
    [
        ("March 25 to March 28 for 2 adults... sorry, I meant March 26 to March 29", "en", "03-26", "03-29"),
        ("can I book May 5 to May 8? oops, make that May 6 to May 9", "en", "05-06", "05-09"),
        ("arriving the 10th, no wait the 11th, for 3 nights", "en", "03-11", "03-14"),
        ("3 nights from the 10th, no wait the 11th", "en", "03-11", "03-14"),
        ("June 2 to 4, I mean June 3 to 5, two of us", "en", "06-03", "06-05"),
        ("April 3 to 5, actually April 4 to 6", "en", "04-04", "04-06"),
        ("del 3 al 5 de abril, perdón, del 4 al 6", "es", "04-04", "04-06"),
        ("del 10 al 12 de mayo, no espera, del 11 al 13", "es", "05-11", "05-13"),
        ("llegamos el 20, digo el 21, por 3 noches", "es", "03-21", "03-24"),
        ("del 3 al 5 de abril, mejor dicho del 4 al 6", "es", "04-04", "04-06"),
        # a vague period made exact is the range, never a disagreement
        ("para la próxima semana... bueno, del 15 al 17 de marzo", "es", "03-15", "03-17"),
        ("I need a room sometime next month... well, April 8 to April 10 actually", "en", "04-08", "04-10"),
        # no correction: an apology for something else, a date named as the one replaced
        ("April 3 to 5, sorry for the late reply, we arrive on the 3rd around 6pm", "en", "04-03", "04-05"),
        ("del 20 al 22, o sea, 2 noches", "es", "03-20", "03-22"),
    ],
)
def test_a_stay_put_right_in_the_same_message(
    text: str, language: str, check_in: str, check_out: str
) -> None:
    found = entities(text, language)
    assert (found.get("check_in"), found.get("check_out")) == (f"2026-{check_in}", f"2026-{check_out}")


def test_a_date_named_as_the_one_replaced_is_no_correction() -> None:
    found = entities("espera, la salida es el 18, no el 17", "es")
    assert found.get("check_in") != "2026-03-17"


@pytest.mark.parametrize(
    ("text", "language", "adults", "children"),
    [
        ("we have 3 kids but they are staying with grandma", "en", None, 0),
        ("2 adults, our 3 kids aren't coming", "en", 2, 0),
        ("just my wife and me, our two children are staying with their grandparents", "en", 2, 0),
        ("tenemos 2 hijos pero se quedan con los abuelos", "es", None, 0),
        ("tenemos 3 niños pero no vienen", "es", None, 0),
        ("somos 2 adultos, los 2 niños se quedan en casa con su abuela", "es", 2, 0),
        # some stay, some come: those counted after are the children; none counted, they are asked
        ("one of our kids can't come anymore, so it's 2 adults and 1 child on our booking now", "en", 2, 1),
        ("3 kids, 2 stay with grandma and the baby comes with us", "en", None, 1),
        ("tenemos 3 hijos, 2 se quedan con la abuela y el peque viene con nosotros", "es", None, 1),
        ("tenemos 3 hijos pero 2 se quedan con los abuelos", "es", None, None),
        ("one of our kids can't come anymore", "en", None, None),
        # they come: staying with the guests, in their room
        ("2 adults and 2 kids, they'll stay with us in the room", "en", 2, 2),
        ("2 adultos y 2 niños, se quedan con nosotros en la habitación", "es", 2, 2),
    ],
)
def test_children_who_stay_home_are_no_guests(
    text: str, language: str, adults: int | None, children: int | None
) -> None:
    found = entities(text, language)
    assert (found.get("adults"), found.get("children")) == (adults, children)


@pytest.mark.parametrize(
    ("text", "language", "adults", "children"),
    [
        ("me and 2 grandkids (8 and 12)", "en", 1, 2),
        ("yo y 2 nietos (6 y 9)", "es", 1, 2),
        ("a solo trip", "en", 1, None),
        ("hey, it's a solo trip, May 18 to 20", "en", 1, None),
        ("just me", "en", 1, None),
        ("voy sola", "es", 1, None),
        ("es un viaje en solitario", "es", 1, None),
        ("viajo sin acompañantes", "es", 1, None),
        ("it'll be me and a coworker", "en", 2, None),
        ("me and my roommate, cheapest thing you've got lmao", "en", 2, None),
        ("yo y mi compañero de piso, lo más barato que tengas jaja", "es", 2, None),
        ("me and my work colleague", "en", 2, None),
        ("vamos mi compañero de trabajo y yo", "es", 2, None),
        ("para mí y una compañera de trabajo", "es", 2, None),
        ("con mi media naranja", "es", 2, None),
        ("con mi acompañante", "es", 2, None),
    ],
)
def test_parties_said_in_words(text: str, language: str, adults: int, children: int | None) -> None:
    found = entities(text, language)
    assert (found.get("adults"), found.get("children")) == (adults, children)


COMPANIONS = [
    ("with my partner", "en"),
    ("traveling with my significant other", "en"),
    ("with a colleague", "en"),
    ("me and a coworker", "en"),
    ("my colleague and I", "en"),
    ("coming with my boss", "en"),
    ("with my fiance", "en"),
    ("travelling with a friend from work", "en"),
    ("me + my partner", "en"),
    ("with my other half", "en"),
    ("i'll be with my husband", "en"),
    ("with my mom", "en"),
    ("con mi pareja", "es"),
    ("con una compañera de trabajo", "es"),
    ("con un compañero de trabajo", "es"),
    ("con mi compañero", "es"),
    ("con una colega", "es"),
    ("con mi esposo", "es"),
    ("con mi acompañante", "es"),
    ("con mi media naranja", "es"),
    ("vamos mi compañero de trabajo y yo", "es"),
    ("con mi mamá", "es"),
    ("Buenas, reserva para mí y una compañera de trabajo del 10 al 12 de mayo", "es"),
    ("I need a room from April 3 to 5, traveling with my significant other", "en"),
]
PERSONS_ASKED_FOR = [
    ("can I speak with a colleague of yours?", "en"),
    ("could you pass me to someone from your team?", "en"),
    ("pásame con un compañero tuyo", "es"),
    ("con el encargado porfa", "es"),
    ("quiero hablar con una persona", "es"),
]


@pytest.mark.parametrize(("text", "language"), COMPANIONS)
def test_a_companion_is_named(text: str, language: str) -> None:
    assert companions_named(prepare(text, language))


@pytest.mark.parametrize(("text", "language"), PERSONS_ASKED_FOR)
def test_a_person_of_the_hotels_is_no_companion(text: str, language: str) -> None:
    assert not companions_named(prepare(text, language))


@pytest.fixture(scope="module")
def engine() -> NLPEngine:
    return NLPEngine(use_embeddings=True)


@pytest.mark.parametrize(("text", "language"), COMPANIONS)
def test_a_companion_is_never_a_person_asked_for(engine: NLPEngine, text: str, language: str) -> None:
    analysis = engine.analyze(text, TODAY, language)
    assert analysis.intent != "human_handoff"
    assert "human_handoff" not in analysis.alternatives
    assert analysis.entities.get("adults") == 2


@pytest.mark.parametrize(("text", "language"), PERSONS_ASKED_FOR)
def test_a_person_asked_for_is_still_handed_over(engine: NLPEngine, text: str, language: str) -> None:
    assert engine.analyze(text, TODAY, language).intent == "human_handoff"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("¿el parking es gratis?", "es"),
        ("¿el wifi es gratis?", "es"),
        ("¿la piscina está abierta hoy?", "es"),
        ("¿Is parking free?", "en"),
        ("¿Do you have parking for my car?", "en"),
    ],
)
def test_a_question_opened_the_spanish_way(text: str, language: str) -> None:
    assert LanguageIdentifier().detect(text) == language
