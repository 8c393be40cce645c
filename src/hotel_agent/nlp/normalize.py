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
_DASH_RANGE = re.compile(r"(?<=\d) ?[\u2013\u2014\u2012\u2212] ?(?=\d)")
# "Sept 4 – Sept 9", "4th – 9th": a dash with a date on either side, spaced, reads as a hyphen
_DASH_SPACED = re.compile(r"(?<=[\da-z]) [\u2013\u2014\u2012\u2212] (?=[\da-z])")


# Letters that can start (upper) or go on (lower) a name in a Latin script, accented ones too: "Wiśniewska",
# "Łukasz", "Søren", "Çağla", "Weiß", "Dvořák". For use inside a regex's character class.
UPPER_LETTERS = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
LOWER_LETTERS = "a-z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.islower())


def strip_accents(text: str) -> str:
    # ñ survives as n: "mañana" -> "manana"; the lexicons are written in folded form.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    folded = strip_accents(text.lower())
    folded = folded.replace("¿", " ").replace("¡", " ")
    folded = _DASH_RANGE.sub("-", folded)
    folded = _DASH_SPACED.sub(" - ", folded)  # "4–9 September": an en or em dash between numbers is a range
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
    "treinta": 30,
    "cuarenta": 40,
    "cincuenta": 50,
    "sesenta": 60,
    "setenta": 70,
    "ochenta": 80,
    "noventa": 90,
    "cien": 100,
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
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SPANISH_UNITS = {"un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6}
_SPANISH_UNITS |= {"siete": 7, "ocho": 8, "nueve": 9}
_SPANISH_TENS = {
    word: value for word, value in SPANISH_NUMBERS.items() if value % 10 == 0 and 30 <= value <= 90
}
_ENGLISH_UNITS = {word: value for word, value in ENGLISH_NUMBERS.items() if value < 10}
_ENGLISH_TENS = {
    word: value for word, value in ENGLISH_NUMBERS.items() if value % 10 == 0 and 20 <= value <= 90
}
# Only the first five ordinals are also everyday words ("the second one", "first time here"): they are read
# as days only next to a month or another day. The rest are days wherever they stand.
_SMALL_ORDINALS = {"primero": 1, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
_ENGLISH_ORDINALS = {
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}
_UNIT_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
_UNIT_ORDINALS |= {word: value for word, value in _ENGLISH_ORDINALS.items() if value < 10}


def _alternation(words: dict[str, int]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# "veintidós", "veinti dos", "veinte y dos"; "treinta y uno"; "twenty-two", "twenty two", "twenty-first".
_SPANISH_COMPOUND = re.compile(
    rf"\b(?:veinti ?|veinte y )(?P<u20>{_alternation(_SPANISH_UNITS)})\b"
    rf"|\b(?P<t>{_alternation(_SPANISH_TENS)}) y (?P<u>{_alternation(_SPANISH_UNITS)})\b"
)
_ENGLISH_COMPOUND = re.compile(
    rf"\b(?P<t>{_alternation(_ENGLISH_TENS)})[ -](?:(?P<o>{_alternation(_UNIT_ORDINALS)})|(?P<u>{_alternation(_ENGLISH_UNITS)}))\b"
)
_ENGLISH_ORDINAL = re.compile(rf"\b({_alternation(_ENGLISH_ORDINALS)})\b(?! (?:floor|time|row|place)\b)")
_ALL_NUMBER_WORDS = {**SPANISH_NUMBERS, **ENGLISH_NUMBERS}
_NUMBER_WORD = re.compile(rf"\b({_alternation(_ALL_NUMBER_WORDS)})\b")
# Guests mix languages ("dos adultos from Friday"), so both languages' words count, except the one that is an
# ordinary word in the other: "once" (eleven in Spanish) in English, "ten" (the verb) in Spanish.
_NUMBER_WORD_ES = re.compile(
    rf"\b({_alternation({k: v for k, v in _ALL_NUMBER_WORDS.items() if k != 'ten'})})\b"
)
_NUMBER_WORD_EN = re.compile(
    rf"\b({_alternation({k: v for k, v in _ALL_NUMBER_WORDS.items() if k != 'once'})})\b"
)
_ORDINAL_SUFFIX = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|º|ª|ro|ero|o)\b")
# "for 5th to 7th", "arriving 20th, leaving 23rd": an English ordinal standing alone is a day of the month; it
# becomes "the 5" like "the 5th" (before a noun it is not: "2nd option", "3rd floor").
_BARE_ORDINAL = re.compile(
    r"(?<![\w-])(?P<d>\d{1,2})(?:st|nd|rd|th)\b"
    r"(?= *(?:$|[,.!?;)]|-|(?:to|til|till|until|thru|through|and|or|of|for|please|pls|plz|n|then|instead)\b|&|\d))"
)
# "18-19th": the range reads as days too.
_ORDINAL_RANGE = re.compile(r"(?<![\w-])(?P<d>\d{1,2}) ?- ?(?P<e>\d{1,2})(?:st|nd|rd|th)\b")
_ORDINAL_HAS_ARTICLE = re.compile(r"\b(?:the|el|del|al|of|de)\s*$")


def _bare_ordinal(match: re.Match[str]) -> str:
    days = f"{match['d']}-{match['e']}" if "e" in match.groupdict() else match["d"]
    if _ORDINAL_HAS_ARTICLE.search(match.string, 0, match.start()):
        return days
    return f"the {days}"


_ONE_AS_PRONOUN = re.compile(
    r"\b(?:the|that|this|which|each|every|no|any|another|other|our|my|your)"
    r"(?: \d{1,2}| first| second| third| last| other| same| little| young| small| big| cheap| cheaper| cheapest| bigger"
    r"| larger| smaller| new| old| right| nice| good| best| quiet| quieter| youngest| eldest| oldest)? $"
)
_MONTH_WORDS = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_SMALL_ORDINAL = _alternation(_SMALL_ORDINALS)
# "the first of May", "el primero de mayo", "May first", "from the third to the fifth".
_ORDINAL_DAY = re.compile(
    rf"\b(?P<a>el|the) (?P<o>{_SMALL_ORDINAL})\b(?= (?:of|de) )"
    rf"|\b(?P<m>{_MONTH_WORDS}) (?:the )?(?P<o2>{_SMALL_ORDINAL})\b"
    rf"|\b(?P<a3>the) (?P<o3>{_SMALL_ORDINAL})\b(?= (?:to|till|until|through|and) (?:the )?(?:\d|{_SMALL_ORDINAL}))"
    rf"|\b(?P<c4>to|till|and) the (?P<o4>{_SMALL_ORDINAL})\b"
)


def _ordinal_day(match: re.Match[str]) -> str:
    if match["o"]:
        return f"{match['a']} {_SMALL_ORDINALS[match['o']]}"
    if match["o2"]:
        return f"{match['m']} {_SMALL_ORDINALS[match['o2']]}"
    if match["o3"]:
        return f"{match['a3']} {_SMALL_ORDINALS[match['o3']]}"
    return f"{match['c4']} the {_SMALL_ORDINALS[match['o4']]}"


def _spanish_compound(match: re.Match[str]) -> str:
    if match["u20"]:
        return str(20 + _SPANISH_UNITS[match["u20"]])
    return str(_SPANISH_TENS[match["t"]] + _SPANISH_UNITS[match["u"]])


def _english_compound(match: re.Match[str]) -> str:
    unit = _UNIT_ORDINALS[match["o"]] if match["o"] else _ENGLISH_UNITS[match["u"]]
    return str(_ENGLISH_TENS[match["t"]] + unit)


def numbers_to_digits(folded: str, language: str | None = None) -> str:
    """Number words to digits and "3rd"/"1º"/"twentieth" to "3"/"1"/"20"; the input must already be folded.

    With a language, the words that are ordinary words in it stay ("once" in English, "ten" in Spanish). Speech
    recognisers write numbers either way, so "del diez al doce" and "del 10 al 12" take the same path.
    """
    text = _BARE_ORDINAL.sub(_bare_ordinal, _ORDINAL_RANGE.sub(_bare_ordinal, folded))
    text = _ORDINAL_SUFFIX.sub(r"\1", text)
    text = _SPANISH_COMPOUND.sub(_spanish_compound, text)
    text = re.sub(r"\bprimero de\b", "1 de", text)  # "primero de marzo" without an article
    text = re.sub(r"\b(del?|el) primero\b(?= (?:al|hasta|y|a) )", r"\1 1", text)  # "del primero al tres"
    text = _ENGLISH_COMPOUND.sub(_english_compound, text)
    text = _ENGLISH_ORDINAL.sub(lambda m: str(_ENGLISH_ORDINALS[m.group(1)]), text)
    text = _ORDINAL_DAY.sub(_ordinal_day, text)
    # "a couple with a baby": two adults, not a party of two that includes the baby
    text = re.sub(r"\ba couple(?= (?:with|\+|plus) )", "2 adults", text)
    text = re.sub(r"\ba couple of\b|\ba couple\b|\bun par de\b", "2", text)
    pattern = {"es": _NUMBER_WORD_ES, "en": _NUMBER_WORD_EN}.get(language or "", _NUMBER_WORD)

    def to_digits(match: re.Match[str]) -> str:
        # "that's the one", "which one": a pronoun, not a number (it would read as "the 1st").
        if match.group(1) == "one" and _ONE_AS_PRONOUN.search(text, 0, match.start()):
            return match.group(1)
        return str(_ALL_NUMBER_WORDS[match.group(1)])

    return _hundreds(pattern.sub(to_digits, text))


# "la reserva número ciento doce", "booking one hundred and twelve": after the words became digits, the hundreds
# join them ("ciento 12" -> "112"). Not "por ciento" (percent).
_SPANISH_HUNDREDS = {
    "ciento": 100,
    "doscientos": 200,
    "trescientos": 300,
    "cuatrocientos": 400,
    "quinientos": 500,
    "seiscientos": 600,
    "setecientos": 700,
    "ochocientos": 800,
    "novecientos": 900,
}
_HUNDREDS = re.compile(
    rf"(?<!\bpor )\b(?P<es>{_alternation(_SPANISH_HUNDREDS)})(?: (?P<es_rest>\d{{1,2}})\b)?"
    r"|\b(?P<en>[1-9]|a) hundred(?:(?: and)? (?P<en_rest>\d{1,2})\b)?"
)


def _hundreds(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        if match["es"]:
            if match["es"] == "ciento" and not match["es_rest"]:
                return match[0]
            return str(_SPANISH_HUNDREDS[match["es"]] + int(match["es_rest"] or 0))
        hundreds = 1 if match["en"] == "a" else int(match["en"])
        return str(100 * hundreds + int(match["en_rest"] or 0))

    return _HUNDREDS.sub(replace, text)


# How guests text a few words the extractors look for (folded): "this wknd", "xa 2", "12 d abril", "mñn".
_TEXTING = (
    (re.compile(r"\b(?:wknd|wkend|wkd|w/e|weeknd|wekend)\b"), "weekend"),
    (re.compile(r"\bxa\b"), "para"),
    (re.compile(r"(?<=\d) d (?=" + _MONTH_WORDS + r"\b)"), " de "),
    (re.compile(r"\b(?:mnn|mnna|mna|mnana)\b"), "manana"),
)


def expand_texting(folded: str) -> str:
    for pattern, word in _TEXTING:
        folded = pattern.sub(word, folded)
    return folded


def prepare(text: str, language: str | None = None) -> str:
    """fold + numbers_to_digits: the form the rule-based extractors read."""
    return numbers_to_digits(expand_texting(fold(text)), language)
