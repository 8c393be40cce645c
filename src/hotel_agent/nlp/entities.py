"""Entities other than intents: dates (via dates.py), guests, rooms, room type, amenity, booking reference,
email, name and the offer a button points at. Rules and lexicons only, so results are exact and explainable.

Conventions: `rooms` is reported only for more than one room (one is the default); `amenity` is the first
amenity mentioned and `amenities` lists them all when there are several; names written all in lower case
come back title-cased; booking references come back upper-cased; emails lower-cased.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from hotel_agent.nlp.dates import MONTHS, WEEKDAYS, resolve_prepared
from hotel_agent.nlp.normalize import LOWER_LETTERS, UPPER_LETTERS, fold

_UNIT_OR_DATE_AFTER = (
    r"(?!\s?(?:noches?|nights?|nites?|dias|days|semanas?|weeks?|habitacion|habitaciones|rooms?|camas?|beds?|"
    r"de (?!(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)\b)\w+|of \w+|/|:|\.\d|h\b|am\b|pm\b|horas?|hours?|euros?|eur|%|anos|years?|st\b|nd\b|rd\b|th\b|"
    r"grupos?|groups?|jan\w*|feb\w*|mar\w*|apr\w*|may\b|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*|"
    r"-\s?\d|–\s?\d|(?:or|o) \d{1,2} (?:noches|nights|nites|dias|days)|"
    # "for 17 to 20 March", "booking for 10 to 14 August": the first day of a range, not a head count
    r"(?:to|al|a|till|til|until|hasta|thru|through) (?:the |el )?\d|"
    # "para una consulta": an article before a noun, not a head count
    r"(?!(?:and|y|con|with|por|for|para|please|pls|porfa|plz|del?|from|on|el|the|desde|hasta|al|to|a|an|un|una|tonight|"
    r"esta)\b)[a-z]{3,}))"
)
_ADULTS = re.compile(
    r"\b(\d{1,2}) (?:adult[oa]s?|adults?|mayores|grown ?ups|adl?ts?|adutls?|adluts?|aduls?)\b"
)
# "change from 2 adults to 3 adults", "from 2 guests to 4", "de 2 personas a 3": the new count
_PARTY_NOUN = r"(?:adults?|adult[oa]s?|people|persons?|personas?|guests?|huespedes|pax)"
_ADULTS_CHANGE = re.compile(
    rf"\b(?:from|de) \d{{1,2}} {_PARTY_NOUN} (?:to|a|para) (\d{{1,2}})(?= {_PARTY_NOUN}\b|$|[,.;!?]| (?:please|pls|instead|en vez|por favor|porfa)\b)"
)
_CHILD_NOUNS = (
    r"ninos?|ninas?|nenes?|nenas?|kids?|children|childs?|hijos?|hijas?|bebes?|babies|baby|"
    r"menores|crios|peques?|kdis|kiddos?|kiddies|toddlers?|infants?|sons?|daughters?|(?:little|small|wee) ones?|pibes?|pibas?|chamacos?|chamacas?|"
    r"guaguas?|chiquillos?|teens?|teenagers?|adolescentes?|"
    # grandchildren travelling with their grandparents are children too: "2 adults and 3 grandkids"
    r"grandkids?|grandchildren|grandchild|grandsons?|granddaughters?|grandbab(?:y|ies)|nietos?|nietas?|"
    # nephews and nieces are children only when said to be small: "mis dos sobrinos chiquitos"
    r"sobrin[oa]s? (?:chiquit[oa]s?|pequen[oa]s?|peques?|chic[oa]s)|(?:little|young|small) (?:nephews?|nieces?)"
)
# An adjective may stand between the number and the noun: "our two teenage sons", "dos pequenos hijos".
_CHILD_ADJECTIVE = r"(?:(?:teenage|teen|little|small|young|younger|older|pequenos?|pequenas?|chiquitos?) )?"
# "our 3 boys", "los 2 chicos": ordinary words that are children only after a possessive or an article.
_CHILD_NOUNS_OWNED = r"boys|girls|chicos|chicas|ninos|ninas|kids|chavales"
_CHILDREN = re.compile(
    rf"\b(?P<n>\d{{1,2}}) {_CHILD_ADJECTIVE}(?:{_CHILD_NOUNS})\b"
    rf"|\b(?P<owner>my|our|the|mis|nuestros|nuestras|los|las) (?P<n2>\d{{1,2}}) {_CHILD_ADJECTIVE}"
    rf"(?:{_CHILD_NOUNS_OWNED})\b"
    # "4 people, 2 of them children", "4 personas, 2 de ellos niños"
    r"|\b(?P<n3>\d{1,2}) (?:of them|de ellos|de ellas|of which|de los cuales)(?: are| son)? (?:kids|children|"
    r"ninos|ninas|menores|minors|peques)\b"
    # "2 adultos y 2 chicos", "2 adults and 2 boys": after a count of adults, young people are children
    # (Rioplatense "chicos" = children).
    r"|\b(?:adult[oa]s?|adults?|mayores|grown ?ups)(?: y| and| \+| con| with| plus| mas|,)+ (?P<n4>\d{1,2}) "
    r"(?:chic[oa]s?|chiquit[oa]s?|chavales|boys?|girls?|young ones|jovenes)\b"
    # "nuestros nietos (dos, de 5 y 9 años)", "the kids (two, aged 4 and 6)": the count in brackets, before ages
    # (brackets are gone once prepared: "nietos 2, de 5 y 9 anos")
    rf"|\b(?:{_CHILD_NOUNS}) \(?(?P<n5>\d{{1,2}})\)?[,:]? (?:de|of|aged|ages?|edades(?: de)?) \d{{1,2}}\b"
)
# The whole party in one breath: "2 adultos y 1 niño", "2 adults and 3 kids".
_PARTY_CHILDREN = re.compile(
    rf"\b\d{{1,2}} (?:adult[oa]s?|adults?)(?: y| and| \+| con| with| plus|,)+ (?P<n>\d{{1,2}}) {_CHILD_ADJECTIVE}"
    rf"(?:{_CHILD_NOUNS}|chic[oa]s?|chavales|boys?|girls?)\b"
)
# A number said again for the same children: "2 kids ... my two children are 5 and 7", "mis 2 hijos".
_CHILDREN_AGAIN = re.compile(
    r"\b(?:my|our|the|these|those|both|mis|nuestros|nuestras|los|las|sus|his|her|their) $"
)
_YEAR_OLD = re.compile(
    r"(?<!\bare )(?<!\bis )(?<!\baged )(?<!\bages )\b(?:a|an|our|my|the|and|&) \d{1,2}[ -]?(?:year|yr|month|mo)s?[ -]?olds?\b"
)
_ONE_CHILD_EN = re.compile(
    rf"\b(?:a|our|my|the) {_CHILD_ADJECTIVE}(?:kid|child|baby|toddler|son|daughter|little one|little 1|infant|newborn)\b"
    r"|\b(?:el|la) (?:peque|nene|nena|chiquitin|chiquitina)\b"
    r"|\b(?:mi|nuestra|nuestro) (?:hij[oa]|nin[oa]|nene|nena|bebe|peque)\b"
    # "baby (8 months)", "bebé de 8 meses": a baby with an age in months, one child
    r"|\b(?:baby|bebe|infant|newborn|recien nacid[oa]) (?:de |of |aged )?\d{1,2} ?(?:months?|meses|mos?)\b"
)
# The same child may be named twice in other words ("a kid ... the little one"); a baby and a toddler are two.
_CHILD_KIND = {
    "kid": "child",
    "one": "child",
    "1": "child",
    "infant": "baby",
    "newborn": "baby",
    "nacido": "baby",
    "nacida": "baby",
    "bebe": "baby",
    "peque": "child",
    "chiquitin": "child",
    "chiquitina": "child",
    "months": "baby",
    "month": "baby",
    "meses": "baby",
    "mos": "baby",
    "mo": "baby",
    "nene": "child",
    "nena": "child",
    "nino": "child",
    "nina": "child",
}


def _child_kind(phrase: str) -> str:
    word = phrase.split()[-1] if phrase.split() else phrase
    return _CHILD_KIND.get(word, word)


_CHILD_LIST_JOIN = re.compile(r" ?(?:,|and|y|&|\+|plus|with|con)(?: also| too)? ?")


# "2 kids and a baby", "3 adults and a toddler": a single child on top of those counted.
_ONE_MORE_CHILD = re.compile(r"\b(?:and|plus|\+|with) (?:a|an) (?:baby|toddler|infant|newborn)\b")
_AND_CHILDREN = re.compile(r",? ?(?:y|and|\+|mas|plus) (?:\d{1,2}|a|an)\b")
_NO_CHILDREN = re.compile(r"\b(?:sin|no|0) (?:ninos|kids|children|hijos)\b")
_MONTH_WORD = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    r"septiembre|setiembre|octubre|noviembre|diciembre)[a-z]*"
)
# "room for 2 April 24 to 26", "para 2 mayo 3 al 5": the number before the month is a head count when the
# month is followed by a range of days (dates.py leaves such a number out).
COUNT_BEFORE_MONTH_RANGE = re.compile(
    rf"\b(?:for|para) (\d{{1,2}}) (?={_MONTH_WORD} (?:the |el )?[0-3]?\d(?:st|nd|rd|th)? ?(?:-|–|to|till|until|thru|through|al|a)"
    r" ?(?:the |el )?[0-3]?\d(?:st|nd|rd|th)?\b)"
)
_COUNT_BEFORE_MONTH_RANGE = COUNT_BEFORE_MONTH_RANGE
_PEOPLE = re.compile(
    r"(?<!\bcon )(?<!\ba )(?<!\bwith )(?<!\bto )\b(\d{1,2}) (?:personas?|people|persons?|pax|huespedes|guests?|adultos y ninos|"
    r"of us|pers|ppl|peeps)\b"
    # "somos un grupo de 6", "we're a family of 4": the group's size, not "1"
    r"|\bsomos (\d{1,2})\b(?! (?:grupo|familia|pareja|matrimonio))|\bwe (?:are|r|re) (\d{1,2})\b(?! nights| group| family| couple)"
    r"|\bwe're (\d{1,2})\b(?! group| family| couple)|\bparty of (\d{1,2})\b"
    # "somos solo nosotros dos", "nosotras tres", "just us two" (never "for us 2 nights")
    r"|\b(?:nosotr[oa]s|us) (\d{1,2})\b(?! ?(?:noches?|nights?|nites?|dias?|days?|semanas?|weeks?|horas?|hours?|"
    r"de\b|del\b|al\b|a\b|to\b|-|/|:|st\b|nd\b|rd\b|th\b))"
    r"|\bgroup of (\d{1,2})\b|\bgrupo de (\d{1,2})\b|\bvamos (\d{1,2})\b(?! (?:noches?|dias?|semanas?|horas?|nights?|days?))"
    r"|\b(\d{1,2}) (?:amigos|amigas|cuates|colegas|friends|mates|colleagues|compas|companeros|companeras|compis|"
    r"coworkers|co-workers|workmates|buddies|pals|lads|blokes|chaps|guys|ladies|gals|gents|fellas|chavales|chavalas|"
    r"tios|tias)\b"
    # "al final seríamos cinco", "we'll be 3"
    r"|\b(?:seriamos|seremos|we'?ll be|we would be|we'?d be|there'?ll be|there will be) (\d{1,2})\b"
    r"(?! (?:noches?|nights?|dias?|days?|semanas?|weeks?|horas?|hours?|minut\w*|am\b|pm\b))"
    # "ah, perdón, vamos a ir dos", "iremos 3": going, counted (never "iremos 3 noches", "vamos a ir 2 de mayo")
    r"|\b(?:vamos a ir|vamos a ser|iremos|iriamos|vendremos|vendriamos|viajamos|viajaremos|viajariamos) (\d{1,2})\b"
    r"(?! ?(?:noches?|dias?|semanas?|horas?|minut\w*|de\b|del\b|al\b|a\b|-|/))"
    rf"|\b(?:doble|double|suite|for|para|pa) (\d{{1,2}})\b{_UNIT_OR_DATE_AFTER}"
    # "room for 2 April 24 to 26": a count, then a month and a range of its days
    rf"|{_COUNT_BEFORE_MONTH_RANGE.pattern}"
)
# Someone travelling with the guest: two adults in all.
_COMPANION = (
    "wife|husband|partner|girlfriend|boyfriend|fiance|fiancee|mujer|esposa|esposo|marido|pareja|novia|novio|"
    "missus|mrs|hubby|brother|sister|mate|friend|colleague|buddy|pal|mum|mom|dad|mother|father|hermano|hermana|"
    "amigo|amiga|colega|companero|companera|madre|padre|mama|papa|jefe|jefa|boss|socio|socia|senora|senor|"
    # people sharing the trip named the way guests text them: "with my bf", "me and my roommate", "con mi compi"
    "bf|gf|bae|roommate|room mate|roomie|flatmate|flat mate|housemate|house mate|bestie|bff|best friend|"
    "coworker|co-worker|workmate|cousin|fiancee|significant other|other half|prima|primo|cunado|cunada|compi|compa|"
    "mejor amigo|mejor amiga|roomate|"
    # "con mi acompañante", "mi compañero de trabajo y yo", "me and my work colleague"
    "acompanante|media naranja|companero de trabajo|companera de trabajo|companero de piso|companera de piso|"
    "work colleague|work friend|colleague from work|friend from work|travel buddy|travel partner"
)
# The companion stays behind: "my bf is staying home", "mi novio se queda en casa", "my roommate can't come".
_COMPANION_STAYS_BEHIND = re.compile(
    rf"\b(?:my|mi) (?:{_COMPANION})\b(?: (?!(?:and|y|but|pero|the|los|las|el|la|our|nuestros)\b)[\w']+){{0,3}}? "
    r"(?:stay\w* (?:at )?home|stay\w* behind|(?:is|are|was|will)(?: not|n'?t) (?:be )?coming|not coming|"
    r"won'?t (?:be )?(?:coming|joining)|can'?t (?:come|make it|join)|cannot (?:come|join)|(?:isn'?t|is not) joining|"
    r"se queda\w*(?: en casa)?|no viene|no vendra|no puede venir|no va a venir)\b"
)
_COUPLE = re.compile(
    rf"\b(?:my|mi) (?:{_COMPANION}|chica|chico),? (?:and |y )?(?:i|me|yo|myself|mi)\b"
    rf"|\b(?:me|i|yo|mi),? (?:and |y |n |& |\+ ?|plus |with |con )?(?:my|mi) (?:{_COMPANION}|gf|bf|wifey)\b"
    rf"|(?:\bwith|\bcon|\bw/) (?:my|mi) (?:{_COMPANION})\b"
    r"|\b1 pareja\b|\bcouple\b(?! of)|(?<!\bde )\bmatrimonio\b(?! de)"
    rf"|\b(?:y|and) (?:my|mi) (?:wife|husband|partner|mujer|esposa|esposo|marido|pareja)\b"
    # "me and the missus", "the hubby and I"
    r"|\b(?:me|i|myself),? (?:and |n |& )?the (?:missus|missis|misses|mrs|wife|hubby|husband|other half)\b"
    r"|\bthe (?:missus|missis|mrs|wife|hubby|husband|other half) (?:and|n|&) (?:i|me|myself)\b"
)
# One more grown-up not yet "mine": "with a friend", "me and a coworker", "voy con una amiga" (read after any count).
_WITH_ONE_OTHER = re.compile(
    r"(?:\bwith|\bw/|\bcon|\bme and|\bme n|\bi and|\bmyself and|\byo y) (?:a|an|1|one) (?:good |best |old )?"
    r"(?:friend|colleague|coworker|co-worker|workmate|buddy|pal|mate|roommate|flatmate|amigo|amiga|colega|"
    r"companero|companera|compi|compa)\b(?! ?(?:'s|s\b|de mi|of my))"
    # one of the hotel's people is asked for, not brought along: "with a colleague of yours", "con un compañero tuyo"
    r"(?! ?(?:of yours|from (?:the |your )?(?:hotel|reception|front desk|team|staff)|tuy[oa]|suy[oa]|de ustedes|"
    r"del hotel|de (?:la )?recepcion|de (?:tu|su) equipo|vuestr[oa]))"
    # "a friend and I", "una amiga y yo"
    r"|\b(?:a|an|1) (?:friend|colleague|coworker|workmate|amigo|amiga|colega|companero|companera) (?:and|y|&) "
    r"(?:i|me|myself|yo)\b"
)
# "only my wife and son (are coming)": one adult, one child.
_ONLY_PARTNER_AND_CHILD = re.compile(
    rf"\b(?:only|just|solo|nomas|nada mas) (?:my|mi) (?:{_COMPANION}) (?:and|y) (?:my |mi |our |nuestro |nuestra )?"
    r"(?:son|daughter|kid|child|baby|hijo|hija|nino|nina|bebe|peque)\b"
)
# "me and 3 mates": the guest and the others; "my parents and I": three.
_OTHERS = (
    r"(?:mates|friends|colleagues|others|more|people|amigos|amigas|colegas|companeros|companeras|otros|otras|"
    r"personas|mas|buddies|pals|coworkers|lads|blokes|chaps|girls|guys|chavales|chavalas)"
)
_ME_AND_OTHERS = re.compile(
    rf"\b(?:me|i|yo|myself) (?:and|y|n|\+|plus|con|with) (\d{{1,2}}) {_OTHERS}\b"
    # "the four lads and me", "mis 3 amigos y yo"
    rf"|\b(?:the|my|mis|los|las) (\d{{1,2}}) {_OTHERS} (?:and|y|n|&|\+|plus) (?:me|i|yo|myself)\b"
)
# "me and my 2 kids", "yo y mis dos hijos": one adult with the children.
_ME_AND_MY_CHILDREN = re.compile(
    rf"(?:\b(?:me|i|yo|myself)|\b(?<=para )mi) (?:and|y|\+|plus|with|con) (?:my|mis|mi) (?:\d{{1,2}} )?"
    rf"(?:\d{{1,2}}[ -]?(?:year|yr)s?[ -]?old )?{_CHILD_ADJECTIVE}"
    rf"(?:{_CHILD_NOUNS}|{_CHILD_NOUNS_OWNED})\b"
    # "me and 2 grandkids (8 and 12)", "yo y 2 nietos": a count without "my" before the children's own word
    rf"|(?:\b(?:me|i|yo|myself)|\b(?<=para )mi) (?:and|y|\+|plus|with|con) (?:\d{{1,2}}) {_CHILD_ADJECTIVE}"
    rf"(?:{_CHILD_NOUNS})\b"
    # "para mi hijo y yo", "my daughter and I"
    rf"|\b(?:my|mis|mi) (?:\d{{1,2}} )?{_CHILD_ADJECTIVE}(?:{_CHILD_NOUNS}|{_CHILD_NOUNS_OWNED}) (?:and|y|&|\+) "
    r"(?:i|me|yo|myself)\b"
)
# "a family of four", "somos una familia de 5": the whole party.
_FAMILY_OF = re.compile(r"\b(?:family|familia) (?:of|de) (\d{1,2})\b")
_COUPLES = re.compile(r"\b([2-9]) (?:couples|parejas|matrimonios)\b")
_PARENTS_AND_ME = re.compile(
    r"\b(?:my parents (?:and|&) (?:i|me|myself)|(?:i|me|myself) (?:and|&) my parents|"
    r"(?:mis|con mis) (?:padres|papas|papis) y yo|(?:yo|mi) y (?:con )?mis (?:padres|papas|papis))\b"
)
# Adults named by who they are, counted one by one when a pair is among them: "my parents, my wife and I" is
# four; "mis suegros, mi marido y yo" four; "my sister and her husband and me" three.
_ADULT_PAIR = re.compile(
    r"\b(?:my|mis|our|nuestros|con mis|with my) (?:parents|parents-in-law|parents in law|in-laws|in laws|"
    r"grandparents|padres|papas|papis|suegros|abuelos)\b"
    # "my mum and dad", "my aunt and uncle", "my nan and grandad"
    r"|\b(?:my|our) (?:mum|mom|mam|mother|ma|dad|father|aunt|auntie|uncle|nan|nana|gran|grandma|grandad|grandpa) "
    r"(?:and|&|n|\+) (?:my )?(?:dad|father|pa|pop|mum|mom|mam|mother|uncle|aunt|auntie|grandad|grandpa|nan|grandma)\b"
    r"|\b(?:(?:my|mi|our|nuestra|nuestro) (?:sister|brother|cousin|friend|hermana|hermano|prima|primo|amiga|amigo|"
    # "it's for my boss and his wife", "él y su esposa": the one booked for and their partner
    r"boss|jefe|jefa|colleague|colega|mom|mum|mother|dad|father|madre|padre|mama|papa|aunt|uncle|tia|tio|"
    r"grandma|grandpa|abuela|abuelo)|he|she|el|ella)"
    r" (?:and|y|&|\+|plus|with|con) (?:her|his|su) (?:husband|wife|partner|boyfriend|girlfriend|fiance|fiancee|"
    r"marido|mujer|esposa|esposo|pareja|novio|novia)\b"
)
_ONE_ADULT_RELATIVE = re.compile(
    r"\b(?:my|mi|our|nuestra|nuestro) (?:wife|husband|partner|girlfriend|boyfriend|fiance|fiancee|mujer|esposa|"
    r"esposo|marido|pareja|novia|novio|missus|hubby|mum|mom|dad|mother|father|madre|padre|mama|papa|senora|"
    r"brother|sister|hermano|hermana|mother-in-law|father-in-law|suegra|suegro)\b"
)
_PARTNER = re.compile(
    r"\b(?:my|mi|our|nuestra|nuestro|the) (?:wife|husband|partner|girlfriend|boyfriend|fiance|fiancee|mujer|esposa|"
    r"esposo|marido|pareja|novia|novio|missus|hubby|senora)\b"
)
_SPEAKER_TOO = re.compile(
    r"\b(?:and|y|&|n|plus|\+) (?:i|me|myself|yo)\b|\b(?:i|me|myself|yo),? (?:and|y|&|\+|plus|with|con)\b"
    # the guest first in a list: "for me, my wife and my parents", "myself, my husband and my grandparents"
    r"|\b(?:me|myself|yo),? (?:my|mi|mis)\b"
    r"|\b(?:with|con) (?:my|mi|mis)\b"
    # "para mí y mis papás" (folded: "para mi y mis papas")
    r"|\b(?:para|por) mi,? (?:y|con)\b"
)


def _named_adults(prepared: str) -> int | None:
    """Adults counted by who they are, when a pair (parents, in-laws, a sister and her husband) or two different
    adults ("my wife and my mother-in-law") are named."""
    pairs = list(_ADULT_PAIR.finditer(prepared))
    if not pairs:
        # "mi señora, yo y mi suegra", "my wife, my mum and I": two adults or more named one by one
        named = {match[0].split()[-1] for match in _ONE_ADULT_RELATIVE.finditer(prepared)}
        if len(named) < 2:
            return None
        return len(named) + (1 if _SPEAKER_TOO.search(prepared) else 0)
    singles = [
        match
        for match in _ONE_ADULT_RELATIVE.finditer(prepared)
        if not any(pair.start() <= match.start() < pair.end() for pair in pairs)
    ]
    return 2 * len(pairs) + len(singles) + (1 if _SPEAKER_TOO.search(prepared) else 0)


# People the guest only talks about, never guests of the room: the one getting married, who recommended the hotel,
# lives there or is visited ("my brother is getting married there", "mi hermana se casa en Cancún", "vamos a la boda
# de mi prima", "my mom recommended you", "vamos a visitar a mi tía"). Only that mention is left out; the same
# relative named again among those who travel still counts ("my sister lives there, it's me and my sister").
_RELATIVE_TALKED_ABOUT = (
    r"(?:(?:big|little|older|younger|baby|best|twin|mayor|menor|pequen[oa]|chic[oa]|mejor)\s+)?"
    r"(?:sister|brother|sis|bro|mother|mum|mom|mam|mother-in-law|father|dad|father-in-law|sister-in-law|"
    r"brother-in-law|son|daughter|son-in-law|daughter-in-law|friend|bff|bestie|cousin|aunt|auntie|uncle|niece|"
    r"nephew|grandma|granny|grandpa|grandmother|grandfather|nan|nana|boss|colleague|coworker|co-worker|parents|"
    r"grandparents|in-laws|folks|herman[oa]|hermanit[oa]|madre|padre|mama|papa|papas|padres|amig[oa]|prim[oa]|"
    r"ti[oa]|sobrin[oa]|abuel[oa]s?|hij[oa]|jef[ae]|colega|companer[oa]|cunad[oa]|suegr[oa]s?|nuer[ao]|yerno|"
    r"husband|wife|partner|boyfriend|girlfriend|fiance|fiancee|hubby|marido|mujer|espos[oa]|pareja|novi[oa])"
)
_STORY_VERB = (
    r"(?:(?:is|are|was|were|'s|'re|will be|'ll be)\s+)?(?:getting|gets|got|get)\s+married|marr(?:y|ies|ied|ying)\b|"
    r"(?:se|nos|me)?\s*(?:va|van)\s+a\s+casar|se\s+cas(?:a|an|o|ara|aran)\b|"
    r"(?:has|have|had)?\s*recommend\w*|(?:me|nos)\s+(?:lo\s+|la\s+|los\s+)?recomend\w*|(?:me|nos)\s+habl\w+\s+de|"
    r"(?:told|tells)\s+(?:me|us)|(?:me|nos)\s+(?:dijo|dijeron|conto|contaron)|"
    r"(?:lives?|living|lived|is living|vive|viven|vivio|moved|se mudo|se mudaron)\b|"
    r"(?:stayed|se quedo|se hospedo|se alojo|estuvo|estuvieron)\s+(?:here|there|with you|aqui|ahi|alli|alla|con "
    r"ustedes|en (?:su|el|este) hotel)|(?:works?|trabaja)\s+(?:there|in|at|ahi|alli|en)\b|"
    # staying elsewhere: "my parents are staying at another hotel", "mis suegros se quedan en su casa"
    r"(?:(?:is|are|will be)\s+)?stay(?:ing|s)?\s+(?:at|in)\s+(?:another|a different|other|their own|his own|her own)\b|"
    r"(?:has|have|got)\s+(?:their|his|her)\s+own\s+(?:room|place|hotel)|"
    r"se\s+(?:queda|quedan|hospeda|hospedan|aloja|alojan)\s+en\s+(?:otro|otra|su|sus)\b|"
    r"(?:tiene|tienen)\s+(?:su|sus)\s+propi[ao]s?\b"
)
_CELEBRATION = (
    r"(?:wedding|boda|casamiento|graduation|graduacion|funeral|entierro|bachelorette|bachelor|despedida|"
    r"baby shower|house|place|casa)"
)
STORY_RELATIVE = re.compile(
    # never one named among those who come: "me and my sister, who lives there", "con mi hermana que vive allí"
    r"(?<!\bwith )(?<!\bcon )(?<!\band )(?<!\by )(?<!& )(?<!\+ )"
    rf"\b(?:my|our|mi|mis|nuestr[oa]s?)\s+{_RELATIVE_TALKED_ABOUT}(?:'?s)?\s+(?:(?!who|que|quien|which)\w+\s+)?"
    rf"(?:{_STORY_VERB})|"
    rf"\b{_CELEBRATION}\s+(?:of|de|for|para)\s+(?:my|our|mi|mis|nuestr[oa]s?)\s+{_RELATIVE_TALKED_ABOUT}\b|"
    rf"\b(?:my|our)\s+{_RELATIVE_TALKED_ABOUT}'?s\s+{_CELEBRATION}\b|"
    rf"\b(?:visit(?:ing)?|see(?:ing)?|visitar|ver|a ver)\s+(?:a\s+)?(?:my|our|mi|mis|nuestr[oa]s?)\s+"
    rf"{_RELATIVE_TALKED_ABOUT}\b"
)


def without_relatives_talked_about(prepared: str) -> str:
    """The message with the relatives only talked about left out ("my brother is getting married there, it'll be me
    and my wife": the brother is no guest) (prepared text)."""
    return STORY_RELATIVE.sub(" . ", prepared)


# The one booked for, alone, said in the third person: "just him", "only her", "she's travelling alone", "viene ella
# sola", "él solo", "solo ella", "va sola" (folded: "él" is "el"; a lone "solo" only ends the clause, never "viene
# solo el viernes").
_END = r"(?=\s*(?:[.,;:!?)]|$|(?:please|pls|por favor|porfa|thanks|gracias|thank you)\b))"
OTHER_ALONE = re.compile(
    r"\b(?:(?:just|only) (?:him|her)(?:self)?|(?:him|her) alone|(?:it'?s|it is|it'?ll be|it will be) (?:just|only) "
    r"(?:him|her)|(?:he|she)(?:'s| is|'ll be| will be| would be)? (?:travell?ing|coming|going|staying|flying)? ?"
    r"(?:alone|solo|on (?:his|her) own|by (?:himself|herself))|(?:he|she) (?:comes|travels|goes|flies|stays) "
    r"(?:alone|solo|on (?:his|her) own|by (?:himself|herself))|"
    r"(?:viene|va|viaja|llega|vendra|ira|viajara|llegara|se hospeda|se queda|estara)?\s*(?:ella|el) sol(?:it)?a\b|"
    r"(?:viene|va|viaja|llega|vendra|ira|viajara|llegara|se hospeda|se queda|estara)?\s*(?:ella|el) sol(?:it)?o"
    + _END
    + r"|"
    r"(?:viene|va|viaja|vendra|ira|viajara|llega|llegara) sol(?:it)?a\b|"
    r"(?:viene|va|viaja|vendra|ira|viajara|llega|llegara) sol(?:it)?o" + _END + r"|"
    r"(?:solo|solamente|unicamente|nada mas|nomas) (?:para )?(?:ella|el)" + _END + r"|"
    r"(?:ella|el) (?:nada mas|nomas|solamente)" + _END + r"|para (?:ella|el) sol(?:it)?[oa]\b|"
    # "solo mi jefe", "just my mom": the one booked for, no one else (never a partner: "just my wife" may be two)
    r"(?:just|only|solo|solamente|nada mas|unicamente) (?:my|mi) (?:boss|jefe|jefa|colleague|colega|mom|mum|mother|"
    r"dad|father|madre|padre|mama|papa|aunt|uncle|tia|tio|grandma|grandpa|abuela|abuelo|sister|brother|hermana|"
    r"hermano|friend|amigo|amiga)" + _END + r"|"
    # "he's 25 and travelling by himself", "she'll manage on her own"
    r"by (?:himself|herself)|on (?:his|her) own(?! (?:\w+ )?(?:room|bed|cama|habitacion))|"
    # "my daughter is travelling alone", "mi madre viene sola"
    r"(?:my|our) \w+(?:-in-law)? (?:is |will be |'s |'ll be )?(?:travell?ing|coming|going|staying|flying) (?:alone|solo|"
    r"on (?:his|her) own|by (?:himself|herself))|(?:mi|nuestr[oa]) \w+ (?:viene|va|viaja|vendra|ira|viajara) sola\b)"
    # never "just him and me", "solo ella y su marido" (but "only her, and put it under her name")
    r"(?!,? (?:and|y|with|con|plus|\+|&|mas) (?:me|i|yo|mi|my|mis|our|his|her|their|su|sus|the|los|las|el|la|a|an|un|"
    r"una|\d+)\b)"
)


_SOLO = re.compile(
    r"\b(?:solo yo|just me|only me|para mi solo|para mi sola|viajo sol[oa]|travell?ing alone|by myself|"
    # "yo sola", never "yo solo necesito una habitación para mi esposo y para mí" (only, not alone)
    r"just myself|yo sola|yo solo(?! (?:necesit|quier|quisier|busc|pid|tengo|teng|dese|reserv|pregunt)\w*)|voy sol[oa]|"
    r"vengo sol[oa]|it'?s just me|just me now|"
    r"solo travell?er|single travell?er|travell?ing solo|it'?ll (?:just )?be (?:just )?(?:me|myself)|"
    r"(?:it'?s|it is|it will) just (?:be )?myself|"
    # "a solo trip", "un viaje en solitario", "viajo sin acompañantes"
    r"(?:(?:a|my|it'?s a|this is a) )?solo (?:trip|getaway|holiday|vacation|stay|adventure|break|visit)|"
    r"(?:viaje|escapada|vacaciones) (?:en )?solitari[oa]s?|(?:viaje|escapada) (?:yo )?sol[oa]|"
    r"(?:viajo|voy|vengo|ire|vendre) sin (?:acompanantes?|companias?|nadie)|(?:i'?m|i am) (?:coming|going|travell?ing) alone)\b"
    # never "it'll be me and a coworker": someone else comes along
    r"(?!,? (?:and|y|with|con|plus|\+|&) (?:a|an|my|mi|un|una|1|one)\b)"
    # "just a room for me", "solo una habitación para mí": never "just for me and my wife", "solo para mi esposa"
    r"|\b(?:just|only|solo|nomas|nada mas)(?: (?:a|one|1|una|un) (?:room|habitacion|cuarto))? (?:for|para) "
    r"(?:me|myself|mi)(?=\s*(?:[.!?;]|$| (?:from|on|in|del?|desde|el|the|this|next|esta|este|please|por favor|pls)\b))"
)

_ONE_ROOM_TYPE = (
    r"(?:double|single|twin|suite|family room|doble|individual|sencilla|suite|familiar|matrimonial)"
)
# "a room for us and another for our daughter", "a second room": two rooms.
_ONE_MORE_ROOM = re.compile(
    r"\b(?:1|a) (?:\w+ )?(?:room|habitacion|cuarto)\b.{0,40}\b(?:another|otra|otro|a second|1 more|one more)\b"
    r"(?! (?:night|noche|day|dia))"
    r"|\b(?:a second|another|1 more|one more|an extra|otra|una segunda|1 segunda) (?:\w+ )?(?:room|habitacion|cuarto)\b"
    r"|\b(?:both|ambas) (?:\w+ )?(?:rooms|habitaciones|cuartos)\b"
    # "a room for my parents and one for us", "una habitación para los niños y una para nosotros"
    r"|\b(?:1|a|one) (?:\w+ )?(?:room|habitacion|cuarto) (?:for|para) [^.?!]{1,40}? (?:and|y|plus|mas|,) "
    r"(?:1|a|one|another|otra|otro)(?: \w+)?(?: room| habitacion| cuarto)? (?:for|para)\b"
    # "una doble y una individual", "a double and a twin"
    rf"|\b(?:1|a|an) {_ONE_ROOM_TYPE}(?: room| habitacion)?,? (?:and|y|\+|plus|mas) (?:1|a|an|another|otra) "
    rf"{_ONE_ROOM_TYPE}\b"
)
# A word naming the kind between the count and "rooms" ("2 General rooms", "two deluxe rooms"); never a count
# noun or a linking word ("2 adults, room with balcony", "for 2 nights, room ...").
_ROOM_KIND_WORD = (
    r"(?!(?:adults?|adult[oa]s?|kids?|children|child|ninos?|ninas?|people|persons?|personas?|guests?|huespedes|pax|"
    r"nights?|nites?|noches?|days?|dias?|weeks?|semanas?|beds?|camas?|and|y|or|o|of|de|with|con|in|en|for|para|"
    r"to|a|al|per|por|the|las?|los?|more|mas|other|otras?|nuestras?|our|my|mis?|separate)\b)[a-z]{3,}"
)
_ROOMS = re.compile(
    r"\b(\d{1,2}) (?:of (?:those|these|the|your) )?(?:(?:double|single|twin|family|separate) |"
    + _ROOM_KIND_WORD
    + r" )?"
    r"(?:habitacion(?:es)?|habs?|rooms?|cuartos?|suites?|"
    r"dobles|doubles|individuales|singles|twins|familiares)\b"
)
_ROOM_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "twin",
        re.compile(
            r"\btwin\b|(?<!\bthe )(?<!\bour )(?<!\bmy )\btwins\b(?! \(| are| is)|\b2 camas\b|\bcamas separadas\b|\b2 (?:separate |single )?beds\b|\bseparate beds\b"
        ),
    ),
    ("family", re.compile(r"\bfamiliar(?:es)?\b|\b(?:family|famliy|famly|familiy) (?:room|suite)s?\b")),
    (
        "suite",
        re.compile(
            r"\bsuites?\b|\b(?:suitt?es?|suitt|siutes?|sutie|swites?|suiet)\b"
            # "the suit", but never clothes or a fit: "does that suit us", "a suit and tie"
            r"|\bsuit\b(?! (?:you|me|us|them|him|her|your|my|our|both|everyone|and tie|jacket|for (?:work|the))\b)"
            # a sweet is no room, the suite heard: "the sweet room", "la sweet", "a junior sweet"; never a
            # sweet thing ("a sweet view", "the sweet spot", "sweets for the kids")
            r"|\b(?:junior|master|honeymoon|presidential|royal|luxury|deluxe|delux|family|familiar) sweet\b"
            r"|\b(?:the|la|el|your|that|this|esa|esta) sweet (?:rooms?|habitacion(?:es)?)\b"
            r"|\b(?:the|la|el|una|un|your|that|this|esa|esta|one|1) sweet"
            r"(?=(?: (?:please|pls|por favor|porfa|for|para|with|con|from|del?|on|el|"
            r"is|es|instead|en vez)\b|\s*(?:[.,!?;)]|$)))"
        ),
    ),
    (
        "single",
        re.compile(
            r"\bindividual(?:es)?\b|\bsen[cs]illas?\b|\bhabitacion(?:es)? simples?\b|\bsimples?\b(?= room)"
            r"|\bsingles?\b(?! (?:night|bed))"
        ),
    ),
    (
        "double",
        re.compile(
            r"\bdobles?\b|\bdubbles?\b|\bdubles?\b|\bmatrimonial(?:es)?\b|\bcama de matrimonio\b|\bdoubles?\b(?![ -]?check)|\b(?:queen|king)\b(?! (?:size )?(?:bed )?suites?\b)"
            r"|\bcama grande\b"
        ),
    ),
)
AMENITIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "pool",
        re.compile(r"\bpiscinas?\b|\bpisci\b|\bpiletas?\b|\balberca\b|\bpools?\b|\bswimming\b|\bswim\b"),
    ),
    (
        "breakfast",
        re.compile(
            r"\bdesayunos?\b|\bdesayunar\b|\bbreakfast\b|\bbrekfast\b|\bbreakfest\b|\bbrekkie\b|\bbrekky\b"
        ),
    ),
    (
        "parking",
        re.compile(
            r"\bparking\b|\baparcamiento\b|\baparcar\b|\bgaraje\b|\bgarage\b|\bestacionamiento\b|\bestacionar\b"
            r"|\bparqueaderos?\b|\bparquear\b|\bparqueo\b|\bcocheras?\b"
            r"|\bpark (?:the|my|our) car\b|\bcar park\b|\bpark\b(?= (?:the )?car)"
            r"|\b(?:dejar|aparcar|estacionar|guardar) (?:la nave|el carro|el coche|el auto|la camioneta)\b"
            r"|\bleave (?:the|my|our) (?:car|ute|van|motor)\b"
            # a vehicle to be parked: "can I park a campervan", "space for our motorbike", "dejar la moto"
            r"|\bpark\b(?= (?:a|an|the|my|our|it|them|overnight|on site|onsite)\b)"
            r"|\b(?:campervans?|camper vans?|motorhomes?|motor homes?|caravans?|motorbikes?|motorcycles?|"
            r"autocaravanas?|furgonetas? camper)\b"
            r"|\b(?:dej\w*|aparc\w*|estacion\w*|guard\w*|parque\w*) (?:la|mi|nuestra|las|mis) (?:motos?|furgo\w*|camper|"
            r"autocaravana|bici\w*)\b"
        ),
    ),
    ("wifi", re.compile(r"\bwi ?-?fi\b|\binternet\b|\bwifi\b|\bwify\b|\bwiffi\b")),
    ("gym", re.compile(r"\bgimnasio\b|\bgym\b|\bfitness\b|\bgimnacio\b")),
    (
        "spa",
        re.compile(
            r"\bspa\b|\bmasajes?\b|\bmassages?\b|(?<!\blike a )(?<!\bcomo un )(?<!\bcomo una )\bsaunas?\b|\bsteam ?rooms?\b|\bbano turco\b|\bhammam\b"
        ),
    ),
    (
        "restaurant",
        re.compile(
            r"\b(?:restaurantes?|restaurants?)\b(?! (?:near|nearby|around|close|in the area|cerca|por la zona|"
            r"alrededor|por aqui))|\bcenar\b|\bdinner\b"
        ),
    ),
    ("bar", re.compile(r"\bbar\b|\bcafeteria\b|\bcocktails?\b")),
    (
        "pets",
        re.compile(
            r"\bmascotas?\b|\bperr[oi]s?\b|\bperrit[oa]s?\b|\bgat[oi]s?\b|\bgatit[oa]s?\b|\bgatic[oa]s?\b|\bperric[oa]s?\b|\bmichis?\b|\bpets?\b"
            r"|\bdogs?\b|\bdoggos?\b|\bpupp(?:y|ies)\b|\bcats?\b|\bkitty\b"
            # a dog named by its breed: "can I bring my labrador?", "tengo un caniche"
            r"|\b(?:labradors?|labs?(?= (?:retriever|puppy|mix))|golden retrievers?|retrievers?|chihuahuas?|poodles?|"
            r"caniches?|bulldogs?|pugs?|beagles?|terriers?|schnauzers?|dachshunds?|teckels?|salchichas?|"
            r"spaniels?|huskys?|huskies|pastor aleman|german shepherds?|border collies?|collies?|yorkies?|"
            r"yorkshires?|malteses?|maltes|bichon\w*|boxers?(?= dog| perro)|doberman\w*|rottweilers?|pomerania\w*|"
            r"shih ?tzus?|cockers?|galgos?|greyhounds?|whippets?|corgis?|dalmatas?|dalmatians?|mastin\w*|mastiffs?)\b"
        ),
    ),
    (
        "airport_shuttle",
        re.compile(
            r"\bshuttles?\b|\btraslados?\b|(?<!\bbank )\btransfers?\b(?! (?:me|you|us|the call|money))|\blanzadera\b|\b(?:airport )?pick ?-?ups?\b"
            r"|\bnos (?:lleve|recoja|busque)\w*\b.{0,20}\baeropuerto\b"
        ),
    ),
    (
        "air_conditioning",
        re.compile(
            r"\baire acond\w*|\bel aire\b(?! libre)|\ba/c\b|\bac\b|\bair ?con(?:ditioning)?\b|\bair[ -]?condition\w*"
            r"|\bclimatizacion\b"
        ),
    ),
    (
        "heating",
        # "is the pool heated" asks about the pool: "heated" names heating only with no pool in the message
        re.compile(
            r"\bcalefaccion\b|\bheating\b|\bheater\b|\bradiador\b|\bradiator\b"
            r"|^(?!.*\b(?:pool|pools|piscina|pileta|alberca)\b).*?\bheated\b"
        ),
    ),
    (
        "laundry",
        re.compile(
            r"\blavanderia\b|\blaundry\b|\bplanchado\b|\bironing\b|\biron (?:a|my|our|some)\b"
            r"|\bplanchar\b|\bdry[ -]?clean\w*|\btintoreria\b"
        ),
    ),
    (
        "room_service",
        re.compile(
            r"\bservicio (?:de|a la) habitacion(?:es)?\b|\broom service\b|\b(?:food|something to eat|breakfast) sent up\b"
            r"|\b(?:comer|comida|cenar) (?:a|en) la habitacion\b"
        ),
    ),
    ("tv", re.compile(r"\btele\b|\btelevision\b|\btv\b|\btelevisor\b|\btelly\b")),
)

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_DASHED_REFERENCE = re.compile(r"\b([A-Za-z]{2,4}-(?=[A-Za-z]*\d)[A-Za-z0-9]{4,10})\b")
_DAY_ORDINAL = re.compile(r"[0-3]?\d(?:st|nd|rd|th|º|ª)", re.IGNORECASE)
_HASH_REFERENCE = re.compile(r"#\s?([A-Za-z0-9]{3,12})\b")
# "cancelar la 44871", "cancel 44871": a number right after the verb is the booking.
_CANCELLED_NUMBER = re.compile(
    r"\b(?i:cancel\w*|anul\w*)\s+(?i:(?:la|el|my|mi|booking|reservation|reserva|res|number|numero|no\.?)\s+)*#?(\d{4,8})\b"
)
_KEYWORD_REFERENCE = re.compile(
    r"\b(?:(?:the|my|el|mi) (?:number|n[uú]mero)(?= (?:is|es|was|era)\b)|reservas?|reservaci[oó]n|booking|reservation|localizador|referencia|ref|c[oó]digo|code|conf|"
    r"confirmaci[oó]n|confirmation|order|pedido)\b"
    r"(?:\s+(?:number|n[uú]mero|num|no|n[º°o]|nº|#|id|code|de reserva|ref(?:erence)?|is|es|era|was|:|mi|my|"
    r"localizador|referencia|c[oó]digo|confirmaci[oó]n|confirmation))*"
    r"[\s:#.]*([A-Za-z0-9]{3,12}(?:-[A-Za-z0-9]{2,10})?)\b",
    re.IGNORECASE,
)
# "booking 5 - can we change the dates", "cancel booking 12": a booking number of one or two digits (the PMS
# numbers its orders), only when nothing follows that makes it a count or a day ("booking 5-7 May", "booking 2 rooms").
_SHORT_BOOKING_NUMBER = re.compile(
    r"\b(?i:booking|reservation|reserva|reservaci[oó]n|order)(?: (?i:number|no\.?|n[uú]mero|nº|#))? #?(\d{1,2})"
    r"(?=\s*(?:$|[,.;!?]|[-–](?!\s*\d)))"
)
_NUMBER_IS = re.compile(r"(?i:the|my|el|mi) (?i:number|n[uú]mero)\b")
_MORE_DIGITS = re.compile(r"[\s-]*\d")
_NAME_INTRO_ANY_CASE = re.compile(
    r"\b(?:me llamo|mi nombre es|my name is|my name's|name is|a nombre de|al nombre de|in the name of|"
    r"under the name(?: of)?|nombre[:=]|name[:=]|"
    r"(?:name|nombre) (?:for|on|of|para|de|en) (?:the|my|our|la|mi|nuestra) (?:booking|reservation|reserva|room|"
    r"habitaci[oó]n)\s*[:=])\s*[:=]?\s*",
    re.IGNORECASE,
)
_NAME_INTRO_CAPITALISED = re.compile(
    r"\b(?i:soy|i am|i'm|im|under|name'?s|name|nombre|(?:reserva|booking|reservation) (?:de|for|under|a|to))"
    rf"\s+(?=[{UPPER_LETTERS}])"
)
# The booking put under someone else's name, then the name itself: "a nombre de ella, Rosa Jiménez", "put it
# under his name, Carlos Ruiz", "el nombre es de mi madre: Carmen Soto", "in my boss's name - Carlos Ruiz". The
# name is the one written after, never the pronoun or the relative ("Ella").
_PRONOUN = r"(?:(?:[Dd]e\s+)?(?:[Ee]lla|[ÉéEe]l|[Ee]llos|[Ee]llas|[Uu]sted|[Uu]stedes|[Hh]er|[Hh]im|[Hh]is|[Tt]hem|[Tt]heir|[Ss]uyo|[Ss]uya))"
_RELATIVE_OWNED = r"(?:(?:de\s+)?(?:mi|my|su|his|her|our|their|nuestr[oa])\s+[^\W\d_]+(?:-in-law)?(?:'s|’s)?)"
_THEN_NAME = r"(?:\s+(?:name|nombre))?\s*(?:please|pls|por favor|porfa)?\s*(?:[,:;—–-]+\s*|\s*$)"
# the relative said in lower case may run straight into the name: "a nombre de mi esposa Carmen Soto" (never "a
# nombre de Ella Brown", "a nombre de Su Li")
_OTHERS_NAME_LEAD = re.compile(
    rf"(?:{_PRONOUN}|{_RELATIVE_OWNED}){_THEN_NAME}|(?:ella|él|el|{_RELATIVE_OWNED})\s+(?=[{UPPER_LETTERS}])"
)
_NAME_OF_ANOTHER = re.compile(
    r"\b(?i:(?:under|in|on|with|bajo|a|en|con)\s+(?:his|her|their|su|sus|(?:my|our) [^\W\d_]+(?:-in-law)?(?:'s|’s|s'))\s+"
    r"(?:names?|nombres?)|a\s+nombre\s+(?:suyo|suya)|"
    r"(?:the\s+|el\s+)?(?:name|nombre)(?:\s+(?:on|of|for|de|en|para)\s+(?:the|la|el)\s+(?:booking|reservation|reserva|"
    r"room|habitaci[oó]n))?\s+(?:is|es|será|sera|would be|will be|should be|goes|va|debe ser|tiene que ser)?\s*"
    r"(?:de\s+|of\s+)?(?:mi|my|su|his|her)\s+[^\W\d_]+(?:-in-law)?(?:'s|’s)?|"
    # "es para mi madre, se llama Carmen Soto", "she's called Maria Lopez", "the guest is Helen Marsh"
    r"se\s+llama|(?:he|she)(?:'s|’s|\s+is)\s+called|the\s+guest(?:'s\s+name)?\s+(?:is|will be)|"
    r"(?:el|la)\s+hu[eé]sped\s+(?:es|será|sera))"
    r"\s*(?i:please|pls|por favor|porfa)?\s*(?:[,:;—–-]+\s*|(?=[" + UPPER_LETTERS + r"]))"
)


def _name_of_another(text: str) -> str | None:
    """The full name written after saying whose it is ("under her name please — Maria Lopez")."""
    for match in _NAME_OF_ANOTHER.finditer(text):
        found = _read_name(text, match.end())
        if found and len(found.split()) >= 2:
            return found
    return None


# Only a full name (two capitalised words or more) after "it's ..." or a sign-off ending the message.
_NAME_INTRO_FULL = re.compile(
    r"(?:\b(?i:it'?s|this is)\s+|\b(?i:regards|saludos|atentamente|atenta|atento|cordialmente|cheers|thanks|"
    rf"gracias|thank you)[,.!]?\s+)(?=[{UPPER_LETTERS}][{LOWER_LETTERS}'’]+ [{UPPER_LETTERS}][{LOWER_LETTERS}A-Z'’]+\s*[.!]?\s*$)"
)
# Who the booking is for, a full name at the end of a clause: "please book it for Nathan Brooks, nathan@…",
# "reserva para Juan Pérez", "hold the suite for Ana Gil."; a sign-off closing the message: "Thanks so much,
# Elena Petrova", "Un abrazo, Marta Gil", "— Tom Hale". Read only as a full name that says nothing of a date,
# a holiday, a room or a party ("for Semana Santa", "for New Year's Eve", "for Two Adults").
_FULL_CAP = rf"[{UPPER_LETTERS}][{LOWER_LETTERS}'’]+(?: (?:de |del |de la |van |von |da )?[{UPPER_LETTERS}][{LOWER_LETTERS}A-Z'’-]+){{1,2}}"
_NAME_FOR = re.compile(
    r"\b(?i:for|para)\s+(?P<name>" + _FULL_CAP + r")(?=\s*(?:$|[,.;!?(<]|\s-\s|[A-Za-z0-9._%+-]+@|"
    r"(?i:and|y|please|por favor|porfa|thanks|gracias|from|del|desde|on|el|in|en)\b))"
)
_SIGN_OFF_NAME = re.compile(
    r"(?:\b(?i:thanks|thank you|thanks so much|thank you so much|many thanks|thanks a lot|thanks a million|thx|"
    r"cheers|regards|best regards|kind regards|warm regards|best wishes|best|all the best|take care|love|"
    r"gracias|muchas gracias|mil gracias|saludos|un saludo|saludos cordiales|un abrazo|abrazos|besos|"
    r"atentamente|cordialmente|hasta pronto|thanks in advance|thank you in advance|thanks again|"
    r"gracias de antemano|gracias por adelantado|un cordial saludo|atte|att|see you soon|nos vemos|hasta luego)"
    r"\s*[,.!:\-–—]*|(?:^|\s)[–—]|(?:^|\s)--?|\n)\s*"
    r"(?P<name>" + _FULL_CAP + r")\s*[.!]?\s*$"
)
NOT_A_NAME_WORDS = frozenset(
    {"semana", "santa", "new", "year", "years", "year's", "eve", "day", "days", "dia", "ano", "nuevo", "spring",
     "break", "weekend", "finde", "puente", "room", "rooms", "habitacion", "habitaciones", "suite", "suites",
     "double", "doble", "twin", "single", "family", "familiar", "delux", "deluxe", "executive", "luxury",
     "general", "adults", "adult", "adultos", "adultas", "kids", "children", "ninos", "people", "personas", "guests",
     "two", "three", "four", "five", "six", "dos", "tres", "cuatro", "cinco", "seis", "labor", "labour",
     "memorial", "valentine's", "mother's", "father's", "independence", "carnival", "carnaval", "muertos",
     "nights", "noches", "night", "noche", "sea", "view", "vista", "mar", "balcony", "balcon", "airport",
     "aeropuerto", "breakfast", "desayuno", "hotel", "prime", "cancun", "playa", "city", "mexico", "reception",
     "check", "late", "early", "good", "morning", "evening", "buenas", "buenos", "tardes", "dias", "hello",
     "hola"}
)  # fmt: skip


# Words after "thanks," that make a greeting or a room of what follows, never a name.
_SIGN_OFF_NOT_NAME = frozenset(
    {"good", "morning", "evening", "afternoon", "night", "buenas", "buenos", "noches", "tardes", "dias", "room",
     "rooms", "suite", "suites", "delux", "deluxe", "habitacion", "habitaciones"}
)  # fmt: skip


def _plain_full_name(found: str, text: str) -> str | None:
    """The full name read after "for" or a sign-off, unless a word of it is a date, a holiday, a room or a
    party, or the whole message is written in capitalised words (then nothing stands out as a name)."""
    words = found.split()
    if any(fold(word) in NOT_A_NAME_WORDS or fold(word) in NOT_A_NAME for word in words):
        return None
    lowered = [w for w in re.findall(r"[^\W\d_]+", _EMAIL.sub(" ", text)) if w[:1].islower()]
    return found if len(lowered) >= 2 else None


# "Ines Duarte – ines@x.pt", "details: Lukas Brandt, lukas@x.de": a full name right before the email.
# Letters of names beyond ASCII ("João", "Zoë", "Søren"); the upper-case ones start a name.
_LOWER = LOWER_LETTERS
_UPPER = UPPER_LETTERS
_NAME_BEFORE_EMAIL = re.compile(
    r"(?:^|[:,;.!?—–-]\s*|\b(?i:is|are|es|son|soy|it|yes|si|sí|ok|vale|under|a nombre de)\s+)"
    rf"(?P<name>[{_UPPER}][{_LOWER}'’]+(?: (?:de |del |da |van |von |la )?[{_UPPER}][A-Za-z{_LOWER}'’-]+){{1,3}})"
    r"\s*[,;–—/|:-]?\s*(?:\(|<)?[A-Za-z0-9._%+-]+@"
)
# "… balcony. mike torres mtorres@example.com": a name typed in lower case, alone between a stop and the email. Taken
# only when the email's own words repeat it, so that "the double, x@y.com" is never read as a name.
_LOWER_INTRO = r"(?:i am|i'm|i’m|im|this is|soy|me llamo|mi nombre es|my name is|my name's|name's)"
_LOWER_NAME_BEFORE_EMAIL = re.compile(
    rf"(?:^|[:,;.!?—–-]\s*)(?:(?i:{_LOWER_INTRO})\s+)?(?P<name>[{_LOWER}]{{2,}}(?: [{_LOWER}]{{2,}}){{1,2}})(?:\s*[,;–—-]\s*|\s+)(?P<local>[A-Za-z0-9._%+-]+)@"
)
_NAME_IS = re.compile(
    rf"\b(?i:name|nombre)\b[^.,!?\d]{{0,30}}?\b(?i:is|es|será|sera|would be)\s+(?=[{UPPER_LETTERS}])"
)
_NAME_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*")
# Words that end a name being read ("for", "and", "please"): public, the orchestrator's name guards use them.
NAME_STOP_WORDS = frozenset(
    {
        "instead",
        "porfis",
        "pls",
        "ok",
        "okay",
        "y",
        "e",
        "and",
        "con",
        "with",
        "mi",
        "my",
        "email",
        "correo",
        "mail",
        "por",
        "para",
        "for",
        "from",
        "desde",
        "quiero",
        "i",
        "que",
        "soy",
        "tel",
        "telefono",
        "phone",
        "please",
        "porfa",
        "gracias",
        "thanks",
        "el",
        "the",
        "is",
        "es",
        "we",
        "nos",
        "somos",
        "de",
        "in",
        "en",
        "to",
        "a",
        "at",
        # "Nombre Iñaki Etxeberria, inaki@...": the label word before the name
        "nombre",
        "name",
    }
)
# A month, a weekday or an article after "booking for" / "it's" is not a name (compared folded).
NOT_A_NAME = frozenset(
    {*MONTHS, *WEEKDAYS}
    | {"the", "a", "an", "la", "el", "los", "las", "my", "mi", "today", "tomorrow", "hoy", "manana"}
    # a title alone is not a name: "for Mr and Mrs Sharma"
    | {"mr", "mrs", "ms", "miss", "mx", "dr", "sr", "sra", "srta", "don", "dona"}
    # a holiday after "booking for" / "move it to": "move the booking to Easter weekend"
    | {
        "easter",
        "christmas",
        "xmas",
        "thanksgiving",
        "navidad",
        "pascua",
        "diwali",
        "halloween",
        "nochevieja",
    }
)
_NAME_PARTICLES = {"de", "del", "la", "van", "von", "da", "di"}
_OPTION = re.compile(
    r"\b(?:book|reservar|reserve|select|offer|option)_(\d{1,2})\b|\b(?:option|opci[oó]n|offer|oferta) #?(\d{1,2})\b",
    re.IGNORECASE,
)
_ORDINAL_OPTION = re.compile(
    r"\b(?:la|el|the) (primera|primero|segunda|segundo|tercera|tercero|first|second|third)"
    r"(?: (?:1|one|opcion|option|oferta|offer|que|q|that|you|me sirve|me va|me gusta|me convence|works|sounds|"
    r"looks|is fine|is good|please|pls|porfa|por favor)\b| ?[.!,]|$)"
    r"|\bthe ([1-3]) one\b"
    r"|\b(first|second|third|[1-3]) (?:option|offer)\b"
    r"|\b(?:go with|me quedo con|vamos con|i'?ll take) (?:the |la |el )?(?:number |numero |option |opcion )?([1-3])\b"
)
_ORDINALS = {
    "primera": 1,
    "primero": 1,
    "first": 1,
    "segunda": 2,
    "segundo": 2,
    "second": 2,
    "tercera": 3,
    "tercero": 3,
    "third": 3,
    "1": 1,
    "2": 2,
    "3": 3,
}


def _first_int(match: re.Match[str]) -> int:
    return int(next(group for group in match.groups() if group is not None))


# "1 niño (un bebé de 8 meses)", "one child (a baby)": the bracket describes the child counted, no second one.
_ONE_CHILD_DESCRIBED = re.compile(
    r"\b(?:1|un|una|one|a|an) (?:ni[nñ][oa]|child|kid|hij[oa]|menor|peque)\s*[(\[]\s*(?:un|una|a|an|1) "
    r"(?:beb[eé]|baby|ni[nñ][oa]|child|kid|toddler|infant|newborn|hij[oa]|nene|nena|peque)\b"
)


def children_count(prepared: str) -> int | None:
    """Children as counted however said. A count said again for the same children ("2 kids ... my two children
    are 5 and 7", "me and my 2 kids") is not added: a number after a possessive or an article restates the
    total, or names a part of it, unless it is larger than what was counted without one."""
    counted = 0
    restated = 0
    found = False
    for match in _CHILDREN.finditer(prepared):
        found = True
        number = int(match["n"] or match["n2"] or match["n3"] or match["n4"] or match["n5"])
        before = prepared[max(0, match.start() - 12) : match.start()]
        if match["owner"] or (match["n"] and _CHILDREN_AGAIN.search(before)):
            restated = max(restated, number)
        else:
            counted += number
    if found:
        children = counted if restated <= counted else counted + restated
        party = list(_PARTY_CHILDREN.finditer(prepared))
        said_before = len(party) == 1 and bool(_CHILDREN.search(prepared, 0, party[0].start()))
        if said_before and children > int(party[0]["n"]) and not _CHILDREN.search(prepared, party[0].end()):
            # "viene también un niño, somos 2 adultos y 1 niño": the whole party said again, not one more
            children = int(party[0]["n"])
        return children + len(_ONE_MORE_CHILD.findall(prepared))
    if year_olds := len(_YEAR_OLD.findall(prepared)):
        return year_olds
    if singles := list(_ONE_CHILD_EN.finditer(prepared)):
        # "a toddler and a baby of 10 months", "mi hijo y mi hija": one child per kind named in one list;
        # a child named again elsewhere ("our son ... add a child") is the same child
        count = 1
        for previous, single in itertools.pairwise(singles):
            joined = _CHILD_LIST_JOIN.fullmatch(prepared[previous.end() : single.start()])
            if joined and _child_kind(previous[0]) != _child_kind(single[0]):
                count += 1
        return count
    if _NO_CHILDREN.search(prepared):
        return 0
    return None


# Children said and then said to stay behind: "we have 3 kids but they are staying with grandma", "tenemos 2 hijos
# pero se quedan con los abuelos", "our 2 children aren't coming": only those travelling are the party. Never
# "they'll stay with us", "se quedan con nosotros en el cuarto": they come.
_KIDS_OR_THEY = rf"(?:{_CHILD_NOUNS}|{_CHILD_NOUNS_OWNED}|they|ellos|ellas)"
_STAYS_BEHIND = (
    r"(?:(?:(?:'?re|are|will|'?ll|will be|'?ll be|are going to|have to|must|can)\s+)?stay(?:s|ing)?|"
    r"(?:se )?(?:quedan|quedaran|quedarian|van a quedar|tienen que quedar)(?:se)?|(?:'?re|are|will be|'?ll be))"
    r"\s+(?:(?:at |en )?(?:home|casa)\b|behind\b|back home\b|"
    r"(?:with|con)\s+(?!(?:us|me|you|nosotr[oa]s|migo|ustedes|vosotr[oa]s|the two of us|both of us)\b)"
    r"(?:\w+\s+){0,2}?(?:grandma|granny|gran|nana|nan|grandpa|grandad|grandparents?|grandmother|grandfather|"
    r"abuel[oa]s?|yaya|yayos|tia|tio|tios|aunt|auntie|uncle|dad|mum|mom|father|mother|papa|mama|padre|madre|"
    r"ex|suegr[oa]s?|in-laws|in laws|family|familia|parents|padres|sitter|babysitter|nanny|niñera|ninera|neighbou?rs?|"
    r"vecin[oa]s?)\b)"
    r"|(?:aren'?t|are not|won'?t be|will not be|not|won'?t|will not)\s+(?:be\s+)?(?:coming|travell?ing|joining|come)\b"
    r"|(?:can'?t|cannot)\s+(?:come|make it|join)\b"
    r"|no\s+(?:vienen|vendran|viajan|nos acompanan|van a venir|pueden venir)\b"
)
_CHILDREN_STAY_BEHIND = re.compile(
    rf"\b{_KIDS_OR_THEY}\b(?:[^.;!?\d]{{0,30}}?\b(?:but|pero|y|and|though|aunque)\b)?[^.;!?\d]{{0,8}}?\s*"
    rf"(?:{_STAYS_BEHIND})"
    # some of them: "3 kids, 2 stay with grandma", "tenemos 3 hijos, 2 se quedan con los abuelos"
    rf"|\b(?P<part>\d{{1,2}})(?: (?:of them|de ellos|de ellas))? (?:{_STAYS_BEHIND})"
)


_SOME_OF_THEM = re.compile(
    r"\b(?:\d{1,2}|one|una?|some|algunos?|algunas?) (?:of|de) (?:our|my|the|them|los|las|mis|nuestr[oa]s|ell[oa]s)\b"
)


def _children_left_behind(prepared: str, children: int | None) -> int | None:
    """0 when every child said stays behind; None (to be asked) when some may still come."""
    behind = list(_CHILDREN_STAY_BEHIND.finditer(prepared))
    if not behind or not children:
        return children
    # "one of our kids can't come, so it's 2 adults and 1 child", "the older 2 stay with grandma, the baby comes
    # with us": the children counted after it are those who come
    coming = children_count(prepared[behind[-1].end() :])
    if coming is not None:
        return coming
    if behind[-1]["part"] or _SOME_OF_THEM.search(prepared[: behind[-1].end()]):
        return None  # "one of our kids can't come", "2 se quedan con la abuela": how many come is asked
    return 0


def companions_named(prepared: str) -> bool:
    """The party said by who travels ("with my partner", "me and a colleague", "con una compañera de trabajo",
    "mi pareja y yo"): people coming along, never a person of the hotel's asked for."""
    if _COMPANION_STAYS_BEHIND.search(prepared):
        return False
    return any(
        pattern.search(prepared)
        for pattern in (
            _COUPLE,
            _WITH_ONE_OTHER,
            _ME_AND_OTHERS,
            _ME_AND_MY_CHILDREN,
            _PARENTS_AND_ME,
            _ONLY_PARTNER_AND_CHILD,
            _WITH_COMPANION,
        )
    )


# "con una compañera de trabajo", "traveling with a friend from work", "con mi acompañante": one more grown-up
_WITH_COMPANION = re.compile(
    r"(?:\bwith|\bw/|\bcon|\band|\by) (?:a|an|1|one|my|mi|un|una) (?:work |good |old )?"
    r"(?:friend|colleague|coworker|workmate|companero|companera|amigo|amiga|colega|acompanante|socio|socia|"
    r"partner|significant other|other half|media naranja|fiance|fiancee|roommate|flatmate|housemate|bf|gf)"
    r"(?: (?:from work|de trabajo|del trabajo|de la oficina|de piso|de cuarto|de viaje))?\b"
    r"(?! ?(?:of yours|from (?:the |your )?(?:hotel|reception|front desk|team|staff)|tuy[oa]|suy[oa]|de ustedes|"
    r"del hotel|de (?:la )?recepcion|de (?:tu|su) equipo|vuestr[oa]))"
)


def guests(prepared: str) -> dict[str, int]:
    # "my brother is getting married there, it'll be me and my wife": only those who travel are counted
    prepared = without_relatives_talked_about(prepared)
    # "change from 2 adults to 3 adults", "de 2 adultos a 3": the new count
    adults_match = _ADULTS_CHANGE.search(prepared) or _ADULTS.search(prepared)
    children = _children_left_behind(prepared, children_count(prepared))
    adults: int | None = None
    if adults_match:
        adults = int(adults_match.group(1))
    elif (named := _named_adults(prepared)) is not None:
        adults = named
    elif _ONLY_PARTNER_AND_CHILD.search(prepared):
        adults, children = 1, children or 1
    elif others := _ME_AND_OTHERS.search(prepared):
        adults = _first_int(others) + 1
    elif _PARENTS_AND_ME.search(prepared):
        adults = 3
    elif couples := _COUPLES.search(prepared):
        adults = 2 * int(couples.group(1))
    elif _COUPLE.search(prepared) and not _COMPANION_STAYS_BEHIND.search(prepared):
        adults = 2
    elif _ME_AND_MY_CHILDREN.search(prepared):
        # "mi mujer, mis dos hijos y yo", "my wife, my 2 kids and I": the partner named too
        adults = 2 if _PARTNER.search(prepared) else 1
    elif OTHER_ALONE.search(prepared) and not _CHILDREN.search(prepared):
        # "it's for my daughter, she's travelling alone", "viene ella sola": the one booked for is the party
        adults, children = 1, 0
    elif _SOLO.search(prepared):
        adults = 1
    else:
        people = _FAMILY_OF.search(prepared) or _PEOPLE.search(prepared)
        if people:
            total = _first_int(people)
            # "somos 2 y un niño": the children come on top of the count.
            on_top = _AND_CHILDREN.match(prepared, people.end())
            adults = total - children if children and total > children and not on_top else total
        elif (
            _WITH_ONE_OTHER.search(prepared) or _WITH_COMPANION.search(prepared)
        ) and not _COMPANION_STAYS_BEHIND.search(prepared):
            adults = 2
    found: dict[str, int] = {}
    if adults:
        found["adults"] = adults
    if children is not None:
        found["children"] = children
    return found


def rooms(prepared: str) -> int | None:
    match = _ROOMS.search(prepared)
    if match and int(match.group(1)) >= 2:
        return int(match.group(1))
    if _ONE_MORE_ROOM.search(prepared):
        return 2
    return None


_REPLACED_ROOM = re.compile(
    r"\b(?:en vez de|en lugar de|instead of) (?:la |el |the |a |an |una |un )?\w+(?: room)?"
    r"|\b(?:cambia\w*|swap|change|switch|bump|move|upgrade)(?: from| de)? (?:la |el |the |our |my |nuestra )?\w+"
    r"(?: room)? (?=(?:por|for|to|up to|a) )"
)


_COMPARISON = re.compile(r"\b(?:or|o|vs|versus|difference|diferencia|compare\w*|compar\w*)\b")


# "un imprevisto familiar", "motivos familiares", "ambiente familiar": the adjective of something else, no room.
_FAMILIAR_NOT_A_ROOM = re.compile(
    r"\b(?:imprevistos?|problemas?|asuntos?|temas?|emergencias?|motivos?|razon(?:es)?|urgencias?|compromisos?|"
    r"eventos?|reunion(?:es)?|celebracion(?:es)?|fiestas?|situacion(?:es)?|ambiente|trato|duelo|cuestion(?:es)?|"
    r"cosas?|salud|enfermedad(?:es)?|perdida|fallecimiento|luto|cena|comida|almuerzo) familiar(?:es)?\b"
)


def room_type(prepared: str) -> str | None:
    prepared = _REPLACED_ROOM.sub(" ", _FAMILIAR_NOT_A_ROOM.sub(" ", prepared))
    hits = [(m.start(), key) for key, pattern in _ROOM_TYPES if (m := pattern.search(prepared))]
    if not hits:
        return None
    # "the double or the twin?", "the difference between the double and the twin": the first named
    if _COMPARISON.search(prepared):
        return min(hits)[1]
    if any(key == "twin" for _, key in hits):  # "a double with two separate beds", "we'd need a twin"
        return "twin"
    return min(hits)[1]


def amenities(prepared: str) -> list[str]:
    hits = sorted((m.start(), key) for key, pattern in AMENITIES if (m := pattern.search(prepared)))
    return [key for _, key in hits]


# Beside one of two emails, words that say it is the wrong one: "x@y.com not z@y.com", "en vez de z@y.com".
_WRONG_BEFORE = re.compile(
    r"\b(?i:not|no|instead of|rather than|en vez de|en lugar de|ni|change|cambia|cambiar|replace|from|"
    r"del|de)\s*[:=]?\s*$"
)
_WRONG_AFTER = re.compile(
    r"^\s*(?i:is wrong|was wrong|is incorrect|is a typo|was a typo|est[aá] mal|es incorrecto|no es|está equivocado|"
    r"esta equivocado|por|to)\b|^\s*(?:->|→)"
)


def email(text: str) -> str | None:
    found = list(_EMAIL.finditer(text))
    if not found:
        return None
    if len(found) > 1:
        # "sorry email is x@y.com not z@y.com", "not z@y.com, it's x@y.com": the one not said to be wrong
        right = [
            m
            for m in found
            if not _WRONG_BEFORE.search(text[max(0, m.start() - 20) : m.start()])
            and not _WRONG_AFTER.match(text[m.end() : m.end() + 25])
        ]
        if len(right) == 1:
            return right[0].group(0).lower()
    return found[0].group(0).lower()


def booking_reference(text: str) -> str | None:
    without_emails = _EMAIL.sub(" ", text)
    for pattern in (_DASHED_REFERENCE, _HASH_REFERENCE, _CANCELLED_NUMBER, _SHORT_BOOKING_NUMBER):
        match = pattern.search(without_emails)
        if match:
            return match.group(1).upper()
    for match in _KEYWORD_REFERENCE.finditer(without_emails):
        candidate = match.group(1)
        has_digit = any(ch.isdigit() for ch in candidate)
        if candidate.isdigit() and not 3 <= len(candidate) <= 10:
            continue
        if _DAY_ORDINAL.fullmatch(candidate):
            continue  # "need booking 13th to 16th April": a day, not a booking number
        if _NUMBER_IS.match(match[0]) and _MORE_DIGITS.match(without_emails, match.end()):
            continue  # "my number is 0612 345 678": a phone number, not a booking
        shouted = candidate.isupper() and candidate.isalpha() and len(candidate) >= 6
        if has_digit or shouted:
            return candidate.upper()
    return None


# "la reserva número ciento doce", "booking number one two three": a booking number said in words, which only the
# prepared text (words made digits) shows.
_SPOKEN_BOOKING_NUMBER = re.compile(
    r"\b(?:reservas?|reservacion|booking|reservation|localizador|order)"
    r"(?: (?:number|numero|num|no|n))? (\d{3,8})\b(?! ?(?:de |of )?(?:adult\w*|personas?|people|nights?|noches?|eur\w*|\$|dolares))"
)


def _spoken_booking_number(text: str, prepared: str) -> str | None:
    match = _SPOKEN_BOOKING_NUMBER.search(prepared)
    if match is None or match[1] in text:
        return None  # none, or written in digits (the written reading already decided)
    return match[1]


# "ana punto ruiz arroba gmail punto com", "tom at outlook dot com": an email address dictated word by word; its
# written parts kept whole ("tom.baker at gmail dot com" is not baker@gmail.com, "ana at gmail.com").
_SPOKEN_EMAIL = re.compile(
    r"(?<![\w.-])(?P<local>[a-z0-9]+(?:(?:[._-]| (?:punto|dot|guion bajo|underscore|guion|dash) )[a-z0-9]+)*)"
    r" (?:arroba|at) (?P<domain>[a-z0-9]+(?:-[a-z0-9]+)*(?:(?:\.| (?:punto|dot) )[a-z0-9]+(?:-[a-z0-9]+)*)+)\b"
)
_SPOKEN_SYMBOLS = {"punto": ".", "dot": ".", "guion bajo": "_", "underscore": "_", "guion": "-", "dash": "-"}
_SPOKEN_SYMBOL = re.compile(r" (guion bajo|punto|dot|underscore|guion|dash) ")


def _spoken_email(prepared: str) -> str | None:
    match = _SPOKEN_EMAIL.search(prepared)
    if match is None:
        return None
    spelt = f"{match['local']}@{match['domain']}"
    address = _SPOKEN_SYMBOL.sub(lambda symbol: _SPOKEN_SYMBOLS[symbol[1]], spelt)
    return address if _EMAIL.fullmatch(address) else None


# A word opening with a vowel sound: what the article "an" stands before ("an adult", "an hour", "an MBA").
_AFTER_ARTICLE_AN = re.compile(r"^(?:[aeiouh]|x\b|mba\b|fbi\b|mr\b|nfl\b)", re.IGNORECASE)


def given_name_an(words: list[str]) -> bool:
    """ "an" opening a name, never the article: 'an le', 'An Nguyen' — the article stands only before a vowel
    sound ('i'm an adult', 'an hour late'), so before a consonant it is the given name An."""
    return (
        len(words) >= 2
        and fold(words[0]) == "an"
        and _AFTER_ARTICLE_AN.match(fold(words[1])) is None
        and fold(words[1]) not in NAME_STOP_WORDS
    )


def _read_name(text: str, start: int) -> str | None:
    words: list[str] = []
    position = start
    while len(words) < 4:
        match = _NAME_WORD.match(text, position)
        if match is None:
            break
        word = match.group(0)
        lowered = word.lower()
        if lowered in _NAME_PARTICLES and words:
            nxt = _NAME_WORD.match(text, match.end() + 1)
            if nxt is None or nxt.group(0).lower() in NAME_STOP_WORDS:
                break
        elif lowered in NAME_STOP_WORDS:
            break
        elif words and words[0][:1].isupper() and word.islower():
            break  # "under Margaret Ellis includes breakfast": a capitalised name ends at a lowercase word
        words.append(word)
        position = match.end()
        if position < len(text) and text[position] == " ":
            position += 1
        else:
            break
    if not words:
        return None
    if fold(words[0]) in NOT_A_NAME and not given_name_an(words):
        return None
    name = " ".join(words)
    return name.title() if name.islower() or name.isupper() else name


def _lower_name_before_email(text: str) -> str | None:
    match = _LOWER_NAME_BEFORE_EMAIL.search(text)
    if match is None:
        return None
    words = match["name"].split()
    if any(
        w in NAME_STOP_WORDS or (fold(w) in NOT_A_NAME and not given_name_an(words)) or w in _NOT_LOWER_NAME
        for w in words
    ):
        return None
    local = re.sub(r"[^a-z]", "", fold(match["local"]))
    letters = [re.sub(r"[^a-z]", "", fold(w)) for w in words]
    # a word of the name in the address, or the short name whole ("an le, anle@…", "li wu li.wu@…")
    if not any(len(w) >= 3 and w in local for w in letters) and "".join(letters) not in local:
        return None
    return " ".join(w.capitalize() for w in words)


# Lower-case words that end a request before an email, never a name ("send it to me", "the double w balcony").
_NOT_LOWER_NAME = frozenset(
    {"me", "us", "it", "room", "rooms", "here", "there", "send", "mail", "write", "contact", "reach", "thx", "ty",
     "yes", "yeah", "yep", "sure", "si", "vale", "sorry", "its", "wait", "wrong", "not", "no", "mine", "our",
     "your", "his", "her", "their", "mio", "tu", "su", "correo", "mi", "cheers", "regards", "saludos", "ah"}
)  # fmt: skip


# "i am omar haddad", "soy marta lópez", "…. im dana kowalski, dana@…", "im ana ruiz from lima": a self-introduction typed in lower case,
# the name closing its clause (two or three words, none of them an ordinary word: "i am so sorry").
_LOWER_INTRO_NAME = re.compile(
    rf"(?:^|[:,;.!?—–-]\s*|\b(?:hi|hello|hey|hola|buenas|ok|okay|yes|yeah|si|sí|vale|sure|claro|and|y)[,!]?\s+)"
    rf"(?i:{_LOWER_INTRO})\s+(?P<name>[{_LOWER}'’-]{{2,}}(?: [{_LOWER}'’-]{{2,}}){{1,2}})"
    # "im jose luis hernandez from monterrey": where they are from closes the name
    r"(?=\s*(?:$|[,;.!](?!\w)|<)|\s+[A-Za-z0-9._%+-]+@|\s+(?:and|y|&|from|desde)\s)"
)
NOT_IN_LOWER_INTRO = frozenset(
    {"so", "very", "really", "just", "not", "still", "also", "too", "quite", "pretty", "here", "back", "again",
     "sorry", "sure", "fine", "good", "ok", "okay", "happy", "glad", "ready", "alone", "solo", "sola", "afraid",
     "looking", "trying", "travelling", "traveling", "coming", "going", "arriving", "staying", "writing",
     "calling", "wondering", "thinking", "planning", "interested", "confused", "tired", "late", "early", "new",
     "old", "an", "one", "all", "our", "your", "their", "his", "her", "this", "that", "what", "it", "done",
     "set", "great", "perfect", "expensive", "cheap", "muy", "yo", "un", "una", "uno",
     "nuevo", "nueva", "cliente", "huesped", "socio", "socia", "estudiante", "alergico", "alergica", "celiaco",
     "celiaca", "vegano", "vegana", "vegetariano", "vegetariana", "mayor", "menor", "tambien", "otra", "otro",
     "vez", "aqui", "ya", "bien", "mal", "feliz", "contento", "contenta", "casado", "casada", "lo", "le", "se",
     "no", "nada", "perfecto", "genial", "caro", "barato", "interesado", "interesada", "viajando", "buscando",
     "llegando", "escribiendo", "llamando", "member", "guest", "client", "customer", "booking", "reservation",
     "reserva", "room", "habitacion", "only", "available", "disponible", "wrong", "right", "correct",
     "correcto", "correcta", "exactly", "exacto", "exacta", "it's", "gonna", "about", "like", "for",
     "the", "of", "on", "off", "out", "up", "down", "in", "at", "by", "from", "with", "to", "a", "de", "en",
     "con", "por", "para", "el", "la", "los", "las", "mi", "my", "tu", "su", "que", "and", "y", "or", "o",
     "super", "excited", "worried", "delighted", "pleased", "booked", "married", "exhausted", "lost", "stuck",
     "away", "abroad", "outside", "downstairs", "upstairs", "nearby", "cerca", "lejos", "fuera", "listo", "lista",
     "alto", "alta", "bajo", "baja", "grande", "joven", "tall", "short", "big", "small", "young", "lol", "xd"}
)  # fmt: skip
# "soy alto jaja": laughter is no surname.
_LAUGH = re.compile(r"(?:ja|je|ji|ha|he|hi|jo|ho){2,}h?")
# "i'm travelling solo": a verb in -ing / -ando / -iendo opening it is no first name.
_VERB_ENDING = re.compile(r"(?:ing|ando|iendo)$")


def _lower_introduced_name(text: str) -> str | None:
    match = _LOWER_INTRO_NAME.search(text)
    if match is None:
        return None
    words = match["name"].split()
    an_name = given_name_an(words)  # "i'm an le" (never "i'm an adult")
    if (
        any(
            (fold(w) in NOT_IN_LOWER_INTRO and not (an_name and len(w) <= 2))
            or (fold(w) in NOT_A_NAME and not (an_name and i == 0))
            or w in NAME_STOP_WORDS
            or fold(w) in NOT_A_NAME_WORDS
            for i, w in enumerate(words)
        )
        or (len(words[0]) >= 6 and _VERB_ENDING.search(words[0]))
        or any(_LAUGH.fullmatch(w) for w in words)
    ):
        return None
    return " ".join(words).title()


def name(text: str) -> str | None:
    before_email = _NAME_BEFORE_EMAIL.search(text)
    if before_email:
        words = before_email["name"].split()
        if "'" in words[0] or "’" in words[0] or words[0].lower() in NAME_STOP_WORDS:
            words = words[1:]  # "I'm Grace Liu", "Name's Tyler Brooks"
        if len(words) >= 2 and fold(words[0]) not in NOT_A_NAME:
            return " ".join(words)
    if (lower := _lower_name_before_email(text) or _lower_introduced_name(text)) is not None:
        return lower
    without_emails = _EMAIL.sub(" ", text)
    if (another := _name_of_another(without_emails)) is not None:
        return another  # "put it under his name, Carlos Ruiz"
    for pattern in (_NAME_INTRO_ANY_CASE, _NAME_IS, _NAME_INTRO_CAPITALISED, _NAME_INTRO_FULL):
        match = pattern.search(without_emails)
        if match:
            start = match.end()
            if pattern is _NAME_INTRO_ANY_CASE and (lead := _OTHERS_NAME_LEAD.match(without_emails, start)):
                # "a nombre de ella, Rosa Jiménez": the name after the pronoun; none written, none read
                found = _read_name(without_emails, lead.end())
                if found is None or len(found.split()) < 2:
                    continue
                return found
            found = _read_name(without_emails, start)
            if (
                found
                and pattern is _NAME_INTRO_FULL
                and _SIGN_OFF_NOT_NAME & {fold(w) for w in found.split()}
            ):
                continue  # "Gracias, Buenas Noches", "Thanks, Delux Rooms": a greeting or a room, no name
            if found:
                return found
    for pattern in (_NAME_FOR, _SIGN_OFF_NAME):
        for match in pattern.finditer(text):
            if (found := _plain_full_name(match["name"], text)) is not None:
                return found
    return None


def option(text: str, prepared: str) -> int | None:
    match = _OPTION.search(text)
    if match:
        return _first_int(match)
    ordinal = _ORDINAL_OPTION.search(prepared)
    return _ORDINALS[next(g for g in ordinal.groups() if g)] if ordinal else None


def as_dated(entities: dict[str, Any]) -> dict[str, Any]:
    """The entities as the intent model sees them: dates read two ways ("12/03") are dates all the same, the
    first reading standing in (the model is trained and run on exactly this)."""
    readings = entities.get("date_readings")
    if not readings:
        return entities
    check_in, check_out = readings[0]
    return {**entities, "check_in": check_in, **({"check_out": check_out} if check_out else {})}


def extract(
    text: str, prepared: str, today: date, language: str, date_in_talk: date | None = None
) -> dict[str, Any]:
    """Every entity found in one message; keys as in nlp.types.ENTITY_KEYS, absent when not mentioned.
    `date_in_talk`: the date the conversation is about, whose month a day given alone takes."""
    found: dict[str, Any] = {}
    # "room for 2 April 24 to 26": the 2 is people, not the 2nd of April
    dated = COUNT_BEFORE_MONTH_RANGE.sub(lambda m: m[0][: m.start(1) - m.start()], prepared)
    # "christmas.smith@example.com", "may.green@…", "domingo12@…": an address names no date
    dated = _EMAIL.sub(" ", dated)
    stay = resolve_prepared(dated, today, language, date_in_talk)
    if stay.check_in:
        found["check_in"] = stay.check_in.isoformat()
    if stay.check_out:
        found["check_out"] = stay.check_out.isoformat()
    if stay.nights:
        found["nights"] = stay.nights
    if stay.readings is not None:
        # "12/03": December 3 or 12 March, nothing settling which; each reading as [check_in, check_out or None]
        found["date_readings"] = [
            [r.check_in.isoformat() if r.check_in else None, r.check_out.isoformat() if r.check_out else None]
            for r in stay.readings
        ]
    found.update(guests(prepared))
    if found.get("children", 0) >= 2 and _ONE_CHILD_DESCRIBED.search(text.lower()):
        found["children"] -= 1
    if (count := rooms(prepared)) is not None:
        found["rooms"] = count
    if (kind := room_type(prepared)) is not None:
        found["room_type"] = kind
    listed = amenities(prepared)
    if listed:
        found["amenity"] = listed[0]
        if len(listed) > 1:
            found["amenities"] = listed
    if (reference := booking_reference(text) or _spoken_booking_number(text, prepared)) is not None:
        found["booking_reference"] = reference
    if (address := email(text) or _spoken_email(prepared)) is not None:
        found["email"] = address
    if (guest_name := name(text)) is not None:
        found["name"] = guest_name
    if (chosen := option(text, prepared)) is not None:
        found["option"] = chosen
    return found


# --- Stay and party words the dialogue reads beside the entities above ---------------------------------------
# Not entities of one message on their own (their meaning depends on what the conversation already holds: a stay
# made longer, the end of a stay talked about, a party that does not add up), so `extract` leaves them out and
# the dialogue asks for them. All read the prepared text (folded, numbers as digits).

# Children named without a count read: asked for before any quote, never assumed to be none.
CHILD_WORDS: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:kids?|child|children|boys?|girls?|sons?|daughters?|bab(?:y|ies)|toddlers?|infants?|"
        r"grand(?:kids?|child(?:ren)?|sons?|daughters?)|little ones?|teens?|teenagers?|tots?|minors?|youngsters?|"
        r"newborns?|kiddos?|kiddies|nippers?)\b",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"\b(?:ni[nñ][oa]s?|nen[ae]s?|hij[oa]s?|beb[eé]s?|peques?|cr[ií]os?|niet[oa]s?|menores|"
        r"chamac[oa]s?|chiquit[oa]s?|adolescentes?|gur[ií]s(?:es|as)?|gurisitos?|escuincles?|chavalines?|"
        r"chiquillos?|chiquit[ií]n(?:es)?|pibes?|guaguas?|cipotes?|patojos?)\b",
        re.IGNORECASE,
    ),
}
# The party said in one breath ("2 adultos y 2 gurises", "2 adults, 2 kids and 1 baby"): counts joined by a comma
# or "and", one of them of adults. Read on the folded text with numbers as digits.
_PARTY_ITEM = re.compile(r"\b(\d{1,2}) ([a-z][a-z'-]*)")
_PARTY_JOIN = re.compile(
    r"^\s*(?:[,;:+&/]\s*(?:(?:y|and|e|n|con|with|plus|mas)\s+)?|(?:y|and|e|n|&|con|with|plus|mas)\s+)$"
)
_ADULT_ITEM = re.compile(r"^(?:adult[oa]?s?|adl?ts?|mayores|grown-?ups?|grownups)$")
# Words after a number that are not people: the count beside them is no part of the party.
_NOT_PEOPLE = re.compile(
    r"^(?:noches?|nights?|nites?|dias?|days?|semanas?|weeks?|mes(?:es)?|months?|anos?|years?|yrs?|yo|"
    r"horas?|hours?|hrs?|h|mins?|minutos?|minutes?|am|pm|habitacion(?:es)?|hab|rooms?|cuartos?|camas?|beds?|suites?|dobles?|"
    r"doubles?|twins?|singles?|sencillas?|individuales?|familiares?|perr\w*|gat\w*|dogs?|cats?|puppy|pupp\w*|"
    r"mascotas?|pets?|usd|dolares|dollars?|pesos|euros?|eur|kg|kilos?|maletas?|bags?|coches?|carros?|cars?|"
    r"autos?|personas?|people|persons?|pax|huespedes|guests?|in total|total|estrellas|stars?|st|nd|rd|th|"
    r"de|del|of|al|a|to|y|and|o|or|e|n|en|in|on|at|por|per|x|para|for|hasta|till|until|thru|through|plus|mas|"
    r"con|with|the|el|la|los|las|noche|night|veces|times|ene(?:ro)?|jan(?:uary)?|feb(?:rero|ruary)?|mar(?:zo|ch)?|"
    r"abr(?:il)?|apr(?:il)?|may(?:o)?|jun(?:io|e)?|jul(?:io|y)?|ago(?:sto)?|aug(?:ust)?|sep(?:t|tiembre|tember)?|"
    r"set(?:iembre)?|oct(?:ubre|ober)?|nov(?:iembre|ember)?|dic(?:iembre)?|dec(?:ember)?|lunes|martes|miercoles|"
    r"jueves|viernes|sabados?|domingos?|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?)$"
)


# Said right after a count of adults, these are children too ("2 adultos y 2 pequeños", "2 adults and 2 little
# ones"); alone they are not ("una habitación pequeña").
_CHILD_AFTER_ADULTS = re.compile(r"^(?:pequen[oa]s|chic[oa]s|chiquit[oa]s|little|young|small|jovenes)$")


@dataclass(frozen=True)
class Party:
    """One party said in one breath: its total, and its adults and children when every word was understood."""

    total: int
    adults: int
    children: int | None  # None: a word beside a count that is neither an adult nor a child word


def party_counts(prepared: str, language: str = "es") -> list[Party]:
    """Each party said in one breath in the message ("2 adultos y 2 gurises": 4 people, 2 adults, 2 children)."""
    parties: list[Party] = []
    chain: list[tuple[int, str]] = []
    last_end = -1
    child_words = [CHILD_WORDS[language], *(w for lang, w in CHILD_WORDS.items() if lang != language)]

    def close() -> None:
        nonlocal chain
        rest = chain[1:]
        # "family of 5 here, 2 adults and 3 children": a total said before its parts is the same people when
        # it agrees with them (one that disagrees stays, and the party is asked)
        if (
            rest
            and chain[0][1] == "other"
            and all(kind != "other" for _, kind in rest)
            and chain[0][0] == sum(count for count, _ in rest)
        ):
            chain = rest
        adults = sum(count for count, kind in chain if kind == "adult")
        if len(chain) < 2 or not adults:
            return
        unknown = any(kind == "other" for _, kind in chain)
        children = sum(count for count, kind in chain if kind == "child")
        parties.append(Party(sum(count for count, _ in chain), adults, None if unknown else children))

    for match in _PARTY_ITEM.finditer(prepared):
        word = match[2]
        if _NOT_PEOPLE.match(word):
            close()
            chain, last_end = [], -1
            continue
        if _ADULT_ITEM.match(word):
            kind = "adult"
        elif _CHILD_AFTER_ADULTS.match(word) or any(w.fullmatch(word) for w in child_words):
            kind = "child"
        else:
            kind = "other"
        if chain and _PARTY_JOIN.match(prepared[last_end : match.start()]):
            chain.append((int(match[1]), kind))
        else:
            close()
            chain = [(int(match[1]), kind)]
        last_end = match.end()
    close()
    return parties


# The party said without a number: the guest alone ("nomás yo", "a room for myself"), or the guest and one
# other grown-up ("mi compañero de trabajo y yo", "my colleague and I").
_ALONE = re.compile(
    r"\b(?:nomas yo|nada mas yo|yo nomas|yo solit[oa]|solo yo|solamente yo|unicamente yo|solo para mi|"
    r"(?:just |only )?for myself|for me alone|just for me|only for me|just myself|just me|only me|"
    r"(?:for |para )(?:1|one|una) (?:person|persona|adult|adulto))\b(?!,? (?:and|y|with|con|plus|\+|n|&)\b)"
)
# After "para mí" / "for me", a word that is not a date's lead-in is a noun owned ("para mi hijo"), not the guest.
_NOUN_AFTER_MI = (
    r"(?!(?:del?|desde|el|los|la|las|en|al|a|hasta|por|este|esta|from|on|in|at|this|next|to|until|for|"
    r"durante|during|y|and|,)\b)[a-z0-9]"
)
_ME_AND_ONE = re.compile(
    r"\b(?:mi|my) (?!(?:\w+ ){0,2}?(?:hij|niñ|nin|bebe|baby|kid|child|son|daughter|boy|girl|nen))"
    r"(?:[a-z]+ ){0,2}[a-z]+ (?:y|and|&) (?:(?:yo|i|me|myself)\b|(?:para|for) (?:mi|me)\b(?!\s*"
    + _NOUN_AFTER_MI
    + r"))|"
    r"\b(?:yo|me|i) (?:y|and|&|con|with) (?:mi|my) (?!(?:\w+ ){0,2}?(?:hij|niñ|nin|bebe|baby|kid|child|son|daughter|boy|girl|nen))"
    r"[a-z]+(?: de [a-z]+)?\b(?! (?:y|and|,|&) )"
)
# "myself and a colleague", "yo y una amiga", "a friend and I": the guest and one other, counted with an article
_ME_AND_A = re.compile(
    r"\b(?:myself|me|i|yo) (?:y|and|&|plus|con|with) (?:a|an|one|un|una|1) "
    r"(?!(?:\w+ ){0,1}?(?:hij|niñ|nin|bebe|baby|kid|child|son|daughter|boy|girl|nen))[a-z]+\b(?! (?:y|and|,|&) )|"
    r"^\W*(?:a|an|un|una|1) (?!(?:hij|niñ|nin|bebe|baby|kid|child|son|daughter|boy|girl|nen))[a-z]+ "
    r"(?:y|and|&) (?:yo|i|me|myself)\b"
)


# "2 persons and one child", "2 personas y un niño": a count of people, then children added to it.
_PEOPLE_THEN_CHILDREN = re.compile(
    r"\b(\d{1,2}) (?:persons?|people|personas?|pax|guests?|huespedes) (?:and|y|plus|mas|\+|with|con) (\d{1,2}) "
    r"([a-z]+)"
)


def adults_in_words(prepared: str) -> int | None:
    """Adults said without a count: 1 for the guest alone ("nomás yo", "just for me"), 2 for the guest and one
    other ("my colleague and I", "yo y una amiga", "para mi esposo y para mí")."""
    if _ME_AND_A.search(prepared):
        return 2
    if _ALONE.search(prepared):
        return 1
    if _ME_AND_ONE.search(prepared) and not re.search(r"\b(?:mis|my \d|our)\b", prepared):
        return 2
    return None


def me_and_another(prepared: str) -> bool:
    """ "yo y una amiga", "myself and a colleague": the guest and one other, counted with an article."""
    return _ME_AND_A.search(prepared) is not None


# "2 + un bebé", "2 y un niño", "2 and a kid" answering how many guests: the count before the children is adults.
_COUNT_THEN_CHILDREN = re.compile(
    r"^\W*(?:somos |we are |we're |we r )?(\d{1,2}) ?(?:\+|y|and|&|,|con|with|plus|mas) "
)


def count_before_children(prepared: str) -> int | None:
    """The count said first, joined to the children after it ("2 + un bebé" answering the party): the adults."""
    match = _COUNT_THEN_CHILDREN.match(prepared)
    return int(match[1]) if match else None


def people_then_children(prepared: str) -> tuple[int, int] | None:
    """ "2 persons and one child": the people counted, then children beside them (people, children)."""
    match = _PEOPLE_THEN_CHILDREN.search(prepared)
    if match is None or not any(w.fullmatch(match[3]) for w in CHILD_WORDS.values()):
        return None
    return int(match[1]), int(match[2])


# A stay's length in weeks; never "in a week" / "dentro de una semana" (a date) or "next week".
_WEEKS = re.compile(
    r"(?<!\bin )(?<!\bwithin )(?<!\bde )(?<!\ben )\b(?:(\d)|a|an|one|una|1) (?:semanas?|weeks?)\b(?! (?:ago|later|after|before|despues|antes))"
)


def stay_weeks(prepared: str) -> int | None:
    """A stay's length in weeks ("una semana", "2 weeks"), never a date ("in a week")."""
    match = _WEEKS.search(prepared)
    if match is None:
        return None
    return int(match[1]) if match[1] else 1


_UNTIL_DAY = re.compile(r"\b(?:hasta|until|till|til|through|thru)\s+(?:el |the )?(\d{1,2})(?:st|nd|rd|th)?\b")
_FROM_DAY = re.compile(r"\b(?:desde|from|del|lleg\w*|arriv\w*|entr\w*)\s+(?:el |the |on )?(?:\w+ )?\d")


def until_day(prepared: str) -> int | None:
    """The day only the end of a stay is given as ("hasta el 13", "until the 13th"), with no arrival beside it."""
    until = _UNTIL_DAY.search(prepared)
    if until is None or _FROM_DAY.search(prepared):
        return None
    return int(until[1])


_COUNT = r"(\d{1,2}|a|an|one|una?|otra|another)"
# A stay made longer or shorter by a number of nights ("una noche más", "add 2 more nights", "one night less").
_MORE_NIGHTS = re.compile(
    rf"\b(?:{_COUNT} )?(?:(?:more|extra|additional) nights?|nights? (?:more|extra)|noches? (?:mas|extra|adicional\w*))\b"
    rf"|\b(?:add|anad\w*|agreg\w*|sum\w*) (?:{_COUNT} )?(?:more |extra )?(?:nights?|noches?)\b|"
    r"\b(otra|another) (?:noche|night)\b"
)
_FEWER_NIGHTS = re.compile(
    rf"\b{_COUNT} (?:(?:fewer|less) nights?|nights? (?:less|fewer)|noches? menos)\b|"
    rf"\b(?:quit\w*|remove|take off|drop) (?:{_COUNT} )?(?:nights?|noches?)\b"
)
# Arriving or leaving some days earlier or later than the stay talked about.
_SHIFT = re.compile(
    r"\b(?P<end>arriv\w*|get(?:ting)? (?:there|in)|(?:come|coming|fly|flying) in|show(?:ing)? up|"
    r"check(?:ing)?[ -]?in|lleg\w*|entramos|entrar|leav\w*|depart\w*|check(?:ing)?[ -]?out|"
    r"go home|head home|sal\w*|nos vamos|irnos|nos iremos|marcharnos|nos marchamos)\b(?: \w+){0,2}? "
    r"(?P<n>\d{1,2}|a|an|one|una?) (?:days?|dias?|nights?|noches?) "
    r"(?P<dir>earlier|early|before|sooner|antes|later|after|despues|mas tarde)\b"
)
_ARRIVAL_WORD = re.compile(r"^(?:arriv|get|come|coming|fly|show|check(?:ing)?[ -]?in|lleg|entra)")


def _count(word: str | None) -> int:
    return int(word) if word and word.isdigit() else 1


def nights_added(prepared: str) -> int | None:
    """Nights added to a stay ("una noche más", "add 2 more nights"), if the message says so."""
    more = _MORE_NIGHTS.search(prepared)
    return None if more is None else _count(next((g for g in more.groups() if g), None))


def nights_removed(prepared: str) -> int | None:
    """Nights taken off a stay ("one night less", "quitamos una noche"), if the message says so."""
    fewer = _FEWER_NIGHTS.search(prepared)
    return None if fewer is None else _count(next((g for g in fewer.groups() if g), None))


def stay_moved(prepared: str) -> tuple[bool, int] | None:
    """One end of a stay moved some days ("we'll arrive a day earlier", "salimos 2 días después"): whether it is
    the arrival, and the days (negative: earlier)."""
    shift = _SHIFT.search(prepared)
    if shift is None:
        return None
    days = _count(shift["n"]) * (
        -1 if shift["dir"] in ("earlier", "early", "before", "sooner", "antes") else 1
    )
    return _ARRIVAL_WORD.match(shift["end"]) is not None, days


# Two days joined as a range: "del 10 al 12", "10-12", "the 15th to the 17th".
_DAY_RANGE = re.compile(
    r"\b([0-3]?\d)(?:st|nd|rd|th)?(?: de [a-z]+)? ?(?:-|–|al|a|to|till|until|thru|through|hasta(?: el)?) ?"
    r"(?:el |the )?([0-3]?\d)(?:st|nd|rd|th)?\b(?!\s?(?::|h\b|am\b|pm\b|hrs?\b|horas?\b|hours?\b|anos|years))"
)


def day_ranges(prepared: str) -> list[tuple[int, int]]:
    """Every pair of days joined as a range ("del 10 al 12", "10-12", "the 15th to the 17th")."""
    return [
        (int(a), int(b)) for a, b in _DAY_RANGE.findall(prepared) if 1 <= int(a) <= 31 and 1 <= int(b) <= 31
    ]


# The old range named last, after the new one: "I meant the 7th to the 10th, not the 6th to the 9th",
# "quise decir del 8 al 11, no del 6 al 9", "the 15th to 18th rather than 14th to 17th".
_OLD_RANGE_LAST = re.compile(
    r"\b(?:not|no|rather than|instead of|en vez del?|en lugar del?|y no)(?: from| the| del?| el| on)?(?: the)? "
    + _DAY_RANGE.pattern
    + r"(?: (?:of |de )?[a-z]+)?\W*$"
)


def old_range_last(prepared: str) -> tuple[int, int] | None:
    """The range of days a message ends by turning down, when it names the new one first (see above)."""
    ranges = day_ranges(prepared)
    match = _OLD_RANGE_LAST.search(prepared)
    if match is None or len(ranges) != 2:
        return None
    return int(match[1]), int(match[2])


# Children given by their ages, with no count: "niños de 4 y 7 años", "kids aged 4 and 7".
_AGES = re.compile(
    r"\b(?:de|aged?|ages|of)\s+((?:\d{1,2}\s*(?:,|y|and|&)\s*)+\d{1,2})\s*(?:anos|years?|yrs?|y/?o)?\b"
)


def children_by_ages(prepared: str, language: str) -> int | None:
    """The number of children said as their ages right after a children's word ("niños de 4 y 7 años": 2)."""
    for child in CHILD_WORDS[language].finditer(prepared):
        ages = (
            _AGES.match(prepared, child.end() + 1) if prepared[child.end() : child.end() + 1] == " " else None
        )
        if ages is not None:
            return len(re.findall(r"\d{1,2}", ages[1]))
    return None


_WEEKDAY_NUMBERS = {
    **{
        name: number
        for number, name in enumerate(
            ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo")
        )
    },
    **{
        name: number
        for number, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
}
_WEEKDAY_RANGE = re.compile(
    r"\b(lunes|martes|miercoles|jueves|viernes|sabado|domingo|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)(?: \d{1,2})? (?:to|till|until|thru|through|-|a|al|hasta(?: el)?) "
    r"(lunes|martes|miercoles|jueves|viernes|sabado|domingo|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)\b"
)


def weekday_range(prepared: str) -> tuple[int, int] | None:
    """ "Monday to Wednesday", "de viernes a domingo": the first and last weekday (0 is Monday)."""
    match = _WEEKDAY_RANGE.search(prepared.replace("–", "-"))
    if match is None:
        return None
    return _WEEKDAY_NUMBERS[match[1]], _WEEKDAY_NUMBERS[match[2]]
