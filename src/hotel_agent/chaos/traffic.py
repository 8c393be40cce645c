"""Realistic guest messages for load and chaos runs: Spanish and English, PMS-bound and informational."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hotel_agent.orchestrator.replies import MONTHS

MONTHS_ES = MONTHS["es"]
MONTHS_EN = tuple(month.capitalize() for month in MONTHS["en"])


def availability_question(rng: random.Random, today: date, language: str) -> str:
    """Asks for prices on dates 2-10 weeks ahead, so the PMS must answer."""
    start = today + timedelta(days=rng.randint(14, 70))
    end = start + timedelta(days=rng.randint(1, 4))
    guests = rng.randint(1, 3)
    if language == "es":
        month = MONTHS_ES[start.month - 1]
        if start.month == end.month:
            dates = f"del {start.day} al {end.day} de {month}"
        else:
            dates = f"del {start.day} de {month} al {end.day} de {MONTHS_ES[end.month - 1]}"
        return rng.choice(
            [
                f"Hola, ¿tenéis habitación {dates} para {guests} personas?",
                f"buenas! quiero saber precio de una doble {dates}, somos {guests}",
                f"¿Hay disponibilidad {dates}? Seríamos {guests} adultos",
            ]
        )
    month = MONTHS_EN[start.month - 1]
    dates = f"from {month} {start.day} to {MONTHS_EN[end.month - 1]} {end.day}"
    return rng.choice(
        [
            f"Hi, do you have a room {dates} for {guests} adults?",
            f"Hello! How much is a double room {dates}? We are {guests}",
            f"Any availability {dates} for {guests} people?",
        ]
    )


INFO_QUESTIONS = {
    "es": [
        "¿A qué hora es el check-out?",
        "¿Tenéis piscina?",
        "¿Dónde estáis?",
        "¿Se puede hacer late checkout?",
    ],
    "en": ["What time is check-in?", "Do you have parking?", "Where is the hotel?", "Is breakfast included?"],
}


def guest_message(rng: random.Random, today: date, pms_share: float = 0.7) -> tuple[str, str]:
    """(language, text)."""
    language = rng.choice(["es", "en"])
    if rng.random() < pms_share:
        return language, availability_question(rng, today, language)
    return language, rng.choice(INFO_QUESTIONS[language])
