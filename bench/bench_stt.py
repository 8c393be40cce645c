"""Speech-to-text speed on this machine: real-time factor (transcription time / audio time) of the offline
Whisper base model (faster-whisper, cpu, int8) on espeak-ng voice notes in Spanish and English.

    .venv/bin/python -m bench.bench_stt [--rounds 3] [--workers 1]

Prints a Markdown table (medians) ready for BENCHMARKS.md. RTF < 1 means faster than real time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.voice.clips import BENCH_PHRASES, make_clip

from bench.machine import cpu_model
from hotel_agent.audio import Transcript, VoiceTranscriber
from hotel_agent.audio.model_cache import model_dir_for
from hotel_agent.settings import Settings


async def run(rounds: int, workers: int) -> None:
    load_before = os.getloadavg()[0]  # other work on the machine skews the figures; it is reported
    settings = Settings(audio_workers=workers)
    transcriber = VoiceTranscriber(settings)
    with tempfile.TemporaryDirectory() as directory:
        clips = {phrase.name: make_clip(phrase, Path(directory)).read_bytes() for phrase in BENCH_PHRASES}
        started = time.perf_counter()
        await transcriber.warm_up()
        load_seconds = time.perf_counter() - started

        results: dict[str, list[Transcript]] = {name: [] for name in clips}
        for _ in range(rounds):
            for name, data in clips.items():
                results[name].append(await transcriber.transcribe_bytes(data))

        # Throughput with `workers` notes in flight at once (what a burst of guests sees).
        burst = list(clips.values()) * max(1, workers)
        burst_started = time.perf_counter()
        burst_results = await asyncio.gather(*(transcriber.transcribe_bytes(data) for data in burst))
        burst_seconds = time.perf_counter() - burst_started
    await transcriber.aclose()

    print(
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    print(
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; model dir {model_dir_for(settings)}; "
        f"audio_workers={workers}; {rounds} rounds per clip"
    )
    print(f"Load average before/after (1 min): {load_before:.2f} / {os.getloadavg()[0]:.2f}")
    print(f"Model ready (assemble if needed + load): {load_seconds:.2f} s\n")
    print("| clip | language | audio (s) | transcription, median (s) | RTF, median | transcript |")
    print("|---|---|---:|---:|---:|---|")
    all_factors: list[float] = []
    for name, transcripts in results.items():
        factors = [t.transcription_seconds / t.duration_seconds for t in transcripts]
        all_factors.extend(factors)
        first = transcripts[0]
        print(
            f"| {name} | {first.language} | {first.duration_seconds:.1f} | "
            f"{statistics.median(t.transcription_seconds for t in transcripts):.2f} | "
            f"{statistics.median(factors):.2f} | {first.text} |"
        )
    audio_total = sum(t.duration_seconds for t in burst_results)
    print(f"\nMedian RTF over all {len(all_factors)} runs: {statistics.median(all_factors):.2f}")
    print(
        f"Burst of {len(burst)} notes in flight at once: {burst_seconds:.1f} s wall for {audio_total:.1f} s "
        f"of audio (throughput RTF {burst_seconds / audio_total:.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(run(args.rounds, args.workers))


if __name__ == "__main__":
    main()
