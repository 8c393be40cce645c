"""The guarantee at the room-choice step: a room the guest did not choose is never booked. When the kind asked
for has no room free and another is shown in its place, a reply that is no choice (a name, an email, both, a
yes with a name) keeps what it gives and asks which room; a plain yes or the room named chooses it. Played whole
against the real agent (blind set 9: "Two General rooms ..." read as one room, the name then taken as the choice)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dialogue_play import failed_dialogues

# The kind asked for takes at most 2 adults and 2 children: for this party only another kind is shown.
ASKED = {
    "en": [
        "A General room for 4 adults and 2 kids, June 26 to June 29",
        "do you have a standard room from June 26 to 29? we're 3 adults and 3 children",
    ],
    "es": [
        "Una habitación estándar para 4 adultos y 2 niños del 26 al 29 de junio",
        "¿tenéis una individual del 26 al 29 de junio? somos 3 adultos y 3 niños",
    ],
}
NOT_A_CHOICE = {
    "en": ["Helen Carter", "helen.carter@example.com", "Helen Carter, helen.carter@example.com"],
    "es": ["Elena Ruiz", "elena.ruiz@example.com", "Elena Ruiz, elena.ruiz@example.com"],
}
EMAIL = {"en": "helen.carter@example.com", "es": "elena.ruiz@example.com"}
YES = {"en": "yes", "es": "sí"}


def _play(tmp_path: Path, language: str, turns_of: list[list[str]], booking: object) -> list[object]:
    return [
        (o.dialogue.id, o.dialogue.turns[1].text, o.failures)
        for o in failed_dialogues(tmp_path, language, turns_of, booking, "guarantee")
    ]


@pytest.mark.no_cover
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_reply_that_is_no_choice_never_books_the_room_shown_instead(tmp_path: Path, language: str) -> None:
    # the yes after the email answers the summary it would have reached had the reply chosen; it must not book
    turns = [
        [asked, reply, EMAIL[language], YES[language]]
        for asked in ASKED[language]
        for reply in NOT_A_CHOICE[language]
    ]
    assert _play(tmp_path, language, turns, None) == []


@pytest.mark.no_cover
@pytest.mark.parametrize(
    ("language", "choice"), [("en", "ok"), ("en", "the family room then"), ("es", "vale")]
)
def test_a_plain_yes_or_the_room_named_chooses_the_room_shown_instead(
    tmp_path: Path, language: str, choice: str
) -> None:
    name = "Helen Carter" if language == "en" else "Elena Ruiz"
    turns = [[ASKED[language][0], choice, name, EMAIL[language], YES[language]]]
    booking = {
        "room": "Family Rooms",
        "check_in": "2026-06-26",
        "check_out": "2026-06-29",
        "adults": 4,
        "children": 2,
        "name": name,
        "email": EMAIL[language],
    }
    assert _play(tmp_path, language, turns, booking) == []
