"""Small readers of guest answers shared by the handlers (names, emails, references, numbers)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from hotel_agent.nlp.normalize import LOWER_LETTERS, UPPER_LETTERS
from hotel_agent.orchestrator.references import KIND_WORDS
from hotel_agent.pms.base import Occupancy

EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")
EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.\-]*(?:['’.\-][^\W\d_]+)*\.?$")
REFERENCE_TOKEN = re.compile(r"\b(?=[A-Za-z0-9\-]*\d)[A-Za-z0-9][A-Za-z0-9\-]{0,23}\b")
REFERENCE_AFTER_KEYWORD = re.compile(
    r"(?:reserva|reservaci[oó]n|booking|reservation|localizador|confirmaci[oó]n|confirmation|n[uú]mero|number|"
    r"n[º°o]\.?|#)\s*(?:n[º°o]\.?\s*|number\s+|#\s*)?([A-Za-z0-9]*\d[A-Za-z0-9\-]*)\b",
    re.IGNORECASE,
)
BARE_NUMBER = re.compile(r"^\D*?(\d{1,2})\D*$")
# Words that label a name in a form or a request ("Contact Rafael Moreno", "Titular: Marta Gil"), never part of it.
NAME_LABEL = (
    r"(?:titular|hu[eé]sped(?: principal)?|contacto|persona de contacto|reserva (?:a nombre de|para)|"
    r"(?:lead |main )?guest(?: name)?|(?:booking |account |card )?holder|booker|attn\.?|attention|"
    r"contact(?: person| name)?|reservation for|booking for)"
)
NAME_PREFIXES = re.compile(
    r"^(?:(?:(?:y|and)\s+)?(?:mi nombre(?: es)?|me llamo|soy|a nombre de|my name(?: is)?|i am|i'm|i’m|this is|"
    # "im leo", "Im leo" (never the surname Im: "Im Soojin")
    rf"(?-i:[Ii]m(?=\s+[{LOWER_LETTERS}])|im)|"
    # "ok its jenna miller", "es Marta Gil", "sería marta gil", "name's jenna miller"
    r"it'?s|it’s|it is|es|ser[ií]a|under|"
    r"name(?:'s|’s| is)?:?|nombre:?|"
    # a label before the name, never part of it: "Contact Rafael Moreno", "Attn: …", "Persona de contacto …"
    rf"{NAME_LABEL}(?:\s+(?:is|will be|es|ser[aá]))?:?|"
    # someone else's name: "the guest is Manuel Ortega", "el huésped es…", "his name is…", "se llama…"
    r"(?:the |el |la |our |nuestr[oa] )?(?:guest|gu?est'?s name|hu[eé]sped|traveller|traveler|pasajer[oa]|titular|"
    r"client[ea]?)"
    r"(?:'s name| name)?(?:\s+(?:is|will be|es|ser[aá]|se llama))?:?|"
    r"(?:his|her|their|su) (?:full )?(?:name|nombre)(?: completo)?(?:\s+(?:is|es))?:?|"
    r"(?:he|she)(?:'s| is) called|se llama)\s+)",
    re.IGNORECASE,
)
MAX_NAME_WORDS = 5
# Words that put something right: "no", "perdón", "mejor", "en realidad", "me equivoqué", "cambia", "espera", "al
# final", "actually", "sorry", "wait", "instead", "make it", "change", "I meant". A message with one is never answered
# as if nothing had been said (folded text, the no of a yes taken out first).
CORRECTION_CUE = re.compile(
    r"\b(?:perdon\w*|disculp\w*|mejor|en realidad|realmente|me equivoque|nos equivocamos|me confundi|"
    r"equivocad[oa]|cambi\w*|corrig\w*|correg\w*|espera\w*|al final|en vez|en lugar|quise decir|quiero decir|"
    r"actually|sorry|wait|instead|make (?:it|that)|chang\w*|i meant|i mean|oops|ups|my mistake|my bad|correction|"
    r"rather|on second thought|pensandolo mejor)\b"
)
NAME_PARTICLES = frozenset(
    [
        "de",
        "del",
        "la",
        "las",
        "los",
        "y",
        "i",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "van",
        "von",
        "der",
        "den",
        "le",
    ]
)
# Words that end a request, never a name ("Delux please"); "Vale" or "Bueno" may well be surnames.
NOT_LAST_NAME_WORDS = frozenset(
    ["please", "pls", "thanks", "thank", "gracias", "porfa", "favor", "instead", "one", "room", "rooms"]
)
# Short replies that pass for two capitalised words ("Yes please", "Ok reservo") but are nobody's name.
NOT_NAME_WORDS = frozenset(
    [
        "yes",
        "yeah",
        "yep",
        "please",
        "ok",
        "okay",
        "vale",
        "si",
        "sí",
        "no",
        "nope",
        "sure",
        "claro",
        "dale",
        "perfecto",
        "perfect",
        "genial",
        "great",
        "good",
        "bien",
        "gracias",
        "thanks",
        "thank",
        "you",
        "hola",
        "hi",
        "hello",
        "reservo",
        "reserva",
        "reservar",
        "book",
        "booking",
        "it",
        "quiero",
        "want",
        "por",
        "favor",
        "the",
        "la",
        "el",
        "de",
        "una",
        "un",
        "and",
        "y",
        # a correction's lead-in: "perdón, el correo es…", "sorry, it's…"
        "perdon",
        "perdón",
        "perdona",
        "sorry",
        "espera",
        "wait",
        "actually",
        "oops",
        "uy",
        "ah",
        "oh",
        "bueno",
        "pues",
        "mejor",
        "better",
        "rather",
        "instead",
        "hmm",
        "my",
        "mi",
        "email",
        "correo",
        # someone else's details: "his email is…", "su correo es…"
        "his",
        "her",
        "their",
        "su",
        "sus",
        "guest",
    ]
)


def is_valid_email(value: str) -> bool:
    return bool(EMAIL.match(value.strip()))


def find_email(text: str) -> str | None:
    match = EMAIL_IN_TEXT.search(text)
    return match.group(0) if match else None


# A guest introducing themselves inside a longer message: "Hello, Sophie Marsh here", "this is Margaret
# Evans", "me llamo Ana López y quería…" (each word of the name capitalised).
# a capital after an apostrophe or hyphen too: "O'Neill", "McKay-Smith"
_CAP = rf"[{UPPER_LETTERS}](?:[{LOWER_LETTERS}'’\-]|(?<=['’\-])[{UPPER_LETTERS}])+"
NAME_INTRODUCED = re.compile(
    r"\b(?:my name is|this is|i am|i'm|me llamo|mi nombre es|soy|"
    # "…, name Lucas Moreau, email …", "nombre: Marta Gil", "a nombre de Marta Gil"
    r"(?i:(?:full |guest |my )?name(?:'s| is)?|(?:under|booked under) the name|(?:mi |el )?nombre|a nombre de)\s*:?|"
    # a form's label with its colon: "Titular: Fernando Aguilar Mora", "Huésped: …", "Lead guest: Helen Park"
    rf"(?i:{NAME_LABEL}|cliente)\s*:|"
    # a contact is a person even without the colon: "Contact person Nadia Frost, nadia@…"
    r"(?i:contact(?: person)?|persona de contacto|contacto))\s+(" + _CAP + r"(?:\s+" + _CAP + r"){1,2})\b|"
    r"\b(" + _CAP + r"(?:\s+" + _CAP + r"){1,2})\s+(?:here|aqu[ií])\b"
)


def introduced_name(text: str) -> tuple[str, str] | None:
    """The full name a guest gives of themselves inside a longer message, if any."""
    match = NAME_INTRODUCED.search(text)
    if match is None:
        return None
    name = split_name(match.group(1) or match.group(2))
    return name if name is not None and name[1] else None


# The guest asks for the booking to be under another name (theirs in full, or someone else's):
# "put it under my full name, Katherine Lee", "ponela a nombre de mi esposa, Carolina Paz".
NAME_CHANGE = re.compile(
    r"\b(?:under|in)\s+(?:my|his|her|our|the)\s+(?:[\w'’]+\s+){0,2}?name\b|\bunder the name\b|"
    r"\b(?:put|make|change|switch|book|have)\s+(?:it|the (?:booking|reservation|name))\s+(?:under|to|in)\b|"
    r"\b(?:the |my )?(?:full |correct |right )?name (?:(?:on|for|of) (?:the|this|my|our) (?:booking|reservation) )?"
    r"(?:should be|is actually|will be|must be|needs to be|has to be)\b|"
    r"\bel nombre (?:de|en) (?:la|mi) reserva (?:es|ser[ií]a|sea|tiene que ser|debe ser|va a ser)\b|"
    r"\b(?:change|correct|fix)\s+(?:the|my)\s+name\b|"
    # an instruction: "pon el nombre completo, X", "put my full name, X", "cámbialo a X", "change it to X"
    r"\b(?:pon|ponga|ponme|put|use|write)\s+(?:el|mi|su|the|my)\s+(?:full |whole |complete )?(?:nombre|name)\b|"
    r"\b(?:c[aá]mbi(?:a|alo|ala|elo|ela)|change it|make it|switch it)\s+(?:a|to)\s+"
    rf"(?=[{UPPER_LETTERS}])(?![^,]*\b(?:rooms?|suite|habitaci|\d))|"
    r"\ba nombre (?:de|del)\b|\b(?:cambi\w*|corrig\w*)\s+(?:el|mi)\s+nombre\b|"
    r"\b(?:el |mi )?nombre (?:completo |correcto )?(?:es|ser[ií]a|sea|va a ser)\b|"
    # the spelling put right: "sorry, it's spelled Sean, Sean O'Neill", "me equivoqué con el apellido, es ..."
    r"\b(?:spelled|spelt|spelling|misspel\w*|typo|wrong name|(?:last name|surname) is)\b|"
    r"\bme equivoqu\w* (?:con|en|de) (?:el |mi )?(?:nombre|apellido)\b|\b(?:el |mi )?apellido (?:correcto )?es\b|"
    r"\b(?:mi |el )?(?:nombre|apellido) (?:va|se escribe|lleva)\b|\bse escribe\b|\bmal escrito\b|"
    # "espera, es Alba Reyes", "oops, I'm Amy Reid": a cue, then who it is (never a room: "perdón, es Delux Rooms")
    r"\b(?:perd[oó]n\w*|espera|disculpa|uy|ups|sorry|wait|oops|actually|en realidad|me equivoqu\w*|my mistake|"
    rf"my bad)\W+(?:es|it'?s|it is|soy|i'?m|i am)\s+(?=[{UPPER_LETTERS}])(?![^,]*\b(?:rooms?|suite|habitaci))|"
    # "it's John Mercer, with an h", "es Jhon Pérez, con h": the message opens with who it is
    rf"^\s*(?:es|it'?s|it is)\s+(?=[{UPPER_LETTERS}])(?![^,]*\b(?:rooms?|suite|habitaci))",
    re.IGNORECASE,
)
# A spelling note after the name: "…, with an h", "…, con h", "…, with two n's", "…, con doble ele".
SPELLING_NOTE = re.compile(
    r"\s*[,(-]?\s*(?:with an? \w\b|with (?:two|double) \w+|con (?:una? )?(?:h|hache|zeta|ele|erre|uve|jota|ge|be|ye|i griega|\w)\b|con (?:doble|dos) \w+)"
    r"[.!)]?\s*$",
    re.IGNORECASE,
)
# A full name typed at the end of a message, each word capitalised ("…, Katherine Lee").
TRAILING_NAME = re.compile(
    r"(?:^|[\s,:;])(" + _CAP + r"(?:\s+(?:de|del|de la|van|von|da)?\s*" + _CAP + r"){1,3})\s*[.!]?\s*$"
)


# Someone the booking may be for: "my son", "mi jefa", "my husband's".
RELATION = (
    r"(?:son|daughter|wife|husband|partner|mother|mom|mum|father|dad|boss|friend|colleague|co-?worker|brother|"
    r"sister|fianc[eé]e?|girlfriend|boyfriend|hij[oa]|espos[oa]|marido|mujer|jef[ae]|madre|padre|mam[aá]|pap[aá]|"
    r"herman[oa]|pareja|novi[oa]|amig[oa]|compa[nñ]er[oa]|suegr[oa]|t[ií][oa]|abuel[oa])"
)
# "it's for my mother, Rose Adams", "es para mi madre, Elena Mora": the booking is for someone else.
FOR_SOMEONE = re.compile(
    rf"\b(?:it'?s|it is|is|es|ser[aá]) (?:\w+ )?(?:for|para) (?:my|mi) {RELATION}\b", re.IGNORECASE
)
# The name after who it is, typed in any case: "to my son jack hale please", "de mi hermano luis pardo".
NAME_AFTER_RELATION = re.compile(
    rf"\b(?:my|mi|his|her|our|su|nuestr[oa]) {RELATION}(?:['’]s)?(?: name)?\W{{1,3}}(?:(?:is|es|se llama)\s+)?"
    r"(?P<name>[^\W\d_]+(?:['’\-][^\W\d_]+)*(?:\s+[^\W\d_]+(?:['’\-][^\W\d_]+)*){1,2})",
    re.IGNORECASE,
)
# What may follow the name: "please", "not me", "que es mi jefa".
AFTER_NAME = re.compile(
    r"(?:\W+(?:please|pls|thanks|thank you|por favor|porfa|gracias|instead|en su lugar|actually|en realidad|"
    r"not me|not mine|no (?:para )?m[ií]|no a m[ií] nombre|(?:que |quien )?es (?:mi|su) \w+|"
    r"(?:who|he|she)(?: is|'s|’s) (?:my|our) \w+))+\W*$",
    re.IGNORECASE,
)
# Words never part of a name read in lower case after who it is.
NOT_IN_A_NAME = frozenset(
    [
        "please",
        "pls",
        "thanks",
        "por",
        "favor",
        "porfa",
        "gracias",
        "instead",
        "not",
        "no",
        "and",
        "y",
        "name",
        "nombre",
        "is",
        "es",
        "the",
        "la",
        "el",
        "que",
        "who",
        "for",
        "para",
        "isn't",
        "is",
        "coming",
        "can't",
        "won't",
        "will",
        "has",
        "have",
        "viene",
        "vienen",
        "va",
        "puede",
        "with",
        "con",
    ]
)


def corrected_name(text: str) -> tuple[str, str] | None:
    """The full name a guest asks the booking to be under instead of the one given, if this message asks."""
    if NAME_CHANGE.search(text) is None and FOR_SOMEONE.search(text) is None:
        return None
    trimmed = AFTER_NAME.sub("", SPELLING_NOTE.sub("", text))
    if (match := TRAILING_NAME.search(trimmed)) is not None:
        name = split_name(match.group(1))
        if name is not None and name[1]:
            return name
    if NAME_NAMED.search(text) is None and FOR_SOMEONE.search(text) is None:
        return None  # "it's for 1 adult, my husband isn't coming": who it is, no name given
    if (after := NAME_AFTER_RELATION.search(trimmed)) is None:
        return None
    words = after["name"].split()
    while words and words[-1].casefold() in NOT_IN_A_NAME:
        words.pop()
    if len(words) < 2 or any(w.casefold() in NOT_IN_A_NAME for w in words):
        return None
    name = split_name(" ".join(words))
    return name if name is not None and name[1] else None


def asks_a_name_change(text: str) -> bool:
    """The message asks for the booking under another name (whether or not the name could be read)."""
    return (NAME_CHANGE.search(text) is not None and NAME_NAMED.search(text) is not None) or (
        FOR_SOMEONE.search(text) is not None
    )


NAME_NAMED = re.compile(r"\b(?:name|nombre|apellido|surname)\b", re.IGNORECASE)


_REST = r"[^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*"
_WORD = r"[^\W\d_]" + _REST
# One part of the name put right: "Ortiz, no Ortega", "it's Sean not Shaun", "no es Sánchez, es Suárez", "Jessica
# instead of Jesica".
_PART_NOT_PART = re.compile(
    rf"(?P<new>{_WORD}),?\s+(?:and |y )?(?:not|no|instead of|rather than|en vez de|en lugar de)\s+(?P<old>{_WORD})\b"
)
_NOT_PART_BUT = re.compile(
    rf"\b(?:not|no(?: es)?)\s+(?P<old>{_WORD}),?\s+(?:but |sino |it'?s |its |es |is )?(?P<new>{_WORD})\b"
)
# "mi apellido es Ortiz", "my last name is Ortiz", "surname's Ortiz": the last name alone.
_LAST_NAME_IS = re.compile(
    r"\b(?i:apellido(?: correcto)? (?:es|era|ser[ií]a)|(?:last name|surname|family name)(?: is|'s| should be| is actually))\s+"
    rf"(?P<new>[{UPPER_LETTERS}]{_REST}(?: [{UPPER_LETTERS}]{_REST})?)"
)


def _same_word(a: str, b: str) -> bool:
    return fold_word(a) == fold_word(b)


def fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def swapped_name_part(text: str, first: str | None, last: str | None) -> tuple[str, str] | None:
    """The guest's name with the one part this message puts right ("Ortiz, no Ortega", "my last name is Ortiz"),
    or None when the message puts none right."""
    if not first:
        return None
    last_words = (last or "").split()
    if (said := _LAST_NAME_IS.search(text)) is not None and said["new"].casefold() not in NOT_NAME_WORDS:
        return first, said["new"]
    for pattern in (_PART_NOT_PART, _NOT_PART_BUT):
        for match in pattern.finditer(text):
            new, old = match["new"], match["old"]
            if new.casefold() in NOT_NAME_WORDS or new.casefold() == old.casefold() or not new[:1].isupper():
                continue
            if _same_word(old, first):
                return new, last or ""
            for index, word in enumerate(last_words):
                if _same_word(old, word):
                    return first, " ".join([*last_words[:index], new, *last_words[index + 1 :]])
    return None


def looks_like_email_attempt(text: str) -> bool:
    return "@" in text


# Acknowledgements a guest puts before an answer ("great. Ryan Cooper", "ok perfect, Nicole Baker", "vale,
# Ana Ruiz"): never part of a name.
ACKNOWLEDGEMENT = re.compile(
    r"^\s*(?:(?:ok(?:ay|ey)?|great|alright|all right|right|perfect|perfecto|perfecta|vale|genial|listo|lista|dale|"
    r"bueno|good|fine|cool|sure|super|súper|excellent|excelente|awesome|wonderful|lovely|nice|claro|"
    r"de acuerdo|entendido|got it|sounds good|thanks|thank you|gracias|muchas gracias|yes|yeah|yep|s[ií]|"
    r"muy bien|very well|then|so|entonces|pues|sorry|perd[oó]n|oops|uy|ah|oh|hmm+|mm+)\b[\s,.;:!¡\-]*)+",
    re.IGNORECASE,
)


# Any short lead-in ended by a stop or a comma ("ya, bacán.", "right then!"): one to three words, none capitalised but
# the first, no digit.
LEAD_IN = re.compile(r"^\s*(?:[^\W\d_][^\W\d_']*(?:\s+[^\W\d_][^\W\d_']*){0,2}\s*[,.!;:]+\s*){1,2}")


def without_acknowledgement(text: str) -> str:
    """The message without the acknowledgement words it opens with, when what follows is typed as a full name
    (each word capitalised): "great, thanks a lot" stays as it is."""
    rest = ACKNOWLEDGEMENT.sub("", text, count=1)
    words = rest.strip(" .,!¡¿?").split()
    said = text[: len(text) - len(rest)].strip()
    if len(words) == 1 and said[:1].isupper() and " " not in said and said.isalpha():
        return text  # "Dale Whitaker": a first name that is also a word of assent, then the surname
    if words and all(w[:1].isupper() for w in words):
        return rest
    # "ok its jenna miller": who it is after the acknowledgement (not "ok it's fine")
    named = NAME_PREFIXES.sub("", rest).split() if rest != text and NAME_PREFIXES.match(rest) else []
    if len(named) >= 2 and not any(
        w.casefold().strip(".,!") in NOT_NAME_WORDS | NOT_LAST_NAME_WORDS for w in named
    ):
        return rest
    acknowledged = ACKNOWLEDGEMENT.sub("", text, count=1)
    # "ya, bacán. Cristóbal Muñoz": a lead-in of words the list above lacks, before a full name; "ok fine,
    # without breakfast. Siddharth Rao": a remark after the acknowledgement, then the name
    for said in (text, acknowledged) if acknowledged != text else (text,):
        lead = LEAD_IN.match(said)
        if lead is None:
            continue
        led = lead[0].split()
        rest = said[lead.end() :]
        words = rest.strip(" .,!¡¿?").split()
        lower_lead = len(led) <= 3 and all(w[:1].islower() for w in led[1:])
        if lower_lead and len(words) >= 2 and all(w[:1].isupper() for w in words):
            return rest
    return text


def name_words(text: str) -> list[str]:
    """The words a name would be made of: no acknowledgement, no 'my name is'."""
    return NAME_PREFIXES.sub("", without_acknowledgement(text.strip())).split()


# One-word names of room kinds, folded ("suite", "family", "delux", "habitacion"): never part of a guest's name.
ROOM_KIND_WORDS = frozenset(
    word for words in KIND_WORDS.values() for word in words if " " not in word
) | frozenset(("room", "rooms", "habitacion", "habitaciones"))


# Short words typed alone as a reply ("ok", "hi", "yo", "ya", "si"): an answer or a greeting, nobody's name
# or surname, even when the name or the surname is what was asked.
SHORT_REPLY_WORDS = frozenset(
    {"ok", "okay", "okey", "oki", "k", "kk", "hi", "hey", "hola", "no", "si", "sí", "yo", "ya", "ye", "yes", "yep",
     "yup", "yah", "yeah", "sip", "nop", "nah", "oh", "ah", "eh", "uh", "um", "hm", "mm", "ey", "lol", "xd",
     "ja", "je", "jaja", "haha", "bye", "chau", "ciao", "sure", "np", "ty", "thx", "gracias", "thanks"}
)  # fmt: skip
# "li wu here", "ng chen speaking", "bo yang aquí": who it is, then a word saying so
NAME_HERE = re.compile(r"(?<=\S)\s+(?:here|speaking|aqu[ií]|al habla)$", re.IGNORECASE)


# A title (and its article) before a name, never part of it: "Dr. Amelia Hart", "Mrs Helen Fitzgerald", "la Sra.
# Carmen Iglesias", "Lic. Jorge Ruiz-Tagle" (compared folded, without the dot). Not "Don": a first name too.
TITLES = frozenset(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sr", "sra", "srta", "dra", "lic", "ing"])
TITLE_ARTICLES = frozenset(["la", "el", "the"])


def without_title(words: list[str]) -> list[str]:
    """The words of a name without the title before them, when a first and a last name remain after it ("Dr.
    Hart", a title before a surname alone, is left as written)."""
    at = 1 if len(words) > 1 and words[0].casefold() in TITLE_ARTICLES else 0
    if at < len(words) and fold_word(words[at].rstrip(".")) in TITLES and len(words) - at - 1 >= 2:
        return words[at + 1 :]
    return words


# Words after a Spanish "Dale" that make it assent, not the first name Dale
DALE_NEXT = frozenset(
    ["confirmo", "confirma", "reserva", "reservala", "gracias", "perfecto", "listo", "va", "si", "ok"]
)


def split_name(text: str) -> tuple[str, str] | None:
    """'Juan Pérez' -> ('Juan', 'Pérez'); 'Juan' -> ('Juan', ''); None when it is not a name."""
    if "?" in text or "¿" in text:
        return None  # a question is nobody's name
    cleaned = NAME_PREFIXES.sub("", without_acknowledgement(text.strip())).strip(" .,!¡¿?")
    if len(cleaned.split()) >= 3:
        cleaned = NAME_HERE.sub("", cleaned)
    words = without_title(cleaned.split())
    if len(words) == 1 and words[0].casefold() in SHORT_REPLY_WORDS:
        return None  # "yo", "ya", "ok" asked the name or the surname: no name
    if words and words[0].casefold() in ("yo", "ya"):
        return None  # "yo tambien", "ya esta": Spanish words, never a first name
    # "María del Carmen López de la Fuente": the particles do not count towards the name's length
    counted = [w for w in words[1:-1] if w.casefold() not in NAME_PARTICLES]
    if not words or len(counted) + min(len(words), 2) > MAX_NAME_WORDS:
        return None
    if not all(NAME_WORD.match(w) for w in words):
        return None
    assent_name = (  # "Dale Whitaker", never "Dale Confirmo"
        len(words) == 2
        and words[0] == "Dale"
        and words[1][:1].isupper()
        and fold_word(words[1]) not in DALE_NEXT
    )
    if (words[0].casefold() in NOT_NAME_WORDS and not assent_name) or words[
        -1
    ].casefold() in NOT_LAST_NAME_WORDS:
        return None
    if any(fold_word(w) in ROOM_KIND_WORDS for w in words):
        return None  # "change it to the Family Suite": a room asked for, never the name "Family Suite"
    if not all(w[:1].isupper() for w in words) and CORRECTION_CUE.search(fold_word(cleaned)):
        return None  # "al final lo cambiamos", "I meant the other thing": a correction, nobody's name
    words = [
        w if not w.islower() or (i and w in NAME_PARTICLES) else w.capitalize() for i, w in enumerate(words)
    ]
    return words[0], " ".join(words[1:])


def find_reference(text: str) -> str | None:
    """A booking number as guests type it: a token with at least one digit ('#1234', 'HP-00042')."""
    match = REFERENCE_TOKEN.search(text.replace("#", " "))
    return match.group(0) if match else None


NUMBER_WORDS = {
    word: value
    for value, words in enumerate(
        (
            (),
            ("uno", "una", "one"),
            ("dos", "two"),
            ("tres", "three"),
            ("cuatro", "four"),
            ("cinco", "five"),
            ("seis", "six"),
            ("siete", "seven"),
            ("ocho", "eight"),
            ("nueve", "nine"),
            ("diez", "ten"),
        )
    )
    for word in words
}
MAX_WORDS_FOR_BARE_NUMBER = 4


def reference_after_keyword(text: str) -> str | None:
    """'mi reserva 12', 'booking #A-77': a booking number named as such inside a longer sentence."""
    match = REFERENCE_AFTER_KEYWORD.search(text)
    return match.group(1) if match else None


def bare_number(text: str) -> int | None:
    """The one small number in a short answer like '2', 'dos' or 'somos 3'."""
    match = BARE_NUMBER.match(text.strip())
    if match:
        return int(match.group(1))
    words = re.findall(r"[^\W\d_]+", text.lower())
    numbers = [NUMBER_WORDS[w] for w in words if w in NUMBER_WORDS]
    if len(numbers) == 1 and len(words) <= MAX_WORDS_FOR_BARE_NUMBER:
        return numbers[0]
    return None


def occupancy(adults: int, children: int, rooms: int) -> list[Occupancy]:
    """Spread the party over the rooms asked for, at least one adult per room."""
    rooms = max(1, min(rooms, adults))
    result = []
    for index in range(rooms):
        room_adults = adults // rooms + (1 if index < adults % rooms else 0)
        room_children = children // rooms + (1 if index < children % rooms else 0)
        result.append(Occupancy(adults=room_adults, children=room_children))
    return result


def booking_reference(guest_id: str, turn: int) -> str:
    """Our idempotency reference for a booking: the same guest and turn always give the same one."""
    digest = hashlib.sha256(f"{guest_id}:{turn}".encode()).hexdigest()[:16].upper()
    return f"HA-{digest}"


# A part of the name dropped: "sin el Javier", "without the Marie", "quita el Javier".
_DROP_PART = re.compile(
    r"\b(?:sin|without|quit\w*|elimin\w*|borr\w*|sac\w*|drop|remove|delete|take out|leave out|lose)\s+"
    rf"(?:el |la |the |mi |my )?(?P<part>{_WORD})",
    re.IGNORECASE,
)
# The middle name(s) dropped: "quita el segundo nombre", "just Ana López, no middle name"; never "my middle name is".
_DROP_MIDDLE = re.compile(
    r"\b(?:segundo nombre|middle names?|second name)\b(?!\s+(?:is|es|ser[ií]a|should be)\b)", re.IGNORECASE
)
# The spelling of a part put right: "es González con z", "it's Smyth with a y", "Ann with two n's", "mal escrito".
_SPELLING_CUE = re.compile(
    # a letter after "con"/"with", never "con o sin", "with a late check-out"
    r"\b(?:con (?:una? |la )[a-zñ]\b|con (?![aeouy]\b)[a-zñ]\b|with (?:an? |the )[a-z]\b(?!['’])|"
    r"with (?:two|double) [a-z]\b|"
    r"con (?:doble|dos) (?:[a-z]|ele|erre|ene|ese|te|pe|efe|eme|ce)s?\b|(?:two|double) [a-z]'?s\b|"
    r"spelled|spelt|spelling|misspel\w*|typo|se escribe|mal escrit[oa]|escrito con|letra)",
    re.IGNORECASE,
)
_ACCENT_NOTE = re.compile(r"\b(?:acento|tilde|acentuad[oa]|accent\w*|acute)\b", re.IGNORECASE)
_ACCENT_ON = re.compile(r"\b(?:en la|on the)\s+([aeiou])\b", re.IGNORECASE)
_DOUBLE_LETTER = re.compile(
    r"\b(?:with (?:two|double)|con (?:doble|dos))\s+(?P<letter>ele|erre|ene|ese|te|pe|efe|eme|ce|[a-z])(?:'?s)?\b",
    re.IGNORECASE,
)
_LETTER_NAMES = {
    "ele": "l",
    "erre": "r",
    "ene": "n",
    "ese": "s",
    "te": "t",
    "pe": "p",
    "efe": "f",
    "eme": "m",
    "ce": "c",
}
_ACUTE = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}


def name_put_right(text: str, first: str | None, last: str | None) -> tuple[str, str] | None:
    """The guest's name with a part dropped or respelled as this message asks ("sin el Javier", "no middle name",
    "es González con z", "it's Smyth with a y", "Gonzalez con acento"), or None when it asks neither."""
    words = f"{first or ''} {last or ''}".split()
    if len(words) < 2:
        return None
    kept = _without_a_part(text, words)
    if kept is None and (_SPELLING_CUE.search(text) or _ACCENT_NOTE.search(text)):
        kept = _respelled(text, words)
    if kept is None:
        return None
    return kept[0], " ".join(kept[1:])


def _without_a_part(text: str, words: list[str]) -> list[str] | None:
    for match in _DROP_PART.finditer(text):
        found = [i for i, word in enumerate(words) if _same_word(word, match["part"])]
        if len(found) == 1 and len(words) > 2:  # a full name (first and last) always stays
            return [word for i, word in enumerate(words) if i != found[0]]
        if not found and match["part"][:1].isupper() and fold_word(" ".join(words)) in fold_word(text):
            # "a nombre de Ana Torres, sin el Belén": the name typed without the part was already taken
            return words
    if _DROP_MIDDLE.search(text) and len(words) > 2:
        if re.search(r"\bmiddle names\b", text, re.IGNORECASE):
            return [words[0], words[-1]]
        return [words[0], *words[2:]]
    return None


def _respelled(text: str, words: list[str]) -> list[str] | None:
    """The one part of the name a capitalised word of the message is a respelling of (a letter or two apart)."""
    said = [w for w in re.findall(_WORD, text) if w[:1].isupper() and fold_word(w) not in _NOT_RESPELLING]
    best: tuple[int, int, str] | None = None
    for word in said:
        for index, part in enumerate(words):
            if word == part:
                continue
            distance = _distance(fold_word(word), fold_word(part))
            if distance <= (2 if len(part) >= 6 else 1) and (best is None or distance < best[0]):
                best = distance, index, word
    if best is not None:
        return [best[2] if i == best[1] else w for i, w in enumerate(words)]
    if _ACCENT_NOTE.search(text):
        return _accented(text, words, said)
    if (double := _DOUBLE_LETTER.search(text)) is not None:
        letter = _LETTER_NAMES.get(double["letter"].casefold(), double["letter"].casefold())
        single = [i for i, w in enumerate(words) if w.casefold().count(letter) == 1]
        if len(single) == 1:
            word = words[single[0]]
            at = word.casefold().index(letter)
            return [
                word[: at + 1] + letter + word[at + 1 :] if i == single[0] else w for i, w in enumerate(words)
            ]
    return None


_NOT_RESPELLING = NOT_NAME_WORDS | {"es", "its", "it", "con", "with", "sin", "without", "no", "not"}


def _accented(text: str, words: list[str], said: list[str]) -> list[str] | None:
    """ "Gonzalez con acento": the part typed, without an accent yet, given one where Spanish puts it."""
    typed = [i for i, w in enumerate(words) if any(s == w for s in said) and fold_word(w) == w.casefold()]
    if len(typed) != 1:
        return None
    index = typed[0]
    on = _ACCENT_ON.search(text)
    word = _with_accent(words[index], on[1].casefold() if on else None)
    return None if word is None else [word if i == index else w for i, w in enumerate(words)]


def _with_accent(word: str, vowel: str | None) -> str | None:
    lower = word.casefold()
    if vowel is not None:
        spots = [i for i, ch in enumerate(lower) if ch == vowel]
        at = spots[0] if len(spots) == 1 else None
    else:
        at = _stressed_vowel(lower)
    if at is None:
        return None
    accented = _ACUTE[lower[at]]
    return word[:at] + (accented.upper() if word[at].isupper() else accented) + word[at + 1 :]


def _stressed_vowel(word: str) -> int | None:
    """Where a Spanish word that needs a written accent carries it: the last syllable when it ends in a vowel, n or
    s (Ramón, José), else the one before (González, Pérez); in "ia", "io"... the i, unless before an n (Julián)."""
    groups = [(m.start(), m.group()) for m in re.finditer(r"[aeiou]+", word)]
    if not groups:
        return None
    ends_open = word[-1] in "aeiouns"
    start, group = groups[-1] if ends_open or len(groups) == 1 else groups[-2]
    if len(group) == 1:
        return start
    strong = [i for i, ch in enumerate(group) if ch in "aeo"]
    weak_first = group[0] in "iu" and strong and not word.endswith("n")
    if weak_first or not strong:
        return start + (0 if weak_first else len(group) - 1)
    return start + strong[0]


def _distance(a: str, b: str) -> int:
    """Edits between two words (a swap of two letters counts as one)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][len(b)]


# The whole name given again to put it right: "can you put Robert Lee, my full name", "the name should be …", "the
# surname is wrong, it's …", "el apellido está mal, es …", "ponlo a nombre de …", "mi nombre completo es …".
_RESTATE_CUE = re.compile(
    r"\b(?:(?:can|could|would) you (?:please )?(?:put|use|make it)|please (?:put|use)|put it (?:under|as|in)|"
    rf"use (?:the name )?(?=[{UPPER_LETTERS}])|"
    r"(?:my|the) (?:full|complete|real|proper|correct|right) name|"
    r"(?:first |last |sur|full )?name (?:should be|must be|needs to be|has to be|is (?:wrong|incorrect|misspel\w*))|"
    r"(?:wrong|incorrect|misspel\w*) (?:first |last |sur)?name|"
    r"pon(?:lo|la|le|ga|gan|er|erlo|erla)? (?:a|al|con el) nombre|cambi\w* (?:el|mi) nombre (?:a|por)|"
    r"(?:mi |el )?nombre (?:complet|correct|real|verdader)[oa]|"
    r"(?:el |mi )?(?:nombre|apellido) (?:deber[ií]a ser|tiene que ser|debe ser|ser[ií]a|est[aá] mal|"
    r"no es (?:as[ií]|correcto|ese)|es incorrecto|va mal)|"
    r"me (?:he )?(?:equivoqu\w*|equivocad[oa]) (?:en|con|de) (?:el |mi )?(?:nombre|apellido)|"
    # "pon los dos apellidos, …", "ponle mis dos apellidos", "add my second surname", "with both surnames"
    r"(?:los|mis|ambos|con) (?:dos|ambos|segundo|dos primeros) apellidos?|(?:segundo|otro) apellido|"
    r"(?:both|two|second|other|full) (?:sur|last |family )?names?\b(?! is\b))",
    re.IGNORECASE,
)
# A full name written with capitals (particles allowed): the candidates for the name the guest ends with.
_FULL_NAME_SPAN = re.compile(_CAP + r"(?:\s+(?:(?:de|del|de la|van|von|da)\s+)?" + _CAP + r"){1,3}")
# Said as the one it is not: "not Jon Price", "no Paco Romero", "en vez de …", "rather than …".
_NEGATED_BEFORE = re.compile(
    r"\b(?:not|no|no es|isn'?t|instead of|rather than|en vez de|en lugar de|y no)\s*[,:]?\s*$", re.IGNORECASE
)
# "mi apellido es Ortiz Vega": the last name alone, never a whole name (read by swapped_name_part).
_LAST_NAME_BEFORE = re.compile(
    r"\b(?:apellidos?(?: correctos?)? (?:es|son|era|ser[ií]a)|(?:last name|surname|family name)(?: is|'s))\s*$",
    re.IGNORECASE,
)
_SOMEONE_NAMED = re.compile(rf"\b(?:my|mi|his|her|our|su|nuestr[oa]) {RELATION}\b", re.IGNORECASE)
# Capitalised words that open a sentence, never the start of a name: "Put Robert Lee", "Es Javier Ortega".
_NOT_A_NAME_START = NOT_NAME_WORDS | {
    "put",
    "use",
    "make",
    "change",
    "can",
    "could",
    "pon",
    "ponlo",
    "ponla",
    "cambia",
    "es",
    "its",
    "it's",
    "not",
    "just",
    "solo",
    "sería",
    "seria",
    "ay",
    "ah",
}


def restated_name(text: str, first: str | None, last: str | None) -> tuple[str, str] | None:
    """The whole name a guest gives again to put the booking's name right ("can you put Robert Lee, my full
    name", "el apellido está mal, es Javier Ortega", "it's Jonathan Price not Jon Price"), or None: no cue, no
    full name, someone else's name (left to the rules for it), or two different names to choose from."""
    negated = False
    candidates: list[tuple[str, str]] = []
    for match in _FULL_NAME_SPAN.finditer(text):
        tokens = list(re.finditer(r"\S+", match.group()))
        while tokens and tokens[0].group().casefold() in _NOT_A_NAME_START:
            tokens.pop(0)
        while tokens and tokens[-1].group().casefold() in NOT_LAST_NAME_WORDS:
            tokens.pop()
        words = [token.group() for token in tokens]
        if len(words) < 2 or words[0].casefold() in NAME_PARTICLES:
            continue
        before = text[: match.start() + tokens[0].start()]
        if _NEGATED_BEFORE.search(before):
            negated = True  # "not Jon Price": the name it is not
            continue
        if _LAST_NAME_BEFORE.search(before):
            return None
        name = split_name(" ".join(words))
        if name is not None and name[1] and name not in candidates:
            candidates.append(name)
    if len(candidates) != 1 or FOR_SOMEONE.search(text) or _SOMEONE_NAMED.search(text):
        return None  # someone else's name ("for my colleague, …"): the rules for that read it
    name = candidates[0]
    return name if negated or _RESTATE_CUE.search(text) or NAME_CHANGE.search(text) else None


def as_int(value: object) -> int | None:
    """A count read from the entities (an int, or digits typed as text); never a bool."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None
