"""Voice-note clips made at test time: espeak-ng speaks the text, ffmpeg encodes it as WhatsApp does
(OGG/Opus, mono, 16 kHz, voip). Both are Debian packages (scripts/ensure-system-deps.sh installs them)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Phrase:
    name: str
    voice: str  # espeak-ng voice
    text: str
    speed: int | None = None  # words per minute; espeak-ng's default (175) when None


SPANISH_AVAILABILITY = Phrase(
    "es_availability", "es", "Hola, ¿tienen habitación doble del tres al cinco de marzo para dos personas?"
)
ENGLISH_CHECKOUT = Phrase("en_checkout", "en", "What time is check out?")
# Clip es11 of the clip set: Whisper base took it for English (or Thai) on an AMD EPYC.
SPANISH_FAST = Phrase(
    "es_fast_single",
    "es",
    "¿Tienen una habitación individual libre del veintidós al veinticinco de octubre?",
    speed=170,
)
# More phrases for the benchmark's median; tests need only the two above.
BENCH_PHRASES = (
    SPANISH_AVAILABILITY,
    ENGLISH_CHECKOUT,
    Phrase("es_checkin", "es", "Buenas tardes, ¿a qué hora se puede hacer el check in en el hotel?"),
    Phrase("en_booking", "en", "Hi, I would like to book a double room for two nights from Friday, please."),
    Phrase(
        "es_long",
        "es",
        "Buenos días. Somos una familia de cuatro personas y queremos reservar dos habitaciones "
        "del diez al quince de agosto. ¿Tienen aparcamiento y el desayuno está incluido en el precio?",
    ),
    Phrase(
        "en_long",
        "en",
        "Good morning. We are arriving late tonight, probably around midnight, because our flight was "
        "delayed. Could you keep our reservation and tell us whether the reception is open all night?",
    ),
)


# As WhatsApp records voice notes: mono Opus in OGG, speech-tuned.
OPUS_VOICE = ("-ac", "1", "-ar", "16000", "-c:a", "libopus", "-b:a", "24k", "-application", "voip")


def require_tools() -> None:
    missing = [tool for tool in ("espeak-ng", "ffmpeg") if shutil.which(tool) is None]
    if missing:
        raise RuntimeError(f"voice tests need {', '.join(missing)}: run `make system-deps`")


def make_clip(phrase: Phrase, directory: Path) -> Path:
    """The phrase as an OGG/Opus file in `directory` (made once; reused when already there)."""
    require_tools()
    target = directory / f"{phrase.name}-{phrase.voice}-{phrase.speed or 'default'}.ogg"
    if target.exists():
        return target
    wav = directory / f"{phrase.name}.wav"
    speed = ["-s", str(phrase.speed)] if phrase.speed else []
    subprocess.run(["espeak-ng", "-v", phrase.voice, *speed, "-w", str(wav), phrase.text], check=True)
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), *OPUS_VOICE, str(target)], check=True
    )
    wav.unlink()
    return target


def make_silence(directory: Path, seconds: float) -> Path:
    """An OGG/Opus file of silence (a valid voice note with nobody speaking)."""
    require_tools()
    target = directory / f"silence_{seconds:g}s.ogg"
    if not target.exists():
        silence = ["-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", f"{seconds:g}"]
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", *silence, *OPUS_VOICE, str(target)], check=True)
    return target
