"""Answers from the hotel profile (times, late check-out, amenities, location, policies) and room options."""

from __future__ import annotations

import math
import re
from collections.abc import Awaitable, Callable
from decimal import Decimal

from hotel_agent.channels.types import Reply
from hotel_agent.nlp.entities import AMENITIES as AMENITY_PATTERNS
from hotel_agent.nlp.lexicon import COMPILED
from hotel_agent.nlp.normalize import fold, prepare
from hotel_agent.orchestrator import replies as r
from hotel_agent.orchestrator.context import Context
from hotel_agent.orchestrator.profile import Amenity
from hotel_agent.orchestrator.references import (
    by_price_said,
    kind_by_feature_named,
    kinds_in_text,
    names_a_price,
)
from hotel_agent.pms.base import RoomType

LATE_CHECKOUT_WORDS = ("late", "tarde", "tardío", "tardio")


CHECK_IN_WORDS = re.compile(r"\b(?:check[- ]?in|entrada|entrar|llegada|arrival)\b", re.IGNORECASE)
CHECK_OUT_WORDS = re.compile(r"\b(?:check[- ]?out|salida|salir|departure)\b", re.IGNORECASE)


async def check_in_info(ctx: Context) -> Reply:
    text = r.say("check_in_info", ctx.language, time=ctx.profile.check_in_time)
    if ctx.profile.early_check_in is not None:
        text = f"{text} {ctx.profile.early_check_in.get(ctx.language)}"
    if CHECK_OUT_WORDS.search(ctx.text):  # "what time are check-in and check-out?": both
        text = f"{text} {r.say('check_out_info', ctx.language, time=ctx.profile.check_out_time)}"
    return Reply(text)


async def check_out_info(ctx: Context) -> Reply:
    text = r.say("check_out_info", ctx.language, time=ctx.profile.check_out_time)
    if ctx.profile.late_checkout.available:
        text = _late_checkout_text(ctx)  # it says the check-out hour first, never twice
        remember_late_checkout(ctx)
    if CHECK_IN_WORDS.search(ctx.text):
        text = f"{r.say('check_in_info', ctx.language, time=ctx.profile.check_in_time)} {text}"
    return Reply(text)


# The room handed to the guests on arrival: "¿cuándo nos entregan el cuarto?", "¿a qué hora nos dan la habitación?",
# "when do we get the keys?" (folded): the check-in hour, never the check-out's ("entregar la habitación" is theirs).
ROOM_HANDED_OVER = re.compile(
    r"\b(?:nos|me) (?:entregan|entregais|entregaran|entregarian|dan|dais|daran|darian|pasan|pueden dar|pueden entregar)"
    r" (?:el cuarto|la habitacion|las llaves|la llave|la suite)\b|"
    r"\b(?:when|what time) (?:do|can|will|could) (?:we|i) (?:get|have|receive) (?:the|our|my) (?:room|keys?)\b|"
    # "¿a qué hora está lista la habitación?", "what time is the room ready?"
    r"\b(?:a que hora|cuando|desde que hora) (?:esta|estara|estaria) list[oa] (?:la habitacion|el cuarto|la suite)\b|"
    r"\b(?:what time|when) (?:is|will) (?:the|our|my) room (?:be )?ready\b"
)


def room_handed_over(ctx: Context) -> bool:
    return ROOM_HANDED_OVER.search(ctx.folded_text) is not None


# A yes/no question about how an amenity is ("¿la alberca está climatizada?", "¿el agua de la alberca está
# caliente?", "is the pool heated?"), read on the folded text; never with words of something gone wrong.
_STATE_ASKED = re.compile(
    r"^\W*(?:(?:and|y|e|also|tambien|oye|oiga|hey|hola|hi|hello|una pregunta|pregunta|question)\W+)*"
    r"(?:is|are|does|do|can|esta|estan|es|son|tiene|tienen|hay|se puede|puedo|podemos|el|la|los|las|the)\b"
)
_SOMETHING_WRONG = re.compile(
    r"\b(?:no funciona\w*|not working|(?:doesn|don|isn|aren|wasn)'?t (?:work\w*|open|clean|heated|warm)|broken|"
    r"rot[oa]s?|suci[oa]s?|dirty|otra vez|again|still|todavia|sigue|siguen|nadie|queja\w*|complain\w*|terrible|"
    r"horrible|fatal|asco|disgusting|why|por que|porque|ayer|yesterday|today|hoy|ahora mismo|right now|"
    r"nuestra habitacion|our room|mi habitacion|my room)\b"
)


def amenity_state_asked(ctx: Context) -> bool:
    """A question about how an amenity of the profile is, asked before any stay here (not a complaint about it)."""
    if "?" not in ctx.text and "¿" not in ctx.text:
        return False
    if not (ctx.entities.get("amenity") or ctx.profile.amenities_in_text(ctx.text)):
        return False
    text = ctx.folded_text
    return _STATE_ASKED.search(text) is not None and _SOMETHING_WRONG.search(text) is None


# The hour of check-in or check-out asked beside another question: "when is check-out, and where are you?".
_HOUR_ASKED = re.compile(
    r"\b(?:when|what time|which time|hours?|a qu[eé] hora|horarios?|cu[aá]ndo)\b", re.IGNORECASE
)
_CHECK_IN_NAMED = re.compile(r"\bcheck[- ]?in\b", re.IGNORECASE)
_CHECK_OUT_NAMED = re.compile(r"\bcheck[- ]?out\b|\bcheckout\b", re.IGNORECASE)
TIMES_READINGS = frozenset({"check_in_info", "check_out_info", "late_checkout"})


def times_asked(ctx: Context) -> list[str]:
    """The check-in and check-out hours a message asks for by name (an aside beside another answer)."""
    if not _HOUR_ASKED.search(ctx.text):
        return []
    language, answers = ctx.language, []
    if _CHECK_IN_NAMED.search(ctx.text):
        answers.append(r.say("check_in_info", language, time=ctx.profile.check_in_time))
    if _CHECK_OUT_NAMED.search(ctx.text):
        answers.append(r.say("check_out_info", language, time=ctx.profile.check_out_time))
    return answers


# Staying past the check-out hour, in the words of the intent's own cues and a few more ("hacer salida tarde",
# "check out late"); read on the folded text.
_LATE_CHECKOUT = [pattern for _, pattern in COMPILED["late_checkout"]] + [
    re.compile(
        r"\b(?:salida|check ?-?out)s? (?:mas )?(?:tarde|tardia|tardio)s?\b|\b(?:check|checking) ?-?out late\b|"
        r"\b(?:late|later) check ?-?outs?\b|"
        r"\b(?:salir|irnos|irme|dejar el cuarto|dejar la habitacion|entregar la habitacion) (?:un poco )?(?:mas )?tarde\b|"
        r"\b(?:leave|vacate) (?:the room )?late\b"
    )
]
# Leaving at an hour: "can we leave at 2pm?", "¿y si salimos a las 2?", "quedarnos hasta las 2 el último día".
LEAVING_AT = re.compile(
    r"\b(?:leave|leaving|check ?-?out|checkout|vacate|go|stay(?: in the room)?|keep the room|"
    r"salir|salimos|salgo|saliendo|irnos|irme|nos vamos|me voy|dejar (?:el cuarto|la habitacion)|"
    r"entregar (?:el cuarto|la habitacion)|quedarnos|quedarme|nos quedamos|hacer (?:el )?check ?-?out)\b"
    r"[^.?!]{0,20}?\b(?:at|until|till|a las?|hasta las?|sobre las?) (\d{1,2})(?::(\d\d))?"
    r"(?: ?(pm|p\.m\.|am|a\.m\.|de la tarde|de la manana|h|hrs|o'?clock))?(?![\d/-])"
)
# "¿podemos dejar la habitación después del mediodía?", "can we stay past noon?"
LEAVING_AFTER_NOON = re.compile(
    r"\b(?:leave|leaving|check ?-?out|checkout|vacate|stay|keep the room|salir|salimos|irnos|nos vamos|"
    r"dejar (?:el cuarto|la habitacion)|entregar (?:el cuarto|la habitacion)|quedarnos|quedarme)\b[^.?!]{0,20}?"
    r"\b(?:(?:despues|pasado|mas tarde) del? mediodia|(?:after|past|later than) (?:noon|midday))\b"
)
# A clock time: "at 2pm", "a las 2", "14:00", "2 de la tarde" (never a number of guests).
CLOCK_TIME = re.compile(
    r"\b(?:at|a las?|sobre las?|hasta las?|antes de las?|despues de las?)\s+\d{1,2}\b|"
    r"\b\d{1,2}(?::\d\d| ?(?:pm|am|p\.m\.|a\.m\.|hrs?|o'?clock|de la (?:tarde|manana|noche))\b)"
)


def leaves_late(ctx: Context) -> bool:
    """Leaving the room at an hour past the check-out time (an hour 1-7 said alone is the afternoon)."""
    if "check_in" in ctx.entities or "check_out" in ctx.entities:
        return False  # "we leave on the 2nd" is a date, not an hour
    if LEAVING_AFTER_NOON.search(ctx.folded_text):
        return ctx.profile.check_out_time <= "12:00"
    match = LEAVING_AT.search(ctx.folded_text)
    if match is None:
        return False
    hour, minutes, marker = int(match[1]), int(match[2] or 0), match[3] or ""
    if (marker.startswith("p") or marker == "de la tarde" or (not marker and 1 <= hour <= 7)) and hour < 12:
        hour += 12
    check_out = ctx.profile.check_out_time.split(":")
    return (hour, minutes) > (int(check_out[0]), int(check_out[1]))


_EARLY_CHECK_IN = re.compile(
    r"\b(?:early check ?-?in|check ?-?in (?:early|temprano|antes)|(?:entrada|llegada) (?:temprana|anticipada)|"
    r"(?:entrar|llegar|hacer el check ?-?in) (?:mas )?(?:temprano|antes)|arrive early|check ?-?in before)\b"
)
# A price asked of the stay itself ("the room with breakfast, how much?"), never of an extra alone.
_ROOM_OR_NIGHT = re.compile(
    r"\b(?:rooms?|habitacion(?:es)?|cuartos?|suites?|noches?|nights?|stay|estancia|estadia|alojamiento)\b"
)


def extra_asked(ctx: Context) -> str | None:
    """The hotel extra a question is about, as the intent that answers it: a late check-out, an early check-in,
    an amenity the profile names (never when the room or the nights are named beside it: a room's price)."""
    text = ctx.folded_text
    if any(pattern.search(text) for pattern in _LATE_CHECKOUT):
        return "late_checkout"
    if _EARLY_CHECK_IN.search(text):
        return "check_in_info"
    named = (
        ctx.entities.get("amenity")
        or ctx.entities.get("amenities")
        or ctx.profile.amenities_in_text(ctx.text)
    )
    if named and not _ROOM_OR_NIGHT.search(text):
        return "amenities"
    return None


async def late_checkout(ctx: Context) -> Reply:
    remember_late_checkout(ctx)
    return Reply(late_checkout_answer(ctx))


def late_checkout_answer(ctx: Context) -> str:
    if not ctx.profile.late_checkout.available:
        return r.say("late_checkout_unavailable", ctx.language, time=ctx.profile.check_out_time)
    return _late_checkout_text(ctx)


def remember_late_checkout(ctx: Context) -> None:
    """Late check-out answered: "how much is that?" next asks its fee."""
    ctx.state.last_topics, ctx.state.last_topic_turn = [LATE_CHECKOUT_TOPIC], ctx.state.turn


async def amenities(ctx: Context) -> Reply:
    profile, language = ctx.profile, ctx.language
    answers = amenity_answers(ctx)
    if not answers:
        names = r.format_list([a.name.get(language) for a in profile.amenities], language)
        return r.text_reply("amenities_list", language, hotel=profile.name, names=names)
    return Reply("\n".join(answers))


def amenity_answers(ctx: Context) -> list[str]:
    """What the profile says of each amenity the message names (or that the hotel lacks it)."""
    profile, language = ctx.profile, ctx.language
    asked = ctx.entities.get("amenities") or [ctx.entities.get("amenity")]
    wanted = [str(word) for word in asked if isinstance(word, str) and word.strip()]
    if wanted:
        # "my father doesn't use internet, he'd come March 10-12": a word said in passing, no question about it;
        # "we won't need parking, is breakfast included?": breakfast only
        prepared = prepare(ctx.text, ctx.language)
        kept = [word for word in wanted if not _declined(prepared, word)]
        if kept:
            wanted = kept
        elif ctx.intent != "amenities" and not ASKS_SOMETHING.search(ctx.text):
            return []
    if not wanted:  # "can I bring my dog?": the amenity named by one of the profile's own words
        return [_what_is_known(ctx, amenity) for amenity in profile.amenities_in_text(ctx.text)]
    answers = []
    for word in wanted:
        amenity = profile.find_amenity(word)
        if amenity is not None:
            answers.append(_what_is_known(ctx, amenity))
            if (extra := _extra_for_the_stay(ctx, amenity)) is not None:
                answers.append(extra)
        else:
            names = r.format_list([a.name.get(language) for a in profile.amenities], language)
            missing = word.strip().replace("_", " ")
            answers.append(r.say("amenity_missing", language, amenity=missing, names=names))
    return answers


def _what_is_known(ctx: Context, amenity: Amenity) -> str:
    """The amenity's description; asked a detail it does not speak of ("is the parking covered?", "¿hay alberca
    para niños?"), said plainly that it cannot be confirmed here, and what is known."""
    text = amenity.description.get(ctx.language)
    if not _detail_unknown(ctx, amenity):
        return text
    contact = ctx.profile.contact
    return f"{r.say('amenity_detail_unknown', ctx.language, phone=contact.phone)} {text}"


# A yes/no question about one detail of an amenity, the whole message (folded): "is the parking covered?", "is
# your pool indoor?", "¿la alberca es techada?", "¿está climatizada la piscina?".
_DETAIL_ASKED = re.compile(
    r"^\W*(?:(?:and|y|also|tambien|oye|hey)\W+)?(?:"
    r"(?:is|are) (?:the|your|its|their) (?P<a>[a-z ]+?) (?P<adj_a>[a-z]+)|"
    r"(?:el|la|los|las|su|sus) (?P<b>[a-z ]+?) (?:es|esta|son|estan) (?P<adj_b>[a-z]+)|"
    r"(?:es|esta|son|estan) (?P<adj_c>[a-z]+) (?:el|la|los|las|su|sus) (?P<c>[a-z ]+?)"
    r")\W*$"
)
_NOT_A_DETAIL = frozenset(
    {"there", "here", "available", "open", "ok", "okay", "disponible", "abierto", "abierta"}
)
_DETAIL_PREFIX = 4  # "heated" and "heating", "gratis" and "gratuito" are one detail


def _detail_unknown(ctx: Context, amenity: Amenity) -> bool:
    if "?" not in ctx.text and "¿" not in ctx.text:
        return False
    found = _DETAIL_ASKED.match(fold(ctx.text))
    if found is None:
        return False
    subject = found["a"] or found["b"] or found["c"] or ""
    detail = found["adj_a"] or found["adj_b"] or found["adj_c"] or ""
    if detail in _NOT_A_DETAIL or amenity not in ctx.profile.amenities_in_text(subject):
        return False
    said = " ".join([amenity.description.es, amenity.description.en, *amenity.details])
    known = {word[:_DETAIL_PREFIX] for word in re.findall(r"[a-z]+", fold(said))}
    return detail[:_DETAIL_PREFIX] not in known


# A message that asks something: an amenity named in it may be what is asked about.
ASKS_SOMETHING = re.compile(
    r"[?¿]|\b(?:is there|are there|do you|does (?:it|the|that)|is it|how much|what about|any\b|"
    r"hay|tienen|ten[eé]is|tiene|incluye|incluido|cu[aá]nto|qu[eé] tal)\b",
    re.IGNORECASE,
)
# An amenity said not to be used or wanted: "he doesn't use internet", "without breakfast", "no necesitamos
# parking", "sin desayuno".
_DECLINED_BEFORE = re.compile(
    r"\b(?:not|no|never|without|(?:doesn|don|didn|won|isn|aren|wouldn|can)['’ ]?t|sin|nunca|tampoco|ni)\b"
    r"(?:\s+[\w'’]+){0,3}\s+$"
)


def _declined(prepared: str, word: str) -> bool:
    """Each mention of the amenity `word` in the message follows a "not" / "without" / "sin" close before it."""
    pattern = next((p for key, p in AMENITY_PATTERNS if key == word), None)
    if pattern is None:
        return False
    mentions = list(pattern.finditer(prepared))
    return bool(mentions) and all(_DECLINED_BEFORE.search(prepared[: m.start()]) for m in mentions)


# Asking what something comes to: "¿y con desayuno cuánto sería?", "how much extra with breakfast?".
ASKS_WHAT_IT_COMES_TO = re.compile(
    r"\b(?:cu[aá]nto|how much|price|precio|cost[s]?|cuesta|costar[ií]a|saldr[ií]a|sale|extra|total)\b",
    re.IGNORECASE,
)


def _extra_for_the_stay(ctx: Context, amenity: Amenity) -> str | None:
    """A charge per guest and night, asked about once the stay is known: what it adds for this stay (and the
    booking's total with it, once a room is chosen)."""
    price = amenity.price_per_guest_night
    if price is None or not ASKS_WHAT_IT_COMES_TO.search(ctx.text):
        return None
    draft, search, language = ctx.state.draft, ctx.state.search, ctx.language
    if draft is not None:
        check_in, check_out, adults, children = draft.check_in, draft.check_out, draft.adults, draft.children
    elif search.check_in is not None and search.check_out is not None and search.adults:
        check_in, check_out, adults, children = (
            search.check_in,
            search.check_out,
            search.adults,
            search.children,
        )
    else:
        return None
    nights = (check_out - check_in).days
    if nights <= 0:
        return None
    currency = ctx.profile.currency
    extra = price * (adults + children) * nights
    fields = {
        "amenity": amenity.name.get(language).lower(),
        "stay": r.format_stay(check_in, check_out, language),
        "guests": r.format_guests(adults, children, language),
        "extra": r.format_price(extra, currency, language),
    }
    offers = ctx.state.offers
    if draft is not None:
        room, base, priced_in = draft.room_name, draft.total_price, draft.currency
    elif len(offers) == 1:  # one room shown: its total with it too
        room, base, priced_in = offers[0].name, offers[0].total_price, offers[0].currency
    else:
        return r.say("amenity_for_the_stay", language, **fields)
    total = r.format_price(base + extra, priced_in, language)
    return r.say("amenity_for_the_booking", language, room=room, total=total, **fields)


async def location(ctx: Context) -> Reply:
    return Reply(location_text(ctx))


def location_text(ctx: Context) -> str:
    """The address and how far it is from the airport and downtown, in the profile's words."""
    place = ctx.profile.location
    text = r.say(
        "location",
        ctx.language,
        address=place.address,
        city=place.city,
        country=place.country,
        directions=place.directions.get(ctx.language),
    )
    return f"{text}\n{place.maps_url}" if place.maps_url else text


# Where the hotel is, in any phrasing (read on the folded text): "where are you located?", "what's the address?",
# "how far is the airport?", "¿dónde están ubicados?", "¿en qué zona está?", "¿a qué distancia del centro?".
_LANDMARK = r"(?:airport|aeropuerto|downtown|city|center|centre|centro|beach|playa|town|ciudad|zona hotelera)"
LOCATION_ASKED = re.compile(
    r"\b(?:address|location|direccion|ubicacion|localizacion)\b|"
    r"\b(?:you|hotel|it|property|estan|esta|estais|ustedes|se encuentran?)(?: \w+){0,2} "
    r"(?:located|situated|based|ubicad[oa]s?|situad[oa]s?|localizad[oa]s?)\b|"
    r"\ben (?:que|cual) (?:zona|parte|area|barrio|lugar|sitio|colonia)\b|\b(?:what|which) (?:area|part of|zone|neighbou?rhood)\b|"
    r"\b(?:how|que tan|muy) (?:far|close|near|lejos|cerca)\b(?! in advance| ahead| before| de antemano)|"
    r"\ba (?:que|cuanta) distancia\b|\bdistance\b|\ba cuanto (?:esta|estan|estamos|queda|quedan)\b|"
    r"\b(?:lejos|cerca|far|close|near)\b[^.?!]{0,12}\b" + _LANDMARK + r"\b|"
    r"\b(?:how long|how many minutes|cuanto tiempo|cuantos minutos|cuanto (?:se )?(?:tarda|tardo|hay))\b"
    r"[^.?!]{0,30}\b" + _LANDMARK + r"\b|"
    r"\b(?:where|donde)\b(?P<tail>[^.?!,]{0,40})"
)
# An address that is not the hotel's: "what email address?", "¿a qué dirección de correo?".
_OTHER_ADDRESS = re.compile(
    r"\b(?:e ?mail|correo|mail|web|ip)\b[^.?!]{0,20}\b(?:address|direccion)\b|"
    r"\b(?:direccion|address) (?:de )?(?:e ?mail|correo|electronica|web)\b"
)
# "where is the hotel?", "¿dónde están?", "where can I find you?": the hotel itself, not a thing in it.
_WHERE_IS_THE_HOTEL = re.compile(
    r"^\s*'?\s*(?:exactly |exactamente )?(?:is|are|s|re|esta|estan|estais|queda|quedan|se (?:encuentra|encuentran|ubica|"
    r"ubican)|can i find|do i find|puedo encontrar|los encuentro)\b(?!\s+(?:my|mi|our|nuestra|nuestro|the nearest)\b)"
)
# Things a guest may look for that are no place of the hotel's: "where is my booking?", "¿dónde está el correo?".
_NOT_THE_HOTEL = re.compile(
    r"\b(?:booking|reservation|reserva|confirmation|confirmacion|e ?mail|correo|link|enlace|number|numero|"
    r"room|habitacion|cuarto|bathroom|bano|key|llave|payment|pago|invoice|factura)\b"
)


def other_address(ctx: Context) -> bool:
    return _OTHER_ADDRESS.search(ctx.folded_text) is not None


def asks_location(ctx: Context) -> bool:
    """Where the hotel is (its address, its area, how far from the airport), never an email address or where a
    thing inside it is ("where is the gym?": the gym's answer)."""
    text = ctx.folded_text
    if other_address(ctx):
        return False
    for match in LOCATION_ASKED.finditer(text):
        tail = match.group("tail")
        if tail is None:
            return True
        if (
            _WHERE_IS_THE_HOTEL.match(tail)
            and not _NOT_THE_HOTEL.search(tail)
            and not ctx.profile.amenities_in_text(tail)
        ):
            return True
    return False


# The cancellation terms asked for by name: "what's the cancellation policy?", "¿se puede cancelar gratis?".
POLICY_ASKED = re.compile(
    r"\b(?:cancel\w* (?:policy|policies|terms|conditions|rules|fees?)|(?:politica|condiciones|normas) de cancelaci\w+|"
    r"free cancel\w*|cancelaci\w+ (?:gratis|gratuita|sin (?:costo|cargo))|(?:can|could) (?:i|we) cancel|"
    r"(?:se )?(?:puede|podemos|puedo) cancelar|refundable|reembolsable)\b"
)


def policy_asked(ctx: Context) -> list[str]:
    """The cancellation policy when a message asks about it by name beside another request (a search)."""
    if ("?" not in ctx.text and "¿" not in ctx.text) or not POLICY_ASKED.search(ctx.folded_text):
        return []
    policy = ctx.profile.cancellation_policy.get(ctx.language)
    return [r.say("cancellation_policy", ctx.language, policy=policy)]


async def cancellation_policy(ctx: Context) -> Reply:
    return r.text_reply(
        "cancellation_policy", ctx.language, policy=ctx.profile.cancellation_policy.get(ctx.language)
    )


async def contact(ctx: Context) -> Reply:
    return r.text_reply(
        "contact", ctx.language, phone=ctx.profile.contact.phone, email=ctx.profile.contact.email
    )


# When the hotel answers ("how fast do you reply?", "what are your opening hours?", "¿cuánto tardáis en
# contestar?", "¿a qué hora abre la recepción?"): this chat is always open; the hotel's phone and email beside it.
ASKS_REPLY_TIMES = re.compile(
    r"\b(?:how (?:quickly|fast|soon|long)\b.{0,30}\b(?:reply|respond|answer|get back)|"
    r"(?:reply|response|answer) times?|opening hours|office hours|business hours|hours of (?:service|operation)|"
    r"what (?:time|hours) (?:do|does|is|are) (?:you|reception|the front desk|the desk)\b.{0,12}\b(?:open|close|available)|"
    r"(?:are|is) (?:you|reception|the front desk) open|when (?:are|is) (?:you|reception|the front desk) open|"
    r"(?:reception|front desk) (?:hours|open)|24 ?(?:hours?|h|/7)|24-hour|"
    r"cu[aá]nto (?:tard[aá]is|tardan|tarda|tardas)(?: en)? (?:contestar|responder)|"
    r"(?:responden|respond[eé]is|contestan|contest[aá]is) (?:r[aá]pido|enseguida|al momento)|"
    r"horarios? de (?:atenci[oó]n|recepci[oó]n|oficina)|a qu[eé] hora (?:abre|abr[ií]s|abren|cierra|cerr[aá]is|cierran)"
    r"(?: (?:la )?recepci[oó]n)?|(?:est[aá]is|est[aá]n|est[aá]) abiert[oa]s?|atend[eé]is|atienden las 24|"
    r"\b(?:el|los|su|sus|vuestro|tu) horarios?\b|\b(?:the|your|its|their) hours\b)",
    re.IGNORECASE,
)


def asks_reply_times(ctx: Context) -> bool:
    """When the hotel answers, asked about with no amenity named ("what time does the pool open?" is the pool's)."""
    if ctx.entities.get("amenity") or ctx.profile.amenities_in_text(ctx.text):
        return False
    if CHECK_IN_WORDS.search(ctx.text) or CHECK_OUT_WORDS.search(ctx.text):
        return False  # "what are the hours for check-in?": check-in's
    return ASKS_REPLY_TIMES.search(ctx.text) is not None


# About this chat's own answers, never an amenity's hours: "how fast do you reply?", "¿cuánto tardáis en contestar?".
ABOUT_REPLIES = re.compile(r"\b(?:repl\w*|respon\w*|answer\w*|get back|contest\w*|tard\w*)\b", re.IGNORECASE)


async def reply_times(ctx: Context) -> Reply:
    """When the hotel answers; "what are the opening hours?" just after the spa was answered is the spa's."""
    state = ctx.state
    recent = state.last_topic_turn is not None and state.turn - state.last_topic_turn <= FOLLOW_UP_TURNS
    if recent and not ABOUT_REPLIES.search(ctx.text):
        topics = [
            a.description.get(ctx.language) for k in state.last_topics if (a := ctx.profile.find_amenity(k))
        ]
        if topics:
            return Reply("\n".join(topics))
    contact = ctx.profile.contact
    return r.text_reply("reply_times", ctx.language, phone=contact.phone, email=contact.email)


# What a room is like, asked of a room named: "what does the Executive room have?", "what's the suite like?",
# "tell me about the double", "¿cómo es la ejecutiva?", "¿qué tiene la de lujo?", "¿qué incluye la familiar?".
DESCRIBE_ROOM = re.compile(
    r"\b(?:what (?:does|do) (?:the |your |that |this )?\w+(?: \w+)? (?:have|include|come with|offer)|"
    r"what(?:'s| is| are) (?:the |your |that |this )?\w+(?: \w+)? like|tell me (?:more )?about|describe|"
    r"what(?:'s| is) in (?:the |that |this )|"
    r"c[oó]mo (?:es|son)|qu[eé] (?:tiene|tienen|incluye|incluyen|trae|ofrece)|h[aá]blame de|descr[ií]be\w*)\b",
    re.IGNORECASE,
)
# The topic remembered after the rooms were described: "¿y la de lujo?" next is that room described too.
ROOMS_TOPIC = "rooms"
MAX_ROOM_FOLLOW_UP_WORDS = 6


def describes_room(ctx: Context, named: set[str]) -> bool:
    """A room named and what it is like asked (never with a stay given: then its availability)."""
    return bool(named) and DESCRIBE_ROOM.search(ctx.text) is not None


def next_room_asked(ctx: Context, named: set[str]) -> bool:
    """ "¿y la de lujo?", "and the suite?" just after rooms were described: that room described too."""
    state = ctx.state
    if not named or ROOMS_TOPIC not in state.last_topics or state.last_topic_turn is None:
        return False
    if state.turn - state.last_topic_turn > FOLLOW_UP_TURNS or state.pending is not None or state.offers:
        return False
    return len(ctx.text.split()) <= MAX_ROOM_FOLLOW_UP_WORDS


# A follow-up that opens on "and" / "what about": "and the most expensive one?", "¿y la más cara?".
FOLLOW_UP_OPENING = re.compile(
    r"^\W*(?:and|y|e|what about|how about|and what about|also|tambi[eé]n)\b", re.IGNORECASE
)


def next_room_by_price_asked(ctx: Context) -> bool:
    """ "and the most expensive one?" just after a room was answered about (no stay on the table): the same
    question of the room that price names."""
    state = ctx.state
    if not names_a_price(ctx.text) or len(ctx.text.split()) > MAX_ROOM_FOLLOW_UP_WORDS:
        return False
    if state.pending not in (None, "ask_dates") or state.offers or state.draft is not None:
        return False
    rooms_answered = ROOMS_TOPIC in state.last_topics and state.last_topic_turn is not None
    recent = rooms_answered and state.turn - (state.last_topic_turn or 0) <= FOLLOW_UP_TURNS
    room_just_named = state.last_room_kind_turn == state.turn - 1
    asked = "?" in ctx.text or "¿" in ctx.text or FOLLOW_UP_OPENING.search(ctx.text) is not None
    return (recent or room_just_named) and asked


async def room_options(ctx: Context) -> Reply:
    language = ctx.language
    ctx.state.last_topics, ctx.state.last_topic_turn = [ROOMS_TOPIC], ctx.state.turn
    lines = [r.say("room_options_header", language), *await room_lines(ctx)]
    if ctx.state.draft is not None:  # a room is chosen: the booking's own question follows, not a new search
        return Reply("\n".join(lines))
    lines.append(r.say("room_options_footer", language))
    return Reply("\n".join(lines), [r.button("check_availability", language)])


async def room_description(ctx: Context) -> Reply:
    """The rooms named, described, with no question of its own (a booking step's question follows it)."""
    ctx.state.last_topics, ctx.state.last_topic_turn = [ROOMS_TOPIC], ctx.state.turn
    return Reply("\n".join([r.say("room_options_header", ctx.language), *await room_lines(ctx)]))


async def room_lines(ctx: Context) -> list[str]:
    """One line per room type (only those the message names, if it names any): capacity, what a night
    costs the guest, and what the room is like."""
    language = ctx.language
    rooms = await ctx.rooms.all()
    named = kinds_in_text(ctx.text, rooms) or _room_with_feature_asked(ctx)
    prices = await ctx.rooms.nightly_prices(ctx.today)
    state = ctx.state
    if not named and (by_price := _room_by_price_asked(ctx, rooms, prices)) is not None:
        # "what's your most expensive room?": that one room (of those that fit the party), and "that one" next
        # means it
        named, ctx.room_kind = {by_price}, by_price
    if len(named) >= 2:
        state.compared_kinds, state.compared_turn = sorted(named), state.turn
    # A room of the stay's offers on screen ("and for the family room?") is priced for that stay.
    offers = {o.room_type_id: o for o in ctx.state.offers} if named else {}
    lines = []
    for room in rooms:
        if named and room.kind not in named:
            continue
        described = ctx.profile.room_descriptions.get(room.kind)
        capacity = r.format_guests(room.max_adults, room.max_children, language)
        price = prices.get(room.id)
        offer = offers.get(room.id)
        if offer is not None:
            price = offer.nightly_price
        stay_total = (
            r.say(
                "room_offer_total",
                language,
                total=r.format_price(offer.total_price, offer.currency, language),
            )
            if offer is not None
            else ""
        )
        lines.append(
            r.say(
                "room_option_line" if price is not None else "room_option_line_no_price",
                language,
                room=room.name,
                capacity=capacity,
                price=r.format_price(price, ctx.profile.currency, language) + stay_total
                if price is not None
                else "",
                description=f" — {described.get(language)}" if described else "",
            )
        )
    return lines


# "and the cheapest room?": a room asked about afresh, never "the cheaper one" of two just compared.
ROOM_NAMED_AFRESH = re.compile(r"\b(?:rooms?|habitaci[oó]n(?:es)?|cuartos?)\b", re.IGNORECASE)


def compared_just_before(ctx: Context) -> list[str]:
    """The room kinds the guest's last message asked about side by side ("the double or the twin?"), when this
    one points back at them ("the pricier one", "la más cara de las dos"); else none."""
    state = ctx.state
    if state.compared_turn != state.turn - 1 or ROOM_NAMED_AFRESH.search(ctx.text):
        return []
    return state.compared_kinds


def _room_by_price_asked(ctx: Context, rooms: list[RoomType], prices: dict[int, Decimal]) -> str | None:
    """The room kind named by its price ("the most expensive", "la segunda más barata", "the pricier one" after
    two were compared) among those that hold the party said, priced as the list shows them."""
    if not names_a_price(ctx.text):
        return None
    adults = ctx.entities.get("adults") or ctx.state.search.adults or 0
    children = ctx.entities.get("children") or ctx.state.search.children or 0
    compared = compared_just_before(ctx)
    fits = [
        room
        for room in rooms
        if room.id in prices
        and (not compared or room.kind in compared)
        and room.max_adults >= int(adults)
        and room.max_children >= int(children)
    ]
    chosen = by_price_said(ctx.text, fits, lambda room: prices[room.id])
    return chosen.kind if chosen is not None else None


def _room_with_feature_asked(ctx: Context) -> set[str]:
    """ "is there a room with a sea view?" once a room was chosen: the one room that has it, never the whole list."""
    if ctx.state.draft is None or ("?" not in ctx.text and "¿" not in ctx.text):
        return set()
    kind = kind_by_feature_named(ctx.text, ctx.profile, ctx.language)
    return {kind} if kind is not None else set()


# "somos 6, ¿cabemos?", "can 5 of us fit in one room?", "how many people fit in the family room?",
# "¿cuántas personas caben en la doble?", "what's the maximum occupancy of the suite?"
CAPACITY_QUESTION = re.compile(
    # never "no entramos el 24 sino el 25": going in on a day is the arrival
    r"\b(?:cab(?:e|en|emos|r[ií]a|r[ií]amos|r[ií]an|r[aá]n)|(?:entramos|entrar[ií]amos)(?! (?:el|del|on|the|d[ií]a)\b)|"
    r"fits? (?:in|into)|all fit|capacity|capacidad|"
    r"max(?:imum|imo|ima)?\s+(?:occupancy|ocupaci[oó]n|people|guests|persons|personas|hu[eé]spedes|adults)|"
    r"ocupaci[oó]n m[aá]xima|how many (?:people|guests|persons|adults|of us)\s+(?:can|could|fit|does|do|per|max|in|"
    r"is|are|sleep)|cu[aá]nt[oa]s (?:personas|hu[eé]spedes|adultos|gente)\s+(?:caben|entran|pueden|admite|"
    r"por|se pueden|como m[aá]ximo|m[aá]ximo)|hasta cu[aá]nt[oa]s|sleeps?|para cu[aá]nt[oa]s personas es|"
    # "can 2 adults and 3 kids stay together in one room?", "¿podemos dormir todos en la misma habitación?"
    r"(?:stay|sleep|be|share|room|together)\s+(?:all\s+)?(?:together\s+)?in\s+(?:one|1|a single|the same|just one)\s+room|"
    r"(?:quedarnos|quedarse|dormir|estar|compartir|alojarnos|junt[oa]s)\s+(?:tod[oa]s\s+)?(?:junt[oa]s\s+)?en\s+"
    r"(?:una|1|la misma|una sola|un solo|el mismo)\s+(?:habitaci[oó]n|cuarto)|"
    # "does the double fit 4 of us?", "would the suite fit all of us?", "is the twin big enough for the 4 of us?"
    r"(?:fits?|holds?|takes?|accommodates?|big enough for|enough (?:room|space) for)\s+(?:all\s+)?(?:the\s+)?"
    r"(?:\d{1,2}|two|three|four|five|six|all|both)\s+of us|fits? (?:us all|all of us|everyone|everybody)|"
    # an extra bed is more people in the room: what each room takes answers it
    r"(?:extra|additional|rollaway|spare)\s+beds?|camas?\s+(?:extras?|adicional(?:es)?|supletorias?|de m[aá]s))\b",
    re.IGNORECASE,
)
# "do you have a room for 5?", "¿tienen una habitación para 6?": a capacity question when some room cannot hold
# that party (a party every room holds is only the stay's party).
ONE_ROOM_FOR = re.compile(
    r"\b(?:a|one|1|una|un|single|sola)\s+(?:\w+\s+)?(?:room|habitaci[oó]n|cuarto)\s+(?:for|para)\b",
    re.IGNORECASE,
)
# A room's price asked beside its capacity ("how much is the family room and how many fit?").
ROOM_PRICE_ASKED = re.compile(
    r"\b(?:how much|cu[aá]nto (?:cuesta|vale|sale|es|cobran)|cuestan?|valen?|precios?|prices?|rates?|tarifas?|"
    r"costs?)\b",
    re.IGNORECASE,
)
THAT_ROOM = re.compile(
    r"\b(?:that|this|the same|our|my) room\b|\b(?:esa|esta|la misma|nuestra|mi) habitaci[oó]n\b|\bah[ií]\b",
    re.IGNORECASE,
)
ONE_MORE = re.compile(
    r"\b(?:a third|a fourth|one more|another|an extra|extra) (?:person|adult|guest|people)|"
    r"\b(?:una|otra) persona m[aá]s\b|\b(?:una )?(?:tercera|cuarta) persona\b|\bun adulto m[aá]s\b",
    re.IGNORECASE,
)
TAX_QUESTION = re.compile(r"\b(?:impuestos?|iva|tax|taxes|taxed|vat|tasas?)\b", re.IGNORECASE)
# A short question that only makes sense about what was just answered: "and what time does it start?",
# "¿y a qué hora lo servís?", "how much is it?", "¿dónde está?"
FOLLOW_UP = re.compile(
    # an acknowledgement first changes nothing: "ok, ¿y a qué hora es?", "great, and when is it open?"
    r"^\W*(?:(?:ok(?:ay)?|oki|vale|bueno|perfecto|genial|de acuerdo|gracias|great|thanks|cool|nice|right|ah+|oh+|"
    r"ahh?|mm+|hmm+|sure|claro)\b\W*)*"
    r"(?:and|y|also|tambi[eé]n|so|entonces|e)?\W*(?:what time|a qu[eé] hora|when|cu[aá]ndo|how much|"
    r"cu[aá]nto|where|d[oó]nde|until when|hasta (?:qu[eé] hora|cu[aá]ndo)|from what time|desde qu[eé] hora|"
    r"is it|es|est[aá]|does it|do they|is that|what are the hours|qu[eé] horarios?|"
    # "what hours is it served?", "at what time does it open?", "¿en qué horario lo sirven?"
    r"(?:at |during )?(?:what|which) hours|at what time|(?:en|con) qu[eé] horarios?)\b",
    re.IGNORECASE,
)
# Readings a short follow-up often gets from the model although it names no topic of its own ("what hours is it
# served?" reads as the amenities, "from what time?" as check-in): the topic just answered beats them.
TOPICLESS_READINGS = frozenset({"amenities", "check_in_info", "check_out_info"})
# Arriving or leaving named in other words: then check-in or check-out is the topic, never the last extra.
ARRIVES_OR_LEAVES = re.compile(
    r"\b(?:arriv\w*|leav\w*|get there|come in|llega\w*|lleg[oa]\w*|irnos|irme|dej\w+ la habitaci\w+|"
    r"rooms?|habitaci\w+|cuartos?)\b",
    re.IGNORECASE,
)
# Whether an extra is in the room's price: "is it included or extra?", "¿va incluido?", "¿se paga aparte?".
INCLUDED_ASKED = re.compile(
    r"\b(?:includ\w*|inclu[iy]\w*|extra|aparte|separate\w*|additional|adicional|se paga|se cobra|"
    r"pay (?:for it|extra|separately)|charged?(?: separately| extra| for it)?|on top|"
    # the basis of the price: "per day or for the whole stay?", "¿y eso es por día?"
    r"per (?:day|night|person|guest|head)|each day|a day|whole stay|entire stay|por (?:dia|noche|persona|cabeza)|"
    r"cada dia|al dia|toda la (?:estancia|estadia))\b",
    re.IGNORECASE,
)
# A limit asked without naming its topic: "is there a weight limit?", "any size restriction?", "¿hay límite de
# peso?", "¿cuánto pueden pesar?", "how heavy can they be?".
LIMIT_ASKED = re.compile(
    r"\b(?:(?:weight|size|age|height) (?:limit|restriction|max\w*)s?|(?:limit|restriction)s? (?:on|of|for) "
    r"(?:the )?(?:weight|size)|max\w* (?:weight|size)|how (?:big|heavy|large)|"
    r"limites? de (?:peso|tamano|kilos|edad)|(?:peso|tamano) maximo|restricci\w+ de (?:peso|tamano)|"
    r"cuanto (?:pueden|puede|deben|debe) pesar|que tan grandes?|de que tamano)\b"
)
# The same thing asked for someone else: "and for the kids?", "¿y para los niños?" (folded): the topic just answered.
FOR_OTHERS_ASKED = re.compile(
    r"^\W*(?:and|y|e|what about|how about|que tal)?\W*(?:(?:and )?(?:what about|how about) )?(?:para|for) "
    r"(?:the |los |las |my |our |mis |nuestr[oa]s )?(?:kids|children|child|little ones|ninos|ninas|nino|nina|"
    r"chicos|peques|hij[oa]s|bebes?|babies|baby)\W*$"
)
# Cancelling in so many words: without them, a "cancellation policy" reading of a price question about "it" is
# the model's guess ("¿y cuánto cobran por él?" after the pets were answered).
CANCEL_WORDS = re.compile(r"\b(?:cancel\w*|anul\w*|refund\w*|reembols\w*|devoluci\w+|no[- ]show|penal\w*)\b")
# A price asked of something not named ("and how much for him?", "what's the fee?", "¿y cuánto cobran por él?",
# "¿y el precio?", "¿qué precio tiene?"), read on the folded text: just after an extra was answered, its price.
PRICE_OF_IT = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|oki|vale|bueno|perfecto|genial|great|thanks|gracias|cool|nice|ah+|oh+|mm+|hmm+|sure|"
    r"claro|got it|entiendo)\b\W*)*(?:and|y|e|so|entonces|also|tambien|but|pero)?\W*"
    r"(?:how much|cuanto\w*|(?:what|which)(?:'s| is| are| would be| will be)? (?:the |its |their |your )?"
    r"(?:price|cost|fee|charge|rate)s?|(?:the |el |la |its |su |sus )?(?:price|cost|fee|charge|rate|precio|costo|"
    r"coste|cargo|tarifa)s?\b|(?:cual|que) (?:es |seria |sera )?(?:el |la |su )?(?:precio|costo|coste|cargo|tarifa)|"
    r"(?:what )?(?:do|does|would|will) (?:you|it|that|this|they|he|she) (?:charge|cost)|(?:is|would be) (?:it|that|there) (?:free|a (?:fee|charge))|"
    r"(?:se )?(?:cobran?|paga)\b|tiene (?:algun )?(?:costo|cargo|precio))"
)
_HOW_MUCH = re.compile(r"\b(?:how much|cuanto\w*)\b")
# A room, a stay or a party named: a price of its own, never the extra just answered ("per night" is a basis).
_OWN_PRICE_TOPIC = re.compile(
    r"\b(?:rooms?|habitacion(?:es)?|cuartos?|suites?|stay|estancia|estadia|alojamiento|total|"
    r"(?<!per )(?<!a )(?<!por )(?<!la )(?<!each )(?<!cada )(?:noches?|nights?)|adults?|adultos?|people|personas)\b"
)
FOLLOW_UP_TURNS = 2  # a follow-up points at a topic answered at most this many turns before
MAX_FOLLOW_UP_WORDS = 9
MAX_INCLUDED_WORDS = 12
FOLLOW_UP_MAX_CONFIDENCE = 0.5  # a reading surer than this is a question of its own


def asks_capacity(ctx: Context) -> bool:
    """A question about how many people a room takes (never a statement of the party: "room for 2")."""
    return bool(CAPACITY_QUESTION.search(ctx.text)) and asks_capacity_shape(ctx)


# The party counted whole in a question about it: "the 4 of us", "all 4 of us", "¿cabemos los 4?" (folded, digits).
WHOLE_PARTY = re.compile(
    r"\b(?:all )?(?:the )?(\d{1,2}) of us\b|\b(?:cabemos|entramos|caber|entrar|estar|dormir)\b[^?¿.,;]*?\b(?:los|las) "
    r"(\d{1,2})\b(?! (?:de|del|al|noches?|dias?|adult\w*|nin\w*|person\w*|hij\w*))"
)


def party_counted_whole(ctx: Context) -> bool:
    """A capacity question that counts the party already given as a whole ("does the double fit 4 of us?" about
    2 adults and 2 children): a question about that party, never a new one (4 adults)."""
    draft = ctx.state.draft
    adults, children = (
        (draft.adults, draft.children)
        if draft is not None
        else (ctx.state.search.adults, ctx.state.search.children)
    )
    if not adults:
        return False
    found = WHOLE_PARTY.search(ctx.folded_text)
    return found is not None and int(found[1] or found[2]) == adults + (children or 0)


async def asks_room_for_party(ctx: Context) -> bool:
    """ "do you have a room for 5?" with no stay given: a party not every room holds, asked as a question."""
    if not asks_capacity_shape(ctx) or not ONE_ROOM_FOR.search(ctx.text):
        return False
    if any(key in ctx.entities for key in ("check_in", "check_out", "nights")):
        return False
    adults = _count(ctx.entities.get("adults"))
    if not adults:
        return False
    children = _count(ctx.entities.get("children")) or 0
    return not all(_holds(room, adults, children) for room in await ctx.rooms.all())


def asks_capacity_shape(ctx: Context) -> bool:
    text = ctx.text
    return "?" in text or "¿" in text or bool(_STARTS_AS_QUESTION.match(text))


_STARTS_AS_QUESTION = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:can|could|do|does|will|would|is|are|how|cu[aá]nt[oa]s|caben|cabemos|"
    r"podemos|entramos(?! (?:el|del|d[ií]a)\b))\b",
    re.IGNORECASE,
)


def asks_taxes(ctx: Context) -> bool:
    return bool(TAX_QUESTION.search(ctx.text))


# Asking what something costs (not "is that price with taxes?"): a price to give beside the taxes answer.
ASKS_A_PRICE = re.compile(
    r"\b(?:how much|cu[aá]nto|cuesta|cuestan|vale|valen|sale|price (?:of|for)|precio (?:de|para|por)|rates? for|"
    r"tarifas? (?:de|para))\b",
    re.IGNORECASE,
)


def only_taxes(ctx: Context) -> bool:
    """A question about taxes and nothing else the turn must answer (no price asked, no stay, no room)."""
    if ASKS_A_PRICE.search(ctx.text) or ctx.room_kind is not None:
        return False
    return not any(key in ctx.entities for key in ("check_in", "check_out", "nights", "adults", "children"))


async def capacity(ctx: Context) -> Reply:
    """How many fit in each room (PMS room data), and for a party too big for one room, how many rooms."""
    language = ctx.language
    rooms = await ctx.rooms.all()
    named = kinds_in_text(ctx.text, rooms)
    draft = ctx.state.draft
    if not named and draft is not None and THAT_ROOM.search(ctx.text):
        named = {room.kind for room in rooms if room.id == draft.room_type_id}  # "could 3 fit in that room?"
    adults = _count(ctx.entities.get("adults"))
    children = _count(ctx.entities.get("children")) or 0
    if named and adults is None and ROOM_PRICE_ASKED.search(ctx.text) and not ONE_MORE.search(ctx.text):
        # "precio por noche de la familiar y cuántas personas caben?": the room's line holds both
        return Reply("\n".join(await room_lines(ctx)))
    if adults is None and (ONE_MORE.search(ctx.text) or not named):
        adults, children = ctx.state.search.adults, ctx.state.search.children
        if draft is not None:
            adults, children = draft.adults, draft.children
        if adults and ONE_MORE.search(ctx.text):
            adults += 1  # "could a third person fit?", "¿cabe una persona más?"
    shown = [room for room in rooms if not named or room.kind in named]
    lines = [
        r.say("capacity_line", language, room=room.name, capacity=_capacity_of(room, language))
        for room in shown
    ]
    if not adults:
        return Reply("\n".join([r.say("capacity_header", language), *lines]))
    party = r.format_guests(adults, children, language)
    fitting = [room for room in shown if _holds(room, adults, children)]
    if fitting:
        names = r.format_list([room.name for room in fitting], language)
        return Reply(r.say("capacity_fits", language, guests=party, rooms=names))
    largest = max(rooms, key=lambda room: (room.max_adults, room.max_children))
    others = [room.name for room in rooms if _holds(room, adults, children)]
    if named and others:
        return Reply(
            "\n".join(
                [
                    *lines,
                    r.say(
                        "capacity_other_room", language, guests=party, rooms=r.format_list(others, language)
                    ),
                ]
            )
        )
    return Reply(
        r.say(
            "capacity_several_rooms",
            language,
            guests=party,
            room=largest.name,
            capacity=_capacity_of(largest, language),
            rooms=r.format_rooms(needed_rooms(adults, children, rooms), language),
        )
    )


def needed_rooms(adults: int, children: int, rooms: list[RoomType]) -> int:
    """The fewest rooms that can hold the party (1 when one room does)."""
    if not rooms:
        return 1
    largest = max(rooms, key=lambda room: (room.max_adults, room.max_children))
    by_adults = math.ceil(adults / max(largest.max_adults, 1))
    by_children = math.ceil(children / largest.max_children) if children and largest.max_children else 1
    return max(1, by_adults, by_children)


def _holds(room: RoomType, adults: int, children: int) -> bool:
    return room.max_adults >= adults and room.max_children >= children


def _capacity_of(room: RoomType, language: r.Language) -> str:
    return r.format_guests(room.max_adults, room.max_children, language)


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


async def taxes(ctx: Context) -> Reply:
    """Whether prices include taxes, in the hotel's own words; never guessed when the profile lacks it."""
    if ctx.profile.taxes is None:
        return r.text_reply("taxes_unknown", ctx.language, [r.button("human_handoff", ctx.language)])
    return Reply(ctx.profile.taxes.get(ctx.language))


def price_of_it_asked(ctx: Context) -> bool:
    """A short price question that names nothing of its own ("and how much for him?", "¿y el precio?")."""
    text = ctx.folded_text
    if len(ctx.text.split()) > MAX_FOLLOW_UP_WORDS or not PRICE_OF_IT.search(text):
        return False
    if "?" not in ctx.text and "¿" not in ctx.text and not _HOW_MUCH.search(text):
        return False  # "el precio está bien, la reservo": no question
    return ctx.room_kind is None and not _OWN_PRICE_TOPIC.search(text)


def follow_up_answers(ctx: Context) -> list[str]:
    """A short question about what was just answered ("and what time does it start?"): that topic again; its
    price, asked of it ("and how much for him?" after the pets), however sure the model is of a room price."""
    state = ctx.state
    if not state.last_topics or state.last_topic_turn is None:
        return []
    if state.turn - state.last_topic_turn > FOLLOW_UP_TURNS:
        return []
    if price_of_it_asked(ctx) and not _names_its_own_topic(ctx):
        return _topic_answers(ctx, price_asked=True)
    # "is it included in the price or extra?", "¿y está incluido en el precio o se paga aparte?" just after an
    # extra was answered: that extra, however sure the model is of another reading (it names no topic of its own)
    asked = "?" in ctx.text or "¿" in ctx.text
    included = asked and INCLUDED_ASKED.search(ctx.folded_text) is not None
    # "is there a weight limit?", "¿hay límite de peso?": a limit of what was just answered (it names none)
    included = included or (asked and LIMIT_ASKED.search(ctx.folded_text) is not None)
    included = included or FOR_OTHERS_ASKED.match(ctx.folded_text) is not None
    if len(ctx.text.split()) > (MAX_INCLUDED_WORDS if included else MAX_FOLLOW_UP_WORDS):
        return []
    if not included and not FOLLOW_UP.search(ctx.text):
        return []
    topicless = (
        (
            ctx.intent in TOPICLESS_READINGS
            or (ctx.intent == "cancellation_policy" and not CANCEL_WORDS.search(ctx.folded_text))
        )
        and not ARRIVES_OR_LEAVES.search(ctx.text)
        and not (ctx.entities.get("amenity") or ctx.entities.get("amenities"))
    )
    if (
        not included
        and not topicless
        and ctx.intent != "unknown"
        and ctx.analysis.confidence >= FOLLOW_UP_MAX_CONFIDENCE
    ):
        return []  # "and what time is check-out?" names its own topic
    if _names_its_own_topic(ctx):
        return []
    return _topic_answers(ctx, price_asked=False)


def _names_its_own_topic(ctx: Context) -> bool:
    return bool(
        CHECK_IN_WORDS.search(ctx.text)
        or CHECK_OUT_WORDS.search(ctx.text)
        or ctx.profile.amenities_in_text(ctx.text)
        or ctx.entities.get("amenity")
        or ctx.entities.get("amenities")
    )


LATE_CHECKOUT_TOPIC = "late_checkout"


def _topic_answers(ctx: Context, price_asked: bool) -> list[str]:
    """What the profile says of each topic just answered; a price asked of an extra the profile prices per guest
    and night is worked out for the stay, and one it gives no price for is said so, with whom to ask."""
    answers = []
    for key in ctx.state.last_topics:
        if key == LATE_CHECKOUT_TOPIC:
            answers.append(late_checkout_answer(ctx))
            continue
        amenity = ctx.profile.find_amenity(key)
        if amenity is None:
            continue
        answers.append(amenity.description.get(ctx.language))
        if not price_asked:
            continue
        if amenity.price_on_request:
            contact = ctx.profile.contact
            answers.append(
                r.say(
                    "amenity_price_unknown",
                    ctx.language,
                    amenity=amenity.name.get(ctx.language).lower(),
                    phone=contact.phone,
                    email=contact.email,
                )
            )
        elif (extra := _extra_for_the_stay(ctx, amenity)) is not None:
            answers.append(extra)
    return answers


def remember_topics(ctx: Context) -> None:
    """The amenities this message asked about: what a follow-up question ("¿y a qué hora?") means."""
    found = [a.key for a in ctx.profile.amenities_in_text(ctx.text)]
    asked = ctx.entities.get("amenities") or [ctx.entities.get("amenity")]
    found += [a.key for w in asked if isinstance(w, str) and (a := ctx.profile.find_amenity(w)) is not None]
    if found:
        ctx.state.last_topics = list(dict.fromkeys(found))
        ctx.state.last_topic_turn = ctx.state.turn


def _late_checkout_text(ctx: Context) -> str:
    policy, language = ctx.profile.late_checkout, ctx.language
    fee = (
        r.say("late_checkout_fee", language, fee=r.format_price(policy.fee, ctx.profile.currency, language))
        if policy.fee
        else ""
    )
    text = r.say(
        "late_checkout_available",
        language,
        time=ctx.profile.check_out_time,
        until=policy.until or ctx.profile.check_out_time,
        fee=fee,
    )
    return f"{text} {policy.note.get(language)}" if policy.note else text


HANDLERS: dict[str, Callable[[Context], Awaitable[Reply]]] = {
    "check_in_info": check_in_info,
    "check_out_info": check_out_info,
    "late_checkout": late_checkout,
    "amenities": amenities,
    "location": location,
    "cancellation_policy": cancellation_policy,
    "contact": contact,
    "room_options": room_options,
}
