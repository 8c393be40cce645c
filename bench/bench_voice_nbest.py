"""N-best rescoring with the hotel's domain, measured offline on the voice clip set (issue 11, avenue c).

    .venv/bin/python -m bench.bench_voice_nbest [--beam 10] [--hypotheses 10] [--margin 0.08] [--only es01,en03]

Each clip is decoded once in its own language with the shipped prompt (the hotel's words), returning the
beam's `--hypotheses` best transcripts. Three readings are compared per language: the top hypothesis (what
the shipped decoding gives with that beam), the rescored one (among hypotheses within `--margin` of the top
length-normalised log-probability, the one whose reading gives the most consistent fields: check-in before
check-out 2, room type, adults, children 1 each; ties by log-probability), and the best any hypothesis holds
(an upper bound). Rescoring only chooses among hypotheses, so it cannot invent a value none of them holds.

Drives CTranslate2 below faster-whisper's `transcribe` (which does not expose n-best): faster-whisper's
VAD, feature extractor, `encode` and `get_prompt`, as faster-whisper 1.2 names them. Not part of the product.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from bench.bench_voice import CLIP_SET, FIELDS
from bench.machine import cpu_model

Entities = dict[str, Any]


def consistency(entities: Entities) -> int:
    """How much of a booking request the reading holds, consistently."""
    score = 0
    check_in, check_out = entities.get("check_in"), entities.get("check_out")
    if check_in and check_out and check_out > check_in:
        score += 2
    return score + sum(entities.get(key) is not None for key in ("room_type", "adults", "children"))


def rescore(hypotheses: list[tuple[str, float]], read: Callable[[str], Entities], margin: float) -> int:
    """Index of the chosen hypothesis; `hypotheses` are (text, length-normalised log-probability), best first."""
    best = hypotheses[0][1]
    candidates = [i for i, (_, score) in enumerate(hypotheses) if score >= best - margin]
    return max(candidates, key=lambda i: (consistency(read(hypotheses[i][0])), hypotheses[i][1]))


def nbest(
    model: Any, samples: Any, language: str, prompt: str, beam: int, count: int
) -> list[tuple[str, float]]:
    from faster_whisper.audio import pad_or_trim
    from faster_whisper.tokenizer import Tokenizer
    from faster_whisper.vad import VadOptions, collect_chunks, get_speech_timestamps

    chunks, _ = collect_chunks(samples, get_speech_timestamps(samples, VadOptions()))
    speech = np.concatenate(chunks) if chunks else samples
    features = model.feature_extractor(speech)
    encoded = model.encode(pad_or_trim(features[:, : features.shape[-1] - 1]))
    tokenizer = Tokenizer(model.hf_tokenizer, True, task="transcribe", language=language)
    previous = tokenizer.encode(" " + prompt.strip()) if prompt else []
    result = model.model.generate(
        encoded,
        [model.get_prompt(tokenizer, previous, without_timestamps=True)],
        beam_size=beam,
        num_hypotheses=count,
        return_scores=True,
        max_length=448,
        suppress_blank=True,
        suppress_tokens=[-1],
    )[0]
    return [
        (tokenizer.decode(ids).strip(), float(score))
        for ids, score in zip(result.sequences_ids, result.scores, strict=True)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--beam", type=int, default=10)
    parser.add_argument("--hypotheses", type=int, default=10)
    parser.add_argument("--margin", type=float, default=0.08)
    parser.add_argument("--only", default="", help="comma-separated clip names")
    args = parser.parse_args()
    only = {name for name in args.only.split(",") if name}

    from tests.voice.clips import Phrase, make_clip

    from hotel_agent.audio.decode import decode_audio
    from hotel_agent.audio.engine import load_model
    from hotel_agent.audio.model_cache import ensure_model_dir, model_dir_for
    from hotel_agent.audio.vocabulary import hotel_vocabulary
    from hotel_agent.nlp import analyze
    from hotel_agent.orchestrator.profile import load_profile
    from hotel_agent.settings import Settings

    settings = Settings()
    model = load_model(ensure_model_dir(model_dir_for(settings)), workers=1)
    prompts = hotel_vocabulary(load_profile(settings.hotel_profile)).prompts
    document = yaml.safe_load(CLIP_SET.read_text(encoding="utf-8"))
    now = datetime.fromisoformat(document["now"]).replace(tzinfo=UTC)

    readings = ("top", "rescored", "best any hypothesis holds")
    # language -> reading -> field label -> [matched, stated]; and fields read wrong per reading
    tally: dict[str, dict[str, dict[str, list[int]]]] = {}
    wrong: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory() as directory:
        for clip in document["clips"]:
            if only and clip["name"] not in only:
                continue
            language, expected = clip["language"], clip["entities"]
            phrase = Phrase(clip["name"], clip["voice"], clip["text"], speed=clip["speed"])
            samples = decode_audio(make_clip(phrase, Path(directory)).read_bytes(), max_seconds=300).samples
            hypotheses = nbest(
                model, samples, language, prompts.get(language, ""), args.beam, args.hypotheses
            )
            cache: dict[str, Entities] = {}

            def read(text: str, language: str = language, cache: dict[str, Entities] = cache) -> Entities:
                if text not in cache:
                    cache[text] = dict(analyze(text, now, language=language).entities)
                return cache[text]

            chosen = {"top": 0, "rescored": rescore(hypotheses, read, args.margin)}
            print(f"    {clip['name']}: {hypotheses[chosen['rescored']][0]!r}", flush=True)
            for reading in readings:
                fields = tally.setdefault(language, {}).setdefault(reading, {})
                for label, keys in FIELDS.items():
                    counts = fields.setdefault(label, [0, 0])
                    for key in keys:
                        if key not in expected:
                            continue
                        counts[1] += 1
                        if reading in chosen:
                            counts[0] += read(hypotheses[chosen[reading]][0]).get(key) == expected[key]
                        else:
                            counts[0] += any(read(text).get(key) == expected[key] for text, _ in hypotheses)
                if reading in chosen:
                    found = read(hypotheses[chosen[reading]][0])
                    wrong.setdefault(language, {}).setdefault(reading, 0)
                    wrong[language][reading] += sum(
                        found.get(key) is not None and found.get(key) != value
                        for key, value in expected.items()
                    )

    print(f"\nMachine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; beam {args.beam}, {args.hypotheses} hypotheses, "
        f"margin {args.margin}\n"
    )
    print("| lang | reading | dates | room type | guests | wrong fields |")
    print("|---|---|---:|---:|---:|---:|")
    for language, by_reading in tally.items():
        for reading, fields in by_reading.items():
            cells = " | ".join(f"{m / max(n, 1):.2f} ({n})" for m, n in fields.values())
            print(f"| {language} | {reading} | {cells} | {wrong.get(language, {}).get(reading, '—')} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
