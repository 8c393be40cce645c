"""Which room a guest means by their words: a room's name typed by hand ("Delux", "Luxury Rooms"), its kind
in everyday words ("la de lujo", "the double", "dos camas"), a feature from its description ("the one with
the balcony"), a position or price among the options last shown ("the second one", "la más barata")."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TypeVar

from rapidfuzz.distance import OSA

from hotel_agent.nlp.types import Language
from hotel_agent.orchestrator.profile import HotelProfile
from hotel_agent.orchestrator.state import Offer
from hotel_agent.pms.base import RoomType

_Item = TypeVar("_Item")


# Pure, and asked of the same message many times in one turn.
@functools.lru_cache(maxsize=1024)
def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _mend_price_slips("".join(ch for ch in decomposed if not unicodedata.combining(ch)))


# Price words typed with a slip ("the cheepest", "cheapst", "la mas econimica"): read as meant, the way a room
# kind typed with a slip is (b/v alike: "varata").
PRICE_WORDS = ("cheapest", "cheaper", "barata", "barato", "economica", "economico")
# real words a slip away from one ("una baraja", "cheapen")
_NOT_SLIPS = frozenset(("baraja", "cheapen", "cheaply"))
_LONG_WORD = re.compile(r"[a-z]{5,}")


def _mend_price_slips(folded: str) -> str:
    def mended(match: re.Match[str]) -> str:
        typed = match[0]
        if typed in PRICE_WORDS or typed in _NOT_SLIPS:
            return typed
        as_b = "b" + typed[1:] if typed[0] == "v" else typed
        for word in PRICE_WORDS:
            if as_b[0] == word[0] and (
                _one_edit_apart(as_b, word) or (word == "cheapest" and OSA.distance(as_b, word) <= 2)
            ):
                return word
        return typed

    return _LONG_WORD.sub(mended, folded)


# Everyday words for each room kind (folded). A PMS room name is matched on its own words too.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    # "the sweet", "la suit", "twn", "dbl": how guests text them (never "sweet" alone: "sweet, thanks")
    "suite": (
        "suite",
        "de lujo",
        "lujo",
        "lujosa",
        "luxury",
        "luxe",
        "the sweet",
        "the suit",
        "la suit",
        "la suitt",
        "suites",
        "lujosas",
    ),
    "double": (
        "doble",
        "dobles",  # "2 habitaciones dobles": several rooms of a kind are named in the plural
        "double",
        "doubles",
        "dbl",
        "delux",
        "deluxe",
        "de luxe",
        "matrimonial",
        "king bed",
        "king size",
        "cama king",
        "cama grande",
    ),
    "twin": (
        "twin",
        "twn",
        "dos camas",
        "2 camas",
        "two beds",
        "2 beds",
        "camas separadas",
        "separate beds",
        "ejecutiva",
        "ejecutivo",
        "ejecutivas",
        "ejecutivos",
        "executive",
        "exec",  # "the exec room", as guests text it
    ),
    # never "familias": "somos dos familias" is the party
    "family": ("familiar", "familiares", "family", "familia", "para familias"),
    "single": (
        "sencilla",
        "sencillo",
        "sencillas",
        "sencillos",
        "individual",
        "individuales",
        "single",
        "singles",
        "estandar",
        "standard",
        "basica",
        "basic",
        "general",
    ),
}
# Folded text; "varata" (b/v) and "more cheap" are how guests really type it.
# Diminutives and comparatives too: "la más baratita", "la mas carita", "the pricier one", "the costlier one".
CHEAPEST = re.compile(
    r"\b(?:(?:la |el |lo )?mas (?:[bv]arat(?:it)?[oa]|economic[oa])|[bv]arat(?:it)?[oa]|economic[oa]|cheapest|"
    r"cheaper|chepest|cheapes|more cheap|less expensive|lowest(?: price[d]?)?|least expensive|the cheap one|"
    r"cheap (?:one|room)|cheapie|cheapo|least pricey|less pricey|menor precio|precio mas bajo|mas asequible|"
    r"affordable|low cost|"
    # the room wanted by its price, said before any list: "something cheap pls", "as cheap as possible", "algo asequible"
    r"(?:something|anything|somewhere|sth|smth|algo) (?:really |super |pretty |very |on the )?cheap(?:ish)?|"
    r"(?:as )?cheap as (?:possible|you can|it gets|you(?:'ve)? got)|cheap(?:ish)? (?:option|place|stay|rate)|"
    r"budget (?:room|option|one)|lowest rate|inexpensive|algo (?:asequible|accesible))\b"
)
DEAREST = re.compile(
    r"\b(?:mas car(?:it)?[oa]|mas costos[oa]|most expensive|priciest|pricier|more pricey|most pricey|"
    r"the pricey one|costliest|costlier|more costly|most costly|dearest|dearer|highest price[d]?|"
    r"higher price[d]?|more expensive|the best one|la mejor|el mejor)\b"
)
ORDINALS: dict[str, int] = {
    "primer": 1, "primera": 1, "primero": 1, "first": 1, "1st": 1,
    "segunda": 2, "segundo": 2, "second": 2, "2nd": 2,
    "tercera": 3, "tercero": 3, "tercer": 3, "third": 3, "3rd": 3,
    "cuarta": 4, "cuarto": 4, "fourth": 4, "4th": 4,
    "quinta": 5, "quinto": 5, "fifth": 5, "5th": 5,
    # as texted: "la 2da", "la 3ra porfa", "el 1er"
    "1ra": 1, "1ro": 1, "1er": 1, "2da": 2, "2do": 2, "3ra": 3, "3ro": 3, "3er": 3, "4ta": 4, "4to": 4, "5ta": 5,
    "5to": 5,
}  # fmt: skip
# "cuarto" is also "room" ("necesito un cuarto para 2", "el cuarto más barato"): the fourth only as "el cuarto" ending
# the message or a clause, or "el cuarto de la lista".
ORDINAL = re.compile(
    r"\b("
    + "|".join(word for word in ORDINALS if word != "cuarto")
    + r"|(?<=\bel )cuarto(?=\s*(?:$|[.,;!?]|de la lista|opcion|porfa|por favor|please)))\b"
)
# "option 2", "la 2", "#2 pls", "no. 3", "num 4"; never a count of people or nights ("no. 3 adults", "number 2
# rooms"), nor "no 1" ("son 2 niños, no 1": a count put right).
_NOT_A_PLACE = (
    r"(?!\s*(?:[.,:/-]\s*\d|adult|person|people|pax|guest|huesped|night|noche|nin|kid|child|bab|bebe|room|"
    r"habitac|cuarto|dia|day|de (?!las?\b)))"
)
NUMBER_NAMES = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "uno": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
}
OPTION_NUMBER = re.compile(
    r"(?:\b(?:opcion|option|opt|numero|number|num|nro|la|el)|\bno\.|#|n°)\s*#?\s*([1-5]|"
    + "|".join(NUMBER_NAMES)
    + r")\b"
    + _NOT_A_PLACE
)
# A place said alone where a room is asked: "2nd", "the 3rd one pls", "la 2da" (never a day then).
PLACE_ALONE = re.compile(
    r"^\W*(?:the |la |el |lo )?(?:"
    + "|".join(w for w in ORDINALS if w[0].isdigit())
    + r")(?: one| option| opcion| room| habitacion)?(?: please| pls| plz| porfa| por favor| thanks| gracias)?\W*$"
)
# The same with a number sign, an abbreviation or "number" ("number two"): never "la 2", which may be a day.
NUMBERED_OPTION = re.compile(
    r"(?:(?:\b(?:opt|num|nro)\b\.?|\bno\.|#|n°)\s*#?\s*[1-5]|\b(?:numero|number)\s+(?:[1-5]|"
    + "|".join(NUMBER_NAMES)
    + r"))\b"
    + _NOT_A_PLACE
)
# "la última", "the last one" — not "el último día", "the last night".
LAST = re.compile(
    r"\b(?:ultim[oa]|the last(?: one)?)\b(?!\s+(?:dia|day|noche|night|semana|week|mes|month|vez|time))"
)
THAT_ONE = re.compile(
    r"\b(?:esa|ese|esa misma|that one|that room|esa habitacion|la misma|the same one|this one)\b"
)
STOP = frozenset(
    [
        "hasta",
        "adultos",
        "adults",
        "ninos",
        "children",
        "with",
        "para",
        "with",
        "con",
        "the",
        "and",
        "una",
        "uno",
        "las",
        "los",
        "del",
        "de",
        "more",
        "mas",
        "our",
        "nuestra",
        "nuestro",
        "room",
        "rooms",
        "habitacion",
        "comfortable",
        "comoda",
        "practical",
        "funcional",
        "spacious",
        "amplia",
        "area",
        "estar",
        "trabajo",
        "work",
        "hasta",
        "para",
        # "the most expensive one" is a price: "most" of "our most luxurious" points at no feature
        "most",
    ]
)
# How a guest points at a room by what it has: "the one with the balcony", "la del balcón", "la que tiene".
FEATURE_CUE = re.compile(
    r"\b(?:with|has|have|having|featuring|con|tiene|tenga|que|that|which|one|la del|el del)\b|\bw/",
    re.IGNORECASE,
)
# Stricter, for a first message about the stay: "la habitación con vista al mar del 5 al 9".
FEATURE_WANTED = re.compile(
    r"\b(?:con|with|que tenga|que tiene|that has|having|la de|el de|la del|el del|the one with)\b|\bw/|"  # "w/ the balcony"
    # said as a wish: "we want sea view", "we'd like a balcony", "necesitamos escritorio"
    r"\b(?:want|wanted|would like|'d like|would love|'d love|need|needs|looking for|prefer|preferably|ideally|quiero|queremos|"
    r"quisiera|quisi[eé]ramos|busco|buscamos|necesito|necesitamos|prefiero|preferimos|preferiblemente)\b",
    re.IGNORECASE,
)


# A room called by what it has, just before the word room: "the balcony room", "the most luxurious room you've
# got", "a sea view one" (folded text); only those words are read.
FEATURE_ROOM = re.compile(r"\b(?:the|a|an|your)\s+((?:[a-z]+\s+){1,3}?)(?:room|one)s?\b")


def kind_by_feature_named(
    text: str, profile: HotelProfile, language: Language, cue: re.Pattern[str] = FEATURE_CUE
) -> str | None:
    """The one room kind, among all the hotel's, whose description has what the message points at."""
    kinds = list(profile.room_descriptions)
    if not cue.search(text):
        if cue is not FEATURE_WANTED:
            return None
        found = {kind_by_feature(m[1], profile, kinds, language) for m in FEATURE_ROOM.finditer(fold(text))}
        found.discard(None)
        return found.pop() if len(found) == 1 else None
    return kind_by_feature(text, profile, kinds, language)


def kind_wanted(text: str, profile: HotelProfile, language: Language) -> str | None:
    """The one room kind that has what the guest says they want ("we want sea view", "la habitación con
    balcón"); the price words taken out first: "your most expensive room" is a price, not the "most
    luxurious" one."""
    unpriced = DEAREST.sub(" ", CHEAPEST.sub(" ", fold(text)))
    return kind_by_feature_named(unpriced, profile, language, FEATURE_WANTED)


# "a family of 4", "a family trip", "viajamos en familia": the party, not the Family room.
FAMILY_PARTY = re.compile(
    r"\b(?:famil(?:y|ia)\s+(?:of|de|trip|vacation|holiday|getaway|reunion|event)|"
    r"(?:trip|vacation|holiday|getaway|viaje|vacaciones|escapada|plan|reunion|encuentro|fiesta|celebracion|evento|"
    r"boda|gathering|celebration)\s+(?:en\s+|in\s+)?famil(?:y|iar|ia)|"
    r"en familia|(?:cada|each|por|per|every) famil(?:y|ia)|we(?:'re| are) a family|somos una familia|with (?:my|our) family|con (?:mi|nuestra) familia|"
    r"(?:my|our|mi|nuestra) famil(?:y|ia)(?!\s+(?:room|one|suite)))\b|"
    # the family of a story: "the whole family is flying in", "family is coming", "toda la familia viene"
    r"\b(?:(?:the|his|her|their|your|tu|su|sus) )?(?:whole|entire|extended|big|large|toda la|la) famil(?:y|ia)"
    r"(?!\s+(?:room|rooms|one|suite|option|habitacion|cuarto))\b|"
    r"\bfamil(?:y|ia) (?:entera|completa)\b|"
    r"\b(?:the )?family(?:'s|'ll| is| are| was| were| will| has| have| members?| friends| and friends| wedding| event|"
    r" party| thing| business| emergency| matters?| visit(?:ing)?| dinner| reunion| celebration| gathering| coming|"
    r" flying| arriving| getting| gets| lives| friendly|-friendly)\b|"
    r"\b(?:la )?familia (?:viene|vienen|llega|llegan|va|van|esta|estara|estaran|se|y amigos|nos|me|vive|de (?:mi|mis|su|sus))\b|"
    # "un familiar", "mis familiares": relatives ("una familiar" stays the room)
    r"\b(?:un|mis|sus|tus|nuestros|algunos|varios|otros|unos) familiar(?:es)?\b|"
    r"\b(?:with|visit|visiting|see|seeing|meet|meeting) (?:the |some |my |our |his |her )?family\b(?! (?:room|rooms|one|suite))|"
    r"\bfamily and (?:i|me|friends)\b|\b(?:con|visitar a|ver a) (?:la |mi |nuestra |su )?familia\b|"
    r"\bfamily[- ](?:hotel|resort|beach|activities|vibe)\b|\b(?:hotel|ambiente|plan) familiar\b"
)

# Room-kind words said of people or in passing, never a room wanted: "I'm single", "let me double check", "my twin
# sister", "a little luxury", "en suite bathroom", "a general question", "no necesitamos lujo".
KIND_WORD_ABOUT_PEOPLE = re.compile(
    r"\b(?:(?:i'?m|i am|we'?re|we are|being|still) single\b(?! (?:room|rooms|one))|"
    r"single (?:mom|mum|mother|dad|father|parent|traveller|traveler|person|guy|man|woman|lady|night|day|thing)s?|"
    r"every single|not a single|ni una sola|"
    r"double[- ]?(?:check|checking|checked|confirm|confirming|confirmed|booked|the price)|(?:el|al|del) doble de|"
    r"(?:my|our|his|her|their|mi|mis|su|sus) (?:\w+ )?(?:twin|twins|gemel[oa]s?|mellizos?|mellizas?)\b(?! (?:room|rooms|bed|beds|one))|"
    r"twin (?:sisters?|brothers?|daughters?|sons?|boys|girls|babies|kids|children)|"
    r"(?:a little|a bit of|a touch of|some|little) luxury\b(?! (?:room|rooms|suite|one))|"
    r"(?:un|darnos un|darme un) (?:pequeno |poco de |poquito de )?(?:lujo|capricho)\b|un poco de lujo|"
    r"en[- ]?suite|suite of(?! course)|"
    r"luxury (?:hotel|resort|experience|vacation|holiday|trip|getaway|stay|travel)|"
    r"(?:hotel|resort|viaje|experiencia|vacaciones|escapada) de lujo|"
    r"(?:in|en|por lo) general\b(?! (?:rooms?|habitacion|one))|general (?:question|inquiry|enquiry|info|information|pregunta|consulta|informacion|"
    r"manager|director|gerente)|"
    r"(?:(?:i'?m|i am|as|soy|como) (?:an? |un |una )?|(?:is|es|he'?s|she'?s) (?:an?|un|una) )(?:[a-z]+ )?"
    r"(?:executive|ejecutiv[oa])\b(?! (?:room|rooms|one|suite|twin))|"
    r"(?:a |el |the )?(?:standard|estandar) (?:check[- ]?in|check[- ]?out|rate|tarifa|hora|time|policy|politica)|"
    # a kind ruled out in so many words: "we don't need a suite", "nothing luxurious", "no necesitamos lujo", "sin lujos"
    r"(?:(?:don'?t|do not|doesn'?t|won'?t|no) (?:really |even )?(?:need|want|require|care about)|no need for|nothing|"
    r"no (?:necesito|necesitamos|queremos|quiero|hace falta|buscamos|busco)|sin|nada de) "
    r"(?:(?:a|an|the|any|some|una|un|la|el|de|mucho|much|too|so)\s+)*"
    r"(?:suite|luxury|luxurious|lujo|lujos|lujosa|lujoso|family|familiar|executive|ejecutiva|fancy)\b)"
)


# "para un ejecutivo de nuestra empresa", "for one of our executives": who the room is for, not the Executive room.
EXECUTIVE_PERSON = re.compile(
    r"\b(?:para|for) (?:un|una|unos|nuestro|nuestra|nuestros|mi|mis|su|sus|an|a|our|my|his|her|their|one of our) "
    r"(?:[a-z]+ )?(?:ejecutiv[oa]s?|executives?)\b(?! (?:room|rooms|suite|one|twin)\b)"
)


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter changed, added, dropped, or two neighbours swapped: "luxary", "executiv", "exectuive"."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _typed_like(word: str, text_words: set[str], shortest: int = 6) -> bool:
    """A room's own name typed with one slip (names of six letters or more, same first letter), or two slips
    in a long one ("exectuiva" for "ejecutiva")."""
    return len(word) >= shortest and any(
        len(typed) >= 5
        and typed[0] == word[0]
        and (_one_edit_apart(typed, word) or (len(word) >= 8 and OSA.distance(typed, word) <= 2))
        for typed in text_words
    )


# The word beside "room"/"habitación" in a longer message: "dobule room", "habitacion exectuiva".
_BESIDE_ROOM = re.compile(
    r"\b(?:room|habitacion|cuarto)\s+([a-z]{5,})\b|\b([a-z]{5,})\s+(?:rooms?|habitacion(?:es)?|cuartos?)\b"
)


# "a single family room", "one single double": single says how many rooms, the kind is the word after it.
SINGLE_AS_ONE = re.compile(
    r"\bsingle (?=(?:family|familiar|double|doble|twin|delux|deluxe|executive|luxury|suite|king|standard|"
    r"general)\b)"
)


def without_people_words(folded: str) -> str:
    """The folded text with the kind words said of people or in a story taken out ("the whole family is flying
    in", "I'm single", "let me double check"): what is left may name a room wanted."""
    unstoried = KIND_WORD_ABOUT_PEOPLE.sub(" ", EXECUTIVE_PERSON.sub(" ", FAMILY_PARTY.sub(" ", folded)))
    return SINGLE_AS_ONE.sub("", unstoried)


def kind_said_of_people_only(text: str, kind: str) -> bool:
    """The room kind's everyday words are in the message, but only said of people or in a story ("my twin sister",
    "the whole family is coming"): the kind is no room wanted."""
    everyday = _words_pattern(KIND_WORDS.get(kind, ()))
    folded = fold(text)
    return bool(everyday.search(folded)) and not everyday.search(without_people_words(folded))


def kinds_in_text(text: str, room_types: Sequence[RoomType]) -> set[str]:
    """Every room kind the text names (by a room's own name, typed with one slip or not, or an everyday
    word)."""
    folded = f" {without_people_words(fold(text))} "
    text_words = set(re.findall(r"[a-z]+", folded))
    kinds: set[str] = set()
    for room in room_types:
        words = _name_words(room.name)
        # the room's own name in the plural too: "dos habitaciones generales", "two executives"
        if any(_name_word(w).search(folded) or _typed_like(w, text_words) for w in words):
            kinds.add(room.kind)
    for kind, everyday in KIND_WORDS.items():
        if _words_pattern(everyday).search(folded):
            kinds.add(kind)
    if not kinds:
        # "la dobel", "the duble": a short answer naming a kind with one slip ("that suits me" is no suite:
        # longer messages are read this way only beside the word room: "dobule room", "habitacion exectuiva")
        short = len(folded.split()) <= SHORT_ANSWER_WORDS
        typed = text_words if short else {w for pair in _BESIDE_ROOM.findall(folded) for w in pair if w}
        for kind, everyday in KIND_WORDS.items():
            if any(" " not in w and _typed_like(w, typed, 5) for w in everyday):
                kinds.add(kind)
    return kinds


SHORT_ANSWER_WORDS = 3


# Compiled once per word list or room name (a turn used to build ~50 patterns per call): one alternation
# finds a match exactly when one of its words, each between word boundaries, would.
@functools.lru_cache(maxsize=256)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in words)})\b")


@functools.lru_cache(maxsize=256)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(w for w in fold(name).split() if w not in ("rooms", "room", "habitacion"))


@functools.lru_cache(maxsize=256)
def _name_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(word)}(?:e?s)?\b")


def kind_in_text(text: str, room_types: Sequence[RoomType]) -> str | None:
    """The one room kind the text names, else None."""
    kinds = kinds_in_text(text, room_types)
    return kinds.pop() if len(kinds) == 1 else None


# The sea named without the word view: "which one looks at the sea?", "¿cuál da al mar?", "ocean front" (folded;
# never the Spanish "sea", "que sea la más barata").
SEA = re.compile(
    r"\b(?:the sea|sea[ -]?(?:views?|facing|front|side)|seaside|ocean(?:[ -]?(?:views?|front|facing))?|oceano|"
    r"(?:al|del|el) mar)\b"
)


# The room said by a superlative its description has no word for (folded): the most luxurious is the suite, the
# most spacious the family room ("more space" of the double and "amplia" of both would not single one out).
SUPERLATIVE_KINDS = (
    (
        "suite",
        re.compile(
            r"\b(?:fanciest|poshest|swankiest|classiest|most (?:luxurious|exclusive|elegant|upscale|premium)|"
            r"mas (?:lujosa|lujoso|elegante|exclusiva|exclusivo|top|pija|fina)|de mas lujo)\b"
        ),
    ),
    (
        "family",
        re.compile(
            r"\b(?:biggest|largest|roomiest|most (?:space|spacious|room)|mas (?:amplia|amplio|grande|espaciosa|"
            r"espacioso)|(?:con|tiene) mas espacio)\b"
        ),
    ),
)


def kind_by_superlative(text: str, kinds: Sequence[str]) -> str | None:
    folded = fold(text)
    found = {kind for kind, said in SUPERLATIVE_KINDS if kind in kinds and said.search(folded)}
    return found.pop() if len(found) == 1 else None


def kind_by_feature(text: str, profile: HotelProfile, kinds: Sequence[str], language: Language) -> str | None:
    """'the one with the balcony', 'la que tiene vista al mar': the one kind whose description has it."""
    if (superlative := kind_by_superlative(text, kinds)) is not None:
        return superlative
    folded = set(re.findall(r"[a-z]{4,}", fold(text)))
    if SEA.search(fold(text)):
        folded |= {"view", "vista"}
    words_of: dict[str, set[str]] = {}
    for kind in kinds:
        description = profile.room_descriptions.get(kind)
        if description is None:
            continue
        words_of[kind] = {
            w
            for lang in ("es", "en")
            for w in re.findall(r"[a-z]{4,}", fold(description.get(lang)))
            if w not in STOP
        }
    described = set().union(*words_of.values()) if words_of else set()
    # "con vistas al mar": the view; never "camas" (two beds) read as the "cama" (king) of another room too
    folded |= {w[:-1] for w in folded if len(w) > 4 and w.endswith("s") and w not in described}
    hits = []
    for kind, words in words_of.items():
        others = set().union(*(w for k, w in words_of.items() if k != kind)) if len(words_of) > 1 else set()
        if folded & (words - others):
            hits.append(kind)
    return hits[0] if len(hits) == 1 else None


_MONTHS = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
)
# A number that is a day, not a place in the list: "until January 2nd", "the 3rd of May", "hasta el 3",
# "del 2 al 5", "el 3 de enero", "from the 2nd" (folded text).
DAY_NUMBER = re.compile(
    r"\b" + _MONTHS + r"\.?\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\b|"
    r"\b(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+|de\s+)?" + _MONTHS + r"\b|"
    r"\b(?:until|till|til|to|from|on|by|since|through|hasta|desde|del|al|para el|el dia|dia)\s+"
    r"(?:the\s+|el\s+)?\d{1,2}(?:st|nd|rd|th)?\b|"
    r"\b(?:first|second|third|fourth|fifth|primero|1st|2nd|3rd|4th|5th)\s+(?:of\s+|de\s+)" + _MONTHS + r"\b"
)


def without_days(folded: str) -> str:
    """The folded text with every day of the month taken out: what is left may point at an option."""
    return DAY_NUMBER.sub(" ", folded)


def offer_by_price(text: str, offers: Sequence[Offer]) -> Offer | None:
    """'the cheapest', 'la más cara', 'the second cheapest': safe beside dates, unlike positions ('el 2'
    may be a day)."""
    return by_price_said(text, offers, lambda o: o.total_price)


def by_price_said(text: str, items: Sequence[_Item], price: Callable[[_Item], Decimal]) -> _Item | None:
    """The one item the text names by its price ('the dearest', 'la segunda más barata'), else None."""
    folded = without_days(fold(text))
    if not items:
        return None
    by_price = sorted(items, key=price)
    ordinal = ORDINAL.search(folded)
    rank = ORDINALS[ordinal.group(1)] if ordinal else 1
    if CHEAPEST.search(folded):
        return by_price[rank - 1] if rank <= len(by_price) else None
    if DEAREST.search(folded):
        return by_price[-rank] if rank <= len(by_price) else None
    return None


# An amount as guests write it: "1820", "1,820", "1.820,00", "$2340", "USD 2,860.00".
AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{3})+|\d{3,6})(?:[.,]\d{2})?(?![\d.,]*\d)")


def amounts_in(text: str) -> set[int]:
    return {int(re.sub(r"[.,]", "", m.group(1))) for m in AMOUNT.finditer(text)}


def offer_by_amount(text: str, offers: Sequence[Offer]) -> Offer | None:
    """'the one at 1820 a night', 'la de 5.460 en total': the one offer whose price shown is that amount."""
    amounts = amounts_in(text)
    if not amounts:
        return None
    hits = [o for o in offers if {int(o.nightly_price), int(o.total_price)} & amounts]
    return hits[0] if len(hits) == 1 else None


def mentions_an_offer(text: str) -> bool:
    """Words that point at one of the options shown (price, position, 'that one'): never a name or a
    number of guests."""
    folded = without_days(fold(text))
    return bool(
        CHEAPEST.search(folded)
        or DEAREST.search(folded)
        or ORDINAL.search(folded)
        or LAST.search(folded)
        or THAT_ONE.search(folded)
        or FROM_END.search(folded)
        or MIDDLE.search(folded)
        or re.search(r"\b(?:option|opcion)\b", folded)
        or NUMBERED_OPTION.search(without_days(fold(_signed(text))))
    )


# A price superlative plainly about every room, not the one kind shown: "ok the cheapest then", "la más barata
# de todas", "whatever is cheapest", "the cheapest overall" (folded text).
OF_EVERY_ROOM = re.compile(
    r"\b(?:then|entonces|overall|of (?:them )?all|of all (?:the |your )?rooms|de todas|de todos|whatever|"
    r"whichever|any(?: room| of them)?|lo que sea|la que sea|cualquier\w*|en general|del hotel|in the hotel|"
    r"you(?:'ve)? (?:have|got)|(?:que )?(?:tengan|tengas|tienen|tienes|hay)|available|disponibles?|"
    r"in that case|en ese caso|si es asi|forget (?:it|that|the \w+)|olvida\w*)\b"
)


def price_of_every_room(text: str) -> bool:
    """'the cheapest then': the cheapest or dearest of every room, whatever one kind was shown."""
    return names_a_price(text) and OF_EVERY_ROOM.search(fold(text)) is not None


def names_a_price(text: str) -> bool:
    folded = fold(text)
    return bool(CHEAPEST.search(folded) or DEAREST.search(folded))


# "nº 3", "n° 3" (before folding: folded, "nº" is "no").
NUMBER_SIGN = re.compile(r"\bn\s*[º°]\s*([1-5])\b")


def _signed(text: str) -> str:
    return NUMBER_SIGN.sub(r"# \1", text)


def offer_by_position(text: str, offers: Sequence[Offer]) -> Offer | None:
    """'the cheapest', 'la segunda', 'option 3', 'the last one' among the offers as shown (cheapest first)."""
    if not offers:
        return None
    folded = without_days(fold(_signed(text)))
    if (by_price := offer_by_price(text, offers)) is not None:
        return by_price
    if LAST.search(folded):
        return offers[-1]
    match = ORDINAL.search(folded)
    index = ORDINALS[match.group(1)] if match else None
    if index is None and (number := OPTION_NUMBER.search(folded)) is not None:
        said = number.group(1)
        index = int(said) if said.isdigit() else NUMBER_NAMES[said]
    if index is not None and 1 <= index <= len(offers):
        return offers[index - 1]
    return None


# Places counted from the end of the list, or its middle: "the second to last", "la penúltima", "la de en medio".
FROM_END = re.compile(
    r"\b(?:(?P<two>penultim[oa]|second (?:to|from(?: the)?) (?:last|the end|the bottom)|(?:the )?last but one|"
    r"(?:the )?one before (?:the )?last|next to (?:the )?last)|"
    r"(?P<three>antepenultim[oa]|third (?:to|from(?: the)?) (?:last|the end|the bottom)))\b"
)
MIDDLE = re.compile(
    r"\b(?:(?:in )?the middle(?: one)?|middle one|(?:la|el) (?:de )?(?:en ?medio|del medio)|"
    r"(?:la|el) (?:del |de )?(?:medio|centro)|intermedi[oa]|mid(?:dle)?[- ]priced?|mid[- ]range)\b"
)
# One place away from another room named by price or place: "the one after the cheapest", "la que sigue de la
# más barata", "la anterior a la más cara". The anchor alone would book the wrong room.
NEXT_TO = re.compile(
    r"\b(?P<rel>(?:right |just |the one |one )?(?:after|above|up from|next (?:after|up from)|sigue (?:de|a|despues de)|"
    r"siguiente (?:a|de)|despues de|(?:right |just |the one |one )?(?:before|below|down from)|antes de|"
    r"anterior (?:a|de)))\s+(?P<anchor>(?:the|la|el|lo)\s+.*)$"
)
AFTER_WORDS = re.compile(r"\b(?:after|above|up|next|sigue|siguiente|despues)\b")
# "G'day, after the cheapest room", "we're after the cheapest": a bare "after" opening a clause or following a
# be-verb is what the guest is looking for (informal English), not the room one place up.
SEEKING_AFTER = re.compile(
    r"(?:^|[,.;:!?…-]|\b(?:i'?m|we'?re|were|am|are|still|really|mainly|only|just))\s*$"
)


def next_to(folded: str) -> re.Match[str] | None:
    """'the one after the cheapest', 'la anterior a la más cara'; not "after the cheapest room" said as wanted."""
    relative = NEXT_TO.search(folded)
    if relative is None or relative["rel"] != "after":
        return relative
    return None if SEEKING_AFTER.search(folded[: relative.start()]) else relative


def offer_by_place(text: str, offers: Sequence[Offer]) -> tuple[bool, Offer | None]:
    """A place said from the end, the middle, or next to another room: (True, that offer), or (True, None) when
    the place does not settle one room (an even list's middle); (False, None) when no such place is said."""
    folded = without_days(fold(text))
    if not offers:
        return False, None
    if (relative := next_to(folded)) is not None:
        anchor = offer_by_position(relative["anchor"], offers)
        if anchor is None:
            anchor = offer_by_place(relative["anchor"], offers)[1]
        if anchor is None:
            return True, None
        index = offers.index(anchor) + (1 if AFTER_WORDS.search(relative["rel"]) else -1)
        return True, offers[index] if 0 <= index < len(offers) else None
    if (from_end := FROM_END.search(folded)) is not None:
        back = 2 if from_end["two"] else 3
        return True, offers[-back] if back <= len(offers) else None
    if MIDDLE.search(folded):
        return True, offers[len(offers) // 2] if len(offers) % 2 == 1 and len(offers) > 1 else None
    return False, None


def says_a_place(text: str) -> bool:
    """A place said from the end, the middle or next to another room ("la penúltima", "the one after the
    cheapest")."""
    folded = without_days(fold(text))
    return bool(next_to(folded) or FROM_END.search(folded) or MIDDLE.search(folded))


# A room named and put right in the same message: "the second, no wait, the third", "la primera... bueno no, la
# segunda", "la más barata no, la siguiente". The words before the last cue are no choice.
CHOICE_CORRECTED = re.compile(
    r"(?:[,.;!…]+|\s)\s*(?:no+|nope|nah|not|actually|wait|i mean|sorry|perdon|perdona|bueno no|mejor|o sea|"
    r"quiero decir|espera|rather|instead)\b[\s,.!…]*"
)
# A room ruled out rather than chosen: "not the cheapest", "anything but the standard", "menos la estándar".
RULED_OUT = re.compile(
    r"\b(?:not|(?:anything|any|everything|all|cualquiera) but|except|excepto|salvo|menos|other than|que no sea)\s+"
    r"(?:the |la |el |lo |a )?"
    r"(?:mas |most |\w+est\b|primer|segund|tercer|ultim|last|first|second|third|estandar|standard|doble|double|"
    r"suite|familiar|family|ejecutiv|executive|twin|sencilla|single|general|delux|luxury|lujo|cheap|barat|econom|"
    r"car[oa]|expensive)"
)


# A room put aside by what it costs, said after it: "the family room is too much", "the suite is out of our budget",
# "la familiar se nos va de presupuesto", "la suite es demasiado cara". The room named in that clause is no choice.
PRICED_OUT = re.compile(
    r"\b(?:(?:is|are|'s|seems?|looks?)\s+(?:(?:a bit|a little|way|just|really|far)\s+)?"
    r"(?:too (?:much|expensive|pricey|dear|costly|high)|(?:out of|over|above|beyond|outside) (?:our |my |the )?budget|"
    r"more than (?:we|i) (?:can|want|wanted)|a bit much|too steep)|"
    r"(?:se (?:nos |me )?(?:va|sale|pasa|escapa) (?:de|del) (?:nuestro |mi )?presupuesto)|"
    r"(?:es|son|sale|salen|queda|quedan|nos queda|me queda|esta|estan)\s+(?:(?:un poco|algo|muy|bastante)\s+)?"
    r"(?:demasiado car[oa]s?|muy car[oa]s?|car[oa]s? para (?:nosotros|mi)|fuera de (?:nuestro |mi )?presupuesto|"
    r"mucho para (?:nosotros|mi)|demasiado))"
)


# "one"/"una" standing for a room: "the double one", "the cheaper one", "this one", "una doble", "una de lujo". A room
# referred to, never a count of people.
ONE_AS_ROOM = re.compile(
    r"\b(?:the|this|that|a|an|another|which)\s+(?:(?!(?:for|just|only|and|with|of|to|me|person|adult|guest)\b)"
    r"[a-z]+\s+){0,3}?ones?\b(?!\s+(?:adults?|persons?|people|guests?|of us)\b)|"
    r"\buna\s+(?=(?:de|con|que|mas|doble|suite|familiar|sencilla|individual|ejecutiva|estandar|general)\b)"
)
# Words that still say one person once the room's "one" is set aside: "just me", "for one adult", "solo yo".
ONE_PERSON = re.compile(
    r"\b(?:1|one|un|una|uno|single|solo|sola|alone|myself|me|yo|i'?m|i am|person|persona|adult|adulta|adulto|"
    r"guest|huesped|traveller|traveler|viajo|travel(?:l?ing)?)\b"
)


def one_is_a_room(text: str) -> bool:
    """The message's only "one" stands for a room ("we'll take the double one"): a count of one person read from it
    is no party."""
    folded = fold(text)
    if not ONE_AS_ROOM.search(folded):
        return False
    return not ONE_PERSON.search(ONE_AS_ROOM.sub(" ", folded))


def kind_chosen_over_priced_out(text: str, room_types: Sequence[RoomType]) -> tuple[bool, str | None]:
    """(True, kind) when the message puts a room aside by its price ("the family room is too much") and names
    one other room kind elsewhere ("we'll take the double one"): that kind, or None when no other or several are
    named (the choice is asked). (False, None) when no room is put aside so."""
    folded = without_days(fold(text))
    clauses = re.split(r"[,.;!?]+|\b(?:so|then|but|pero|asi que|entonces|mejor)\b", folded)
    put_aside: set[str] = set()
    rest: list[str] = []
    for clause in clauses:
        if PRICED_OUT.search(clause) and (named := kinds_in_text(clause, room_types)):
            put_aside |= named
        else:
            rest.append(clause)
    if not put_aside:
        return False, None
    others = kinds_in_text(" , ".join(rest), room_types) - put_aside
    return True, others.pop() if len(others) == 1 else None


def corrected_choice(text: str) -> tuple[bool, str]:
    """(True, the words that still stand) when the message names a room and then puts it right, or rules one
    out; (False, text) otherwise. What stands may name no room: then none is taken (the choice is asked)."""
    folded = without_days(fold(text))
    if (ruled_out := RULED_OUT.search(folded)) is not None:
        tail = folded[ruled_out.end() :]
        cut = re.split(r"[,.;]", tail, maxsplit=1)
        return True, cut[1] if len(cut) > 1 else ""
    cues = list(CHOICE_CORRECTED.finditer(folded))
    if not cues:
        return False, text
    last = cues[-1]
    head, tail = folded[: last.start()], folded[last.end() :]
    if (_names_a_place(head) or _names_a_kind(head)) and _names_a_place(tail):
        return True, tail
    return False, text


# "the next one", "the cheapest of the rest": said of a room the message put aside, so no room by itself.
OF_THE_OTHERS = re.compile(r"\b(?:next|siguiente|following|otra|otras|other|others|rest|resto|demas)\b")


def offer_still_chosen(standing: str, offers: Sequence[Offer]) -> Offer | None:
    """The room the words left standing after a correction choose; None (asked) when they lean on the room
    put aside ("not the cheapest, the next one")."""
    placed, by_place = offer_by_place(standing, offers)
    if placed:
        return by_place
    if OF_THE_OTHERS.search(fold(standing)):
        return None
    return offer_by_position(standing, offers)


_ALL_KIND_WORDS = tuple(word for words in KIND_WORDS.values() for word in words)


def _names_a_kind(folded: str) -> bool:
    return bool(_words_pattern(_ALL_KIND_WORDS).search(folded))


def _names_a_place(folded: str) -> bool:
    return bool(
        CHEAPEST.search(folded)
        or DEAREST.search(folded)
        or ORDINAL.search(folded)
        or LAST.search(folded)
        or FROM_END.search(folded)
        or MIDDLE.search(folded)
        or re.search(r"\b(?:next|siguiente|following|otra|other)\b", folded)
    )


def refers_to_that_one(text: str) -> bool:
    return bool(THAT_ONE.search(fold(text)))


def points_at_another_offer(text: str) -> bool:
    """'switch to the cheapest', 'the second one', 'la última': another of the options, by price or place
    (not 'that one', which is the one already chosen; not 'my first name'; not 'until January 2nd')."""
    folded = without_days(fold(text))
    if re.search(r"\b(?:name|nombre|apellido|surname)\b", folded):
        return False
    return bool(
        CHEAPEST.search(folded)
        or DEAREST.search(folded)
        or ORDINAL.search(folded)
        or LAST.search(folded)
        or re.search(r"\b(?:option|opcion)\s*\d\b", folded)
        or NUMBERED_OPTION.search(folded)
    )


# "dos ejecutivas", "2 dobles", "two twins please", "we'll take two suites": a count and a room kind, the word
# "room" left out (folded, numbers as digits); nothing else in the message.
COUNT_OF_A_KIND = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|vale|bueno|pues|so|then|entonces|perfect[oa]?|great|genial)\W+)*"
    r"(?:(?:we'?ll take|i'?ll take|we'?d like|i'?d like|we want|i want|take|book|nos quedamos(?: con)?|"
    r"me quedo con|queremos|quiero|quisieramos|quisiera|dame|danos|reservame|reserva)\s+)?"
    r"(?P<count>[2-5])\s+(?:of (?:the|your) |de (?:las?|los?) )?(?P<kind>[a-z]+(?: [a-z]+)?)"
    r"(?:\s+(?:please|pls|por favor|porfa|then|entonces|thanks|gracias))?\W*$"
)


def rooms_of_a_kind(folded: str, room_types: Sequence[RoomType]) -> tuple[int, str] | None:
    """The number of rooms and the one kind of "dos ejecutivas" (a plural everyday word too: "ejecutivas",
    "sencillas"), else None."""
    match = COUNT_OF_A_KIND.match(folded)
    if match is None:
        return None
    words = match["kind"].split()
    singular = [w[:-1] if w.endswith("s") else w for w in words]
    shorter = [w[:-2] if w.endswith("es") else w for w in words]
    kinds: set[str] = set()
    for variant in (words, singular, shorter):
        kinds |= kinds_in_text(" ".join(variant), room_types)
    if len(kinds) != 1:
        return None
    return int(match["count"]), kinds.pop()
