"""Dialogue logic with a scripted analyzer over the real PMS simulator and the real conversation store."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from prometheus_client import REGISTRY

from hotel_agent.errors import ProcessingFailure
from hotel_agent.nlp.types import Analysis, Language
from hotel_agent.orchestrator.context import RoomCatalog
from hotel_agent.orchestrator.handlers.common import booking_reference
from hotel_agent.orchestrator.state import MAX_OWN_BOOKINGS, DialogueState
from hotel_agent.pms.base import PMSUnavailable
from hotel_agent.pms.simulator.models import SimRoomTypeRow
from tests.unit.test_orchestrator_support import NOW, ScriptedAnalyzer, World, in_days

SCRIPT = {
    "disponibilidad": ("check_availability", {}),
    "fechas": ("check_availability", {"check_in": in_days(10), "check_out": in_days(12)}),
    "dos": ("unknown", {}),
    "la doble": ("make_reservation", {"room_type": "double"}),
    "Ana López": ("unknown", {}),
    "ana@example.com": ("unknown", {"email": "ana@example.com"}),
    "ana@": ("unknown", {}),
    "sí": ("affirm", {}),
    "no": ("deny", {}),
    "check-in?": ("check_in_info", {}),
    "ayuda": ("human_handoff", {}),
    "???": ("unknown", {}),
    "y con desayuno?": ("check_availability", {"amenity": "breakfast"}),
}


def scripted(world: World, language: Language = "es") -> ScriptedAnalyzer:
    analyzer = ScriptedAnalyzer(SCRIPT, language)
    world.analyzer = analyzer
    return analyzer


def _sample(name: str, labels: dict[str, str]) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_availability_asks_dates_then_guests_and_remembers_across_turns(world: World) -> None:
    scripted(world)
    first = await world.say("g1", "disponibilidad")
    assert "fechas" in first.reply.text
    second = await world.say("g1", "fechas")
    assert "personas" in second.reply.text  # dates remembered, guests asked next
    offers = await world.say("g1", "dos")  # a bare number answers the guests question
    assert "1.300,00 USD por noche" in offers.reply.text  # General Rooms: 1000 + 250 service + 4% tax
    assert "2.600,00 USD en total" in offers.reply.text
    assert [b.id for b in offers.reply.buttons][:2] == ["book_1", "book_2"]
    state = await world.conversations.get_state("g1")
    assert state["pending"] == "choose_room" and state["search"]["adults"] == 2


async def test_an_availability_question_naming_an_extra_gets_the_offers_and_the_extra(world: World) -> None:
    scripted(world)
    await world.say("g9", "fechas")
    await world.say("g9", "dos")
    with_breakfast = await world.say("g9", "y con desayuno?")
    assert "1.300,00 USD por noche" in with_breakfast.reply.text  # the offers again
    assert "Desayuno" in with_breakfast.reply.text and "7:00" in with_breakfast.reply.text


async def test_an_email_given_before_the_room_is_chosen_is_not_asked_again(world: World) -> None:
    scripted(world)
    await world.say("g10", "fechas")
    await world.say("g10", "dos")
    await world.say("g10", "ana@example.com")  # the guest answers ahead, before choosing a room
    asked_name = await world.say("g10", "la doble")
    assert "nombre" in asked_name.reply.text
    summary = await world.say("g10", "Ana López")
    assert "ana@example.com" in summary.reply.text and "¿Confirmo la reserva?" in summary.reply.text


async def test_booking_flow_with_buttons_validation_and_idempotent_reference(world: World) -> None:
    scripted(world)
    for text in ("fechas", "dos"):
        await world.say("g2", text)
    ask_name = await world.say("g2", "book_2")
    assert "nombre" in ask_name.reply.text and "Delux Rooms" in ask_name.reply.text
    ask_email = await world.say("g2", "Ana López")
    assert "correo" in ask_email.reply.text
    invalid = await world.say("g2", "ana@")
    assert "no parece válido" in invalid.reply.text
    summary = await world.say("g2", "ana@example.com")
    assert "Ana López" in summary.reply.text and "3.640,00 USD" in summary.reply.text
    assert [b.id for b in summary.reply.buttons] == ["affirm", "deny"]
    state = await world.conversations.get_state("g2")
    assert state["draft"]["reference"] == booking_reference("g2", state["turn"])

    confirmed = await world.say("g2", "sí")
    booking_id = confirmed.reply.text.split("Número de reserva: ")[1].split()[0]
    booking = await world.pms.get_booking(booking_id)
    assert booking.status == "confirmed" and booking.guest_email == "ana@example.com"
    assert booking.reference == state["draft"]["reference"]
    assert "3.640,00 USD" in confirmed.reply.text

    # Replaying the confirming turn from the state before it (what a DLQ retry does) books nothing new.
    await world.conversations.save_state("g2", state)
    again = await world.say("g2", "sí")
    assert f"Número de reserva: {booking_id}" in again.reply.text
    assert len(await world.pms.booking_ids()) == 1


async def test_a_total_that_differs_from_the_summary_is_told_to_the_guest(world: World) -> None:
    scripted(world)
    for text in ("fechas", "dos", "book_2", "Ana López"):
        await world.say("g-price", text)
    summary = await world.say("g-price", "ana@example.com")
    assert "3.640,00 USD" in summary.reply.text
    async with world.db.transaction() as session:  # the hotel changes the price before the guest says yes
        (await session.get(SimRoomTypeRow, 2)).base_price = Decimal("1600.00")  # type: ignore[union-attr]
    confirmed = await world.say("g-price", "sí")
    assert "Total: 3.848,00 USD" in confirmed.reply.text  # (1600 + 250) x 2 x 1.04: what the PMS charged
    assert "no es el que te dije antes (3.640,00 USD)" in confirmed.reply.text


async def test_pms_outage_raises_without_saving_state(world: World) -> None:
    scripted(world)
    await world.say("g3", "fechas")
    before = await world.conversations.get_state("g3")
    world.pms_down()
    with pytest.raises(ProcessingFailure) as failure:
        await world.say("g3", "dos")
    assert failure.value.reason == "pms_unavailable"
    assert await world.conversations.get_state("g3") == before
    world.pms_up()
    offers = await world.say("g3", "dos")
    assert "por noche" in offers.reply.text


async def test_a_question_that_needs_no_pms_is_answered_while_the_pms_is_down(world: World) -> None:
    # A new process has no room types cached: looking for a room kind in the message must not fail the turn.
    world.pms_down()
    pool = await world.say("g-pool", "¿Tenéis piscina?")
    assert "7:00" in pool.reply.text and "22:00" in pool.reply.text
    check_in = await world.say("g-check-in", "What time is check-in?")
    assert "15:00" in check_in.reply.text
    with pytest.raises(ProcessingFailure):  # a question that does need it still waits for the PMS
        await world.say("g-offers", "¿Tenéis habitación del 10 al 12 de marzo para dos?")


async def test_room_types_read_before_an_outage_are_kept_through_it(world: World) -> None:
    catalog = RoomCatalog(world.pms, ttl_seconds=0)
    known = await catalog.all()
    world.pms_down()
    assert await catalog.all() == known
    with pytest.raises(PMSUnavailable):  # nothing read yet: nothing to fall back on
        await RoomCatalog(world.pms, ttl_seconds=0).all()


async def test_analyzer_error_is_an_nlp_failure(world: World) -> None:
    def broken(text: str, now: datetime, language: Language | None = None) -> Analysis:
        raise RuntimeError("model file missing")

    world.analyzer = broken
    with pytest.raises(ProcessingFailure) as failure:
        await world.say("g4", "hola")
    assert failure.value.reason == "nlp_error"
    assert await world.conversations.get_state("g4") == {}


async def test_language_of_conversation_is_passed_to_the_analyzer(world: World) -> None:
    analyzer = scripted(world, language="en")
    await world.say("g5", "disponibilidad")
    await world.say("g5", "sí")
    assert analyzer.calls == [("disponibilidad", None), ("sí", "en")]


async def test_handoff_on_request_and_after_three_unknowns(world: World) -> None:
    scripted(world)
    turn = await world.say("g6", "ayuda")
    assert turn.handoff_started and await world.conversations.in_handoff("g6")
    assert "persona" in turn.reply.text

    results = [await world.say("g7", "???") for _ in range(3)]
    assert [t.handoff_started for t in results] == [False, False, True]
    assert results[0].reply.buttons  # the fallback offers what the agent can do
    assert await world.conversations.in_handoff("g7")
    assert (await world.conversations.list_handoffs())[-1].reason.startswith("not understood")


async def test_info_mid_booking_answers_and_repeats_the_pending_question(world: World) -> None:
    scripted(world)
    await world.say("g8", "disponibilidad")
    turn = await world.say("g8", "check-in?")
    assert "15:00" in turn.reply.text and "fechas" in turn.reply.text.split("\n\n")[1]
    assert (await world.conversations.get_state("g8"))["pending"] == "ask_dates"


async def test_metrics_are_recorded_per_intent(world: World) -> None:
    scripted(world)
    labels = {"intent": "check_in_info", "language": "es"}
    before = _sample("nlp_intents_detected_total", labels)
    latency_before = _sample("orchestrator_latency_seconds_count", {"intent": "check_in_info"})
    await world.say("g9", "check-in?")
    assert _sample("nlp_intents_detected_total", labels) == before + 1
    assert _sample("orchestrator_latency_seconds_count", {"intent": "check_in_info"}) == latency_before + 1


async def test_a_guest_back_the_next_day_starts_afresh(world: World) -> None:
    scripted(world)
    await world.say("g10", "disponibilidad")
    assert (await world.conversations.get_state("g10"))["pending"] == "ask_dates"
    later = world.orchestrator()
    turn = await later.respond("g10", "chat", "dos", NOW + timedelta(days=1))
    assert "no estoy seguro de haber entendido" in turn.reply.text  # not read as an answer to yesterday
    state = await world.conversations.get_state("g10")
    assert state["pending"] is None and state["language"] == "es"


async def test_state_saved_by_an_older_version_does_not_break_the_dialogue(world: World) -> None:
    scripted(world)
    await world.conversations.save_state("g11", {"language": "en", "pending": "no_such_step", "turn": "x"})
    turn = await world.say("g11", "check-in?")
    assert "15:00" in turn.reply.text
    assert (await world.conversations.get_state("g11"))["pending"] is None


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("hola", "greeting", "asistente virtual de The Hotel Prime"),
        ("gracias", "thanks", "¡Con gusto!"),
        ("adiós", "goodbye", "¡Gracias por escribirnos!"),
        ("vale", "affirm", "¿En qué más puedo ayudarte?"),
    ],
)
async def test_small_talk(world: World, text: str, intent: str, expected: str) -> None:
    world.analyzer = ScriptedAnalyzer({text: (intent, {})})
    turn = await world.say("g12", text)
    assert expected in turn.reply.text


def test_bookings_made_here_are_owned_and_a_state_from_before_keeps_its_last_booking() -> None:
    older = DialogueState.load({"language": "es", "last_booking_id": "7"})  # saved before own_booking_ids
    assert older.owns("7") and not older.owns("8") and older.failed_ownership_checks == 0
    older.remember_booking("8")
    older.last_booking_id = None  # what cancelling it does
    assert older.owns("8") and older.own_booking_ids == ["8"]
    older.forget_dialogue()
    assert older.owns("8")
    for number in range(MAX_OWN_BOOKINGS + 5):
        older.remember_booking(str(100 + number))
    assert len(older.own_booking_ids) == MAX_OWN_BOOKINGS and older.last_booking_id == "124"
