"""Issue #17 kinds: dates written day first earlier in the talk; a weekday said from today ("next Friday") moving
the stay; a day after "till" or a later date answering until which day; "una sola noche"; a form's labels
("Titular:", "Lead guest:") and someone else's name ("el huésped es …"); a one-word booking ("reserva"); a
short follow-up on the hours of what was just answered; a room chosen beside the one ruled out."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from hotel_agent.nlp.normalize import fold, numbers_to_digits
from hotel_agent.orchestrator.handlers.availability import (
    SINGLE_NIGHT,
    WEEKDAY_FROM_TODAY,
    _later_date_answers_until,
    _until_bare_day,
    weekday_named,
)
from hotel_agent.orchestrator.handlers.booking import without_email
from hotel_agent.orchestrator.handlers.common import introduced_name, split_name
from hotel_agent.orchestrator.handlers.info import ARRIVES_OR_LEAVES, FOLLOW_UP
from hotel_agent.orchestrator.orchestrator import AMBIGUOUS_DATE, DAY_FIRST_DATE
from hotel_agent.orchestrator.state import DialogueState, Search
from tests.unit.test_orchestrator_support import World


@pytest.mark.parametrize(
    ("text", "day_first", "ambiguous"),
    [
        ("hi, any room 15/05 to 17/05?", True, False),
        ("make it 10/05 to 12/05", False, True),
        ("5/14 to 5/17", False, False),
        ("at 10:30 on 3/4", False, True),
        ("1/2/2027", False, False),  # with its year: read as written
    ],
)
def test_numeric_dates_seen(text: str, day_first: bool, ambiguous: bool) -> None:
    assert (DAY_FIRST_DATE.search(text) is not None, AMBIGUOUS_DATE.search(text) is not None) == (
        day_first,
        ambiguous,
    )


@pytest.mark.parametrize(
    ("text", "from_today"),
    [
        ("Next Friday", True),
        ("can we come next friday instead?", True),
        ("mejor el viernes que viene", True),
        ("el próximo lunes", True),
        ("on Friday", False),
        ("llegamos el lunes", False),
    ],
)
def test_a_weekday_said_from_today(text: str, from_today: bool) -> None:
    assert (WEEKDAY_FROM_TODAY.search(text) is not None) is from_today


def test_a_weekday_named_without_its_day() -> None:
    assert weekday_named("next Friday", date(2026, 3, 13))
    assert not weekday_named("Friday the 13th", date(2026, 3, 13))
    assert not weekday_named("the 13th", date(2026, 3, 13))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("till 22", date(2026, 3, 22)),
        ("until the 24th", date(2026, 3, 24)),
        ("hasta el 5", date(2026, 4, 5)),  # before the arrival's day: the next month
        ("for 22", None),
        ("22", None),
    ],
)
def test_a_day_after_till(text: str, expected: date | None) -> None:
    assert _until_bare_day(numbers_to_digits(fold(text), "en"), date(2026, 3, 20)) == expected


def _ctx(text: str, language: str, **entities: Any) -> Any:
    state = DialogueState(pending="ask_check_out", search=Search(check_in=date(2026, 3, 20)))
    return SimpleNamespace(
        text=text,
        folded_text=numbers_to_digits(fold(text), language),
        language=language,
        entities=entities,
        state=state,
        analysis=SimpleNamespace(intent="unknown"),
    )


@pytest.mark.parametrize(
    ("text", "read", "expected"),
    [
        ("22 marzo", "2026-03-22", date(2026, 3, 22)),
        ("march 24", "2026-03-24", date(2026, 3, 24)),
        ("mejor llegamos el 22", "2026-03-22", None),  # an arrival put right
        ("from march 24", "2026-03-24", None),
        ("june 24", "2026-06-24", None),  # months away: never taken as the departure
    ],
)
def test_a_later_date_answers_until_which_day(text: str, read: str, expected: date | None) -> None:
    ctx = _ctx(text, "es", check_in=read)
    assert _later_date_answers_until(ctx, dict(ctx.entities)) == expected


@pytest.mark.parametrize(
    ("text", "language", "single"),
    [
        ("para mañana, una sola noche", "es", True),
        ("una noche nada más", "es", True),
        ("tomorrow, a single night", "en", True),
        ("one night only", "en", True),
        ("una noche más", "es", False),  # one more night: a longer stay
        ("2 nights", "en", False),
    ],
)
def test_a_single_night(text: str, language: str, single: bool) -> None:
    assert (SINGLE_NIGHT.search(numbers_to_digits(fold(text), language)) is not None) is single


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Solicito reservar. Titular: Fernando Aguilar Mora. Correo: f@example.mx",
            ("Fernando", "Aguilar Mora"),
        ),
        ("Huésped: Raúl Medina. Correo: raul@example.com", ("Raúl", "Medina")),
        ("Please book. Lead guest: Marcus Bell. Email: m@example.com", ("Marcus", "Bell")),
        ("Guest: Olivia Grant / Email: o@example.com", ("Olivia", "Grant")),
        ("Huéspedes: 2 adultos. Correo: x@example.com", None),
        ("Guests: 2 Adults", None),
    ],
)
def test_a_form_label_before_the_name(text: str, name: tuple[str, str] | None) -> None:
    assert introduced_name(text) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("el huésped es Manuel Ortega", ("Manuel", "Ortega")),
        ("la huésped es Ana Rey", ("Ana", "Rey")),
        ("the guest is Ann Roe", ("Ann", "Roe")),
        ("se llama Jorge Salas", ("Jorge", "Salas")),
    ],
)
def test_someone_elses_name(text: str, name: tuple[str, str]) -> None:
    assert split_name(text) == name


def test_someone_elses_email_has_no_name_beside_it() -> None:
    assert without_email("su correo es manuel.ortega@example.com") == ""
    assert without_email("his email is tom@example.com") == ""


@pytest.mark.parametrize(
    ("text", "follow_up"),
    [
        ("what hours is it served?", True),
        ("which hours?", True),
        ("at what time does it open?", True),
        ("¿en qué horario lo sirven?", True),
        ("the double please", False),
    ],
)
def test_a_follow_up_on_hours(text: str, follow_up: bool) -> None:
    assert (FOLLOW_UP.search(text) is not None) is follow_up


def test_arriving_or_leaving_names_its_own_topic() -> None:
    assert ARRIVES_OR_LEAVES.search("what time can we arrive?")
    assert ARRIVES_OR_LEAVES.search("¿a qué hora podemos llegar?")
    assert not ARRIVES_OR_LEAVES.search("what hours is it served?")


async def test_a_guest_who_wrote_day_first_is_read_day_first_later(world: World) -> None:
    await world.say("en-df", "hi, any room 15/05 to 17/05 for 2 adults?")
    moved = await world.say("en-df", "actually make it 10/05 to 12/05")
    assert "May 10 to 12, 2026" in moved.reply.text


async def test_a_guest_who_never_wrote_day_first_is_read_month_first(world: World) -> None:
    offers = await world.say("en-us", "hi, any room 10/05 to 10/07 for 2 adults?")
    assert "October 5 to 7, 2026" in offers.reply.text


async def test_the_room_named_before_the_one_ruled_out(world: World) -> None:
    await world.say("en-ro", "room for 2 adults May 5 to 8")
    await world.say("en-ro", "the cheapest")
    taken = await world.say("en-ro", "the balcony room please, not the cheapest")
    assert "Delux Rooms" in taken.reply.text
    await world.say("en-ro2", "room for 2 adults May 5 to 8")
    contradicted = await world.say("en-ro2", "the cheapest, not the cheapest")
    assert "General Rooms May" not in contradicted.reply.text  # the room named is the one ruled out: asked
