"""`make bench`: run every benchmark module in turn, each in its own process, one after the other.

    .venv/bin/python -m bench [--quick] [--only pipeline,dlq]

--quick: short runs (a smoke check that every bench still works; figures too noisy to quote, and the NLP
bench then leaves BENCHMARKS.md alone). The load test is separate: `make load`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

# name -> (module, full-run arguments, quick-run arguments)
BENCHES: dict[str, tuple[str, list[str], list[str]]] = {
    "path": (
        "bench.bench_message_path",
        [],
        ["--seconds", "2", "--runs", "1", "--burst-seconds", "5", "--no-postgres"],
    ),
    "nlp": ("bench.bench_nlp", [], ["--repeats", "1", "--no-write"]),
    "stt": ("bench.bench_stt", [], ["--rounds", "1"]),
    "pipeline": ("bench.bench_pipeline", [], ["--requests", "30", "--warmup", "5"]),
    "dlq": ("bench.bench_dlq", [], ["--entries", "100", "--runs", "1"]),
    "breaker": ("bench.bench_breaker", [], ["--calls", "20000", "--runs", "1"]),
    "voice": ("bench.bench_voice", [], ["--only", "es01,en01"]),
    "console": ("bench.bench_console", [], ["--sizes", "20,50", "--repeats", "2"]),
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="short runs of every bench")
    parser.add_argument("--only", default="", help=f"comma-separated subset of: {', '.join(BENCHES)}")
    args = parser.parse_args()
    names = [name.strip() for name in args.only.split(",") if name.strip()] or list(BENCHES)
    unknown = [name for name in names if name not in BENCHES]
    if unknown:
        parser.error(f"unknown bench {', '.join(unknown)}; choose from {', '.join(BENCHES)}")

    failed: list[str] = []
    for name in names:
        module, full, quick = BENCHES[name]
        command = [sys.executable, "-m", module, *(quick if args.quick else full)]
        print(f"\n=== {name}: {' '.join(command[1:])}", flush=True)
        start = time.monotonic()
        code = subprocess.run(command, check=False).returncode
        print(f"=== {name}: exit {code} after {time.monotonic() - start:.0f} s", flush=True)
        if code != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
