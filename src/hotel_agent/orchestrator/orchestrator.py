"""The dialogue brain: one guest message in, one reply out, the guest's dialogue state carried between.

`decide` writes nothing: it returns the reply, the new state and any handoff, and the message pipeline
commits them in one transaction with the history and the inbox status. A turn either completes or raises
ProcessingFailure, so a retry from the DLQ replays the same turn from the same state (and the same
booking reference). `respond` (load, decide, save) serves callers outside the pipeline.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from hotel_agent.channels.types import Reply
from hotel_agent.errors import ProcessingFailure
from hotel_agent.nlp.types import INTENTS, Analysis, Language
from hotel_agent.observability.metrics import INTENTS_DETECTED, ORCHESTRATOR_LATENCY
from hotel_agent.orchestrator import date_order
from hotel_agent.orchestrator.context import Context, RoomCatalog
from hotel_agent.orchestrator.dialogue import route
from hotel_agent.orchestrator.handlers import clarify, party, small_talk
from hotel_agent.orchestrator.profile import HotelProfile
from hotel_agent.orchestrator.references import SINGLE_AS_ONE, fold, kind_in_text, kind_said_of_people_only
from hotel_agent.orchestrator.state import DialogueState
from hotel_agent.pms.base import PMS, PMSRejected, PMSUnavailable
from hotel_agent.settings import Settings, get_settings

if TYPE_CHECKING:
    from hotel_agent.conversations.keys import ConversationKey
    from hotel_agent.conversations.store import ConversationStore

log = logging.getLogger(__name__)


class Analyzer(Protocol):
    """hotel_agent.nlp.analyze: `reference` is a date the conversation is about (a day given alone takes
    its month)."""

    def __call__(
        self, text: str, now: datetime, language: Language | None = None, reference: date | None = None
    ) -> Analysis: ...


BOOK_BUTTON = re.compile(r"^book_(\d+)$")
# A question inside a longer message: "¿…?" or a sentence ending in "?".
QUESTION_CLAUSE = re.compile(r"¿[^?¿]*\?|[^.!?¿]*\?")
# What a question about the hotel is; the one read alone is answered only when the engine is this sure of it.
HOTEL_FACT_INTENTS = frozenset(
    {"amenities", "check_in_info", "check_out_info", "late_checkout", "location", "cancellation_policy"}
)
SURE_QUESTION = 0.8
STAY_ENTITIES = ("check_in", "check_out", "nights", "adults", "children", "rooms", "room_type")
# Buttons whose id is an intent name (see replies.menu_buttons / yes_no_buttons).
INTENT_BUTTONS = frozenset({"affirm", "deny", "check_availability", "reservation_status", "human_handoff"})
DEFAULT_LANGUAGE: Language = "es"
# The analyzer takes a language it is given as fact, so only short answers ("si", "2", an email) get the
# conversation's language; longer messages are detected afresh, letting a guest switch languages.
SHORT_ANSWER_WORDS = 4
# Messages this short are analysed on the event loop; longer ones in a thread.
INLINE_ANALYSIS_WORDS = 4
# A numeric date that can only be day/month ("15/04"), and one that reads either way ("12/03").
DAY_FIRST_DATE = re.compile(r"(?<![\d/.:])(?:1[3-9]|2\d|3[01])/(?:0?[1-9]|1[0-2])(?![\d:]|/\d)")
MONTH_FIRST_DATE = re.compile(r"(?<![\d/.:])(?:0?[1-9]|1[0-2])/(?:1[3-9]|2\d|3[01])(?![\d:]|/\d)")
AMBIGUOUS_DATE = re.compile(r"(?<![\d/.:])(?P<a>0?[1-9]|1[0-2])/(?P<b>0?[1-9]|1[0-2])(?![\d:]|/\d)")
# A guest coming back after this long starts afresh instead of answering yesterday's question.
STALE_DIALOGUE_AFTER = timedelta(hours=12)


@dataclass(frozen=True)
class Turn:
    reply: Reply
    analysis: Analysis
    handoff_started: bool


@dataclass(frozen=True)
class Decision:
    """A turn decided but not yet stored: the caller commits `state` (and the handoff) with the reply."""

    reply: Reply
    analysis: Analysis
    state: dict[str, Any]
    handoff_reason: str | None


class Orchestrator:
    def __init__(
        self,
        pms: PMS,
        conversations: ConversationStore,
        profile: HotelProfile,
        analyzer: Analyzer | None = None,
        settings: Settings | None = None,
    ) -> None:
        if analyzer is None:
            from hotel_agent.nlp import analyze

            analyzer = analyze
        self.pms = pms
        self.conversations = conversations
        self.profile = profile
        self.analyzer = analyzer
        self.settings = settings or get_settings()
        self.rooms = RoomCatalog(pms)
        self.hotel_zone = ZoneInfo(profile.timezone)

    async def respond(self, guest_id: str, channel: str, text: str, now: datetime) -> Turn:
        """Load the state, decide, save: for callers outside the message pipeline (tests, tools)."""
        decision = await self._decide(
            guest_id, channel, text, now, await self.conversations.get_state(guest_id)
        )
        if decision.handoff_reason is not None:
            await self.conversations.start_handoff(guest_id, channel, decision.handoff_reason)
        await self.conversations.save_state(guest_id, decision.state)
        return Turn(decision.reply, decision.analysis, decision.handoff_reason is not None)

    async def decide(self, key: ConversationKey, text: str, now: datetime, state: dict[str, Any]) -> Decision:
        return await self._decide(key.storage_id, key.channel, text, now, state)

    async def _decide(
        self, guest_id: str, channel: str, text: str, now: datetime, saved: dict[str, Any]
    ) -> Decision:
        started = time.perf_counter()
        state = DialogueState.load(saved)
        hotel_now = now.astimezone(self.hotel_zone) if now.tzinfo is not None else now
        analysis, button_room = await self._understand(text.strip(), hotel_now, state)
        intent = analysis.intent
        INTENTS_DETECTED.labels(intent=intent, language=analysis.language).inc()
        try:
            return await self._run_turn(
                guest_id, channel, text.strip(), hotel_now, state, analysis, button_room
            )
        except PMSUnavailable as exc:
            # Nothing saved: a retry later starts from the same state and gives the same answer.
            raise ProcessingFailure(
                "pms_unavailable", f"PMS unavailable while answering intent {intent}: {exc}"
            ) from exc
        finally:
            ORCHESTRATOR_LATENCY.labels(intent=intent).observe(time.perf_counter() - started)

    async def _understand(
        self, text: str, now: datetime, state: DialogueState
    ) -> tuple[Analysis, int | None]:
        """Buttons carry their meaning in their id; anything else goes through the NLP engine."""
        known_language = state.language
        reference = _date_in_talk(state)
        language = known_language or DEFAULT_LANGUAGE
        clarifying, state.clarifying = state.clarifying, None
        dated, readings = state.date_readings_text, state.date_readings  # a date question asked last turn
        state.date_readings_text = state.date_readings = None
        if match := BOOK_BUTTON.match(text):
            return Analysis("make_reservation", 1.0, language, {}), int(match.group(1))
        if text in INTENT_BUTTONS:
            return Analysis(text, 1.0, language, {}), None
        if (reading := clarify.chosen_reading(text)) is not None:
            # The reading the guest picked, with the entities of the message it was asked about.
            if clarifying is None:
                return Analysis(reading, 1.0, language, {}), None
            asked = await self._analyze(clarifying, now, known_language, reference)
            return Analysis(reading, 1.0, asked.language, asked.entities), None
        if dated is not None and readings:
            answer = await self._analyze(text, now, known_language, reference)
            if (month_first := date_order.picked(text, answer.entities, readings)) is not None:
                # "12/03" asked about, "March" / "the first one" / "UK format" / "August 7th" the answer: that
                # message again, its dates written out in the order picked (its nights, guests, room and name
                # kept), with what the answer adds ("March, for the two of us")
                state.day_first = state.day_first or not month_first
                state.month_first = state.month_first or month_first
                written = date_order.written_out(dated, month_first)
                asked = await self._analyze(written, now, known_language, reference)
                added = date_order.answer_adds(answer.entities, text)
                asked.entities.update({key: value for key, value in added.items() if value is not None})
                for key in [key for key, value in added.items() if value is None]:
                    asked.entities.pop(
                        key, None
                    )  # "but 3 nights": the length said now, no departure of before
                return asked, None
        hint = known_language if len(text.split()) <= SHORT_ANSWER_WORDS else None
        analysis = await self._analyze(text, now, hint, reference)
        in_chat = (
            await self._question_in_chat(analysis, text, now, reference) if analysis.alternatives else None
        )
        if in_chat is not None:
            analysis = in_chat
        elif (
            (analysis.alternatives or analysis.confidence < self.settings.nlp_min_confidence)
            and not any(key in analysis.entities for key in STAY_ENTITIES)
            and party.pet_allowed_asked(fold(text))
        ):
            # "my cat comes with me is that ok", "mi gata viene conmigo, hay problema" left the engine unsure:
            # whether the pet may come is asked (a sure reading, such as a complaint, is kept)
            entities = {**analysis.entities, "amenity": "pets"}
            analysis = Analysis("amenities", SURE_QUESTION, analysis.language, entities)
        if analysis.language == "en":
            if (
                (state.day_first or state.month_first)
                and not DAY_FIRST_DATE.search(text)
                and AMBIGUOUS_DATE.search(text)
            ):
                # "15/04 to 17/04" earlier, "12/03" now: read day first as well (English reads month first, and
                # asks when both readings can be booked); "10/14" earlier: month first
                written = date_order.written_out(text, month_first=not state.day_first)
                analysis = await self._analyze(written, now, analysis.language, reference)
            state.day_first = state.day_first or DAY_FIRST_DATE.search(text) is not None
            state.month_first = state.month_first or MONTH_FIRST_DATE.search(text) is not None
        return analysis, None

    async def _question_in_chat(
        self, analysis: Analysis, text: str, now: datetime, reference: date | None
    ) -> Analysis | None:
        """ "oigan una duda, ¿el desayuno está incluido? es que la última vez me lo cobraron aparte y me enojé":
        the story around the question (a complaint, read as one) leaves the engine unsure; the question read
        alone, when it is plainly about a hotel fact the whole message could be about, is what is answered.
        A question that is itself unsure, or dates or guests in the message, keep the whole message's doubt."""
        if any(key in analysis.entities for key in STAY_ENTITIES):
            return None
        clauses = QUESTION_CLAUSE.findall(text)
        asked_words = " ".join(clause.strip() for clause in clauses)
        if not clauses or len(asked_words.split()) >= len(text.split()) - 2:
            return None  # nothing around the question: the whole message is the question
        asked = await self._analyze(asked_words, now, analysis.language, reference)
        readings = {analysis.intent, *analysis.alternatives}
        if (
            asked.alternatives
            or asked.intent not in HOTEL_FACT_INTENTS
            or asked.intent not in readings
            or asked.confidence < SURE_QUESTION
            or any(key in asked.entities for key in STAY_ENTITIES)
        ):
            return None
        return Analysis(
            asked.intent, asked.confidence, analysis.language, {**analysis.entities, **asked.entities}
        )

    async def _analyze(
        self, text: str, now: datetime, hint: Language | None, reference: date | None
    ) -> Analysis:
        try:
            if len(text.split()) <= INLINE_ANALYSIS_WORDS:
                # "yes", a name, an email: about a millisecond of work, less than the hop to a thread and
                # back (measured: the hop was most of the dialogue logic's time, BENCHMARKS.md)
                analysis = self.analyzer(text, now, hint, reference)
            else:
                # Longer messages cost more CPU; a thread keeps the event loop (webhook acks) responsive.
                analysis = await asyncio.to_thread(self.analyzer, text, now, hint, reference)
        except Exception as exc:
            raise ProcessingFailure(
                "nlp_error", f"analysing the message failed: {type(exc).__name__}"
            ) from exc
        if analysis.intent not in INTENTS:
            raise ProcessingFailure(
                "nlp_error", f"the analyzer returned an unknown intent {analysis.intent!r}"
            )
        return analysis

    async def _run_turn(
        self,
        guest_id: str,
        channel: str,
        text: str,
        now: datetime,
        state: DialogueState,
        analysis: Analysis,
        button_room: int | None,
    ) -> Decision:
        if state.last_turn_at is not None and _elapsed(state.last_turn_at, now) > STALE_DIALOGUE_AFTER:
            state.forget_dialogue()
        state.turn += 1
        state.last_turn_at = now
        state.language = analysis.language
        confident = analysis.confidence >= self.settings.nlp_min_confidence
        ctx = Context(
            guest_id=guest_id,
            channel=channel,
            text=text,
            now=now,
            analysis=analysis,
            intent=analysis.intent if confident else "unknown",
            state=state,
            pms=self.pms,
            rooms=self.rooms,
            profile=self.profile,
            button_room_type_id=button_room,
            room_kind=await self._room_kind(analysis, text),
        )
        readings = analysis.entities.get("date_readings")
        if readings and ctx.intent != "human_handoff":
            # "12/03": December 3 or 12 March, both bookable and nothing said settling which: asked, never guessed
            state.date_readings, state.date_readings_text = readings, text
            reply = date_order.question(readings, analysis.language)
        else:
            reply = await route(ctx)
        if ctx.room_kind is not None:
            state.last_room_kind, state.last_room_kind_turn = ctx.room_kind, state.turn
        state.unknown_streak = 0 if ctx.understood else state.unknown_streak + 1
        if state.unknown_streak >= small_talk.MAX_UNKNOWN_IN_A_ROW:
            reply = await small_talk.not_understood(ctx)
            state.unknown_streak = 0

        if ctx.handoff_reason is not None:
            log.info("handoff started", extra={"guest_id": guest_id, "reason": ctx.handoff_reason})
        return Decision(reply, analysis, state.dump(), ctx.handoff_reason)

    async def _room_kind(self, analysis: Analysis, text: str) -> str | None:
        kind = analysis.entities.get("room_type")
        # "a single family room" read as the single room: the family room, one of it
        single_as_one = kind == "single" and SINGLE_AS_ONE.search(fold(text))
        # "the whole family is flying in", "I'm single", "my twin sister": the word said of people, no room wanted
        if isinstance(kind, str) and kind and not single_as_one and not kind_said_of_people_only(text, kind):
            return kind
        try:
            room_types = await self.rooms.all()
        except (PMSRejected, PMSUnavailable):
            # The room kind named is a hint for the turn, not its purpose: a question that needs no PMS
            # (check-in time, the pool) is still answered while the PMS is down.
            return None
        return kind_in_text(text, room_types)


def _date_in_talk(state: DialogueState) -> date | None:
    """The arrival the conversation is about, if any: its month is the one a later bare day means."""
    if state.draft is not None:
        return state.draft.check_in
    if state.search.check_in is not None:
        return state.search.check_in
    if state.search.month is not None:
        return state.search.month
    if state.managed is not None:
        return state.managed.new_check_in or state.managed.check_in
    return None


def _elapsed(since: datetime, now: datetime) -> timedelta:
    if (since.tzinfo is None) != (now.tzinfo is None):  # one side naive: compare wall clocks
        since, now = since.replace(tzinfo=None), now.replace(tzinfo=None)
    return now - since
