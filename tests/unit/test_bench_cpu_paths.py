"""The CPU paths the voice tests are run on (bench/cpu_paths.py): each names the variables CTranslate2 and its
GEMM libraries read, so a path forced on one machine is the one another CPU takes by itself."""

from __future__ import annotations

import pytest
from bench.cpu_paths import ISAS, cpu_path_env


def test_native_changes_nothing_and_a_bare_isa_forces_only_ctranslate2s_kernels() -> None:
    assert cpu_path_env("native") == {}
    assert cpu_path_env("AVX") == {"CT2_FORCE_CPU_ISA": "AVX"}


def test_amds_default_backend_capped_at_avx2() -> None:
    assert cpu_path_env("dnnl:AVX2") == {
        "CT2_USE_MKL": "0",
        "CT2_FORCE_CPU_ISA": "AVX2",
        "MKL_ENABLE_INSTRUCTIONS": "AVX2",
        "ONEDNN_MAX_CPU_ISA": "AVX2",
    }
    assert cpu_path_env("dnnl") == {"CT2_USE_MKL": "0"}


@pytest.mark.parametrize("isa", ISAS)
def test_every_isa_caps_both_libraries(isa: str) -> None:
    env = cpu_path_env(f"mkl:{isa}")
    assert env["CT2_USE_MKL"] == "1" and env["CT2_FORCE_CPU_ISA"] == isa
    assert env["MKL_ENABLE_INSTRUCTIONS"] and env["ONEDNN_MAX_CPU_ISA"]


@pytest.mark.parametrize("name", ["AVX3", "openblas:AVX2", "mkl:", ""])
def test_an_unknown_path_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="unknown CPU path"):
        cpu_path_env(name)
