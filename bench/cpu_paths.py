"""The CPU code paths CTranslate2 can take, as environment variables (read when it loads: one process each).

CTranslate2's own kernels follow `CT2_FORCE_CPU_ISA` (GENERIC, AVX, AVX2, AVX512), but most of Whisper's time
is matrix products in a GEMM library, which picks its own instructions: Intel MKL on a GenuineIntel CPU,
oneDNN on any other (an AMD EPYC) unless `CT2_USE_MKL` says otherwise. So a CPU path names the backend too,
and caps both libraries at the same instruction set (`MKL_ENABLE_INSTRUCTIONS`, `ONEDNN_MAX_CPU_ISA`; oneDNN
also runs the encoder's convolutions when MKL does the GEMM).
Measured on an Intel Xeon with AVX-512 and AMX: left alone, CTranslate2 selects AVX2 for its kernels while
MKL runs AVX-512 with AMX; MKL 2025 has no AVX path and runs SSE4.2 when capped at AVX.

    native        whatever this machine picks by itself
    AVX2          CT2_FORCE_CPU_ISA only (the GEMM library keeps its own choice)
    mkl:AVX2      MKL (Intel's default backend), everything capped at AVX2
    dnnl:AVX2     oneDNN (the default backend on AMD), everything capped at AVX2
    dnnl          oneDNN, uncapped
"""

from __future__ import annotations

ISAS = ("AVX512", "AVX2", "AVX", "GENERIC")
_MKL = {"AVX512": "AVX512", "AVX2": "AVX2", "AVX": "AVX", "GENERIC": "SSE4_2"}
_ONEDNN = {"AVX512": "AVX512_CORE", "AVX2": "AVX2", "AVX": "AVX", "GENERIC": "SSE41"}


def cpu_path_env(name: str) -> dict[str, str]:
    """The environment variables of the CPU path `name` (see the module's docstring); ValueError if unknown."""
    if name == "native":
        return {}
    if name in ("mkl", "dnnl"):
        backend, isa = name, ""
    elif ":" in name:
        backend, isa = name.split(":", 1)
    else:
        backend, isa = "", name
    if backend not in ("", "mkl", "dnnl") or (isa not in ISAS and not (backend and name == backend)):
        raise ValueError(f"unknown CPU path {name!r}: native, an ISA of {ISAS}, mkl[:ISA] or dnnl[:ISA]")
    env: dict[str, str] = {}
    if backend:
        env["CT2_USE_MKL"] = "1" if backend == "mkl" else "0"
    if isa:
        env["CT2_FORCE_CPU_ISA"] = isa
        if backend:  # oneDNN also runs the encoder's convolutions when MKL does the GEMM
            env["MKL_ENABLE_INSTRUCTIONS"] = _MKL[isa]
            env["ONEDNN_MAX_CPU_ISA"] = _ONEDNN[isa]
    return env
