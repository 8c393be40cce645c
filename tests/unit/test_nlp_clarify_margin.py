"""The engine asks instead of acting when the two likeliest readings are close, even above the minimum."""

from __future__ import annotations

from typing import Any, cast

import numpy as np

from hotel_agent.nlp import engine
from hotel_agent.nlp.learned import IntentModel


class TwoReadings:
    """A model whose text probabilities are fixed: the engine's decision is what is tested."""

    def __init__(self, first: float, second: float) -> None:
        self.intents = ("check_availability", "modify_reservation", "greeting")
        self.probabilities = np.array([first, second, 1 - first - second])

    def text_probabilities(self, features: Any) -> np.ndarray:
        return self.probabilities

    def ranked(self, probabilities: np.ndarray) -> list[tuple[str, float]]:
        order = np.argsort(-probabilities)
        return [(self.intents[i], float(probabilities[i])) for i in order]


def decide(first: float, second: float) -> engine.IntentDecision:
    model = cast(IntentModel, TwoReadings(first, second))
    return engine.classify("llegamos el 20", "llegamos el 20", "llegamos el 20", {}, model, None, 0.4)


def test_close_readings_are_asked_about() -> None:
    decision = decide(0.5, 0.45)
    assert decision.alternatives[:2] == ("check_availability", "modify_reservation")


def test_a_clear_lead_is_acted_on() -> None:
    decision = decide(0.7, 0.25)
    assert decision.intent == "check_availability" and decision.alternatives == ()


def test_below_the_minimum_is_asked_about() -> None:
    assert decide(0.38, 0.2).alternatives != ()
