"""Blind set 10's wrong bookings, as guarantees. A correction the agent could not read while the rooms are shown
keeps any room from being taken as chosen (the name and email typed next are kept); one it could not read while
the name or email is asked makes the next summary need a yes of its own; a stay whose length disagrees with the
nights the guest stated is never quoted. Played whole against the real agent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hotel_agent.nlp.dates import resolve_stay
from tests.dialogue_play import failed_dialogues

YES = {"en": "yes", "es": "sí"}
FAMILY = {
    "en": "Family room, 2 adults and 2 children, June 3 to 6",
    "es": "Habitación familiar, 2 adultos y 2 niños, del 3 al 6 de junio",
}
DELUX = {"en": "Delux room, 2 adults, June 3 to 6", "es": "Delux, 2 adultos, del 3 al 6 de junio"}
# Correction cues with nothing the agent can read in them.
UNREAD = {
    "en": ["actually, hold on, something is different", "sorry, wait, that's not quite it"],
    "es": ["perdona, espera, hay algo distinto", "en realidad no es exactamente así"],
}
NAME = {"en": "Helen Carter", "es": "Elena Ruiz"}
EMAIL = {"en": "helen.carter@example.com", "es": "elena.ruiz@example.com"}


def _play(tmp_path: Path, language: str, turns_of: list[list[str]], booking: object) -> list[object]:
    return [
        (o.dialogue.id, o.failures) for o in failed_dialogues(tmp_path, language, turns_of, booking, "set10")
    ]


def _booking(room: str, language: str, children: int = 0) -> dict[str, object]:
    return {
        "room": room,
        "check_in": "2026-06-03",
        "check_out": "2026-06-06",
        "adults": 2,
        "children": children,
        "name": NAME[language],
        "email": EMAIL[language],
    }


@pytest.mark.no_cover
@pytest.mark.parametrize("language", ["en", "es"])
def test_an_unread_correction_at_the_room_choice_chooses_no_room(tmp_path: Path, language: str) -> None:
    # the yes after the email would answer the summary had the name chosen the one room shown: no booking
    turns = [
        [FAMILY[language], cue, NAME[language], EMAIL[language], YES[language]] for cue in UNREAD[language]
    ]
    assert _play(tmp_path, language, turns, None) == []


@pytest.mark.no_cover
@pytest.mark.parametrize("language", ["en", "es"])
def test_an_unread_correction_at_the_name_or_email_needs_a_yes_of_its_own(
    tmp_path: Path, language: str
) -> None:
    at_email = [
        [DELUX[language], NAME[language], cue, EMAIL[language], YES[language]] for cue in UNREAD[language]
    ]
    assert _play(tmp_path, language, at_email, None) == []
    # the summary shown again, a second yes books it as it is
    twice = [[*turns, YES[language]] for turns in at_email]
    assert _play(tmp_path, language, twice, _booking("Delux Rooms", language)) == []


@pytest.mark.parametrize(
    ("text", "nights"),
    [
        ("for two nights starting Friday June 12, it's just the two of them so 2 adults", 2),
        ("3 nights from July 4th, the three of them", 3),
        ("dos noches desde el viernes 12 de junio, solo los dos de ellos", 2),
        ("2 nights from June 12 to the 20th", 2),
    ],
)
def test_a_stay_never_disagrees_with_the_nights_stated(text: str, nights: int) -> None:
    stay = resolve_stay(text, date(2026, 5, 26))
    assert stay.nights == nights
    if stay.check_in is not None and stay.check_out is not None:
        assert (stay.check_out - stay.check_in).days == nights
