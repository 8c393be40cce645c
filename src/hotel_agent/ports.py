"""The seams between components: what the container holds and what the message pipeline calls.

Each Protocol names only what its callers use, so a test double or a second implementation (another
channel, another DLQ store) has one small contract to meet. The concrete classes satisfy them
structurally; mypy checks that where bootstrap wires them together.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from hotel_agent.channels.types import InboundMessage, Reply
    from hotel_agent.conversations.keys import ConversationKey
    from hotel_agent.conversations.models import ConversationMessageRow
    from hotel_agent.conversations.store import AlsoRecord, NewEntry
    from hotel_agent.dlq.entry import Claim, DLQEntry, Page, PermanentFailure, RetryOutcome
    from hotel_agent.dlq.permanent import PermanentStatus
    from hotel_agent.errors import FailureReason
    from hotel_agent.nlp.types import Analysis, Language
    from hotel_agent.observability.metrics import SharedGaugeReading
    from hotel_agent.orchestrator.orchestrator import Decision
    from hotel_agent.pms.base import PMS
    from hotel_agent.resilience.breaker import BreakerSnapshot
    from hotel_agent.settings import Settings


class Sender(Protocol):
    """A channel's outbound side (WhatsApp's Graph API). Raises ProcessingFailure('send_error') on refusal."""

    async def send(self, to: str, reply: Reply) -> str: ...

    async def send_template(self, to: str, name: str, language: str, body_text: str) -> str: ...

    async def aclose(self) -> None: ...


class TranscriptText(Protocol):
    @property
    def text(self) -> str: ...


class Transcriber(Protocol):
    """Voice note → text. Raises audio.AudioRejected for a note it will not transcribe."""

    async def transcribe_media(self, media_id: str, language: Language | None = None) -> TranscriptText:
        """`language`: the conversation's, when known (the guest wrote before); None lets Whisper decide."""
        ...

    async def warm_up(self) -> None: ...

    async def learn_room_types(self, pms: PMS) -> None: ...

    async def aclose(self) -> None: ...


class BreakerView(Protocol):
    """What the pipeline needs of the PMS circuit breaker: whether a retry can reach the PMS now."""

    def snapshot(self) -> BreakerSnapshot: ...


class Orchestrator(Protocol):
    """The dialogue: one message and the guest's state in, the reply and the new state out. It writes
    nothing itself, so the pipeline commits the new state with the reply in one transaction."""

    async def decide(
        self, key: ConversationKey, text: str, now: datetime, state: dict[str, Any]
    ) -> Decision: ...


class Analyzer(Protocol):
    """The NLP engine, as the orchestrator and the pipeline use it."""

    def analyze(
        self, text: str, now: datetime, language: str | None = None, reference: date | None = None
    ) -> Analysis: ...

    def detect_language(self, text: str) -> Language: ...

    def warm_up(self) -> None: ...


class DeadLetters(Protocol):
    """The DLQ as the pipeline fills it."""

    async def enqueue(
        self,
        message: InboundMessage,
        reason: FailureReason,
        error_message: str,
        traceback_text: str,
        correlation_id: str,
        now: datetime | None = None,
    ) -> bool: ...


# The DLQ worker's callback: run a dead-lettered message again and deliver its answer, or raise.
RetryFn = Callable[["InboundMessage", "DLQEntry"], Awaitable[None]]


class DeadLetterRetries(Protocol):
    """The DLQ as its worker drives it: claim the next due entry under a lease, attempt it, let it go."""

    async def claim_next(self, owner: str, now: datetime | None = None) -> Claim | None: ...

    async def attempt(self, claim: Claim, retry: RetryFn) -> RetryOutcome: ...

    async def release(self, claim: Claim) -> bool: ...


class DeadLetterQueue(DeadLetters, DeadLetterRetries, Protocol):
    """The whole DLQ as the container holds it: filled by the pipeline, retried by its worker, inspected and
    operated by the admin API, the console and the CLI (dlq/service.py; Redis or SQL entries, permanent
    failures in SQL)."""

    settings: Settings

    async def stats(self, now: datetime | None = None) -> SharedGaugeReading: ...

    async def list(
        self, reason: FailureReason | None = None, offset: int = 0, limit: int = 50
    ) -> Page[DLQEntry]: ...

    async def get(self, entry_id: str) -> DLQEntry | None: ...

    async def retry_now(self, entry_id: str, retry: RetryFn, owner: str = "operator") -> RetryOutcome: ...

    async def retry_all(self, now: datetime | None = None) -> int: ...

    async def purge(self, entry_id: str) -> bool: ...

    async def purge_older_than(self, age: timedelta, now: datetime | None = None) -> int: ...

    async def list_permanent(
        self,
        status: PermanentStatus = "unresolved",
        reason: FailureReason | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> Page[PermanentFailure]: ...

    async def get_permanent(self, failure_id: str) -> PermanentFailure | None: ...

    async def replay_permanent(
        self, failure_id: str, replayed_by: str = "operator", now: datetime | None = None
    ) -> DLQEntry: ...

    async def resolve_permanent(
        self, failure_id: str, resolved_by: str = "operator", now: datetime | None = None
    ) -> PermanentFailure: ...

    async def close(self) -> None: ...


class Delivery(Protocol):
    """Send a reply to a guest on their channel and record it in their history: what the staff console
    calls to answer a guest, with the channel's rules (WhatsApp's 24 h window) applied."""

    async def send_to_guest(
        self, key: ConversationKey, reply: Reply, kind: str, *, also: AlsoRecord | None = None
    ) -> None: ...


class Conversations(Protocol):
    """The conversation store as the message pipeline uses it: state, history and handoffs. `stage_*` write
    inside a transaction the caller holds (the turn's one commit); the others are their own."""

    async def turn_context(self, guest_id: str) -> tuple[bool, dict[str, Any]]: ...

    async def get_state(self, guest_id: str) -> dict[str, Any]: ...

    async def in_handoff(self, guest_id: str) -> bool: ...

    async def last_inbound_at(self, guest_id: str, channel: str) -> datetime | None: ...

    async def record_out(
        self,
        guest_id: str,
        channel: str,
        reply: Reply,
        kind: str = "answer",
        *,
        provider_message_id: str | None = None,
        also: AlsoRecord | None = None,
    ) -> None: ...

    async def stage_state(self, session: AsyncSession, guest_id: str, state: dict[str, Any]) -> None: ...

    async def stage_handoff(
        self, session: AsyncSession, guest_id: str, channel: str, reason: str
    ) -> bool: ...

    def stage_message(
        self,
        session: AsyncSession,
        guest_id: str,
        direction: str,
        channel: str,
        reply: Reply,
        kind: str,
        message_id: str | None,
        *,
        reading: dict[str, Any] | None = None,
        provider_message_id: str | None = None,
    ) -> ConversationMessageRow: ...

    async def stage_messages(self, session: AsyncSession, entries: list[NewEntry]) -> None: ...

    async def stage_sent(
        self, session: AsyncSession, guest_id: str, channel: str, answering: str, provider_message_id: str
    ) -> None: ...

    async def stage_reading(
        self, session: AsyncSession, guest_id: str, channel: str, message_id: str, reading: dict[str, Any]
    ) -> None: ...
