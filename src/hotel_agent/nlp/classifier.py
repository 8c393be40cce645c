"""Intent = rules first, embeddings when the rules are unsure.

1. Typos are snapped to the lexicon's vocabulary (rapidfuzz), then the weighted cues of lexicon.py score
   every intent; the entities found add evidence (dates or guests -> availability, a reference -> status).
2. A confident rule (>= RULES_DECISIVE) is the answer: no model call, a few hundred microseconds.
3. Otherwise the message is embedded (multilingual-e5-small) and compared with the prototypes; the two
   opinions are merged. The model costs ~10-25 ms on this machine, so it only runs for the unsure minority.
4. Below the minimum confidence the intent is "unknown" (the orchestrator asks a clarifying question).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from rapidfuzz import fuzz, process

from hotel_agent.nlp.entities import AMENITIES
from hotel_agent.nlp.lexicon import COMPILED, PRICE_QUESTION, VOCABULARY

RULES_DECISIVE = 0.7
# Dates, guests or a room type alone suggest an availability question, decisively: below RULES_DECISIVE (0.65)
# the model would weigh in on 17 % of messages instead of 11 %, which measured +1-2 points on the held-out set
# but a p95 of 21 ms against the 20 ms budget (BENCHMARKS.md, NLP).
ENTITY_SUPPORT = 0.75
SOCIAL = frozenset({"greeting", "thanks", "goodbye"})
# Tie-break: the more specific or more consequential intent first.
PRIORITY = (
    "cancellation_policy",
    "late_checkout",
    "deny",
    "affirm",
    "cancel_reservation",
    "modify_reservation",
    "reservation_status",
    "human_handoff",
    "report_issue",
    "make_reservation",
    "check_availability",
    "room_options",
    "check_in_info",
    "check_out_info",
    "location",
    "amenities",
    "goodbye",
    "thanks",
    "greeting",
)
_RANK = {intent: index for index, intent in enumerate(PRIORITY)}
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


class Embedder(Protocol):
    def scores(self, text: str) -> dict[str, float]: ...


@dataclass(frozen=True)
class IntentDecision:
    intent: str
    confidence: float
    source: str  # rules | embeddings | combined | none


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


def best_of(scores: dict[str, float]) -> tuple[str | None, float]:
    if not scores:
        return None, 0.0
    intent = min(scores, key=lambda name: (-scores[name], _RANK.get(name, len(PRIORITY))))
    return intent, scores[intent]


def _embedding_confidence(similarities: dict[str, float]) -> tuple[str, float]:
    ranked = sorted(similarities.items(), key=lambda item: item[1], reverse=True)
    (top, first), second = ranked[0], ranked[1][1] if len(ranked) > 1 else 0.0
    # e5 similarities live in a narrow, high band (~0.86 for noise, ~0.93+ for a paraphrase): stretch it
    # and reward the margin over the runner-up, so noise like "???" lands below the minimum confidence.
    closeness = min(max((first - 0.87) / 0.07, 0.0), 1.0)
    margin = min(max((first - second) / 0.03, 0.0), 1.0)
    return top, 0.25 + 0.45 * closeness + 0.25 * margin


def classify(
    text: str, folded: str, entities: dict[str, Any], embedder: Embedder | None, min_confidence: float
) -> IntentDecision:
    corrected = correct_typos(folded)
    scores = rule_scores(folded, entities, corrected if corrected != folded else None)
    rule_intent, rule_score = best_of(scores)
    if rule_intent is not None and rule_score >= RULES_DECISIVE:
        return IntentDecision(rule_intent, rule_score, "rules")
    if embedder is None or not folded:
        if rule_intent is None or rule_score < min_confidence:
            return IntentDecision("unknown", rule_score, "rules" if rule_intent else "none")
        return IntentDecision(rule_intent, rule_score, "rules")
    model_intent, model_score = _embedding_confidence(embedder.scores(text))
    if rule_intent is None:
        intent, confidence, source = model_intent, model_score, "embeddings"
    elif model_intent == rule_intent:
        intent, confidence, source = rule_intent, min(0.9, max(rule_score, model_score) + 0.1), "combined"
    elif model_score > rule_score + 0.1 and model_intent != "unknown":
        intent, confidence, source = model_intent, model_score * 0.9, "combined"
    else:
        intent, confidence, source = rule_intent, rule_score, "combined"
    if intent == "unknown" or confidence < min_confidence:
        return IntentDecision("unknown", confidence, source)
    return IntentDecision(intent, confidence, source)
