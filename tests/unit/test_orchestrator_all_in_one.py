"""Pieces behind set 8's all-in-one conversations: a name given as "name X Y", texting shorthand read by the
extractors, a room called by what it has before the word room."""

from __future__ import annotations

from hotel_agent.nlp.normalize import prepare
from hotel_agent.orchestrator.handlers.availability import MONTH_HINT
from hotel_agent.orchestrator.handlers.booking import listed_name
from hotel_agent.orchestrator.handlers.common import introduced_name
from hotel_agent.orchestrator.profile import load_profile
from hotel_agent.orchestrator.references import FEATURE_WANTED, kind_by_feature_named


def test_a_name_labelled_inside_a_long_message_is_the_guests() -> None:
    assert introduced_name("the twin, May 3-5, name Lucas Moreau, email l@example.com") == ("Lucas", "Moreau")
    assert introduced_name("Full name: Priya Nair. Email: p@example.com") == ("Priya", "Nair")
    assert introduced_name("la doble, a nombre de Tomás Rivas, t@example.com") == ("Tomás", "Rivas")
    assert introduced_name("what name should I give?") is None
    assert introduced_name("a nombre de mi esposa") is None


def test_texting_shorthand_reads_as_the_words_it_stands_for() -> None:
    assert "weekend" in prepare("any room this wknd?")
    assert "para 2" in prepare("del 10 al 12 d abril xa 2")
    assert "de abril" in prepare("del 10 al 12 d abril")
    assert "manana" in prepare("hab para mñn")
    assert "xavier" in prepare("soy xavier")  # a word that only starts like it stays


def test_a_room_called_by_what_it_has_before_the_word_room() -> None:
    profile = load_profile()
    assert (
        kind_by_feature_named("the balcony room from May 2 to 4", profile, "en", FEATURE_WANTED) == "double"
    )
    assert kind_by_feature_named("your most luxurious room please", profile, "en", FEATURE_WANTED) == "suite"
    assert kind_by_feature_named("a room for 2 from May 2 to 4", profile, "en", FEATURE_WANTED) is None


def test_a_name_listed_beside_an_email_is_the_guests() -> None:
    assert listed_name("a@example.com - Ana Ruiz - double room - 2 adults - June 3 to 5") == ("Ana", "Ruiz")
    assert listed_name("Suite, 2 adultos, del 8 al 10 de octubre, Íker Sola, i@example.com") == (
        "Íker",
        "Sola",
    )
    assert listed_name("Double Room, June 3 to 5, 2 adults, a@example.com") is None
    assert listed_name("Good Morning! Double, June 3-5, 2 adults. a@example.com") is None
    assert listed_name("Ana Ruiz, double room, June 3 to 5") is None  # no email: no list of details


def test_dates_texted_relative_to_today_take_no_month_from_the_talk() -> None:
    # the summary's "I took the month from what we said earlier" is for bare days only
    for text in ("room tmrw 2 nites", "nxt wknd for 2", "hab xa mñn", "this wkend pls", "del 3 al 5"):
        assert (MONTH_HINT.search(text) is None) == (text == "del 3 al 5"), text
