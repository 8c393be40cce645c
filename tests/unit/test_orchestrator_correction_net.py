"""The safety net for corrections after the room is chosen (issue #17): a message with a correction cue whose
change the agent cannot read is never answered as if nothing had been said; it says so, changes nothing, and a
yes to "what should I change?" books nothing (the summary comes again first)."""

from __future__ import annotations

from datetime import date

import pytest

from hotel_agent.nlp.types import Language
from hotel_agent.orchestrator.evaluate import DEFAULT_NOW, Dialogue, GuestTurn, evaluate

# Changes the agent has no way to read: only the wish to change something.
UNREAD: dict[Language, tuple[str, ...]] = {
    "es": (
        "espera, me equivoqué en algo",
        "perdona, hay que cambiar una cosa",
        "no, espera, eso no está bien",
        "uy, en realidad era otra cosa",
        "al final lo cambiamos",
        "mejor lo otro que te dije",
        "sí, perdón, corrige lo de antes",
    ),
    "en": (
        "wait, I got something wrong",
        "sorry, something needs changing",
        "no wait, that's not right",
        "actually it was something else",
        "I meant the other thing",
        "make it the other one I said",
        "yes, sorry, change what I said before",
    ),
}
SETUP: dict[Language, tuple[str, ...]] = {
    "es": ("la doble del 14 al 16 de abril, 2 adultos", "Alba Rey", "alba.rey@example.com"),
    "en": ("the double from April 14 to 16, 2 adults", "Amy Reed", "amy.reed@example.com"),
}
SAID_SO: dict[Language, str] = {"es": "no he cambiado nada", "en": "haven't changed anything"}
YES: dict[Language, str] = {"es": "sí", "en": "yes"}


def _dialogue(language: Language, message: str, before_email: bool) -> Dialogue:
    setup = SETUP[language][:2] if before_email else SETUP[language]
    turns = [
        *(GuestTurn(text) for text in setup),
        GuestTurn(message, (SAID_SO[language],)),
        GuestTurn(YES[language]),
    ]
    return Dialogue(
        id=f"net-{language}-{int(before_email)}-{abs(hash(message))}",
        language=language,
        source="test",
        now=DEFAULT_NOW,
        turns=tuple(turns),
        booking=None,
        handoff=False,
    )


@pytest.mark.no_cover
@pytest.mark.parametrize("language", ["es", "en"])
def test_an_unread_correction_is_said_so_and_a_yes_to_it_books_nothing(language: Language) -> None:
    dialogues = [
        _dialogue(language, message, before_email)
        for message in UNREAD[language]
        for before_email in (False, True)
    ]
    outcomes = evaluate(dialogues)
    assert [(o.dialogue.turns[-2].text, o.failures) for o in outcomes if not o.ok] == []


@pytest.mark.no_cover
@pytest.mark.parametrize("language", ["es", "en"])
def test_the_summary_shown_again_after_it_is_booked_by_a_plain_yes(language: Language) -> None:
    turns = (*SETUP[language], UNREAD[language][0], YES[language], YES[language])
    dialogue = Dialogue(
        id=f"net-{language}-yes-yes",
        language=language,
        source="test",
        now=DEFAULT_NOW,
        turns=tuple(GuestTurn(text) for text in turns),
        booking={
            "room": "Delux Rooms",
            "check_in": date(2026, 4, 14),
            "check_out": date(2026, 4, 16),
            "adults": 2,
        },
        handoff=False,
    )
    [outcome] = evaluate([dialogue])
    assert outcome.ok, outcome.failures
