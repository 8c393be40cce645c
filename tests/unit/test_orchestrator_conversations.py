"""Whole conversations with the REAL NLP engine and the REAL PMS simulator on a migrated SQLite database."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from hotel_agent.errors import ProcessingFailure
from hotel_agent.orchestrator.orchestrator import Turn
from hotel_agent.pms.base import BookingRequest, GuestDetails, Occupancy
from tests.unit.test_orchestrator_support import NOW, World


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
    assert "Delux Rooms: 1.820,00 USD por noche · 3.640,00 USD en total" in offers.reply.text
    assert "book_2" in [b.id for b in offers.reply.buttons]

    ask_name = await world.say("es-1", "la doble")
    assert "Delux Rooms" in ask_name.reply.text and "nombre" in ask_name.reply.text
    ask_email = await world.say("es-1", "Ana López")
    assert "Gracias, Ana" in ask_email.reply.text and "correo" in ask_email.reply.text
    bad_email = await world.say("es-1", "ana@example")
    assert "no parece válido" in bad_email.reply.text
    summary = await world.say("es-1", "ana@example.com")
    assert summary.analysis.language == "es"  # a bare email stays in the conversation's language
    assert "Ana López (ana@example.com)" in summary.reply.text and "3.640,00 USD" in summary.reply.text

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
    assert "General Rooms: USD 1,300.00 per night · USD 2,600.00 total" in offers.reply.text

    ask_name = await world.say("en-1", "the first one")
    assert "General Rooms" in ask_name.reply.text
    ask_email = await world.say("en-1", "John Smith")
    assert "Thanks, John" in ask_email.reply.text
    summary = await world.say("en-1", "john@example.com")
    assert "Under John Smith (john@example.com)" in summary.reply.text
    confirmed = await world.say("en-1", "yes")
    booking_id = booking_number(confirmed)
    assert "Total: USD 2,600.00" in confirmed.reply.text

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


async def test_unknown_reference_reads_like_a_wrong_email(world: World) -> None:
    """An unknown number is not announced as such: that would let anyone enumerate booking numbers."""
    turn = await world.say("es-3", "¿cuál es el estado de mi reserva?")
    assert "número de reserva" in turn.reply.text
    ask_email = await world.say("es-3", "999")
    assert "correo electrónico con el que se hizo la reserva 999" in ask_email.reply.text
    missing = await world.say("es-3", "ana@example.com")
    assert "esos datos no coinciden" in missing.reply.text
    assert "human_handoff" in [b.id for b in missing.reply.buttons]

    someone_elses = await _book_for_someone_else(world, "lucia@example.com")
    await world.say("es-3b", f"¿cuál es el estado de mi reserva {someone_elses}?")
    wrong = await world.say("es-3b", "ana@example.com")
    assert wrong.reply == missing.reply  # an existing booking with another email reads exactly the same


async def _book_for_someone_else(world: World, email: str) -> str:
    """A booking made on another channel (the hotel's website, another guest's chat)."""
    booking = await world.pms.create_booking(
        BookingRequest(
            reference=f"web-{email}",
            room_type_id=3,
            check_in=date(2026, 3, 20),
            check_out=date(2026, 3, 23),
            guest=GuestDetails("Lucía", "Ramos", email),
            occupancy=[Occupancy(2, 0)],
        )
    )
    return booking.id


def _reveals_booking(text: str) -> bool:
    """Any detail of the demo booking above: its dates, its room, its price."""
    details = ("20 al 23", "March 20 to 23", "Executive", "6.240,00", "6,240.00", "confirmada", "confirmed")
    return any(detail in text for detail in details)


async def test_a_stranger_cannot_see_cancel_or_modify_a_booking_by_its_number(world: World) -> None:
    booking_id = await _book_for_someone_else(world, "lucia@example.com")

    # The attack from the review: name someone else's booking and say yes.
    cancel = await world.say("stranger", f"I want to cancel booking {booking_id}")
    assert "email address booking" in cancel.reply.text and not _reveals_booking(cancel.reply.text)
    yes = await world.say("stranger", "yes")
    assert "email address booking" in yes.reply.text and not _reveals_booking(yes.reply.text)

    status = await world.say("stranger", f"What's the status of my booking {booking_id}?")
    assert "email address booking" in status.reply.text and not _reveals_booking(status.reply.text)

    modify = await world.say("stranger", f"quiero cambiar las fechas de mi reserva {booking_id}")
    assert "correo electrónico" in modify.reply.text and not _reveals_booking(modify.reply.text)
    await world.say("stranger", "del 24 al 26 de marzo")
    await world.say("stranger", "sí")

    booking = await world.pms.get_booking(booking_id)
    assert booking.status == "confirmed"
    assert (booking.check_in, booking.check_out) == (date(2026, 3, 20), date(2026, 3, 23))


async def test_the_email_the_booking_was_made_with_proves_it_once(world: World) -> None:
    booking_id = await _book_for_someone_else(world, "lucia@example.com")
    ask = await world.say("lucia", f"¿cuál es el estado de mi reserva {booking_id}?")
    assert "correo electrónico" in ask.reply.text
    status = await world.say("lucia", "  Lucia@Example.COM ")  # case and spaces do not matter
    assert (
        f"Reserva {booking_id}: confirmada." in status.reply.text and "Executive Rooms" in status.reply.text
    )

    # Proven once in this conversation: cancelling it does not ask again.
    confirm = await world.say("lucia", f"quiero cancelar la reserva {booking_id}")
    assert f"cancelar la reserva {booking_id}" in confirm.reply.text
    cancelled = await world.say("lucia", "sí")
    assert f"Tu reserva {booking_id} quedó cancelada" in cancelled.reply.text
    assert (await world.pms.get_booking(booking_id)).status == "cancelled"


async def test_number_and_email_in_one_message_then_modify(world: World) -> None:
    booking_id = await _book_for_someone_else(world, "lucia@example.com")
    ask = await world.say(
        "lucia-en", f"I want to change my booking {booking_id}, my email is lucia@example.com"
    )
    assert "What would you like to change" in ask.reply.text
    confirm = await world.say("lucia-en", "from March 21 to 24")
    assert "March 21 to 24, 2026 (3 nights)" in confirm.reply.text
    done = await world.say("lucia-en", "yes")
    assert "is now" in done.reply.text
    booking = await world.pms.get_booking(booking_id)
    assert (booking.check_in, booking.check_out) == (date(2026, 3, 21), date(2026, 3, 24))


async def test_three_wrong_emails_stop_the_questions_for_good(world: World) -> None:
    booking_id = await _book_for_someone_else(world, "lucia@example.com")
    await world.say("guesser", f"What's the status of my booking {booking_id}?")
    first = await world.say("guesser", "ana@example.com")
    second = await world.say("guesser", "bob@example.com")
    assert "don't match" in first.reply.text and "don't match" in second.reply.text
    third = await world.say("guesser", "carol@example.com")
    assert "can't verify that booking here" in third.reply.text
    assert [b.id for b in third.reply.buttons] == ["human_handoff"]
    assert (await world.conversations.get_state("guesser"))["pending"] is None

    # Stopped: no more questions, not even for the right email, and not the next day either.
    again = await world.say("guesser", f"I want to cancel booking {booking_id}")
    assert "can't verify that booking here" in again.reply.text
    right = await world.say("guesser", "lucia@example.com")
    assert not _reveals_booking(right.reply.text)
    tomorrow = await world.orchestrator().respond(
        "guesser", "chat", f"What's the status of my booking {booking_id}?", NOW + timedelta(days=1)
    )
    assert "can't verify that booking here" in tomorrow.reply.text
    assert (await world.pms.get_booking(booking_id)).status == "confirmed"

    handoff = await world.say("guesser", "human_handoff")
    assert handoff.handoff_started


async def test_the_guest_who_booked_here_is_not_asked_but_only_for_their_booking(world: World) -> None:
    await world.say("owner", "I'd like to book a double room from March 10 to 12 for 2 adults")
    await world.say("owner", "Jane Roe")
    await world.say("owner", "jane@example.com")
    own_id = booking_number(await world.say("owner", "yes"))
    others_id = await _book_for_someone_else(world, "lucia@example.com")

    status = await world.say("owner", f"What's the status of my booking {own_id}?")
    assert f"Booking {own_id}: confirmed." in status.reply.text
    other = await world.say("owner", f"What's the status of my booking {others_id}?")
    assert "email address booking" in other.reply.text and not _reveals_booking(other.reply.text)
    declined = await world.say("owner", "no")  # no email: nothing shown, a person offered
    assert "Without the booking's email" in declined.reply.text

    confirm = await world.say("owner", f"cancel my booking {own_id}")
    assert "Do you confirm the cancellation?" in confirm.reply.text
    switched = await world.say("owner", f"I want to cancel booking {others_id}")  # not "yes" to the first
    assert "email address booking" in switched.reply.text
    assert (await world.pms.get_booking(own_id)).status == "confirmed"
    confirm = await world.say("owner", f"cancel my booking {own_id}")
    assert "Do you confirm the cancellation?" in confirm.reply.text
    assert "has been cancelled" in (await world.say("owner", "yes")).reply.text
    assert (await world.pms.get_booking(own_id)).status == "cancelled"
    assert (await world.pms.get_booking(others_id)).status == "confirmed"


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


async def test_short_replies_are_not_taken_for_the_guests_name(world: World) -> None:
    await world.say("en-name", "Hi, a double room from March 10 to 12 for 2 adults")
    ask_name = await world.say("en-name", "book_2")
    assert "name" in ask_name.reply.text
    for reply in ("yes please", "ok"):
        again = await world.say("en-name", reply)
        assert "Thanks, Yes" not in again.reply.text and "Thanks, Ok" not in again.reply.text
        assert "email" not in again.reply.text  # still waiting for a name
    ask_email = await world.say("en-name", "Tom Baker")
    assert "Thanks, Tom" in ask_email.reply.text and "email" in ask_email.reply.text


@pytest.mark.parametrize("text", ["help", "ayuda"])
async def test_help_shows_what_the_agent_can_do(world: World, text: str) -> None:
    menu = await world.say(f"help-{text}", text)
    assert menu.analysis.intent == "unknown"
    assert "check_availability" in [b.id for b in menu.reply.buttons]


async def test_the_summary_shows_every_field_and_only_a_yes_to_it_books(world: World) -> None:
    await world.say("en-sum", "the double from April 10 to 12 for 2 adults")
    await world.say("en-sum", "Ruth Ames")
    summary = await world.say("en-sum", "ruth.ames@example.com")
    text = summary.reply.text
    for fact in ("Delux Rooms, 1 room", "Friday, April 10, 2026", "Sunday, April 12, 2026", "2 nights"):
        assert fact in text, text
    assert "2 adults, no children" in text and "Ruth Ames (ruth.ames@example.com)" in text

    known = set(await world.pms.booking_ids())
    conditional = await world.say("en-sum", "yes, but is the pool heated?")
    assert "Heated outdoor pool" in conditional.reply.text and "Shall I confirm" in conditional.reply.text
    with_change = await world.say("en-sum", "yes but we are 2 adults and 1 child")
    assert "2 adults and 1 child" in with_change.reply.text
    assert set(await world.pms.booking_ids()) == known  # neither yes booked anything

    confirmed = await world.say("en-sum", "yes")
    booking = await world.pms.get_booking(booking_number(confirmed))
    assert sum(o.children for o in booking.occupancy) == 1


async def test_a_month_the_dates_contradict_is_asked_again_never_quoted(world: World) -> None:
    # The bare "d" for "de" once lost the month: the guest's "mayo" beside a March reading means a misreading.
    unclear = await world.say("es-month", "hola hay hab x el 22 al 24 d mayo? somos 2")
    assert "marzo" not in unclear.reply.text, unclear.reply.text  # May quoted, or the dates asked again
