"""Which handler answers a message: the pending question first (when the message answers it), then the
intent. Info and small talk in the middle of a booking answer and then repeat the pending question."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Awaitable, Callable
from datetime import date

from hotel_agent.channels.types import Reply
from hotel_agent.orchestrator import references
from hotel_agent.orchestrator import replies as r
from hotel_agent.orchestrator.context import Context
from hotel_agent.orchestrator.handlers import availability, booking, clarify, info, manage, party, small_talk
from hotel_agent.orchestrator.handlers.common import corrected_name, find_reference
from hotel_agent.orchestrator.references import kinds_in_text, names_a_price, offer_by_price, rooms_of_a_kind
from hotel_agent.pms.base import PMSRejected, PMSUnavailable

Handler = Callable[[Context], Awaitable[Reply]]

FLOW_HANDLERS: dict[str, Handler] = {
    "check_availability": availability.handle,
    "make_reservation": booking.handle,
    "reservation_status": manage.handle,
    "cancel_reservation": manage.handle,
    "modify_reservation": manage.handle,
    "human_handoff": small_talk.human_handoff,
    "report_issue": small_talk.report_issue,
    "goodbye": small_talk.goodbye,
}
# Answered without dropping the pending question, which is asked again after the answer.
ASIDE_HANDLERS: dict[str, Handler] = {
    **info.HANDLERS,
    "greeting": small_talk.greeting,
    "thanks": small_talk.thanks,
}
# The hotel's phone or email, asked for in words the NLP may read as "unknown" or as wanting a person.
CONTACT_WORDS = re.compile(
    r"\b(tel[eé]fono|n[uú]mero de contacto|datos de contacto|contacto del hotel|correo del hotel|"
    r"phone number|telephone|contact details|contact number|hotel'?s email|email address)\b",
    re.IGNORECASE,
)
# Asking, in so many words, to talk to a person: whatever else the message is about, that is what it wants.
ASKS_FOR_A_PERSON = re.compile(
    r"\b(?:speak|talk|chat)\s+(?:with|to)\s+(?:someone|somebody|a (?:real )?person|a human|an agent|a member|"
    r"a staff member|(?:the |a )?manager|reception|your team|a representative)|"
    r"\b(?:hablar|platicar|conversar)\s+con\s+(?:alguien|una persona|un humano|un agente|un asesor|"
    r"recepci[oó]n|el gerente|el encargado|la encargada|una persona real|el equipo|alg[uú]n)|"
    r"\b(?:p[aá]same|pasadme|p[aá]seme)\s+con\b|\bput me through\b|"
    r"\b(?:could|can) someone (?:from [\w ]+ )?call me\b|\balguien (?:del hotel )?(?:me )?(?:llame|llamara|pueda llamar)",
    re.IGNORECASE,
)
# A request verb aimed at a person ("connect me with someone from the front desk", "comuníqueme con un
# asesor"): plain enough to win over any slot being awaited, a room choice included.
_PERSON_TARGET = (
    r"(?:someone|somebody|a (?:real |live )?(?:person|human)|a human(?: being)?|an? (?:human |live |real )?"
    r"(?:agent|advisor|adviser|representative|receptionist|operator)|a staff member|a member of (?:your |the )?"
    r"(?:staff|team)|(?:the |your )?(?:front desk|reception|manager|team|staff)|"
    # "a customer care person", "someone in guest services", "an employee"
    r"(?:an? |the |your )?(?:customer (?:care|service|support)|guest (?:services|relations))"
    r"(?: person| agent| representative| rep| team| desk)?|an? (?:employee|staff member|member of staff)|"
    r"alguien|una persona|un humano|un[ao]? (?:agente|asesor[a]?|recepcionista|operador[a]?|emplead[oa])|"
    r"(?:la )?recepci[oó]n|el gerente|(?:el|la) encargad[oa]|el equipo|el personal|"
    r"(?:el |la )?(?:servicio|atenci[oó]n) al cliente)\b"
)
REQUESTS_A_PERSON = re.compile(
    r"\b(?:connect|transfer|put|pass|hand)\s+(?:me|us)\s+(?:through\s+|over\s+|on\s+|in touch\s+)?(?:with|to)\s+"
    + _PERSON_TARGET
    + r"|\b(?:speak|talk|chat)\s+(?:with|to)\s+"
    + _PERSON_TARGET
    + r"|\b(?:comun[ií](?:ca|came|cadme|queme|quenme|car|carme|carnos)|p[aá]s(?:ame|adme|eme|enme|arme)|"
    r"p[oó]n(?:me|game|ganme|edme)|tr[aá]nsfi[eé]r(?:eme|ame)|transferirme|conect(?:a|e)me|conectarme|"
    r"(?:me|nos) (?:pasas|pasan|comunicas|comunican|pones|ponen|conectas|conectan)|"
    # "¿me puede pasar con un asesor?", "¿nos podrías comunicar con recepción?"
    r"(?:me|nos) (?:puede|puedes|pueden|podr[ií]a|podr[ií]as|podr[ií]an) (?:pasar|comunicar|poner|transferir|conectar))"
    r"\s+con\s+"
    + _PERSON_TARGET
    + r"|\b(?:hablar|platicar|conversar)\s+con\s+"
    + _PERSON_TARGET
    # "¿me puede atender una persona?", "quiero que me atienda alguien", "can a person help me?"
    # (never "¿me atiende alguien en recepción si llego a las 2?": a question about the desk's hours)
    + r"|\b(?:(?:me|nos) (?:puede|pueden|podr[ií]a|podr[ií]an) atender|que (?:me|nos) atienda)\s+"
    r"(?:una persona(?: real)?|un humano|un agente|un asesor|una asesora|alguien(?! en recepci| a las| si| cuando))\b"
    # never "can someone help me?" alone: guests write it to the agent about a booking
    + r"|\b(?:can|could|may)\s+(?:a (?:real |live )?(?:person|human)|a human being|a staff member|a member of (?:your |the )?"
    r"(?:staff|team)|(?:someone|somebody) (?:from|at|of) (?:the |your )?(?:hotel|reception|front desk|staff|team))"
    r"\s+(?:help|assist|attend to|deal with)\s+(?:me|us)\b",
    re.IGNORECASE,
)
# The guest will talk it over with their own people first ("I'll talk to someone at home first", "lo hablo
# con mi pareja y te digo", "let me check with my wife"): no request for the hotel's staff, no head count.
_KIN = (
    r"(?:wife|husband|partner|spouse|other half|family|boss|kids|children|girlfriend|boyfriend|gf|bf|"
    r"fianc[eé]e?|parents|mum|mom|dad|friends?|sister|brother|son|daughter|colleagues?|group|team|people|"
    r"pareja|mujer|marido|espos[oa]|novi[oa]|familia|jef[ea]|padres|pap[aá]s|mam[aá]|pap[aá]|madre|padre|"
    r"amig[oa]s?|herman[oa]s?|hij[oa]s?|soci[oa]s?|compa[nñ]er[oa]s?|gente|grupo|suegr[oa]s?|se[nñ]ora|chic[oa]s?)"
)
_OWN_PEOPLE = (
    r"(?:(?:my|our|the|mi|mis|nuestr[oa]s?|el|la|los|las)\s+(?:\w+\s+)?"
    + _KIN
    + r"\b(?!\s+(?:rooms?|suite|one|habitaci))|"
    r"(?:someone|somebody|people|everyone|the others|alguien|los dem[aá]s)\s+(?:at home|en casa|back home))"
)
DEFERS = re.compile(
    r"\b(?:i'?ll|i will|i need to|i have to|i'?ve got to|got to|gotta|let me|i must|i want to|i'?d like to|"
    r"we'?ll|we will|we need to|let us|i should|i'?m going to|going to|first)\s+(?:first\s+)?"
    r"(?:talk|speak|check|discuss|chat|consult|confer|run (?:it|this) by|ask)"
    r"(?:\s+(?:it|this|that)(?:\s+over)?)?(?:\s+(?:with|to))?\s+" + _OWN_PEOPLE + r"|"
    r"\b(?:lo |la |le |les )?(?:hablo|consulto|comento|platico|pregunto|charlo|converso|hablamos|consultamos|"
    r"comentamos|hablar[eé]|consultar[eé]|comentar[eé]|hablarlo|consultarlo|comentarlo|preguntarle|"
    r"preguntarles|platicarlo|hablarla)\s+(?:primero\s+)?(?:con|a)\s+" + _OWN_PEOPLE,
    re.IGNORECASE,
)
# Two rooms compared: "¿qué diferencia hay entre la deluxe y la ejecutiva?", "difference between the double and the twin".
COMPARES_ROOMS = re.compile(
    r"\b(?:diferencias?|diferencian?|difference|differences|differ|different|compar\w*|versus|vs)\b",
    re.IGNORECASE,
)
WHAT_IS = re.compile(r"^\W*(?:what|which|what'?s|whats|which'?s|cu[aá]l(?:es)?|qu[eé])\b", re.IGNORECASE)
# Asking what happens on not turning up: the cancellation policy's no-show charge.
NO_SHOW = re.compile(
    r"\b(?:qu[eé] pasa|qu[eé] ocurre|qu[eé] sucede|me cobran|se cobra)\s+si\s+no\s+(?:llego|llegamos|me presento|"
    r"nos presentamos|aparezco|aparecemos|vengo|venimos)\b|"
    r"\bwhat (?:happens|if|do you charge|will you charge)\s+(?:if\s+)?(?:i|we)\s+(?:don'?t|do not|can'?t|cannot|"
    r"fail to)\s+(?:show|turn|arrive|make it|come)|\bno[- ]show\b",
    re.IGNORECASE,
)
AVAILABILITY_ASKED = re.compile(r"\b(?:disponibilidad|disponibles?|availability|available|vacanc(?:y|ies))\b")
_PERSON_NOUNS = (
    r"persona|humano|alguien|agente|recepci[oó]n|recepcionista|gerente|encargad[oa]|person|human|someone|"
    r"agent|staff|reception|receptionist|manager|operator|operador|representative|emplead[oa]|employee|"
    r"customer care|customer service"
)
PERSON_WORDS = re.compile(rf"\b({_PERSON_NOUNS})\b", re.IGNORECASE)


async def route(ctx: Context) -> Reply:
    before = _booking_as_is(ctx)
    step, guest = ctx.state.pending, ctx.state.guest.model_copy()
    ctx.name_before = guest.first_name, guest.last_name
    reply = await _route(ctx)
    if before is not None and _said_in_vain(ctx, before, reply):
        # "no, perdona, …" read as nothing after the room was chosen: said so, never passed over
        return booking.correction_not_caught(ctx)
    if step is not None and ctx.state.pending == step and ctx.handoff_reason is None:
        # the same slot asked again: never the bare question twice, always what is still missing
        reply = booking.say_what_is_missing(ctx, guest, reply)
    if (
        before is not None
        and ctx.handoff_reason is None
        and _booking_as_is(ctx) == before
        and booking.asks_a_change(ctx)
    ):
        # "one change, the room with the jacuzzi instead?" answered but not applied: never booked on the next yes
        reply = booking.change_not_applied(ctx, reply)
    if ctx.intent in ("make_reservation", "check_availability") and ("?" in ctx.text or "¿" in ctx.text):
        # "the double June 3-6 for 2, is parking free? Carla Reyes, …": the booking goes on, the question answered
        # "2 nights from April 3, 2 adults. What's the cancellation policy?": the policy too
        asked = [*info.amenity_answers(ctx), *info.times_asked(ctx), *info.policy_asked(ctx)]
        unanswered = [line for line in asked if line not in reply.text]
        if unanswered:
            reply = Reply("\n".join([*unanswered, reply.text]), reply.buttons)
    if info.asks_taxes(ctx) and not ctx.answered_taxes and ctx.handoff_reason is None:
        # "how much is the suite per night? taxes included?": the price, and whether taxes are in it
        taxes = await info.taxes(ctx)
        return Reply(f"{reply.text}\n{taxes.text}", reply.buttons)
    return reply


def _read_stay(ctx: Context) -> tuple[date | None, date | None]:
    return availability.as_date(ctx.entities.get("check_in")), availability.as_date(
        ctx.entities.get("check_out")
    )


# Words that introduce oneself, read into a lower-case name before an email ("im dana kowalski", "soy ana lópez").
_SELF_INTRO = re.compile(r"^(?:i'?m|i am|soy|me llamo)\s+", re.IGNORECASE)


async def _route(ctx: Context) -> Reply:
    state = ctx.state
    declined, state.declined = state.declined, None  # lives for the message after the no only
    if booking.plain_yes_at_summary(ctx):
        # "sim! I mean yes 😂", "no, that's fine, confirm as it is": the yes, before any word of it is read as more
        return await booking.create(ctx)
    availability.note_feature_wanted(ctx)
    read_name = ctx.entities.get("name")
    if isinstance(read_name, str) and booking.holiday_read_as_name(read_name):
        # "hola, para Acción de Gracias, 2 adultos": the holiday, never the guest's name
        ctx.entities.pop("name")
        read_name = None
    if (
        isinstance(read_name, str)
        and len((own := _SELF_INTRO.sub("", read_name)).split()) >= 2
        and own != read_name
    ):
        # "im dana kowalski dana.k@…" typed in lower case: "Im" is "I'm" without its apostrophe, never the name
        ctx.entities["name"] = own
    if ctx.intent == "human_handoff" and PARTY_ONLY.match(ctx.folded_text):
        # "una persona", "one person", "1 persona": how many are staying, never a request for a person
        ctx.intent = "check_availability"
    if booking.name_with_calendar_words(ctx) is not None:
        # "Pilar Domingo", "Christmas Smith" while booking: a name typed as one, never new dates (a Sunday,
        # 24 December) the booking would silently take
        for key in booking.DATE_KEYS:
            ctx.entities.pop(key, None)
    if (
        state.pending == "choose_room"
        and state.offers
        and references.PLACE_ALONE.match(references.fold(ctx.text))
    ):
        # "2nd", "la 2da" where a room is asked: a place in the list, never the 2nd of the month
        for key in booking.DATE_KEYS:
            ctx.entities.pop(key, None)
    if state.offers and references.RULED_OUT.search(references.without_days(references.fold(ctx.text))):
        # "anything but the standard", "menos la estándar": the room named is the one NOT wanted
        ctx.room_kind = None
        ctx.entities.pop("room_type", None)
    if state.offers:
        priced_out, chosen = references.kind_chosen_over_priced_out(ctx.text, await ctx.rooms.all())
        if priced_out:
            # "the family room is too much, we'll take the double one": the room put aside by its price is no
            # choice; the one other room named is (none named, or several: the choice is asked)
            ctx.room_kind = chosen
            ctx.entities.pop("room_type", None)
            if chosen is not None:
                ctx.entities["room_type"] = chosen
    if ctx.entities.get("adults") == 1 and references.one_is_a_room(ctx.text):
        # "we'll take the double one", "the cheaper one": the room's "one", never a party of one
        ctx.entities.pop("adults")
    _carry_the_year(ctx)
    if _month_of_the_stay_again(ctx):
        ctx.entities.pop(
            "check_in"
        )  # "the August one, for the two of us" about August 7 to 10: the stay kept
    _remember_month(ctx)
    if _day_of_the_stay_asked_about(ctx):
        # "our flight is late on the 23rd, can we check out later?": the departure named, the stay unchanged
        for key in booking.DATE_KEYS:
            ctx.entities.pop(key, None)
    if (bare := availability.bare_range(ctx)) is not None and _read_stay(ctx) != bare:
        # "no wait, 13 to 15" about 12-14 April: the month of the stay talked about, never "didn't catch it";
        # "back on the 27th, so make it 22 to 27" read as arriving on the 27th: the range written is the stay
        ctx.entities["check_in"], ctx.entities["check_out"] = bare
        ctx.entities.pop("nights", None)
    # "me and my cat", "my sister is coming too", "los dos niños y yo, mi marido trabaja esa semana"
    party.put_right(ctx)
    if availability.children_in_a_remark(ctx):
        # "la de dos camas, así cada quien duerme con un niño": the party as it was
        ctx.entities.pop("children")
    if booking.same_stay_beside_a_question(ctx):
        # "we're 2 adults, can we bring the dog?" about a booking of 2 adults: the question answered, the
        # booking as it was (never re-quoted as a change, the question lost)
        for key in booking.STAY_KEYS:
            ctx.entities.pop(key, None)
    if (adults := availability.adults_corrected_later(ctx)) is not None:
        ctx.entities["adults"] = adults  # "for 2 adults … actually make it 3 adults": the count said last
    if (shifted := availability.party_shift(ctx)) is not None:
        ctx.entities.update(shifted)  # "one more adult": the party talked about, plus one (never "1 adult")
    if state.pending == "choose_room" and state.offers and "rooms" not in ctx.entities:
        # "dos ejecutivas" after the rooms were shown: that kind, that many rooms (the party as it was)
        counted = rooms_of_a_kind(ctx.folded_text, await ctx.rooms.all())
        if counted is not None and (ctx.room_kind is None or ctx.room_kind == counted[1]):
            ctx.entities["rooms"], ctx.room_kind = counted
    if state.pending not in manage.STEPS:
        booking.remember_guest_details(ctx)  # an email or name given early is kept for the booking
    if DEFERS.search(ctx.text):
        # the guest's own people, not the hotel's staff: no handoff, no booking, what was said is kept
        return _deferred(ctx)
    if REQUESTS_A_PERSON.search(ctx.text):
        # a plain request for a person wins over whatever slot is awaited (a room, a name, the yes)
        ctx.intent = "human_handoff"
        return await small_talk.human_handoff(ctx)
    if state.pending == "offer_team":
        state.pending = None
        if ctx.intent in ("affirm", "human_handoff"):
            # "yes", or "can I talk to a manager?", to passing the big group to the team
            ctx.intent = "human_handoff"
            return await small_talk.human_handoff(ctx)
        gives_stay = any(key in ctx.entities for key in availability.SEARCH_KEYS) or ctx.room_kind is not None
        if gives_stay or ctx.intent not in ASIDE_HANDLERS:
            booking.keep_early_details(ctx)  # "Paul Mercer" typed next: kept, never asked for again
            # "no thanks", "3 family rooms then", "we'll be 8", a name: the guest goes on booking here, quoted in
            # the rooms the group needs (never asked for the party again and again)
            return await availability.handle(ctx)
    if info.asks_capacity(ctx) and info.party_counted_whole(ctx):
        # "does the double fit 4 of us?" about 2 adults and 2 children: the party as it is, never 4 adults
        for key in ("adults", "children"):
            ctx.entities.pop(key, None)
    if info.asks_capacity(ctx) or await info.asks_room_for_party(ctx):
        # "somos 6, ¿cabemos?": how many each room takes, and how many rooms for the party
        return await _capacity(ctx)
    if info.asks_taxes(ctx) and info.only_taxes(ctx) and not booking.gives_details(ctx):
        ctx.answered_taxes = True
        return _with_pending_question(ctx, await info.taxes(ctx))
    if not any(key in ctx.entities for key in availability.SEARCH_KEYS) and (
        follow_up := info.follow_up_answers(ctx)
    ):
        # "¿y a qué hora lo servís?" just after breakfast was answered: breakfast again
        return _with_pending_question(ctx, Reply("\n".join(follow_up)))
    stay_given = any(key in ctx.entities for key in availability.SEARCH_KEYS) or ctx.room_kind is not None
    if info.asks_reply_times(ctx) and not stay_given and not booking.gives_details(ctx):
        # "how fast do you reply?", "¿a qué hora abre la recepción?": answered, the booking question again
        return _with_pending_question(ctx, await info.reply_times(ctx))
    if await _room_described(ctx):
        # "and what does the Executive room have?", "¿y la de lujo?" after a room was described: that room
        ctx.intent = "room_options"
        if state.pending is None:
            return await info.room_options(ctx)
        return _with_pending_question(ctx, await info.room_description(ctx))
    info.remember_topics(ctx)
    if declined is not None and state.pending is None and booking.corrects_the_declined(ctx):
        # "no" to the summary, then "the dates are wrong, May 26 to 29": that booking put right, the summary
        # again (never the rooms listed and asked for afresh)
        state.draft, state.pending = declined, "confirm_booking"
    if state.pending is not None:
        reply = await _continue_pending(ctx)
        if reply is not None:
            return reply

    intent = ctx.intent
    if _complains_elsewhere(ctx):
        # "the place we had booked is a disaster": sorry to hear it, and a room here offered; never a handoff
        ctx.analysis = dataclasses.replace(ctx.analysis, alternatives=())
        if not any(key in ctx.entities for key in STAY_KEYS):
            ctx.intent = "check_availability"
            return Reply(f"{r.say('complaint_elsewhere', ctx.language)} {r.say('ask_dates', ctx.language)}")
        intent = ctx.intent = "check_availability"
    if _complains_unanswered(ctx):
        # "llevo rato llamando y nadie contesta, qué mal servicio": sorry, and answered here; no person asked
        # for and no stay to put right, so no handoff
        ctx.analysis = dataclasses.replace(ctx.analysis, alternatives=())
        if not any(key in ctx.entities for key in STAY_KEYS):
            ctx.intent = "unknown"
            return Reply(r.say("complaint_unanswered", ctx.language))
        intent = ctx.intent = "check_availability"
    if _new_booking_asked(ctx):
        # "necesito reservar una habitación para un ejecutivo de nuestra empresa", "hi need a room": with no
        # booking here and no word of one made before, a new booking (whoever it is for), never a change
        intent = ctx.intent = "make_reservation"
        ctx.analysis = dataclasses.replace(ctx.analysis, intent=intent, alternatives=())
    elif intent == "unknown" and state.pending is None and any(key in ctx.entities for key in STAY_KEYS):
        intent = "check_availability"  # "el 18 de mayo" alone after "reserva": the stay wanted
    elif intent == "unknown" and state.pending is None and _asks_which_by_price(ctx):
        intent = ctx.intent = "room_options"  # "what's the most expensive one?": that room, described
    asks_contact = CONTACT_WORDS.search(ctx.text) and not PERSON_WORDS.search(ctx.text)
    plainly = asks_contact or ASKS_FOR_A_PERSON.search(ctx.text)  # no reading to ask about
    price_asked = availability.PRICE_QUESTION.search(ctx.text) is not None
    readings = {intent, *ctx.analysis.alternatives}
    compared = "room_options" in readings and not (readings & ACTIONS) and COMPARES_ROOMS.search(ctx.text)
    extra = info.extra_asked(ctx) if price_asked and not stay_given else None
    leaving_late = info.leaves_late(ctx) and not stay_given and not (readings & ACTIONS)
    # "¿cuándo nos entregan el cuarto?": the room handed over on arrival, never the check-out
    handed_over = info.room_handed_over(ctx) and not stay_given and not (readings & ACTIONS)
    # "¿el agua de la alberca está caliente?", "¿la alberca está climatizada?" before any booking here: a question
    # about the pool (read as a complaint, or left unsure between the two), never a handoff
    # "we land at 5pm, can you send a driver?" left unsure between check-in and the amenities, or unread: the shuttle
    amenity_asked = (
        not stay_given
        and state.last_booking_id is None
        and not (readings & (BOOKING_ACTIONS | {"human_handoff"}))
        and (
            (info.amenity_state_asked(ctx) and "report_issue" in readings)
            or (
                ((bool(ctx.analysis.alternatives) and "amenities" in readings) or intent == "unknown")
                and "report_issue" not in readings
                and ("?" in ctx.text or "¿" in ctx.text)
                and bool(ctx.profile.amenities_in_text(ctx.text))
            )
        )
    )
    located = (
        info.asks_location(ctx)
        and not stay_given
        and intent in LOCATION_READINGS
        and not (readings & ACTIONS)
    )
    if located:
        # "hello, where exactly is the hotel?", "how far is the airport and do you have a shuttle?": the address
        # (the other questions answered beside it), never the greeting or one half
        intent = "location"
    elif leaving_late:
        # "what if we leave at 2?", "can we leave at 2pm?": the late check-out, whatever else it may read as
        intent = "late_checkout"
    elif handed_over:
        intent = "check_in_info"
    elif amenity_asked:
        intent = "amenities"
    elif (
        extra is not None
        and not (readings & ACTIONS)
        and (ctx.analysis.alternatives or intent in PRICE_READINGS)
    ):
        # "¿se puede hacer salida tarde? ¿cuánto cuesta?": what the extra costs, never the rooms' prices
        intent = extra
    elif price_asked and ctx.analysis.alternatives and not (readings & ACTIONS):
        # "¿cuánto vale la noche en la ejecutiva?": every reading is a question; the prices answer it
        intent = "check_availability"
    elif compared:
        # "¿qué diferencia hay entre la deluxe y la ejecutiva?": what the rooms are like answers it
        intent = "room_options"
    elif (
        ctx.analysis.alternatives and not _stay_decides(ctx) and not plainly
    ):  # unsure between readings: ask, never guess
        if _correction_unread(ctx, readings):
            return booking.correction_not_caught(ctx)  # "ah, espera, al final lo cambiamos": what to change
        if availability.answers_step(ctx) and state.managed is None:
            availability.merge_search(ctx)  # the dates and guests given are kept for what comes next
        return clarify.ask(ctx)
    if (
        ctx.analysis.alternatives
        and not plainly
        and not compared
        and intent not in (extra, "late_checkout", "location")
        and not handed_over
        and not amenity_asked
    ):
        intent = "check_availability"  # "arriving May 20": dates asked about; quoting them acts on nothing
    if intent == "location" and info.other_address(ctx):
        intent = "contact"  # "¿a qué dirección de correo les escribo?": the hotel's email, not its street
    if asks_contact and (intent in ("unknown", "human_handoff") or intent in ASIDE_HANDLERS):
        intent = "contact"  # "Hello, what's your phone number?"
    if NO_SHOW.search(ctx.text) and intent not in ("human_handoff", "cancel_reservation"):
        intent = "cancellation_policy"  # "¿qué pasa si no llego?": what a no-show costs is the policy
    if intent != "human_handoff" and ASKS_FOR_A_PERSON.search(ctx.text):
        intent = "human_handoff"  # "could I speak with someone from your team about a group rate?"
    if intent in ("modify_reservation", "cancel_reservation", "reservation_status") and _new_stay(ctx):
        intent = "check_availability"  # "queremos pasar la Semana Santa, 2 adultos": no booking to change
    stay_named = "check_in" in ctx.entities
    asks_price = _asks_price(ctx)
    if intent in ("room_options", "check_availability") and stay_named and names_a_price(ctx.text):
        # "del 14 al 16 de junio para 2, la más barata": that one; "how much is your cheapest room this
        # weekend?" is a question: the offers, with their prices
        intent = "check_availability" if asks_price else "make_reservation"
    priced_question = intent == "check_availability" and stay_named and asks_price and names_a_price(ctx.text)
    if intent == "human_handoff" and ctx.room_kind is not None and not PERSON_WORDS.search(ctx.text):
        intent = "make_reservation"  # "Delux please": a room named is never a request for a person
    asks_availability = AVAILABILITY_ASKED.search(ctx.folded_text) is not None
    if intent == "human_handoff" and asks_availability and not PERSON_WORDS.search(ctx.text):
        intent = "check_availability"  # "Buenos días, señorita. Quisiera consultar disponibilidad": no person
    if state.draft is not None and state.pending in booking.AFTER_CHOICE and intent == "check_availability":
        # "¿y con desayuno?" while the guest's details are asked: an aside, the booking goes on
        has_amenity = ctx.entities.get("amenity") or ctx.entities.get("amenities")
        intent = "amenities" if has_amenity else "room_options"
    if intent == "modify_reservation" and _correction_unread(ctx, {intent}):
        # "actually let's change it" while this booking is put together: this booking, not one made before
        return booking.correction_not_caught(ctx)
    if intent == "modify_reservation" and (new_name := _name_for_this_booking(ctx)) is not None:
        # "please put the booking in his name, Henry Walsh" while this booking is put together: its name
        if (
            state.draft is not None
            and state.pending in booking.AFTER_CHOICE
            and state.pending != "confirm_booking"
        ):
            return booking.advance(ctx, new_name)
        before = state.guest.model_copy()
        state.guest.first_name, state.guest.last_name = new_name
        return booking.say_what_is_missing(ctx, before, _pending_prompt(ctx))
    if (
        intent == "modify_reservation"
        and "booking_reference" not in ctx.entities
        and (unread := booking.change_of_this_booking_unread(ctx)) is not None
    ):
        # "we need to come one day earlier", "pásalo a mayo" unread while this booking is put together: a change
        # of this booking, asked about; never the look-up of one made before
        return unread
    ctx.intent = intent
    if intent in FLOW_HANDLERS:
        reply = await FLOW_HANDLERS[intent](ctx)
        if priced_question and ctx.room_kind is None:
            # the room the price question was about: "ok, book that one" next means it
            named = offer_by_price(ctx.text, state.offers)
            if named is not None and (room := await ctx.rooms.get(named.room_type_id)) is not None:
                ctx.room_kind = room.kind
        return reply
    if intent in ASIDE_HANDLERS:
        answer = await ASIDE_HANDLERS[intent](ctx)
        if intent != "room_options" and (prices := await _room_prices_asked(ctx)):
            # "¿cuánto cuesta la noche en la suite? ¿y el traslado?": the room's price too, asked first
            answer = Reply("\n".join([*prices, answer.text]), answer.buttons)
        if intent != "amenities" and (more := info.amenity_answers(ctx)):
            # "what's the cancellation policy? and is breakfast extra?": both answered
            answer = Reply("\n".join([answer.text, *more]), answer.buttons)
        if intent != "location" and info.asks_location(ctx):
            # "what time is check-in and what's your address?": the address too
            answer = Reply(f"{answer.text}\n{info.location_text(ctx)}", answer.buttons)
        if intent not in info.TIMES_READINGS and (times := info.times_asked(ctx)):
            # "when is check-out, and what area are you in?": the hour too
            answer = Reply("\n".join([answer.text, *times]), answer.buttons)
        if _stay_beside_the_question(ctx):
            # "we land on March 12 late, staying till the 15th, 2 adults. Is that ok for check-in?": the question
            # answered and the stay searched, never dropped (it was asked for again, turn after turn)
            ctx.intent, state.pending, state.managed = "check_availability", None, None
            search = await availability.handle(ctx)
            return Reply(f"{answer.text}\n\n{search.text}", search.buttons)
        if (
            intent == "location"
            and state.pending is None
            and ROOM_WORD.search(ctx.folded_text)
            and (question := availability.missing_or_invalid(ctx)) is not None
        ):
            # "is there a room near the beach?": the hotel is on the beach, and the stay is asked for next
            return Reply(f"{answer.text}\n\n{question.text}", question.buttons or answer.buttons)
        return _with_pending_question(ctx, answer)
    if intent in ("affirm", "deny"):
        if state.pending is not None:
            return _pending_prompt(ctx)
        return await small_talk.anything_else(ctx)
    # unknown (or below the confidence threshold)
    ctx.understood = False
    if state.pending == "choose_room" and state.offers:
        # "la dobel" not read: the options again, never a bare question the guest cannot answer better
        offers = "\n".join(availability.offer_line(o, ctx.language) for o in state.offers)
        question = booking.prompt(ctx)
        return Reply(r.say("which_room_again", ctx.language, offers=offers), question.buttons)
    if state.pending in booking.AFTER_CHOICE and state.draft is not None and len(ctx.text.split()) > 2:
        # a sentence during a booking that was neither applied nor an answer: said so, never passed over
        # as if the booking were what the guest asked for
        question = _pending_prompt(ctx)
        return Reply(f"{r.say('not_caught', ctx.language)}\n{question.text}", question.buttons)
    if state.pending is not None:
        return _pending_prompt(ctx)
    return await small_talk.fallback(ctx)


async def _room_prices_asked(ctx: Context) -> list[str]:
    """The lines of the rooms a message names and asks the price of, beside another question."""
    # "a night" is the price's basis, never a stay; dates given are the offers' to price
    if not info.ROOM_PRICE_ASKED.search(ctx.text) or any(
        key in ctx.entities for key in ("check_in", "check_out")
    ):
        return []
    try:
        if not kinds_in_text(ctx.text, await ctx.rooms.all()):
            return []
        return await info.room_lines(ctx)
    except (PMSRejected, PMSUnavailable):
        return []  # the rooms cannot be priced while the PMS is down: the other answer still goes


async def _room_described(ctx: Context) -> bool:
    """What a named room is like asked, with no stay given and no booking or offers under way."""
    state = ctx.state
    if state.draft is not None or state.offers or state.managed is not None:
        return False
    if any(key in ctx.entities for key in availability.STAY_CHANGE_KEYS):
        return False
    if ctx.intent in BOOKING_ACTIONS:
        return False
    if info.next_room_by_price_asked(ctx):
        return True  # "and the most expensive one?" after the cheapest was answered: that room, priced
    if not info.DESCRIBE_ROOM.search(ctx.text) and info.ROOMS_TOPIC not in state.last_topics:
        return False  # nothing to read the room kinds for (the PMS is not asked)
    try:
        named = kinds_in_text(ctx.text, await ctx.rooms.all())
    except (PMSRejected, PMSUnavailable):
        return False  # the rooms cannot be described while the PMS is down: the turn goes on without it
    if info.describes_room(ctx, named):
        return True  # a cue of its own ("háblame de la ejecutiva"), however unsure the model's other readings
    return not ({ctx.intent, *ctx.analysis.alternatives} & ACTIONS) and info.next_room_asked(ctx, named)


def _booking_as_is(ctx: Context) -> tuple[object, ...] | None:
    """What the booking being put together is (after the room is chosen), to tell whether a message changed it."""
    state = ctx.state
    draft = state.draft
    if draft is None or state.pending not in booking.AFTER_CHOICE:
        return None
    guest = state.guest
    return (
        state.pending,
        booking.quote(draft),
        guest.first_name,
        guest.last_name,
        guest.email,
        state.last_booking_id,
    )


def _correction_unread(ctx: Context, readings: set[str]) -> bool:
    """A correction cue while this booking is put together (none made before, none named), and no question
    among the readings: a change of this booking that was not read."""
    state = ctx.state
    if (
        state.draft is None
        or state.pending not in booking.AFTER_CHOICE
        or not booking.has_correction_cue(ctx)
    ):
        return False
    if state.last_booking_id is not None or "booking_reference" in ctx.entities:
        return False
    return not readings & set(ASIDE_HANDLERS)


def _said_in_vain(ctx: Context, before: tuple[object, ...], reply: Reply) -> bool:
    """A message with a correction cue after which the booking is as it was and the reply is only the question
    pending again: the change was not read."""
    if ctx.handoff_reason is not None or not booking.has_correction_cue(ctx):
        return False
    if _booking_as_is(ctx) != before:
        return False
    summary_turn = ctx.state.summary_turn
    plain = booking.prompt(ctx).text
    ctx.state.summary_turn = summary_turn  # the question is only compared, not asked
    again = r.say("summary_yes_with_more", ctx.language)
    return reply.text in (plain, f"{again}\n{plain}") or reply.text.startswith(
        r.say("not_caught", ctx.language)
    )


# A room asked for in a question about the place ("any rooms near the beach?"): the stay is asked next.
ROOM_WORD = re.compile(r"\b(?:rooms?|habitacion(?:es)?|cuartos?|suites?)\b")
# A month named alone; "May" only as "in May" ("may I…" names no month).
MONTH_ALONE = re.compile(
    r"\b(" + "|".join("in may" if w == "may" else w for w in availability.MONTH_WORDS) + r")\b", re.IGNORECASE
)


# Questions about the hotel's hours and extras that name a day of the stay only to say when.
DAY_NAMING_TOPICS = frozenset({"late_checkout", "check_out_info", "check_in_info", "amenities"})


def _day_of_the_stay_asked_about(ctx: Context) -> bool:
    """A question about the hotel's hours or extras whose only dates are the arrival or departure already
    quoted: those days say when, they change nothing (read as a new arrival they would move the stay)."""
    if ctx.intent not in DAY_NAMING_TOPICS or ("?" not in ctx.text and "¿" not in ctx.text):
        return False
    state = ctx.state
    stay = (
        (state.draft.check_in, state.draft.check_out)
        if state.draft
        else (state.search.check_in, state.search.check_out)
    )
    if None in stay or "nights" in ctx.entities or booking.has_correction_cue(ctx):
        return False  # "can we arrive on the 17th instead?": a change of the stay
    named = [ctx.entities.get(key) for key in ("check_in", "check_out") if key in ctx.entities]
    days = {str(day) for day in stay}
    # "¿podemos dejar la habitación más tarde el domingo?" about a stay ending on a Sunday: that Sunday, whichever
    # Sunday from today the weekday was read as
    weekdays = {day.weekday() for day in stay if day is not None}
    return bool(named) and all(
        str(day) in days
        or (
            (read := availability.as_date(day)) is not None
            and read.weekday() in weekdays
            and availability.weekday_named(ctx.text, read)
        )
        for day in named
    )


# A year said (folded): "next year", "el año que viene", "del próximo año", "this year"; "in 2027", "o sea 2027"
# (never digits of an email, a phone or a booking number).
NEXT_YEAR = re.compile(
    r"\b(?:next year|(?:el |del )?ano (?:que viene|proximo|entrante|siguiente)|(?:el |del )?(?:proximo|siguiente) ano)\b"
)
THIS_YEAR = re.compile(r"\b(?:this year|este ano)\b")
YEAR_NUMBER = re.compile(r"(?<![\w@./:+-])(20\d\d)(?![\w@./:-]|\s*\d)")
_MONTH_NAMES = "|".join(availability.MONTH_WORDS)
# "next March", "el próximo marzo", "marzo que viene", "marzo del año que viene": the coming one after this month.
NEXT_MONTH = re.compile(
    rf"\bnext (?P<a>{_MONTH_NAMES})\b|\b(?:el )?proximo (?P<b>{_MONTH_NAMES})\b|\b(?P<c>{_MONTH_NAMES}) (?:que viene|proximo)\b"
)


def _year_said(ctx: Context) -> int | None:
    """The year this message names for the stay, if any."""
    folded, today = ctx.folded_text, ctx.today
    if NEXT_YEAR.search(folded):
        return today.year + 1
    if THIS_YEAR.search(folded):
        return today.year
    years = {int(y) for y in YEAR_NUMBER.findall(folded) if today.year <= int(y) <= today.year + 2}
    if len(years) == 1:
        return years.pop()
    if (match := NEXT_MONTH.search(folded)) is not None:
        month = availability.MONTH_WORDS[match["a"] or match["b"] or match["c"]]
        return today.year + (1 if month <= today.month else 0)
    return None


def _in_year(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year without one
        return None


def _carry_the_year(ctx: Context) -> None:
    """'marzo del año que viene, o sea 2027', then 'del 10 al 14': the year said earlier (or in this message, if
    the dates were read without it) is the stay's year, as the month said earlier is its month."""
    search = ctx.state.search
    said = _year_said(ctx)
    if said is not None:
        search.year = said
    year = said or search.year
    if year is None:
        return
    read = [availability.as_date(ctx.entities.get(key)) for key in ("check_in", "check_out")]
    if read[0] is None and read[1] is None:
        stay = (search.check_in, search.check_out)
        if said is None or stay[0] is None or stay[1] is None or stay[0].year >= said:
            return
        read = list(stay)  # "perdón, es para el año que viene" about dates in this year: the stay moved
    first = read[0] or read[1]
    if first is None or first.year >= year:
        return
    moved = [None if day is None else _in_year(day, day.year + year - first.year) for day in read]
    if any(m is None and d is not None for m, d in zip(moved, read, strict=True)):
        return
    for key, day in zip(("check_in", "check_out"), moved, strict=True):
        if day is not None:
            ctx.entities[key] = day.isoformat()


def _month_of_the_stay_again(ctx: Context) -> bool:
    """The stay's own month named again, no day with it: read as its 1st, it would move the arrival there."""
    arrival = availability.as_date(ctx.entities.get("check_in"))
    if arrival is None or arrival.day != 1 or "check_out" in ctx.entities or "nights" in ctx.entities:
        return False
    folded = references.fold(ctx.text)
    if MONTH_ALONE.search(ctx.text) is None or re.search(r"\b(?:0?1|1st|first|primero|uno)\b", folded):
        return False
    state = ctx.state
    stay = state.draft.check_in if state.draft is not None else state.search.check_in
    return stay is not None and stay.day != 1 and (stay.year, stay.month) == (arrival.year, arrival.month)


def _remember_month(ctx: Context) -> None:
    """'busco algo en abril': a month named without a day is the month later bare days belong to."""
    if "check_in" in ctx.entities or "check_out" in ctx.entities:
        return
    match = MONTH_ALONE.search(ctx.text)
    if match is None:
        return
    month = availability.MONTH_WORDS[match.group(1).lower().removeprefix("in ")]
    year = ctx.today.year + (1 if month < ctx.today.month else 0)
    if ctx.state.search.year is not None and ctx.state.search.year > year:
        year = ctx.state.search.year  # "marzo del año que viene", "next March", "in 2027"
    ctx.state.search.month = date(year, month, 1)


def _stay_decides(ctx: Context) -> bool:
    """Dates or guests given, and availability among the readings: the stay is what the guest means."""
    readings = {ctx.analysis.intent, *ctx.analysis.alternatives}
    stay = any(key in ctx.entities for key in ("check_in", "check_out", "nights"))
    # a reading that would act on a booking or call a person is always asked about, unless there is no
    # booking to act on and no word of changing one ("llegaríamos el 12 de junio")
    acting = readings & ACTIONS
    if acting <= BOOKING_ACTIONS and _no_booking_meant(ctx):
        acting = set()
    return stay and bool(readings & {"check_availability", "make_reservation"}) and not acting


# Readings a price question about an extra may get from the model (the rooms' prices, the rooms, a greeting
# around it, nothing): the extra's answer beats each.
PRICE_READINGS = frozenset({"check_availability", "room_options", "unknown", "greeting", "thanks"})
# Readings a question about where the hotel is often gets (a greeting, an amenity named beside it): the address.
LOCATION_READINGS = frozenset(
    {
        "unknown",
        "greeting",
        "thanks",
        "amenities",
        "room_options",
        "contact",
        "check_availability",
        "location",
    }
)
ACTIONS = frozenset(
    {"modify_reservation", "cancel_reservation", "reservation_status", "human_handoff", "report_issue"}
)
BOOKING_ACTIONS = frozenset({"modify_reservation", "cancel_reservation", "reservation_status"})


# Words that say an existing booking is meant: without them (and with no booking here), dates are a new stay.
CHANGE_WORDS = re.compile(
    r"\b(?:cambi\w*|modific\w*|mov\w*|pas\w+ la reserva|change\w*|modif\w*|move\w*|reschedul\w*|shift\w*|"
    r"cancel\w*|anul\w*|my (?:booking|reservation)|mi reserva|la reserva|the booking|our (?:booking|reservation)|"
    r"nuestra reserva|status|estado)\b",
    re.IGNORECASE,
)


# A count of people and nothing else ("una persona", "one person", "solo 1 persona por favor") (folded, numbers as
# digits): the party, whatever reading "persona" gives it.
PARTY_ONLY = re.compile(
    r"^\W*(?:(?:somos|seremos|sera|es|va a ser|seria|it'?s|it will be|it'?ll be|we are|we'?re|for|para|just|only|"
    r"solo|solamente|nomas|sera solo|seria solo)\s+)*(?:\d{1,2}|a single|una sola)\s+"
    r"(?:personas?|persons?|people|adult[oa]s?|adults?|guests?|huespedes?|pax)"
    r"(?:\s+(?:sola|solamente|only|nomas|nada mas|please|por favor|porfa|pls|gracias|thanks|thank you))*\W*$"
)
# Asking for a booking to be made: a verb of booking or needing a room, or the word alone ("reserva", "a booking").
NEW_BOOKING = re.compile(
    r"\b(?:reservar\w*|reservame|reservenme|hacer (?:una |la )?reserva\w*|(?:necesit|quier|quisier|busc|ocup)\w* "
    r"(?:reservar |hacer )?(?:una |un )?(?:habitacion|cuarto|reserva)|(?:una|un) (?:habitacion|cuarto) (?:para|a nombre)|"
    r"book|to reserve|make (?:a |the )?(?:booking|reservation)|new (?:booking|reservation)|"
    r"(?:need|want|looking for|like|get) (?:a |an |one |to book (?:a |an )?)?(?:room|rooms|accommodation)|"
    r"(?:a|one) room (?:for|under)|(?:a |an |new |una |nueva )?(?:booking|reservation|reserva(?:cion)?) (?:for|para|a nombre))\b|"
    r"^\W*(?:(?:hola|hi|hello|buenas)\W+)?(?:una |a |new )?(?:reserva(?:cion)?|booking|reservation)\W*$"
)
# Who a room is for: "for my manager", "for our sales agent", "para el gerente", "para una persona de mi equipo".
FOR_WHOM = re.compile(
    r"\b(?:for|para)\s+(?:my|our|a|an|the|his|her|mi|nuestr[oa]|un|una|el|la|su)\s+(?:[\w-]+\s+){0,2}?"
    rf"(?:{_PERSON_NOUNS})\b",
    re.IGNORECASE,
)
# Words of a booking that exists already: never taken as a new one.
BOOKED_BEFORE = re.compile(
    r"\b(?:booked|reserved|reserve|reservamos|reservaron|reservo|ya|already|hice|hicimos|made (?:a|the|my|our)|"
    r"(?:tengo|tenemos|have|had) (?:una|a) (?:reserva|booking|reservation)|confirmation|confirmacion|"
    r"localizador|booking number|reference|referencia|existing|existente|the reservation|confirmed|confirmad[oa]|"
    r"went through|go through|gone through|check on)\b"
)


def _new_booking_asked(ctx: Context) -> bool:
    """A booking asked for that the model read as a change or a look-up of one: no booking here or named, no
    word of changing one or of one made before, and only booking readings."""
    readings = {ctx.intent, *ctx.analysis.alternatives}
    if "human_handoff" in readings:
        # "I need to book a room for my manager", "para el gerente": the person is who the room is for
        if PERSON_WORDS.search(FOR_WHOM.sub(" ", ctx.text)) or ASKS_FOR_A_PERSON.search(ctx.text):
            return False
        readings = (readings - {"human_handoff"}) | {"modify_reservation"}
    if not readings & BOOKING_ACTIONS or "report_issue" in readings:
        return False
    state, folded = ctx.state, ctx.folded_text
    if "booking_reference" in ctx.entities or state.last_booking_id is not None or state.managed is not None:
        return False
    if CHANGE_WORDS.search(ctx.text) or BOOKED_BEFORE.search(folded):
        return False
    return NEW_BOOKING.search(folded) is not None


# A complaint about another place ("the place we had booked", "el otro hotel", "donde nos quedamos", "our
# airbnb") (folded text): not a complaint to this hotel, so no handoff; a room here may be what helps.
ELSEWHERE = re.compile(
    r"\b(?:(?:the|that) (?:place|hotel|apartment|flat|hostel|rental|accommodation|airbnb) (?:we|i) (?:had |have )?"
    r"(?:booked|reserved|rented|stayed|were staying|are staying|am staying)|"
    r"(?:the|our|my) (?:previous|other|last|old|first) (?:hotel|place|apartment|flat|hostel|accommodation)|"
    r"(?:our|my|the) (?:airbnb|air bnb|vrbo|rental|holiday rental)|"
    r"(?:el|la|mi|nuestro|nuestra) (?:otr[oa]|anterior) (?:hotel|sitio|lugar|alojamiento|hostal|apartamento|"
    r"departamento|casa)|(?:el|la) (?:hotel|sitio|lugar|alojamiento|hostal|apartamento|departamento) anterior|"
    r"(?:el|la) (?:hotel|sitio|lugar|alojamiento|hostal|apartamento|departamento|casa) (?:que|donde) "
    r"(?:reservamos|reserve|teniamos|tenia|habiamos reservado|alquilamos|nos quedamos|nos quedabamos|estamos)|"
    r"donde (?:nos|me) (?:quedamos|quedo|quedabamos|hospedamos|hospedo|alojamos|estamos quedando)|"
    r"(?:nuestro|mi|el) (?:airbnb|air bnb|alquiler|apartamento alquilado|departamento alquilado))\b"
)
# Words that put the complaint here after all: "your staff", "this hotel", "aquí", a booking number here.
THIS_HOTEL = re.compile(
    r"\b(?:here|your (?:hotel|staff|reception|room|team)|this hotel|aqui|aca|este hotel|su hotel|vuestr\w*|"
    r"ustedes|booking number|reservation number|localizador|numero de reserva)\b"
)


def _complains_elsewhere(ctx: Context) -> bool:
    """A complaint read as one to this hotel that is about another place, and asks for no person."""
    if ctx.intent not in ("report_issue", "human_handoff"):
        return False
    folded = ctx.folded_text
    if ASKS_FOR_A_PERSON.search(ctx.text) or REQUESTS_A_PERSON.search(ctx.text):
        return False
    return ELSEWHERE.search(folded) is not None and THIS_HOTEL.search(folded) is None


# Calls, emails or messages to the hotel left unanswered (folded text): "nadie contesta el teléfono", "no one
# picks up", "I've emailed twice and no reply".
UNANSWERED = re.compile(
    r"\b(?:nadie (?:me )?(?:contesta|responde|atiende|coge|agarra|levanta)|no (?:me )?(?:contestan|responden|atienden|"
    r"cogen|levantan)|sin respuesta|(?:nobody|no one|noone|no-one) (?:ever )?(?:answers|answered|picks up|picked up|"
    r"replies|replied|responds|responded)|(?:never|don'?t|didn'?t|doesn'?t|do not|did not|does not) "
    r"(?:answer|pick up|reply|respond)|no (?:answer|reply|response))\b"
)
# Words of a stay or a booking to put right ("my room", "mi reserva", "no hay agua caliente"): staff needed.
STAY_PROBLEM = re.compile(
    r"\b(?:habitacion|cuarto|room|reserva|reservacion|booking|reservation|estancia|stay|staying|llave|key|agua|"
    r"water|ducha|shower|bano|bathroom|wifi|ruido|noise|aire|cama|bed|cobr\w*|charged?|factura|bill|"
    r"localizador|reembolso|refund|hospedad\w*|alojad\w*)\b"
)


def _complains_unanswered(ctx: Context) -> bool:
    """A complaint that calls or messages to the hotel go unanswered, with no stay to put right and no person
    asked for: acknowledged and answered here (the chat is where it can be helped)."""
    if ctx.intent not in ("report_issue", "human_handoff"):
        return False
    if ASKS_FOR_A_PERSON.search(ctx.text) or REQUESTS_A_PERSON.search(ctx.text):
        return False
    folded = ctx.folded_text
    return UNANSWERED.search(folded) is not None and STAY_PROBLEM.search(folded) is None


STAY_KEYS = ("check_in", "check_out", "nights")
# A booking the guest already holds ("we have a booking from April 17 to 20"): its dates are no new stay. Narrower
# than BOOKED_BEFORE, whose "booked" alone would take "my husband booked our flights" for a booking here.
_BOOKING_HELD = re.compile(
    r"\b(?:(?:our|my|the) (?:booking|reservation)|(?:we|i) (?:have|booked|made) (?:a |the )?(?:booking|reservation)|"
    r"(?:nuestra|mi|la) reserva(?:cion)?|(?:tenemos|tengo|hicimos|hice) (?:una |la )?reserva(?:cion)?|ya reservamos|"
    r"already booked|reservamos)\b"
)


def _stay_beside_the_question(ctx: Context) -> bool:
    """A whole new stay (an arrival, and a departure or nights) given in a message read as a question about the hotel,
    with no booking under way: the stay is wanted too."""
    state, entities = ctx.state, ctx.entities
    # a booking number asked for a change the guest never named ("queremos darnos un capricho" read as one)
    asked_in_vain = state.pending == "ask_reference" and not BOOKED_BEFORE.search(ctx.folded_text)
    if state.draft is not None or (
        not asked_in_vain and (state.pending is not None or state.managed is not None)
    ):
        return False
    if ctx.intent in ("greeting", "thanks", "room_options") or "check_in" not in entities:
        return False
    if "check_out" not in entities and "nights" not in entities:
        return False
    return _BOOKING_HELD.search(ctx.folded_text) is None


def _no_booking_meant(ctx: Context) -> bool:
    """Dates, no booking here or named, and no word of changing one: "llegamos el 20 de mayo"."""
    entities, state = ctx.entities, ctx.state
    if "booking_reference" in entities or state.last_booking_id is not None or state.managed is not None:
        return False
    # "I need accommodation for 3 nights": a length of stay alone is a new stay too
    dated = "check_in" in entities or "check_out" in entities or "nights" in entities
    return dated and not CHANGE_WORDS.search(ctx.text)


# A wish to come, stay or celebrate (folded): "queremos celebrar su cumpleaños", "we'd like to spend our anniversary".
WISH_TO_STAY = re.compile(
    r"\b(?:queremos|quisieramos|queriamos|quiero|quisiera|queria|nos gustaria|me gustaria|pensamos|planeamos|"
    r"we want to|we wanna|we'?d like to|we would like to|i want to|i'?d like to|we'?re planning to|"
    r"we are planning to|we'?re hoping to|we hope to)\s+(?:[\w']+\s+){0,2}?(?:celebrar|festejar|pasar|"
    r"disfrutar|quedarnos|hospedarnos|alojarnos|venir|celebrate|spend|stay|come|enjoy)\b"
)


def _new_stay(ctx: Context) -> bool:
    """Dates (and guests), or a wish to stay, and no booking of the guest's to apply them to."""
    entities = ctx.entities
    if "booking_reference" in entities or ctx.state.last_booking_id is not None:
        return False
    if _no_booking_meant(ctx):
        return True  # "llegamos el 20 de mayo": the stay they want, nothing to change
    if (
        ctx.state.managed is None
        and WISH_TO_STAY.search(ctx.folded_text)
        and not CHANGE_WORDS.search(ctx.text)
        and not BOOKED_BEFORE.search(ctx.folded_text)
    ):
        return True  # "queremos celebrar su cumpleaños en la playa": a stay wished for, no booking named
    return "check_in" in entities and (
        "adults" in entities or "nights" in entities or "check_out" in entities
    )


async def _continue_pending(ctx: Context) -> Reply | None:
    step = ctx.state.pending
    if step in availability.STEPS:
        if availability.answers_step(ctx):
            if availability.merge_search(ctx):
                # "4 adults in total" asked after the rooms were shown: those were priced for the party as it was
                ctx.state.offers = []
            # "ok, then the cheapest one from the 9th to the 12th for 2": the dates asked for, and that room taken
            chosen = names_a_price(ctx.text) and not _asks_price(ctx)
            booked = ctx.state.flow == "booking" or chosen
            return await (booking.handle(ctx) if booked else availability.search(ctx))
        if ctx.intent == "affirm":  # "yes" to "shall we try other dates?"
            return availability.prompt(ctx)
        if booking.keep_early_details(ctx):
            # "Gabriela Ortiz", an email, while the stay is asked for: kept for the booking, the question again
            return availability.prompt(ctx)
        return None
    if step in booking.STEPS:
        return await booking.continue_step(ctx)
    if step in manage.STEPS:
        return await manage.continue_step(ctx)
    return None


def _asks_which_by_price(ctx: Context) -> bool:
    """ "what's the most expensive one?", "¿cuál es la más barata?": which room a price names, asked."""
    asked = "?" in ctx.text or "¿" in ctx.text
    return asked and WHAT_IS.search(ctx.text) is not None and names_a_price(ctx.text)


def _asks_price(ctx: Context) -> bool:
    """'what's the cheapest room for 2 from Nov 3 to 5?': a question about the price, answered with the offers."""
    return availability.PRICE_QUESTION.search(ctx.text) is not None or (
        "?" in ctx.text and WHAT_IS.search(ctx.text) is not None
    )


def _name_for_this_booking(ctx: Context) -> tuple[str, str] | None:
    """The name a guest asks the booking under while a new one is put together (before its summary), with no
    booking number named: this booking's name, never a change to one made before."""
    state = ctx.state
    if state.managed is not None or find_reference(ctx.text) is not None:
        return None
    if state.pending not in (*availability.STEPS, *booking.STEPS) or state.pending == "confirm_booking":
        return None
    return corrected_name(ctx.text)


def _pending_prompt(ctx: Context) -> Reply:
    step = ctx.state.pending
    if step in availability.STEPS or step == "offer_team":
        return availability.prompt(ctx)
    if step in booking.STEPS:
        return booking.prompt(ctx)
    return manage.prompt(ctx)


async def _capacity(ctx: Context) -> Reply:
    state = ctx.state
    answer = await info.capacity(ctx)
    party_given = "adults" in ctx.entities
    if not party_given or state.draft is not None or state.managed is not None:
        return _with_pending_question(ctx, answer)
    # The party is a fact for the search; a party too big for one room is searched as several rooms,
    # which the reply says and the summary shows.
    availability.merge_search(ctx)
    search = state.search
    rooms = info.needed_rooms(search.adults or 0, search.children, await ctx.rooms.all())
    if rooms > search.rooms:
        search.rooms, search.rooms_inferred = rooms, True
    if state.flow != "booking":
        state.flow = "availability"
    follow = await availability.search(ctx)
    return Reply(f"{answer.text}\n\n{follow.text}", follow.buttons or answer.buttons)


def _deferred(ctx: Context) -> Reply:
    if ctx.state.pending == "confirm_booking":
        ctx.state.summary_turn = None  # a later yes gets the summary again first
    return r.text_reply("deferred", ctx.language)


def _with_pending_question(ctx: Context, answer: Reply) -> Reply:
    if ctx.state.pending is None:
        return answer
    question = _pending_prompt(ctx)
    text = f"{answer.text}\n\n{r.say('resume_booking', ctx.language, question=question.text)}"
    return Reply(text, question.buttons or answer.buttons)
