"""Room capacity and taxes answers, days that are not positions, prices that point at an offer, a guest who
will talk it over at home (not a handoff), and an arrival outside the month named (asked again)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hotel_agent.orchestrator.dialogue import DEFERS, REQUESTS_A_PERSON
from hotel_agent.orchestrator.handlers.availability import _month_contradicts, _weekday_far_from_stay
from hotel_agent.orchestrator.handlers.info import CAPACITY_QUESTION, TAX_QUESTION, needed_rooms
from hotel_agent.orchestrator.references import offer_by_amount, offer_by_position, points_at_another_offer
from hotel_agent.orchestrator.state import Offer, Search
from hotel_agent.pms.base import RoomType
from tests.unit.test_orchestrator_support import ScriptedAnalyzer, World, in_days


def _offer(room_type_id: int, nightly: int, nights: int = 2) -> Offer:
    return Offer(
        room_type_id=room_type_id,
        name=f"Room {room_type_id}",
        nightly_price=Decimal(nightly),
        total_price=Decimal(nightly * nights),
        currency="USD",
    )


OFFERS = [_offer(1, 1300), _offer(2, 1820), _offer(3, 2340), _offer(4, 2860)]


@pytest.mark.parametrize(
    "text",
    [
        "can we stay until January 2nd instead?",
        "¿y si nos quedamos hasta el 3 de enero?",
        "from the 2nd of May",
        "del 2 al 5",
        "arrive on the 3rd",
    ],
)
def test_a_day_of_the_month_is_never_a_position_in_the_list(text: str) -> None:
    assert offer_by_position(text, OFFERS) is None
    assert not points_at_another_offer(text)


@pytest.mark.parametrize(("text", "position"), [("the second one", 2), ("la tercera", 3), ("option 4", 4)])
def test_positions_still_point_at_an_offer(text: str, position: int) -> None:
    offer = offer_by_position(text, OFFERS)
    assert offer is not None and offer.room_type_id == position


@pytest.mark.parametrize(
    ("text", "room_type_id"),
    [("the one at 1820 a night", 2), ("la de 2.340", 3), ("USD 5,720.00 total", 4), ("2 adults", None)],
)
def test_a_price_shown_points_at_its_offer(text: str, room_type_id: int | None) -> None:
    offer = offer_by_amount(text, OFFERS)
    assert (offer.room_type_id if offer else None) == room_type_id


def test_an_amount_two_offers_share_points_at_neither() -> None:
    assert offer_by_amount("the 2600 one", [_offer(1, 1300, 2), _offer(2, 2600, 1)]) is None


@pytest.mark.parametrize(
    "text",
    [
        "I'll talk to someone at home first",
        "lo hablo con mi pareja y te digo",
        "let me check with my wife",
        "tengo que hablarlo con mi mujer",
        "le pregunto a mi esposo y te confirmo",
    ],
)
def test_talking_it_over_at_home_is_not_a_request_for_staff(text: str) -> None:
    assert DEFERS.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "can I talk to someone from reception?",
        "quiero hablar con una persona",
        "I'd like to speak with your manager",
        "let me check my booking",
        "I'll check the family room",
    ],
)
def test_asking_for_staff_or_about_a_booking_is_not_talking_it_over(text: str) -> None:
    assert not DEFERS.search(text)


def test_a_request_for_staff_still_reads_as_one() -> None:
    assert REQUESTS_A_PERSON.search("can I talk to someone from reception?")


def test_an_arrival_outside_the_month_named_and_not_written_is_a_misreading() -> None:
    assert _month_contradicts("on the Thursday? so 2 to 6 April", date(2026, 3, 5), date(2026, 4, 2))
    assert not _month_contradicts("del 28 de marzo al 2 de abril", date(2026, 3, 28), date(2026, 4, 2))
    assert not _month_contradicts("del 28 al 2 de abril", date(2026, 3, 28), date(2026, 4, 2))
    assert not _month_contradicts("Christmas until January 2nd", date(2026, 12, 24), date(2027, 1, 2))
    assert not _month_contradicts("March 30 for a week", date(2026, 3, 30), date(2026, 4, 6))


def _room(kind: str, adults: int, children: int) -> RoomType:
    return RoomType(
        id=1, name=kind, kind=kind, base_price=Decimal(1), max_adults=adults, max_children=children
    )


def test_the_fewest_rooms_that_hold_the_party() -> None:
    rooms = [_room("double", 2, 2), _room("family", 4, 3)]
    assert needed_rooms(2, 1, rooms) == 1
    assert needed_rooms(4, 3, rooms) == 1
    assert needed_rooms(6, 0, rooms) == 2
    assert needed_rooms(9, 0, rooms) == 3
    assert needed_rooms(2, 7, rooms) == 3


SCRIPT = {
    "somos 6, ¿cabemos?": ("check_availability", {"adults": 6}),
    "fechas": ("check_availability", {"check_in": in_days(10), "check_out": in_days(12)}),
    "¿incluye impuestos?": ("amenities", {}),
    "la doble para 2": ("make_reservation", {"room_type": "double", "adults": 2}),
}


async def test_a_party_too_big_for_one_room_is_told_and_searched_as_several(world: World) -> None:
    world.analyzer = ScriptedAnalyzer(SCRIPT, "es")
    turn = await world.say("c1", "somos 6, ¿cabemos?")
    assert "4 adultos" in turn.reply.text and "2 habitaciones" in turn.reply.text
    assert not turn.handoff_started
    turn = await world.say("c1", "fechas")
    state = await world.conversations.get_state("c1")
    assert state["search"]["rooms"] == 2 and state["search"]["adults"] == 6
    assert state["pending"] == "choose_room" and "2 habitaciones" in turn.reply.text


async def test_taxes_are_answered_from_the_profile_and_the_pending_question_follows(world: World) -> None:
    world.analyzer = ScriptedAnalyzer(SCRIPT, "es")
    await world.say("c2", "fechas")
    turn = await world.say("c2", "¿incluye impuestos?")
    assert world.profile.taxes is not None and world.profile.taxes.es in turn.reply.text
    assert "personas" in turn.reply.text.split("\n\n")[-1]  # the guests question again
    assert (await world.conversations.get_state("c2"))["pending"] == "ask_guests"


async def test_without_the_fact_in_the_profile_taxes_are_never_guessed(world: World) -> None:
    world.analyzer = ScriptedAnalyzer(SCRIPT, "es")
    world.profile = world.profile.model_copy(update={"taxes": None})
    turn = await world.say("c3", "¿incluye impuestos?")
    assert "consulto" in turn.reply.text and not turn.handoff_started
    assert "incluyen" not in turn.reply.text


def test_a_weekday_read_far_from_the_stay_talked_about_is_not_its_arrival() -> None:
    stay = Search(check_in=date(2026, 3, 20), check_out=date(2026, 3, 22))
    assert _weekday_far_from_stay("mejor añadimos el lunes, salimos el 23", date(2026, 3, 2), stay)
    assert not _weekday_far_from_stay("llegamos el jueves 19", date(2026, 3, 19), stay)
    assert not _weekday_far_from_stay("mejor el jueves", date(2026, 3, 19), stay)
    assert not _weekday_far_from_stay("el lunes", date(2026, 3, 2), Search())


DATED = {
    "llegamos el 20": ("modify_reservation", {"check_in": in_days(18)}),
    "quiero cambiar mi reserva al 20": ("modify_reservation", {"check_in": in_days(18)}),
}


async def test_dates_with_no_booking_here_and_no_word_of_change_are_a_new_stay(world: World) -> None:
    world.analyzer = ScriptedAnalyzer(DATED, "es")
    await world.say("c4", "llegamos el 20")
    assert (await world.conversations.get_state("c4"))["pending"] == "ask_check_out"
    await world.say("c5", "quiero cambiar mi reserva al 20")
    assert (await world.conversations.get_state("c5"))["pending"] == "ask_reference"


@pytest.mark.parametrize(
    ("text", "capacity", "taxes"),
    [
        ("can 5 of us fit in one room?", True, False),
        ("somos 6, ¿cabemos?", True, False),
        ("do you have a gym to keep fit?", False, False),
        ("we arrive around 3ish", False, False),
        ("¿el precio incluye IVA?", False, True),
        ("are taxes included?", False, True),
    ],
)
def test_capacity_and_tax_questions_are_told_from_other_words(text: str, capacity: bool, taxes: bool) -> None:
    assert bool(CAPACITY_QUESTION.search(text)) is capacity
    assert bool(TAX_QUESTION.search(text)) is taxes
