"""The party as guests describe it, put right before the stay is merged: pets are never guests, a partner who
stays behind is no adult, someone joining adds one to the party talked about, the guest with only children is
one adult, a couple is two adults, children listed one by one are counted one by one."""

from __future__ import annotations

import re

from hotel_agent.nlp.entities import guests
from hotel_agent.nlp.normalize import fold
from hotel_agent.orchestrator.context import Context
from hotel_agent.orchestrator.handlers.common import as_int

_PET_WORD = (
    r"(?:dogs?|doggy|doggie|cats?|kitty|kittens?|pets?|pupp(?:y|ies)|pup|perr[oa]s?|perrit[oa]s?|gat[oa]s?|"
    r"gatit[oa]s?|mascotas?|cachorr[oa]s?|lomito)"
)
# A pet named beside the people: "me and my cat", "2 adults and our dog", "mi mujer, yo y el perro", or first of
# all: "my dog and I", "mi gata y yo" (folded text).
PET_ALONGSIDE = re.compile(
    r"(?:^\s*|(?:,|\b(?:and|&|\+|y|e|con|with|plus|mas))\s+)(?:(?:my|our|the|a|an|his|her|mi|mis|nuestr[oa]s?|el|la|los|"
    r"las|un|una|su|sus)\s+)?(?:\w+\s+)?" + _PET_WORD + r"\b"
)
PET_WORD = re.compile(r"\b" + _PET_WORD + r"\b")
# The guest named as the one who stays: "room for me", "para mí", "just me" (after the pet is taken out).
GUEST_NAMED = re.compile(r"\b(?:for me|para mi|me|yo|myself|i)\b")
OTHER_PEOPLE = re.compile(
    r"\b(?:we|us|our|nosotr[oa]s|somos|seremos|vamos|and (?:my|a|an|the) (?!" + _PET_WORD + r")\w+|"
    r"y (?:mi|un|una|el|la) (?!" + _PET_WORD + r")\w+|\d+ (?:adults?|adultos?|people|personas?|guests?))\b"
)

_PARTNER = (
    r"(?:husband|wife|partner|boyfriend|girlfriend|fiance|fiancee|hubby|marido|mujer|esposo|esposa|pareja|"
    r"novi[oa]|prometid[oa])"
)
# A partner who does not travel: "mi marido trabaja esa semana", "my husband has to work", "my wife stays home".
PARTNER_STAYS = re.compile(
    rf"\b(?:my|our|mi|nuestr[oa])\s+{_PARTNER}\s+(?:\w+\s+){{0,2}}?(?:is working|works|has to work|will be working|"
    r"is away|trabaja|tiene que trabajar|no viene|no vendra|no puede venir|no podra venir|no va|se queda\w*(?: en casa)?|"
    r"stays? (?:at )?home|is staying (?:at )?home|can'?t come|cannot come|can'?t make it|won'?t come|"
    r"isn'?t coming|is not coming)\b"
)
_KIDS = (
    r"(?:kids|children|boys|girls|sons|daughters|ninos|ninas|nenes|hijos|hijas|peques|crios|nietos|chicos)"
)
# The guest with only children: "los dos niños y yo", "me and the kids", "yo con mis hijos" (folded text).
ME_WITH_KIDS = re.compile(
    rf"\b(?:yo|me|i|myself)\s+(?:y|and|con|with|&|\+)\s+(?:los|las|mis|my|the|our)\s+(?:\d+\s+)?(?:\w+\s+)?{_KIDS}\b|"
    rf"\b(?:los|las|mis|my|the|our)\s+(?:\d+\s+)?(?:\w+\s+)?{_KIDS}\s+(?:y|and|&|\+)\s+(?:yo|me|i|myself)\b"
)
PARTNER_WORD = re.compile(rf"\b{_PARTNER}\b")

_JOINER = (
    r"(?:sister|brother|mother|mum|mom|father|dad|friend|wife|husband|partner|colleague|cousin|aunt|uncle|"
    r"boyfriend|girlfriend|sister-in-law|brother-in-law|mother-in-law|father-in-law|"
    r"herman[oa]|madre|padre|mama|papa|amig[oa]|mujer|marido|espos[oa]|pareja|companer[oa]|prim[oa]|ti[oa]|"
    r"novi[oa]|suegr[oa]|cunad[oa])"
)
# One more grown-up joining the party talked about: "my sister is coming too", "se apunta mi hermana".
ONE_JOINS = re.compile(
    rf"\b(?:my|our)\s+(?:\w+\s+)?{_JOINER}\s+(?:is|will be|'?s|'?ll be)?\s*(?:coming|joining(?: us)?)\s+"
    r"(?:too|as well|also|along|with us)\b|"
    rf"\b(?:my|our)\s+(?:\w+\s+)?{_JOINER}\s+(?:will|'?ll|can|could|decided to|wants to)\s+(?:join|come)\b|"
    rf"\b(?:se apunta|se une|se suma|se viene|viene|vendra)\s+(?:tambien\s+)?(?:mi|nuestr[oa])\s+(?:\w+\s+)?{_JOINER}\b|"
    rf"\b(?:mi|nuestr[oa])\s+{_JOINER}\s+(?:tambien\s+)?(?:viene|se apunta|se une|se suma|se viene|vendra)\b"
)
NOT_JOINING = re.compile(r"\b(?:not|n'?t|no|never|nunca)\b")

# "a couple and their 2 kids", "a couple with 2 children": the couple is two adults (fold of the text).
COUPLE_WITH_KIDS = re.compile(
    r"\b(?:a|one|1) couple (?:and|with|\+|&|plus) (?:their|our|the|his|her|\d+|two|three|four)\b"
)
# Grown-ups said in the feminine: "4 adultas".
ADULTAS = re.compile(r"\b(\d{1,2}) adultas\b")

# Each child named on its own: "a toddler and our 10 year old", "my son and my daughter".
_CHILD_ITEM = (
    r"\b(?:a|an|one|1|our|my|un|una|nuestr[oa]|mi)\s+(?:little\s+|small\s+|young\s+|pequen[oa]\s+)?"
    r"(?:\d{1,2}[ -]?(?:years?|yrs?|months?|mo)[ -]?olds?|toddler|baby|infant|newborn|kid|child|boy|girl|son|"
    r"daughter|nin[oa]|bebe|peque|nene|nena|hij[oa])\b"
    r"(?:\s+(?:de|of|aged)\s+\d{1,2}(?:\s+(?:anos|meses|years?|months?)(?: old)?)?)?"
)
CHILD_ITEM = re.compile(_CHILD_ITEM)
# Children named one after the other: "a toddler and our 10 year old", "una peque de 2 años y un niño de 10".
CHILD_LIST = re.compile(_CHILD_ITEM + r"(?:\s*(?:,|and|y|&|\+)\s*" + _CHILD_ITEM + r")+")
CHILDREN_COUNTED_AS_ONE = re.compile(
    rf"\b\d+\s+(?:\w+\s+)?{_KIDS}\b|\b(?:kids|children|ninos|hijos) (?:aged|de)\b"
)
# The baby, one child: "vamos con el bebé", "we're bringing our baby" (the party had no child yet).
THE_BABY = re.compile(
    r"\b(?:the|our|my|el|la|nuestr[oa]|mi)\s+(?:little\s+|pequen[oa]\s+)?(?:baby|bebe|newborn|recien nacid[oa])\b"
)
_CHILD_WORD_ANY = re.compile(
    r"\b(?:kids?|child(?:ren)?|boys?|girls?|sons?|daughters?|bab(?:y|ies)|toddlers?|infants?|nin[oa]s?|"
    r"bebes?|peques?|hij[oa]s?|nen[ae]s?)\b"
)


# Children given by their ages right after them: "los peques (5 y 8 años)", "the kids, 4 and 7 years old" (fold of
# the text, brackets taken out).
AGES_AFTER_CHILDREN = re.compile(
    rf"\b{_KIDS}\s*((?:\d{{1,2}}\s*(?:,|y|and|&)\s*)+\d{{1,2}})\s*(?:anos|years? old|yrs?|y/?o)\b"
)


_ADULT_MEMBER = rf"(?:{_PARTNER}|{_JOINER}|wifey|mother|mum|mom|dad|father)"
_CHILD_MEMBER = r"(?:bab(?:y|ies)|bebe|newborn|toddler|infant|kid|child|boy|girl|son|daughter|nin[oa]|nen[ae]|peque|hij[oa])"
_MEMBER = (
    rf"(?:me|myself|i|yo|(?:(?:my|our|the|mi|nuestr[oa]|el|la)\s+)?(?:little\s+|baby\s+|small\s+|pequen[oa]\s+)?"
    rf"(?:{_ADULT_MEMBER}|{_CHILD_MEMBER}))"
)
# The party written as a sum: "me + hubby + our baby girl", "yo + mi esposo + nuestra bebé" (folded text).
PARTY_AS_SUM = re.compile(rf"\b{_MEMBER}(?:\s*\+\s*{_MEMBER}\b)+")
CHILD_MEMBER = re.compile(rf"\b{_CHILD_MEMBER}$")


def party_as_sum(text: str) -> tuple[int, int] | None:
    """Adults and children of a party written as a sum ("me + hubby + our baby girl": 2 adults, 1 child); None
    when there is no such sum (folded text)."""
    found = PARTY_AS_SUM.search(text)
    if found is None:
        return None
    members = [member.strip() for member in found[0].split("+")]
    children = sum(1 for member in members if CHILD_MEMBER.search(member))
    return len(members) - children, children


_TWO_OF_US = (
    rf"(?:(?:me|myself)\s+(?:and|&|\+)\s+(?:my|our)\s+{_ADULT_MEMBER}|(?:my|our)\s+{_ADULT_MEMBER}\s+(?:and|&|\+)\s+"
    rf"(?:me|myself|i)|(?:yo|mi)\s+(?:y|&|\+)\s+(?:para\s+)?mi\s+{_ADULT_MEMBER}|"
    # "para mi esposo y para mí", "for my wife and for me"
    rf"mi\s+{_ADULT_MEMBER}\s+(?:y|&|\+)\s+(?:para\s+)?(?:yo|mi)|(?:my|our)\s+{_ADULT_MEMBER}\s+(?:and|&|\+)\s+for\s+me)"
)
# Who the room is for, said after a story of other people (a wedding, the whole family, friends elsewhere): "i
# just need something for me and my husband", "solo necesito algo para mi marido y yo" (folded text).
ROOM_FOR_TWO = re.compile(
    rf"\b(?:for|para)\s+{_TWO_OF_US}\b(?!\s*(?:,\s*)?(?:and|y|&|\+|con|with|plus|mas)\b)"
)
# The room for one grown-up and their children, the guest not among them: "a room for my sister and her 2 kids",
# "para mi hermana y sus 2 hijos" (folded text).
_ONE_GROWN_UP = (
    r"(?:sister|brother|mother|mum|mom|father|dad|friend|cousin|aunt|auntie|uncle|daughter|son|niece|nephew|"
    r"grandma|grandpa|boss|colleague|mother-in-law|father-in-law|sister-in-law|brother-in-law|"
    r"herman[oa]|madre|padre|mama|papa|amig[oa]|prim[oa]|ti[oa]|hij[oa]|sobrin[oa]|abuel[oa]|jef[ae]|colega|"
    r"suegr[oa]|cunad[oa]|nuera|yerno)"
)
ONE_WITH_THEIR_KIDS = re.compile(
    rf"\b(?:for|para) (?:my|our|mi|nuestr[oa]) {_ONE_GROWN_UP} (?:and|y|with|con|&|\+) (?:her|his|their|su|sus) "
    rf"(?:\d{{1,2}} )?(?:\w+ )?(?:{_KIDS}|grandkids|grandchildren)\b(?!,? (?:and|y|with|con|plus|\+|&) )"
)
# The guest among those who travel: "…and me", "we", "vamos", "conmigo".
GUEST_TRAVELS = re.compile(
    r"\b(?:(?:and|y|with|con|plus|&) (?:me|myself|yo|i)|we|we'?re|we'?ll|us|nosotr[oa]s|somos|seremos|seriamos|vamos|"
    r"iremos|viajamos|conmigo|voy|ire|me too|yo tambien|i'?m (?:coming|going|travell?ing|joining)|i'?ll (?:come|join|go)|"
    r"i (?:will|am) (?:come|coming|go|going|join|joining|travel\w*))\b"
)
PEOPLE_COUNTED = re.compile(
    r"\b\d+\s+(?:adults?|adult[oa]s?|people|persons?|personas?|guests?|huespedes|of us|pax)\b|\b(?:we are|we'?re|"
    r"we'?ll be|somos|seremos)\s+\d+\b"
)


def children_listed(text: str) -> int:
    """Children named one by one ("a toddler and our 10 year old", "una peque de 2 años y un niño de 10"): how
    many, when two or more and none counted as a group; else 0 (folded text)."""
    if CHILDREN_COUNTED_AS_ONE.search(text):
        return 0
    # a list has an "and" ("a toddler and our 10 year old"); "1 child, our son" says the one child again
    lists = [m[0] for m in CHILD_LIST.finditer(text) if re.search(r"\b(?:and|y)\b|[&+]", m[0])]
    return max((len(CHILD_ITEM.findall(found)) for found in lists), default=0)


def children_by_ages_after(plain: str) -> int | None:
    match = AGES_AFTER_CHILDREN.search(plain)
    if match is None:
        return None
    return len(re.findall(r"\d{1,2}", match[1]))


# Whether something is allowed, asked with or without its "?": "is that ok", "is it allowed", "any problem", "¿se
# puede?", "hay problema", "está bien" after the pet (folded text).
ALLOWED_ASKED = re.compile(
    r"\b(?:is (?:that|it|this) (?:ok(?:ay)?|alright|all right|fine|allowed|a problem)|(?:is|are) (?:\w+ )?(?:allowed|"
    r"welcome|accepted)|(?:any|a) problem|can (?:i|we) (?:bring|take|have)|(?:se|lo|la) (?:puede|permite)n?|"
    r"(?:hay|habria|algun) problema|(?:esta|estaria) bien|puedo (?:llevar|traer)|podemos (?:llevar|traer)|"
    r"(?:aceptan|admiten|permiten)\b)"
)


def pet_allowed_asked(text: str) -> bool:
    """ "my cat comes with me, is that ok", "mi gata viene conmigo, hay problema": whether the pet may come,
    asked (folded text), whether or not the engine read the question."""
    return PET_WORD.search(text) is not None and ALLOWED_ASKED.search(text) is not None


def without_pets(text: str) -> str:
    return PET_ALONGSIDE.sub(" ", text)


def guest_with_a_pet(text: str) -> bool:
    """ "me and my cat", "para mí y mi gata": the guest alone, the pet named beside them (folded text)."""
    if PET_ALONGSIDE.search(text) is None:
        return False
    rest = without_pets(text)
    return GUEST_NAMED.search(rest) is not None and OTHER_PEOPLE.search(rest) is None


# A baby not born yet, never a guest: "she is pregnant, the baby is due in June", "ella está embarazada, el bebé
# nace en junio", "we're expecting our first baby" (folded text).
UNBORN = re.compile(
    r"\b(?:pregnan\w*|expecting|due (?:in|on|date)|embarazad\w*|esperando (?:un|una|nuestr[oa]|el|la|a)\b|"
    r"(?:nace|nacera|va a nacer|naceria)\b|(?:semanas|meses) de embarazo)"
)
# A baby who is there besides: "we have a baby", "2 adults and a baby", "vamos con el bebé".
BABY_BORN = re.compile(
    r"\b(?:have|has|bring\w*|with|and|plus|tenemos|tiene|traemos|llevamos|con|y|mas)\s+(?:a|an|our|the|my|un|una|"
    r"el|la|nuestr[oa]|mi)\s+(?:little\s+|pequen[oa]\s+)?(?:baby|bebe)\b|\b(?:baby|bebe)\s+(?:of|de)\s+\d"
)
_BABY_WORD = re.compile(r"\b(?:bab(?:y|ies)|bebes?|newborn|recien nacid[oa])\b")


def unborn_only(text: str) -> bool:
    """The only child talked about is one on the way: a pregnancy said, and every child word a baby's."""
    if UNBORN.search(text) is None or BABY_BORN.search(text) is not None:
        return False
    return len(_CHILD_WORD_ANY.findall(text)) == len(_BABY_WORD.findall(text)) >= 1


def put_right(ctx: Context) -> None:
    """The adults and children read from the message put right for the ways guests describe their party."""
    entities = ctx.entities
    text = ctx.folded_text
    plain = fold(ctx.text)
    state = ctx.state
    party = state.draft if state.draft is not None else state.search
    unborn = unborn_only(text)
    if unborn and as_int(entities.get("children")) == 1:
        entities.pop("children")  # "she is pregnant, the baby is due in June": no child stays yet
    if "adults" not in entities and (feminine := ADULTAS.search(text)) is not None:
        entities["adults"] = int(feminine[1])  # "para 4 adultas"
    asked = "?" in ctx.text or "\u00bf" in ctx.text or "amenity" in entities or pet_allowed_asked(text)
    if "adults" not in entities and guest_with_a_pet(text) and not (party.adults and asked):
        # "me and my cat": the cat is no guest; "I travel with my cat, is that ok?" about a party already
        # counted asks about the pet, never makes the party one adult
        entities["adults"] = 1
    if (
        as_int(entities.get("adults")) != 2
        and not entities.get("children")
        and ROOM_FOR_TWO.search(text)
        and not PEOPLE_COUNTED.search(text)
        and not _CHILD_WORD_ANY.search(text)
    ):
        entities["adults"] = 2  # "my sister is getting married… i just need something for me and my husband"
    if (summed := party_as_sum(text)) is not None:
        # "me + hubby + our baby girl (she's 1)": the adults and the children the sum names
        adults, children = summed
        if "adults" not in entities:
            entities["adults"] = adults
        if "children" not in entities and children and entities["adults"] == adults:
            entities["children"] = children
    if "adults" not in entities and as_int(entities.get("children")) and COUPLE_WITH_KIDS.search(plain):
        entities["adults"] = 2  # "a couple and their 2 kids"
    if (
        "adults" not in entities
        and as_int(entities.get("children"))
        and (one := ONE_WITH_THEIR_KIDS.search(text)) is not None
        and not GUEST_TRAVELS.search(text[: one.start()] + " " + text[one.end() :])
    ):
        entities["adults"] = 1  # "a room for my sister and her 2 kids": she and the children
    if PARTNER_STAYS.search(text) is not None:
        # "seremos los dos niños y yo, mi marido trabaja esa semana": the partner is no adult of the party
        rest = PARTNER_STAYS.sub(" ", text)
        reread = guests(rest)
        if "adults" in reread:
            entities["adults"] = reread["adults"]
        elif ME_WITH_KIDS.search(rest) is not None and not PARTNER_WORD.search(rest):
            entities["adults"] = 1
    elif (
        "adults" not in entities
        and as_int(entities.get("children"))
        and ME_WITH_KIDS.search(text)
        and not PARTNER_WORD.search(text)
    ):
        entities["adults"] = 1  # "seremos los dos niños y yo"
    if (
        "adults" not in entities
        and "children" not in entities
        and party.adults
        and ONE_JOINS.search(text)
        and not NOT_JOINING.search(text)
    ):
        entities["adults"] = party.adults + 1  # "actually my sister is coming too"
    items = children_listed(text)
    read = as_int(entities.get("children"))
    if items and read is not None and read < items:
        entities["children"] = items  # "2 adults, a toddler and our 10 year old": two children
    if "children" not in entities and (ages := children_by_ages_after(plain)) is not None:
        entities["children"] = ages  # "mi pareja, yo y los peques (5 y 8 años)": two children
    if (
        "children" not in entities
        and not party.children
        and "?" not in ctx.text
        and "¿" not in ctx.text
        and len(_CHILD_WORD_ANY.findall(text)) == 1
        and THE_BABY.search(text)
        and not unborn
        and not re.search(r"\b(?:no|not|without|sin|n'?t)\b", text)
    ):
        entities["children"] = 1  # "ah, y vamos con el bebé": one child
