"""Channel rules a reply must obey. WhatsApp: free-form replies only within 24 h of the guest's last
message; after that only an approved template, which carries the answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hotel_agent.nlp.types import Language
    from hotel_agent.settings import Settings

# What the guest reads in their history when the answer went out inside the template.
LATE_NOTICE: dict[str, str] = {
    "es": "Perdona la demora en responder. Escríbenos de nuevo y seguimos: {answer}",
    "en": "Sorry we answered late. Write to us again and we'll carry on: {answer}",
}


@dataclass(frozen=True)
class WhatsAppWindow:
    hours: float
    template_name: str
    template_language_es: str
    template_language_en: str

    @classmethod
    def from_settings(cls, settings: Settings) -> WhatsAppWindow:
        return cls(
            settings.whatsapp_reply_window_hours,
            settings.whatsapp_late_template_name,
            settings.whatsapp_late_template_language_es,
            settings.whatsapp_late_template_language_en,
        )

    def is_closed(self, last_guest_message: datetime, now: datetime) -> bool:
        return now - last_guest_message > timedelta(hours=self.hours)

    def template_language(self, language: Language) -> str:
        return self.template_language_es if language == "es" else self.template_language_en

    @staticmethod
    def late_notice(language: Language, answer: str) -> str:
        return LATE_NOTICE[language].format(answer=answer)
