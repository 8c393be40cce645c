"""What the agent remembers about one guest between messages (stored as JSON by the ConversationStore)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hotel_agent.nlp.types import Language

# The question the agent is waiting on; the next message is read as its answer when it fits.
Step = Literal[
    "ask_dates",
    "ask_check_out",
    "ask_guests",
    "ask_children",
    "choose_room",
    "ask_name",
    "ask_last_name",
    "ask_email",
    "confirm_booking",
    "ask_reference",
    "ask_owner_email",
    "confirm_cancel",
    "ask_modification",
    "confirm_modify",
    "offer_team",  # a group over the limit was offered a person of the team
]
Flow = Literal["availability", "booking"]
MAX_OWN_BOOKINGS = 20  # keeps the saved state small; a guest rarely has more in one conversation
Purpose = Literal["status", "cancel", "modify"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Search(_Model):
    check_in: date | None = None
    check_out: date | None = None
    nights: int | None = None
    length_given: bool = False  # the guest said a number of nights (not two dates)
    adults: int | None = None
    children: int = 0
    rooms: int = 1
    rooms_inferred: bool = False  # more rooms than asked for, because no one room takes the whole party
    room_type: str | None = None  # single|double|twin|suite|family
    # The kind came from a question about it ("¿cuánto cuesta la ejecutiva?"), not a wish to book it: "the
    # cheapest" next is the cheapest of every room.
    kind_only_asked: bool = False
    # The kind asked for that had no room free, so other rooms were shown instead: only an explicit choice
    # (a yes, a name of the room, its button) books one of those, never a name or an email typed there.
    kind_unavailable: str | None = None
    month: date | None = None  # a month named without a day ("en abril"): its first day
    year: int | None = None  # a year named ("next year", "o sea 2027"): dates given later fall in it
    # What the guest did not say in so many words, stated plainly in the summary so they can correct it:
    month_implied: bool = False  # the dates' month came from earlier in the talk, not from their message
    guests_inferred: bool = False  # the adults were counted from people ("my wife and I"), not a number
    # Children mentioned ("our two boys", "un bebé") without a count read: asked before any quote.
    children_unsure: bool = False
    dates_unclear: bool = False  # the dates read contradicted the month the guest named: asked again
    # The party said in one breath ("2 adultos y 2 gurises") adds up to more or fewer people than were read:
    # asked about before any quote, never assumed.
    party_unclear: bool = False
    # A group over the limit was offered the team once; not taken up, it is quoted in the rooms it needs.
    team_offered: bool = False


class Offer(_Model):
    room_type_id: int
    name: str
    nightly_price: Decimal
    total_price: Decimal
    currency: str
    rooms: int = 1  # the prices are for this many rooms together


class GuestInfo(_Model):
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None


class Draft(_Model):
    """A booking being put together: the room chosen, the stay, and who it is for."""

    room_type_id: int
    room_name: str
    check_in: date
    check_out: date
    adults: int
    children: int = 0
    rooms: int = 1
    total_price: Decimal
    currency: str
    nightly_price: Decimal | None = None  # said when the room is taken ('¿y la general?' asks its price too)
    reference: str | None = None  # ours, fixed when the summary is shown: makes the create idempotent
    month_implied: bool = False
    guests_inferred: bool = False
    # A correction the agent could not read while the name or email was asked: the next yes to the summary
    # gets the summary again first, never the booking.
    correction_unread: bool = False


class Managed(_Model):
    """An existing booking the guest is asking about, cancelling or changing."""

    purpose: Purpose
    booking_id: str | None = None  # set only once the guest may see the booking
    claimed_reference: str | None = None  # a number given by a guest who has yet to prove it is theirs
    room_name: str | None = None
    check_in: date | None = None
    check_out: date | None = None
    adults: int | None = None
    children: int = 0
    rooms: int = 1
    new_check_in: date | None = None
    new_check_out: date | None = None
    new_adults: int | None = None
    new_children: int | None = None


class DialogueState(_Model):
    language: Language | None = None
    turn: int = 0
    pending: Step | None = None
    flow: Flow = "availability"
    search: Search = Field(default_factory=Search)
    offers: list[Offer] = Field(default_factory=list)
    draft: Draft | None = None
    guest: GuestInfo = Field(default_factory=GuestInfo)
    managed: Managed | None = None
    last_booking_id: str | None = None
    # Bookings made or proven (by their email) in this conversation: only these are shown or changed.
    own_booking_ids: list[str] = Field(default_factory=list)
    # Wrong emails given for a booking number, never reset: caps guessing whose booking a number is.
    failed_ownership_checks: int = 0
    unknown_streak: int = 0
    # The message the agent asked "which did you mean?" about (handlers/clarify.py).
    clarifying: str | None = None
    # The turn whose reply showed the booking summary: only a yes to the very next message books.
    summary_turn: int | None = None
    # A correction the agent could not read while the rooms were shown: no room is taken as chosen (a name or
    # email typed next is kept) until the guest says what to change or names the room.
    choice_held: bool = False
    last_turn_at: datetime | None = None
    # The amenities asked about last, and on which turn: "¿y a qué hora?" just after is about them.
    last_topics: list[str] = Field(default_factory=list)
    last_topic_turn: int | None = None
    # The one room kind a message named, and on which turn: "book it" just after means that room.
    last_room_kind: str | None = None
    last_room_kind_turn: int | None = None
    # A room put to the guest instead of the one chosen ("the cheapest is fine" after the suite was booked by
    # name): which room type, and on which turn; a yes just after takes it, anything else keeps the room chosen.
    room_offered: int | None = None
    room_offered_turn: int | None = None
    # The room kinds a message asked about side by side ("the double or the twin?"), and on which turn: "the
    # pricier one" just after is the dearer of those, never of every room.
    compared_kinds: list[str] = Field(default_factory=list)
    compared_turn: int | None = None
    # The one room kind whose feature the guest said they want before any room was shown ("busco una con 2
    # camas", then dates): a name or email typed under the whole list then takes that room, never a guess.
    wanted_kind: str | None = None
    # The guest wrote a numeric date day first ("15/04"): their "12/03" later is 12 March, not December 3.
    day_first: bool = False
    # ... or month first ("10/14"): their "12/03" later is December 3.
    month_first: bool = False
    # A message whose numeric dates read two ways ("12/03"), asked about on its reply: the readings offered
    # (month first, day first; each [check_in, check_out or None]) and the message, read again once one is
    # picked.
    date_readings: list[list[str | None]] | None = None
    date_readings_text: str | None = None
    # The summary a bare no turned down, kept for the next message only: "the dates are wrong, May 26 to 29"
    # puts that booking right (the summary again), never the rooms listed and asked for afresh.
    declined: Draft | None = None

    @classmethod
    def load(cls, data: dict[str, Any]) -> DialogueState:
        """A state saved by an older version that no longer fits starts the dialogue afresh."""
        try:
            return cls.model_validate(data)
        except ValidationError:
            return cls(language=data.get("language") if data.get("language") in ("es", "en") else None)

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def owns(self, booking_id: str) -> bool:
        return booking_id == self.last_booking_id or booking_id in self.own_booking_ids

    def remember_booking(self, booking_id: str) -> None:
        """A booking made here or proven to be the guest's; the newest also becomes the default one."""
        if booking_id in self.own_booking_ids:
            self.own_booking_ids.remove(booking_id)
        self.own_booking_ids = [*self.own_booking_ids, booking_id][-MAX_OWN_BOOKINGS:]
        self.last_booking_id = booking_id

    def forget_dialogue(self) -> None:
        """Drop half-finished questions (kept: language, the guest's details, their bookings, the
        count of wrong ownership emails)."""
        self.pending = None
        self.flow = "availability"
        self.forget_search()
        self.managed = None
        self.unknown_streak = 0

    def forget_search(self) -> None:
        self.search = Search()
        self.offers = []
        self.draft = None
        self.wanted_kind = None
