"""Which language a voice note is read in: Whisper's es/en probabilities and the conversation's language."""

from __future__ import annotations

from hotel_agent.audio.engine import SWITCH_SHARE, choose_language


def test_without_the_conversations_language_the_likelier_of_spanish_and_english_wins() -> None:
    # Whisper's first guess may be another language (Thai, Latin...): only es and en count.
    assert choose_language([("th", 0.54), ("en", 0.118), ("es", 0.05)]) == ("en", 0.118)
    assert choose_language([("es", 0.83), ("en", 0.02)]) == ("es", 0.83)


def test_the_conversations_language_holds_unless_whisper_is_sure_of_the_other() -> None:
    # A Spanish note at 170 wpm that Whisper took for English (measured: en 0.118, es 0.05, share 0.70).
    assert choose_language([("th", 0.54), ("en", 0.118), ("es", 0.05)], "es") == ("es", 0.05)
    # A guest who switches to English is heard in English (English clips measured a share of 0.997+).
    assert choose_language([("en", 0.88), ("es", 0.001)], "es") == ("en", 0.88)
    assert choose_language([("es", 0.83), ("en", 0.023)], "en") == ("es", 0.83)
    # Just under and at the threshold.
    assert choose_language([("en", SWITCH_SHARE - 0.01), ("es", 1.01 - SWITCH_SHARE)], "es")[0] == "es"
    assert choose_language([("en", 0.9), ("es", 0.1)], "es")[0] == "en"


def test_a_hint_with_no_probability_for_either_language_keeps_the_hint() -> None:
    assert choose_language([("fr", 0.9)], "en") == ("en", 0.0)
    assert choose_language([("fr", 0.9)]) == ("es", 0.0)
