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
