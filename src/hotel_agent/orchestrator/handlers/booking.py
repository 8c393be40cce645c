"""Booking: pick a room from the offers, collect name and email one question at a time, confirm a summary,
then create the booking in the PMS under our idempotent reference."""

from __future__ import annotations

import logging
import re

from hotel_agent.channels.types import Reply
from hotel_agent.nlp.dates import MONTHS, WEEKDAYS
from hotel_agent.nlp.entities import NAME_STOP_WORDS, NOT_A_NAME, NOT_A_NAME_WORDS, NOT_IN_LOWER_INTRO
from hotel_agent.nlp.normalize import UPPER_LETTERS
from hotel_agent.nlp.types import Language
from hotel_agent.orchestrator import references
from hotel_agent.orchestrator import replies as r
from hotel_agent.orchestrator.context import Context
from hotel_agent.orchestrator.handlers import availability, info
from hotel_agent.orchestrator.handlers.common import (
    CORRECTION_CUE,
    NAME_AFTER_RELATION,
    NAME_PARTICLES,
    NAME_WORD,
    NOT_LAST_NAME_WORDS,
    NOT_NAME_WORDS,
    RELATION,
    ROOM_KIND_WORDS,
    as_int,
    asks_a_name_change,
    booking_reference,
    corrected_name,
    find_email,
    fold_word,
    introduced_name,
    is_valid_email,
    looks_like_email_attempt,
    name_put_right,
    name_words,
    occupancy,
    restated_name,
    split_name,
    swapped_name_part,
    without_title,
)
from hotel_agent.orchestrator.references import (
    CHEAPEST,
    DEAREST,
    kind_by_feature,
    mentions_an_offer,
    names_a_price,
    offer_by_amount,
    offer_by_position,
    offer_by_price,
    points_at_another_offer,
    refers_to_that_one,
)
from hotel_agent.orchestrator.state import Draft, GuestInfo, Offer
from hotel_agent.pms.base import BookingRequest, GuestDetails, PMSRejected, RoomNotAvailable

log = logging.getLogger(__name__)

STEPS = ("choose_room", "ask_name", "ask_last_name", "ask_email", "confirm_booking")
AFTER_CHOICE = STEPS[1:]
# A message that drops the booking being put together ("no, leave it", "olvídalo").
DROP_INTENTS = frozenset({"deny", "cancel_reservation"})
DROP_WORDS = re.compile(
    r"\b(?:leave it|forget it|never ?mind|think about it|not now|no thanks|no thank you|don'?t book|"
    r"lo dejo|d[eé]jalo|olv[ií]dalo|mejor no|no gracias|lo pienso|lo pensar[eé]|ya no|no reserves|"
    r"ya te digo|ya os digo|ya te aviso|i'?ll let you know|cancel that|anula(?:lo)?|cancela(?:lo)?|"
    # a booking verb negated: "no voy a reservar", "no la quiero reservar", "I don't want to book anymore"
    r"no (?:(?:la|lo|te|me) )?(?:voy|vamos|quiero|queremos|puedo|podemos) a? ?(?:la |lo )?(?:reserv\w*|hacerla|"
    r"hacer la reserva)|no (?:la |lo )?reserv(?:o|amos|ar[eé]|aremos)|"
    r"(?:don'?t|do not|won'?t|will not|not going to|no longer|not) (?:want to |wanna )?(?:book|reserve)|"
    r"not booking|not reserving)\b",
    re.IGNORECASE,
)
# A no in a message at the summary: never a booking, whatever else it says ("ay no, pensándolo bien...").
NEGATION = re.compile(
    r"\b(?:no|not|nope|nah|never|nunca|tampoco|(?:do|does|did|wo|ca|is|are|was|were|would|should|could|ai)n'?t)\b",
    re.IGNORECASE,
)
# ...except where the no is part of a yes ("yes, no problem", "sí, no hay problema", "why not").
NEGATION_IN_A_YES = re.compile(
    r"\b(?:no (?:problem|problema|hay problema|worries|changes|cambios|pasa nada)|why not|por qu[eé] no|"
    r"c[oó]mo no|no doubt|sin duda|(?:can'?t|cannot|can not) wait|no (?:veo|vemos) la hora)\b",
    re.IGNORECASE,
)
# A free-text answer (a name) is taken as such unless the NLP is sure it means something else: names
# are often guessed as greetings or bookings with middling confidence.
FREE_TEXT_INTENTS = frozenset({"unknown", "make_reservation", "affirm"})
FREE_TEXT_MAX_CONFIDENCE = 0.8
SURE_YES = 0.6  # below this, two name-like words at the summary are a name, not a yes
# "Confirmo la reserva, muchas gracias", "go ahead": a yes to the summary in other words.
CONFIRM_WORDS = re.compile(
    r"\b(?:confirm[oa]?|confirmed|confirmad[oa]|confirmar|adelante|go ahead|book it|proceed|procede|"
    r"res[eé]rva(?:la|lo|mela)|h[aá]zla|do it|all good|todo (?:bien|correcto)|correct[oa]?|sounds good)\b",
    re.IGNORECASE,
)
# A yes-word with the go-ahead put off ("perfecto, luego la hago", "great, I'll confirm once I've spoken to my
# husband"): not a yes to book now; the summary is kept for a later yes.
PUTS_OFF = re.compile(
    r"\b(?:later|afterwards|tomorrow|another (?:day|time)|once (?:i|we)\b|after (?:i|we)\b|when (?:i|we)\b|"
    r"(?:i|we)(?:'ll| will) (?:book|confirm|reserve|do it|call|ring|get back|come back|let you know|decide)|"
    r"(?:get|come|ring|call) (?:you )?back|(?:check|talk|speak|ask|confirm) (?:with|to) (?:my|our|the)\b|"
    r"luego|despu[eé]s|m[aá]s tarde|ma[nñ]ana|otro d[ií]a|otro rato|ahorita no|todav[ií]a no|a[uú]n no|not yet|"
    r"cuando (?:hable|lo hable|consulte|sepa|lo sepa|pueda|tenga)|lo (?:consulto|hablo|veo|confirmo luego)|"
    r"(?:con|a) mi (?:esposa|esposo|marido|mujer|pareja|novi[oa]|jefe)|te (?:confirmo|aviso|digo|escribo) (?:luego|despu)"
    r")",
    re.IGNORECASE,
)
YES_FIRST = re.compile(r"^\W*(?:s[ií]+|sip|yes|yeah|yep|yup|yess+)\b", re.IGNORECASE)
# A go-ahead opening the message (folded text): "yes", "claro", "go for it". Never "ok", "vale", "dale" or "perfecto"
# alone: "ok gracias" closes the talk, it books nothing.
GO_AHEAD_FIRST = re.compile(
    r"^\W*(?:si+|sip|yes+|yeah|yep|yup|sure|claro|correct[oa]?|go for it|go ahead|adelante)\b"
)
# What a guest says beside a yes that changes nothing in the booking (folded text): the yes itself, thanks and
# politeness, and looking forward to coming ("we're coming straight over", "ya quiero estar allá", "see you soon").
NOTHING_MORE_THAN_YES = re.compile(
    r"\b(?:si+|sip|yes+|yeah|yep|yup|sure(?: thing)?|of course|claro(?: que si)?|por supuesto|dale|vale|venga|"
    r"ok(?:ay)?|perfect[oa]?|great|genial|excelente|awesome|brilliant|lovely|cool|correct[oa]?|todo correcto|"
    r"that'?s (?:right|correct|perfect|great)|all good|todo bien|(?:sounds|looks) (?:good|great|perfect)|"
    r"go for it|go ahead(?: with it)?|adelante|book it|lock it in|do it|let'?s do it|hazlo|hagamoslo|confirm(?:o|a|ed)?|"
    r"res[eé]rva(?:la|lo|mela)|please|pls|plz|por favor|porfa|porfis|mate|bro|amigo|thanks?(?: you)?(?: so much| a lot)?|"
    r"cheers|(?:muchas |mil )?gracias|(?:we|i) (?:can'?t|cannot) wait(?: to (?:get|be) there)?|"
    r"looking forward(?: to it)?|(?:we'?re|i'?m|we are|i am) (?:coming|heading) (?:straight |right )?(?:over|there)|"
    r"(?:we'?re|i'?m|we are|i am) on (?:our|my) way|see (?:you|ya) (?:soon|there|then)|"
    r"ya (?:quiero|queremos) (?:estar|llegar)(?: (?:alla|ahi|alli))?|(?:ya )?(?:tengo|tenemos) (?:muchas )?ganas(?: de llegar)?|"
    r"que ganas|(?:ya )?(?:vamos|voy) (?:para|pa) (?:alla|alli)|nos vemos(?: pronto| alla| alli)?|hasta pronto|"
    r"no (?:veo|vemos) la hora)\b"
)
CONFIRM_INTENTS = frozenset({"affirm", "make_reservation", "thanks", "unknown"})
# A yes that carries more than a yes: a condition or a question is never the go-ahead.
MORE_THAN_YES = re.compile(
    r"\?|¿|\b(?:but|pero|aunque|except|excepto|salvo|only if|solo si|however|sin embargo|wait|espera)\b",
    re.IGNORECASE,
)
# Someone more said to come, with no count the NLP reads (folded text): "and my sister is coming too", "se suma mi
# hijo", "también viene mi madre". Beside a yes it is a change of the party, never the booking as it was.
SOMEONE_JOINS = re.compile(
    r"\b(?:(?:is|are|'s|'re|will be) (?:coming|joining)(?: us)? (?:too|as well|also|with us)|(?:will|'ll) (?:join|come) "
    r"(?:us|too|as well|also)|(?:is|are|'s|'re) (?:also|now) (?:coming|joining)|joining us|(?:one|someone|somebody) "
    r"more\b|(?:se )?(?:suma|suman|une|unen|apunta|apuntan) (?:mi|mis|tu|tus|su|sus|un|una|otr[oa])|se (?:viene|vienen) "
    r"(?:mi|mis|tu|tus|su|sus|un|una|otr[oa])|(?:tambien|ademas) (?:viene|vienen|va|van)|(?:viene|vienen|va|van) "
    r"(?:tambien|ademas|con nosotros)|(?:una|alguien|otra) (?:persona )?mas\b)"
)
INFO_INTENTS = frozenset(
    {
        "check_in_info",
        "check_out_info",
        "late_checkout",
        "amenities",
        "location",
        "cancellation_policy",
        "room_options",
    }
)


def reads_as_free_text(ctx: Context) -> bool:
    return ctx.intent in FREE_TEXT_INTENTS or ctx.analysis.confidence < FREE_TEXT_MAX_CONFIDENCE


async def handle(ctx: Context) -> Reply:
    """'I want to book' / 'book it' / 'la doble' / a book_<id> button / a correction of the stay."""
    state = ctx.state
    state.flow = "booking"
    if (offered := await _room_by_price_put_to_the_guest(ctx)) is not None:
        return offered
    previous = state.draft
    changed = availability.merge_search(ctx)
    if ctx.room_kind is not None and await _recount_rooms(ctx, ctx.room_kind):
        state.offers = await availability.offers_for_stay(ctx)  # priced again for the rooms now counted
    filtered = not changed and state.search.room_type is not None and ctx.room_kind is None
    if filtered and state.offers and (names_a_price(ctx.text) or kind_by_feature_named(ctx) is not None):
        # "switch to the cheapest one" after asking for the suite: among every room free, not the suite
        state.search.room_type = None
        await availability.search(ctx)
    offer = await pick_offer(ctx) if not changed else None
    if offer is None and (changed or not state.offers):
        reply = await availability.search(ctx)
        if state.pending != "choose_room":
            return reply  # a question about the stay, or nothing available
        offer = await pick_offer(ctx) or _kept_choice(ctx, previous)
        if offer is None:
            return reply  # the offers, asking which one
    if offer is None:
        state.pending = "choose_room"
        return Reply(r.say("ask_which_room", ctx.language), availability.offer_buttons(state.offers))
    reply = start_draft(ctx, offer)
    draft = state.draft
    if previous is not None and draft is not None and quote(previous) != quote(draft):
        # A correction: say what the booking is now before the next question.
        requote = _draft_line("requote", draft, ctx.language)
        if state.pending != "confirm_booking":  # the summary says it all already
            reply = Reply(f"{requote}\n{reply.text}", reply.buttons)
    return reply


# A room by its price said to be fine rather than asked for: "the cheapest is fine", "la más barata está bien",
# "the cheapest one will do", "la más económica nos vale" (folded).
FINE_BY_ME = re.compile(
    r"\b(?:(?:is|s|are|would be|will be|seems?) (?:fine|ok|okay|good|great|enough|alright|all right|perfect)|"
    r"will do|would do|works(?: for (?:me|us))?|does it|no problem|(?:esta|estaria|esta muy) bien|"
    r"(?:me|nos) (?:vale|valdria|sirve|serviria|va bien|parece bien|basta)|da igual|"
    r"(?:es|seria) suficiente)\b"
)


async def _room_by_price_put_to_the_guest(ctx: Context) -> Reply | None:
    """ "the cheapest is fine" while the name or email is asked for a room the guest chose by name: which room
    that is and what it costs are said, and whether to change to it asked; the room is never changed on it."""
    state, draft = ctx.state, ctx.state.draft
    if draft is None or state.pending not in ("ask_name", "ask_last_name", "ask_email"):
        return None
    if ctx.room_kind is not None or ctx.button_room_type_id is not None or not names_a_price(ctx.text):
        return None
    folded = _change_words(ctx)
    if not FINE_BY_ME.search(folded) or ROOM_CHANGE_WORDS.search(folded) or CHANGE_ASKED.search(folded):
        return None  # "switch us to the cheapest one": asked for in so many words, changed and said so
    if any(key in ctx.entities for key in STAY_KEYS) or gives_details(ctx):
        return None
    if has_correction_cue(ctx, a_no_counts=False) or PLACE_IN_THE_LIST.search(folded):
        return None  # "wait, actually the first one is fine": a change of mind, made and said so
    search = state.search
    if not (search.check_in and search.check_out and search.adults):
        return None
    offer = offer_by_price(ctx.text, await availability.offers_for_stay(ctx))
    if offer is None or offer.room_type_id == draft.room_type_id:
        return None  # the room chosen is that one already: the booking goes on as it is
    state.room_offered, state.room_offered_turn = offer.room_type_id, state.turn
    language = ctx.language
    dearest = DEAREST.search(references.fold(ctx.text)) is not None
    text = r.say(
        "room_by_price_offered",
        language,
        which=r.say("by_price_dearest" if dearest else "by_price_cheapest", language),
        room=offer.name,
        stay=r.format_stay(draft.check_in, draft.check_out, language),
        nightly=r.format_price(offer.nightly_price, offer.currency, language),
        total=r.format_price(offer.total_price, offer.currency, language),
        chosen=draft.room_name,
        chosen_total=r.format_price(draft.total_price, draft.currency, language),
    )
    return Reply(text, r.yes_no_buttons(language))


async def _room_offered_answered(ctx: Context) -> Reply | None:
    """The yes or no to a room put to the guest just before: changed to it, or kept as chosen; anything else
    leaves the room as chosen and is read as usual."""
    state, draft = ctx.state, ctx.state.draft
    offered, turn = state.room_offered, state.room_offered_turn
    state.room_offered = state.room_offered_turn = None
    if offered is None or turn != state.turn - 1 or draft is None:
        return None
    if ctx.intent == "deny" or KEEP_IT.search(ctx.folded_text):
        question = prompt(ctx)
        kept = r.say("room_kept", ctx.language, room=draft.room_name)
        return Reply(f"{kept}\n{question.text}", question.buttons)
    if ctx.intent != "affirm" and not only_a_yes(ctx.folded_text):
        return None
    free = await availability.offers_for_stay(ctx)
    offer = next((o for o in free if o.room_type_id == offered), None)
    if offer is None:
        return None
    state.search.room_type = None
    state.offers = free
    reply = start_draft(ctx, offer)
    new = state.draft
    assert new is not None
    if new.room_name in reply.text:
        return reply  # the name asked with the room and its price: said once
    return Reply(f"{_draft_line('requote', new, ctx.language)}\n{reply.text}", reply.buttons)


# A room by its place in the list shown ("the first one is fine"): a room pointed at, not one by its price alone.
PLACE_IN_THE_LIST = re.compile(
    r"\b(?:first|second|third|fourth|fifth|last|top|primer[ao]?|segund[ao]|tercer[ao]?|cuart[ao]|quint[ao]|"
    r"ultim[ao])\b"
)


# Keeping the room chosen: "no, keep the suite", "no, la suite está bien", "mejor no", "leave it as it is".
KEEP_IT = re.compile(
    r"^\W*(?:no|nope|nah|mejor no|better not)\b|\b(?:keep|leave it|as it is|como esta|la dejamos|lo dejamos|"
    r"(?:me|nos) quedo con|(?:me|nos) quedamos con)\b"
)


def quote(draft: Draft) -> tuple[object, ...]:
    return (draft.room_type_id, draft.check_in, draft.check_out, draft.adults, draft.children, draft.rooms)


async def _every_room_by_price(ctx: Context) -> Reply | None:
    """ "the cheapest is fine" under a list narrowed to one room kind: a price is said among several rooms, so
    the guest may not know the list was narrowed (a kind read from their story): every room is shown and the
    choice asked, never the one room shown taken for the cheapest. Said plainly of every room ("the cheapest
    then"), or after only asking about that kind, the cheapest (dearest) of all is taken, by its name."""
    state = ctx.state
    narrowed = state.search.room_type
    if narrowed is None or len(state.offers) != 1 or ctx.room_kind is not None:
        return None
    if not names_a_price(ctx.text) or any(key in ctx.entities for key in STAY_KEYS):
        return None
    of_every_room = state.search.kind_only_asked or references.price_of_every_room(ctx.text)
    state.search.room_type = None
    reply = await availability.search(ctx)
    if len(state.offers) < 2:
        return reply
    kind_name = r.room_kind_name(narrowed, ctx.language)
    taken = references.offer_by_price(ctx.text, state.offers) if of_every_room else None
    if taken is not None:
        # "ok the cheapest then" after asking what the twin costs: the cheapest of all, said by its name
        draft_reply = start_draft(ctx, taken)
        lead = r.say("taken_of_every_room", ctx.language, room_type=kind_name, room=taken.name)
        return Reply(f"{lead}\n{draft_reply.text}", draft_reply.buttons)
    lead = r.say("every_room_shown", ctx.language, room_type=kind_name)
    return Reply(f"{lead}\n{reply.text}", reply.buttons)


def _kept_choice(ctx: Context, previous: Draft | None) -> Offer | None:
    """After a new search: the only offer of the kind asked for, or the room chosen before the change."""
    offers = ctx.state.offers
    if ctx.state.search.room_type is not None and len(offers) == 1:
        return offers[0]
    if previous is not None:
        return next((o for o in offers if o.room_type_id == previous.room_type_id), None)
    return None


async def continue_step(ctx: Context) -> Reply | None:
    """The next message while a booking question is pending; None if it is about something else.
    The slot asked for is read first: a name where a name is asked, whatever else its words may mean."""
    step, intent, guest = ctx.state.pending, ctx.intent, ctx.state.guest
    if (answered := await _room_offered_answered(ctx)) is not None:
        return answered  # "yes" to the cheapest room put to the guest: changed; "no": kept
    if step == "confirm_booking" and ctx.state.draft is not None and NOTHING_TO_CHANGE.match(ctx.folded_text):
        # "no, that's fine", "no, así está bien": nothing to change, but no go-ahead either; never booked on it
        again = summary(ctx)
        return Reply(f"{r.say('summary_nothing_changed', ctx.language)}\n{again.text}", again.buttons)
    if step == "choose_room" and (every := await _every_room_by_price(ctx)) is not None:
        return every
    if (
        step == "choose_room"
        and ctx.state.offers
        and (taken := await _price_asked_and_taken(ctx)) is not None
    ):
        return taken
    if step == "choose_room" and (chosen := await _chosen_then_priced(ctx)) is not None:
        return chosen
    if (changed := await room_changed(ctx)) is not None:
        return changed  # "one change, the cheapest room instead?", "¿cuál tiene vista al mar? esa quiero"
    if (
        step in AFTER_CHOICE
        and step != "confirm_booking"
        and ctx.state.draft is not None
        and not gives_details(ctx)
        and (by_amount := await _amount_among_all_rooms(ctx)) is not None
    ):
        # "that's too much, the 1300 one is fine" once the family room was taken straight from the first
        # message (only its offers shown): the room of that price for the same stay, never the name step again
        return start_draft(ctx, by_amount)
    if (price := await _price_of_an_offer(ctx)) is not None:
        return price
    if (other := await _price_of_another_room(ctx)) is not None:
        return other
    if (total := await _total_of_the_draft(ctx)) is not None:
        return total
    if (totals := await _totals_of_the_offers(ctx)) is not None:
        return totals
    if step == "choose_room":
        if (asked_and_chosen := await _feature_asked_and_chosen(ctx)) is not None:
            return asked_and_chosen
        if await _wants_the_kind_not_shown(ctx):
            return await handle(ctx)  # the search redone for the room wanted, never the one shown booked
        if await _wants_a_feature_not_shown(ctx):
            if ("?" in ctx.text or "¿" in ctx.text) and not PREFERS.search(references.fold(ctx.text)):
                # "do you have one with a balcony?": that room offered, asking is never choosing
                availability.merge_search(ctx)
                return await availability.search(ctx)
            return await handle(ctx)
        if (missing := _feature_no_room_has(ctx)) is not None:
            return missing
        if (which := await _which_offer_has(ctx)) is not None:
            return which
        if (chosen := await _choice_with_its_feature(ctx)) is not None:
            return chosen
        if asks_info(ctx):
            return None  # "¿qué diferencia hay entre la doble y la ejecutiva?" is a question, not a choice
        remember_guest_details(ctx)
        if _details_and_change(ctx):
            # "Chloe Ward, chloe@example.com, and we're 3 adults now": the details kept, the search redone
            _keep_leading_name(ctx)
            return await handle(ctx)
        if (by_amount := await _amount_among_all_rooms(ctx)) is not None:
            return start_draft(ctx, by_amount)
        if await _correction_unread_at_choice(ctx) or availability.stay_change_unclear(ctx):
            # "actually, one of ours can't…" not read, "one day earlier" (which end?): said so, and no room taken
            # as chosen until it is answered
            return _choice_held(ctx)
        if availability.stay_shift(ctx) is not None and not gives_details(ctx):
            # "we'll come a day later", "una noche más": the stay moved, the rooms quoted again
            return await handle(ctx)
        changes = any(key in ctx.entities for key in STAY_KEYS) and not gives_details(ctx)
        if changes and offer_by_amount(ctx.text, ctx.state.offers) is None:
            # "make it 4-6 April" with one room shown: the stay changed first, never the old one booked
            return await handle(ctx)
        name = typed_name(ctx) if "name" not in ctx.entities else None
        if (
            name is not None
            and len(ctx.state.offers) > 1
            and not find_email(ctx.text)
            and not all(w[:1].isupper() for w in name_words(ctx.text))
        ):
            # "mmm la azulita" where one of several rooms is asked: no name unless typed as one (with one room
            # shown, "rose garner" goes on with that room)
            name = None
        yes_and_name = None
        if name is None and "name" not in ctx.entities:
            yes_and_name = _lower_case_name_with_a_yes(
                ctx
            )  # "sure, tessa boyd": the yes and the name both kept
            name = yes_and_name
        offer = await pick_offer(ctx)
        if (
            offer is None
            and len(ctx.state.offers) == 1
            and (gives_details(ctx) or yes_and_name is not None)
            and not _instead_of_asked(ctx)
            and not ctx.state.choice_held
        ):
            offer = ctx.state.offers[0]  # one room shown and the guest goes on with their details: that one
        if offer is None and gives_details(ctx) and not _instead_of_asked(ctx) and not ctx.state.choice_held:
            offer = await _offer_of_the_kind_wanted(ctx)  # "busco una con 2 camas" earlier, then "Ana Ruiz"
        if offer is not None:
            if name is not None:
                guest.first_name, guest.last_name = name[0], name[1] or None
            return start_draft(ctx, offer)
        if intent == "make_reservation" or availability.answers_step(ctx):
            if name is not None:  # "book it for Ann Lee" with no room chosen: the name kept, the room asked
                guest.first_name, guest.last_name = name[0], name[1] or None
            return await handle(ctx)
        if name is not None or find_email(ctx.text):
            # Details before the room: kept for the booking, and the room asked for again.
            if name is not None:
                guest.first_name, guest.last_name = name[0], name[1] or None
            email = find_email(ctx.text)
            if email and is_valid_email(email):
                guest.email = email
            return prompt(ctx)
        if (intent in DROP_INTENTS or DROP_WORDS.search(ctx.text)) and not ctx.entities:
            return _drop(ctx)
        return None
    if ctx.state.draft is None:  # the draft is gone (e.g. state from an older version): start over
        return None
    await _drop_the_kind_left(ctx)
    guest_named = guest.first_name, guest.last_name
    restated = restated_name(ctx.text, *guest_named) if step != "choose_room" else None
    read_name = ctx.entities.get("name")
    said_back = restated or (split_name(read_name) if isinstance(read_name, str) else None)
    own_name_said = (
        step == "confirm_booking"
        and said_back is not None
        and _same_name(said_back, guest_named)
        and _same_name(said_back, ctx.name_before)  # the name the summary showed, never one taken this turn
    )
    if own_name_said:
        # "sí, a nombre de Nora Pardo, correcto" under Nora Pardo: the summary's own name said back, no change
        ctx.entities.pop("name", None)
        restated = None
    if restated is not None:
        # "can you put Robert Lee, my full name", "el apellido está mal, es Javier Ortega", "it's Jonathan Price
        # not Jon Price": the whole name given again replaces it (before the part-by-part readers, which would
        # take "Price not Jon" for a first name swapped), then the next question or the summary again
        ctx.entities.pop("name", None)
        if _counts_a_change(ctx):  # "2 kids, not 1, and the name should be Anne Lee": the stay re-quoted too
            guest.first_name, guest.last_name = restated
            remember_guest_details(ctx)
            return await handle(ctx)
        return advance(ctx, restated)
    if (swapped := swapped_name_part(ctx.text, *guest_named)) is not None and step != "choose_room":
        # "uy perdón, mi apellido es Ortiz, no Ortega", "it's Sean not Shaun": that part replaced, the rest kept
        ctx.entities.pop("name", None)
        return advance(ctx, swapped)
    if step != "choose_room" and (put_right := name_put_right(ctx.text, *guest_named)) is not None:
        # "sin el Javier", "no middle name", "es González con z", "it's Smyth with a y": that part dropped or
        # respelled, then the next question (or the summary, re-quoted) with the name as it ends
        ctx.entities.pop("name", None)
        return advance(ctx, put_right)
    if (corrected := corrected_name(ctx.text)) is not None:
        # "put it under my full name, Katherine Lee", "a nombre de mi esposa, Carolina Paz": the name is
        # replaced at any step, then the next question (or the summary) again
        ctx.entities.pop("name", None)
        if _counts_a_change(ctx):
            # "we have 2 kids, not 1, and the name should be Anne Lee": the name taken, and the stay re-quoted
            guest.first_name, guest.last_name = corrected
            remember_guest_details(ctx)
            return await handle(ctx)
        return advance(ctx, corrected)
    if (
        step == "confirm_booking"
        and asks_a_name_change(ctx.text)
        and not find_email(ctx.text)
        and not own_name_said
    ):
        # "change the name to my son's" with no name read: never the summary again as if it had changed
        return correction_not_caught(ctx)
    name = typed_name(ctx)
    if step in ("ask_name", "ask_last_name") and name is not None:
        return advance(ctx, name)
    if DROP_WORDS.search(ctx.text) and not gives_details(ctx) and not availability.answers_step(ctx):
        return _drop(ctx)
    draft = ctx.state.draft
    if availability.day_denied_alone(ctx, draft.check_in, draft.check_out):
        return correction_not_caught(ctx)  # "we don't arrive on the 24th": which day instead is asked
    if availability.stay_change_unclear(ctx) and not gives_details(ctx) and not asks_info(ctx):
        return correction_not_caught(ctx)  # "one day earlier": which end of the stay moves is asked
    if _details_and_change(ctx):
        # "Ann Lee, ann.lee@example.com, and we're 3 adults now": the details kept, and the stay changed too
        _keep_leading_name(ctx)
        remember_guest_details(ctx)
        return await handle(ctx)
    if availability.party_now_alone(ctx) and not gives_details(ctx):
        # "actually make that one adult only, my colleague can't come": 1 adult; with children in the booking,
        # whether they come too is asked, never assumed
        if draft.children:
            return correction_not_caught(ctx)
        ctx.entities["adults"] = 1
        ctx.entities["children"] = 0
        return await handle(ctx)
    if (asked_then_taken := await _asked_by_feature_then_taken(ctx)) is not None:
        # "¿cuál tiene vista al mar? esa quiero" once a room is chosen: the room that has it, re-quoted
        ctx.room_kind = asked_then_taken
        return await handle(ctx)
    if _changes_the_stay(ctx):  # "no, 4 adults", "make it the 21st", "mejor la doble": re-quote
        return await handle(ctx)
    if step == "ask_name" and (assented := assent_then_name(ctx)) is not None and assented[1]:
        return advance(ctx, assented)  # "ok li wu": the name, never "ok" taken for a first name
    if step in ("ask_name", "ask_last_name"):
        asked = "?" in ctx.text or "¿" in ctx.text or (ctx.intent in INFO_INTENTS and _topic_named(ctx))
        if "name" not in ctx.entities and asked:
            # a question is nobody's name ("and breakfast, is it included" without its "?" too): answered, then
            # the name asked for again
            return None
        if "name" not in ctx.entities and "email" not in ctx.entities and not reads_as_free_text(ctx):
            return _drop_or_ask(ctx) if intent in DROP_INTENTS else None
        if intent == "deny":
            return _drop_or_ask(ctx)
        return advance(ctx)
    if step == "ask_email":
        if "email" in ctx.entities or looks_like_email_attempt(ctx.text):
            return advance(ctx)
        if name is not None and not name[1] and guest.first_name and guest.last_name:
            # "mercer" under Paul Mercer where the email is asked: one word never replaces the full name (then
            # the last name asked for forever); the email is asked for again, saying so
            return prompt(ctx)
        if name is not None:  # a name given (again) where the email was asked: the name; the email again
            return advance(ctx, name)
        if intent in DROP_INTENTS:
            return _drop_or_ask(ctx)
        return None
    if step == "confirm_booking":
        confirms = CONFIRM_WORDS.search(ctx.text) is not None and intent in CONFIRM_INTENTS
        # "sí, muchas gracias", "yes thanks so much": a plain yes first, the thanks after
        confirms = confirms or (intent == "thanks" and YES_FIRST.match(ctx.text) is not None)
        # "yes please, we're coming straight over", "sí porfa, ya quiero estar allá": however unsure the NLP
        confirms = confirms or yes_and_nothing_more(ctx)
        sure_yes = (intent == "affirm" and ctx.analysis.confidence >= SURE_YES) or confirms
        if name is None and (after_yes := name_after_a_yes(ctx)) is not None:
            name = after_yes  # "sí porfa, marta gil" under "Ana Lara": the name, never the old one booked
        if name is not None and name[1] and (not sure_yes or _differs_from_summary(ctx, name)):
            # "Carlos Gómez" is not a yes, nor is "sí porfa, Ana Guerrero Lara" under "Ana Guerrero": the name,
            # corrected; the summary again
            return advance(ctx, name)
        if "email" in ctx.entities or find_email(ctx.text) or "name" in ctx.entities:
            return advance(ctx)  # a corrected email or name: the summary again
        if intent in ("affirm", "make_reservation") or confirms:
            if asks_info(ctx):
                return None  # "yes, but can we check in early?": answered, then the summary again
            if DROP_WORDS.search(ctx.text):
                return _drop(ctx)  # "I don't want to book it anymore": the verb is there, negated
            if NEGATION.search(NEGATION_IN_A_YES.sub(" ", ctx.text)):
                return _summary_again(ctx)  # a no beside the yes: asked again, never booked
            if ctx.state.draft is not None and ctx.state.draft.correction_unread:
                # a correction went unread at the name or email: the summary again, then a yes books
                ctx.state.draft.correction_unread = False
                return _summary_again(ctx)
            said = NEGATION_IN_A_YES.sub(" ", ctx.text)  # "we can't wait" waits for nothing
            if MORE_THAN_YES.search(said) or ctx.state.summary_turn != ctx.state.turn - 1:
                # A yes with a condition, or to a question other than the summary: never a booking.
                return _summary_again(ctx)
            if SOMEONE_JOINS.search(ctx.folded_text.replace("\u2019", "'")):
                return correction_not_caught(ctx)  # "yes, and my sister is coming too": how many now is asked
            if has_correction_cue(ctx) and not apologetic_yes(ctx.folded_text):
                return correction_not_caught(ctx)  # "sí, perdona, al final…": never booked as it was
            if PUTS_OFF.search(ctx.text):
                return _summary_held(ctx)  # "ok, I'll book it later": the go-ahead put off, nothing booked
            return await create(ctx)
        if intent in DROP_INTENTS:
            return _drop_or_ask(ctx)
    return None


# A room preferred over another: "mejor la X", "prefiero", "en vez de", "instead", "rather", "better".
PREFERS = re.compile(
    r"\b(?:mejor|prefer\w*|prefier\w*|pensandolo bien|on second thought|en vez de|en lugar de|mas bien|cambia\w*|instead|rather|better|switch\w*|"
    r"change\w*|go (?:for|with)|cambi(?:o|e|ado) de (?:idea|opinion|planes?)|"
    # "no, la de vista al mar" with another room chosen: a no that points at a room by what it has
    r"^no,? (?=(?:la|el) (?:de|del|con|que)\b|the one (?:with|that)\b))\b"
)


async def _wants_the_kind_not_shown(ctx: Context) -> bool:
    """ "mejor la estándar, la suite es muy cara" while only the suite is shown: the other room named is wanted."""
    if not ctx.state.offers:
        return False
    shown = {rt.kind for o in ctx.state.offers if (rt := await ctx.rooms.get(o.room_type_id)) is not None}
    return await _prefers_the_other_kind(ctx, shown)


async def _wants_a_feature_not_shown(ctx: Context) -> bool:
    """ "actually I'd prefer the one with the balcony" while only the General room is shown: the room that has
    it, among all the hotel's, becomes the message's room kind (the search redone for it)."""
    if not ctx.state.offers or ctx.room_kind is not None:
        return False
    wanted = kind_by_feature_named(ctx)
    if wanted is None and PREFERS.search(references.fold(ctx.text)):
        # "mejor la de vista al mar": a preference, pointing at the room by what it has
        wanted = references.kind_by_feature_named(
            ctx.text, ctx.profile, ctx.language, references.FEATURE_WANTED
        )
    if wanted is None:
        return False
    shown = {rt.kind for o in ctx.state.offers if (rt := await ctx.rooms.get(o.room_type_id)) is not None}
    if wanted in shown:
        return False
    _want_kind(ctx, wanted)
    return True


# "one with a jacuzzi instead", "mejor una con jacuzzi": what the room should have, after its cue (folded text).
WITH_FEATURE = re.compile(
    r"\b(?:one|room|rooms|habitacion|una|uno|la|el)\s+(?:with|con|que tenga|que tiene|that has)"
    r"(?:\s+(?:an?|the|un|una|el|la))?\s+([a-z]{4,})\b"
)


def _feature_no_room_has(ctx: Context) -> Reply | None:
    """A room preferred for something none of the hotel's rooms has ("actually one with a jacuzzi"): said so,
    and the rooms shown offered again; never the room shown taken as the choice."""
    folded = references.fold(ctx.text)
    if not PREFERS.search(folded) or ctx.room_kind is not None or ctx.entities.get("amenity"):
        return None
    if ctx.intent == "human_handoff":
        return None  # "prefiero hablarlo con alguien del personal": a person, no room
    if any(key in ctx.entities for key in STAY_KEYS) or mentions_an_offer(ctx.text):
        return None
    match = WITH_FEATURE.search(folded)
    if match is None or all(w in references.STOP for w in match[1].split()):
        return None
    wanted = references.kind_by_feature_named(ctx.text, ctx.profile, ctx.language, references.FEATURE_WANTED)
    if wanted is not None:
        return None
    feature = match[1]
    offers = "\n".join(availability.offer_line(o, ctx.language) for o in ctx.state.offers)
    return Reply(
        r.say("no_room_has_it", ctx.language, feature=feature, offers=offers),
        availability.offer_buttons(ctx.state.offers),
    )


async def _prefers_the_other_kind(ctx: Context, current: set[str]) -> bool:
    """Two rooms named, one of them the current one, and a preference ("mejor", "instead"): the other one becomes
    the message's room kind, so the search is redone for it."""
    if not PREFERS.search(references.fold(ctx.text)):
        return False
    named = references.kinds_in_text(ctx.text, await ctx.rooms.all())
    if len(named) != 2 or len(named & current) != 1:
        return False
    _want_kind(ctx, (named - current).pop())
    return True


def _want_kind(ctx: Context, kind: str) -> None:
    ctx.room_kind = kind
    ctx.entities["room_type"] = kind


async def _drop_the_kind_left(ctx: Context) -> None:
    """ "mejor la más barata, la suite se me sale del presupuesto" with the suite chosen: the room kind named is
    the one being left; the price, place or feature named picks the new one among every room."""
    draft = ctx.state.draft
    if draft is None:
        return
    chosen = await ctx.rooms.get(draft.room_type_id)
    if chosen is None or ctx.room_kind not in (None, chosen.kind):
        return
    if await _prefers_the_other_kind(ctx, {chosen.kind}):
        return  # "mejor la Delux, que la suite se me va de presupuesto"
    folded = references.fold(ctx.text)
    if ctx.room_kind is None:
        if PREFERS.search(folded):
            # "no espera, mejor la de balcón" with another room chosen: the room with that feature, searched again
            by_feature = kind_by_feature(
                folded, ctx.profile, list(ctx.profile.room_descriptions), ctx.language
            )
            if by_feature is not None and by_feature != chosen.kind:
                _want_kind(ctx, by_feature)
        return
    unpriced = DEAREST.sub(" ", CHEAPEST.sub(" ", folded))
    other_feature = kind_by_feature(unpriced, ctx.profile, list(ctx.profile.room_descriptions), ctx.language)
    if points_at_another_offer(ctx.text) or (other_feature is not None and other_feature != chosen.kind):
        ctx.room_kind = None
        ctx.entities.pop("room_type", None)
        if ctx.state.search.room_type == chosen.kind:
            ctx.state.search.room_type = None  # among every room, not only the one left


# Another room asked for in so many words (folded text): "instead", "switch us to", "one change", "prefiero",
# "cámbiame a", "en vez de".
ROOM_CHANGE_WORDS = re.compile(
    r"\b(?:instead|rather|switch\w*|swap\w*|chang(?:e|ing)|upgrade\w*|downgrade\w*|prefer\w*|"
    r"on (?:second )?(?:thought|reflection)|second thoughts|"
    r"en vez|en lugar|cambi\w*|prefier\w*|preferi\w*|pensandolo (?:mejor|bien)|al final|mas bien)\b"
)
# The room pointed at chosen in the same breath: "we'll take that one", "can we have…", "esa quiero", "me quedo con".
ROOM_CHOICE_WORDS = re.compile(
    r"\b(?:(?:we|i)(?:'ll| will|'d| would) (?:take|have|go (?:for|with)|like (?:the|a|that|this|one|it))|"
    r"(?:take|book|reserve) (?:that|this|it)\b|that one(?=\s*(?:then|please|pls|instead|for us|[.!]|$))|"
    r"go (?:for|with)|(?:can|could|may) (?:we|i) (?:have|get|take|book|go)|(?:can|could) you (?:give|put|move|book)|"
    r"give (?:us|me)|put (?:us|me)|move (?:us|me)|let'?s (?:have|do|go|take|get)|make it|"
    r"(?:esa|ese|la|lo) (?:quiero|queremos|prefiero|reservo|tomo|cojo)|(?:quiero|queremos|quisiera|quisieramos) "
    r"(?:esa|ese|la|el|una|uno)|(?:me|nos) (?:la|lo) (?:quedo|quedamos)|(?:me quedo|nos quedamos) con|"
    r"(?:esa|ese) (?:mejor|entonces|pues|por favor|porfa)|(?:mejor|entonces|pues) (?:esa|ese)|"
    r"dame|danos|(?:me|nos) (?:das|da|dan|pones|pasas)|(?:me|nos) (?:puedes|podrias|puede|podria|pueden|podrian) "
    r"(?:dar|poner|pasar)|pasa(?:me|nos)|pon(?:me|nos)|"
    r"mejor|better)\b"
)
# "mejor"/"better" inside a question that compares ("¿cuál es mejor?", "is the suite better?"): no choice made.
COMPARED_BETTER = re.compile(
    r"\b(?:is|are|would|will|which|what|cual|que|es|seria|son|sera)\b[^.!?]*\b(?:better|mejor)\b[^.!]*\?"
)


# Asking what something costs: "how much would the suite be instead?", "¿cuánto saldría la familiar?" (folded).
ASKS_A_PRICE = re.compile(
    r"\b(?:how much|cuanto|what(?:'s| is| would be| will be)? the (?:price|cost|total|rate)|"
    r"cual (?:es|seria|sera) el (?:precio|total|costo)|(?:que|cual) precio)\b"
)


# A change said of what may happen, not asked for: "can I cancel for free if our plans change?", "si cambia algo".
CHANGE_IF = re.compile(
    r"\b(?:if|in case|when|si|en caso de(?: que)?|cuando)\b[^,.;?!¿¡]*?\b(?:chang\w*|cambi\w*)\b[^,.;?!¿¡]*"
)


def _change_words(ctx: Context) -> str:
    """The folded message without what it says may change ("if our plans change")."""
    return CHANGE_IF.sub(" ", references.fold(ctx.text))


def _asks_another_room(ctx: Context) -> bool:
    """Words that ask for another room than the one chosen, or choose the one pointed at; a price asked is a
    question, never a change (unless the room is booked in the same breath)."""
    folded = _change_words(ctx)
    if ASKS_A_PRICE.search(folded) and not availability.BOOK_IT.search(folded):
        return False  # "how much would the suite be instead?": its price, the booking as it is
    if _price_asked_plainly(ctx):
        return False  # "what would the general room cost instead?": a question, never a change
    if ROOM_CHANGE_WORDS.search(folded):
        return True
    choice = ROOM_CHOICE_WORDS.search(folded)
    if choice is None:
        return False
    if availability.PRICE_QUESTION.search(folded) and not availability.BOOK_IT.search(folded):
        return False  # "dame el precio de la suite": a question about its price, never a choice
    only_better = all(m[0] in ("mejor", "better") for m in ROOM_CHOICE_WORDS.finditer(folded))
    return not (only_better and COMPARED_BETTER.search(folded))


def _price_asked_plainly(ctx: Context) -> bool:
    """A question about a price ("what would the general room cost instead?", "¿y cuánto saldría la general?"),
    with no words booking it in the same breath."""
    text = ctx.text
    if "?" not in text and "¿" not in text:
        return False
    if not availability.PRICE_QUESTION.search(text) and not ASKS_A_PRICE.search(ctx.folded_text):
        return False
    by_price = references.CHEAPEST.search(ctx.folded_text) or references.DEAREST.search(ctx.folded_text)
    if by_price and CHANGE_ASKED.search(ctx.folded_text):
        return False  # "quick change, could we get the lowest priced room?": a room asked for by its price
    return not (BOOKS_TOO.search(text) or availability.BOOK_IT.search(text))


# Words of a room beside a choice word: "can we have the one with the jacuzzi?", "la del jacuzzi" (folded).
ROOMISH = re.compile(
    r"\b(?:rooms?|habitacion\w*|cuarto|the one|one with|la de|la del|la que|el de|el del|el que)\b"
)


# A change asked for whatever it is about: "instead", "one change", "switch", "un cambio", "en vez de", "prefiero".
CHANGE_ASKED = re.compile(
    r"\b(?:instead|rather than|en vez|en lugar|(?:one|a|small|quick|little|slight|last) change|"
    r"change of (?:plans?|mind)|un cambi(?:o|ecito)|cambio de (?:planes?|idea|opinion)|switch\w*|swap\w*|"
    r"change (?:it|that|us|to)|cambia(?:me|nos|la|lo)|cambiar(?:la|lo|nos|me)? (?:a|por)|prefer\w*|prefier\w*|"
    r"upgrade\w*|downgrade\w*)\b"
)


def asks_a_change(ctx: Context) -> bool:
    """Words asking for something in the booking to change ("instead", "one change", "cámbiame a"), or for another
    room ("can we have the one with the jacuzzi?"), whether or not anything in the message was read; never a
    question about what happens if plans change."""
    folded = _change_words(ctx)
    if ASKS_A_PRICE.search(folded) and not availability.BOOK_IT.search(folded):
        return False  # "how much would the suite be instead?": a question
    if _price_asked_plainly(ctx):
        return False  # "what would the general room cost instead?": a question
    if CHANGE_ASKED.search(folded):
        return True
    return _asks_another_room(ctx) and ROOMISH.search(folded) is not None


def change_not_applied(ctx: Context, reply: Reply) -> Reply:
    """A change asked for after the room was chosen that left the booking as it was: said so, and the next yes
    gets the booking shown again first, never booked as it was straight away."""
    state, draft = ctx.state, ctx.state.draft
    assert draft is not None
    if state.pending == "confirm_booking":
        state.summary_turn = None
    else:
        draft.correction_unread = True
    if r.say("correction_not_caught", ctx.language) in reply.text:
        return reply
    return Reply(f"{r.say('change_not_applied', ctx.language)}\n{reply.text}", reply.buttons)


async def _room_pointed_at(ctx: Context, current: str | None) -> tuple[str | None, list[Offer]]:
    """The room kind the message points at other than the one chosen (by kind, feature, price or place), and the
    rooms free for the stay it was picked among (those a price or place is read against)."""
    room_types = await ctx.rooms.all()
    kinds = {rt.id: rt.kind for rt in room_types}
    folded = references.fold(ctx.text)
    unpriced = DEAREST.sub(" ", CHEAPEST.sub(" ", folded))
    named = references.kinds_in_text(unpriced, room_types) - {current}
    if len(named) > 1:
        return None, []  # "the suite or the twin": which one is asked, never the first taken
    if named:
        return named.pop(), []
    by_feature = kind_by_feature(unpriced, ctx.profile, list(ctx.profile.room_descriptions), ctx.language)
    if by_feature is not None:
        return (by_feature if by_feature != current else None), []
    if (
        ctx.state.last_room_kind_turn == ctx.state.turn - 1
        and ctx.state.last_room_kind not in (None, current)
        and refers_to_that_one(ctx.text)
    ):
        return ctx.state.last_room_kind, []  # "which one has a balcony?" answered, then "that one then"
    if names_a_price(ctx.text) or references.says_a_place(ctx.text):
        # "the cheapest", "the one after the cheapest": of every room free, not only those shown
        offers = await availability.offers_for_stay(ctx)
        placed, offer = references.offer_by_place(ctx.text, offers)
        if not placed:
            offer = offer_by_price(ctx.text, offers)
    elif len(ctx.state.offers) > 1 and points_at_another_offer(ctx.text):
        offers = ctx.state.offers  # "the second option": among the rooms as they were shown
        offer = offer_by_position(ctx.text, offers)
    else:
        return None, []
    kind = kinds.get(offer.room_type_id) if offer is not None else None
    return (kind if kind != current else None), offers


async def _feature_asked_and_chosen(ctx: Context) -> Reply | None:
    """ "which one has the balcony? we'll take that one", "¿cuál tiene dos camas? nos quedamos con esa" with the
    rooms shown: the room with that feature is chosen (searched for first when it was not shown), and the
    question answered with what the room has."""
    text = ctx.text
    if ("?" not in text and "¿" not in text) or any(key in ctx.entities for key in STAY_KEYS):
        return None
    if gives_details(ctx) or not _asks_another_room(ctx) or DROP_WORDS.search(text):
        return None
    folded = references.fold(text)
    unpriced = DEAREST.sub(" ", CHEAPEST.sub(" ", folded))
    kind = kind_by_feature(unpriced, ctx.profile, list(ctx.profile.room_descriptions), ctx.language)
    if kind is None or references.kinds_in_text(unpriced, await ctx.rooms.all()) - {kind}:
        return None  # another room named beside it: the usual reading
    kinds = {rt.id: rt.kind for rt in await ctx.rooms.all()}
    offer = next((o for o in ctx.state.offers if kinds.get(o.room_type_id) == kind), None)
    if offer is not None:
        reply = start_draft(ctx, offer)
    else:
        _want_kind(ctx, kind)
        reply = await handle(ctx)
    draft = ctx.state.draft
    if draft is None or kinds.get(draft.room_type_id) != kind:
        return reply  # that room not free: the rooms that are, as the search said
    description = ctx.profile.room_descriptions[kind].get(ctx.language)
    line = r.say("room_described", ctx.language, room=draft.room_name, description=description)
    return Reply(f"{line}\n{reply.text}", reply.buttons)


def _remember_the_room_asked_about(ctx: Context, current: str | None) -> None:
    """ "which one has the balcony?" after another room was chosen: answered as a question (nothing changes), and
    that room remembered so that "that one then" next means it, never a yes to the room chosen before."""
    text = ctx.text
    if ("?" not in text and "¿" not in text) or not (WHICH_ONE.search(text) or ANY_WITH.search(text)):
        return
    folded = references.fold(text)
    kind = kind_by_feature(folded, ctx.profile, list(ctx.profile.room_descriptions), ctx.language)
    if kind is not None and kind != current:
        ctx.state.last_room_kind, ctx.state.last_room_kind_turn = kind, ctx.state.turn


# "una sola habitación familiar", "just one room", "a single family room": the count of rooms said with the change.
ONE_ROOM = re.compile(
    r"\b(?:(?:just|only|solo|solamente) )?(?:a single|one|1|una)(?: (?:sola|single|unica))? (?:\w+ )?"
    r"(?:room|habitacion|cuarto)\b|\b(?:for (?:all of us|us all|everyone|the \d+ of us)|para (?:todos|los \d+))\b"
)


async def _recount_rooms(ctx: Context, kind: str) -> bool:
    """A change to a room that holds the whole party alone, saying one room or after the rooms were multiplied
    for capacity: one room is searched (never one room too small for the party). True when the count changed."""
    search = ctx.state.search
    if search.rooms < 2 or not search.adults:
        return False
    room = next((rt for rt in await ctx.rooms.all() if rt.kind == kind), None)
    holds = room is not None and room.max_adults >= search.adults and room.max_children >= search.children
    said = ONE_ROOM.search(references.without_days(ctx.folded_text)) is not None
    if not holds or not (said or search.rooms_inferred):
        return False
    search.rooms, search.rooms_inferred = 1, False
    return True


async def room_changed(ctx: Context) -> Reply | None:
    """After the room was chosen (at the summary or while the name or email is asked): a room pointed at (by kind,
    feature, price or place) beside words asking for it, whatever the intent read ("one change, can we have the
    cheapest room instead?" read as late check-out). The room is changed and the booking quoted again; a question
    naming a feature is answered by the room changed to ("¿cuál tiene vista al mar? esa quiero")."""
    state = ctx.state
    draft = state.draft
    if draft is None or state.pending not in AFTER_CHOICE or ctx.button_room_type_id is not None:
        return None
    search = state.search
    if not (search.check_in and search.check_out and search.adults):
        return None
    if any(key in ctx.entities for key in STAY_KEYS) or gives_details(ctx) or asks_a_name_change(ctx.text):
        return None  # a change of the stay or of the guest's details has its own ways, the room named with it
    if DROP_WORDS.search(ctx.text) or references.RULED_OUT.search(references.without_days(ctx.folded_text)):
        return None
    chosen = await ctx.rooms.get(draft.room_type_id)
    current = chosen.kind if chosen is not None else None
    if not _asks_another_room(ctx):
        _remember_the_room_asked_about(ctx, current)
        return None
    kind, among = await _room_pointed_at(ctx, current)
    if kind is None:
        return None
    kinds = {rt.id: rt.kind for rt in await ctx.rooms.all()}
    if await _recount_rooms(ctx, kind):
        among = []  # the offers shown were priced for another count of rooms
    free = among or await availability.offers_for_stay(ctx)
    offer = next((o for o in free if kinds.get(o.room_type_id) == kind), None)
    if offer is None:
        # that room is not free for the stay: said so, with the booking as it is; a yes next gets it again first
        missing = r.say("room_kind_not_free", ctx.language, room_type=r.room_kind_name(kind, ctx.language))
        again = prompt(ctx)
        state.summary_turn = None
        if state.pending != "confirm_booking":
            draft.correction_unread = True
        return Reply(f"{missing}\n{again.text}", again.buttons)
    # the rooms this choice was made among, so a later change of the stay keeps this room, not the one left
    search.room_type = None
    if len(free) > len(state.offers) or offer not in state.offers:
        state.offers = free
    ctx.room_kind = kind
    reply = start_draft(ctx, offer)
    new = state.draft
    assert new is not None
    description = ctx.profile.room_descriptions.get(kind)
    changed = r.say(
        "room_changed",
        ctx.language,
        room=offer.name,
        description=f" — {description.get(ctx.language)}" if description is not None else "",
    )
    if state.pending != "confirm_booking":
        changed = _draft_line("requote", new, ctx.language)
    return Reply(f"{changed}\n{reply.text}", reply.buttons)


async def _amount_among_all_rooms(ctx: Context) -> Offer | None:
    """ "that's too much, the 1300 one is fine" after the offers of one room kind: a price none of them has,
    looked for among every room free for the same stay (the new offers then shown are those)."""
    state = ctx.state
    if state.search.room_type is None or not references.amounts_in(ctx.text):
        return None
    if any(key in ctx.entities for key in STAY_KEYS):
        return None  # "2026" beside a date is a year, not a price
    if offer_by_amount(ctx.text, state.offers) is not None:
        return None
    kept = state.search.room_type
    state.search.room_type = None
    await availability.search(ctx)
    offer = offer_by_amount(ctx.text, state.offers)
    if offer is None:
        state.search.room_type = kept
        await availability.search(ctx)
    return offer


# Words that book as well as ask: "how much is the suite? book it" is a choice.
BOOKS_TOO = re.compile(
    r"\b(?:book|reserv\w*|take it|i'?ll take|go with|quiero|me quedo|la tomo)\b", re.IGNORECASE
)


async def _price_of_an_offer(ctx: Context) -> Reply | None:
    """ "how much is the suite per night?", "¿cuánto cuesta la más barata?" among the offers shown: its price,
    then the question pending again; asking is never choosing (nor changing the room chosen)."""
    text = ctx.text
    if "?" not in text and "¿" not in text:
        return None
    # "which one is the most expensive?", "¿cuál es la más cara?": a price named in a which-question asks it too
    asked = availability.PRICE_QUESTION.search(text) or (WHICH_ONE.search(text) and names_a_price(text))
    if not asked or BOOKS_TOO.search(text):
        return None
    if availability.asks_about_other_nights(ctx) or any(key in ctx.entities for key in STAY_KEYS):
        return None  # a question about another stay or party is a re-quote
    offer = await pick_offer(ctx)
    if offer is None:
        return None
    if (room := await ctx.rooms.get(offer.room_type_id)) is not None:
        ctx.room_kind = room.kind  # "that one then" next means the room whose price was given
    line = availability.offer_line(offer, ctx.language)
    question = prompt(ctx)
    text = f"{line}\n\n{r.say('resume_booking', ctx.language, question=question.text)}"
    return Reply(text, question.buttons)


# A price asked as a difference or a comparison: "what's the price difference with the Delux?", "how much cheaper
# is the delux?", "¿cuánto más cuesta la ejecutiva?", "¿qué diferencia de precio hay con la deluxe?".
PRICE_COMPARED = re.compile(
    r"\b(?:difference|diferencia|cheaper|more expensive|less|more|m[aá]s barat[oa]|m[aá]s car[oa]|menos|m[aá]s)\b",
    re.IGNORECASE,
)


async def _price_of_another_room(ctx: Context) -> Reply | None:
    """ "hmm what's the price difference with the Delux?" once a room is chosen (at the summary, or while the name
    or email is asked), about a room kind not chosen and maybe never shown: its price per night and total for the
    same stay, and how much more or less than the room chosen; the booking as it is until the guest chooses."""
    state, draft = ctx.state, ctx.state.draft
    if draft is None or state.pending not in AFTER_CHOICE or ctx.room_kind is None:
        return None
    text = ctx.text
    asked = availability.PRICE_QUESTION.search(text) is not None
    questioned = "?" in text or "¿" in text or PRICE_COMPARED.search(text) is not None
    if not (asked and questioned) or BOOKS_TOO.search(text) or availability.BOOK_IT.search(text):
        return None
    if availability.asks_about_other_nights(ctx) or any(key in ctx.entities for key in STAY_KEYS):
        return None  # another stay or party: a re-quote
    chosen = await ctx.rooms.get(draft.room_type_id)
    if chosen is None or chosen.kind == ctx.room_kind:
        return None  # the room chosen: its own price answers elsewhere
    kinds = {rt.id: rt.kind for rt in await ctx.rooms.all()}
    offer = next(
        (o for o in await availability.offers_for_stay(ctx) if kinds.get(o.room_type_id) == ctx.room_kind),
        None,
    )
    language = ctx.language
    question = prompt(ctx)
    if offer is None:
        lead = r.say("room_kind_not_free", language, room_type=r.room_kind_name(ctx.room_kind, language))
        return Reply(
            f"{lead}\n\n{r.say('resume_booking', language, question=question.text)}", question.buttons
        )
    lines = [availability.offer_line(offer, language)]
    if offer.currency == draft.currency and offer.total_price != draft.total_price:
        difference = r.format_price(abs(offer.total_price - draft.total_price), draft.currency, language)
        key = "price_difference_less" if offer.total_price < draft.total_price else "price_difference_more"
        lines.append(
            r.say(
                key,
                language,
                difference=difference,
                room=draft.room_name,
                total=r.format_price(draft.total_price, draft.currency, language),
            )
        )
    lines.append("")
    lines.append(r.say("resume_booking", language, question=question.text))
    return Reply("\n".join(lines), question.buttons)


# A room named on its own first, then a question about its price: "ok the suite, how much in total?",
# "la de lujo, ¿cuánto sale en total?", "the delux then — what's the total for the 3 nights?".
CHOICE_THEN_QUESTION = re.compile(r"^(?P<lead>[^,;:!?¿—–]+?)\s*(?:[,;:!—–]|\s-\s|\.\s|(?=¿))\s*(?P<rest>.+)$")
QUESTION_WORD = re.compile(
    r"\b(?:how|what|which|is|are|does|do|can|could|cu[aá]nto|cu[aá]l|qu[eé]|tiene|hay)\b|\?", re.IGNORECASE
)
LEAD_WORDS_AT_MOST = 6
ACK_LEAD = re.compile(
    r"^\W*(?:ok(?:ay)?|vale|va|bueno|pues|perfect[oa]?|great|genial|alright|all right|fine|sure|right|hmm+|mmm+|"
    r"s[ií]|yes|yeah|so|then|entonces)\s*[,.!]+\s*(?=\S)",
    re.IGNORECASE,
)


async def _chosen_then_priced(ctx: Context) -> Reply | None:
    """ "ok the suite, how much in total?" among the offers shown: a room named alone, then its price asked. The
    room is chosen (the reply to a choice gives the price and total) and the booking goes on; a question alone
    ("how much is the suite?") stays a question, answered by `_price_of_an_offer`."""
    text = ACK_LEAD.sub("", ctx.text.strip(), count=1)  # "ok, the suite. How much in total?": the suite leads
    match = CHOICE_THEN_QUESTION.match(text)
    if match is None or ("?" not in text and "¿" not in text):
        return None
    lead, rest = match["lead"], match["rest"]
    if (
        len(lead.split()) > LEAD_WORDS_AT_MOST
        or QUESTION_WORD.search(lead)
        or availability.PRICE_QUESTION.search(lead)
    ):
        return None
    if not (availability.PRICE_QUESTION.search(rest) or TOTAL_ASKED.search(rest)):
        return None
    if ctx.entities.get("amenity") or ctx.entities.get("amenities") or gives_details(ctx):
        return None  # "the suite, how much with breakfast?": the extra's price is another question
    if ctx.state.choice_held or availability.asks_about_other_nights(ctx):
        return None
    search = ctx.state.search
    if any(
        key in ctx.entities and (key != "nights" or ctx.entities[key] != search.nights) for key in STAY_KEYS
    ):
        return None  # another stay or party: a re-quote first
    room_types = await ctx.rooms.all()
    kinds = {rt.id: rt.kind for rt in room_types}
    kind = references.kind_in_text(lead, room_types)
    if kind is None:
        # "the cheapest then, what's the total?": a room named by its place or price among those shown
        by_place = offer_by_position(lead, ctx.state.offers)
        kind = kinds.get(by_place.room_type_id) if by_place is not None else None
        offer = by_place
    else:
        offer = await pick_offer(ctx)
    if kind is None or references.kinds_in_text(rest, room_types) - {kind} or points_at_another_offer(rest):
        return None  # the room named in the lead only, and no other room asked about after it
    if offer is None or kinds.get(offer.room_type_id) != kind:
        return None
    reply = start_draft(ctx, offer)
    draft = ctx.state.draft
    assert draft is not None
    total = r.format_price(draft.total_price, draft.currency, ctx.language)
    if total not in reply.text:  # the name was given before: the question asked is still answered
        line = _draft_line("draft_total", draft, ctx.language)
        reply = Reply(f"{line}\n{reply.text}", reply.buttons)
    return reply


# Asking what the stay comes to: "how much is that in total?", "what's the total?", "¿cuánto es todo?".
TOTAL_ASKED = re.compile(
    r"\b(?:total|in all|all together|altogether|overall|all in|en total|todo junto|en conjunto)\b",
    re.IGNORECASE,
)


OTHER_TOPICS = INFO_INTENTS - {"room_options"}


async def _total_of_the_draft(ctx: Context) -> Reply | None:
    """ "how much is that in total?" once a room is chosen: the booking's total, then the question pending again;
    asking changes nothing."""
    draft = ctx.state.draft
    if draft is None or ctx.state.pending not in AFTER_CHOICE:
        return None
    text = ctx.text
    asked = availability.PRICE_QUESTION.search(text) or (
        TOTAL_ASKED.search(text) and ("?" in text or "¿" in text)
    )
    if not asked or BOOKS_TOO.search(text) or gives_details(ctx):
        return None
    if ctx.entities.get("amenity") or ctx.entities.get("amenities") or ctx.intent in OTHER_TOPICS:
        return None  # "how much is breakfast?", "¿y el traslado cuánto cuesta?": that topic's price
    nights = (draft.check_out - draft.check_in).days
    # "¿cuánto sería el total de las 3 noches?" about the 3 nights quoted: the same stay, asked about
    other = [
        key for key in STAY_KEYS if key in ctx.entities and (key != "nights" or ctx.entities[key] != nights)
    ]
    if other or availability.asks_about_other_nights(ctx):
        return None  # another stay or party: a re-quote
    kinds = {rt.id: rt.kind for rt in await ctx.rooms.all()}
    if ctx.room_kind is not None and ctx.room_kind != kinds.get(draft.room_type_id):
        return None  # the price of another room
    line = _draft_line("draft_total", draft, ctx.language)
    question = prompt(ctx)
    return Reply(
        f"{line}\n\n{r.say('resume_booking', ctx.language, question=question.text)}", question.buttons
    )


async def _totals_of_the_offers(ctx: Context) -> Reply | None:
    """ "what's the total for the 4 nights?" while the offers are shown: the total of the one named, or of each
    shown, then the room asked for again; asking (even about the stay already quoted) is never choosing."""
    state, text = ctx.state, ctx.text
    if state.pending != "choose_room" or not state.offers or ("?" not in text and "¿" not in text):
        return None
    if not TOTAL_ASKED.search(text) or BOOKS_TOO.search(text) or gives_details(ctx):
        return None
    if ctx.entities.get("amenity") or ctx.entities.get("amenities") or ctx.intent in OTHER_TOPICS:
        return None
    search = state.search
    said_nights = ctx.entities.get("nights")
    for key in STAY_KEYS:
        if key not in ctx.entities:
            continue
        if key != "nights" or said_nights != search.nights:
            return None  # another stay or party: a re-quote
    offer = await pick_offer(ctx) if len(state.offers) > 1 else state.offers[0]
    shown = [offer] if offer is not None else state.offers
    if offer is not None and (room := await ctx.rooms.get(offer.room_type_id)) is not None:
        ctx.room_kind = room.kind  # "ok, book that one" next means the room whose total was given
    lines = "\n".join(availability.offer_line(o, ctx.language) for o in shown)
    question = prompt(ctx)
    return Reply(
        f"{lines}\n\n{r.say('resume_booking', ctx.language, question=question.text)}", question.buttons
    )


def _draft_line(key: str, draft: Draft, language: Language) -> str:
    """The draft in one line (room, stay, guests, total) in the reply named by `key`."""
    return r.say(
        key,
        language,
        room=draft.room_name,
        stay=r.format_stay(draft.check_in, draft.check_out, language),
        guests=r.format_guests(draft.adults, draft.children, language),
        total=r.format_price(draft.total_price, draft.currency, language),
    )


async def _correction_unread_at_choice(ctx: Context) -> bool:
    """A correction cue with the rooms shown, and nothing in the message read: no stay, party, room or details."""
    if not has_correction_cue(ctx, a_no_counts=False) or DROP_WORDS.search(ctx.text):
        return False
    if any(key in ctx.entities for key in STAY_KEYS) or ctx.room_kind is not None or gives_details(ctx):
        return False
    if availability.stay_shift(ctx) is not None or availability.party_unclear(ctx) or names_a_price(ctx.text):
        return False
    return await pick_offer(ctx) is None


def has_correction_cue(ctx: Context, a_no_counts: bool = True) -> bool:
    """A correction cue in the message; with `a_no_counts` False, one other than a bare no ("no, gracias")."""
    text = NEGATION_IN_A_YES.sub(" ", ctx.folded_text)
    return CORRECTION_CUE.search(text) is not None or (a_no_counts and NO.search(text) is not None)


NO = re.compile(r"\b(?:no|not)\b")
# An apology that puts nothing right ("sí, perdona, sí", "sorry yes that's right"): said beside a yes.
APOLOGY = re.compile(r"\b(?:perdon[ae]?|disculp[ae]|lo siento|sorry|so sorry|oops|ups|uy|oh)\b")
# The words a yes is made of (folded): a yes with an apology is plain only if nothing else is said.
YES_WORDS = frozenset(
    [
        "si",
        "sip",
        "yes",
        "yeah",
        "yep",
        "yup",
        "ok",
        "okay",
        "vale",
        "va",
        "confirmo",
        "confirma",
        "confirmar",
        "confirm",
        "confirmed",
        "go",
        "ahead",
        "adelante",
        "that",
        "thats",
        "that's",
        "it",
        "its",
        "it's",
        "is",
        "right",
        "correct",
        "correcto",
        "correcta",
        "esta",
        "bien",
        "todo",
        "perfecto",
        "perfect",
        "fine",
        "sounds",
        "good",
        "all",
        "sure",
        "claro",
        "de",
        "acuerdo",
        "exacto",
        "exactly",
        "asi",
        "es",
        "eso",
        "please",
        "por",
        "favor",
        "porfa",
        "pls",
        "book",
        "reservala",
        "hazla",
        "proceed",
        "do",
    ]
)


OK_FIRST = re.compile(r"^(?:ok|okay|vale|va)\s+")


def apologetic_yes(folded: str) -> bool:
    """A yes with only an apology beside it: no correction in it, so a plain yes ("sí perdón, confirmo");
    "sí, perdona, mejor el 15" says more and stays a change."""
    if APOLOGY.search(folded) is None:
        return False
    words = re.findall(r"[a-z']+", APOLOGY.sub(" ", folded))
    said = " ".join(words)
    yes = YES_FIRST.match(said) or YES_FIRST.match(OK_FIRST.sub("", said))  # "ok sorry yes book it"
    return bool(words) and yes is not None and all(w in YES_WORDS for w in words)


def _drop_or_ask(ctx: Context) -> Reply:
    """A no while the details or the yes are asked: the booking dropped, unless the no puts something right that
    was not read ("no, espera, me equivoqué"): that is asked about, the booking kept."""
    if has_correction_cue(ctx, a_no_counts=False) and not DROP_WORDS.search(ctx.text):
        return correction_not_caught(ctx)
    return _drop(ctx)


def _choice_held(ctx: Context) -> Reply:
    """The rooms shown again after a correction not read, none taken as chosen until it is answered."""
    ctx.state.choice_held = True
    question = prompt(ctx)
    offers = "\n".join(availability.offer_line(o, ctx.language) for o in ctx.state.offers)
    lead = r.say("correction_not_caught", ctx.language)
    return Reply(f"{lead}\n{offers}\n{question.text}", question.buttons)


def change_of_this_booking_unread(ctx: Context) -> Reply | None:
    """A change asked for while this booking is put together (a room to choose, or the details or the yes
    pending) that was not read: said so, this booking shown again; None when no booking is under way."""
    state = ctx.state
    if state.pending == "choose_room" and state.offers:
        return _choice_held(ctx)
    if state.draft is not None and state.pending in AFTER_CHOICE:
        return correction_not_caught(ctx)
    return None


def correction_not_caught(ctx: Context) -> Reply:
    """A correction the agent could not read: said so, with what it has; nothing changed. At the summary, a yes
    to this gets the summary again first (a yes to "what should I change?" is no yes to the booking)."""
    state, language = ctx.state, ctx.language
    draft = state.draft
    assert draft is not None
    lead = r.say("correction_not_caught", language)
    if state.pending == "confirm_booking":
        again = summary(ctx)
        state.summary_turn = None
        return Reply(f"{lead}\n{again.text}", again.buttons)
    if state.pending in ("ask_name", "ask_last_name", "ask_email"):
        draft.correction_unread = True
    question = prompt(ctx)
    return Reply(f"{lead}\n{_draft_line('draft_total', draft, language)}\n{question.text}", question.buttons)


def yes_and_nothing_more(ctx: Context) -> bool:
    """A message that opens with a go-ahead and says nothing else that could change the booking: every word of it
    a yes, thanks, or looking forward to coming. Anything else beside it (a name, a party, a question) is not it."""
    if ctx.entities or "?" in ctx.text or "¿" in ctx.text:
        return False
    return only_a_yes(ctx.folded_text)


def only_a_yes(folded: str) -> bool:
    folded = folded.replace("\u2019", "'")  # "we’re" typed on a phone
    if GO_AHEAD_FIRST.match(folded) is None:
        return False
    return not re.sub(r"[\W_]+", "", NOTHING_MORE_THAN_YES.sub(" ", folded))


# A yes, then after a comma two or three bare words: "sí porfa, marta gil", "yes please, helen brooks".
YES_THEN_WORDS = re.compile(r"^(?P<yes>[^,]+),\s*(?P<rest>[a-z]+(?: [a-z]+){1,2})\W*$")
NAME_MIN_LETTERS = 3  # "spot on", "is ok", "me sirve": words this short are no name typed in lower case


def name_after_a_yes(ctx: Context) -> tuple[str, str] | None:
    """A name typed in lower case after a plain yes and a comma, none of its words one a yes is made of or a
    short word; the summary's own name given again is no change."""
    if (
        any(key in ctx.entities for key in STAY_KEYS)
        or (name := lower_case_name_after_yes(ctx.folded_text)) is None
    ):
        return None
    guest = ctx.state.guest
    shown = references.fold(f"{guest.first_name or ''} {guest.last_name or ''}").split()
    return None if references.fold(f"{name[0]} {name[1]}").split() == shown else name


# Words no lower-case name is made of: a yes's own, and the NLP's ordinary words ("todo perfecto", "all good").
ORDINARY_WORDS = (
    YES_WORDS
    | NOT_NAME_WORDS
    | NOT_LAST_NAME_WORDS
    | references.STOP
    | NOT_IN_LOWER_INTRO
    | NOT_A_NAME_WORDS
    | NOT_A_NAME
    | NAME_STOP_WORDS
    | {"todo", "works", "working", "mate", "bro", "amigo", "tio", "guey", "wey", "crack", "jefe", "boss"}
)
# "perfectly", "totalmente": an adverb is no part of a name.
ADVERB = re.compile(r"(?:[a-z]{3}ly|mente)$")


# An ok that takes the one room offered, though never a yes to the summary: "vale, marta ruiz", "ok, tessa boyd".
OK_LEAD = re.compile(r"^\W*(?:ok(?:ay|ey)?|vale|dale|va|bueno|listo|perfect[oa]?|great|genial|alright)\W*$")


def lower_case_name_after_yes(folded: str, ok_counts: bool = False) -> tuple[str, str] | None:
    """A plain yes, a comma, and a name typed in lower case ("sí porfa, marta gil"); with `ok_counts` an ok or
    vale leads it too ("vale, marta ruiz")."""
    match = YES_THEN_WORDS.match(folded)
    if match is None or not (only_a_yes(match["yes"]) or (ok_counts and OK_LEAD.match(match["yes"]))):
        return None
    words = match["rest"].split()
    if any(
        len(w) < NAME_MIN_LETTERS or w in ORDINARY_WORDS or NOTHING_MORE_THAN_YES.fullmatch(w) for w in words
    ):
        return None
    if any(ADVERB.search(w) for w in words):
        return None  # "yes, works perfectly": words of praise, never "Works Perfectly" booked on the next yes
    if NOTHING_MORE_THAN_YES.search(match["rest"]) or CORRECTION_CUE.search(match["rest"]):
        return None
    name = split_name(match["rest"])
    return name if name is not None and name[1] else None


def _lower_case_name_with_a_yes(ctx: Context) -> tuple[str, str] | None:
    """ "sure, tessa boyd", "vale, marta ruiz": a plain yes, then a name in lower case (as typed, accents kept)."""
    if (
        any(key in ctx.entities for key in STAY_KEYS)
        or lower_case_name_after_yes(ctx.folded_text, True) is None
    ):
        return None
    typed = ctx.text.split(",", 1)
    return split_name(typed[1]) if len(typed) == 2 else None


# A go-ahead in so many words, in English or Spanish (folded): a yes made only of pleasantries needs one.
EXPLICIT_YES = re.compile(
    r"\b(?:yes+|yeah|yep|yup|si+|sip|sure|claro|of course|por supuesto|confirm(?:o|a|ed)?|confirm(?:a|e)l[ao]|"
    r"go ahead|go for it|book it|proceed|procede|adelante|res[eé]rva(?:la|lo|mela)|hazl[ao]|do it|dale)\b"
)
# Season's greetings in a few languages (folded): "frohe Weihnachten", "felices fiestas", "happy new year".
GREETINGS = re.compile(
    r"\b(?:(?:merry|happy) (?:christmas|xmas|holidays|new year|easter)|season'?s greetings|"
    r"feli(?:z|ces) (?:navidad(?:es)?|ano(?: nuevo)?|fiestas|pascuas?|natal)|prospero ano nuevo|"
    r"frohe (?:weihnachten|ostern|feiertage)|frohes (?:fest|neues(?: jahr)?)|joyeux noel|bonne annee|buon natale|"
    r"buon anno|bom natal|feliz ano novo)\b"
)
# What the summary's yes may come wrapped in (folded), though no yes itself: a yes in another language, a laugh,
# a greeting or thanks in any language, "I mean" (a slip put right), "as it is".
YES_WRAPPINGS = re.compile(
    r"\b(?:sim|ja|jawohl|oui|ouais|da|tak|sì|hai|evet|jes|"
    r"(?:ha|he|ja|je|ah)(?:ha|he|ja|je|ah)+h?|lol|lmao|xd+|"
    r"it|and|so|then|just|y|pues|entonces|i mean|i meant|digo|quiero decir|o sea|osea|quer dizer|sorry|perdon|oops|ups|"
    r"as (?:it is|it'?s|it stands|is)(?: now)?|like that|tal (?:cual|como esta)|asi(?: como esta)?|como esta|"
    r"merci(?: beaucoup)?|danke(?: schon| sehr)?|grazie(?: mille)?|obrigad[oa]|arigato|"
    r"(?:to )?(?:you(?: all| too)?|all of you|everyone|everybody)|(?:a|para) todos|a (?:ti|usted(?:es)?)(?: tambien)?|"
    r"hello|hi|hey|hola|buenas|bonjour|salut|ciao|ola)\b|" + GREETINGS.pattern
)
# "no, that's fine", "no, nada que cambiar": the no of "no change" (folded), before a go-ahead.
NO_CHANGE = re.compile(
    r"\b(?:nothing to (?:change|fix|add)|no (?:changes?|need to change(?: anything)?)|(?:that'?s|it'?s|its|all|"
    r"everything'?s|everything is|everything) (?:fine|good|ok|okay|correct|right|perfect)|all (?:fine|correct|ok)|"
    r"(?:it|that) (?:looks|is) (?:fine|good|right|correct)|(?:todo )?(?:esta|estan) (?:bien|correct[oa]s?|perfect[oa]s?)|"
    r"todo (?:bien|correcto|perfecto|ok)|nada que (?:cambiar|corregir|anadir)|(?:sin|ningun) cambios?|"
    r"no hace falta (?:cambiar )?nada|asi (?:esta )?bien|es correcto)\b"
)
NO_FIRST = re.compile(r"^\W*(?:(?:no+|nope|nah)\b\W*)+")


def plain_yes_at_summary(ctx: Context) -> bool:
    """A yes to the summary just shown, whatever it comes wrapped in: "sim! I mean yes 😂", "yes perfect, frohe
    Weihnachten!", "no, that's fine, confirm as it is", "no, todo bien así, adelante". Every word of it a yes, a
    pleasantry or "nothing to change", and a go-ahead said in so many words; a no is only the no of "no change".
    Anything else beside it (a change, a question, "no, wait") is read as ever."""
    state = ctx.state
    if state.pending != "confirm_booking" or state.draft is None or state.draft.correction_unread:
        return False
    if state.summary_turn != state.turn - 1 or "?" in ctx.text or "¿" in ctx.text:
        return False
    return wrapped_yes(ctx.folded_text)


def wrapped_yes(folded: str) -> bool:
    """The words of `plain_yes_at_summary` (folded): a go-ahead and nothing but what a yes comes wrapped in."""
    folded = folded.replace("\u2019", "'")
    said_no_change = NO_CHANGE.search(folded) is not None
    rest = NO_CHANGE.sub(" ", folded)
    if (no := NO_FIRST.match(rest)) is not None:
        if not said_no_change:
            return False  # "no", "no, wait": never a yes
        rest = rest[no.end() :]
    if EXPLICIT_YES.search(rest) is None:
        return False
    rest = YES_WRAPPINGS.sub(" ", NOTHING_MORE_THAN_YES.sub(" ", EXPLICIT_YES.sub(" ", rest)))
    return not re.sub(r"[\W_]+", "", rest)


def _summary_again(ctx: Context) -> Reply:
    again = summary(ctx)
    return Reply(f"{r.say('summary_yes_with_more', ctx.language)}\n{again.text}", again.buttons)


# A no to "anything to change?" that keeps the booking as it is, with no go-ahead (folded text): "no, that's
# fine", "nope, all good", "no, así está bien", "no, todo correcto gracias".
NOTHING_TO_CHANGE = re.compile(
    r"^\W*(?:no+|nope|nah|nop)(?:[\s,.!]+no+)?[\s,.!]+(?:(?:that'?s|thats|it'?s|its|everything'?s|everything is|all|"
    r"looks|it looks|everything looks|all is|esta|asi|asi esta|asi esta todo|todo|todo esta|esta todo|"
    r"todo se ve|se ve)\s+)?(?:all\s+)?(?:fine|good|ok|okay|correct|right|perfect|great|bien|correcto|perfecto|ok|genial)"
    r"(?:[\s,.!]+(?:thanks|thank you|thx|gracias))?[\s.!]*$"
)


def _summary_held(ctx: Context) -> Reply:
    again = summary(ctx)
    return Reply(f"{r.say('summary_held', ctx.language)}\n{again.text}", again.buttons)


def asks_info(ctx: Context) -> bool:
    """A question about the hotel (not about the booking's own slots): answered as an aside."""
    if any(key in ctx.entities for key in STAY_KEYS):
        return False  # "¿y si nos quedamos hasta el 7?": a question about the stay changes the stay
    if availability.whole_stay_moved(ctx.folded_text) is not None:
        return False  # "¿podemos pasarlo una semana más tarde?": the stay moved, never the late check-out
    return ctx.intent in INFO_INTENTS and ("?" in ctx.text or "¿" in ctx.text)


STAY_KEYS = ("check_in", "check_out", "nights", "adults", "children", "rooms")


def _topic_named(ctx: Context) -> bool:
    return bool(ctx.entities.get("amenity") or ctx.entities.get("amenities"))


def same_stay_beside_a_question(ctx: Context) -> bool:
    """A hotel question while the details are asked, whose dates or party read are the booking's own ("we are 2
    adults, can we bring the dog?"): nothing changes, the question is answered."""
    draft = ctx.state.draft
    if draft is None or ctx.state.pending not in AFTER_CHOICE or ctx.intent not in INFO_INTENTS:
        return False
    if "?" not in ctx.text and "\u00bf" not in ctx.text and ctx.intent != "amenities":
        return False
    booked: dict[str, object] = {
        "check_in": draft.check_in.isoformat(),
        "check_out": draft.check_out.isoformat(),
        "nights": (draft.check_out - draft.check_in).days,
        "adults": draft.adults,
        "children": draft.children,
        "rooms": draft.rooms,
    }
    read = {key: ctx.entities[key] for key in STAY_KEYS if key in ctx.entities}
    if not read or ctx.room_kind is not None:
        return False
    return all(
        (as_int(value) if key not in ("check_in", "check_out") else str(value)) == booked[key]
        for key, value in read.items()
    )


# An assent, maybe who it is, then a name in lower case (folded): "ok li wu", "sure, it's mei chen", "vale, soy ana
# paz", "yes it's bo li".
ASSENT_THEN_NAME = re.compile(
    r"^\W*(?:(?:ok(?:ay|ey)?|sure|yes|yeah|yep|yup|alright|right|vale|claro|si|bueno|dale|va|listo|perfect[oa]?|"
    r"great|genial|de acuerdo)\b[\s,.;:!\-]*){1,2}"
    r"(?:(?:it'?s|its|it is|i'?m|im|i am|this is|my name is|my name'?s|name'?s|the name is|soy|me llamo|es|"
    r"mi nombre es|a nombre de|under|for)\s+)?"
    r"(?P<name>[a-z][a-z'\-]*(?:\s+[a-z][a-z'\-]*){1,2})\W*$"
)


def assent_then_name(ctx: Context) -> tuple[str, str] | None:
    """Where the name is asked, "ok li wu", "vale, soy ana paz": the name after the assent, short words and all
    (none of them a word a yes, a room or a date is made of)."""
    if ctx.entities.keys() - {"name"} or ctx.room_kind is not None:
        return None
    return name_after_an_assent(ctx.folded_text, ctx.text)


# Chat words after an ok (folded), never a name: "ok then bye", "ok talk later", "vale, hasta luego".
CHAT_WORDS = frozenset(
    {"bye", "byee", "cya", "ttyl", "later", "then", "soon", "now", "talk", "speak", "chat", "wait", "hold", "moment",
     "sec", "second", "minute", "think", "maybe", "anyway", "whatever", "adios", "chao", "chau", "hasta", "luego",
     "momento", "minuto", "espera", "pienso", "quizas", "igual", "vez"}
)  # fmt: skip


def name_after_an_assent(folded: str, text: str) -> tuple[str, str] | None:
    """The name in "ok li wu" (`folded`), as typed in `text`; None when the words after the assent are no name."""
    match = ASSENT_THEN_NAME.match(folded.replace("\u2019", "'"))
    if match is None or DROP_WORDS.search(folded) or NEGATION.search(match["name"]):
        return None
    words = match["name"].split()
    if any(
        w in ORDINARY_WORDS
        or w in CHAT_WORDS
        or w in CALENDAR_WORDS
        or w in ROOM_KIND_WORDS
        or NOTHING_MORE_THAN_YES.fullmatch(w)
        or ADVERB.search(w)
        or len(w) < 2
        for w in words
    ):
        return None
    if any(pattern.search(match["name"]) for pattern in (NOTHING_MORE_THAN_YES, CORRECTION_CUE, GREETINGS)):
        return None
    typed = text.split()[-len(words) :]  # as typed, accents kept
    return split_name(" ".join(w.strip(".,;:!") for w in typed))


def typed_name(ctx: Context) -> tuple[str, str] | None:
    """A message that is a person's name (an email beside it allowed): read as such when the NLP is unsure
    or when it is typed as a name, capitalised ("Elijah Price", "Harper King")."""
    if any(key in ctx.entities for key in ("check_in", "check_out", "nights", "adults", "children", "rooms")):
        return None
    if mentions_an_offer(ctx.text) or kind_by_feature_named(ctx) is not None:
        return None  # "cheapest", "the second one", "the one with the balcony": a room, not a name
    text = without_email(ctx.text)
    name = split_name(text)
    if name is None:
        return None
    words = name_words(text)
    capitalised = all(word[:1].isupper() for word in words)
    if capitalised:
        return name
    if find_email(ctx.text) and ctx.state.pending not in ("ask_name", "ask_last_name"):
        # "sry typo, ann.lee@example.com" where no name is asked: the words beside an email are its lead-in
        return None
    return name if reads_as_free_text(ctx) and ctx.room_kind is None else None  # not "better the suite"


DATE_KEYS = ("check_in", "check_out", "nights")
# Words that name a day or a season by themselves: a "name" made only of these is a date ("Easter Sunday",
# "Next Friday", "Semana Santa"); one other word in it makes it a person's name ("Pilar Domingo").
CALENDAR_WORDS = (
    frozenset(MONTHS)
    | frozenset(WEEKDAYS)
    | frozenset(
        {
            "next",
            "this",
            "coming",
            "weekend",
            "week",
            "finde",
            "eve",
            "day",
            "days",
            "night",
            "morning",
            "evening",
            "afternoon",
            "year",
            "years",
            "new",
            "holy",
            "easter",
            "christmas",
            "xmas",
            "semana",
            "santa",
            "pascua",
            "pascuas",
            "navidad",
            "navidades",
            "nochebuena",
            "nochevieja",
            "noche",
            "buena",
            "vieja",
            "ano",
            "nuevo",
            "puente",
            "fin",
            "today",
            "tonight",
            "tomorrow",
            "hoy",
            "manana",
            "tarde",
            "proximo",
            "proxima",
            "accion",  # "Acción de Gracias"
            "gracias",
            "thanksgiving",
            "black",
            "cyber",
        }
    )
)


# Said to be a name in so many words.
NAMED = re.compile(
    r"^\s*(?:mi nombre es|me llamo|a nombre de|my name is|my name's|name:|nombre:)\s", re.IGNORECASE
)


def holiday_read_as_name(name: str) -> bool:
    """ "Acción de Gracias", "Black Friday" read as a person's name: every word names a day or a holiday."""
    words = [references.fold(word).lower() for word in name.split()]
    return all(word in CALENDAR_WORDS or word in ("de", "del", "la", "el") for word in words)


def name_with_calendar_words(ctx: Context) -> tuple[str, str] | None:
    """A full name typed as one (every word capitalised, nothing else) whose words also name a day, a month or
    a holiday, read only as dates by the NLP."""
    if (
        ctx.state.pending not in STEPS
        or not any(key in ctx.entities for key in DATE_KEYS)
        or re.search(r"\d", without_email(ctx.text))
    ):
        return None
    if any(key in ctx.entities for key in ("adults", "children", "rooms")) or ctx.room_kind is not None:
        return None
    if mentions_an_offer(ctx.text):
        return None
    text = without_email(ctx.text)
    name = split_name(text)
    words = name_words(text)
    if name is None or not name[1] or not 2 <= len(words) <= 4:
        return None
    if not all(word[:1].isupper() for word in words):
        return None
    if all(references.fold(word).lower() in CALENDAR_WORDS for word in words) and not NAMED.match(text):
        return None  # "Easter Sunday", "Next Friday": dates; "me llamo Domingo Viernes": a name
    return name


def kind_by_feature_named(ctx: Context) -> str | None:
    """The one room kind whose description has what the message points at, among all the hotel's kinds."""
    return references.kind_by_feature_named(ctx.text, ctx.profile, ctx.language)


def gives_details(ctx: Context) -> bool:
    """A name or an email for the booking."""
    if "email" in ctx.entities or find_email(ctx.text) or "name" in ctx.entities:
        return True
    return typed_name(ctx) is not None


def _changes_the_stay(ctx: Context) -> bool:
    """A message naming dates, guests or a room (by kind, price, position or feature) while the guest's
    details are asked: a correction."""
    if "name" in ctx.entities or "email" in ctx.entities or find_email(ctx.text) or asks_info(ctx):
        return False
    if availability.asks_about_other_nights(ctx):
        return False  # "how much is an extra night?": answered, the booking as it was
    if ctx.room_kind is not None or points_at_another_offer(ctx.text):
        return True
    if availability.stay_shift(ctx) is not None:
        return True  # "llegamos un día antes", "una noche más"
    if kind_by_feature_named(ctx) is not None or availability.party_unclear(ctx):
        return True  # "sí, somos 2 adultos y 2 gurises": the party asked for again, never booked as read
    return any(key in ctx.entities for key in availability.SEARCH_KEYS)


def corrects_the_declined(ctx: Context) -> bool:
    """After a no to the summary, new dates, guests, room, name or email: that booking put right."""
    if "name" in ctx.entities or "email" in ctx.entities or find_email(ctx.text):
        return not asks_info(ctx)
    return _changes_the_stay(ctx) or corrected_name(ctx.text) is not None


# A full name typed first, before a comma: "Ana Pérez, ah y se suma mi hijo".
LEADING_NAME = re.compile(rf"^\s*([{UPPER_LETTERS}][\w'-]+(?: [{UPPER_LETTERS}][\w'-]+){{1,2}})\s*,")


def _leading_name(ctx: Context) -> tuple[str, str] | None:
    match = LEADING_NAME.match(ctx.text)
    if match is None or ctx.room_kind is not None:
        return None
    name = split_name(match[1])
    return name if name is not None and name[1] else None


def _details_and_change(ctx: Context) -> bool:
    """A name or an email given with a change of the stay, guests or children in the same message."""
    if not any(key in ctx.entities for key in availability.STAY_CHANGE_KEYS):
        return False
    return "name" in ctx.entities or "email" in ctx.entities or _leading_name(ctx) is not None


def _counts_a_change(ctx: Context) -> bool:
    """Beside a name change, a change of the stay said with a number ("2 kids, not 1", "3 nights"): "my son's
    name" alone is no child added."""
    changes = any(key in ctx.entities for key in availability.STAY_CHANGE_KEYS)
    return changes and re.search(r"\d", ctx.folded_text.replace(find_email(ctx.text) or "", " ")) is not None


def _keep_leading_name(ctx: Context) -> None:
    if "name" not in ctx.entities and (name := _leading_name(ctx)) is not None:
        ctx.state.guest.first_name, ctx.state.guest.last_name = name


def _drop(ctx: Context) -> Reply:
    # turned down at the summary, everything settled: a correction said next puts that booking right
    ctx.state.declined = ctx.state.draft if ctx.state.pending == "confirm_booking" else None
    ctx.state.draft = None
    ctx.state.pending = None
    return r.text_reply("booking_declined", ctx.language, r.menu_buttons(ctx.language)[:1])


async def _chosen_before_ruled_out(ctx: Context, offers: list[Offer]) -> Offer | None:
    """'the balcony room please, not the cheapest', 'the double, not the suite': the one room named (by kind or
    feature) before the one ruled out, when it is not that one; else None (asked)."""
    folded = references.without_days(references.fold(ctx.text))
    ruled_out = references.RULED_OUT.search(folded)
    if ruled_out is None or not (head := folded[: ruled_out.start()]).strip():
        return None
    room_types = await ctx.rooms.all()
    kinds = {rt.id: rt.kind for rt in room_types}
    shown = [kinds.get(o.room_type_id, "") for o in offers]
    unpriced = DEAREST.sub(" ", CHEAPEST.sub(" ", head))
    kind = references.kind_in_text(head, room_types) or kind_by_feature(
        unpriced, ctx.profile, shown, ctx.language
    )
    chosen = [o for o in offers if kind is not None and kinds.get(o.room_type_id) == kind]
    if len(chosen) != 1:
        return None
    put_aside = re.split(r"[,.;]", folded[ruled_out.start() :], maxsplit=1)[0]
    excluded = [offer_by_price(put_aside, offers), offer_by_position(put_aside, offers)]
    excluded += [
        o for o in offers if kinds.get(o.room_type_id) in references.kinds_in_text(put_aside, room_types)
    ]
    return None if chosen[0] in excluded else chosen[0]


async def pick_offer(ctx: Context) -> Offer | None:
    """The offer the guest means: a button, an option number, a room kind or name, a position or price
    ("the cheapest", "la segunda"), a feature ("the one with the balcony"), or the only one shown."""
    offers = ctx.state.offers
    if not offers:
        return None
    if ctx.button_room_type_id is not None:
        return next((o for o in offers if o.room_type_id == ctx.button_room_type_id), None)
    if (by_amount := offer_by_amount(ctx.text, offers)) is not None:
        return by_amount  # "the one at 1820 a night", "la de 2340 la noche"
    corrected, standing = references.corrected_choice(ctx.text)
    if corrected:
        # "the second, no wait, the third": only what stands chooses; "not the cheapest, the next one" is asked
        chosen = references.offer_still_chosen(standing, offers)
        return chosen if chosen is not None else await _chosen_before_ruled_out(ctx, offers)
    placed, by_place = references.offer_by_place(ctx.text, offers)
    if placed:
        # "the second to last", "la de en medio", "the one after the cheapest": that place or none (asked),
        # never the room the words "second" or "cheapest" alone would name
        return by_place
    option = ctx.entities.get("option")  # "the second one", "opción 2": 1-based, in the order shown
    kinds = {rt.id: rt.kind for rt in await ctx.rooms.all()}
    if isinstance(option, int) and 1 <= option <= len(offers):
        by_option = offers[option - 1]
        if ctx.room_kind is None or kinds.get(by_option.room_type_id) == ctx.room_kind:
            return by_option
        # "la familiar, que vamos con un montón de maletas": the room named wins over a number read in passing, as
        # it does over a place ("the first one, the suite")
    if len(await availability.several_kinds(ctx)) >= 2:
        return None  # "una doble y una suite": which one for the rooms is asked, never the first taken
    if ctx.room_kind is not None:
        by_kind = [o for o in offers if kinds.get(o.room_type_id) == ctx.room_kind]
        return by_kind[0] if len(by_kind) == 1 else None
    if not any(key in ctx.entities for key in availability.SEARCH_KEYS):
        # before the price or place: "mejor la del balcón, que es más barata" names one room by what it has; the price
        # words only say why
        shown = [kinds.get(o.room_type_id, "") for o in offers]
        # the price words taken out first: "the most expensive" is a price, not the "most luxurious" room
        unpriced = DEAREST.sub(" ", CHEAPEST.sub(" ", references.fold(ctx.text)))
        feature_kind = kind_by_feature(unpriced, ctx.profile, shown, ctx.language)
        if feature_kind is not None:
            return next(o for o in offers if kinds.get(o.room_type_id) == feature_kind)
    compared = [o for o in offers if kinds.get(o.room_type_id) in info.compared_just_before(ctx)]
    if len(compared) >= 2 and (by_price := offer_by_price(ctx.text, compared)) is not None:
        return by_price  # "the double or the twin?" answered, then "the pricier one": of those two
    dated = "check_in" in ctx.entities or "check_out" in ctx.entities
    if not dated and (by_position := offer_by_position(ctx.text, offers)) is not None:
        return by_position
    if (by_price := offer_by_price(ctx.text, offers)) is not None:
        return by_price  # "del 14 al 16 de junio para 2, la más barata"
    if len(offers) == 1 and (ctx.intent in ("make_reservation", "affirm") or refers_to_that_one(ctx.text)):
        held = _instead_of_asked(ctx) or ctx.state.choice_held
        if held and gives_details(ctx) and not refers_to_that_one(ctx.text):
            # "yes, Helen Carter" under a room shown instead of the one asked for, or after a correction not
            # read: no choice made
            return None
        return offers[0]
    state = ctx.state
    if refers_to_that_one(ctx.text) and state.last_room_kind_turn == state.turn - 1:
        # "which one has a balcony?" answered with one room, then "that one then": that room
        by_kind = [o for o in offers if kinds.get(o.room_type_id) == state.last_room_kind]
        return by_kind[0] if len(by_kind) == 1 else None
    return None


# Taking the room just asked about: "esa quiero", "me quedo con esa", "I'll take that one", "book that one".
TAKES_THAT_ONE = re.compile(
    r"\b(?:(?:esa|ese|that one|that)\s+(?:quiero|me quedo|prefiero|please|por favor|porfa|then|entonces|i want|"
    r"i'?ll take|we'?ll take)|(?:quiero|me quedo con|prefiero|dame|reserva(?:me)?|cambia(?:me)? a|ponme)\s+(?:esa|ese)|"
    r"(?:i'?ll take|we'?ll take|i want|we want|book|give me|switch (?:me )?to|i'?d like|i prefer)\s+(?:that|that one|it)|"
    r"(?:ok|vale|pues)\s+(?:esa|ese|that one)|"
    # "esa está bien", "that one's fine", "me la quedo", "la quiero"
    r"(?:esa|ese|that one|that|it)(?:['’]s| is| esta| está)?\s+(?:(?:is|está|esta)\s+)?(?:bien|fine|ok|okay|good|perfect[oa]?|great)|"
    r"(?:me|nos) (?:la|lo) (?:quedo|quedamos|llevo|llevamos)|(?:la|lo) (?:quiero|queremos|tomo|tomamos|reservo))\b",
    re.IGNORECASE,
)


async def _price_asked_and_taken(ctx: Context) -> Reply | None:
    """ "¿cuál es la más barata? esa está bien", "which one is the cheapest? I'll take it" with the rooms shown:
    the room the price question points at is chosen (asking alone never is)."""
    asked, _, after = ctx.text.rpartition("?")
    if not asked or not WHICH_ONE.search(asked) or not TAKES_THAT_ONE.search(after):
        return None
    if not names_a_price(asked) or gives_details(ctx) or any(key in ctx.entities for key in STAY_KEYS):
        return None
    offer = offer_by_price(asked, ctx.state.offers)
    return start_draft(ctx, offer) if offer is not None else None


async def _asked_by_feature_then_taken(ctx: Context) -> str | None:
    """The room kind asked about by a feature and taken in the same message ("¿cuál tiene vista al mar? esa
    quiero", "which one has the balcony? I'll take that one"), when it is another room than the one chosen."""
    text = ctx.text
    if "?" not in text or not WHICH_ONE.search(text):
        return None
    asked, _, after = text.rpartition("?")
    if not TAKES_THAT_ONE.search(after) or ctx.room_kind is not None:
        return None
    # "which one" is the pointer itself: "¿cuál trae escritorio?" needs no "with" / "que tiene"
    kind = references.kind_by_feature(asked, ctx.profile, list(ctx.profile.room_descriptions), ctx.language)
    draft = ctx.state.draft
    if kind is None or draft is None:
        return None
    chosen = await ctx.rooms.get(draft.room_type_id)
    return kind if chosen is None or chosen.kind != kind else None


async def _offer_of_the_kind_wanted(ctx: Context) -> Offer | None:
    """The one offer shown of the room kind whose feature the guest wanted before the list (none when no
    feature singled out one room, or that room is not among those shown)."""
    wanted = ctx.state.wanted_kind
    if wanted is None:
        return None
    kinds = {rt.id: rt.kind for rt in await ctx.rooms.all()}
    of_kind = [o for o in ctx.state.offers if kinds.get(o.room_type_id) == wanted]
    return of_kind[0] if len(of_kind) == 1 else None


def _instead_of_asked(ctx: Context) -> bool:
    """The rooms shown are not the kind the guest asked for (it had none free): the guarantee is that one of
    them is booked only when the guest chooses it, never because they went on with their name or email."""
    return ctx.state.search.kind_unavailable is not None


WHICH_ONE = re.compile(r"\b(?:which|what|cu[aá]l|qu[eé])\b", re.IGNORECASE)
# Asking whether one of the rooms has something: "is there a room with a sea view?", "¿hay alguna con balcón?".
ANY_WITH = re.compile(
    r"\b(?:is there|are there|do you have|have you got|got|any|anything|hay|tienen|ten[eé]is|tiene)\b",
    re.IGNORECASE,
)


async def _which_offer_has(ctx: Context) -> Reply | None:
    """ "which one has a balcony?" among the offers shown: the one that has it, with its price; the room is
    remembered so that "that one" next means it. Asking is never choosing."""
    text = ctx.text
    if ("?" not in text and "¿" not in text) or ctx.room_kind is not None:
        return None
    if not (WHICH_ONE.search(text) or ANY_WITH.search(text)) or gives_details(ctx):
        return None
    offers = ctx.state.offers
    kinds = {rt.id: rt.kind for rt in await ctx.rooms.all()}
    shown = [kinds.get(o.room_type_id, "") for o in offers]
    kind = kind_by_feature(references.fold(text), ctx.profile, shown, ctx.language)
    offer = next((o for o in offers if kinds.get(o.room_type_id) == kind), None)
    if kind is None or offer is None:
        return None
    ctx.room_kind = kind
    line = availability.offer_line(offer, ctx.language)
    question = prompt(ctx)
    return Reply(
        f"{line}\n\n{r.say('resume_booking', ctx.language, question=question.text)}", question.buttons
    )


# A question tagged on to what was just said ("que tiene balcón ¿no?", "it has a balcony, right?").
TAG_QUESTION = re.compile(
    r"(?:\bno|\bverdad|\bcierto|\bright|\bcorrect|\bisn'?t it|\bdoesn'?t it|\byes|\beh)\s*\?+\s*$",
    re.IGNORECASE,
)


async def _choice_with_its_feature(ctx: Context) -> Reply | None:
    """ "vale, pues la doble, que tiene balcón ¿no?" among the offers shown: the room named is chosen (a choice
    made, the question only checking what it has) and the check answered, when what is asked about is that room's
    own; any other question about the rooms is answered without choosing."""
    text = ctx.text
    if ctx.room_kind is None or not (TAG_QUESTION.search(text) or BOOKS_TOO.search(text)):
        return None
    if any(key in ctx.entities for key in STAY_KEYS) or await _several_kinds_named(ctx):
        return None
    offer = await pick_offer(ctx)
    kinds = {rt.id: rt.kind for rt in await ctx.rooms.all()}
    if offer is None or kinds.get(offer.room_type_id) != ctx.room_kind:
        return None
    folded = references.fold(text)
    if (
        kind_by_feature(folded, ctx.profile, list(ctx.profile.room_descriptions), ctx.language)
        != ctx.room_kind
    ):
        return None
    description = ctx.profile.room_descriptions[ctx.room_kind].get(ctx.language)
    answer = r.say("room_has", ctx.language, room=offer.name, description=description)
    reply = start_draft(ctx, offer)
    return Reply(f"{answer}\n{reply.text}", reply.buttons)


async def _several_kinds_named(ctx: Context) -> bool:
    return len(references.kinds_in_text(ctx.text, await ctx.rooms.all())) > 1


def start_draft(ctx: Context, offer: Offer) -> Reply:
    search = ctx.state.search
    assert search.check_in and search.check_out and search.adults  # offers exist only for a full search
    ctx.state.draft = Draft(
        room_type_id=offer.room_type_id,
        room_name=offer.name,
        check_in=search.check_in,
        check_out=search.check_out,
        adults=search.adults,
        children=search.children,
        rooms=search.rooms,
        total_price=offer.total_price,
        currency=offer.currency,
        nightly_price=offer.nightly_price,
        month_implied=search.month_implied,
        guests_inferred=search.guests_inferred,
    )
    return advance(ctx)


def _same_name(name: tuple[str, str], shown: tuple[str | None, str | None]) -> bool:
    return (
        references.fold(" ".join(name)).split() == references.fold(" ".join(p or "" for p in shown)).split()
    )


def _differs_from_summary(ctx: Context, name: tuple[str, str]) -> bool:
    """The summary's name given again changed ("Ana Guerrero" -> "Ana Guerrero Lara"), or another name typed beside
    the yes ("sí porfa, Marta Gil" under "Ana Lara"): a yes with it is a change, never a go-ahead. A word shared, or
    a name typed as one and made of no yes-words, so that a yes misread as a name ("Sounds Good") still books."""
    guest = ctx.state.guest
    shown = references.fold(f"{guest.first_name or ''} {guest.last_name or ''}").split()
    given = references.fold(f"{name[0]} {name[1]}").split()
    if given == shown:
        return False
    return (
        bool(set(given) & set(shown))
        or another_name_typed(ctx.text, given)
        or name_after_a_yes(ctx) is not None
    )


def another_name_typed(text: str, given: list[str]) -> bool:
    """Every word of the name read (`given`, folded) typed capitalised, and none of them a word a yes is made of."""
    if not all(word[:1].isupper() for word in name_words(without_email(text))):
        return False
    yes_words = YES_WORDS | NOT_NAME_WORDS | NOT_LAST_NAME_WORDS
    return not any(word in yes_words or NOTHING_MORE_THAN_YES.fullmatch(word) for word in given)


def advance(ctx: Context, name: tuple[str, str] | None = None) -> Reply:
    """Take any name/email in this message (`name`: the name already read from it), then ask for the next
    missing one or show the summary."""
    state, guest, language = ctx.state, ctx.state.guest, ctx.language
    draft = state.draft
    assert draft is not None
    if name is not None and "name" not in ctx.entities:
        if state.pending == "ask_last_name" and guest.first_name and not name[1]:
            guest.last_name = name[0]
        else:
            guest.first_name, guest.last_name = name[0], name[1] or None
    else:
        _take_name(ctx)
    email = ctx.entities.get("email") or find_email(ctx.text)
    if isinstance(email, str) and email:
        if not is_valid_email(email):
            state.pending = "ask_email"
            return r.text_reply("invalid_email", language)
        guest.email = email.strip()
    elif state.pending == "ask_email" and looks_like_email_attempt(ctx.text):
        return r.text_reply("invalid_email", language)

    if not guest.first_name:
        state.pending = "ask_name"
        return Reply(name_question(draft, language))
    if not guest.last_name:
        state.pending = "ask_last_name"
        return r.text_reply("ask_last_name", language, first_name=guest.first_name)
    if not guest.email:
        state.pending = "ask_email"
        return r.text_reply("ask_email", language, first_name=guest.first_name)
    draft.reference = draft.reference or booking_reference(ctx.guest_id, state.turn)
    state.pending = "confirm_booking"
    return summary(ctx)


def name_question(draft: Draft, language: Language) -> str:
    """The room taken, its stay and price, and whose name the booking goes under."""
    stay = r.format_stay(draft.check_in, draft.check_out, language)
    price = ""
    if draft.nightly_price is not None:
        price = r.say(
            "room_taken_price",
            language,
            nightly=r.format_price(draft.nightly_price, draft.currency, language),
            total=r.format_price(draft.total_price, draft.currency, language),
        )
    return r.say("ask_name", language, room=draft.room_name, stay=stay, price=price)


def plain_questions(ctx: Context) -> set[str]:
    """The ways the pending booking slot is asked as a bare question (nothing said about the message)."""
    state, language = ctx.state, ctx.language
    first_name = state.guest.first_name
    questions = {r.say("ask_which_room", language)}
    if state.draft is not None:
        questions |= {name_question(state.draft, language), r.say("ask_name_again", language)}
    if first_name:
        questions |= {r.say(key, language, first_name=first_name) for key in ("ask_last_name", "ask_email")}
    return questions


def say_what_is_missing(ctx: Context, before: GuestInfo, reply: Reply) -> Reply:
    """A slot asked again, unchanged, after a message that did not answer it (an email where the name was asked,
    a name where the room was, a bare yes): what the message gave is kept and said, and what is still missing."""
    state, guest, language = ctx.state, ctx.state.guest, ctx.language
    step = state.pending
    noted = []
    if guest.email and guest.email != before.email:
        noted.append(r.say("noted_email", language, email=guest.email))
    full_name = " ".join(p for p in (guest.first_name, guest.last_name) if p)
    if full_name and (guest.first_name, guest.last_name) != (before.first_name, before.last_name):
        noted.append(r.say("noted_name", language, name=full_name))
    if step in availability.STEPS:
        # the dates or party asked for say what is missing already: only what was kept is added
        if noted and reply.text == availability.prompt(ctx).text:
            return Reply("\n".join([*noted, reply.text]), reply.buttons)
        return reply
    if step not in (
        "choose_room",
        "ask_name",
        "ask_last_name",
        "ask_email",
    ) or reply.text not in plain_questions(ctx):
        return reply
    if step == "ask_last_name":
        missing = r.say("still_missing_last_name", language, first_name=guest.first_name)
    else:
        missing = r.say(
            {"choose_room": "still_missing_room", "ask_name": "still_missing_name"}.get(
                step, "still_missing_email"
            ),
            language,
        )
    return Reply("\n".join([*noted, missing]), reply.buttons)


def summary(ctx: Context) -> Reply:
    """Every field the booking will be made with, and what the agent was not told in so many words."""
    state, language = ctx.state, ctx.language
    draft, guest = state.draft, state.guest
    assert draft is not None
    notes = ""
    if draft.month_implied:
        notes += r.say("summary_month_implied", language, month=r.MONTHS[language][draft.check_in.month - 1])
    if draft.guests_inferred:
        notes += r.say(
            "summary_guests_inferred",
            language,
            guests=r.format_guests(draft.adults, draft.children, language),
        )
    state.summary_turn = state.turn
    return r.text_reply(
        "booking_summary",
        language,
        r.yes_no_buttons(language),
        room=draft.room_name,
        rooms=r.format_rooms(draft.rooms, language),
        check_in=r.format_day(draft.check_in, language),
        check_out=r.format_day(draft.check_out, language),
        nights=r.format_nights((draft.check_out - draft.check_in).days, language),
        guests=r.format_party(draft.adults, draft.children, language),
        name=f"{guest.first_name} {guest.last_name}",
        email=guest.email,
        total=r.format_price(draft.total_price, draft.currency, language),
        notes=notes,
    )


async def create(ctx: Context) -> Reply:
    state, guest, language = ctx.state, ctx.state.guest, ctx.language
    draft = state.draft
    assert draft is not None and draft.reference and guest.first_name and guest.email
    request = BookingRequest(
        reference=draft.reference,
        room_type_id=draft.room_type_id,
        check_in=draft.check_in,
        check_out=draft.check_out,
        guest=GuestDetails(
            firstname=guest.first_name,
            lastname=guest.last_name or guest.first_name,
            email=guest.email,
            phone=ctx.guest_id if ctx.channel == "whatsapp" else None,
        ),
        occupancy=occupancy(draft.adults, draft.children, draft.rooms),
        currency=draft.currency,
    )
    try:
        booking = await ctx.pms.create_booking(request)
    except RoomNotAvailable:
        state.draft = None
        alternatives = await availability.search(ctx)
        return Reply(f"{r.say('room_taken', language)}\n{alternatives.text}", alternatives.buttons)
    except PMSRejected:
        state.draft = None
        state.pending = None
        return r.text_reply("booking_rejected", language, [r.button("human_handoff", language)])
    state.remember_booking(booking.id)  # made here: the guest may manage it without further proof
    state.forget_search()
    state.pending = None
    state.flow = "availability"
    confirmed = r.text_reply(
        "booking_confirmed",
        language,
        booking_id=booking.id,
        total=r.format_price(booking.total_price, booking.currency, language),
        check_in=r.format_date(booking.check_in, language),
        check_in_time=ctx.profile.check_in_time,
    )
    if (booking.total_price, booking.currency) != (draft.total_price, draft.currency):
        # The PMS charged other than the summary said: told, never hidden (the guest can still cancel).
        log.warning(
            "booking total differs from the quote",
            extra={
                "booking_id": booking.id,
                "quoted": str(draft.total_price),
                "charged": str(booking.total_price),
            },
        )
        differs = r.say(
            "price_differs",
            language,
            total=r.format_price(booking.total_price, booking.currency, language),
            quoted=r.format_price(draft.total_price, draft.currency, language),
        )
        return Reply(f"{confirmed.text}\n{differs}", confirmed.buttons)
    return confirmed


def prompt(ctx: Context) -> Reply:
    """The pending booking question again."""
    state, language = ctx.state, ctx.language
    if state.pending == "choose_room" or state.draft is None:
        return Reply(r.say("ask_which_room", language), availability.offer_buttons(state.offers))
    if state.pending == "ask_last_name":
        return r.text_reply("ask_last_name", language, first_name=state.guest.first_name)
    if state.pending == "ask_email":
        if looks_like_email_attempt(ctx.text):
            return r.text_reply("invalid_email", language)
        return r.text_reply("ask_email", language, first_name=state.guest.first_name)
    if state.pending == "confirm_booking":
        return summary(ctx)
    return r.text_reply("ask_name_again", language)


def _take_name(ctx: Context) -> None:
    guest, step = ctx.state.guest, ctx.state.pending
    entity = ctx.entities.get("name")
    parsed: tuple[str, str] | None
    if isinstance(entity, str) and entity.strip():
        entity = name_in_full(entity, ctx.text)
        if entity is None:
            return  # "Ana María de…": a name read short of its end is asked for, never booked cut
        words = entity.split()
        parsed = split_name(entity) or (entity.strip(), "")
        if not parsed[1] and len(words) >= 2:
            parsed = words[0], " ".join(words[1:])  # "Dale Cooper" read in full is no "dale (ok), Cooper"
    elif step in ("ask_name", "ask_last_name") and reads_as_free_text(ctx):
        parsed = split_name(without_email(ctx.text)) if without_email(ctx.text) else None
        if parsed is None and lower_case_name_after_yes(ctx.folded_text) is not None:
            parsed = split_name(ctx.text.split(",", 1)[1])  # "sure, jenna miller": the name after the yes
    else:
        return
    if parsed is None:
        return
    first, last = parsed
    if step == "ask_last_name" and guest.first_name and "name" not in ctx.entities:
        guest.last_name = " ".join(part for part in (first, last) if part)
        return
    guest.first_name, guest.last_name = first, last or None


# A word that may follow the part of a name read, on the same line: a particle or a capitalised word (never a
# form's next label, "Email:").
_NAME_GOES_ON = re.compile(r"[ \t]+([^\W\d_][^\s,;:.!?¡¿()]*)(?!:)(?=[\s,;.!?)]|$)")


NAME_READ_WORDS = 4  # the longest name the entity reader returns


def name_in_full(name: str, text: str) -> str | None:
    """The name read, with the rest of it when the message goes on with it on the same line ("my name is Ana
    María de los Santos" read as "Ana María de": the particles and capitalised words after it end it too). None
    when it still ends on a particle: a name cut short is asked for again."""
    at = text.casefold().find(name.strip().casefold())
    more: list[str] = []
    read = name.split()
    # only where the reader stopped short: on a particle, before one, or at its longest (four words)
    cut = len(read) >= NAME_READ_WORDS or (read and read[-1].casefold() in NAME_PARTICLES)
    if at >= 0:
        end = at + len(name.strip())
        while (match := _NAME_GOES_ON.match(text, end)) is not None:
            word = match[1]
            if word.casefold() not in NAME_PARTICLES and not (word[:1].isupper() and NAME_WORD.match(word)):
                break
            if not (cut or more or word.casefold() in NAME_PARTICLES) or fold_word(word) in ROOM_KIND_WORDS:
                break
            more.append(word)
            end = match.end()
        while more and more[-1].casefold() in NAME_PARTICLES:
            more.pop()
    words = [*read, *more]
    return None if len(words) > 1 and words[-1].casefold() in NAME_PARTICLES else " ".join(words)


# The writer books for someone else: "I'm writing for my boss", "on behalf of my mother", "soy la secretaria del
# Sr. Vidal", "de parte de mi jefa", "my assistant". Whose name the booking is under is then asked, never assumed.
WRITES_FOR_ANOTHER = re.compile(
    rf"\b(?:(?:writing|booking|asking|calling|book(?:ing)? it) for|on behalf of|de parte de|en nombre de|escribo por|"
    rf"reservo para|reserva para)\s+(?:my|mi|our|nuestr[oa]|the|el|la)\s+{RELATION}\b|"
    r"\b(?:secretary|assistant|secretari[oa]|asistente)\s+(?:of|to|for|de|del|de la)\b",
    re.IGNORECASE,
)


def name_of_the_other(text: str) -> tuple[str, str] | None:
    """The full name typed right after who the booking is for ("for my boss Henry Walsh", "de parte de mi jefe,
    Alfonso Medrano"), capitalised as a name is."""
    match = NAME_AFTER_RELATION.search(text)
    if match is None:
        return None
    words: list[str] = []
    for word in match["name"].split():
        if not (word[:1].isupper() or (words and word in NAME_PARTICLES)):
            break
        words.append(word)
    name = split_name(" ".join(words)) if len(words) >= 2 else None
    return name if name is not None and name[1] else None


def remember_guest_details(ctx: Context) -> None:
    """A name or email given before the room is chosen is kept, so it is not asked for again."""
    guest = ctx.state.guest
    if swapped_name_part(ctx.text, guest.first_name, guest.last_name) is not None:
        pass  # "my last name is Morse": one part put right, by the booking step (never read as a whole name)
    elif isinstance(ctx.entities.get("name"), str):
        _take_name(ctx)
    elif WRITES_FOR_ANOTHER.search(ctx.text):
        # "this is Claire, writing for my boss Henry Walsh": the name of the one it is for, never the writer's
        # own; none said, it is asked
        if (name := name_of_the_other(ctx.text)) is not None:
            ctx.state.guest.first_name, ctx.state.guest.last_name = name
    elif (name := introduced_name(ctx.text) or listed_name(ctx.text) or signed_name(ctx.text)) is not None:
        # "Hello, Sophie Marsh here. Please book…", "ana@example.com - Ana Ruiz - double room - …"
        ctx.state.guest.first_name, ctx.state.guest.last_name = name
    email = ctx.entities.get("email")
    if isinstance(email, str) and is_valid_email(email):
        ctx.state.guest.email = email.strip()


# A message signed: a sign-off alone on its line ("Thanks,", "Best regards", "Un saludo,", "Atentamente"), then
# the writer's full name alone on the next (an email may follow on its own line).
SIGNED = re.compile(
    r"^[ \t]*(?:(?:many |thanks |thank you |best |kind |warm(?:est)? )?(?:thanks|thank you|regards|wishes)|best|"
    r"cheers|sincerely|yours(?: sincerely| truly)?|(?:un |muchos )?saludos?(?: cordiales)?|"
    r"(?:muchas )?gracias|atentamente|atte|un abrazo|cordialmente)[ \t]*[,.!]?[ \t]*\n[ \t]*(?P<name>[^\n@]+?)[ \t]*"
    r"(?:\n[ \t]*\S+@\S+[ \t]*)?\Z",
    re.IGNORECASE | re.MULTILINE,
)


NOT_SIGNED_NAME = frozenset(
    [
        "see",
        "you",
        "soon",
        "later",
        "again",
        "all",
        "team",
        "family",
        "hotel",
        "love",
        "everyone",
        "pronto",
        "todos",
    ]
)


def signed_name(text: str) -> tuple[str, str] | None:
    """The full name a message is signed with, on its own line after the sign-off."""
    match = SIGNED.search(text.strip())
    if match is None:
        return None
    words = match["name"].split()
    if not all(w[:1].isupper() or w in NAME_PARTICLES for w in words):
        return None  # "Thanks,\nsee you soon": a name is signed as written, capitalised
    if {fold_word(w) for w in words} & NOT_SIGNED_NAME:
        return None  # "See You Soon", "The Hotel Team"
    name = split_name(match["name"])
    return name if name is not None and name[1] else None


# The pieces of a message written as a list: "ana@example.com - Ana Ruiz - double room - 2 adults - June 3 to 5".
LIST_PIECES = re.compile(r"\s*[,;|/()\n]\s*|\s+[-–—]\s+|(?<=\w)[.!]\s+")
# Words of a piece that is about the stay, not a name ("Delux Rooms", "Suite Deluxe", "June 3").
STAY_PIECE_WORDS = frozenset(
    {
        "room",
        "rooms",
        "habitacion",
        "habitaciones",
        "suite",
        "adults",
        "adultos",
        "nights",
        "noches",
        "please",
    }
    | set(availability.MONTH_WORDS)
)


def listed_name(text: str) -> tuple[str, str] | None:
    """A full name given as one piece of a list beside an email ("…, Ana Ruiz, doble, 2 adultos, …"): the one
    piece made only of two or three capitalised words that say nothing of the stay."""
    email = find_email(text)
    if not email:
        return None
    found = []
    for piece in LIST_PIECES.split(text.replace(email, " , ")):
        # "Dr Ingrid van Dijk": the title left out, the particles between its words allowed
        words = without_title(piece.strip(" .!¡-–—:").split())
        inner = [w for w in words[1:-1] if w not in NAME_PARTICLES]
        if not 2 <= len(inner) + min(len(words), 2) <= 3:
            continue
        if not all(w[:1].isupper() and w[1:].islower() for w in [*words[:1], *inner, *words[-1:]]):
            continue
        folded = {references.fold(w) for w in words}
        if folded & STAY_PIECE_WORDS or references.kinds_in_text(piece, []):
            continue
        if (name := split_name(" ".join(words))) is not None and name[1]:
            found.append(name)
    return found[0] if len(found) == 1 else None


def keep_early_details(ctx: Context) -> bool:
    """A full name typed as one (each word capitalised) or an email, given before the stay is settled: kept.
    True if the message gave one."""
    guest = ctx.state.guest
    email = find_email(ctx.text)
    text = without_email(ctx.text)
    name = typed_name(ctx) if text else None
    words = name_words(text)
    full_name = name is not None and bool(name[1]) and all(word[:1].isupper() for word in words)
    if full_name and name is not None:
        guest.first_name, guest.last_name = name[0], name[1]
    if email and is_valid_email(email):
        guest.email = email
    return full_name or bool(email and is_valid_email(email))


def without_email(text: str) -> str:
    email = find_email(text)
    if not email:
        return text
    rest = EMAIL_LEAD_IN.sub(" ", text.replace(email, " ")).strip(" ,;.:")
    # "Laura Kim and laura.kim@…", "ana@… y Ana Ruiz": the word that joined them is no part of the name
    return _JOINING_WORD_AT_AN_END.sub("", rest).strip(" ,;.:")


_JOINING_WORD_AT_AN_END = re.compile(
    r"^\s*(?:and|y|e|&|\+|plus)\s+|\s+(?:and|y|e|&|\+|plus)\s*$", re.IGNORECASE
)


# "Ana López, mi correo es": the words that introduce the email are not part of the name.
EMAIL_LEAD_IN = re.compile(
    r"(?:\b(?:and|y)\s+)?\b(?:my|mi|el|the|your|tu|his|her|their|su)?\s*(?:e-?mail|correo(?: electr[oó]nico)?|mail)"
    r"(?:\s+(?:address|is|es|será|sera))*\s*[:=]?\s*$|^\s*(?:my|mi|his|her|their|su)?\s*(?:e-?mail|correo|mail)\b[^,]*?(?:is|es|:)\s*",
    re.IGNORECASE,
)
