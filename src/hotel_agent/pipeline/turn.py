"""One unit of work per message: load state → orchestrator (understand, act on the PMS) → ONE transaction
writing the new state, both history rows, the reply to send (the outbox) and the inbox status → the send
→ one small update marking it sent.

A re-run after a crash finds the stored reply and only sends it: the orchestrator never runs twice for a
message whose turn committed, so no dialogue advances twice. Before the commit nothing is written, so a
re-run starts from the same state (PMS writes are idempotent: a booking carries our reference).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from hotel_agent.audio.errors import AudioRejected, voice_unavailable_message
from hotel_agent.channels.types import InboundMessage, Reply
from hotel_agent.conversations.keys import ConversationKey
from hotel_agent.conversations.reading import HELD, reading_of
from hotel_agent.conversations.store import NewEntry
from hotel_agent.db import sqlite_driver
from hotel_agent.db.session import Database
from hotel_agent.errors import RetryDeferred
from hotel_agent.nlp.types import Analysis
from hotel_agent.observability.metrics import AUDIO_MESSAGES, MESSAGES_REPLIED
from hotel_agent.orchestrator.orchestrator import Decision
from hotel_agent.pipeline.delivery import Delivery
from hotel_agent.pipeline.inbox import (
    ANSWERED_LATE,
    DONE,
    IN_FLIGHT,
    RECEIVED,
    SENDING,
    Claimed,
    ClaimLost,
    Inbox,
    StoredReply,
)
from hotel_agent.pipeline.notices import NOTICES, ConversationLanguage
from hotel_agent.pipeline.turn_write import OneStatementTurnWrite, SqliteTurnWrite, TurnWrite
from hotel_agent.ports import Conversations, Orchestrator, Transcriber

log = logging.getLogger(__name__)

OutcomeName = Literal["answered", "queued", "handoff", "notice", "duplicate"]


@dataclass(frozen=True)
class Outcome:
    outcome: OutcomeName
    reply: Reply | None = None
    analysis: Analysis | None = None


@dataclass(frozen=True)
class Heard:
    """What the guest said: the words to understand and how the history records them."""

    text: str
    recorded_text: str
    kind: str


@dataclass(frozen=True)
class Notice:
    """A message the dialogue cannot take (an image, a voice note that cannot be read): this reply instead."""

    heard: Heard
    reply: Reply


class TurnFailed(Exception):
    """A turn raised; carries what the failure handling needs to know."""

    def __init__(self, cause: BaseException, heard: Heard | None, committed: bool) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.heard = heard
        self.committed = committed


class TurnRunner:
    def __init__(
        self,
        db: Database,
        inbox: Inbox,
        conversations: Conversations,
        orchestrator: Orchestrator,
        delivery: Delivery,
        transcriber: Transcriber | None,
        language_of: ConversationLanguage,
        clock: Callable[[], datetime],
        busy_retry_seconds: float = 30.0,
    ) -> None:
        self.busy_retry_seconds = busy_retry_seconds  # a DLQ retry waits this while the inbox holds it
        self.db = db
        self.inbox = inbox
        self.conversations = conversations
        self.orchestrator = orchestrator
        self.delivery = delivery
        self.transcriber = transcriber
        self.language_of = language_of
        self.clock = clock
        # The turn's write without the ORM (turn_write.py): PostgreSQL one statement, one round trip; SQLite
        # one call on the group writer's thread (the ORM transaction below when the driver lacks that call).
        self.one_statement: OneStatementTurnWrite | SqliteTurnWrite | None = (
            OneStatementTurnWrite(db, inbox)
            if not db.is_sqlite
            else SqliteTurnWrite(db, inbox)
            if sqlite_driver.available()
            else None
        )

    async def run(self, claimed: Claimed) -> Outcome:
        """Process a claimed message; raise TurnFailed on any error (the caller dead-letters it), ClaimLost
        when another worker took the message over meanwhile (nothing was written or sent: it answers)."""
        message = claimed.message
        heard: Heard | None = None
        committed = claimed.outbox is not None
        try:
            if claimed.outbox is not None:
                # The turn committed before a crash (or a stall that cost its holder the claim); only its send
                # is left, and only while this claim still holds.
                await self.inbox.hold(claimed)
                sent_id = await self.delivery.send_stored(message, claimed.outbox)
                await self._mark_sent(claimed, sent_id)
                return Outcome("answered", claimed.outbox.reply)
            key = ConversationKey.of(message)
            said = await self.words_of(message)
            heard = said.heard if isinstance(said, Notice) else said
            if isinstance(said, Notice):
                committed = await self._commit(claimed, said.heard, said.reply, "notice", None)
                await self._send(claimed, said.reply, "notice")
                return Outcome("notice", said.reply)
            in_handoff, state = await self.conversations.turn_context(key.storage_id)
            if in_handoff:
                committed = await self._commit(claimed, said, None, "handoff", None)
                MESSAGES_REPLIED.labels(channel=message.channel, type="handoff").inc()
                return Outcome("handoff")
            decision = await self.orchestrator.decide(key, said.text, self.clock(), state)
            committed = await self._commit(claimed, said, decision.reply, "answer", decision)
            await self._send(claimed, decision.reply, "answer")
            return Outcome("answered", decision.reply, decision.analysis)
        except ClaimLost:
            raise
        except Exception as exc:
            raise TurnFailed(exc, heard, committed) from exc

    async def _commit(
        self, claimed: Claimed, heard: Heard, reply: Reply | None, kind: str, decision: Decision | None
    ) -> bool:
        """The one transaction of the turn, fenced by the claim (ClaimLost rolls it all back: the worker that
        took the message over decides it). Returns True (committed): from here on a failure must not record
        the guest's message again."""
        message = claimed.message
        key = ConversationKey.of(message)
        sends = reply is not None and self.delivery.sends_itself(message.channel)
        # What the agent understood and decided is stored with the guest's message, as it was then.
        reading = reading_of(decision) if decision is not None else HELD if kind == "handoff" else None
        entries = [
            NewEntry(
                key.guest_id,
                "in",
                key.channel,
                Reply(heard.recorded_text),
                heard.kind,
                message.id,
                reading=reading,
            )
        ]
        if reply is not None:  # naming the message it answers: the send's id is recorded on it
            entries.append(NewEntry(key.guest_id, "out", key.channel, reply, kind, message.id))
        write = TurnWrite(
            key.storage_id,
            key.channel,
            decision.state if decision is not None else None,
            decision.handoff_reason if decision is not None else None,
            entries,
            SENDING if sends else DONE,  # SENDING renews the claim for the send
            StoredReply(reply, kind, recorded=True) if sends and reply is not None else None,
        )
        if self.one_statement is not None:
            await self.one_statement.commit(claimed, write)
            return True
        async with self.db.transaction() as session:
            if write.state is not None:
                await self.conversations.stage_state(session, write.storage_id, write.state)
            if write.handoff_reason is not None:
                await self.conversations.stage_handoff(
                    session, write.storage_id, write.channel, write.handoff_reason
                )
            await self.conversations.stage_messages(session, write.entries)
            # Last, so that a lost claim rolls back everything above.
            await self.inbox.stage_finish(session, claimed, write.status, write.outbox)
        return True

    async def _send(self, claimed: Claimed, reply: Reply, kind: str) -> None:
        """The send from the outbox, then the one UPDATE marking it sent (on chat the history row was the
        delivery: this only counts it). It follows the fenced commit at once: the claim is this turn's."""
        message = claimed.message
        sent_id = await self.delivery.send_stored(message, StoredReply(reply, kind, recorded=True))
        if self.delivery.sends_itself(message.channel):
            await self._mark_sent(claimed, sent_id)

    async def _mark_sent(self, claimed: Claimed, sent_id: str | None) -> None:
        """After the send, a bookkeeping error must not dead-letter the message (the guest would get a
        holding reply and the answer again); recovery sends the stored reply once more at worst. The
        channel's id of the sent reply goes to its history row in the same transaction."""
        message = claimed.message
        key = ConversationKey.of(message)
        try:
            async with self.db.transaction() as session:
                await self.inbox.stage_finish(session, claimed, DONE)
                if sent_id:
                    await self.conversations.stage_sent(
                        session, key.guest_id, key.channel, message.id, sent_id
                    )
        except Exception:
            log.exception("answered %s message %s but could not mark it sent", message.channel, message.id)

    async def words_of(self, message: InboundMessage) -> Heard | Notice:
        """The words to understand: the text, the button chosen, or the voice note transcribed."""
        if message.type in ("text", "interactive"):
            text = message.text or ""
            return Heard(text, text, message.type)
        storage_id = ConversationKey.of(message).storage_id
        if message.type == "audio":
            voice_note = Heard("[voice note]", "[voice note]", "audio")
            if self.transcriber is None or message.media_id is None:
                AUDIO_MESSAGES.labels(result="unsupported").inc()
                return Notice(
                    voice_note, Reply(voice_unavailable_message(await self.language_of(storage_id)))
                )
            try:
                # A guest who wrote in Spanish before is heard in Spanish unless clearly speaking English.
                transcript = await self.transcriber.transcribe_media(
                    message.media_id, await self.language_of.known(storage_id)
                )
            except AudioRejected as rejected:
                return Notice(voice_note, Reply(rejected.guest_message(await self.language_of(storage_id))))
            return Heard(transcript.text, transcript.text, "audio")
        language = await self.language_of(storage_id)
        return Notice(Heard("", f"[{message.text}]", "unsupported"), Reply(NOTICES["unsupported"][language]))

    # --- the DLQ's retry ----------------------------------------------------------------------------
    async def retry(self, message: InboundMessage) -> None:
        """Run a dead-lettered message again and deliver the real answer; raise on failure."""
        status, stored = await self.inbox.outbox(message)
        if status in (ANSWERED_LATE, DONE):
            # Answered already: by an earlier retry whose acknowledgement was lost (a worker died, the store
            # blipped), or by the inbox worker after a process died between the DLQ entry and the inbox's
            # `dead_lettered`. The guest has the answer; the DLQ only has to let the entry go.
            return
        if status in IN_FLIGHT or status == RECEIVED:
            # The inbox worker still owns it (that same crash left it claimable): answering here too would
            # run the dialogue twice. Wait; once the worker finishes, the status says what to do.
            raise RetryDeferred(self.busy_retry_seconds, "the inbox worker has not finished this message")
        if stored is None:
            key = ConversationKey.of(message)
            said = await self.words_of(message)
            if isinstance(said, Notice):
                await self.delivery.send_now(message, said.reply, "notice")
                return
            if await self.conversations.in_handoff(key.storage_id):
                return  # a person has taken this guest over
            state = await self.conversations.get_state(key.storage_id)
            # "mañana" means the day after the guest wrote, however late the retry runs.
            decision = await self.orchestrator.decide(key, said.text, message.received_at, state)
            stored = StoredReply(decision.reply, "answer", recorded=False)
            async with self.db.transaction() as session:
                await self.conversations.stage_state(session, key.storage_id, decision.state)
                if decision.handoff_reason is not None:
                    await self.conversations.stage_handoff(
                        session, key.storage_id, key.channel, decision.handoff_reason
                    )
                await self.inbox.stage_outbox(session, message, stored)
                # The guest's message was recorded when its turn failed: the reading this retry acted on.
                await self.conversations.stage_reading(
                    session, key.guest_id, key.channel, message.id, reading_of(decision)
                )
        # The answer was computed (maybe a booking made): send that answer, never compute it again.
        await self.delivery.send_stored(message, stored, late=True)
        try:
            await self.inbox.finish_late(message)
        except Exception:  # the answer is out; at worst a lost mark re-sends it, never re-decides it
            log.exception("could not mark a late answer as delivered")
