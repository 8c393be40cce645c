"""Scores the agent on whole conversations (tests/dialogues/*/*.yaml, format in tests/dialogues/README.md).

Each dialogue is played against the real Orchestrator — the real NLP engine, the PMS simulator and the
conversation store on a throwaway SQLite database — and its outcome checked: the booking made (or none),
a handoff asked for (or not), facts in the replies. Reported per language: success rate, median guest
messages up to the booking, wrong bookings and wrong handoffs.

    python -m hotel_agent.orchestrator.evaluate [PATH ...] [-v] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from hotel_agent.nlp.types import Analysis, Language
from hotel_agent.pms.base import Booking, RoomType

DIALOGUES_DIR = Path(__file__).resolve().parents[3] / "tests" / "dialogues"
# Monday 2 March 2026, 10:00 at the hotel: the `now` of a dialogue that names none (see the README).
DEFAULT_NOW = datetime(2026, 3, 2, 10, 0)
BOOKING_FIELDS = ("room", "check_in", "check_out", "nights", "adults", "children", "rooms", "name", "email")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")


class DialogueFormatError(ValueError):
    """A dialogue file that does not follow tests/dialogues/README.md."""


# --- the format ----------------------------------------------------------------------------------------
Expected = str | list[str]  # one item of reply_contains: a text/number, or a list of alternatives


@dataclass(frozen=True)
class GuestTurn:
    text: str
    reply_contains: tuple[Expected, ...] = ()


@dataclass(frozen=True)
class Dialogue:
    id: str
    language: Language
    source: str
    now: datetime
    turns: tuple[GuestTurn, ...]
    booking: dict[str, Any] | None  # None: no booking may be made
    handoff: bool
    reply_contains: tuple[Expected, ...] = ()


def load_dialogues(paths: list[Path]) -> list[Dialogue]:
    """Every dialogue in these files (directories: their *.yaml, recursively), ids unique across them."""
    files: list[Path] = []
    for path in paths:
        files += sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    dialogues: list[Dialogue] = []
    seen: dict[str, str] = {}
    for file in files:
        for dialogue in _load_file(file):
            if dialogue.id in seen:
                raise DialogueFormatError(f"{file}: id {dialogue.id!r} already used in {seen[dialogue.id]}")
            seen[dialogue.id] = str(file)
            dialogues.append(dialogue)
    return dialogues


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. A guest's "yes", "no", "ok" or "on" stays the text they wrote."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _load_file(file: Path) -> list[Dialogue]:
    try:
        raw = yaml.load(file.read_text(encoding="utf-8"), Loader=_Loader)  # a SafeLoader: no objects built
    except yaml.YAMLError as exc:
        raise DialogueFormatError(f"{file}: not valid YAML ({exc})") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("dialogues"), list):
        raise DialogueFormatError(f"{file}: expected a mapping with `language` and a list `dialogues`")
    language = raw.get("language")
    if language not in ("es", "en"):
        raise DialogueFormatError(f"{file}: `language` must be es or en, not {language!r}")
    return [_dialogue(item, language, file, index) for index, item in enumerate(raw["dialogues"], 1)]


def _dialogue(item: object, language: Language, file: Path, index: int) -> Dialogue:
    where = f"{file}: dialogue {index}"
    if not isinstance(item, dict):
        raise DialogueFormatError(f"{where}: expected a mapping with id, turns and expect")
    dialogue_id = str(item.get("id", ""))
    if not ID_PATTERN.match(dialogue_id):
        raise DialogueFormatError(f"{where}: `id` must be letters, digits and dashes, not {dialogue_id!r}")
    where = f"{file}: {dialogue_id}"
    turns = item.get("turns")
    if not isinstance(turns, list) or not turns:
        raise DialogueFormatError(f"{where}: `turns` must be a non-empty list")
    expect = item.get("expect")
    if not isinstance(expect, dict) or "booking" not in expect:
        raise DialogueFormatError(f"{where}: `expect` must be a mapping with `booking` (fields or none)")
    unknown = set(expect) - {"booking", "handoff", "reply_contains"}
    if unknown:
        raise DialogueFormatError(f"{where}: unknown keys in expect: {sorted(unknown)}")
    handoff = expect.get("handoff", False)
    if not isinstance(handoff, bool):
        raise DialogueFormatError(f"{where}: `handoff` must be true or false")
    return Dialogue(
        id=dialogue_id,
        language=language,
        source=str(file),
        now=_now(item.get("now"), where),
        turns=tuple(_turn(turn, where) for turn in turns),
        booking=_booking(expect["booking"], where),
        handoff=handoff,
        reply_contains=_contains(expect.get("reply_contains", []), where),
    )


def _now(value: object, where: str) -> datetime:
    if value is None:
        return DEFAULT_NOW
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, clock_time(10, 0))
    try:
        return datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise DialogueFormatError(f"{where}: `now` must be YYYY-MM-DD or YYYY-MM-DD HH:MM") from exc


def _turn(value: object, where: str) -> GuestTurn:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return GuestTurn(str(value))
    if isinstance(value, dict) and isinstance(value.get("say"), str | int):
        unknown = set(value) - {"say", "reply_contains"}
        if unknown:
            raise DialogueFormatError(f"{where}: unknown keys in a turn: {sorted(unknown)}")
        return GuestTurn(str(value["say"]), _contains(value.get("reply_contains", []), where))
    raise DialogueFormatError(f"{where}: a turn is a string or a mapping with `say` (and `reply_contains`)")


def _contains(value: object, where: str) -> tuple[Expected, ...]:
    if not isinstance(value, list):
        raise DialogueFormatError(f"{where}: `reply_contains` must be a list")
    items: list[Expected] = []
    for item in value:
        if isinstance(item, list) and item and all(_scalar(x) for x in item):
            items.append([str(x) for x in item])
        elif _scalar(item):
            items.append(str(item))
        else:
            raise DialogueFormatError(f"{where}: reply_contains items are texts, numbers or lists of them")
    return tuple(items)


def _scalar(value: object) -> bool:
    return isinstance(value, str | int | float | Decimal) and not isinstance(value, bool)


def _booking(value: object, where: str) -> dict[str, Any] | None:
    if value is None or value == "none":
        return None
    if not isinstance(value, dict) or not value:
        raise DialogueFormatError(f"{where}: `booking` must be `none` or a mapping of booking fields")
    unknown = set(value) - set(BOOKING_FIELDS)
    if unknown:
        raise DialogueFormatError(f"{where}: unknown booking fields {sorted(unknown)}")
    fields = dict(value)
    for key in ("check_in", "check_out"):
        if key in fields and not isinstance(fields[key], date):
            try:
                fields[key] = date.fromisoformat(str(fields[key]))
            except ValueError as exc:
                raise DialogueFormatError(f"{where}: booking {key} must be YYYY-MM-DD") from exc
    return fields


# --- matching ------------------------------------------------------------------------------------------
TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
NUMBER = re.compile(r"(?<![\d.,])\d[\d.,]*\d(?![\d])|(?<![\d.,])\d(?![\d])")


def fold(text: str) -> str:
    """Lower case without accents, so 'Desayuno' matches 'desayuno' and 'López' matches 'lopez'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def parse_number(token: str) -> Decimal | None:
    """'1.560,00' / '1,560.00' / '1560' / '15' -> their value; None if the token is no number."""
    token = token.strip(".,")
    if not token or not token[0].isdigit():
        return None
    if "," in token and "." in token:
        decimal_mark = "," if token.rfind(",") > token.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        token = token.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in token or "." in token:
        mark = "," if "," in token else "."
        groups = token.split(mark)
        if len(groups) > 2 or all(len(g) == 3 for g in groups[1:]):  # thousands: 1.560 / 1,560,000
            token = token.replace(mark, "")
        else:
            token = token.replace(mark, ".")
    try:
        return Decimal(token)
    except InvalidOperation:
        return None


def numbers_in(text: str) -> set[Decimal]:
    without_times = TIME.sub(" ", text)
    found = (parse_number(token) for token in NUMBER.findall(without_times))
    return {value for value in found if value is not None}


def reply_has(reply: str, expected: Expected) -> bool:
    if isinstance(expected, list):
        return any(reply_has(reply, alternative) for alternative in expected)
    value = parse_number(expected) if NUMBER.fullmatch(expected.strip()) else None
    if value is not None:
        return value in numbers_in(reply)
    return fold(expected.strip()) in fold(reply)


# --- running -------------------------------------------------------------------------------------------
@dataclass
class Outcome:
    dialogue: Dialogue
    replies: list[str] = field(default_factory=list)
    bookings: list[Booking] = field(default_factory=list)
    booked_at_turn: int | None = None  # 1-based guest message that made the (first) booking
    handoff_at_turn: int | None = None
    failures: list[str] = field(default_factory=list)
    turn_seconds: list[float] = field(default_factory=list)
    turn_cpu_seconds: list[float] = field(default_factory=list)  # this process's CPU
    logic_seconds: list[float] = field(default_factory=list)  # the turn without the NLP call

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def wrong_booking(self) -> bool:
        return bool(self.bookings) and any(f.startswith("booking") for f in self.failures)

    @property
    def wrong_handoff(self) -> bool:
        return self.handoff_at_turn is not None and not self.dialogue.handoff


def check(outcome: Outcome, room_types: list[RoomType]) -> None:
    """Fill outcome.failures with every expectation that does not hold."""
    dialogue, failures = outcome.dialogue, outcome.failures
    for number, (turn, reply) in enumerate(zip(dialogue.turns, outcome.replies, strict=False), 1):
        for item in turn.reply_contains:
            if not reply_has(reply, item):
                failures.append(f"reply to message {number} lacks {item!r}")
    if dialogue.reply_contains:
        last = outcome.replies[-1] if outcome.replies else ""
        for item in dialogue.reply_contains:
            if not reply_has(last, item):
                failures.append(f"last reply lacks {item!r}")
    if dialogue.handoff and outcome.handoff_at_turn is None:
        failures.append("handoff expected, none started")
    if not dialogue.handoff and outcome.handoff_at_turn is not None:
        failures.append(f"handoff nobody asked for (message {outcome.handoff_at_turn})")
    if dialogue.booking is None:
        if outcome.bookings:
            failures.append(f"booking made though none was expected (message {outcome.booked_at_turn})")
        return
    if not outcome.bookings:
        failures.append("no booking made")
        return
    if len(outcome.bookings) > 1:
        failures.append(f"booking: {len(outcome.bookings)} bookings made, one expected")
    failures += [
        f"booking {problem}"
        for problem in booking_mismatches(dialogue.booking, outcome.bookings[-1], room_types)
    ]


def booking_mismatches(expected: dict[str, Any], booking: Booking, room_types: list[RoomType]) -> list[str]:
    room = next((rt for rt in room_types if rt.id == booking.room_type_id), None)
    actual: dict[str, Any] = {
        "check_in": booking.check_in,
        "check_out": booking.check_out,
        "nights": (booking.check_out - booking.check_in).days,
        "adults": sum(o.adults for o in booking.occupancy),
        "children": sum(o.children for o in booking.occupancy),
        "rooms": len(booking.occupancy),
        "name": booking.guest_name or "",
        "email": booking.guest_email or "",
    }
    problems = []
    for key, want in expected.items():
        if key == "room":
            names = {fold(room.name), fold(room.kind)} if room else set()
            if fold(str(want)) not in names:
                problems.append(f"room {room.name if room else booking.room_type_id!r}, expected {want!r}")
        elif key in ("name", "email"):
            if " ".join(fold(str(want)).split()) != " ".join(fold(actual[key]).split()):
                problems.append(f"{key} {actual[key]!r}, expected {want!r}")
        elif actual[key] != want:
            problems.append(f"{key} {actual[key]}, expected {want}")
    return problems


async def run_dialogues(dialogues: list[Dialogue], database_url: str) -> list[Outcome]:
    """Play every dialogue, one after the other, on a fresh conversation; bookings are cancelled after
    each so every dialogue sees the same free rooms."""
    from sqlalchemy import bindparam, select

    from hotel_agent.conversations.store import ConversationStore
    from hotel_agent.db.session import Database
    from hotel_agent.nlp import analyze, warm_up
    from hotel_agent.orchestrator.orchestrator import Orchestrator
    from hotel_agent.orchestrator.profile import load_profile
    from hotel_agent.pms.simulator import PMSSimulator
    from hotel_agent.pms.simulator.models import SimBookingRow
    from hotel_agent.settings import get_settings

    # The bookings made since the last look, after every turn: a prebuilt SELECT (db.read: on SQLite read on
    # the event loop, no hop to a driver thread) instead of every booking id through an ORM session.
    bookings_after = (
        select(SimBookingRow.id).where(SimBookingRow.id > bindparam("after")).order_by(SimBookingRow.id)
    )

    warm_up()  # the models load once, before any turn is timed
    nlp_seconds: list[float] = []

    def timed_analyze(
        text: str, now: datetime, language: Language | None = None, reference: date | None = None
    ) -> Analysis:
        started = time.perf_counter()
        try:
            return analyze(text, now, language, reference)
        finally:
            nlp_seconds.append(time.perf_counter() - started)

    profile = load_profile()
    zone = ZoneInfo(profile.timezone)
    today = [DEFAULT_NOW.date()]
    db = Database(database_url)
    pms = PMSSimulator(db, today=lambda: today[0])
    await pms.ensure_demo_hotel()
    room_types = await pms.room_types()
    orchestrator = Orchestrator(
        pms, ConversationStore(db), profile, analyzer=timed_analyze, settings=get_settings()
    )
    outcomes = []
    try:
        last_id = max(await pms.booking_ids(), default=0)  # ids only grow: a booking is never deleted
        for dialogue in dialogues:
            today[0] = dialogue.now.date()
            outcome = Outcome(dialogue)
            made: list[int] = []
            guest_id = f"dialogue-{dialogue.id}"
            for number, turn in enumerate(dialogue.turns, 1):
                if outcome.handoff_at_turn is not None:
                    outcome.replies.append("")  # with a person now: the agent stays silent, as in service
                    continue
                now = (dialogue.now + timedelta(seconds=20 * number)).replace(tzinfo=zone)
                started, cpu_started = time.perf_counter(), time.process_time()
                nlp_seconds.clear()
                result = await orchestrator.respond(guest_id, "chat", turn.text, now)
                outcome.turn_seconds.append(time.perf_counter() - started)
                outcome.logic_seconds.append(outcome.turn_seconds[-1] - sum(nlp_seconds))
                outcome.turn_cpu_seconds.append(time.process_time() - cpu_started)
                outcome.replies.append(result.reply.text)
                if result.handoff_started:
                    outcome.handoff_at_turn = number
                new = [row.id for row in await db.read(bookings_after, {"after": last_id})]
                if new:
                    last_id = new[-1]
                    made += new
                    outcome.booked_at_turn = outcome.booked_at_turn or number
            outcome.bookings = [await pms.get_booking(str(i)) for i in made]  # as they ended
            check(outcome, room_types)
            for booking in outcome.bookings:
                if booking.status == "confirmed":
                    await pms.cancel_booking(booking.id)
            outcomes.append(outcome)
    finally:
        await db.dispose()
    return outcomes


def evaluate(dialogues: list[Dialogue]) -> list[Outcome]:
    """Run the dialogues on a throwaway migrated SQLite database (must not be called inside an event loop:
    the migration runs its own)."""
    from hotel_agent.db.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="hotel-agent-dialogues-", dir=scratch_dir()) as directory:
        path = Path(directory) / "dialogues.db"
        shutil.copyfile(_migrated_template(), path)
        url = f"sqlite+aiosqlite:///{path}"
        upgrade(url)  # at head already: only reads the revision
        return asyncio.run(run_dialogues(dialogues, url))


# The throwaway database lives in memory when it can: nothing in it outlives the run, and on a disk every commit
# waits for an fsync (blind set 5, 200 dialogues, at load ~10 on 2 cores: 116 s on disk, 52 s in /dev/shm,
# the same 10 s of CPU).
SCRATCH_MIN_FREE_BYTES = 512 * 1024 * 1024
_template_lock = threading.Lock()
_template: Path | None = None


def scratch_dir() -> str | None:
    """/dev/shm when it is a writable directory with room (a container's default 64 MB is not), else None
    (the system's temporary directory). TMPDIR, when set, wins."""
    if os.environ.get("TMPDIR"):
        return None
    shm = Path("/dev/shm")
    try:
        if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free >= SCRATCH_MIN_FREE_BYTES:
            return str(shm)
    except OSError:
        pass
    return None


def _migrated_template() -> Path:
    """An empty database at the head revision, made by the real upgrade once per process: each evaluation
    starts on a copy of it (an upgrade from empty runs every migration, ~0.1 s of CPU each time)."""
    global _template
    from hotel_agent.db.migrate import upgrade

    with _template_lock:
        if _template is None or not _template.exists():
            directory = Path(tempfile.mkdtemp(prefix="hotel-agent-dialogues-template-", dir=scratch_dir()))
            import atexit

            atexit.register(shutil.rmtree, directory, ignore_errors=True)
            path = directory / "head.db"
            upgrade(f"sqlite+aiosqlite:///{path}")
            _template = path
        return _template


# --- reporting -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Summary:
    language: str
    dialogues: int
    succeeded: int
    booking_dialogues: int
    median_turns_to_booking: float | None
    wrong_bookings: int
    wrong_handoffs: int
    missed_handoffs: int
    turn_p50_ms: float
    turn_p95_ms: float
    turn_cpu_p50_ms: float
    turn_cpu_p95_ms: float
    logic_p50_ms: float
    logic_p95_ms: float

    @property
    def success_rate(self) -> float:
        return self.succeeded / self.dialogues if self.dialogues else 0.0

    @property
    def wrong_handoff_rate(self) -> float:
        return self.wrong_handoffs / self.dialogues if self.dialogues else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.__dict__,
            "success_rate": round(self.success_rate, 3),
            "wrong_handoff_rate": round(self.wrong_handoff_rate, 3),
        }


def summarise(outcomes: list[Outcome]) -> list[Summary]:
    summaries = []
    for language in sorted({o.dialogue.language for o in outcomes}):
        mine = [o for o in outcomes if o.dialogue.language == language]
        turns = [
            o.booked_at_turn
            for o in mine
            if o.ok and o.dialogue.booking is not None and o.booked_at_turn is not None
        ]
        seconds = sorted(s for o in mine for s in o.turn_seconds)
        cpu = sorted(s for o in mine for s in o.turn_cpu_seconds)
        logic = sorted(s for o in mine for s in o.logic_seconds)
        summaries.append(
            Summary(
                language=language,
                dialogues=len(mine),
                succeeded=sum(o.ok for o in mine),
                booking_dialogues=sum(o.dialogue.booking is not None for o in mine),
                median_turns_to_booking=statistics.median(turns) if turns else None,
                wrong_bookings=sum(o.wrong_booking for o in mine),
                wrong_handoffs=sum(o.wrong_handoff for o in mine),
                missed_handoffs=sum(o.dialogue.handoff and o.handoff_at_turn is None for o in mine),
                turn_p50_ms=round(_quantile(seconds, 0.50) * 1000, 1),
                turn_p95_ms=round(_quantile(seconds, 0.95) * 1000, 1),
                turn_cpu_p50_ms=round(_quantile(cpu, 0.50) * 1000, 1),
                turn_cpu_p95_ms=round(_quantile(cpu, 0.95) * 1000, 1),
                logic_p50_ms=round(_quantile(logic, 0.50) * 1000, 1),
                logic_p95_ms=round(_quantile(logic, 0.95) * 1000, 1),
            )
        )
    return summaries


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    return values[min(len(values) - 1, int(q * len(values)))]


def format_report(outcomes: list[Outcome], verbose: bool = False) -> str:
    lines = []
    if verbose:
        for outcome in outcomes:
            if outcome.ok:
                continue
            dialogue = outcome.dialogue
            lines.append(f"✗ {dialogue.id} ({Path(dialogue.source).name}): {'; '.join(outcome.failures)}")
            for turn, reply in zip(dialogue.turns, outcome.replies, strict=False):
                lines.append(f"    guest: {turn.text}")
                lines.append("    agent: " + reply.replace("\n", "\n           "))
        lines.append("")
    lines.append(
        f"{'lang':<5}{'dialogues':>10}{'success':>9}{'turns→booking':>15}{'wrong bookings':>16}"
        f"{'wrong handoffs':>16}{'missed handoffs':>17}{'turn p50/p95 ms':>17}{'cpu p50/p95 ms':>16}"
        f"{'w/o NLP p50/p95':>17}"
    )
    for s in summarise(outcomes):
        turns = f"{s.median_turns_to_booking:g}" if s.median_turns_to_booking is not None else "-"
        lines.append(
            f"{s.language:<5}{s.dialogues:>10}{s.success_rate:>9.3f}{turns:>15}{s.wrong_bookings:>16}"
            f"{s.wrong_handoffs:>16}{s.missed_handoffs:>17}{f'{s.turn_p50_ms:g}/{s.turn_p95_ms:g}':>17}"
            f"{f'{s.turn_cpu_p50_ms:g}/{s.turn_cpu_p95_ms:g}':>16}"
            f"{f'{s.logic_p50_ms:g}/{s.logic_p95_ms:g}':>17}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="*", type=Path, help="dialogue files or directories (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every failed conversation")
    parser.add_argument("--json", action="store_true", help="print the summaries as JSON")
    args = parser.parse_args(argv)
    try:
        dialogues = load_dialogues(args.paths or [DIALOGUES_DIR])
    except DialogueFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    outcomes = evaluate(dialogues)
    if args.json:
        print(json.dumps([s.to_dict() for s in summarise(outcomes)], indent=2))
    else:
        print(format_report(outcomes, verbose=args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
