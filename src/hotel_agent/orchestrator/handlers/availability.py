"""Availability: gather dates and guests across turns (dates first), then show the PMS's offers."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from hotel_agent.channels.types import Button, Reply
from hotel_agent.nlp.dates import resolve_prepared
from hotel_agent.nlp.entities import (
    CHILD_WORDS,
    Party,
    adults_in_words,
    count_before_children,
    day_ranges,
    me_and_another,
    nights_added,
    nights_removed,
    old_range_last,
    party_counts,
    people_then_children,
    stay_moved,
    stay_weeks,
    until_day,
    weekday_range,
    without_relatives_talked_about,
)
from hotel_agent.nlp.entities import children_by_ages as _children_by_ages
from hotel_agent.orchestrator import replies as r
from hotel_agent.orchestrator.context import Context
from hotel_agent.orchestrator.handlers.common import (
    CORRECTION_CUE,
    NUMBER_WORDS,
    as_int,
    bare_number,
    occupancy,
)
from hotel_agent.orchestrator.handlers.info import (
    CLOCK_TIME,
    DESCRIBE_ROOM,
    amenity_answers,
    needed_rooms,
    room_lines,
)
from hotel_agent.orchestrator.handlers.party import children_listed, unborn_only, without_pets
from hotel_agent.orchestrator.references import (
    fold,
    kind_wanted,
    kinds_in_text,
    mentions_an_offer,
    names_a_price,
    without_days,
)
from hotel_agent.orchestrator.state import Offer, Search
from hotel_agent.pms.base import AvailabilityQuery, PMSRejected, PMSUnavailable, RoomOffer

MAX_NIGHTS = 30
MAX_GUESTS = 10
MAX_DAYS_AHEAD = 365
MAX_OFFER_BUTTONS = 10  # WhatsApp sends more than 3 buttons as a list of at most 10 rows
SEARCH_KEYS = ("check_in", "check_out", "nights", "adults", "children", "rooms", "room_type")
STEPS = ("ask_dates", "ask_check_out", "ask_guests", "ask_children")
STAY_CHANGE_KEYS = ("check_in", "check_out", "nights", "adults", "children", "rooms")
ONLY_ADULTS = re.compile(r"\b(?:solo|sólo|solamente|[uú]nicamente|only|just)\b", re.IGNORECASE)
PRICE_QUESTION = re.compile(
    r"\b(?:cu[aá]nto|cuesta|cuestan|precios?|tarifas?|how much|price[sd]?|cost[s]?|rates?)\b", re.IGNORECASE
)
# "book it", "I'll take it", "resérvala", "la quiero": the room the guest's last message was about.
BOOK_IT = re.compile(
    r"\b(?:book|reserve|take|want|grab|(?:i'?d|we'?d|i would|we would) (?:like|love))\s+(?:it|that one|that)\b|\bres[eé]rv(?:a|e|ame|ádme|enme|adme)?(?:l[ao])\b|"
    r"\b(?:la|lo)\s+(?:reservo|quiero|tomo|cojo)\b|\bme\s+(?:la|lo)\s+quedo\b",
    re.IGNORECASE,
)
# "that one, 10 to 12 April", "ok esa, del 10 al 12": the room just talked about, taken, opening the message.
THAT_ONE_FIRST = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|vale|pues|bueno|then|so|s[ií]|yes|great|perfect[oa]?)\W+)*"
    r"(?:esa|that one|this one|esa misma|that room|esa habitaci[oó]n)(?!\w)",
    re.IGNORECASE,
)
# "¿y la suite?", "and the family room?", "what about the twin?": the same question about another room.
AND_THIS_ROOM = re.compile(
    r"^\W*(?:y|and|what about|how about)\s+(?:la|el|las|los|the|a|una|un)\b", re.IGNORECASE
)
# Words that say when, beside a bare day: without one, a date's month came from earlier in the talk.
MONTH_HINT = re.compile(
    r"\b(?:ene(?:ro)?|feb(?:rero|ruary)?|mar(?:zo|ch)?|abr(?:il)?|apr(?:il)?|may(?:o)?|jun(?:io|e)?|"
    r"jul(?:io|y)?|ago(?:sto)?|aug(?:ust)?|sep(?:t|tiembre|tember)?|setiembre|oct(?:ubre|ober)?|"
    r"nov(?:iembre|ember)?|dic(?:iembre)?|dec(?:ember)?|jan(?:uary)?|hoy|ma[nñ]ana|pasado|today|tomorrow|"
    r"tonight|esta noche|week(?:end)?|finde|fin de semana|semana|next|pr[oó]xim[oa]|que viene|this|este|"
    r"esta|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|pascua|easter|santa|holy|navidad|christmas|xmas|nochevieja|"
    r"nochebuena|a[nñ]o nuevo|new year'?s?|nye|puente|labou?r day|"
    # as guests text them: "tmrw", "2moro", "this wknd", "nxt week", "mñn"
    r"tmrw|tmr|tomoz|2moro\w*|2mrw|tomoro\w*|tommor+ow|tomorow|wknd|wkend|wkd|weeknd|wekend|nxt|m[nñ]n|mna)\b|"
    r"\d{1,2}\s*[/.-]\s*\d{1,2}",
    re.IGNORECASE,
)
# Months named in full ("May" only beside a day: "may I"): a date read in none of them is a misreading.
MONTH_WORDS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("enero", "january"),
            ("febrero", "february"),
            ("marzo", "march"),
            ("abril", "april"),
            ("mayo", "may"),
            ("junio", "june"),
            ("julio", "july"),
            ("agosto", "august"),
            ("septiembre", "setiembre", "september"),
            ("octubre", "october"),
            ("noviembre", "november"),
            ("diciembre", "december"),
        ),
        start=1,
    )
    for name in names
}
MONTH_NAMED = re.compile(
    r"\b("
    + "|".join(w for w in MONTH_WORDS if w != "may")
    + r")\b|\d\s*(?:st|nd|rd|th)?\s*(?:of\s+)?(may)\b|\b(may)\s+\d",
    re.IGNORECASE,
)
NUMBER_IN_TEXT = re.compile(
    r"\d|\b(?:una?|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|one|two|three|four|five|six|"
    r"seven|eight|nine|ten)\b",
    re.IGNORECASE,
)
NO_CHILDREN = re.compile(
    r"\b(?:no|sin|without|zero|cero|ning[uú]n|ninguno)\s+(?:\w+\s+)?(?:kids?|child(?:ren)?|ni[nñ][oa]s?|"
    r"hij[oa]s?|menores|babies|beb[eé]s)\b|\b(?:adults? only|only adults|solo adultos|s[oó]lo adultos)\b",
    re.IGNORECASE,
)


# "only 2 adults, one friend cancelled": the one who drops out is no part of the party.
DROPS_OUT = re.compile(
    r"\b(?:\d+|an?|one|una?)\s+(?:\w+\s+)?(?:friends?|persons?|people|guests?|adults?|colleagues?|amig[oa]s?|"
    r"personas?|adult[oa]s?|companer[oa]s?)\s+(?:has |have |just |ya )?(?:cancel+ed|cancel+s|dropped out|"
    r"can'?t come|cannot come|(?:is|are)(?: not|n'?t) coming|won'?t come|backed out|no viene|no vienen|"
    r"no puede venir|no pueden venir|cancel[oó]|cancelaron|se baj[oó]|se bajaron|se cay[oó]|se cayeron)\b"
)


# What a group is, after its article ("somos 6 adultos, un viaje de amigos"): never one more person.
NOT_A_PERSON = re.compile(
    r"\b1 (?:viaje|trip|grupo|group|reunion|evento|event|boda|wedding|despedida|escapada|getaway|congreso|"
    r"conferencia|conference|retiro|retreat|torneo|tournament|celebracion|celebration|excursion|tour)\b"
)


def _party_text(ctx: Context) -> str:
    text = NOT_A_PERSON.sub(" ", DROPS_OUT.sub(" ", ctx.folded_text))
    if "check_in" in ctx.entities or "check_out" in ctx.entities:
        # the days of the dates read are no count: "Aug 10 to 13 please, 2 adults" is 2 people, not 13 + 2
        text = without_days(text)
    return text


def _parties(ctx: Context) -> list[Party]:
    return party_counts(_party_text(ctx), ctx.language)


_COUNTED = r"\d{1,2} [a-z]+(?:(?:,| y| and| con| with| \+| &) \d{1,2} [a-z]+)+"
# The party summed up in so many words: "cada una con 2 adultos y 2 niños, o sea 4 adultos y 4 niños en total",
# "nuestros tres hijos, de 3, 7 y 10 años, así que 2 adultos y 3 niños" (folded text).
PARTY_SUMMED_UP = re.compile(
    rf"\b(?:o sea|es decir|asi que|en total|in total|altogether|in all|so|so that'?s|that'?s|that is|i\.e\.|"
    rf"total(?: of)?|entre todos|all together)\s*:?,?\s*(?:somos |seremos |seriamos |son |we are |we'?re |"
    rf"we'?ll be |would be )?({_COUNTED})|({_COUNTED}),? (?:en total|in total|altogether|in all|entre todos|"
    rf"all together)\b"
)


def party_summed_up(ctx: Context) -> tuple[int, int] | None:
    """Adults and children of the party the guest sums up ("so 2 adults and 3 children", "4 adultos y 4 niños en
    total"): the whole party, whatever else the message counted on the way (each family, each child by age)."""
    found = set()
    for match in PARTY_SUMMED_UP.finditer(_party_text(ctx)):
        for party in party_counts(match[1] or match[2], ctx.language):
            if party.children is not None:
                found.add((party.adults, party.children))
    return found.pop() if len(found) == 1 else None


def party_from_clause(ctx: Context) -> tuple[int, int] | None:
    """Adults and children from the party said in one breath, when the entity reader read no children there
    ("2 adultos y 2 gurises", a children's word it does not know) and every word of it is understood."""
    if "children" in ctx.entities:
        return None
    parties = _parties(ctx)
    if len(parties) != 1 or not parties[0].children:
        return None
    party = parties[0]
    assert party.children is not None
    return party.adults, party.children


def party_unclear(ctx: Context) -> bool:
    """The party said in one breath adds up to other than the adults and children read from the message: a
    count word left unread ("2 adultos y 2 churumbeles"), or one child counted twice ("1 niño (un bebé de 8
    meses)"). Asked about, never assumed."""
    if TWO_COUNTS.search(ctx.folded_text) and (
        PEOPLE_AFTER_COUNTS.search(ctx.folded_text) or ctx.state.pending == "ask_guests"
    ):
        return True  # "2 or 3 of us", "seremos dos o tres": which one is asked, never the last one taken
    if "rooms" in ctx.entities and _more_rooms_for_people_joining(ctx):
        return True
    parties = _parties(ctx)
    if not parties or party_from_clause(ctx) is not None or party_summed_up(ctx) is not None:
        return False
    read = sum(as_int(ctx.entities.get(key)) or 0 for key in ("adults", "children"))
    listed = children_listed(ctx.folded_text)
    if listed and as_int(ctx.entities.get("children")) == listed and as_int(ctx.entities.get("adults")):
        return False  # "2 adultos, una peque de 2 años y un niño de 10": each child counted on its own
    couples = COUPLES.search(ctx.folded_text)
    if couples is not None and read == 2 * int(couples[1]) and not ctx.entities.get("children"):
        return False  # "4 adults, two couples": the same people said twice
    return read not in {party.total for party in parties}


def _more_rooms_for_people_joining(ctx: Context) -> bool:
    """ "2 rooms instead? my brother is coming with his wife" about 2 adults: the party read from it (none, or the 2
    who join) is no count of everyone; asked, never the old party booked in more rooms."""
    booked = ctx.state.draft or ctx.state.search
    if (as_int(ctx.entities.get("rooms")) or 0) <= booked.rooms or booked.adults is None:
        return False
    return JOINING.search(ctx.folded_text) is not None and PARTY_TOTAL.search(ctx.folded_text) is None


_COUNT = r"(?:\d{1,2}|one|two|three|four|five|six|uno|una|dos|tres|cuatro|cinco|seis)"
# Two counts offered as either: "2 or 3", "dos o tres", "3 u 4" (never a range of dates: "2 to 4", "del 2 al 4").
TWO_COUNTS = re.compile(rf"\b{_COUNT}\s+(?:or|o|u)\s+(?:maybe\s+|quizas?\s+)?{_COUNT}\b")
TWO_LENGTHS = re.compile(
    rf"\b{_COUNT}\s+(?:or|o|u)\s+(?:maybe\s+|quizas?\s+)?{_COUNT}\s+(?:nights?|noches?|days?|dias?|weeks?|semanas?)\b"
)
# Two days offered for one date: "the 10th or 11th", "el 10 o el 11", "10 or 11 April" (never two counts: "2 or 3
# of us", "3 or 4 nights").
TWO_DAYS = re.compile(
    r"\b(?:the |el |on )?(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:or|o|u)\s+(?:the |el |maybe |quizas? )?"
    r"(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b(?!\s+(?:of us|people|persons?|adults?|guests?|pax|kids?|child\w*|"
    r"nights?|days?|weeks?|rooms?|years?|personas?|adultos?|huespedes|ninos?|noches?|dias?|semanas?|"
    r"habitacion\w*|anos?|de nosotros))"
)
PEOPLE_AFTER_COUNTS = re.compile(
    rf"\b{_COUNT}\s+(?:or|o|u)\s+(?:maybe\s+|quizas?\s+)?{_COUNT}\s+(?:of us|people|persons?|adults?|guests?|pax|"
    r"personas?|adultos?|huespedes|de nosotros)\b|\b(?:we(?:'ll| will)? be|we are|we're|there(?:'ll| will) be|"
    r"seremos|somos|vamos|iremos)\s+" + rf"{_COUNT}\s+(?:or|o|u)\b"
)
COUPLES = re.compile(r"\b(\d+) (?:couples?|parejas?|matrimonios?)\b")
# The whole party said: "we'll be 4", "en total somos 5".
PARTY_TOTAL = re.compile(
    r"\b(?:in total|en total|altogether|all together|we(?:'ll| will)? be|we are|we'?re|seremos|somos|seriamos)\b|"
    r"\b(?:\d+|two|three|four|five|six|dos|tres|cuatro|cinco|seis) (?:adults?|adultos?|people|personas|of us|guests?)\b"
)
# Someone else joining the party, not counted (folded): "my brother is coming with his wife", "viene mi hermano".
JOINING = re.compile(
    r"\b(?:is|are|'s|'re|will be|'ll be) (?:also |now |actually )?(?:coming|joining)\b|\bcoming (?:along|too|as well)\b|"
    r"\b(?:(?:tambien|al final|ahora) )?(?:viene|vienen|se (?:une|unen|suma|suman|apunta|apuntan))\b"
)


NONE_ANSWER = re.compile(r"^\W*(?:no|none|nope|ninguno|ninguna|nada|zero|cero|0)\b", re.IGNORECASE)


async def handle(ctx: Context) -> Reply:
    ctx.state.flow = "availability"
    merge_search(ctx)
    return await search(ctx)


def people_on_top_of_children(ctx: Context) -> int | None:
    """The adults when the guest counts people and then children beside them, and the entity reader took the
    children out of that count."""
    said = people_then_children(ctx.folded_text)
    if said is None:
        return None
    people, children = said
    read = as_int(ctx.entities.get("adults"))
    return people if read == people - children and as_int(ctx.entities.get("children")) == children else None


def party_in_words(ctx: Context) -> int | None:
    """Adults said without a count the entity reader took: 1 for the guest alone, 2 for the guest and one other."""
    if _mentions_children(ctx):
        return None
    text = without_pets(ctx.folded_text)  # "me and my cat": the cat is no guest
    if "adults" in ctx.entities:
        # "yo y una amiga": the article read as one adult, the guest is one more
        return 2 if as_int(ctx.entities.get("adults")) == 1 and me_and_another(text) else None
    if (adults := adults_in_words(text)) is not None:
        return adults
    return 1 if GUEST_ALONE.search(text) else None


# The guest alone in words the entity reader leaves uncounted: "pa mi solo", "para mí solita", "voy yo sola", and
# the one booked for by someone else ("viaja solo", "he's travelling alone", "just him") (folded text).
GUEST_ALONE = re.compile(
    r"\b(?:(?:pa|p|para|a) mi sol(?:it)?[oa]|(?:namas|nomas|nadamas) yo|yo sol(?:it)?[oa]|(?:voy|vengo|viajo|ire|llego) yo sol(?:it)?[oa]|"
    r"(?:viaja|va|viene|ira|vendra|llega|llegara|se hospeda|se queda|estara) sol(?:it)?[oa]|"
    r"(?:una|1) sola persona|(?:solo|nomas|nada mas) (?:una|1) persona|(?:una|1) persona (?:sola|nomas|nada mas)|"
    r"(?:just|only) (?:one|1) (?:person|guest|adult|traveller|traveler)|(?:one|1) (?:guest|traveller|traveler) only|"
    r"(?:he|she|they)(?:'s| is| are|'ll be| will be)? (?:travell?ing|coming|staying) (?:alone|solo|by (?:himself|herself))|"
    r"(?:he|she)(?:'s| is|'ll be| will be) (?:alone|on (?:his|her) own|by (?:himself|herself))|"
    r"(?:he|she) (?:comes|travels|goes|will come|will travel|would come|would travel) (?:alone|solo|on (?:his|her) own)|"
    r"(?:just|only) (?:him|her|himself|herself)|(?:by|on) my own|all by myself|"
    r"(?:travell?ing|travel|coming|come|going|staying|be|i'?m|i am) alone)\b(?!,? (?:and|y|with|con|plus|\+|&|mas)\b)"
)


_KID = (
    r"(?:my|our|the|mi|mis|nuestr[oa]s?|el|la|los|las)\s+(?:\w+\s+)?(?:hij[oa]s?|niet[oa]s?|nin[oa]s?|kids?|"
    r"children|sons?|daughters?|grand(?:kids?|child(?:ren)?|sons?|daughters?))"
)
# A child of the guest's who is no guest: the one who gave or booked the trip ("mi hija me regaló un viaje", "my son
# booked this for me", "a gift from my daughter") or stays home ("the kids stay home with their dad") (folded text).
RELATIVE_NOT_COMING = re.compile(
    # always with "me"/"us": "los niños pagan aparte" is a question about children who come
    rf"\b{_KID}\s+(?:me|nos)\s+(?:lo\s+|la\s+)?(?:regal\w+|obsequi\w+|reserv\w+|pag\w+|hizo la reserva|invit\w+)|"
    rf"\b{_KID}\s+(?:gave|got|bought|treated|surprised) (?:me|us)|"
    rf"\b{_KID}\s+(?:booked|paid) (?:(?:it|this|the \w+|a \w+) )?for (?:me|us)\b|"
    rf"\b(?:regalo|gift|present)(?:\s+\w+){{0,3}}?\s+(?:de|from)\s+{_KID}\b|"
    rf"\b(?:booked|paid|reservad[oa]|pagad[oa]) (?:by|por) {_KID}\b|"
    rf"\b{_KID}\s+(?:se queda\w*|stays?|stay(?:ing)?|is staying|are staying|will stay|(?:is|are) staying)\s+"
    r"(?:\w+\s+){0,2}?(?:en casa|at home|home|behind|con (?:su|sus|mi|el|la)|with (?:their|his|her|my|the))\b|"
    # somewhere else the whole stay: "our daughter will be at school", "la niña se queda en el cole", "the kids
    # stay with grandma", "los niños se van de campamento"
    rf"\b{_KID}\s+(?:(?:will|'?ll|is|are|has to|have to)\s+)?(?:be|is|are|se queda\w*|stays?|stay(?:ing)?|"
    r"esta|estan|estara\w*|se va\w*|goes|go(?:ing)?|tiene\w* (?:que ir )?|has|have)\s+(?:\w+\s+){0,2}?"
    r"(?:(?:at|in|to) (?:school|camp|college|uni|university|nursery|daycare|summer camp)|"
    r"(?:en|a) (?:el |la )?(?:cole\w*|colegio|escuela|guarderia|campamento|universidad|uni)|de campamento|"
    r"with (?:grandma|granny|gran|nana|nan|grandpa|grandad|grandparents|(?:his|her|their) (?:dad|mum|mom|father|"
    r"mother|grandparents))|con (?:la |el |los |sus? )?(?:abuel[oa]s?|yaya|yayos|padre|madre|papa|mama|tia|tio))\b"
)
# The adults said to be the whole party: "so it's just the two of us", "solo nosotros dos" (folded text).
JUST_US = re.compile(
    r"\b(?:(?:just|only) (?:the )?(?:2|3|4) of us|(?:solo|solamente) (?:nosotr[oa]s|vamos|iremos)(?: (?:2|3|4))?|"
    r"(?:solo|solamente) (?:los|las) (?:2|3|4))\b"
)
# The guest alone said in words the entity reader counts itself ("just me", "solo yo", "traveling solo").
SAID_ALONE = re.compile(
    r"\b(?:(?:just|only) me|solo yo|solamente yo|yo nada mas|travell?ing solo|by myself|on my own)\b"
    r"(?!,? (?:and|y|with|con|plus|\+|&|mas)\b)"
)


def relatives_not_coming(ctx: Context) -> dict[str, int] | None:
    """No children when the only ones mentioned give or booked the trip or stay home, or come before the guest
    says they travel alone ("mi hija me regaló un viaje…, voy yo sola": 1 adult, never 1 adult and 1 child);
    the guest alone is 1 adult. None when a child is counted or may still be coming."""
    text = ctx.folded_text
    words = CHILD_WORDS[ctx.language]
    if not words.search(text) or "children" not in ctx.entities:
        return None  # only a child read from the message is put right, never the party as it was
    rest = RELATIVE_NOT_COMING.sub(" ", text)
    if COUNTED_CHILD.search(rest):
        return (
            None  # a child counted who comes; "the 3 children are staying with their grandparents" stay home
        )
    if COMING_TOGETHER.search(JUST_US.sub(" ", rest)):
        return None  # "mi hija me regaló el viaje, vamos ella y yo": she comes along
    alone = [m.start() for p in (GUEST_ALONE, NOW_ALONE, SAID_ALONE) for m in p.finditer(text)]
    last_child = max(m.end() for m in words.finditer(text))
    if words.search(rest) and not (alone and max(alone) > last_child):
        return None
    if alone:
        return {"adults": 1, "children": 0}
    return {"children": 0}


# Someone coming along with the guest: "vamos ella y yo", "she's coming too", "we'll go together".
COMING_TOGETHER = re.compile(
    r"\b(?:ella|ellas|ellos|con el|she|he|they|her|him|them|together|junt[oa]s|vamos|venimos|viajamos|iremos|"
    r"we|we'?re|we'?ll|us|nosotr[oa]s|both|ambos|ambas|las dos|los dos)\b"
)
# A child counted: "2 kids", "un niño", "my 5-year-old", "a baby".
COUNTED_CHILD = re.compile(
    r"\b(?:\d+|un|una|uno|dos|tres|one|two|three|a|an)\s+(?:\w+\s+)?(?:nin[oa]s?|nen[ae]s?|bebes?|kids?|child(?:ren)?|"
    r"bab(?:y|ies)|toddlers?|infants?|menores|hij[oa]s?|sons?|daughters?)\b|\b\d+[- ]?(?:years?|anos)\b"
)


_GROWN = r"(?:adult[oa]s?|adults?|personas?|persons?|people|guests?|huespedes?)"
_YOUNG = r"(?:nin[oa]s?|nenes?|nenas?|crios?|criaturas?|kids?|child|children|bebes?|babies|baby)"
_HOW_MANY = r"(?P<n>\d{1,2}|un|una|one|otr[oa]|another|an|a)"
# The party made bigger or smaller than the one talked about: "un adulto más", "one more adult", "somos uno más",
# "una persona menos", "one adult less", "un niño más", "one fewer kid".
PARTY_SHIFT = re.compile(
    rf"\b{_HOW_MANY} (?:(?P<who>{_GROWN}|{_YOUNG}) (?P<dir>mas|more|extra|menos|less|fewer)|"
    rf"(?P<dir2>more|extra|fewer|less) (?P<who2>{_GROWN}|{_YOUNG}))\b|"
    rf"\b(?:somos|seremos|seriamos|vamos|iremos|we'?re|we are|we'?ll be|there'?ll be|there will be) (?P<n3>1|2) "
    rf"(?P<dir3>mas|menos|more|less|fewer)\b"
)


_SOME = r"(?P<n>\d{1,2}|un|uno|una|one|dos|two|tres|three|cuatro|four)"
_OF_THE_YOUNG = rf"(?:of (?:the|our|my|them) |de (?:los|las|mis|nuestros|nuestras) )?(?:{_YOUNG}|hij[oa]s?|sons?|daughters?)"
# Some of the children said to be coming, or not: "only 2 of the kids are coming", "solo vienen 2 de los niños",
# "one of the children isn't coming", "uno de los niños no viene".
CHILDREN_COMING = re.compile(
    rf"\b{_SOME} {_OF_THE_YOUNG} (?:(?P<not>(?:is|are)(?: not|n'?t)(?: coming)?|won'?t(?: be)? com\w*|"
    r"can'?t come|cannot come|no vien\w*|no va\w*|no pued\w* venir)|(?:is|are|will be|'?ll be) coming|"
    r"vien\w*|va\w*|come\b)|"
    rf"\b(?:solo|only|just) (?:vien\w* |come |van )?{_SOME.replace('<n>', '<n2>')} {_OF_THE_YOUNG}\b"
)


# Every child dropped: "the child isn't coming", "our kids won't come", "el niño no viene", "los niños no van".
NO_CHILD_COMING = re.compile(
    rf"\b(?:the|our|my|el|la|los|las|nuestr[oa]s?|mis?) (?:little |small |peque(?:n[oa]s?)? )?{_OF_THE_YOUNG} "
    r"(?:(?:is|are)(?: not|n'?t)(?: coming)?|won'?t(?: be)? com\w*|can'?t come|cannot come|no vien\w*|no va\w*|"
    r"no pued\w* venir|(?:al final |ya )?no vien\w*)\b"
)


def children_coming(ctx: Context) -> dict[str, int] | None:
    """The children after "only 2 of the kids are coming" / "one of the children isn't coming", from the party
    talked about; None if the message says no such thing."""
    match = CHILDREN_COMING.search(ctx.folded_text)
    state = ctx.state
    party = state.draft if state.draft is not None else state.search
    if match is None and NO_CHILD_COMING.search(ctx.folded_text) and party.children and party.adults:
        # "the child isn't coming, just the 2 of us": no children, and the people counted beside it are the
        # adults (read as "1 adult and 1 child" otherwise); with no one counted, the adults talked about
        if ADULTS_COUNTED.search(ctx.folded_text) and "adults" in ctx.entities:
            return {"children": 0}
        said = sum(as_int(ctx.entities.get(key)) or 0 for key in ("adults", "children"))
        return {"adults": said or party.adults, "children": 0}
    if match is None:
        return None
    raw = match["n"] or match["n2"]
    count = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw, 1)
    if match["not"]:
        if not party.children or party.children < count:
            return None
        return {"children": party.children - count}
    return {"children": count}


# The party put down to the guest alone, said as a change: "make that one adult only", "just me now", "it will only
# be me", "solo seré yo", "al final solo un adulto", "voy sola".
NOW_ALONE = re.compile(
    r"\b(?:(?:one|1) adult only|only (?:one|1) adult|just (?:one|1) adult|(?:it'?ll|it will|it'?s|it is|will) "
    r"(?:just|only) be (?:me|myself)|(?:just|only) (?:me|myself)(?: now| then| after all)?|"
    r"solo (?:sere|voy a ser|sera|seria|va a ser|vengo|voy|ire|estare)? ?yo|solo (?:un|1) adulto|"
    r"(?:un|1) adulto (?:solo|nada mas|nomas)|(?:voy|ire|viajo|vengo|viajare) sol[oa])\b(?!,? (?:and|y|with|con|plus|&|\+|mas)\b)"
)
# Someone said not to come any more: "my colleague can't come", "mi compañero no viene", "my friend cancelled".
SOMEONE_DROPS = re.compile(
    r"\b(?:can'?t|cannot|won'?t|couldn'?t) (?:come|make it|join|travel)|(?:is|are)(?: not|n'?t) coming|"
    r"cancel+ed|backed out|dropped out|no (?:viene|vienen|puede|pueden|podra|va a venir)|cancel[oó]|se baj[oó]"
)


def party_now_alone(ctx: Context) -> bool:
    """The guest says they now come alone, with a reason or a change word ("just me now, my wife can't make it"):
    1 adult. Never from a question ("is it cheaper if it's just me?")."""
    text = ctx.folded_text
    if "?" in ctx.text or "¿" in ctx.text or NOW_ALONE.search(text) is None:
        return False
    said = as_int(ctx.entities.get("adults"))
    # another count read with no one said to drop out is left to that count
    return said in (None, 1) or SOMEONE_DROPS.search(text) is not None


def party_shift(ctx: Context) -> dict[str, int] | None:
    """The adults or children after "one more adult" / "un niño menos", counted from the party talked about (the
    booking's, else the search's); None if the message says no such thing or there is no party yet."""
    if (coming := children_coming(ctx)) is not None:
        return coming
    match = PARTY_SHIFT.search(ctx.folded_text)
    state = ctx.state
    party = state.draft if state.draft is not None else state.search
    if match is None or not party.adults:
        return None
    raw = match["n"] or match["n3"]
    count = int(raw) if raw and raw.isdigit() else 1
    direction = match["dir"] or match["dir2"] or match["dir3"]
    sign = -1 if direction in ("menos", "less", "fewer") else 1
    who = match["who"] or match["who2"] or ""
    key = "children" if re.fullmatch(_YOUNG, who) else "adults"
    value = (party.adults if key == "adults" else party.children) + sign * count
    if value < 0 or (key == "adults" and value < 1):
        return None
    return {key: value}


def answers_step(ctx: Context) -> bool:
    """Does this message answer the dates/guests question we asked?"""
    if any(key in ctx.entities for key in SEARCH_KEYS) or ctx.room_kind is not None or party_unclear(ctx):
        return True
    if party_in_words(ctx) is not None:
        return True  # "nomás yo", "mi compañero de trabajo y yo"
    if stay_shift(ctx) is not None:
        return True  # "we'll arrive a day earlier"
    if ctx.state.pending == "ask_children" and (ctx.intent == "deny" or NONE_ANSWER.match(ctx.text)):
        return True
    pending = ctx.state.pending in ("ask_guests", "ask_check_out", "ask_children")
    return pending and _slot_number(ctx) is not None


def _slot_number(ctx: Context) -> int | None:
    """A bare number answering the question asked ('2', 'dos', 'somos 3'); never one inside an email or a
    reference to an offer ('the cheap one')."""
    if "@" in ctx.text or mentions_an_offer(ctx.text):
        return None
    if CLOCK_TIME.search(ctx.folded_text):
        return None  # "can we leave at 2pm?" where the party is asked: an hour, never 2 guests
    return bare_number(ctx.text)


# "arrive on the 11th and keep the same number of nights", "manteniendo las noches": the departure moves too
SAME_NIGHTS = re.compile(
    r"\b(?:(?:the )?same (?:number of |amount of )?nights|(?:the )?same length(?: of stay)?|"
    r"(?:las )?mismas noches|(?:el )?mismo numero de noches|manteniendo (?:las|el numero de) noches|"
    r"(?:keep|keeping) the (?:number of )?nights|(?:mantener|mantenemos|mantengo) (?:las|el numero de) noches)\b"
)


# A day alone after "until": "till 22", "until the 24th", "hasta el 5" (never "for 22": a count).
UNTIL_BARE_DAY = re.compile(
    r"^\W*(?:till|til|until|untill|to|through|thru|hasta|al)\s+(?:the |el (?:dia )?)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\W*$"
)


SINGLE_NIGHT = re.compile(
    r"\b(?:(?:una|1) sola noche|(?:una|1) noche (?:nada mas|solamente|nomas)|solo por (?:una|1) noche|"
    r"(?:a|one|1) single night|the (?:one|1) night|(?:one|1) night only)\b"
)
# Arriving named: a date with these is the arrival, whatever was asked.
ARRIVAL_WORDS = re.compile(
    r"\b(?:lleg\w*|entrada|entramos|arriv\w*|check[- ]?in|from|desde|a partir|starting|empezando|instead|"
    r"en vez|mejor|cambi\w*|change|actually|perdon|sorry)\b"
)
MAX_ANSWERED_NIGHTS = 31  # a later date answering until which day, at most this far from the arrival


def _later_date_answers_until(ctx: Context, entities: dict[str, Any]) -> date | None:
    """A date alone after the arrival, answering until which day the guest stays ("22 marzo")."""
    arrival = ctx.state.search.check_in
    if ctx.state.pending != "ask_check_out" or arrival is None or "check_out" in entities:
        return None
    if any(key in entities for key in ("nights", "adults", "children", "rooms")):
        return None
    given = as_date(entities.get("check_in"))
    if given is None or not 0 < (given - arrival).days <= MAX_ANSWERED_NIGHTS:
        return None
    return None if ARRIVAL_WORDS.search(ctx.folded_text) else given


def _read_before_arrival(entities: dict[str, Any], arrival: date) -> bool:
    """No date read from the message, or only one on or before the arrival (a day read in the wrong month)."""
    read = [as_date(entities.get(key)) for key in ("check_in", "check_out")]
    dates = [d for d in read if d is not None]
    if any(key in entities for key in ("nights", "adults", "children", "rooms", "room_type")):
        return False
    return all(d <= arrival for d in dates)


def _until_bare_day(folded: str, check_in: date) -> date | None:
    """The departure a day given alone after "until" names: the first such day after the arrival."""
    match = UNTIL_BARE_DAY.match(folded)
    return None if match is None else _first_day_after(check_in, int(match["d"]))


# A length said beside a moved arrival: "and stay 3 nights", "y nos quedamos 3 noches".
STATED_NIGHTS = re.compile(
    r"\b(?:stay(?:ing)?|quedamos|quedarnos|for|por|durante|total of|en total)\s+(?:\w+\s+)?"
    r"(?:\d{1,2}|two|three|four|five|six|seven|dos|tres|cuatro|cinco|seis|siete) (?:nights?|noches?)\b"
)


_LENGTH_COUNT = {
    "a": 1, "an": 1, "one": 1, "un": 1, "una": 1, "two": 2, "dos": 2, "three": 3, "tres": 3, "four": 4,
    "cuatro": 4, "five": 5, "cinco": 5, "six": 6, "seis": 6, "seven": 7, "siete": 7,
}  # fmt: skip
# A stay said as a length after the arrival: "leaving a week later", "out 4 nights later", "nos vamos una semana
# después", "3 días más tarde" (folded text).
LENGTH_LATER = re.compile(
    r"\b(?:leav\w*|(?:check\w* )?out|depart\w*|go\w* (?:home|back)|head\w* (?:home|back)|fly\w* (?:home|back)|"
    r"salimos|salgo|salir|salida|nos vamos|me voy|nos iremos|irnos|nos marchamos|regres\w*|volvemos)"
    r"(?:\s+\w+){0,2}?\s+(?P<count>\d{1,2}|"
    + "|".join(_LENGTH_COUNT)
    + r")\s+(?P<unit>nights?|days?|weeks?|noches|dias?|semanas?)\s+"
    r"(?:later|after(?:wards)?|despues|mas tarde)\b"
)


def length_after_arrival(folded: str, entities: dict[str, Any]) -> int | None:
    """The nights of a stay said as a length after its one day ("from the 28th, leaving a week later"), when the
    message names that one day and no departure or nights of its own."""
    match = LENGTH_LATER.search(folded)
    if match is None or "nights" in entities or ("check_in" in entities) == ("check_out" in entities):
        return None
    count = int(match["count"]) if match["count"].isdigit() else _LENGTH_COUNT[match["count"]]
    return count * 7 if match["unit"].startswith(("week", "semana")) else count


def merge_search(ctx: Context) -> bool:
    """Fold what this message says about the stay into what we already know; True if anything changed."""
    before = ctx.state.search.model_copy()
    search = ctx.state.search
    entities: dict[str, Any] = dict(ctx.entities)
    number = _slot_number(ctx)
    if (
        ctx.state.pending == "ask_check_out"
        and search.check_in is not None
        and (departure := _until_bare_day(ctx.folded_text, search.check_in)) is not None
        and _read_before_arrival(entities, search.check_in)
    ):
        # "till 22", "until the 2nd" (about 28 May) answering until which day: that day after the arrival
        entities.pop("check_in", None)
        entities["check_out"], number = departure, None
    elif (departure := _later_date_answers_until(ctx, entities)) is not None:
        # "20 marzo" then "22 marzo" answering until which day: the departure, not a new arrival
        entities.pop("check_in")
        entities["check_out"] = departure
    if TWO_LENGTHS.search(ctx.folded_text):
        # "3 or 4 nights, not sure yet": the departure asked again, never one of them taken
        entities.pop("nights", None)
        entities.pop("check_out", None)
    if ("check_in" in entities or "check_out" in entities) and TWO_DAYS.search(ctx.folded_text):
        # "from the 10th or 11th until the 14th": the dates asked again, never one of the two taken (their month
        # kept, for the day the guest settles on: "the 11th")
        read = entities.get("check_in") or entities.get("check_out")
        if isinstance(read, str) and MONTH_HINT.search(ctx.text):
            day = date.fromisoformat(read)
            search.month = date(day.year, day.month, 1)
        for key in ("check_in", "check_out", "nights"):
            entities.pop(key, None)
    if (length := length_after_arrival(ctx.folded_text, entities)) is not None:
        # "from the 28th, leaving a week later", "llegamos el 28 y nos vamos 4 días después": the one day read is
        # the arrival, and the stay that long
        day = entities.pop("check_in", None) or entities.pop("check_out")
        entities["check_in"], entities["nights"] = day, length
    if "nights" not in entities and "check_out" not in entities and SINGLE_NIGHT.search(ctx.folded_text):
        entities["nights"] = 1  # "para mañana, una sola noche", "tomorrow, a single night"
    if number is not None and not any(key in entities for key in SEARCH_KEYS):
        if ctx.state.pending == "ask_guests":
            entities["adults"] = number
        elif ctx.state.pending == "ask_check_out":
            if (until := _departure_day(ctx, number)) is not None:
                # "till 22" answering until which day: the 22nd, never 22 nights
                entities["check_out"] = until
            else:
                entities["nights"] = number
        elif ctx.state.pending == "ask_children":
            entities["children"] = number
    elif (
        ctx.state.pending == "ask_guests"
        and "children" in entities
        and "adults" not in entities
        and (adults := count_before_children(ctx.folded_text)) is not None
    ):
        entities["adults"] = adults  # "2 + un bebé" answering how many: the 2 are the grown-ups
    says_none = ctx.intent == "deny" or NONE_ANSWER.match(ctx.text)
    if ctx.state.pending == "ask_children" and "children" not in entities and says_none:
        entities["children"] = 0

    if (grown := people_on_top_of_children(ctx)) is not None:
        entities["adults"] = grown  # "we are 2 persons and one child": 2 grown-ups, the child on top
    if (party := relatives_not_coming(ctx)) is not None:
        entities.update(party)  # "mi hija me regaló el viaje, voy yo sola": 1 adult, no child
    elif (adults := party_in_words(ctx)) is not None:
        entities["adults"] = adults
    if (clause := party_from_clause(ctx)) is not None:
        entities["adults"], entities["children"] = clause  # "2 adultos y 2 gurises": the children counted
    if "children" in entities and GROWN_FAMILY.search(ctx.text) and not _mentions_children(ctx):
        # "3 adultos, mi marido, yo y nuestro hijo mayor de edad": the son is one of the adults; with no adults
        # counted, the grown-ups read as children join the adults
        grown = as_int(entities.pop("children")) or 0
        if not ADULTS_COUNTED.search(ctx.folded_text):
            entities["adults"] = (as_int(entities.get("adults")) or 0) + grown
        entities["children"] = 0
    if "children" not in entities and (ages := children_by_ages(ctx)) is not None:
        entities["children"] = ages  # "niños de 4 y 7 años": two children
    if (per_room := _party_per_room(ctx.folded_text)) is not None:
        # "2 rooms, 2 adults in each": the booking's adults are the whole party, every room's counted
        rooms = as_int(entities.get("rooms")) or ctx.state.search.rooms
        if rooms > 1:
            entities["adults"], entities["rooms"] = per_room * rooms, rooms
    if (summed_up := party_summed_up(ctx)) is not None:
        entities["adults"], entities["children"] = summed_up
    check_in, check_out = as_date(entities.get("check_in")), as_date(entities.get("check_out"))
    nights = as_int(entities.get("nights"))
    if nights is None and check_out is None and (weeks := _weeks(ctx)) is not None:
        nights = 7 * weeks  # "a partir del 13 de julio, una semana", "a week from June 20"
    if (departure := _leaving_day_rolled(ctx, check_in, check_out)) is not None:
        # "2 nights, so leaving on the 2nd" about arriving on 31 December: 2 January, never a new arrival on 2
        # December; a length said with it that disagrees is asked, never guessed
        arrival = search.check_in
        check_in, check_out = None, departure
        if nights is not None and arrival is not None and nights != (departure - arrival).days:
            check_out = None
            _forget_dates(search)
            search.dates_unclear = True
        nights = None
    if check_in is not None and (check_out is None or nights is not None) and _until_day(ctx, check_in):
        # "que sea hasta el 13, son 4 noches" about 9-12 July, read as arriving on the 13th: it is the departure
        # (and the nights, if given, count back from it)
        until = check_in
        check_in, check_out = (until - timedelta(days=nights) if nights else None), until
        current = search.check_in
        leaving = _DEPARTURE_WORD.search(ctx.folded_text) or leaving_day(ctx.folded_text) is not None
        if nights and current is not None and check_in != current and leaving:
            # "checkout is the 16th, so 3 nights" about arriving on the 12th: the nights and the departure
            # disagree; which one the guest means is asked, never guessed
            check_in = check_out = None
            nights = None
            _forget_dates(search)
            search.dates_unclear = True
    if (following := _weekend_after(ctx)) is not None:
        check_in, check_out = (
            following  # "mejor el finde siguiente": after the stay talked about, not this one
        )
        nights = None
    if (shifted := stay_shift(ctx)) is not None:
        # "una noche más", "we'll arrive a day earlier": the stay talked about, moved; never a stay of one night
        stated = STATED_NIGHTS.search(ctx.folded_text)
        # never the "a night" of "arrive a night earlier" or "una noche más"
        said = nights if stated is not None and _nights_changed(ctx.folded_text) is None else None
        old_nights = search.nights if search.check_in and search.check_out else None
        check_in, check_out = shifted
        nights = None
        if check_in is not None and check_in != search.check_in:
            # "we'll arrive a day later and stay 3 nights", "… same number of nights": the length as said
            if said is not None and said > 0:
                check_out = check_in + timedelta(days=said)
            elif SAME_NIGHTS.search(ctx.folded_text) and old_nights:
                check_out = check_in + timedelta(days=old_nights)
    elif asks_about_other_nights(ctx):
        nights = None  # "¿cuánto cuesta una noche más?" asks; the stay is not one night
    if (
        check_in is not None
        and check_out is not None
        and (check_out - check_in).days > MAX_ANSWERED_NIGHTS
        and (ranged := _the_one_range(ctx)) is not None
    ):
        # "we can only arrive on the 20th. So February 20 to 22." read as a stay of a year: the one range written
        # with its month is what the guest means
        check_in, check_out = ranged
        nights = None
    if (
        check_in is not None
        and nights is None
        and (ranged := _the_one_range(ctx)) is not None
        and (check_in, check_out) != ranged
        and _AGES_BEFORE_A_DATE.search(ctx.folded_text)
    ):
        # "our two kids, 6 and 9. June 12 to 15" read as 6 to 10 June (a wrong booking): the children's ages are no
        # days; the one range written with its month is the stay
        check_in, check_out = ranged
    if (moved := changed_from_to(ctx)) is not None:
        # "change it from April 10-13 to April 15-17" about 10-13 April: the second range is the stay now
        check_in, check_out = moved
        nights = None
    elif (check_in is not None or check_out is not None) and _other_range_meant(ctx, check_in, check_out):
        # "del 10 al 12 de abril y luego del 15 al 17", "no del 10 al 12, sino del 15 al 17" read as the first:
        # two stays, or a change read as the old one; the dates are asked again, never quoted
        check_in = check_out = None
        nights = None
        _forget_dates(search)
        search.dates_unclear = True
    if check_in is not None and (anchored := _weekdays_of_the_stay(ctx, check_in, search)) is not None:
        # "the weekend of the 24th", then "can we do Saturday to Monday instead?": that weekend's Saturday, not
        # the next Saturday from today
        check_in, check_out = anchored
        nights = None
    if (one_end := _weekday_end_of_the_stay(ctx, check_in, check_out, search)) is not None:
        # "¿podemos llegar el sábado mejor?" about the weekend of the 14th, read as the coming Saturday (a stay of
        # eight nights, booked): that weekend's Saturday; the other end of the stay stays
        check_in, check_out = one_end
        nights = None
    if check_in is not None and check_out is not None:
        check_out, weekdays_agree = _weekday_range(ctx, check_in, check_out)
        if not weekdays_agree:
            # "Monday to Wednesday" read as dates on other weekdays: asked again, never quoted
            check_in = check_out = None
            nights = None
            _forget_dates(search)
            search.dates_unclear = True
    if _month_contradicts(ctx.text, check_in, check_out) and (ranged := _the_one_range(ctx)) is not None:
        # "arrive on the Thursday instead? so 2 to 6 April" read as 5 March to 2 April: the range written in full
        # with its month is what the guest means
        check_in, check_out = ranged
        nights = None
    elif _month_contradicts(ctx.text, check_in, check_out):
        # "del 22 al 24 d mayo" read as March: never quoted; the dates are asked for again
        check_in = check_out = None
        nights = None
        _forget_dates(search)
        search.dates_unclear = True
    if _weekday_far_from_stay(ctx.text, check_in, search):
        # "mejor añadimos el lunes, salimos el 23" about 20-22 March, "el lunes" read as today: that arrival is
        # not the one talked about; the rest of the message stands, and with nothing else the dates are asked
        check_in = None
        if check_out is None and nights is None:
            _forget_dates(search)
            search.dates_unclear = True
    if (replaced := _day_instead_of(ctx, before) or _weekday_instead_of(ctx, before)) is not None:
        # "make it the 21st instead of the 20th" about 18-20 May: the day named second is the one replaced
        # (here the departure), whatever the other readings of the message made of it
        check_in, check_out = replaced
        nights = None
        search.check_in, search.check_out = before.check_in, before.check_out
        search.dates_unclear = before.dates_unclear
    arrival = search.check_in
    if (
        check_in is None
        and check_out is not None
        and arrival
        and _weekday_before_stay(ctx.text, check_out, arrival)
    ):
        # "can we stay until Monday instead of Sunday?" about Friday to Sunday, "Monday" read as today: the
        # Monday after the arrival
        check_out = arrival + timedelta(days=(check_out.weekday() - arrival.weekday()) % 7 or 7)
    if check_in is not None:
        old_check_out = search.check_out
        # "next Friday" for a stay later on: the stay moved to that weekday, never stretched to the old departure
        # ("arrive Thursday instead" about this weekend is the stay's own week: the departure stays)
        by_weekday = (
            search.check_in is not None
            and check_in < search.check_in
            and WEEKDAY_FROM_TODAY.search(ctx.text) is not None
            and weekday_named(ctx.text, check_in)
        )
        search.check_in = check_in
        if check_out is None and nights is None:
            if (search.length_given or by_weekday or SAME_NIGHTS.search(ctx.folded_text)) and search.nights:
                # "llegar el 15, 2 noches" then "mejor el 16": the length was what the guest said
                search.check_out = check_in + timedelta(days=search.nights)
            elif old_check_out is not None and old_check_out > check_in:
                search.check_out = old_check_out  # "del 15 al 18" then "llegamos el 14": same departure
            else:
                search.check_out = check_in + timedelta(days=search.nights) if search.nights else None
    if check_out is not None:
        search.check_out = check_out
        search.length_given = False
    if nights is not None and nights > 0:
        search.nights = nights
        search.length_given = check_out is None
        if check_out is None and search.check_in is not None:
            search.check_out = search.check_in + timedelta(days=nights)
    if search.check_in and search.check_out:
        search.nights = (search.check_out - search.check_in).days
    if "check_in" in entities or "check_out" in entities:
        search.month_implied = not MONTH_HINT.search(ctx.text)
    if "adults" in entities and ctx.state.pending != "ask_guests":
        search.guests_inferred = not NUMBER_IN_TEXT.search(ctx.text)
    elif "adults" in entities:
        search.guests_inferred = False

    party_named = "adults" in entities or "children" in entities
    if search.rooms_inferred and party_named and "rooms" not in entities:
        search.rooms, search.rooms_inferred = 1, False  # a new party: its rooms are worked out afresh
    for key in ("adults", "children", "rooms"):
        value = as_int(entities.get(key))
        if value is not None and value >= 0:
            setattr(search, key, value)
    only_adults = ctx.state.pending == "ask_guests" or ONLY_ADULTS.search(ctx.text)
    if "adults" in entities and "children" not in entities and only_adults:
        search.children = 0  # "solo 2 adultos", "just the two of us"
    if ONLY_ADULTS.search(ctx.text) and "adults" in entities and "children" not in entities:
        entities["children"] = 0  # said in so many words: no child to ask about
    if party_unclear(ctx):
        search.party_unclear = True  # "2 adultos y 2 gurises" read as 2 people: the party is asked for
    elif "adults" in entities or "children" in entities:
        search.party_unclear = False
    if "children" in entities:
        search.children_unsure = False
    elif _mentions_children(ctx) and not search.children:
        search.children_unsure = True
    wanted = None
    if ctx.room_kind is None and not ctx.state.offers:
        # "la habitación con vista al mar del 5 al 9 de octubre": the room by what it has
        wanted = feature_wanted(ctx)
    just_named = ctx.state.last_room_kind_turn == ctx.state.turn - 1
    taken = BOOK_IT.search(ctx.text) or THAT_ONE_FIRST.match(ctx.text)
    if ctx.room_kind is None and wanted is None and just_named and taken:
        # "how much is the double?" then "ok, book it for 7 to 10 July", "what's your dearest room?" then "that one,
        # 10 to 12 April": the room just asked about
        wanted = ctx.state.last_room_kind
    if ctx.room_kind is not None or wanted is not None:
        search.room_type = ctx.room_kind or wanted
        search.kind_only_asked = kind_only_asked(ctx, by_feature=ctx.room_kind is None)
    elif names_a_price(ctx.text):
        search.room_type = None  # "the cheapest" is among every room, whatever kind was asked for before
    if search.check_in is None or search.check_out is None or not search.adults:
        # the dates were asked again ("so 10 to 13 April or maybe 10 to 14"): the offers shown were for a stay
        # no longer known, and never one to book (a room named next would book no dates at all)
        ctx.state.offers = []
    return search != before


# Words that say the guest wants the room they name, not just asks about it.
WANTS_THE_ROOM = re.compile(
    r"\b(?:book\w*|reserv\w*|want\w*|wanna|need\w*|looking for|take|prefer\w*|give me|get|go (?:for|with)|"
    r"(?:i|we)'?d (?:like|love)|(?:i|we) would (?:like|love)|quier\w*|queremos|quisier\w*|necesit\w*|busc\w*|"
    r"quedo|quedamos|prefier\w*|dame|danos|ponme|ponnos|cojo|tomo|tomamos|(?:can|could|may) (?:i|we) have|"
    r"(?:i|we)'?ll have|hold|(?:me|nos) (?:das|da|dan|dais|pones|pone|ponen|guardas|guarda|apartas|aparta))\b"
)


def kind_only_asked(ctx: Context, by_feature: bool) -> bool:
    """A room kind named in a question about its price or what it is like, or found by a feature asked about,
    with no word of wanting it ("do you have a double?" may want the double: not only asked)."""
    asked = "?" in ctx.text or "¿" in ctx.text
    about_it = PRICE_QUESTION.search(ctx.text) is not None or DESCRIBE_ROOM.search(ctx.text) is not None
    return (about_it or (asked and by_feature)) and WANTS_THE_ROOM.search(fold(ctx.text)) is None


def feature_wanted(ctx: Context) -> str | None:
    return kind_wanted(ctx.text, ctx.profile, ctx.language)


def note_feature_wanted(ctx: Context) -> None:
    """Before any room is shown, the one room kind a feature wanted points at is kept: a name or email typed
    under the whole list later takes that room (another room named puts it aside)."""
    state = ctx.state
    if state.offers or state.draft is not None:
        return
    kind = feature_wanted(ctx)
    if kind is not None:
        state.wanted_kind = kind
    elif ctx.room_kind is not None or names_a_price(ctx.text):
        state.wanted_kind = None


_ORD = r"(?:st|nd|rd|th|o|º)?"
_NOT_A_DAY = r"(?!\s*(?:adult|adulto|people|person|persona|guest|huesped|night|noche|child|kid|nin|room|habit|usd|\$|€))"
# "the 21st instead of the 20th", "el 21 en vez del 20", "21 not 20": a new day for an old one.
DAY_INSTEAD = re.compile(
    rf"\b(?:the |el |day |dia )?(?P<new>\d{{1,2}}){_ORD}(?: (?:of|de) [a-z]+)?{_NOT_A_DAY},?\s+"
    rf"(?:instead of|rather than|and not|not|en vez del?|en lugar del?|y no)\s+"
    rf"(?:the |el |day |dia )?(?P<old>\d{{1,2}}){_ORD}\b{_NOT_A_DAY}"
)
# Arriving or leaving, said between the "no" and the day: "no llegamos el 24 sino el 25".
_COMING_OR_GOING = (
    r"(?:llego|llegamos|llegare|llegaremos|llegariamos|entramos|salgo|salimos|saldremos|nos vamos|me voy|"
    r"arrive|arriving|come|coming|get (?:in|there)|check (?:in|out)|leave|leaving|depart|go)"
)
# "not the 20th but the 21st", "no el 20 sino el 21", "we don't arrive on the 24th but on the 25th".
DAY_NOT_BUT = re.compile(
    rf"\b(?:not|no|don'?t|dont|do not|won'?t)\s+(?:(?P<verb>{_COMING_OR_GOING})\s+)?(?:on |el dia )?"
    rf"(?:the |el |day |dia )?(?P<old>\d{{1,2}}){_ORD}\b{_NOT_A_DAY},?\s+"
    rf"(?:but|sino|(?:it'?s |es )?(?:the |el )?)\s*"
    # "no llegamos el 10, llegamos el 11": the same verb again before the new day
    rf"(?:(?:we |i )?(?P=verb)\s+)?(?:on )?(?:the |el )?(?P<new>\d{{1,2}}){_ORD}\b{_NOT_A_DAY}"
)

# "no llegamos el 24", "we don't arrive on the 24th": a day of the stay denied.
DAY_DENIED = re.compile(
    rf"\b(?:not|no|don'?t|dont|do not|won'?t|can'?t|cannot)\s+(?:be\s+)?{_COMING_OR_GOING}\s+(?:on |el dia |el )?"
    rf"(?:the )?(?P<day>\d{{1,2}}){_ORD}\b{_NOT_A_DAY}"
)


def day_denied_alone(ctx: Context, check_in: date, check_out: date) -> bool:
    """A day of the stay (its arrival or departure) denied with no other day named: the new one is not known."""
    text = ctx.folded_text
    match = DAY_DENIED.search(text)
    if match is None or DAY_NOT_BUT.search(text) or DAY_INSTEAD.search(text):
        return False
    days = set(re.findall(r"(?<![\d@.])(\d{1,2})(?![\d@])", text))
    return days == {match["day"]} and int(match["day"]) in (check_in.day, check_out.day)


RANGE_BEFORE = re.compile(r"(?:\bto|\bal|\ba|\buntil|\btill|\bhasta|\band|\by|-)\s*$")


def _day_instead_of(ctx: Context, before: Search) -> tuple[date | None, date | None] | None:
    """(arrival, departure) when the message swaps one day of the stay talked about for another: the old day
    must be the current arrival or departure; None otherwise."""
    if before.check_in is None or before.check_out is None:
        return None
    text = ctx.folded_text
    match = DAY_INSTEAD.search(text) or DAY_NOT_BUT.search(text)
    if match is None or RANGE_BEFORE.search(text[: match.start()]):
        return None  # "the 10th to the 13th, not the 12th": a whole range given, read as such
    new_day, old_day = int(match["new"]), int(match["old"])
    if new_day == old_day or not 1 <= new_day <= 31:
        return None
    check_in, check_out = before.check_in, before.check_out
    nights = as_int(ctx.entities.get("nights"))
    if old_day == check_out.day and old_day != check_in.day:
        new_out = _day_near(check_out, new_day)
        if new_out is None or new_out <= check_in:
            return None
        if nights is not None and nights != (new_out - check_in).days:
            return None  # "the 21st instead of the 20th, 5 nights": the two disagree; read as before
        return None, new_out
    if old_day == check_in.day and old_day != check_out.day:
        new_in = _day_near(check_in, new_day)
        if new_in is None:
            return None
        if nights is not None:
            return new_in, new_in + timedelta(days=nights)
        length = (check_out - check_in).days
        return new_in, check_out if check_out > new_in else new_in + timedelta(days=length)
    return None


_WEEKDAY_NUMBERS = {
    "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5, "domingo": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_WD = "(?:" + "|".join(_WEEKDAY_NUMBERS) + ")"
# "make it Friday instead of Thursday", "el viernes en vez del jueves", "mejor el viernes que el jueves",
# "no el jueves sino el viernes", "not Thursday but Friday": a weekday of the stay for another.
WEEKDAY_INSTEAD = re.compile(
    rf"\b(?:el |on |the )?(?P<new>{_WD}),? (?:instead of|rather than|and not|not|en vez del?|en lugar del?|y no|que)"
    rf" (?:el |on |the )?(?P<old>{_WD})\b|"
    rf"\b(?:not|no)(?: on| el)? (?P<old2>{_WD}),? (?:but|sino)(?: on| el)? (?P<new2>{_WD})\b"
)


def _weekday_instead_of(ctx: Context, before: Search) -> tuple[date | None, date | None] | None:
    """(arrival, departure) when the message swaps the weekday of the arrival or the departure for another, moved
    to the nearest such day; None when the old weekday is neither (or both)."""
    check_in, check_out = before.check_in, before.check_out
    match = WEEKDAY_INSTEAD.search(ctx.folded_text)
    if match is None or check_in is None or check_out is None:
        return None
    new = _WEEKDAY_NUMBERS[match["new"] or match["new2"]]
    old = _WEEKDAY_NUMBERS[match["old"] or match["old2"]]
    shift = (new - old) % 7
    shift = shift - 7 if shift > 3 else shift  # the nearest such day, before or after
    if new == old or (old == check_in.weekday()) == (old == check_out.weekday()):
        return None
    if old == check_in.weekday():
        new_in = check_in + timedelta(days=shift)
        length = (check_out - check_in).days
        return new_in, check_out if check_out > new_in else new_in + timedelta(days=length)
    new_out = check_out + timedelta(days=shift)
    return (None, new_out) if new_out > check_in else None


# "el finde siguiente", "the following weekend", "the weekend after": the weekend after the stay talked about.
WEEKEND_AFTER = re.compile(
    r"\b(?:(?:finde|fin de semana) (?:siguiente|de despues|despues)|(?:following|next) weekend instead|"
    r"following weekend|weekend after(?=\s*(?:$|[,.!?]|instead|please|then)))"
)


def _weekend_after(ctx: Context) -> tuple[date, date] | None:
    """(Friday, Sunday) of the first weekend after the last night of the stay talked about (never one it
    overlaps), when the message asks for that one."""
    search = ctx.state.search
    if search.check_in is None or not WEEKEND_AFTER.search(ctx.folded_text):
        return None
    last_night = search.check_out - timedelta(days=1) if search.check_out else search.check_in
    friday = last_night + timedelta(days=(4 - last_night.weekday()) % 7 or 7)
    return friday, friday + timedelta(days=2)


def _day_near(old: date, day: int) -> date | None:
    """The date with this day of the month closest to `old` (the same month, or the next or previous one)."""
    candidates = []
    for shift in (-1, 0, 1):
        month_index = old.year * 12 + old.month - 1 + shift
        try:
            candidates.append(date(month_index // 12, month_index % 12 + 1, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: abs((d - old).days), default=None)


# Named days that carry their own dates, whatever month the message names beside them.
HOLIDAY_WORDS = re.compile(
    r"\b(?:pascua|easter|semana santa|holy week|navidad|christmas|xmas|nochevieja|nochebuena|a[nñ]o nuevo|"
    r"new year'?s?|nye|puente|labou?r day|may day|week-?end|finde|fin de semana|reyes)\b",
    re.IGNORECASE,
)


def _weeks(ctx: Context) -> int | None:
    return stay_weeks(ctx.folded_text)


def _until_day(ctx: Context, day: date) -> bool:
    """Only the end of the stay is given ("hasta el 13"), and it was read as the arrival, after the one already
    talked about."""
    current = ctx.state.search.check_in
    if current is None or day <= current:
        return False
    text = ctx.folded_text
    if day.day in (until_day(text), leaving_day(text)):
        return True
    if ctx.state.pending == "ask_check_out" and _UNTIL_LEAD.match(text):
        return True  # "to May 18" answering until which day: the departure
    # "I got the check-out date wrong, it's the 17th", "la fecha de salida es el 17": the departure named, no arrival
    # ("checkout is the 16th, so 4 nights": the count of nights is no day)
    days = set(re.findall(r"(?<![\d@.])(\d{1,2})(?![\d@])", _NIGHTS_COUNT.sub(" ", text)))
    return days == {str(day.day)} and bool(_DEPARTURE_WORD.search(text)) and not _ARRIVAL_WORD.search(text)


def _leaving_day_rolled(ctx: Context, check_in: date | None, check_out: date | None) -> date | None:
    """The departure when the guest says only the day they leave on ("leaving on the 2nd", "salimos el 2"), no
    month, and it was read on or before the arrival talked about: the first such day after the arrival (the month
    or year rolled over)."""
    arrival = ctx.state.search.check_in
    day = leaving_day(ctx.folded_text)
    if arrival is None or day is None or MONTH_NAMED.search(ctx.text):
        return None
    if not any(read is not None and read.day == day and read <= arrival for read in (check_in, check_out)):
        return None
    days = set(re.findall(r"(?<![\d@.])(\d{1,2})(?![\d@])", _NIGHTS_COUNT.sub(" ", ctx.folded_text)))
    if days != {str(day)}:
        return None
    return _first_day_after(arrival, day)


_DAY_SAID = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)\b|\b(?:the|el|dia) \d{1,2}\b")


def _departure_day(ctx: Context, day: int) -> date | None:
    """The departure when the number answering until which day is said as a day ("till 22", "to the 22nd", "hasta
    el 22"): the first such day after the arrival (its month or the next)."""
    arrival = ctx.state.search.check_in
    text = ctx.folded_text
    if arrival is None or not (_UNTIL_LEAD.match(text) or _DAY_SAID.search(text)):
        return None
    if _NIGHTS_COUNT.search(text):
        return None
    return _first_day_after(arrival, day)


def _first_day_after(arrival: date, day: int) -> date | None:
    """The first date numbered `day` after the arrival: in its month, or else the next."""
    same = _safe(arrival.year, arrival.month, day)
    if same is not None and same > arrival:
        return same
    year, month = (arrival.year + 1, 1) if arrival.month == 12 else (arrival.year, arrival.month + 1)
    return _safe(year, month, day)


_UNTIL_LEAD = re.compile(r"\W*(?:(?:and|y|ok|okay|vale),? )?(?:to|until|till|til|up to|through|hasta)\b")
_NIGHTS_COUNT = re.compile(r"\b\d{1,2} (?:nights?|noches?)\b")
# "13 to 15", "4-6", "21st to 24th": a range of days with no month; neither side a count of anything.
_BARE_RANGE = re.compile(
    rf"(?<![\d/.:])(?P<a>\d{{1,2}}){_ORD}\s*(?:-|–|to|till|until|thru|through|al|a)\s*(?:the |el )?"
    rf"(?P<b>\d{{1,2}}){_ORD}\b(?![/.:]\d){_NOT_A_DAY}"
)


def bare_range(ctx: Context) -> tuple[date, date] | None:
    """A range of days with no month, the only numbers of the message, about a stay already known: in the month
    of that stay, when it lands within two weeks of it; otherwise not read."""
    search = ctx.state.search
    if search.check_in is None or search.check_out is None or MONTH_NAMED.search(ctx.text):
        return None
    if ctx.state.pending in ("ask_guests", "ask_children"):
        return None
    text = ctx.folded_text
    found = list(_BARE_RANGE.finditer(text))
    if len(found) != 1:
        return None
    first, last = int(found[0]["a"]), int(found[0]["b"])
    # "I have to be back on the 27th, so make it 22 to 27": a day said again beside the range is no other number
    if len(re.findall(r"\d+", text)) < 2 or {int(n) for n in re.findall(r"\d+", text)} - {first, last}:
        return None
    start = _safe(search.check_in.year, search.check_in.month, first)
    end = _safe(search.check_in.year, search.check_in.month, last)
    if start is None or end is None or not 0 < (end - start).days <= 30:
        return None
    if abs((start - search.check_in).days) > 14 or start < ctx.today:
        return None
    return start, end


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_ADULTS_SAID = re.compile(r"\b(\d{1,2}) (?:adults?|adultos?)\b")
_CORRECTED_CUE = re.compile(
    r"\b(?:actually|make it|sorry|wait|i mean|i meant|rather|instead|en realidad|mejor|perdon|perdona|"
    r"quise decir|digo|mejor dicho|al final|corrijo)\b"
)


# Words that make fewer children a new party: "no, solo un niño", "just one kid", "ya no viene", "after all".
_PARTY_CHANGED = re.compile(
    r"^(?:no|not)\b|\b(?:not|no) (?:two|2|both|dos|los dos)\b|\b(?:solo|solamente|only|just|nada mas|ya no|"
    r"won'?t|isn'?t|aren'?t|anymore|after all|al final|ahora|now|seremos|somos|we(?:'ll| will)? be|we are|we're)\b"
)


def children_in_a_remark(ctx: Context) -> bool:
    """'la ejecutiva, así cada quien duerme con un niño', 'my son is 7': fewer children read than the party
    has, no adults said, no word of a change: a remark about the children, never a new count."""
    read = as_int(ctx.entities.get("children"))
    draft = ctx.state.draft
    known = draft.children if draft is not None else ctx.state.search.children
    if read is None or "adults" in ctx.entities or not known or read >= known:
        return False
    return not (_PARTY_CHANGED.search(ctx.folded_text) or CORRECTION_CUE.search(ctx.folded_text))


def adults_corrected_later(ctx: Context) -> int | None:
    """Two counts of adults in one message with a correction cue between them ("for 2 adults … oh and actually
    make it 3 adults sorry"): the last one said, never the first."""
    found = list(_ADULTS_SAID.finditer(ctx.folded_text))
    if len(found) < 2 or found[-1][1] == found[-2][1]:
        return None
    if not _CORRECTED_CUE.search(ctx.folded_text, found[-2].end(), found[-1].start()):
        return None
    return int(found[-1][1])


_DEPARTURE_WORD = re.compile(r"\b(?:check[- ]?out|checkout|departure|salida|fecha de salida|leaving date)\b")
_ARRIVAL_WORD = re.compile(
    r"\b(?:check[- ]?in|checkin|arriv\w*|llegada|lleg\w*|entrada|entramos|from|desde|del)\b"
)


# Leaving on a day: "salimos el 17", "nos iríamos el 17", "dejamos la habitación el 17", "we leave on the 17th",
# "checking out on the 17th", "heading home on the 17th". That day is the departure, never an arrival.
_LEAVING_ON = re.compile(
    r"\b(?:salimos|saldremos|saldriamos|salgo|saldre|saldria|nos vamos|nos iremos|nos iriamos|me voy|me ire|me iria|"
    r"(?:dejamos|dejaremos|dejariamos|dejo|dejare|dejaria|entregamos|entregaremos) la habitacion|"
    r"(?:we|i) (?:leave|would leave|'?d leave|will leave|'?ll leave)|we'?d leave|we'?ll leave|leaving|"
    r"(?:we |i )?check(?:ing)?[ -]?out|(?:we'?re |i'?m )?(?:heading|going|flying) (?:home|back)|(?:we )?head home|"
    r"departing|we depart|irnos|irme|(?:nos|me) (?:podemos|podriamos|queremos|quisieramos|tenemos que|tengo que|"
    r"puedo|podria) ir|nos vayamos|nos fueramos|marcharnos|marcharme|nos marchamos|nos marcharemos|salir|"
    r"salida|(?:dejar|entregar) la habitacion|leave on|leaving on|depart on|check[ -]?out on)\s+(?:on\s+)?(?:the\s+|el\s+(?:dia\s+)?)?(\d{1,2})(?:st|nd|rd|th)?\b(?! (?:nights?|noches?))"
)


def leaving_day(folded: str) -> int | None:
    """The day the guest says they leave on ("salimos el 17", "we check out on the 17th"), if one."""
    match = _LEAVING_ON.search(folded)
    return int(match[1]) if match else None


_MONTHS_ALT = "|".join(MONTH_WORDS)
_RANGE_WITH_MONTH = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)? ?(?:-|–|to|till|until|thru|through|al|a|hasta el) ?(?:the |el )?\d{1,2}(?:st|nd|rd|th)? "
    r"(?:de |of )?(?:" + _MONTHS_ALT + r")\b|\b(?:" + _MONTHS_ALT + r") (?:the )?\d{1,2}(?:st|nd|rd|th)? ?"
    r"(?:-|–|to|till|until|thru|through|al|a) ?(?:the )?\d{1,2}(?:st|nd|rd|th)?\b"
)


# Ages said as bare numbers before the dates: "our two kids, 6 and 9. June 12 to 15".
_AGES_BEFORE_A_DATE = re.compile(
    r"\b(?:kids?|children|child|sons?|daughters?|boys?|girls?|ninos?|ninas?|hijos?|hijas?|nenes?|peques?)\b"
    r"[^.\d]{0,20}\d{1,2}\s*(?:,|and|y|&)\s*\d{1,2}\b"
)


def _the_one_range(ctx: Context) -> tuple[date, date] | None:
    """The one range of days written with its month in the message ("2 to 6 April", "May 3-5"), read alone."""
    found = _RANGE_WITH_MONTH.findall(ctx.folded_text)
    if len(found) != 1:
        return None
    stay = resolve_prepared(found[0], ctx.today, ctx.language)
    if stay.check_in is None or stay.check_out is None or stay.check_out <= stay.check_in:
        return None
    return stay.check_in, stay.check_out


def _month_contradicts(text: str, check_in: date | None, check_out: date | None) -> bool:
    """The message names months, and the dates read from it fall in none of them, or the arrival falls
    outside them without its day being written either ("arrive on the Thursday instead? so 2 to 6 April" read as 5 March to 2 April)."""
    named = {MONTH_WORDS[next(g for g in m.groups() if g).lower()] for m in MONTH_NAMED.finditer(text)}
    # "I meant May, not April": a "May" that can only be the month counts too
    named |= {MONTH_WORDS[m["month"]] for m in _MONTH_ALONE.finditer(fold(text))}
    read = [d for d in (check_in, check_out) if d is not None]
    if not named or not read:
        return False
    if not named & {d.month for d in read}:
        return True
    if HOLIDAY_WORDS.search(text):
        return False
    days = {int(n) for n in re.findall(r"(?<![\d@.])(\d{1,2})(?![\d@])", text)}
    # the departure may follow from a length ("March 30 for a week"); the arrival is always written
    return check_in is not None and check_in.month not in named and check_in.day not in days


_WEEKDAY_NAMES = (
    r"(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)"
)
WEEKDAY = re.compile(rf"\b{_WEEKDAY_NAMES}\b", re.IGNORECASE)
WEEKDAY_REACH_DAYS = 7  # a weekday named about a stay already talked about is within a week of it
# A weekday said from today ("next Friday", "this coming Monday", "el próximo viernes", "el viernes que viene"):
# never the weekday of the stay's own week.
WEEKDAY_FROM_TODAY = re.compile(
    rf"\b(?:next|this coming|coming|el pr[oó]ximo|pr[oó]ximo|este pr[oó]ximo)\s+{_WEEKDAY_NAMES}\b|"
    rf"\b{_WEEKDAY_NAMES}\s+(?:que viene|pr[oó]ximo|de la semana que viene|next week)\b",
    re.IGNORECASE,
)


def _weekday_far_from_stay(text: str, check_in: date | None, search: Search) -> bool:
    """An arrival read from a weekday name ("el lunes", "on Friday"), its day not written, more than a week
    from the stay already being talked about."""
    if (
        check_in is None
        or search.check_in is None
        or not WEEKDAY.search(text)
        or WEEKDAY_FROM_TODAY.search(text)
    ):
        return False
    if check_in.day in {int(n) for n in re.findall(r"(?<![\d@.])(\d{1,2})(?![\d@])", text)}:
        return False
    return abs((check_in - search.check_in).days) > WEEKDAY_REACH_DAYS


def _weekdays_of_the_stay(ctx: Context, check_in: date, search: Search) -> tuple[date, date] | None:
    """A weekday range with no day written ("Saturday to Monday instead"), said of a stay already talked about and
    read in another week: the same weekdays around that stay's arrival (within three days of it)."""
    days = weekday_range(ctx.folded_text)
    if days is None or search.check_in is None or WEEKDAY_FROM_TODAY.search(ctx.text):
        return None
    if re.search(r"(?<![\d@.])\d{1,2}(?![\d@])", ctx.folded_text):
        return None  # a day written: the dates as read
    first, last = days
    offset = (first - search.check_in.weekday() + 3) % 7 - 3
    arrival = search.check_in + timedelta(days=offset)
    if arrival == check_in or arrival < ctx.today:
        return None
    return arrival, arrival + timedelta(days=(last - first) % 7 or 7)


# "the Saturday after", "el sábado siguiente": a weekday counted from the stay on purpose, not one of its own days
_WEEKDAY_MOVED_ON = re.compile(
    rf"\b(?:following|previous|siguiente|anterior)\s+{_WEEKDAY_NAMES}\b|"
    rf"\b{_WEEKDAY_NAMES}\s+(?:after|before|siguiente|anterior|despues|antes)\b|\b(?:week|semana)\b"
)
WEEKDAY_NEAR_STAY_DAYS = 3  # a lone weekday said of a stay is the one within three days of the end it moves


def _weekday_end_of_the_stay(
    ctx: Context, check_in: date | None, check_out: date | None, search: Search
) -> tuple[date | None, date | None] | None:
    """One weekday with no day written, said of a stay already talked about as its arrival or its departure
    ("can we arrive Saturday instead?", "¿y si salimos el lunes?") and read from today in another week: that
    weekday within three days of the end it moves, the other end kept."""
    if search.check_in is None or search.check_out is None or (check_in is None) == (check_out is None):
        return None
    text = ctx.folded_text
    if (
        len(WEEKDAY.findall(text)) != 1
        or WEEKDAY_FROM_TODAY.search(ctx.text)
        or _WEEKDAY_MOVED_ON.search(text)
    ):
        return None
    if re.search(r"(?<![\d@.])\d{1,2}(?![\d@])", text):
        return None  # a day written: the dates as read
    read = check_in if check_in is not None else check_out
    assert read is not None
    end = search.check_in if check_in is not None else search.check_out
    offset = (read.weekday() - end.weekday() + WEEKDAY_NEAR_STAY_DAYS) % 7 - WEEKDAY_NEAR_STAY_DAYS
    moved = end + timedelta(days=offset)
    if moved == read or moved < ctx.today:
        return None
    if check_in is not None:
        return (moved, None) if moved < search.check_out else None
    return (None, moved) if moved > search.check_in else None


def weekday_named(text: str, day: date) -> bool:
    """A date read from a weekday name ("next Friday"), its day of the month not written."""
    if not WEEKDAY.search(text):
        return False
    return day.day not in {int(n) for n in re.findall(r"(?<![\d@.])(\d{1,2})(?![\d@])", text)}


def _weekday_before_stay(text: str, check_out: date, arrival: date) -> bool:
    """A departure read from a weekday name, its day not written, on or before the arrival talked about."""
    if check_out > arrival or not WEEKDAY.search(text):
        return False
    return check_out.day not in {int(n) for n in re.findall(r"(?<![\d@.])(\d{1,2})(?![\d@])", text)}


def asks_about_other_nights(ctx: Context) -> bool:
    """A question about nights more or less ("¿cuánto cuesta una noche más?"): no length of stay in it."""
    if not PRICE_QUESTION.search(ctx.text):
        return False
    text = ctx.folded_text
    return nights_added(text) is not None or nights_removed(text) is not None


def stay_shift(ctx: Context) -> tuple[date, date] | None:
    """The stay already talked about, made longer or shorter ("una noche más", "one night less") or moved
    ("llegamos un día antes", "we'll leave a day later"): its new arrival and departure."""
    search = ctx.state.search
    if search.check_in is None or search.check_out is None:
        return None
    if PRICE_QUESTION.search(ctx.text):
        return None  # "¿cuánto cuesta una noche extra?" asks, it changes nothing
    text = ctx.folded_text
    check_in, check_out = search.check_in, search.check_out
    if _day_read(ctx):
        # a day written: only nights added or taken off that it settles ("una noche más al principio, llegamos
        # el 9"), never the "una noche" of it read as the stay's length
        return _nights_changed_with_day(ctx, check_in, check_out)
    if (nights := _nights_changed(text)) is not None:
        # "add a night at the start" is an arrival a day earlier; "una noche más" a departure a day later
        if _AT_THE_START.search(text):
            shifted = check_in - timedelta(days=nights), check_out
        else:
            shifted = check_in, check_out + timedelta(days=nights)
        return shifted if shifted[0] < shifted[1] else None
    if (days := whole_stay_moved(text)) is not None:
        return check_in + timedelta(days=days), check_out + timedelta(days=days)
    if (moved := stay_moved(text) or _end_moved(text)) is not None:
        arrival, days = moved
        if arrival:
            return check_in + timedelta(days=days), check_out
        return check_in, check_out + timedelta(days=days)
    if (days := _bare_shift(text)) is not None:
        # "one day earlier" with the end moved named apart ("same departure", "todo"): read; otherwise unclear
        if _SAME_DEPARTURE.search(text):
            return (
                (check_in + timedelta(days=days), check_out)
                if check_in + timedelta(days=days) < check_out
                else None
            )
        if _SAME_ARRIVAL.search(text):
            return (
                (check_in, check_out + timedelta(days=days))
                if check_out + timedelta(days=days) > check_in
                else None
            )
        if _WHOLE_STAY.search(text):
            return check_in + timedelta(days=days), check_out + timedelta(days=days)
        return None
    return _month_moved(text, check_in, check_out, ctx)


def _nights_changed(text: str) -> int | None:
    """Nights added (positive) or taken off (negative): "una noche más", "one night less", "un día más"."""
    if (more := nights_added(text)) is not None:
        return more
    if (fewer := nights_removed(text)) is not None:
        return -fewer
    if (days := _DAYS_MORE_OR_LESS.search(text)) is not None:
        count = int(digits[0]) if (digits := re.match(r"\d{1,2}", days[0])) else 1
        return -count if days["less"] else count
    return None


_DAY_COUNT = r"(\d{1,2}|a|an|one|una?|otro|another)"
# Days added or taken off, said as days: "one more day", "un día más", "a day longer", "un día menos" (never "un
# día más tarde": a shift).
_DAYS_MORE_OR_LESS = re.compile(
    rf"\b(?:{_DAY_COUNT} (?:more|extra|additional) days?|{_DAY_COUNT} days? (?:more|longer|extra)|"
    rf"{_DAY_COUNT} dias? (?:mas|extra|adicional(?:es)?)(?! (?:tarde|temprano))|"
    rf"(?P<less>(?:\d{{1,2}}|a|an|one|una?) (?:(?:less|fewer) days?|days? (?:less|fewer|shorter)|dias? menos)))\b"
)


# Nights added or taken at the start of the stay, not its end: "add a night at the start", "una noche más al
# principio", "the night before".
_AT_THE_START = re.compile(
    r"\b(?:at the (?:start|beginning|front)|beforehand|before(?! (?:we|i|you|leaving|checking|check|departure|"
    r"going|heading)\b)|al (?:principio|inicio|comienzo)|antes(?! (?:de|del|que)\b)|por delante|la noche anterior)\b"
)
# Arriving or leaving some days earlier or later, in the words `stay_moved` leaves unread ("we need to come one
# day earlier", "venimos un día después", "we fly in a day later") (folded, numbers as digits).
_END_MOVED = re.compile(
    r"\b(?P<end>come|coming|get in|getting in|fly(?:ing)? in|land(?:ing)?|show(?:ing)? up|turn(?:ing)? up|ven\w*|"
    r"vol(?:ar|amos|emos)|aterriz\w*|check (?:in|out)|checking (?:in|out)|fly(?:ing)? (?:out|home|back)|"
    r"go(?:ing)? (?:home|back)|vuel\w*|volv\w*|regres\w*|marchar\w*|ir(?:nos|me))\b(?: \w+){0,2}? "
    r"(?P<n>\d{1,2}|a|an|una?) (?:days?|dias?|nights?|noches?) "
    r"(?P<dir>earlier|early|before|sooner|antes|later|after|despues|mas tarde|mas temprano)\b"
)
_ARRIVING_END = re.compile(r"^(?:come|coming|get|getting|fly(?:ing)? in|land|show|turn|ven|vol|aterriz)")
_EARLIER_WORDS = ("earlier", "early", "before", "sooner", "antes", "mas temprano")


def _end_moved(text: str) -> tuple[bool, int] | None:
    """One end of the stay moved some days, in words `stay_moved` does not read: whether it is the arrival, and
    the days (negative: earlier)."""
    match = _END_MOVED.search(text)
    if match is None:
        return None
    count = int(match["n"]) if match["n"].isdigit() else 1
    days = -count if match["dir"] in _EARLIER_WORDS else count
    return _ARRIVING_END.match(match["end"]) is not None, days


# Some days earlier or later with no end of the stay named: "one day earlier", "un día después".
_BARE_SHIFT = re.compile(
    r"\b(?P<n>\d{1,2}|a|an|una?) (?:days?|dias?|nights?|noches?) "
    r"(?P<dir>earlier|sooner|later|mas tarde|mas temprano|(?:antes|despues)(?! (?:de|del|que)\b))\b"
)
_SAME_DEPARTURE = re.compile(
    r"\b(?:(?:the )?same (?:departure|check[- ]?out|leaving day|day to leave|end)|keep(?:ing)? the (?:departure|"
    r"check[- ]?out)|(?:la )?misma (?:salida|fecha de salida)|(?:el )?mismo dia de salida|salimos igual|"
    r"(?:la )?salida (?:igual|la misma))\b"
)
_SAME_ARRIVAL = re.compile(
    r"\b(?:(?:the )?same (?:arrival|check[- ]?in|start)|keep(?:ing)? the (?:arrival|check[- ]?in)|"
    r"(?:la )?misma (?:llegada|entrada|fecha de llegada)|(?:el )?mismo dia de llegada|llegamos igual|"
    r"(?:la )?llegada (?:igual|la misma))\b"
)
_WHOLE_STAY = re.compile(
    r"\b(?:everything|all of it|the whole (?:stay|thing|booking|reservation)|the (?:stay|booking|reservation|dates)|"
    r"same (?:number of )?nights|same length|todo|toda la (?:reserva|estancia|estadia)|la reserva|las fechas|"
    r"la estancia|la estadia|mismas noches|mismo numero de noches)\b"
)


def _bare_shift(text: str) -> int | None:
    """The days of a shift said with no end of the stay ("one day earlier"): negative when earlier."""
    match = _BARE_SHIFT.search(text)
    if match is None:
        return None
    count = int(match["n"]) if match["n"].isdigit() else 1
    return -count if match["dir"] in _EARLIER_WORDS else count


_DAY_WRITTEN = re.compile(r"(?<![\d@.:/])(\d{1,2})(?![\d@:/])")
_NIGHTS_SAID = re.compile(r"\b\d{1,2} (?:\w+ )?(?:nights?|noches?|days?|dias?)\b")


def _day_read(ctx: Context) -> bool:
    """A date read from the message, other than one made of a shift's own words ("getting in a day later" read
    as tomorrow: no day is written)."""
    if "check_in" not in ctx.entities and "check_out" not in ctx.entities:
        return False
    text = ctx.folded_text
    if (
        _DAY_WRITTEN.search(_NIGHTS_SAID.sub(" ", text))
        or MONTH_NAMED.search(ctx.text)
        or WEEKDAY.search(text)
    ):
        return True
    shifted = whole_stay_moved(text) is not None or stay_moved(text) or _end_moved(text)
    return not (shifted or _bare_shift(text) is not None or _nights_changed(text) is not None)


def _nights_changed_with_day(ctx: Context, check_in: date, check_out: date) -> tuple[date, date] | None:
    """Nights added or taken off with the one day that settles which end moves ("add a night at the start?
    arriving the 9th", "una noche más, salimos el 14"): the stay so changed; None when the day agrees with
    neither end (or no such change is said)."""
    text = ctx.folded_text
    if (nights := _nights_changed(text)) is None or PRICE_QUESTION.search(ctx.text):
        return None
    written = {int(d) for d in _DAY_WRITTEN.findall(_NIGHTS_SAID.sub(" ", text))}
    read = {d.day for key in ("check_in", "check_out") if (d := as_date(ctx.entities.get(key))) is not None}
    # the days both read as dates and written: never the "1" of "one more change", nor a departure counted from
    # "una noche"
    days = written & read
    if len(days) != 1:
        return None
    day = days.pop()
    earlier_arrival = check_in - timedelta(days=nights)
    later_departure = check_out + timedelta(days=nights)
    if day == earlier_arrival.day and earlier_arrival < check_out and not _AT_THE_END.search(text):
        return earlier_arrival, check_out
    if day == later_departure.day and later_departure > check_in and not _AT_THE_START.search(text):
        return check_in, later_departure
    return None


_AT_THE_END = re.compile(r"\b(?:at the end|al final(?! (?:de|del) )|despues|after(?:wards)?)\b")


MAX_ROLLED_NIGHTS = (
    14  # a leaving day before the arrival, read in the next month, is a stay this long at most
)


def stay_change_unclear(ctx: Context) -> bool:
    """A change of the stay talked about said relatively, that cannot be read for sure: some days earlier or
    later with no end named, nights added or taken off beside a day that agrees with neither end, more nights
    taken off than the stay has, or a leaving day before the arrival that only a long stay would reach. Asked,
    never guessed."""
    search = ctx.state.search
    if search.check_in is None or search.check_out is None or PRICE_QUESTION.search(ctx.text):
        return False
    text = ctx.folded_text
    read_in, read_out = as_date(ctx.entities.get("check_in")), as_date(ctx.entities.get("check_out"))
    rolled = _leaving_day_rolled(ctx, read_in, read_out)
    if rolled is not None and (rolled - search.check_in).days > MAX_ROLLED_NIGHTS:
        return True  # "nos vamos el 9" about 10-13 April: never a stay until 9 May
    if _nights_changed(text) is not None:
        if _day_read(ctx):
            return _nights_changed_with_day(ctx, search.check_in, search.check_out) is None
        return stay_shift(ctx) is None
    if _day_read(ctx):
        return False
    if whole_stay_moved(text) is not None or stay_moved(text) or _end_moved(text):
        return False
    return _bare_shift(text) is not None and stay_shift(ctx) is None


# The whole stay moved by some days or weeks, its length kept (folded, numbers as digits): "could we move it 1
# week later?", "push it back 2 days", "bring everything forward a day", "¿podemos pasarlo 1 semana más tarde?",
# "adelantarlo 1 día", "retrasar la reserva 2 días". Arriving or leaving alone is `stay_moved`'s.
_SHIFT_OBJECT = (
    r"(?:it|that|everything|all|the (?:stay|booking|reservation|dates|whole (?:stay|thing|booking)))"
)
_SHIFT_AMOUNT = r"(?P<n>\d+|an?|un[ao]?)\s+(?P<unit>days?|weeks?|dias?|semanas?)"
_WHOLE_STAY_MOVED = [
    # "move it 1 week later", "shift the dates 2 days earlier", "push everything 3 days back"
    re.compile(
        r"\b(?P<verb>move|moving|shift|push|pushing|bump|put|do|make|have|change)\s+" + _SHIFT_OBJECT + r"\s+"
        r"(?:(?P<pre>back|forward|up|ahead)\s+)?(?:by\s+)?"
        + _SHIFT_AMOUNT
        + r"\s*(?P<dir>later|earlier|sooner|back|forward|ahead|after|before)?\b"
    ),
    # "push it back 2 days", "bring it forward a day", "postpone it 1 week", "delay everything by 2 days"
    re.compile(
        r"\b(?P<verb>push|pushing|bring|pull|move|postpone|delay|bump)\s+"
        + _SHIFT_OBJECT
        + r"\s+(?P<dir>back|forward|ahead|up|later|earlier)?\s*(?:by\s+)?"
        + _SHIFT_AMOUNT
        + r"\b"
    ),
    # "pasarlo 1 semana mas tarde", "moverla 2 dias", "correr la reserva 1 dia antes", "adelantarlo 1 dia",
    # "retrasar todo 1 semana", "atrasar las fechas 2 dias"
    re.compile(
        r"\b(?P<verb>pas|mov|corr|cambi|adelant|retras|atras|pospon|aplaz|rod)(?:ar|er|ir|emos|amos|a|e)?"
        r"(?:l[oa]s?)?\s+(?:(?:todo|la reserva|las fechas|la estancia|la estadia)\s+)?(?:(?:por|para)\s+)?"
        + _SHIFT_AMOUNT
        + r"(?:\s+(?P<dir>mas tarde|despues|antes|mas temprano|para atras|para adelante|atras|adelante))?\b"
    ),
]
_LATER = {"later", "back", "after", "mas tarde", "despues", "para adelante", "adelante"}
_EARLIER = {
    "earlier",
    "sooner",
    "forward",
    "ahead",
    "up",
    "before",
    "antes",
    "mas temprano",
    "para atras",
    "atras",
}


def whole_stay_moved(text: str) -> int | None:
    """The days the whole stay is moved by (negative: earlier), its length kept; None when the message says no
    such thing or leaves the direction unsaid."""
    for pattern in _WHOLE_STAY_MOVED:
        match = pattern.search(text)
        if match is None:
            continue
        n = match["n"]
        count = int(n) if n.isdigit() else 1
        if count <= 0:
            return None
        days = count * (7 if match["unit"].startswith(("week", "semana")) else 1)
        groups = match.groupdict()
        verb, direction = groups.get("verb") or "", match["dir"] or groups.get("pre")
        if direction is None:
            if verb in ("postpone", "delay", "retras", "atras", "pospon", "aplaz"):
                return days
            return -days if verb == "adelant" else None  # "move it 2 days": which way is not said
        if verb in ("push", "pushing", "bring", "pull") and direction in ("forward", "ahead", "up", "back"):
            # "push it back" is later, "bring it forward" earlier; "push it forward", "bring it back": unclear
            if verb in ("push", "pushing"):
                return days if direction == "back" else None
            return -days if direction != "back" else None
        if direction in _LATER:
            return days
        if direction in _EARLIER:
            return -days
        return None
    return None


# A month named alone as a correction ("no perdón, de mayo, no de abril", "sorry, I meant June"): the same
# days in that month. "May" in English only where it cannot be "may I".
_MONTH_ALONE = re.compile(
    r"\b(?P<neg>(?:no|not|ni|instead of|rather than|en vez de|en lugar de|i said|i wrote|i put|dije|puse|escribi)"
    r"\s+(?:(?:de|en|in|for|of|el mes de)\s+)?)?(?P<month>"
    + "|".join(w for w in MONTH_WORDS if w != "may")
    + r"|(?<=in |of |or |to )may|(?<=into )may|(?<=meant )may|may(?=\s*(?:[,.!]|$|not\b|instead\b|rather\b|sorry\b|please\b)))\b"
)
_CORRECTION_CUE = re.compile(
    r"\b(?:same days|same dates|mismos dias|mismas fechas|move|moving|shift|switch|change|cambi\w*|"
    r"pas(?:a|alo|ala|arlo|arla|amos|emos)|mov(?:er|erlo|erla|amos|emos)|no|not|perdon|perdona|sorry|mejor|"
    r"actually|instead|rather|en vez|en lugar|en realidad|quise decir|quer[ií]a decir|i meant|i mean|oops|uy|me equivoque|my mistake|my bad|wrong month|mes)\b"
)


def _month_moved(text: str, check_in: date, check_out: date, ctx: Context) -> tuple[date, date] | None:
    """The stay moved to the one month the guest corrects it to, no day written: same days, same length."""
    if re.search(r"\d", text) or not _CORRECTION_CUE.search(text):
        return None
    wanted = {MONTH_WORDS[m["month"]] for m in _MONTH_ALONE.finditer(text) if not m["neg"]}
    if len(wanted) != 1:
        return None
    month = wanted.pop()
    if month == check_in.month:
        return None
    today = ctx.today
    year = check_in.year if month >= today.month else today.year + 1
    try:
        moved = date(year, month, check_in.day)
    except ValueError:
        return None
    if moved < today:
        return None
    return moved, moved + (check_out - check_in)


# Words that make the second of two ranges a change of the first: "no del 10 al 12, sino del 15 al 17".
_INSTEAD = re.compile(
    r"\b(?:sino|en vez|en lugar|mejor|instead|rather|but|not|no|cambi\w*|change\w*|move\w*|switch\w*|"
    # a range put right in the same breath: "June 2 to 4, I mean June 3 to 5", "del 3 al 5, perdón, del 4 al 6"
    r"i mean|i meant|sorry|perdon\w*|disculp\w*|digo|quise decir|quiero decir|oops|make (?:it|that)|actually|"
    r"o sea|wait|espera)\b"
)


ISO_DATE = re.compile(r"\b20\d\d-[01]?\d-[0-3]?\d\b")


# Two ranges of days in one message, in folded text: "10-13", "del 10 al 13", "the 10th to the 13th".
_DAY_RANGE_WRITTEN = (
    r"([0-3]?\d)(?:st|nd|rd|th)?(?: de [a-z]+| [a-z]+)?\s?(?:-|–|al|a|to|till|until|thru|through|hasta(?: el)?)\s?"
    r"(?:el |the )?([0-3]?\d)(?:st|nd|rd|th)?"
)
# A change from one range to another: "change it from April 10-13 to April 15-17", "cámbialo del 10-13 de abril al
# 15-17", "move us from the 10th to the 13th to the 15th to the 17th", "pásala de 10-13 a 15-17 de abril".
FROM_RANGE_TO_RANGE = re.compile(
    r"\b(?:change\w*|mov\w*|switch\w*|shift\w*|push\w*|modif\w*|cambi\w*|pas[ae]\w*|mueve\w*|muev\w*|"
    r"correg\w*|make it|ponl[ao]|instead)\b.*?\b(?:from|del?|desde)\s+(?:the\s+|el\s+)?"
    r"(?:(?P<month_a>[a-z]+)\s+)?"
    + _DAY_RANGE_WRITTEN
    + r"(?P<after_a>(?:,? (?:de |of )?[a-z]+)?(?:,? 20\d\d)?)\s+"
    r"(?:to|al?|into|for|por|para|hasta)\s+(?:the\s+|el\s+)?(?:(?P<month_b>[a-z]+)\s+)?"
    + _DAY_RANGE_WRITTEN
    + r"(?P<after_b>(?:,? (?:de |of )?[a-z]+)?)"
)


def changed_from_to(ctx: Context) -> tuple[date, date] | None:
    """ "change it from April 10-13 to April 15-17": the new range, when the old one is the stay talked about
    (else None: the dates are read, and asked, as before)."""
    match = FROM_RANGE_TO_RANGE.search(ISO_DATE.sub(" ", ctx.folded_text))
    stay = ctx.state.draft or ctx.state.search
    if match is None or stay.check_in is None or stay.check_out is None:
        return None
    old_in, old_out, new_in, new_out = (int(match[i]) for i in (2, 3, 6, 7))
    if (old_in, old_out) != (stay.check_in.day, stay.check_out.day) or not 1 <= new_in <= 31:
        return None
    month_a = _month_of(match["month_a"], match["after_a"])
    if month_a is not None and month_a != stay.check_in.month:
        return None  # the old range is not the stay: asked, never guessed
    month = _month_of(match["month_b"], match["after_b"]) or month_a or stay.check_in.month
    year = stay.check_in.year + (1 if month < stay.check_in.month - 6 else 0)
    try:
        arrival = date(year, month, new_in)
        leaving_month = (
            date(year, month, 1) if new_out > new_in else date(year, month, 28) + timedelta(days=4)
        )
        departure = date(leaving_month.year, leaving_month.month, new_out)
    except ValueError:
        return None
    if arrival < ctx.today or departure <= arrival:
        return None
    return arrival, departure


def _month_of(before: str | None, after: str | None) -> int | None:
    """The month written right before or after a range of days ("April 10-13", "10-13 de abril"), if any."""
    words = [before or "", *(after or "").replace(",", " ").split()]
    return next((MONTH_WORDS[word] for word in words if word in MONTH_WORDS), None)


def _other_range_meant(ctx: Context, check_in: date | None, check_out: date | None) -> bool:
    """Two ranges of days in one message, and the dates read are not the one meant: the first of two stays
    ("y luego del 15 al 17", "o del 15 al 17"), or the old one of a change ("change from April 10-12 to April
    15-17")."""
    text = ISO_DATE.sub(" ", ctx.folded_text)  # "2026-09-14": a date, not a range of days 09 to 14
    ranges = day_ranges(text)
    if len(set(ranges)) < 2:
        return False
    read = (check_in.day if check_in else None, check_out.day if check_out else None)
    last = ranges[-1]
    if read == ranges[0] and old_range_last(text) == last:
        return False  # "I meant the 7th to the 10th, not the 6th to the 9th": the new range read
    stay = ctx.state.search
    if stay.check_in is not None and stay.check_out is not None and _INSTEAD.search(text):
        # the stay talked about put aside, the other range read
        old = (stay.check_in.day, stay.check_out.day)
        others = set(ranges) - {old}
        if old in ranges and others == {read}:
            return False
    return not (read == last and _INSTEAD.search(text))


def children_by_ages(ctx: Context) -> int | None:
    """The number of children said as their ages ("y niños de 4 y 7 años": 2), when no count was read."""
    if not _mentions_children(ctx):
        return None
    return _children_by_ages(ctx.folded_text, ctx.language)


def _weekday_range(ctx: Context, check_in: date, check_out: date) -> tuple[date, bool]:
    """ "Monday to Wednesday" beside the dates read: the departure is that Wednesday after the Monday ("the week of
    April 20, Monday to Wednesday" read as a whole week), and an arrival on another weekday than named is no reading
    to quote (False)."""
    days = weekday_range(ctx.folded_text)
    if days is None:
        return check_out, True
    first, last = days
    if check_in.weekday() != first:
        return check_out, False
    if check_out.weekday() == last:
        return check_out, True
    return check_in + timedelta(days=(last - first) % 7 or 7), True


ADULTS_COUNTED = re.compile(r"\b\d+\s+(?:adults?|adultos?|grown[- ]?ups?|mayores)\b")
# Family words for grown-ups: "our two grown-up sons", "adult children", "mis hijos mayores de edad".
GROWN_FAMILY = re.compile(
    r"\b(?:grown[- ]?ups?|grown|adult|of age)\s+(?:sons?|daughters?|child(?:ren)?|kids?|boys?|girls?|"
    r"grand(?:sons?|daughters?|children))\b|"
    r"\b(?:sons?|daughters?|child(?:ren)?|kids?)\s+(?:who (?:are|is) (?:grown[- ]?ups?|adults?|over 18)|"
    r"(?:are |is )?(?:grown[- ]?up|adults?|over 18))\b|"
    r"\b(?:hij[oa]s?|niet[oa]s?|chic[oa]s?)\s+(?:ya\s+)?(?:mayor(?:es)? de edad|adult[oa]s|de (?:1[89]|[2-9]\d) a[nñ]os)\b|"
    r"\b(?:hij[oa]s?)\s+(?:que )?(?:ya )?(?:son|es) (?:mayor(?:es)? de edad|adult[oa]s)\b|"
    # an outing of grown-ups named after them: "a girls' trip", "boys weekend", "escapada de chicas"
    r"\b(?:girls?|boys?|lads?|guys?)['’]?\s+(?:trip|weekend|getaway|holiday|vacation|night|break|week)\b|"
    r"\b(?:viaje|escapada|finde|fin de semana|vacaciones|noche|salida)\s+de\s+(?:chic[oa]s|amig[oa]s)\b",
    re.IGNORECASE,
)


def _mentions_children(ctx: Context) -> bool:
    words = CHILD_WORDS[ctx.language]
    text = GROWN_FAMILY.sub(" ", ctx.text)
    if not words.search(text) or NO_CHILDREN.search(text) or unborn_only(ctx.folded_text):
        return False  # none, or only a baby on the way ("she is pregnant, the baby is due in June")
    # "los niños se quedan con la abuela", "our daughter will be at school": only children who stay behind; "our
    # daughter is getting married": only one talked about
    rest = without_relatives_talked_about(GROWN_FAMILY.sub(" ", ctx.folded_text))
    return bool(words.search(RELATIVE_NOT_COMING.sub(" ", rest)))


def missing_or_invalid(ctx: Context, rooms_hold_party: bool = False) -> Reply | None:
    """The question to ask next (dates first, then guests), or None when the search can run; a big group is
    passed to the team unless the guest named the rooms that hold it ("3 family rooms for 9 adults and 5
    children")."""
    search, language, state = ctx.state.search, ctx.language, ctx.state
    if search.check_in is None:
        state.pending = "ask_dates"
        if search.dates_unclear:
            search.dates_unclear = False
            return r.text_reply("dates_unclear", language)
        return r.text_reply("ask_dates", language)
    if search.check_in < ctx.today:
        _forget_dates(search)
        state.pending = "ask_dates"
        return r.text_reply("date_in_past", language)
    if search.check_in > ctx.today + timedelta(days=MAX_DAYS_AHEAD):
        _forget_dates(search)
        state.pending = "ask_dates"
        return r.text_reply("too_far_ahead", language)
    if search.check_out is None:
        state.pending = "ask_check_out"
        return r.text_reply("ask_check_out", language, check_in=r.format_date(search.check_in, language))
    if search.check_out <= search.check_in:
        _forget_dates(search)
        state.pending = "ask_dates"
        return r.text_reply("dates_reversed", language)
    if (search.check_out - search.check_in).days > MAX_NIGHTS:
        _forget_dates(search)
        state.pending = "ask_dates"
        return r.text_reply(
            "stay_too_long", language, [r.button("human_handoff", language)], max_nights=MAX_NIGHTS
        )
    if not search.adults:
        state.pending = "ask_guests"
        return r.text_reply("ask_guests", language)
    if search.party_unclear:
        state.pending = "ask_guests"
        return r.text_reply("party_unclear", language)
    if search.children_unsure:
        state.pending = "ask_children"
        return r.text_reply("ask_children", language, adults=r.format_guests(search.adults, 0, language))
    if search.adults + search.children > MAX_GUESTS and not rooms_hold_party and not search.team_offered:
        # offered once, the party kept: a "yes" is passed on, anything else goes on with the booking
        search.team_offered = True
        state.pending = "offer_team"
        return _team_offered(language)
    return None


async def search(ctx: Context) -> Reply:
    """Ask for what is missing, or search the PMS and show the offers (pending: choose_room)."""
    question = missing_or_invalid(ctx, await rooms_named_hold_party(ctx))
    if question is not None:
        # "el desayuno cuánto sería?" before any dates: what the hotel says of it, then the question
        lines = amenity_answers(ctx)
        price_asked = PRICE_QUESTION.search(ctx.text) or (
            AND_THIS_ROOM.search(ctx.text) and ctx.room_kind is not None
        )  # "¿y la suite?" just after a night's price: that room's price
        if ctx.state.pending == "ask_dates" and price_asked and not lines:
            # "how much is the suite per night?": the price of a night now, then the dates for a total
            lines = [r.say("room_prices_header", ctx.language), *await room_lines(ctx)]
        if ctx.state.pending == "ask_guests" and price_asked and not lines:
            # "¿cuánto cuesta la suite para Nochevieja?": what the room costs those nights, then the party (a
            # room's price is per room; the party still decides which rooms hold it)
            lines = await _prices_for_the_dates(ctx)
        if lines:
            return Reply("\n".join([*lines, question.text]), question.buttons)
        return question
    state, search, language = ctx.state, ctx.state.search, ctx.language
    assert search.check_in and search.check_out and search.adults  # checked above
    notes = []
    needed = needed_rooms(search.adults, search.children, await ctx.rooms.all())
    if needed > search.rooms:
        # "somos 6 adultos": no room takes them all; searched as the fewest rooms that do, said plainly
        search.rooms, search.rooms_inferred = needed, True
        notes.append(
            r.say(
                "rooms_for_party",
                language,
                guests=r.format_guests(search.adults, search.children, language),
                rooms=r.format_rooms(needed, language),
            )
        )
    if len(mixed := await several_kinds(ctx)) >= 2:
        # "2 habitaciones, una doble y una suite": one booking is one room type; never booked as two of the first
        search.room_type = None
        named = r.format_list([r.room_kind_name(kind, language) for kind in mixed], language)
        notes.append(
            r.say(
                "one_room_type_per_booking",
                language,
                kinds=named,
                rooms=r.format_rooms(search.rooms, language),
            )
        )
    offers = await offers_for_stay(ctx)
    stay = r.format_stay(search.check_in, search.check_out, language)
    guests = r.format_guests(search.adults, search.children, language)
    if search.rooms > 1:
        guests = f"{guests}, {r.format_rooms(search.rooms, language)}"
    if not offers:
        state.offers = []
        _forget_dates(search)
        state.pending = "ask_dates"
        return r.text_reply("no_availability", language, stay=stay, guests=guests)

    lines = [*notes, r.say("offers_header", language, stay=stay, guests=guests)]
    search.kind_unavailable = None
    if search.room_type:
        kinds = {rt.id: rt.kind for rt in await ctx.rooms.all()}
        wanted = [o for o in offers if kinds.get(o.room_type_id) == search.room_type]
        if wanted:
            if len(wanted) < len(offers):
                # said, so that a kind read from the guest's words is seen narrowing the list
                kind_name = r.room_kind_name(search.room_type, language)
                lines.append(r.say("only_kind_asked_shown", language, room_type=kind_name))
            offers = wanted
        else:
            lines = [
                r.say(
                    "requested_type_unavailable",
                    language,
                    room_type=r.room_kind_name(search.room_type, language),
                ),
                *lines,
            ]
            search.kind_unavailable, search.room_type = search.room_type, None
    state.offers = offers
    state.choice_held = False  # the rooms shown again for the stay as it now is
    state.pending = "choose_room"
    lines += [offer_line(offer, language) for offer in offers]
    # "¿y con desayuno cuánto sería?": the offers, and what the hotel says of breakfast.
    lines += amenity_answers(ctx)
    lines.append(r.say("offers_footer", language))
    return Reply(text="\n".join(lines), buttons=offer_buttons(offers))


async def _prices_for_the_dates(ctx: Context) -> list[str]:
    """The price per night and total of the room kind asked about (or of every room) for the dates given, before
    the party is known: one room, as the PMS quotes it for one guest. Nothing when the dates are unset or the
    PMS cannot quote them (the party is asked all the same)."""
    search, language = ctx.state.search, ctx.language
    if search.check_in is None or search.check_out is None or search.adults or search.party_unclear:
        return []
    query = AvailabilityQuery(
        check_in=search.check_in, check_out=search.check_out, occupancy=occupancy(1, 0, 1)
    )
    try:
        found = sorted(
            (o for o in await ctx.pms.search_availability(query) if o.available_rooms > 0),
            key=lambda offer: offer.total_price,
        )
    except (PMSRejected, PMSUnavailable):
        return []
    stay = r.format_stay(search.check_in, search.check_out, language)
    rooms = {room.id: room for room in await ctx.rooms.all()}
    if search.room_type is not None:
        found = [o for o in found if (room := rooms.get(o.room_type_id)) and room.kind == search.room_type]
        if not found:
            kind = r.room_kind_name(search.room_type, language)
            return [r.say("kind_not_free_for_dates", language, room_type=kind, stay=stay)]
    lines = [r.say("prices_for_the_dates", language, stay=stay)]
    for offer in found:
        line = offer_line(offer_of(offer), language)
        room = rooms.get(offer.room_type_id)
        if room is not None:
            capacity = r.format_guests(room.max_adults, room.max_children, language)
            line = f"{line} ({r.say('up_to', language, capacity=capacity)})"
        lines.append(line)
    return lines


async def rooms_named_hold_party(ctx: Context) -> bool:
    """The guest said how many rooms, and that many rooms hold the whole party."""
    search = ctx.state.search
    if search.rooms < 2 or search.rooms_inferred or not search.adults:
        return False
    return needed_rooms(search.adults, search.children, await ctx.rooms.all()) <= search.rooms


async def offers_for_stay(ctx: Context) -> list[Offer]:
    """Every room type free for the stay and party searched (whatever kind was asked for), cheapest first."""
    search = ctx.state.search
    assert search.check_in and search.check_out and search.adults
    query = AvailabilityQuery(
        check_in=search.check_in,
        check_out=search.check_out,
        occupancy=occupancy(search.adults, search.children, search.rooms),
    )
    try:
        found = await ctx.pms.search_availability(query)
    except PMSRejected:
        found = []
    return sorted(
        (offer_of(o, search.rooms) for o in found if o.available_rooms > 0),
        key=lambda offer: offer.total_price,
    )


def offer_of(found: RoomOffer, rooms: int = 1) -> Offer:
    """The PMS's answer for one room type, as the dialogue keeps it."""
    return Offer(
        room_type_id=found.room_type_id,
        name=found.room_type_name,
        nightly_price=found.nightly_price,
        total_price=found.total_price,
        currency=found.currency,
        rooms=rooms,
    )


async def several_kinds(ctx: Context) -> list[str]:
    """The room kinds named in a message asking for several rooms ("2 rooms, one double and one suite")."""
    if ctx.state.search.rooms < 2 and as_int(ctx.entities.get("rooms")) is None:
        return []
    return sorted(kinds_in_text(ctx.text, await ctx.rooms.all()))


def offer_line(offer: Offer, language: r.Language) -> str:
    line = r.say(
        "offer_line",
        language,
        room=offer.name,
        nightly=r.format_price(offer.nightly_price, offer.currency, language),
        total=r.format_price(offer.total_price, offer.currency, language),
    )
    if offer.rooms < 2:
        return line
    # several rooms quoted together: what one of them costs a night too ("2,600 per night" alone hides the 1,300)
    each = r.format_price(offer.nightly_price / offer.rooms, offer.currency, language)
    return f"{line} ({r.say('price_per_room', language, price=each)})"


def offer_buttons(offers: list[Offer]) -> list[Button]:
    return [
        Button(id=f"book_{o.room_type_id}", title=r.truncate_title(o.name))
        for o in offers[:MAX_OFFER_BUTTONS]
    ]


def prompt(ctx: Context) -> Reply:
    """The pending dates/guests question again."""
    search, language = ctx.state.search, ctx.language
    if ctx.state.pending == "ask_check_out" and search.check_in:
        return r.text_reply("ask_check_out", language, check_in=r.format_date(search.check_in, language))
    if ctx.state.pending == "ask_guests":
        return r.text_reply("party_unclear" if search.party_unclear else "ask_guests", language)
    if ctx.state.pending == "ask_children" and search.adults:
        return r.text_reply("ask_children", language, adults=r.format_guests(search.adults, 0, language))
    if ctx.state.pending == "offer_team":
        return _team_offered(language)
    return r.text_reply("ask_dates", language)


def _team_offered(language: r.Language) -> Reply:
    return r.text_reply(
        "too_many_guests", language, [r.button("human_handoff", language)], max_guests=MAX_GUESTS
    )


def _forget_dates(search: Search) -> None:
    search.check_in = search.check_out = None
    search.nights = None


def as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


_COUNT = r"(\d{1,2}|one|two|three|four|una|uno|dos|tres|cuatro)"
_PEOPLE = r"(?:adults?|people|persons?|guests?|pax|adult[oa]s?|personas?|huespedes)"
# The party given room by room: "2 adults in each", "2 per room", "each room for 2", "2 adultos en cada una",
# "por habitación 2 personas", "cada habitación para 2".
PER_ROOM = re.compile(
    rf"\b{_COUNT}\s+(?:{_PEOPLE}\s+)?(?:in each(?: one| 1| room)?|each|per room|a room|in every room|"
    rf"en cada (?:una|1|habitacion|cuarto)|por habitacion|por cuarto|cada (?:una|1))\b|"
    rf"\b(?:each|every) (?:room|one|1) (?:for|with|has|takes) {_COUNT}\b|"
    rf"\b(?:cada (?:habitacion|cuarto|una|1)|por habitacion) (?:para|con|de)?\s*{_COUNT}\b",
)
_COUNT_WORDS = {
    "one": 1,
    "una": 1,
    "uno": 1,
    "two": 2,
    "dos": 2,
    "three": 3,
    "tres": 3,
    "four": 4,
    "cuatro": 4,
}


def _party_per_room(folded: str) -> int | None:
    """How many in each room, when the party is given per room; None otherwise."""
    match = PER_ROOM.search(folded)
    if match is None:
        return None
    word = next(group for group in match.groups() if group is not None)
    count = int(word) if word.isdigit() else _COUNT_WORDS[word]
    return count if 0 < count <= 4 else None
