"""The voice tests on each CPU code path CTranslate2 can take (issue 11, item 1): they must pass on all.

    .venv/bin/python -m bench.bench_voice_cpu [--paths native,mkl:AVX2,dnnl:GENERIC] [TEST ...]

Paths are bench/cpu_paths.py's (backend and instruction set). For each one, in its own processes: what
CTranslate2 and its GEMM library report they selected (a model load with their verbose logs on), then pytest
on the tests that transcribe real audio with the real model. Prints a Markdown table: the path, the
instruction sets actually used, passed / failed, and pytest's wall time (the machine's load average beside it;
these are not speed figures).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import time
from datetime import UTC, datetime

from bench.cpu_paths import ISAS, cpu_path_env
from bench.machine import cpu_model

VOICE_TESTS = [
    "tests/integration/test_voice_transcription.py",
    "tests/integration/test_voice_webhook.py",
    "tests/integration/test_dlq_integration.py::test_audio_processing_failure_enqueues_to_dlq",
]
DEFAULT_PATHS = ["native", *(f"{backend}:{isa}" for backend in ("mkl", "dnnl") for isa in ISAS), "dnnl"]

# Loads the model the tests use and runs one product through it, so the GEMM library reports its choice.
_PROBE = """
import numpy as np
from tests.apps import SHARED_AUDIO_MODEL_DIR
from hotel_agent.audio.model_cache import ensure_model_dir
from faster_whisper import WhisperModel
model = WhisperModel(str(ensure_model_dir(SHARED_AUDIO_MODEL_DIR)), device="cpu", compute_type="int8")
list(model.transcribe(np.zeros(16000, dtype=np.float32), language="es", beam_size=1)[0])
"""


def selected(env: dict[str, str]) -> tuple[str, str]:
    """(CTranslate2's kernel ISA, the libraries' instruction sets) as their verbose logs say. The int8 GEMM
    runs in MKL or oneDNN (the backend); oneDNN also runs the encoder's convolutions either way."""
    verbose = {"CT2_VERBOSE": "1", "MKL_VERBOSE": "1", "ONEDNN_VERBOSE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], env={**env, **verbose}, capture_output=True, text=True, check=False
    )
    log = done.stdout + done.stderr
    isa = re.search(r"Selected ISA: (\w+)", log)
    backend = re.search(r"GEMM_S8 backend: (\w+)", log)
    mkl = re.search(r"64 architecture (.*?)(?: enabled processors|, Lnx)", log)
    onednn = re.search(r"onednn_verbose,info,cpu,isa:(.*)", log)
    libraries = [f"int8 GEMM: {backend.group(1) if backend else '?'}"]
    if mkl:
        libraries.append(f"MKL {_short(mkl.group(1))}")
    if onednn:
        libraries.append(f"oneDNN {_short(onednn.group(1))}")
    return (isa.group(1) if isa else "?", "; ".join(libraries))


def _short(description: str) -> str:
    """What a library says it runs, shortened: "... 512 (Intel(R) AVX-512) ... AMX ..." -> "AVX-512+AMX"."""
    found = re.findall(r"AVX-?512|AVX2|AVX|SSE4\.[12]", description)
    best = found[0].replace("AVX512", "AVX-512") if found else description
    return best + ("+AMX" if "AMX" in description else "")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--paths", default=",".join(DEFAULT_PATHS), help="comma-separated CPU paths")
    parser.add_argument("tests", nargs="*", default=VOICE_TESTS)
    args = parser.parse_args()

    print(f"Machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; tests: {' '.join(args.tests)}\n")
    print("| CPU path | environment | CTranslate2 kernels | libraries | result | pytest wall (s) | load |")
    print("|---|---|---|---|---|---:|---|")
    failed = False
    for name in args.paths.split(","):
        extra = cpu_path_env(name)
        env = {**os.environ, **extra}
        kernels, gemm = selected(env)
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args.tests],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - started
        lines = done.stdout.strip().splitlines()
        summary = re.sub(r"\s*in [\d.]+s.*$", "", lines[-1].strip("= ")) if lines else "no output"
        failed |= done.returncode != 0
        if done.returncode != 0:
            print("\n".join(line for line in lines if line.startswith(("FAILED", "ERROR"))), file=sys.stderr)
        settings = " ".join(f"{key}={value}" for key, value in extra.items()) or "(none)"
        print(
            f"| {name} | {settings} | {kernels} | {gemm} | {summary} | {wall:.0f} "
            f"| {load_before:.1f} → {os.getloadavg()[0]:.1f} |",
            flush=True,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
