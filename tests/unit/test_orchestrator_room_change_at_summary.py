"""Another room asked for after one was chosen (issue #17, set 15's wrong bookings): at the summary or while the
name or email is asked, a room pointed at by price, place, feature or kind beside words asking for it changes the
room and quotes again, whatever the intent model reads ("one change, the cheapest room instead?" was read as late
check-out and the old room booked on the next yes); a question naming a feature that chooses it in the same
breath takes that room. A change asked for and not applied is never booked on the next bare yes."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from hotel_agent.nlp.types import Language
from hotel_agent.orchestrator import references
from hotel_agent.orchestrator.evaluate import DEFAULT_NOW, Dialogue, GuestTurn, evaluate
from hotel_agent.orchestrator.handlers.booking import asks_a_change
from hotel_agent.orchestrator.profile import load_profile

# The double chosen for 14-16 April, 2 adults; the name and email given: the summary is shown.
SETUP: dict[Language, tuple[str, ...]] = {
    "es": ("la doble del 14 al 16 de abril, 2 adultos", "Alba Rey", "alba.rey@example.com"),
    "en": ("the double from April 14 to 16, 2 adults", "Amy Reed", "amy.reed@example.com"),
}
YES: dict[Language, str] = {"es": "sí", "en": "yes"}

# (message, room it asks for) after the double was chosen.
CHANGES: dict[Language, tuple[tuple[str, str], ...]] = {
    "es": (
        ("oye, un cambio: la más económica, ¿se puede?", "General Rooms"),
        ("¿cuál tiene sala y vista al mar? esa la reservo", "Luxury Rooms"),
        ("¿nos puedes poner en la de escritorio?", "Executive Rooms"),
        ("pensándolo bien, la familiar", "Family Rooms"),
        ("mejor la más carita que tengas", "Family Rooms"),
        ("cámbiala por la estándar por favor", "General Rooms"),
        ("en vez de la doble, la que da al mar", "Luxury Rooms"),
    ),
    "en": (
        ("quick change, could we get the lowest priced room?", "General Rooms"),
        ("which one has the living area? we'd like that one", "Luxury Rooms"),
        ("can you put us in the one with the work desk instead", "Executive Rooms"),
        ("on second thought, the family room", "Family Rooms"),
        ("let's go for the dearest room you have", "Family Rooms"),
        ("swap it for the standard please", "General Rooms"),
        ("rather than the double, the one facing the ocean", "Luxury Rooms"),
    ),
}


def _dialogue(language: Language, turns: tuple[str, ...], room: str | None, name: str = "change") -> Dialogue:
    booking: dict[str, Any] | None = None
    if room is not None:
        booking = {"room": room, "check_in": date(2026, 4, 14), "check_out": date(2026, 4, 16), "adults": 2}
    return Dialogue(
        id=f"roomchg-{language}-{name}-{abs(hash(turns))}",
        language=language,
        source="test",
        now=DEFAULT_NOW,
        turns=tuple(GuestTurn(text) for text in turns),
        booking=booking,
        handoff=False,
    )


@pytest.mark.no_cover
@pytest.mark.parametrize("language", ["es", "en"])
def test_another_room_asked_for_is_quoted_and_booked(language: Language) -> None:
    setup, yes = SETUP[language], YES[language]
    dialogues = [_dialogue(language, (*setup, message, yes), room) for message, room in CHANGES[language]] + [
        # while the email is asked: the room changed, then the email, then the summary's yes
        _dialogue(language, (*setup[:2], message, setup[2], yes), room, "at-email")
        for message, room in CHANGES[language]
    ]
    outcomes = evaluate(dialogues)
    assert [(o.dialogue.turns[-2].text, o.failures) for o in outcomes if not o.ok] == []


# Questions and a yes that change nothing: the double is booked on the yes after them.
NO_CHANGE: dict[Language, tuple[str, ...]] = {
    "es": (
        "¿la suite es mejor que la doble?",
        "¿cuál tiene balcón?",
        "sí, todo perfecto, adelante",
    ),
    "en": (
        "is the suite better than the double?",
        "which room has the balcony?",
        "yes, no changes, go ahead",
    ),
}


@pytest.mark.no_cover
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_question_or_a_yes_changes_no_room(language: Language) -> None:
    setup, yes = SETUP[language], YES[language]
    dialogues = [
        _dialogue(language, (*setup, message, yes) if "?" in message else (*setup, message), "Delux Rooms")
        for message in NO_CHANGE[language]
    ]
    outcomes = evaluate(dialogues)
    assert [(o.dialogue.turns[-2].text, o.failures) for o in outcomes if not o.ok] == []


# A change asked for that nothing in the message lets the agent apply (no room has a jacuzzi).
UNAPPLIED: dict[Language, str] = {
    "es": "un cambio: ¿nos pasas a la que tiene jacuzzi?",
    "en": "one change, could we switch to the room with the hot tub?",
}


@pytest.mark.no_cover
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_change_not_applied_is_never_booked_on_the_next_yes(language: Language) -> None:
    setup, yes = SETUP[language], YES[language]
    once = _dialogue(language, (*setup, UNAPPLIED[language], yes), None, "net")
    twice = _dialogue(language, (*setup, UNAPPLIED[language], yes, yes), "Delux Rooms", "net-twice")
    outcomes = evaluate([once, twice])
    assert [(o.dialogue.id, o.failures) for o in outcomes if not o.ok] == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("which one looks at the sea?", "suite"),
        ("¿cuál da al mar?", "suite"),
        ("la que está frente al mar", "suite"),
        ("the ocean front one", "suite"),
        ("la que tiene dos camas", "twin"),  # "camas" is the twin's, never also the king "cama"
        ("la de cama king", "double"),
        ("con vistas al mar", "suite"),
        ("que sea la más barata", None),  # the Spanish "sea" is no sea
    ],
)
def test_a_room_by_what_it_has(text: str, kind: str | None) -> None:
    profile = load_profile()
    assert references.kind_by_feature(text, profile, list(profile.room_descriptions), "es") == kind


@pytest.mark.parametrize(
    ("text", "cheapest", "dearest"),
    [
        ("la más baratita", True, False),
        ("mejor la más carita", False, True),
        ("the pricier one", False, True),
        ("the dearest room", False, True),
        ("la carita del niño", False, False),
    ],
)
def test_prices_said_fondly_or_comparing(text: str, cheapest: bool, dearest: bool) -> None:
    folded = references.fold(text)
    assert (references.CHEAPEST.search(folded) is not None) is cheapest
    assert (references.DEAREST.search(folded) is not None) is dearest


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("one change, can we have the room with the jacuzzi instead?", True),
        ("could we have the one with a fireplace?", True),
        ("un cambio, ¿nos das la del jacuzzi?", True),
        ("mejor la que tiene chimenea", True),
        ("is the suite better than the double?", False),
        ("¿cuál es mejor?", False),
        ("yes please", False),
        ("what time is check-in?", False),
        ("how much would the suite be instead?", False),
        ("before I give my details, can I cancel for free if our plans change?", False),
        ("¿puedo cancelar gratis si cambian nuestros planes?", False),
        ("cámbianos a la que tenga chimenea", True),
        ("I'd prefer a quieter room", True),
    ],
)
def test_a_change_asked_for(text: str, change: bool) -> None:
    message: Any = SimpleNamespace(text=text, folded_text=references.fold(text))
    assert asks_a_change(message) is change
