"""The generated intent model: it matches the training data and code it says it was made from."""

from __future__ import annotations

from hotel_agent.nlp.learned import MODEL_PATH, TEXT_FEATURES, TRAINING_DIR, IntentModel, fingerprint
from hotel_agent.nlp.types import INTENTS


def test_the_intent_model_is_not_stale() -> None:
    model = IntentModel.load(MODEL_PATH)
    assert model.source == fingerprint(), (
        "src/hotel_agent/nlp/intent_model.npz is stale: the training data or the feature code changed. "
        "Regenerate it with `make nlp-model` and commit it."
    )


def test_the_intent_model_covers_every_intent_and_feature() -> None:
    model = IntentModel.load(MODEL_PATH)
    assert model.intents == INTENTS
    assert model.text_weights.shape == (TEXT_FEATURES, len(INTENTS))
    assert model.embedding_weights.shape == (384, len(INTENTS))


def test_training_data_has_thousands_of_lines_per_language() -> None:
    import json

    languages: dict[str, int] = {}
    for path in TRAINING_DIR.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                language = json.loads(line)["language"]
                languages[language] = languages.get(language, 0) + 1
    assert languages["es"] >= 2000 and languages["en"] >= 2000
