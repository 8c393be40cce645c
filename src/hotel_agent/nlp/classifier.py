"""The rules' opinion of a message, a feature of the learned intent model (learned.py, engine.py).

Typos are snapped to the lexicon's vocabulary (rapidfuzz), then the weighted cues of lexicon.py score every
intent and the entities found add evidence (dates or guests -> availability, a reference -> status). The
model learned from labelled messages how far to trust each score, so the rules count where they are exact.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz, process

from hotel_agent.nlp.entities import AMENITIES
from hotel_agent.nlp.lexicon import COMPILED, PRICE_QUESTION, VOCABULARY

# Dates, guests or a room type alone suggest an availability question.
ENTITY_SUPPORT = 0.75
SOCIAL = frozenset({"greeting", "thanks", "goodbye"})
_EMOJI_WORDS = {
    "👍": " ok ",
    "👌": " ok ",
    "✅": " ok ",
    "🙏": " gracias ",
    "👋": " hola ",
    "❌": " no ",
    "👎": " no ",
}
_TOKEN = re.compile(r"[a-z]{5,}")
# Amenity words are real words too: "aparcar" must not be "corrected" to "apartar".
_KNOWN_WORDS = VOCABULARY | frozenset(
    word for _, pattern in AMENITIES for word in re.findall(r"[a-z]{5,}", pattern.pattern.replace("\\b", " "))
)
_TIME_QUESTION = re.compile(r"\b(?:hora|horario|time|when|cuando|early|temprano|antes|late|tarde|pronto)\b")


def map_emojis(text: str) -> str:
    for emoji, word in _EMOJI_WORDS.items():
        text = text.replace(emoji, word)
    return text


def correct_typos(folded: str) -> str:
    """Snap unknown words of five letters or more to the closest lexicon word ("reserbar" -> "reservar")."""

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in _KNOWN_WORDS:
            return word
        cutoff = 88 if len(word) <= 6 else 84
        best = process.extractOne(word, VOCABULARY, scorer=fuzz.ratio, score_cutoff=cutoff)
        return best[0] if best else word

    return _TOKEN.sub(replace, folded)


def rule_scores(folded: str, entities: dict[str, Any], corrected: str | None = None) -> dict[str, float]:
    """Cue scores over the text as written and with typos corrected (a correction may also spoil a word)."""
    scores: dict[str, float] = {}
    for intent, cues in COMPILED.items():
        for weight, pattern in cues:
            if weight > scores.get(intent, 0.0) and (
                pattern.search(folded) or (corrected is not None and pattern.search(corrected))
            ):
                scores[intent] = weight
    lexical_task = any(score >= 0.55 for intent, score in scores.items() if intent not in SOCIAL)

    def support(intent: str, weight: float) -> None:
        if weight > scores.get(intent, 0.0):
            scores[intent] = weight

    has_stay = any(key in entities for key in ("check_in", "check_out", "nights"))
    has_guests = any(key in entities for key in ("adults", "children", "rooms"))
    if has_stay or has_guests or "room_type" in entities:
        support("check_availability", ENTITY_SUPPORT)
    if PRICE_QUESTION.search(folded):
        # "how much is the suite?" asks about a room; with dates or guests it asks for an offer.
        support("check_availability" if has_stay or has_guests else "room_options", 0.86 if has_stay else 0.8)
    if "amenity" in entities and scores.get("report_issue", 0.0) < 0.9:
        # With dates the amenity rides along an availability question ("2-4 May? we'd need parking").
        support("amenities", 0.86 if not has_stay else ENTITY_SUPPORT - 0.05)
    if "booking_reference" in entities:
        support("reservation_status", 0.7)
        # A concrete booking to cancel outranks a question about the policy in the same message.
        if "cancel_reservation" in scores:
            support("cancel_reservation", 0.97)
    if any(key in entities for key in ("name", "email", "option")):
        support("make_reservation", 0.7)
    # "check in the 5th, out the 7th" is a stay, not a question about check-in times.
    full_stay = "check_in" in entities and ("check_out" in entities or has_guests)
    if full_stay and not _TIME_QUESTION.search(folded):
        for intent in ("check_in_info", "check_out_info"):
            if intent in scores:
                support("check_availability", scores.pop(intent))
    # Social words ride along with real requests: "hola, ¿tienen parking?" is about parking. A goodbye
    # naming a day ("nos vemos el viernes") stays a goodbye unless a request word is present.
    if lexical_task or any(score >= 0.55 for intent, score in scores.items() if intent not in SOCIAL):
        for intent in SOCIAL:
            if intent != "goodbye" or lexical_task:
                scores.pop(intent, None)
    if "goodbye" in scores and not lexical_task:
        scores.pop("check_availability", None)
    return scores


def rule_evidence(folded: str, entities: dict[str, Any]) -> dict[str, float]:
    """The rules' opinion of a message: cue scores over the text, typos corrected, plus the entities found."""
    corrected = correct_typos(folded)
    return rule_scores(folded, entities, corrected if corrected != folded else None)
