"""Whole conversations with the REAL NLP engine and the REAL PMS simulator on a migrated SQLite database."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date

import pytest

from hotel_agent.errors import ProcessingFailure
from hotel_agent.orchestrator.orchestrator import Turn
from hotel_agent.pms.base import BookingRequest, GuestDetails, Occupancy
from tests.unit.test_orchestrator_support import World, migrate, open_world


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    return migrate(sqlite_url)


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[World]:
    async with open_world(database_url) as opened:
        yield opened  # analyzer None: the Orchestrator uses hotel_agent.nlp.analyze


def booking_number(turn: Turn) -> str:
    match = re.search(r"(?:Número de reserva|Booking number): (\S+)", turn.reply.text)
    assert match, turn.reply.text
    return match.group(1)


async def test_full_booking_status_and_cancel_in_spanish(world: World) -> None:
    hello = await world.say("es-1", "Hola")
    assert hello.analysis.intent == "greeting" and "The Hotel Prime" in hello.reply.text

    ask_guests = await world.say("es-1", "¿Tienen habitación del 10 al 12 de marzo?")
    assert "¿Cuántas personas" in ask_guests.reply.text

    offers = await world.say("es-1", "somos 2 adultos")
    assert "del 10 al 12 de marzo de 2026 (2 noches), 2 adultos" in offers.reply.text
    assert "Delux Rooms: 1.560,00 USD por noche · 3.120,00 USD en total" in offers.reply.text
    assert "book_2" in [b.id for b in offers.reply.buttons]

    ask_name = await world.say("es-1", "la doble")
    assert "Delux Rooms" in ask_name.reply.text and "nombre" in ask_name.reply.text
    ask_email = await world.say("es-1", "Ana López")
    assert "Gracias, Ana" in ask_email.reply.text and "correo" in ask_email.reply.text
    bad_email = await world.say("es-1", "ana@example")
    assert "no parece válido" in bad_email.reply.text
    summary = await world.say("es-1", "ana@example.com")
    assert summary.analysis.language == "es"  # a bare email stays in the conversation's language
    assert "Ana López (ana@example.com)" in summary.reply.text and "3.120,00 USD" in summary.reply.text

    confirmed = await world.say("es-1", "sí")
    booking_id = booking_number(confirmed)
    assert "¡Listo, tu reserva está confirmada!" in confirmed.reply.text
    booking = await world.pms.get_booking(booking_id)
    assert (booking.status, booking.room_type_id, booking.check_in) == ("confirmed", 2, date(2026, 3, 10))
    assert booking.guest_email == "ana@example.com" and booking.guest_name == "Ana López"
    assert booking.reference and booking.reference.startswith("HA-")

    status = await world.say("es-1", f"¿cuál es el estado de mi reserva {booking_id}?")
    assert f"Reserva {booking_id}: confirmada." in status.reply.text

    confirm_cancel = await world.say("es-1", "Quiero cancelar mi reserva")
    assert f"cancelar la reserva {booking_id}" in confirm_cancel.reply.text
    assert "48 horas" in confirm_cancel.reply.text  # the hotel's policy is shown before cancelling
    cancelled = await world.say("es-1", "sí")
    assert f"Tu reserva {booking_id} quedó cancelada" in cancelled.reply.text
    assert (await world.pms.get_booking(booking_id)).status == "cancelled"


async def test_full_booking_status_and_cancel_in_english(world: World) -> None:
    ask_guests = await world.say("en-1", "Do you have a room from March 10 to 12?")
    assert ask_guests.analysis.language == "en" and "How many guests" in ask_guests.reply.text
    offers = await world.say("en-1", "2 adults")
    assert "General Rooms: USD 1,040.00 per night · USD 2,080.00 total" in offers.reply.text

    ask_name = await world.say("en-1", "the first one")
    assert "General Rooms" in ask_name.reply.text
    ask_email = await world.say("en-1", "John Smith")
    assert "Thanks, John" in ask_email.reply.text
    summary = await world.say("en-1", "john@example.com")
    assert "Under John Smith (john@example.com)" in summary.reply.text
    confirmed = await world.say("en-1", "yes")
    booking_id = booking_number(confirmed)
    assert "Total: USD 2,080.00" in confirmed.reply.text

    status = await world.say("en-1", f"What's the status of my booking {booking_id}?")
    assert f"Booking {booking_id}: confirmed." in status.reply.text
    confirm = await world.say("en-1", f"cancel my booking {booking_id}")
    assert "Do you confirm the cancellation?" in confirm.reply.text
    kept = await world.say("en-1", "no")
    assert "stays as it is" in kept.reply.text
    assert (await world.pms.get_booking(booking_id)).status == "confirmed"
    await world.say("en-1", "cancel my booking")
    cancelled = await world.say("en-1", "yes")
    assert "has been cancelled" in cancelled.reply.text
    assert (await world.pms.get_booking(booking_id)).status == "cancelled"


async def test_booking_in_one_message_then_modify_dates(world: World) -> None:
    turn = await world.say("es-2", "Quiero reservar una suite del 10 al 12 de marzo para 2 adultos")
    assert "Luxury Rooms" in turn.reply.text and "nombre" in turn.reply.text
    await world.say("es-2", "Marta Díaz")
    await world.say("es-2", "marta@example.com")
    booking_id = booking_number(await world.say("es-2", "sí"))

    ask = await world.say("es-2", f"quiero cambiar las fechas de mi reserva {booking_id}")
    assert "¿Qué quieres cambiar" in ask.reply.text
    confirm = await world.say("es-2", "del 11 al 14 de marzo")
    assert "del 11 al 14 de marzo de 2026 (3 noches)" in confirm.reply.text
    done = await world.say("es-2", "sí")
    assert "Nuevo total" in done.reply.text
    booking = await world.pms.get_booking(booking_id)
    assert (booking.check_in, booking.check_out) == (date(2026, 3, 11), date(2026, 3, 14))


async def test_unknown_reference_gets_a_clear_answer(world: World) -> None:
    turn = await world.say("es-3", "¿cuál es el estado de mi reserva?")
    assert "número de reserva" in turn.reply.text
    missing = await world.say("es-3", "999")
    assert "No encuentro ninguna reserva con el número 999" in missing.reply.text


async def test_room_taken_before_confirming_offers_the_alternatives(world: World) -> None:
    await world.say("en-2", "Do you have a room from March 10 to 12 for 2 adults?")
    await world.say("en-2", "book_2")
    await world.say("en-2", "John Smith")
    await world.say("en-2", "john@example.com")
    for index in range(5):  # another channel takes every Delux room meanwhile
        await world.pms.create_booking(
            BookingRequest(
                reference=f"other-{index}",
                room_type_id=2,
                check_in=date(2026, 3, 10),
                check_out=date(2026, 3, 12),
                guest=GuestDetails("Other", "Guest", "other@example.com"),
                occupancy=[Occupancy(2, 0)],
            )
        )
    turn = await world.say("en-2", "yes")
    assert "just been taken" in turn.reply.text and "Delux Rooms" not in turn.reply.text
    assert "General Rooms" in turn.reply.text and "book_1" in [b.id for b in turn.reply.buttons]


async def test_pms_outage_mid_booking_raises_and_keeps_state(world: World) -> None:
    await world.say("es-4", "¿Tienen habitación del 10 al 12 de marzo?")
    before = await world.conversations.get_state("es-4")
    world.pms_down()
    with pytest.raises(ProcessingFailure) as failure:
        await world.say("es-4", "somos 2 adultos")
    assert failure.value.reason == "pms_unavailable"
    assert await world.conversations.get_state("es-4") == before
    world.pms_up()
    retried = await world.say("es-4", "somos 2 adultos")  # what the DLQ retry does
    assert "por noche" in retried.reply.text


async def test_handoff_and_issue_reports_start_a_handoff(world: World) -> None:
    turn = await world.say("es-5", "quiero hablar con una persona")
    assert turn.handoff_started and "persona de nuestro equipo" in turn.reply.text
    assert await world.conversations.in_handoff("es-5")
    issue = await world.say("en-3", "the air conditioning in my room is broken")
    assert issue.analysis.intent == "report_issue" and issue.handoff_started
    assert "I'm very sorry" in issue.reply.text
    reasons = {h.guest_id: h.reason for h in await world.conversations.list_handoffs()}
    assert reasons["en-3"].startswith("issue reported: the air conditioning")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¿A qué hora es el check-in?", "El check-in es a partir de las 15:00"),
        ("¿Hasta qué hora es el check-out?", "El check-out es hasta las 12:00"),
        ("¿Puedo hacer late checkout?", "hasta las 14:00 por 25,00 USD"),
        ("¿Tienen piscina?", "Piscina exterior climatizada"),
        ("¿Dónde están ubicados?", "Av. del Mar 123"),
        ("¿Cuál es la política de cancelación?", "Cancelación gratuita hasta 48 horas"),
        ("What time is check-in?", "Check-in is from 15:00"),
        ("Can I get a late checkout?", "late check-out until 14:00 for USD 25.00"),
        ("Do you have a pool?", "Heated outdoor pool"),
        ("Where are you located?", "We're at Av. del Mar 123"),
        ("What is your cancellation policy?", "Free cancellation up to 48 hours"),
        ("What's the hotel's phone number?", "+52 998 555 0100"),
        ("What rooms do you have?", "Family Rooms: up to 4 adults and 3 children"),
    ],
)
async def test_info_answers_from_the_profile_in_both_languages(
    world: World, text: str, expected: str
) -> None:
    turn = await world.say("info", text)
    assert expected in turn.reply.text, (turn.analysis, turn.reply.text)


async def test_modify_the_number_of_guests(world: World) -> None:
    await world.say("en-4", "I'd like to book a double room from March 10 to 12 for 2 adults")
    await world.say("en-4", "Jane Roe")
    await world.say("en-4", "jane@example.com")
    booking_id = booking_number(await world.say("en-4", "yes"))
    ask = await world.say("en-4", f"I want to change my booking {booking_id}")
    assert "What would you like to change" in ask.reply.text
    confirm = await world.say("en-4", "1 adult")
    assert "1 adult" in confirm.reply.text and "Do you confirm?" in confirm.reply.text
    done = await world.say("en-4", "yes")
    assert "is now" in done.reply.text
    booking = await world.pms.get_booking(booking_id)
    assert [o.adults for o in booking.occupancy] == [1]


async def test_guest_switching_language_is_answered_in_the_new_one(world: World) -> None:
    await world.say("mix", "Hola, ¿a qué hora es el check-in?")
    turn = await world.say("mix", "Sorry, could you tell me what time check-out is?")
    assert turn.analysis.language == "en" and "Check-out is until 12:00" in turn.reply.text
