"""The message pipeline: inbox → (voice → text) → orchestrator → delivery, and the DLQ when any step fails.

Every channel goes through here. A failure never loses the message: it is dead-lettered with its reason,
the guest gets one holding reply, and the DLQ worker later calls `retry`, which delivers the real answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from hotel_agent.audio.errors import voice_unavailable_message
from hotel_agent.channels.types import InboundMessage, Reply
from hotel_agent.channels.whatsapp import WhatsAppSender
from hotel_agent.conversations.inbox import Inbox
from hotel_agent.conversations.store import ConversationStore
from hotel_agent.errors import ProcessingFailure, RetryDeferred
from hotel_agent.nlp import detect_language
from hotel_agent.observability.metrics import AUDIO_MESSAGES, MESSAGES_RECEIVED, MESSAGES_REPLIED
from hotel_agent.pms.base import correlation
from hotel_agent.settings import Settings

# Inbox status of a dead-lettered message whose answer a DLQ retry has delivered.
ANSWERED_LATE = "answered_late"
log = logging.getLogger(__name__)

MAX_CONCURRENT_PROCESSING = 32

Outcome = Literal["answered", "queued", "handoff", "notice", "duplicate"]

NOTICES: dict[str, dict[str, str]] = {
    "holding": {
        "es": "Gracias por tu mensaje. Lo estamos revisando y te responderemos en breve.",
        "en": "Thanks for your message. We are checking and will answer shortly.",
    },
    "unsupported": {
        "es": "Solo puedo leer mensajes de texto y notas de voz. ¿Nos lo escribes, por favor?",
        "en": "I can only read text messages and voice notes. Could you write to us, please?",
    },
    "late": {
        "es": "Perdona la demora en responder. Escríbenos de nuevo y seguimos: {answer}",
        "en": "Sorry we answered late. Write to us again and we'll carry on: {answer}",
    },
}


@dataclass
class Outcomes:
    outcome: Outcome
    reply: Reply | None = None
    analysis: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


class MessagePipeline:
    def __init__(
        self,
        settings: Settings,
        inbox: Inbox,
        conversations: ConversationStore,
        orchestrator: Any,
        dlq: Any,
        sender: WhatsAppSender | None = None,
        transcriber: Any = None,
        breaker: Any = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.settings = settings
        self.inbox = inbox
        self.conversations = conversations
        self.orchestrator = orchestrator
        self.dlq = dlq
        self.sender = sender
        self.transcriber = transcriber
        self.breaker = breaker
        self.clock = clock
        self._guest_locks = KeyedLock()
        self._tasks: set[asyncio.Task[Any]] = set()
        # Bounds concurrent background processing under a burst (SQLite has one writer).
        self._processing_slots = asyncio.Semaphore(MAX_CONCURRENT_PROCESSING)

    # --- intake ---------------------------------------------------------------------------------
    async def accept(self, message: InboundMessage) -> bool:
        """Store durably before acknowledging. False: a redelivery of a message already accepted."""
        if not await self.inbox.accept(message):
            return False
        MESSAGES_RECEIVED.labels(channel=message.channel, type=message.type).inc()
        return True

    def process_in_background(self, message: InboundMessage) -> None:
        task = asyncio.create_task(
            self._process_in_slot(message), name=f"process:{message.channel}:{message.id}"
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _process_in_slot(self, message: InboundMessage) -> None:
        async with self._processing_slots:
            await self.process(message)

    async def drain(self, timeout: float = 30.0) -> None:
        """Let in-flight processing finish (graceful shutdown); what does not finish in time is cancelled
        and recovered later from the inbox by this or another process."""
        if not self._tasks:
            return
        _, unfinished = await asyncio.wait(set(self._tasks), timeout=timeout)
        for task in unfinished:
            task.cancel()
        if unfinished:
            await asyncio.wait(unfinished, timeout=5)

    async def recover(self) -> int:
        """Process messages accepted earlier whose processing never finished (crash after the ack)."""
        stale = await self.inbox.reclaimable(timedelta(seconds=self.settings.inbox_recovery_seconds))
        for message in stale:
            await self.process(message, recovered=True)
        return len(stale)

    # --- processing -----------------------------------------------------------------------------
    async def process(self, message: InboundMessage, recovered: bool = False) -> Outcomes:
        # The guest's lock first, then the claim: tasks queue on the lock in arrival order, so one guest's
        # messages are answered in the order they came.
        async with self._guest_locks.hold(conversation_key(message)):
            if not await self.inbox.claim(message):
                return Outcomes("duplicate")
            heartbeat = asyncio.create_task(self._keep_claim(message))
            try:
                with correlation(message.correlation_id or message.id):  # PMS failures name the message
                    return await self._process_claimed(message, recovered)
            except ProcessingFailure as failure:
                return await self._dead_letter(message, failure.reason, str(failure), failure)
            except Exception as exc:  # any bug must still leave the message recoverable
                log.exception("unhandled error processing %s message %s", message.channel, message.id)
                return await self._dead_letter(message, "unhandled", f"{type(exc).__name__}: {exc}", exc)
            finally:
                heartbeat.cancel()

    async def _keep_claim(self, message: InboundMessage) -> None:
        """While a message is being worked on (a long voice note, a slow PMS), keep its claim fresh so
        recovery in this or another process does not take it for abandoned and answer it twice."""
        interval = self.settings.inbox_recovery_seconds / 3
        while True:
            await asyncio.sleep(interval)
            with contextlib.suppress(Exception):
                await self.inbox.touch(message)

    async def _process_claimed(self, message: InboundMessage, recovered: bool) -> Outcomes:
        key = conversation_key(message)
        if recovered:
            # A process that died after the orchestrator answered but before the send left the answer here.
            pending = await self.inbox.pending_reply(message)
            if pending is not None:
                await self._deliver_answer(message, pending)
                await self.inbox.finish(message)
                return Outcomes("answered", pending)
        text = await self._text_of(message, record=True)
        if isinstance(text, Outcomes):
            await self.inbox.finish(message)
            return text
        if await self.conversations.in_handoff(key):
            MESSAGES_REPLIED.labels(channel=message.channel, type="handoff").inc()
            await self.inbox.finish(message)
            return Outcomes("handoff")
        turn = await self.orchestrator.respond(key, message.channel, text, self.clock())
        await self._deliver_answer(message, turn.reply)
        await self._finish_quietly(message)
        return Outcomes("answered", turn.reply, turn.analysis)

    async def _finish_quietly(self, message: InboundMessage) -> None:
        """After the answer went out, a bookkeeping error must not dead-letter it (the guest would get a
        holding reply and a second answer); recovery handles a row left unfinished."""
        try:
            await self.inbox.finish(message)
        except Exception:
            log.exception("answered %s message %s but could not mark it done", message.channel, message.id)

    async def _text_of(self, message: InboundMessage, record: bool) -> str | Outcomes:
        """The words to understand: the text, the button chosen, or the voice note transcribed."""
        if message.type in ("text", "interactive"):
            if record:
                await self.conversations.record_in(
                    message.guest_id, message.channel, message.text or "", message.type, message.id
                )
            return message.text or ""
        if message.type == "audio":
            if self.transcriber is None:
                AUDIO_MESSAGES.labels(result="unsupported").inc()
                if record:
                    await self.conversations.record_in(
                        message.guest_id, message.channel, "[voice note]", "audio", message.id
                    )
                language = await self._language_of(conversation_key(message))
                reply = Reply(voice_unavailable_message(language))
                await self._deliver(message, reply, kind="notice")
                return Outcomes("notice", reply)
            return await self._transcribe(message, record)
        if record:
            await self.conversations.record_in(
                message.guest_id, message.channel, f"[{message.text}]", "unsupported", message.id
            )
        return await self._notice(message, "unsupported")

    async def _transcribe(self, message: InboundMessage, record: bool) -> str | Outcomes:
        from hotel_agent.audio import AudioRejected

        try:
            transcript = await self.transcriber.transcribe_media(message.media_id)
        except AudioRejected as rejected:
            if record:
                await self.conversations.record_in(
                    message.guest_id, message.channel, "[voice note]", "audio", message.id
                )
            language = await self._language_of(conversation_key(message))
            reply = Reply(rejected.guest_message(language))
            await self._deliver(message, reply, kind="notice")
            return Outcomes("notice", reply)
        if record:
            await self.conversations.record_in(
                message.guest_id, message.channel, transcript.text, "audio", message.id
            )
        return str(transcript.text)

    async def _notice(self, message: InboundMessage, key: str) -> Outcomes:
        language = await self._language_of(conversation_key(message))
        reply = Reply(NOTICES[key][language])
        await self._deliver(message, reply, kind="notice")
        return Outcomes("notice", reply)

    async def _dead_letter(
        self, message: InboundMessage, reason: str, error: str, exc: BaseException
    ) -> Outcomes:
        trace = "".join(traceback.format_exception(exc))
        is_new = await self.dlq.enqueue(
            message, reason, error, trace, message.correlation_id or message.id, now=self.clock()
        )
        await self.inbox.finish(message, status="dead_lettered")
        log.warning(
            "message dead-lettered",
            extra={"message_id": message.id, "channel": message.channel, "reason": reason},
        )
        if not is_new:
            return Outcomes("queued")
        language = await self._language_of(
            conversation_key(message), message.text if message.type == "text" else None
        )
        holding = Reply(NOTICES["holding"][language])
        try:
            await self._deliver(message, holding, kind="holding")
        except ProcessingFailure:
            # The real answer is still queued; the holding reply is a courtesy.
            log.warning("holding reply to %s could not be sent", message.channel)
        return Outcomes("queued", holding, extra={"reason": reason})

    # --- DLQ retry ------------------------------------------------------------------------------
    async def retry(self, message: InboundMessage, entry: Any = None) -> None:
        """Run a dead-lettered message again and deliver the real answer; raise on failure."""
        if entry is not None and entry.reason == "pms_unavailable":
            self._defer_while_breaker_open()
        key = conversation_key(message)
        async with self._guest_locks.hold(key):
            if await self.inbox.status(message.channel, message.id) == ANSWERED_LATE:
                # Delivered by an earlier retry whose acknowledgement was lost (a worker died, the store
                # blipped): the guest has the answer; the DLQ only has to let the entry go.
                return
            pending = await self.inbox.pending_reply(message)
            if pending is not None:
                # The answer was computed (maybe a booking made) and only the send failed: send that answer.
                await self._deliver_answer(message, pending, late_ok=True)
                await self.inbox.set_pending_reply(message, None)
                await self._mark_answered_late(message)
                return
            text = await self._text_of(message, record=False)
            if isinstance(text, Outcomes):
                return
            if await self.conversations.in_handoff(key):
                return  # a person has taken this guest over
            # "mañana" means the day after the guest wrote, however late the retry runs.
            with correlation(message.correlation_id or message.id):
                turn = await self.orchestrator.respond(key, message.channel, text, message.received_at)
            await self._deliver_answer(message, turn.reply, late_ok=True)
            await self._mark_answered_late(message)

    async def _mark_answered_late(self, message: InboundMessage) -> None:
        """One UPDATE right after the send: a retry that runs again for this message will not answer twice."""
        try:
            await self.inbox.finish(message, status=ANSWERED_LATE)
        except Exception:  # the answer is out; at worst a lost ack re-answers, as before this marker
            log.exception("could not mark a late answer as delivered")

    def _defer_while_breaker_open(self) -> None:
        """A retry that needs the PMS would only be refused by the open breaker (and counted as one more PMS
        failure): wait for half-open instead."""
        if self.breaker is None:
            return
        snapshot = self.breaker.snapshot()
        if snapshot.state.value == "open":
            wait = snapshot.seconds_to_half_open
            raise RetryDeferred(wait if wait is not None else 60.0, "the PMS circuit breaker is open")

    async def _deliver_answer(self, message: InboundMessage, reply: Reply, late_ok: bool = False) -> None:
        try:
            await self._deliver(message, reply, kind="answer", late_ok=late_ok)
        except ProcessingFailure as failure:
            if failure.reason == "send_error":
                await self.inbox.set_pending_reply(message, reply)
            raise

    # --- delivery -------------------------------------------------------------------------------
    async def _deliver(self, message: InboundMessage, reply: Reply, kind: str, late_ok: bool = False) -> None:
        if message.channel == "whatsapp" and self.sender is not None:
            if late_ok and await self._outside_reply_window(message):
                language = await self._language_of(conversation_key(message))
                template_language = (
                    self.settings.whatsapp_late_template_language_es
                    if language == "es"
                    else self.settings.whatsapp_late_template_language_en
                )
                await self.sender.send_template(
                    message.guest_id,
                    self.settings.whatsapp_late_template_name,
                    template_language,
                    reply.text,
                )
                reply = Reply(NOTICES["late"][language].format(answer=reply.text))
            else:
                await self.sender.send(message.guest_id, reply)
        MESSAGES_REPLIED.labels(channel=message.channel, type=kind).inc()
        try:
            await self.conversations.record_out(message.guest_id, message.channel, reply, kind=kind)
        except Exception:
            if message.channel == "chat":
                raise  # for the chat channel the record is the delivery
            log.exception("sent a reply to %s but could not record it", message.channel)

    async def _outside_reply_window(self, message: InboundMessage) -> bool:
        """WhatsApp takes free-form replies only within 24 h of the guest's last message."""
        last = await self.conversations.last_inbound_at(message.guest_id, message.channel)
        last = max(filter(None, (last, message.received_at)))
        return self.clock() - last > timedelta(hours=self.settings.whatsapp_reply_window_hours)

    async def _language_of(self, guest_id: str, text: str | None = None) -> Literal["es", "en"]:
        """The conversation's language; for a guest's first message, the language it is written in."""
        state = await self.conversations.get_state(guest_id)
        if state.get("language") in ("es", "en"):
            return "en" if state["language"] == "en" else "es"
        if text:
            with contextlib.suppress(Exception):
                return await asyncio.to_thread(detect_language, text)
        return "es"


RetryFn = Callable[[InboundMessage, Any], Awaitable[None]]


def conversation_key(message: InboundMessage) -> str:
    """Whose dialogue state and handoff this is. WhatsApp ids are verified phone numbers; chat ids are chosen
    by the caller, so they live in their own namespace: a chat caller naming a guest's phone number must
    never reach that guest's conversation (bookings, name, email)."""
    return message.guest_id if message.channel == "whatsapp" else f"{message.channel}:{message.guest_id}"


class KeyedLock:
    """One asyncio.Lock per key, dropped when nobody holds or waits for it (guests come and go)."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)
