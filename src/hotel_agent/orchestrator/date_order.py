"""Numeric dates that read two ways in English ("12/03": December 3 or 12 March).

The NLP gives both readings (entity `date_readings`) when both are bookable and nothing in the conversation
settles which is meant; a good receptionist asks rather than book the wrong month. `question` is that
question; the guest's answer ("March", "the 12th of March", "the first one", "UK format", "day first") picks a
reading, and the message asked about is read again with its dates written out in that order (`written_out`),
so the rest of it (nights, guests, room, name) is kept, and what the answer adds (`answer_adds`: "March, for the two
of us") is kept beside it. An answer that picks nothing is read as a message of its own.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from hotel_agent.channels.types import Reply
from hotel_agent.nlp.dates import MONTHS
from hotel_agent.nlp.types import Language
from hotel_agent.orchestrator import replies as r
from hotel_agent.orchestrator.references import fold

# A numeric date as guests type it: "12/03", "4/10", "12/03/2026".
NUMERIC_DATE = re.compile(r"(?<![\d/.:])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?(?![\d:]|/\d)")
MONTH_FIRST = re.compile(
    r"(?:^us\W*$|\bus (?:format|style|way|dates?|one)\b)|\b(?:u\.s\.?|usa|american|america|month first|month before the day|month/day|mm/dd|the first(?: one)?|"
    r"first one|1st one|former|option 1|la primera|el primero|mes/dia|mm/dd)\b"
)
DAY_FIRST = re.compile(
    r"\b(?:uk|u\.k\.?|british|european|europe|day first|day before the month|day/month|dd/mm|the second(?: one)?|"
    r"second one|2nd one|latter|option 2|la segunda|el segundo|dia/mes|dd/mm)\b"
)
# The month names the date reader knows, but the Spanish abbreviations: in an English answer "ago" is no August.
MONTH_NAMES = {name: number for name, number in MONTHS.items() if name not in {"abr", "ago", "dic", "ene"}}


def _reading(pair: list[str | None]) -> tuple[date, date | None]:
    check_in, check_out = pair
    assert check_in is not None
    return date.fromisoformat(check_in), date.fromisoformat(check_out) if check_out else None


def _spoken(pair: list[str | None], language: Language) -> str:
    check_in, check_out = _reading(pair)
    if check_out is None:
        return r.format_date(check_in, language)
    return r.format_stay(check_in, check_out, language)


def question(readings: list[list[str | None]], language: Language) -> Reply:
    """'Just to be sure: do you mean December 3, 2026 or March 12, 2026?'"""
    return r.text_reply(
        "date_order", language, first=_spoken(readings[0], language), second=_spoken(readings[1], language)
    )


def chosen(text: str, readings: list[list[str | None]]) -> bool | None:
    """True when the answer picks the first reading (month first), False the second (day first), None when it
    picks neither (or gives dates of its own: "March 12 to 15" is read as it stands)."""
    folded = fold(text)
    if re.search(r"\d", folded):
        return None
    # a month named settles it before any other word ("March, for the two of us")
    named = {MONTH_NAMES[w] for w in re.findall(r"[a-z]+", folded) if w in MONTH_NAMES and w != "may"}
    if re.search(r"\bmay\b(?! i\b| we\b| you\b)", folded) and not re.search(r"\bmay (?:i|we|you)\b", folded):
        named.add(5)
    months = [{d.month for d in _reading(pair) if d is not None} for pair in readings]
    in_first, in_second = bool(named & months[0]), bool(named & months[1])
    if in_first != in_second:
        return in_first
    if named:
        return None  # a month of neither reading, or of both: read as it stands
    first, second = MONTH_FIRST.search(folded) is not None, DAY_FIRST.search(folded) is not None
    if first != second:
        return first
    return None


# What an answer to the question may add to the message asked about; its dates are the reading picked, and "the
# first one" is no offer picked.
ANSWER_ADDS = ("adults", "children", "rooms", "room_type", "amenity", "amenities", "name", "email")


def picked(text: str, entities: dict[str, Any], readings: list[list[str | None]]) -> bool | None:
    """Like `chosen`, with the answer's own reading (`entities`): an arrival that is one reading's ("August 7th",
    "the 8th of July, but 4 nights") picks it; any other date in it (a month alone read as its 1st aside) is read
    as it stands. Numbers that are no date ("March, for 2 of us") do not stop a month named from picking."""
    if "date_readings" in entities:
        return None
    if "check_in" in entities:
        same = [index for index, pair in enumerate(readings) if pair[0] == entities["check_in"]]
        if len(same) == 1:
            return same[0] == 0
        if re.search(r"\d", fold(text)) or "check_out" in entities or "nights" in entities:
            return None  # "August 1st": a day of its own
    elif "check_out" in entities:
        return None  # "until the 12th": read as it stands
    return chosen(re.sub(r"\d+", " ", text), readings)


def answer_adds(entities: dict[str, Any], text: str) -> dict[str, Any]:
    """What the answer says besides the reading picked: "March, for the two of us" adds 2 adults; "April 6th,
    but 3 nights" its own length of stay."""
    added = {key: value for key, value in entities.items() if key in ANSWER_ADDS}
    if "check_in" in entities and ("check_out" in entities or "nights" in entities):
        added.update({key: entities.get(key) for key in ("check_out", "nights")})
    if (
        added.get("adults") == 1
        and re.search(r"\bone\b", fold(text))
        and not re.search(r"\b(?:adult|person|people|guest)", fold(text))
    ):
        added.pop("adults")  # "the August one": the reading's "one", never a party of one
    return added


def written_out(text: str, month_first: bool) -> str:
    """The message with its numeric dates written out in the order chosen ("12/03" -> "March 12")."""

    def replace(match: re.Match[str]) -> str:
        a, b = int(match["a"]), int(match["b"])
        month, day = (a, b) if month_first else (b, a)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return match[0]
        year = match["y"] or ""
        if len(year) == 2:
            year = f"20{year}"
        return f"{r.MONTHS['en'][month - 1]} {day}" + (f" {year}" if year else "")

    return NUMERIC_DATE.sub(replace, text)
