"""Spanish or English? lingua restricted to es/en, with a lexicon for the one- and two-word messages
(button replies, "ok", "si", "hola") where any statistical detector is guessing."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from hotel_agent.nlp.normalize import fold
from hotel_agent.nlp.types import Language

if TYPE_CHECKING:
    from lingua import LanguageDetector

SPANISH_MARKERS = frozenset(
    [
        "hola",
        "holi",
        "buenas",
        "buenos",
        "gracias",
        "si",
        "sip",
        "vale",
        "claro",
        "adios",
        "chao",
        "quiero",
        "quisiera",
        "necesito",
        "tienen",
        "tienes",
        "hay",
        "para",
        "por",
        "que",
        "una",
        "uno",
        "con",
        "del",
        "las",
        "los",
        "habitacion",
        "habitaciones",
        "reserva",
        "reservar",
        "reservo",
        "noche",
        "noches",
        "manana",
        "hoy",
        "pasado",
        "somos",
        "nosotros",
        "mi",
        "mis",
        "cancelar",
        "cuanto",
        "cuesta",
        "donde",
        "esta",
        "estan",
        "perfecto",
        "genial",
        "venga",
        "dale",
        "nada",
        "tambien",
        "pero",
        "porfa",
        "favor",
        "desayuno",
        "piscina",
        "llegada",
        "salida",
        "hora",
        "puedo",
        "podemos",
        "el",
        "la",
        "es",
        "de",
        "y",
        "o",
        "ahora",
        "recepcion",
        "persona",
        "llamo",
        "nombre",
        "correo",
        "bien",
        "listo",
        # short questions that name no other Spanish word ("¿teneis parking?", "aceptan mascotas?")
        "teneis",
        "tenes",
        "tiene",
        "aceptan",
        "admiten",
        "abren",
        "cierran",
        "estacionamiento",
        "aparcamiento",
        "cochera",
        "mascotas",
        "perro",
        "habitaciones",
        "traslado",
        "aeropuerto",
        "precio",
        "precios",
        "tarifa",
        "disponibilidad",
        "libres",
        "cuantos",
        "cuantas",
        "gratis",
        "incluido",
        "incluye",
        "ninos",
        "adultos",
        "personas",
    ]
)
ENGLISH_MARKERS = frozenset(
    [
        "hi",
        "hello",
        "hey",
        "thanks",
        "thank",
        "thx",
        "yes",
        "yep",
        "yeah",
        "nope",
        "nah",
        "please",
        "bye",
        "goodbye",
        "want",
        "would",
        "like",
        "need",
        "have",
        "has",
        "the",
        "a",
        "an",
        "is",
        "are",
        "do",
        "does",
        "can",
        "could",
        "room",
        "rooms",
        "book",
        "booking",
        "reservation",
        "night",
        "nights",
        "tomorrow",
        "today",
        "tonight",
        "we",
        "my",
        "our",
        "me",
        "you",
        "for",
        "with",
        "and",
        "of",
        "cancel",
        "how",
        "much",
        "where",
        "what",
        "when",
        "breakfast",
        "pool",
        "arrival",
        "checkout",
        "great",
        "perfect",
        "sure",
        "cool",
        "fine",
        "good",
        "okay",
        "it",
        "this",
        "that",
        "name",
        "email",
        "call",
        "any",
        "there",
        "your",
        "free",
        "open",
        "pets",
        "available",
        "hours",
    ]
)
# Ambiguous on their own ("ok", "no", "hotel"): the service's home language.
AMBIGUOUS = frozenset(
    [
        "ok",
        "okay",
        "okey",
        "oki",
        "no",
        "hotel",
        "taxi",
        "wifi",
        "spa",
        "bar",
        "suite",
        "parking",
        "sms",
        "1",
        "2",
        "3",
    ]
)
DEFAULT_LANGUAGE: Language = "es"
PUNCTUATION = '¿?¡!.,;:"()[]…-'
INVERTED_MARKS = frozenset("¿¡")


class LanguageIdentifier:
    def __init__(self) -> None:
        self._detector: LanguageDetector | None = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        self._get()

    def _get(self) -> LanguageDetector:
        if self._detector is None:
            with self._lock:
                if self._detector is None:
                    from lingua import Language as LinguaLanguage
                    from lingua import LanguageDetectorBuilder

                    self._detector = (
                        LanguageDetectorBuilder.from_languages(LinguaLanguage.SPANISH, LinguaLanguage.ENGLISH)
                        .with_preloaded_language_models()
                        .build()
                    )
        return self._detector

    def detect(self, text: str) -> Language:
        # words without the punctuation typed against them ("¿teneis parking?", "Hello!")
        tokens = [t for t in (w.strip(PUNCTUATION) for w in fold(text).replace("_", " ").split()) if t]
        spanish = sum(token in SPANISH_MARKERS for token in tokens)
        english = sum(token in ENGLISH_MARKERS for token in tokens)
        if INVERTED_MARKS.intersection(text):
            spanish += 1  # "¿" and "¡" are written in Spanish only
        if tokens and all(token in AMBIGUOUS for token in tokens):
            return DEFAULT_LANGUAGE
        if len(tokens) <= 3 and spanish != english:
            return "es" if spanish > english else "en"
        if not tokens:
            return DEFAULT_LANGUAGE
        if text.lstrip()[:1] in INVERTED_MARKS and spanish > english:
            # "¿el parking es gratis?": opened the Spanish way, Spanish words outnumber English ones
            return "es"
        values = self._get().compute_language_confidence_values(text)
        best = values[0]
        confidence = best.value
        lingua_says: Language = "es" if best.language.name == "SPANISH" else "en"
        if confidence >= 0.75 or (len(tokens) > 3 and spanish == english):
            return lingua_says
        if spanish != english:
            return "es" if spanish > english else "en"
        return lingua_says if confidence >= 0.6 else DEFAULT_LANGUAGE
