"""What the recogniser is told to expect: the hotel's own words, per language.

Whisper reads an initial prompt as the text that came before the note, so words in it become likelier in the
transcript. The prompt is built from the hotel's data — its name, the room types the PMS sells, the profile's
amenity names and `speech_hints` — after a greeting in the guest's language. When Whisper echoes the prompt
instead of the note (engine.echoes_prompt), the note is decoded again without it.
Measured on the clip set in tests/voice/clip_set.yaml: see BENCHMARKS.md ("Voice: hotel vocabulary").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hotel_agent.audio.engine import SUPPORTED_LANGUAGES, Language

if TYPE_CHECKING:
    from hotel_agent.orchestrator.profile import HotelProfile

# A greeting in the guest's language and the hotel's words. No dates, months or counts: Whisper copies
# what a prompt says into notes it cannot read (a June in the prompt became a guest's June).
_FRAME: Mapping[Language, str] = {
    "es": "Hola, buenas. Reservas en {hotel}: {words}.",
    "en": "Hello. Bookings at {hotel}: {words}.",
}
# Whisper keeps at most 223 prompt tokens; a few hundred characters stay well inside that.
MAX_PROMPT_CHARS = 600


@dataclass(frozen=True)
class RecognitionVocabulary:
    prompts: Mapping[Language, str] = field(default_factory=dict)

    def prompt(self, language: Language) -> str | None:
        return self.prompts.get(language) or None


def build_vocabulary(
    hotel_name: str,
    words: Mapping[Language, Iterable[str]],
) -> RecognitionVocabulary:
    """One prompt per language from the hotel's words (duplicates dropped, order kept)."""
    prompts: dict[Language, str] = {}
    for language in SUPPORTED_LANGUAGES:
        unique = _unique(words.get(language, ()))
        prompt = _FRAME[language].format(hotel=hotel_name, words=", ".join(unique))
        if len(prompt) > MAX_PROMPT_CHARS:  # keep the frame; drop the last words
            budget = MAX_PROMPT_CHARS - len(prompt) + len(", ".join(unique))
            kept = ", ".join(unique)[: max(0, budget)].rsplit(",", 1)[0]
            prompt = _FRAME[language].format(hotel=hotel_name, words=kept)
        prompts[language] = prompt
    return RecognitionVocabulary(prompts)


def _unique(words: Iterable[str]) -> list[str]:
    """First spelling of each word, ignoring case and blanks."""
    seen: dict[str, str] = {}
    for word in words:
        seen.setdefault(word.strip().casefold(), word.strip())
    return [word for key, word in seen.items() if key]


def hotel_vocabulary(profile: HotelProfile, room_type_names: Iterable[str] = ()) -> RecognitionVocabulary:
    """The vocabulary of this hotel: profile hints, the PMS's room type names, amenity names."""
    names = list(room_type_names)
    words: dict[Language, list[str]] = {}
    for language in SUPPORTED_LANGUAGES:
        hints = profile.speech_hints.get(language) if profile.speech_hints else []
        words[language] = [*hints, *names, *(amenity.name.get(language) for amenity in profile.amenities)]
    return build_vocabulary(profile.name, words)
