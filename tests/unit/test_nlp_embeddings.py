"""The sentence embedder: normalised vectors, one per text, repeated texts served from its cache."""

from __future__ import annotations

import numpy as np
import pytest

from hotel_agent.nlp.embeddings import SentenceEmbedder


def test_vectors_are_normalised_and_repeats_come_from_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    embedder = SentenceEmbedder()
    embedder.warm_up()
    first = embedder.vector("¿tenéis parking?")
    assert first.shape == (384,)
    assert abs(float(np.linalg.norm(first)) - 1.0) < 1e-3
    calls: list[str] = []
    real_query = embedder._model.query

    def counting_query(text: str) -> np.ndarray:
        calls.append(text)
        return np.asarray(real_query(text))

    monkeypatch.setattr(embedder._model, "query", counting_query)
    assert np.array_equal(embedder.vector("  ¿Tenéis parking?"), first)
    assert calls == []
    other = embedder.vector("what time is check-out?")
    assert calls == ["what time is check-out?"]
    assert float(other @ first) < 0.99


def test_the_model_runs_on_one_thread_and_leaves_the_environment_alone() -> None:
    # A fresh process: the OpenMP runtime reads its thread count once, when it is loaded.
    import subprocess
    import sys

    script = (
        "import os; from hotel_agent.nlp.embeddings import SentenceEmbedder; e = SentenceEmbedder(); e.warm_up(); "
        "e.vector('hola'); print(e._model._lib.omp_get_max_threads(), os.environ.get('OMP_NUM_THREADS'))"
    )
    environment = {key: value for key, value in __import__("os").environ.items() if key != "OMP_NUM_THREADS"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
        timeout=120,
    )
    assert result.stdout.split() == ["1", "None"]


def test_the_cache_keeps_short_texts_and_is_bounded() -> None:
    embedder = SentenceEmbedder(cache_size=2)
    embedder.warm_up()
    embedder.vector("a long message " * 20)
    assert embedder.cached == 0  # long messages rarely repeat: not kept
    for text in ("ok", "gracias", "thanks"):
        embedder.vector(text)
    assert embedder.cached == 2
