"""Voice notes that keep their dates, room types and guest counts: word error rate and entity match of the
clip set (tests/voice/clip_set.yaml) with and without the hotel vocabulary, on one or more CPU instruction
sets (CTranslate2's int8 kernels differ by ISA, so the words do too).

    .venv/bin/python -m bench.bench_voice [--isa native,AVX2,mkl:AVX2,dnnl:AVX2] [--only es01,en03] [--show]
        [--vocabulary off|on|both] [--hint off|on|both]

`--hint on` gives the transcriber the clip's language as the conversation's (a guest who wrote before).

Each CPU path (bench/cpu_paths.py: an ISA, and the GEMM backend with its instruction set) runs in its own
process (the variables are read when CTranslate2 loads). Prints a Markdown
table per language: WER, intent accuracy, exact match of dates, room type and guest counts, and the fields
read wrong (a value other than the one said: worse than a missing one, the agent would act on it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from bench.cpu_paths import cpu_path_env
from bench.machine import cpu_model

CLIP_SET = Path(__file__).resolve().parents[1] / "tests" / "voice" / "clip_set.yaml"
FIELDS = {"dates": ("check_in", "check_out"), "room type": ("room_type",), "guests": ("adults", "children")}
_NUMBER_WORDS = {
    "es": [
        "cero",
        "uno",
        "dos",
        "tres",
        "cuatro",
        "cinco",
        "seis",
        "siete",
        "ocho",
        "nueve",
        "diez",
        "once",
        "doce",
        "trece",
        "catorce",
        "quince",
        "dieciséis",
        "diecisiete",
        "dieciocho",
        "diecinueve",
        "veinte",
        "veintiuno",
        "veintidós",
        "veintitrés",
        "veinticuatro",
        "veinticinco",
        "veintiséis",
        "veintisiete",
        "veintiocho",
        "veintinueve",
        "treinta",
        "treinta_y_uno",
    ],
    "en": [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "twenty_one",
        "twenty_two",
        "twenty_three",
        "twenty_four",
        "twenty_five",
        "twenty_six",
        "twenty_seven",
        "twenty_eight",
        "twenty_nine",
        "thirty",
        "thirty_one",
    ],
}
_EN_ORDINALS = {
    "first": "one",
    "second": "two",
    "third": "three",
    "fifth": "five",
    "eighth": "eight",
    "ninth": "nine",
    "twelfth": "twelve",
}


def _unaccented(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


_NUMBER_NAMES = {language: [_unaccented(w) for w in words] for language, words in _NUMBER_WORDS.items()}


def normalise(text: str, language: str) -> list[str]:
    """Words for WER: lower case, no accents or punctuation, digits and ordinals as the cardinal's words."""
    text = _unaccented(text.lower())
    text = re.sub(r"(\d+)(st|nd|rd|th)\b", r"\1", text)
    words: list[str] = []
    names = _NUMBER_NAMES[language]
    for token in re.findall(r"[a-zñ0-9]+", text.replace("-", " ")):
        if token.isdigit() and int(token) < len(names):
            words.extend(names[int(token)].split("_"))
        elif language == "en" and token.endswith("th") and token[:-2] in names:
            words.append(token[:-2])
        elif language == "en" and token.endswith("ieth") and token[:-4] + "y" in names:
            words.append(token[:-4] + "y")
        else:
            words.append(_EN_ORDINALS.get(token, token) if language == "en" else token)
    return words


def edit_distance(reference: list[str], hypothesis: list[str]) -> int:
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i]
        for j, hyp in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1]


def run_isa(isa: str, vocabulary: bool, hint: bool, only: set[str]) -> list[dict[str, Any]]:
    """In this process: transcribe every clip, analyse the transcript, return one row per clip."""
    from tests.voice.clips import Phrase, make_clip

    from hotel_agent.audio import VoiceTranscriber
    from hotel_agent.audio.vocabulary import RecognitionVocabulary
    from hotel_agent.nlp import analyze
    from hotel_agent.settings import Settings

    document = yaml.safe_load(CLIP_SET.read_text(encoding="utf-8"))
    now = datetime.fromisoformat(document["now"]).replace(tzinfo=UTC)
    transcriber = VoiceTranscriber(Settings(), vocabulary=None if vocabulary else RecognitionVocabulary())

    async def transcribe_all(directory: Path) -> list[dict[str, Any]]:
        rows = []
        await transcriber.warm_up()
        for clip in document["clips"]:
            if only and clip["name"] not in only:
                continue
            phrase = Phrase(clip["name"], clip["voice"], clip["text"], speed=clip["speed"])
            transcript = await transcriber.transcribe_bytes(
                make_clip(phrase, directory).read_bytes(), clip["language"] if hint else None
            )
            analysis = analyze(transcript.text, now, language=clip["language"])
            rows.append(
                {
                    "name": clip["name"],
                    "language": clip["language"],
                    "reference": clip["text"],
                    "transcript": transcript.text,
                    "heard_language": transcript.language,
                    "intent_ok": analysis.intent == clip["intent"],
                    "expected": clip["entities"],
                    "found": {key: analysis.entities.get(key) for key in clip["entities"]},
                }
            )
        await transcriber.aclose()
        return rows

    with tempfile.TemporaryDirectory() as directory:
        return asyncio.run(transcribe_all(Path(directory)))


def summarise(rows: list[dict[str, Any]], language: str) -> dict[str, str]:
    mine = [row for row in rows if row["language"] == language]
    errors = words = 0
    for row in mine:
        reference = normalise(row["reference"], language)
        errors += edit_distance(reference, normalise(row["transcript"], language))
        words += len(reference)
    summary = {
        "clips": str(len(mine)),
        "WER": f"{errors / max(words, 1):.2f}",
        "language": f"{sum(r['heard_language'] == language for r in mine) / max(len(mine), 1):.2f}",
        "intent": f"{sum(r['intent_ok'] for r in mine) / max(len(mine), 1):.2f}",
    }
    for label, keys in FIELDS.items():
        pairs = [(row["expected"][k], row["found"][k]) for row in mine for k in keys if k in row["expected"]]
        summary[label] = f"{sum(a == b for a, b in pairs) / max(len(pairs), 1):.2f} ({len(pairs)})"
    found = [(row["expected"][k], value) for row in mine for k, value in row["found"].items()]
    summary["wrong"] = f"{sum(value is not None and value != said for said, value in found)} of {len(found)}"
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--isa", default="", help="comma-separated CPU paths of bench/cpu_paths.py (default: native)"
    )
    parser.add_argument("--only", default="", help="comma-separated clip names")
    parser.add_argument("--show", action="store_true", help="print every transcript")
    parser.add_argument("--vocabulary", choices=("off", "on", "both"), default="both")
    parser.add_argument("--hint", choices=("off", "on", "both"), default="off")
    # "ISA:vocabulary:hint" in a subprocess
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    only = {name for name in args.only.split(",") if name}
    if args.child:
        isa, vocabulary, hint = args.child.split(":")
        print(json.dumps(run_isa(isa, vocabulary == "on", hint == "on", only)))
        return 0

    print(f"Machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; clip set {CLIP_SET.name}\n")
    print(
        "| ISA | vocabulary | conversation language | lang | clips | WER | language | intent | dates "
        "| room type | guests | wrong fields |"
    )
    print("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for isa in [value for value in args.isa.split(",") if value] or ["native"]:
        env = {**os.environ, **cpu_path_env(isa)}
        runs = [
            (vocabulary, hint)
            for vocabulary in (("off", "on") if args.vocabulary == "both" else (args.vocabulary,))
            for hint in (("off", "on") if args.hint == "both" else (args.hint,))
        ]
        for vocabulary, hint in runs:
            command = [sys.executable, "-m", "bench.bench_voice", "--child", f"{isa}:{vocabulary}:{hint}"]
            if only:
                command += ["--only", ",".join(sorted(only))]
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(done.stderr[-2000:], file=sys.stderr)
                return 1
            rows = json.loads(done.stdout.strip().splitlines()[-1])
            for language in ("es", "en"):
                s = summarise(rows, language)
                print(
                    f"| {isa} | {vocabulary} | {'given' if hint == 'on' else 'unknown'} | {language} | "
                    f"{s['clips']} | {s['WER']} | {s['language']} | {s['intent']} | {s['dates']} | "
                    f"{s['room type']} | {s['guests']} | {s['wrong']} |"
                )
            if args.show:
                for row in rows:
                    misses = {k: v for k, v in row["found"].items() if v != row["expected"][k]}
                    print(
                        f"    {row['name']} {isa}/{vocabulary}/{hint}: {row['transcript']!r} misses={misses}"
                    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
