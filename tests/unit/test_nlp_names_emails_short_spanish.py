"""A name typed in lower case or with letters beyond ASCII beside the email, the right one of two emails, a
short Spanish question without accents, "separar" as booking, and the stay and party words the dialogue reads
(now in the entity engine)."""

from __future__ import annotations

import pytest

from hotel_agent.nlp import entities
from hotel_agent.nlp.classifier import rule_scores
from hotel_agent.nlp.language import LanguageIdentifier
from hotel_agent.nlp.normalize import prepare


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("need the double this weekend, 2 ppl. mike torres mtorres@example.com", "Mike Torres"),
        ("standard room just me pls. lisa park, lisapark@example.com", "Lisa Park"),
        ("Can you book the suite 3-5 May? Siobhan Murphy, siobhan.murphy@example.ie", "Siobhan Murphy"),
        ("the exec room, 2 adults. I am João Pereira, joao.pereira@example.com.br", "João Pereira"),
    ],
)
def test_a_name_beside_the_email_is_read(text: str, expected: str) -> None:
    assert entities.name(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ok. send it to me mike@example.com",  # lower-case words that are not a name
        "yes, the same mtorres@example.com",
        "hi the double mike torres mike.t@example.com",  # no stop before the words
        "book it. john smith booker@example.com",  # the email does not repeat the words
    ],
)
def test_lower_case_words_before_an_email_are_no_name_unless_the_email_repeats_them(text: str) -> None:
    assert entities.name(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "sorry email is chris@example.com not chrs@example.com",
        "not chrs@example.com, its chris@example.com",
        "change chrs@example.com to chris@example.com",
        "cambia chrs@example.com por chris@example.com",
        "chrs@example.com is wrong, use chris@example.com",
        "perdón, el correo es chris@example.com, no chrs@example.com",
    ],
)
def test_of_two_emails_the_one_not_said_to_be_wrong_is_taken(text: str) -> None:
    assert entities.email(text) == "chris@example.com"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("¿teneis parking?", "es"),
        ("teneis parking?", "es"),
        ("aceptan mascotas?", "es"),
        ("¿hay wifi?", "es"),
        ("Hello!", "en"),
        ("do you have parking?", "en"),
        ("any rooms free?", "en"),
    ],
)
def test_short_questions_get_their_language(text: str, language: str) -> None:
    assert LanguageIdentifier().detect(text) == language


@pytest.mark.parametrize("text", ["quiero separar la ejecutiva", "separame la doble", "me la separas?"])
def test_separar_is_booking(text: str) -> None:
    scores = rule_scores(prepare(text, "es"), {})
    assert max(scores, key=lambda intent: scores[intent]) == "make_reservation"


@pytest.mark.parametrize(
    ("text", "language", "adults"),
    [
        ("quisiera una habitación para mi esposo y para mí del 15 al 18 de junio", "es", 2),
        ("para mi mujer y para mí", "es", 2),
        ("nomás yo", "es", 1),
        ("myself and a colleague", "en", 2),
        ("una habitación para mi hijo y para mi hija", "es", None),
    ],
)
def test_adults_said_in_words(text: str, language: str, adults: int | None) -> None:
    assert entities.adults_in_words(prepare(text, language)) == adults


def test_stay_words_read_by_the_dialogue() -> None:
    assert entities.stay_weeks(prepare("a partir del 13 de julio, una semana", "es")) == 1
    assert entities.stay_weeks(prepare("in a week", "en")) is None
    assert entities.until_day(prepare("que sea hasta el 13", "es")) == 13
    assert entities.until_day(prepare("del 9 hasta el 13", "es")) is None
    assert entities.nights_added(prepare("add 2 more nights", "en")) == 2
    assert entities.nights_removed(prepare("una noche menos", "es")) == 1
    assert entities.stay_moved(prepare("we'll arrive a day earlier", "en")) == (True, -1)
    assert entities.stay_moved(prepare("salimos 2 días después", "es")) == (False, 2)
    assert entities.day_ranges(prepare("no del 10 al 12, sino del 15 al 17", "es")) == [(10, 12), (15, 17)]
    assert entities.children_by_ages(prepare("y niños de 4 y 7 años", "es"), "es") == 2
    assert entities.weekday_range(prepare("Monday to Wednesday", "en")) == (0, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My details are Ben Affleck, ben.affleck@example.com. Thank you!", "Ben Affleck"),
        ("cheapest option. Mark Lee / mark.lee@example.com", "Mark Lee"),
        ("Mark Lee: mark.lee@example.com", "Mark Lee"),
    ],
)
def test_a_name_before_the_email_after_are_or_with_a_slash(text: str, expected: str) -> None:
    assert entities.name(text) == expected


def test_one_date_that_can_only_be_day_month_makes_the_others_day_month() -> None:
    from datetime import date

    found = entities.extract(
        "from 10/04 to 13/04", prepare("from 10/04 to 13/04", "en"), date(2026, 3, 2), "en"
    )
    assert (found["check_in"], found["check_out"]) == ("2026-04-10", "2026-04-13")
    found = entities.extract("from 4/10 to 4/13", prepare("from 4/10 to 4/13", "en"), date(2026, 3, 2), "en")
    assert (found["check_in"], found["check_out"]) == ("2026-04-10", "2026-04-13")


def test_a_head_count_before_a_weekday_range() -> None:
    from datetime import date

    text = "hab para 2 de viernes a domingo"
    assert entities.extract(text, prepare(text, "es"), date(2026, 3, 2), "es")["adults"] == 2


@pytest.mark.parametrize(
    ("text", "children"),
    [
        ("2 adultos y 1 niño (un bebé de 8 meses)", 1),
        ("2 adults and 1 child (a baby)", 1),
        ("2 adultos, 1 niño y un bebé", 2),
    ],
)
def test_a_child_described_in_brackets_is_not_counted_twice(text: str, children: int) -> None:
    from datetime import date

    assert entities.extract(text, prepare(text, "es"), date(2026, 3, 2), "es")["children"] == children


def test_a_name_after_the_label_nombre() -> None:
    assert entities.name("Nombre Ken Adams, correo ken.adams@example.com") == "Ken Adams"


@pytest.mark.parametrize(
    ("text", "adults"),
    [
        ("2 + un bebé", 2),
        ("2 y un niño", 2),
        ("somos 2 y un niño", 2),
        ("2 niños", None),
        ("del 2 y el 5", None),
    ],
)
def test_the_count_before_the_children(text: str, adults: int | None) -> None:
    assert entities.count_before_children(prepare(text, "es")) == adults
