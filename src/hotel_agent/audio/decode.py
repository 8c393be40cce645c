"""Decode a voice note (OGG/Opus, or any audio WhatsApp sends) in-process with PyAV: mono float32 at 16 kHz.

PyAV bundles its own FFmpeg libraries, so no system ffmpeg is needed at run time. Blocking and CPU bound:
call it from a worker thread. The duration limit is checked on the container's declared duration before
decoding, and again on the samples decoded, so a long file is never fully decoded into memory.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from hotel_agent.audio.errors import AudioRejected

if TYPE_CHECKING:
    import av
    import av.container

SAMPLE_RATE = 16_000


@dataclass(frozen=True)
class DecodedAudio:
    samples: npt.NDArray[np.float32]
    duration_seconds: float


def decode_audio(data: bytes, *, max_seconds: float) -> DecodedAudio:
    """Raises AudioRejected("corrupt") when nothing decodes, AudioRejected("too_long") over the limit."""
    import av  # the voice extra; imported here so the package imports without it

    if not data:
        raise AudioRejected("corrupt", "the audio file is empty")
    chunks: list[npt.NDArray[np.float32]] = []
    decoded_samples = 0
    max_samples = int(max_seconds * SAMPLE_RATE)
    try:
        with av.open(io.BytesIO(data), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioRejected("corrupt", "the file has no audio stream")
            declared = _declared_seconds(container)
            if declared is not None and declared > max_seconds:
                raise AudioRejected(
                    "too_long",
                    f"the audio lasts {declared:.1f} s, over the {max_seconds:g} s limit",
                    limit=max_seconds,
                    actual=declared,
                )
            resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
            for frame in _frames_skipping_damaged(container):
                frame.pts = None  # timestamps of damaged streams can jump; the resampler must not care
                for resampled in resampler.resample(frame):
                    decoded_samples += _append(chunks, resampled)
                if decoded_samples > max_samples:
                    raise AudioRejected(
                        "too_long",
                        f"the audio lasts over the {max_seconds:g} s limit",
                        limit=max_seconds,
                        actual=decoded_samples / SAMPLE_RATE,
                    )
            for resampled in resampler.resample(None):
                decoded_samples += _append(chunks, resampled)
    except av.FFmpegError as exc:
        raise AudioRejected("corrupt", f"the audio does not decode: {type(exc).__name__}") from exc
    if decoded_samples == 0:
        raise AudioRejected("corrupt", "the audio holds no decodable sound")
    if decoded_samples > max_samples:
        raise AudioRejected(
            "too_long",
            f"the audio lasts over the {max_seconds:g} s limit",
            limit=max_seconds,
            actual=decoded_samples / SAMPLE_RATE,
        )
    samples = np.concatenate(chunks).astype(np.float32, copy=False)
    return DecodedAudio(samples=samples, duration_seconds=decoded_samples / SAMPLE_RATE)


def _declared_seconds(container: av.container.InputContainer) -> float | None:
    stream = container.streams.audio[0]
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / 1_000_000  # av.time_base
    return None


def _frames_skipping_damaged(container: av.container.InputContainer) -> Iterator[av.AudioFrame]:
    """Decoded frames; a damaged packet is skipped (as WhatsApp clients do) rather than failing the note."""
    import av

    frames = container.decode(audio=0)
    while True:
        try:
            yield next(frames)
        except StopIteration:
            return
        except av.InvalidDataError:
            continue


def _append(chunks: list[npt.NDArray[np.float32]], frame: av.AudioFrame) -> int:
    samples = frame.to_ndarray().reshape(-1).astype(np.float32, copy=False)
    chunks.append(samples)
    return int(samples.shape[0])
