"""Text normalisation shared by the date resolver, the entity extractors and the classifier.

Everything downstream matches on `fold(text)`: lower case, accents stripped, emojis and odd punctuation
turned into spaces, letters repeated three or more times squeezed to two. Number words become
digits (`numbers_to_digits`) so "tres noches" and "3 noches" take the same path.
"""

from __future__ import annotations

import re
import unicodedata

_KEEP = re.compile(r"[^a-z0-9@#/:.,;!?+\-_'ºª&\s]")
_REPEATS = re.compile(r"([a-z])\1{2,}")  # squeezed to two: "holaaa" -> "holaa", "boook" -> "book"
_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    # ñ survives as n: "mañana" -> "manana"; the lexicons are written in folded form.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    folded = strip_accents(text.lower())
    folded = folded.replace("¿", " ").replace("¡", " ")
    folded = _KEEP.sub(" ", folded)
    folded = _REPEATS.sub(r"\1\1", folded)
    return _SPACES.sub(" ", folded).strip()


SPANISH_NUMBERS = {
    "un": 1,
    "uno": 1,
    "una": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "once": 11,
    "doce": 12,
    "trece": 13,
    "catorce": 14,
    "quince": 15,
    "dieciseis": 16,
    "diecisiete": 17,
    "dieciocho": 18,
    "diecinueve": 19,
    "veinte": 20,
    "veintiuno": 21,
    "treinta": 30,
}
ENGLISH_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}
_ORDINAL_WORDS = {
    "primero": 1,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
}
_ALL_NUMBER_WORDS = {**SPANISH_NUMBERS, **ENGLISH_NUMBERS}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(sorted(_ALL_NUMBER_WORDS, key=len, reverse=True)) + r")\b")
_ORDINAL_SUFFIX = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|º|ª|o)\b")
_ONE_AS_PRONOUN = re.compile(
    r"\b(?:the|that|this|which|each|every|no|any|another|other)(?: \d{1,2}| first| second| third| last| other| same)? $"
)
_ORDINAL_DAY = re.compile(r"\b(el|the) (primero|first|second|third|fourth|fifth)\b(?= (?:of|de) )")


_NUMBER_WORD_ES = re.compile(r"\b(" + "|".join(sorted(SPANISH_NUMBERS, key=len, reverse=True)) + r")\b")
_NUMBER_WORD_EN = re.compile(r"\b(" + "|".join(sorted(ENGLISH_NUMBERS, key=len, reverse=True)) + r")\b")


def numbers_to_digits(folded: str, language: str | None = None) -> str:
    """Number words to digits and "3rd"/"1º" to "3"/"1"; the input must already be folded.

    With a language only its own words are converted ("once" is eleven in Spanish, not in English).
    """
    text = _ORDINAL_SUFFIX.sub(r"\1", folded)
    text = _ORDINAL_DAY.sub(lambda m: f"{m.group(1)} {_ORDINAL_WORDS[m.group(2)]}", text)
    # "primero de marzo" without an article.
    text = re.sub(r"\bprimero de\b", "1 de", text)
    text = re.sub(r"\ba couple of\b|\ba couple\b", "2", text)
    pattern = {"es": _NUMBER_WORD_ES, "en": _NUMBER_WORD_EN}.get(language or "", _NUMBER_WORD)

    def to_digits(match: re.Match[str]) -> str:
        # "that's the one", "which one": a pronoun, not a number (it would read as "the 1st").
        if match.group(1) == "one" and _ONE_AS_PRONOUN.search(text, 0, match.start()):
            return match.group(1)
        return str(_ALL_NUMBER_WORDS[match.group(1)])

    return pattern.sub(to_digits, text)


def prepare(text: str, language: str | None = None) -> str:
    """fold + numbers_to_digits: the form the rule-based extractors read."""
    return numbers_to_digits(fold(text), language)
