"""What a failed turn becomes. Retryable or not, it reaches the DLQ with its reason and the guest gets one
holding reply; the DLQ worker retries it later. A message whose processing never finishes (the process
dies or hangs on it each time, or not even its failure can be recorded) is given up after
`inbox_max_attempts` claims: dead-lettered, or, when the DLQ cannot take it either, marked `failed`
(permanent, logged, counted). Nothing loops.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import datetime

from hotel_agent.channels.types import InboundMessage, Reply
from hotel_agent.conversations.keys import ConversationKey
from hotel_agent.db.session import Database
from hotel_agent.errors import FailureReason, ProcessingFailure
from hotel_agent.observability.metrics import DLQ_PERMANENT_FAILURES
from hotel_agent.pipeline.delivery import Delivery
from hotel_agent.pipeline.inbox import DEAD_LETTERED, FAILED, Claimed, ClaimLost, Inbox
from hotel_agent.pipeline.notices import NOTICES, ConversationLanguage
from hotel_agent.pipeline.turn import Heard, Outcome, TurnFailed
from hotel_agent.ports import Conversations, DeadLetters

log = logging.getLogger(__name__)


class Failures:
    def __init__(
        self,
        db: Database,
        inbox: Inbox,
        conversations: Conversations,
        dlq: DeadLetters,
        delivery: Delivery,
        language_of: ConversationLanguage,
        clock: Callable[[], datetime],
    ) -> None:
        self.db = db
        self.inbox = inbox
        self.conversations = conversations
        self.dlq = dlq
        self.delivery = delivery
        self.language_of = language_of
        self.clock = clock

    async def turn_failed(self, claimed: Claimed, failed: TurnFailed) -> Outcome:
        message = claimed.message
        cause = failed.cause
        if isinstance(cause, ProcessingFailure):
            return await self.dead_letter(
                claimed, cause.reason, str(cause), cause, failed.heard, failed.committed
            )
        log.error("unhandled error processing %s message %s", message.channel, message.id, exc_info=cause)
        return await self.dead_letter(
            claimed, "unhandled", f"{type(cause).__name__}: {cause}", cause, failed.heard, failed.committed
        )

    async def dead_letter(
        self,
        claimed: Claimed,
        reason: FailureReason,
        error: str,
        exc: BaseException,
        heard: Heard | None,
        committed: bool,
    ) -> Outcome:
        """The DLQ entry, the inbox's `dead_lettered` and one holding reply, by the claim's holder only
        (ClaimLost otherwise: the worker that took the message over answers it)."""
        message = claimed.message
        await self.inbox.hold(claimed)  # no DLQ entry, no holding reply for a message another worker runs
        trace = "".join(traceback.format_exception(exc))
        is_new = await self.dlq.enqueue(
            message, reason, error, trace, message.correlation_id or message.id, now=self.clock()
        )
        key = ConversationKey.of(message)
        async with self.db.transaction() as session:
            if not committed:  # the guest's words are kept in the history even though the turn failed
                recorded = heard.recorded_text if heard is not None else _as_recorded(message)
                kind = heard.kind if heard is not None else message.type
                self.conversations.stage_message(
                    session, key.guest_id, "in", key.channel, Reply(recorded), kind, message.id
                )
            # A reply that could not be sent stays in the outbox: the DLQ retry sends it, never re-decides it.
            await self.inbox.stage_finish(session, claimed, DEAD_LETTERED, keep_outbox=True)
        log.warning(
            "message dead-lettered",
            extra={"message_id": message.id, "channel": message.channel, "reason": reason},
        )
        if not is_new:
            return Outcome("queued")
        language = await self.language_of(key.storage_id, message.text if message.type == "text" else None)
        holding = Reply(NOTICES["holding"][language])
        try:
            await self.delivery.send_now(message, holding, "holding")
        except ProcessingFailure:
            # The real answer is still queued; the holding reply is a courtesy.
            log.warning("holding reply to %s could not be sent", message.channel)
        return Outcome("queued", holding)

    async def give_up(self, claimed: Claimed, attempts_allowed: int) -> None:
        """Claimed more times than allowed: every earlier attempt died or could not record its outcome."""
        message = claimed.message
        error = (
            f"processing did not finish in {attempts_allowed} attempts "
            "(the process died or hung, or its outcome could not be recorded)"
        )
        try:
            await self.dead_letter(
                claimed, "unhandled", error, ProcessingFailure("unhandled", error), None, committed=True
            )
        except ClaimLost:
            raise
        except Exception:
            log.exception(
                "could not dead-letter %s message %s either: marking it failed", message.channel, message.id
            )
            await self.inbox.finish(claimed, FAILED)
            DLQ_PERMANENT_FAILURES.labels(reason="unhandled").inc()


def _as_recorded(message: InboundMessage) -> str:
    if message.type in ("text", "interactive"):
        return message.text or ""
    return "[voice note]" if message.type == "audio" else f"[{message.text}]"
