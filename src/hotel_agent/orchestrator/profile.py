"""The hotel profile: the facts the agent answers from (times, amenities, location, policies), in es and en.

Loaded from the YAML at settings.hotel_profile, or the bundled demo hotel. A bad file fails at start-up with
an error that names the file and the field.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hotel_agent.nlp.types import Language

DEMO_PROFILE_PATH = Path(__file__).with_name("demo_hotel.yaml")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class HotelProfileError(ValueError):
    """The hotel profile YAML is missing, unreadable or invalid."""


class Localized(BaseModel):
    """A guest-facing text in both languages the agent speaks."""

    model_config = ConfigDict(extra="forbid")

    es: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, language: Language) -> str:
        return self.es if language == "es" else self.en


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LocalizedWords(_Strict):
    """Words guests say, per language (e.g. what they call the room types)."""

    es: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)

    def get(self, language: Language) -> list[str]:
        return self.es if language == "es" else self.en


def _check_time(value: str) -> str:
    if not _TIME.match(value):
        raise ValueError(f"expected a time as HH:MM (24h), got {value!r}")
    return value


class LateCheckout(_Strict):
    available: bool
    until: str | None = None  # HH:MM
    fee: Decimal | None = Field(default=None, ge=0)
    note: Localized | None = None

    @field_validator("until")
    @classmethod
    def _until_is_time(cls, value: str | None) -> str | None:
        return None if value is None else _check_time(value)


class Amenity(_Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")  # matched against the NLP's `amenity` entity
    aliases: list[str] = Field(default_factory=list)  # other words guests use for it (any language)
    name: Localized
    description: Localized
    # A charge per guest and night (breakfast): "¿y con desayuno cuánto sería?" is quoted for the stay.
    price_per_guest_night: Decimal | None = Field(default=None, ge=0)
    # Paid, at prices this profile does not list (the spa's treatments): asked its price, the agent says so and
    # who can tell, never a room's price nor a guess.
    price_on_request: bool = False
    # Ways of asking for it that no single word names ("do you pick guests up at the airport?"): regular
    # expressions over the message's words, folded (lower case, no accents, no punctuation, one space apart).
    phrasings: list[str] = Field(default_factory=list)
    # Words of the details the description answers in other words ("warm", "caliente" for a heated pool): a
    # yes/no question about a detail neither names is told it cannot be confirmed here.
    details: list[str] = Field(default_factory=list)

    @field_validator("phrasings")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for phrasing in value:
            try:
                re.compile(phrasing)
            except re.error as exc:
                raise ValueError(f"not a regular expression: {phrasing!r} ({exc})") from exc
        return value


class Location(_Strict):
    address: str = Field(min_length=1)
    city: str = Field(min_length=1)
    country: str = Field(min_length=1)
    directions: Localized
    maps_url: str | None = None


class Contact(_Strict):
    phone: str = Field(min_length=1)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    website: str | None = None


class HotelProfile(_Strict):
    name: str = Field(min_length=1)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    timezone: str = "UTC"
    check_in_time: str
    check_out_time: str
    early_check_in: Localized | None = None
    late_checkout: LateCheckout
    amenities: list[Amenity] = Field(min_length=1)
    location: Location
    contact: Contact
    cancellation_policy: Localized
    # Whether the prices quoted include taxes (and any charge), in the hotel's words. Without it the agent
    # says it will check, never guesses.
    taxes: Localized | None = None
    # Short descriptions of room kinds (single|double|twin|suite|family) shown with room options.
    room_descriptions: dict[str, Localized] = Field(default_factory=dict)
    # Words the speech recogniser should expect in voice notes (room kinds, local names), per language.
    speech_hints: LocalizedWords | None = None

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (use an IANA name like Europe/Madrid)") from exc
        return value

    @field_validator("check_in_time", "check_out_time")
    @classmethod
    def _is_time(cls, value: str) -> str:
        return _check_time(value)

    def find_amenity(self, word: str) -> Amenity | None:
        wanted = _as_key(word)
        for amenity in self.amenities:
            if wanted in _amenity_keys(amenity.key, amenity.name.es, amenity.name.en, tuple(amenity.aliases)):
                return amenity
        return None

    def amenities_in_text(self, text: str) -> list[Amenity]:
        """The amenities a message names by their key, name or an alias ("can I bring my dog?")."""
        words = _padded_folded(text)
        found = []
        for amenity in self.amenities:
            pattern = _amenity_pattern(amenity.key, amenity.name.es, amenity.name.en, tuple(amenity.aliases))
            if pattern.search(words) or any(_phrasing(p).search(words) for p in amenity.phrasings):
                found.append(amenity)
        return found


# The amenities' names folded once, not on every message: cached on the names themselves (not on the profile
# object), so a reloaded, copied or edited profile is matched by its own words, never by stale ones.
@functools.lru_cache(maxsize=1024)
def _amenity_phrases(key: str, es: str, en: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    names = {key.replace("_", " "), es, en, *aliases}
    return tuple(_padded_folded(name) for name in names if name.strip())


@functools.lru_cache(maxsize=1024)
def _phrasing(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# One search for all of an amenity's phrases (each padded with spaces: a substring of the padded words).
@functools.lru_cache(maxsize=1024)
def _amenity_pattern(key: str, es: str, en: str, aliases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(phrase) for phrase in _amenity_phrases(key, es, en, aliases)))


@functools.lru_cache(maxsize=1024)
def _amenity_keys(key: str, es: str, en: str, aliases: tuple[str, ...]) -> frozenset[str]:
    return frozenset({key, _as_key(es), _as_key(en), *(_as_key(alias) for alias in aliases)})


# A turn asks about the same message more than once (amenities answered, topics remembered).
@functools.lru_cache(maxsize=256)
def _padded_folded(text: str) -> str:
    return f" {' '.join(_folded_words(text))} "


def _folded_words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.findall(r"[a-z0-9]+", plain)


def _as_key(word: str) -> str:
    return "_".join(word.strip().lower().replace("-", " ").split())


def load_profile(path: Path | str | None = None) -> HotelProfile:
    """Read and validate a profile; None loads the bundled demo hotel."""
    source = Path(path) if path is not None else DEMO_PROFILE_PATH
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise HotelProfileError(f"hotel profile {source}: cannot read it ({exc.strerror or exc})") from exc
    except yaml.YAMLError as exc:
        raise HotelProfileError(f"hotel profile {source}: not valid YAML ({exc})") from exc
    if not isinstance(raw, dict):
        raise HotelProfileError(f"hotel profile {source}: expected a mapping at the top level")
    return parse_profile(raw, source=str(source))


def parse_profile(data: dict[str, Any], source: str = "<dict>") -> HotelProfile:
    try:
        return HotelProfile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"field '{'.'.join(str(part) for part in error['loc']) or '<root>'}': {error['msg']}"
            for error in exc.errors()
        )
        raise HotelProfileError(f"hotel profile {source}: {problems}") from exc
