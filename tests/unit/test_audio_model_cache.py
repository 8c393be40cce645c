"""Assembling the Whisper model from the two wheels into the local cache: complete, atomic, idempotent."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from hotel_agent.audio.model_cache import (
    EXPECTED_MODEL_BYTES,
    MODEL_FILE,
    SIDE_FILES,
    ModelSources,
    ModelUnavailable,
    ensure_model_dir,
    model_dir_for,
    wheel_sources,
)
from hotel_agent.settings import Settings


def small_sources(root: Path, part_size: int = 300_000) -> ModelSources:
    part1, part2 = root / "part1" / "data", root / "part2" / "data"
    part1.mkdir(parents=True)
    part2.mkdir(parents=True)
    for name in SIDE_FILES:
        (part1 / name).write_text(f"{name} contents")
    (part1 / "model.bin.part1").write_bytes(b"\x01" * part_size)
    (part2 / "model.bin.part2").write_bytes(b"\x02" * (part_size + 7))
    return ModelSources(part1, part2)


def test_the_installed_wheels_hold_the_whole_model() -> None:
    sources = wheel_sources()
    assert sources.model_bytes() == EXPECTED_MODEL_BYTES
    assert all((sources.part1_dir / name).is_file() for name in SIDE_FILES)


def test_model_dir_defaults_under_the_data_dir(tmp_path: Path) -> None:
    assert model_dir_for(Settings(data_dir=tmp_path)) == tmp_path / "models" / "whisper-base"
    assert model_dir_for(Settings(data_dir=tmp_path, audio_model_dir=tmp_path / "m")) == tmp_path / "m"


def test_assembles_the_parts_in_order_and_copies_the_side_files(tmp_path: Path) -> None:
    sources = small_sources(tmp_path)
    target = ensure_model_dir(tmp_path / "cache" / "whisper-base", sources)
    assert (target / MODEL_FILE).read_bytes() == b"\x01" * 300_000 + b"\x02" * 300_007
    for name in SIDE_FILES:
        assert (target / name).read_text() == f"{name} contents"
    assert sorted(p.name for p in target.iterdir()) == sorted([MODEL_FILE, *SIDE_FILES])  # no temp files left


def test_a_complete_cache_is_left_alone(tmp_path: Path) -> None:
    sources = small_sources(tmp_path)
    target = ensure_model_dir(tmp_path / "cache", sources)
    stamp = (target / MODEL_FILE).stat().st_mtime_ns
    ensure_model_dir(target, sources)
    assert (target / MODEL_FILE).stat().st_mtime_ns == stamp


def test_a_torn_model_file_is_rebuilt(tmp_path: Path) -> None:
    sources = small_sources(tmp_path)
    target = ensure_model_dir(tmp_path / "cache", sources)
    (target / MODEL_FILE).write_bytes(b"\x01" * 1000)  # e.g. a copy interrupted by a crash, by someone else
    ensure_model_dir(target, sources)
    assert (target / MODEL_FILE).stat().st_size == 600_007


def test_missing_parts_or_an_unwritable_cache_raise_model_unavailable(tmp_path: Path) -> None:
    sources = small_sources(tmp_path)
    (sources.part2_dir / "model.bin.part2").unlink()
    with pytest.raises(ModelUnavailable):
        ensure_model_dir(tmp_path / "cache", sources)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(ModelUnavailable, match="could not prepare the speech model"):
        ensure_model_dir(blocker / "cache", small_sources(tmp_path / "other"))


def _assemble(target: str, part1: str, part2: str) -> None:
    ensure_model_dir(Path(target), ModelSources(Path(part1), Path(part2)))


def test_processes_assembling_at_once_leave_one_whole_file(tmp_path: Path) -> None:
    sources = small_sources(tmp_path, part_size=8 * 1024 * 1024)
    target = tmp_path / "shared-cache"
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_assemble, args=(str(target), str(sources.part1_dir), str(sources.part2_dir)))
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    data = (target / MODEL_FILE).read_bytes()
    assert data == b"\x01" * (8 * 1024 * 1024) + b"\x02" * (8 * 1024 * 1024 + 7)
    assert sorted(p.name for p in target.iterdir()) == sorted([MODEL_FILE, *SIDE_FILES])
