"""Logging set-up: one line per event with its context fields, and secrets masked wherever they appear."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable

from hotel_agent.settings import Settings

# Attributes every LogRecord has; anything else was passed through `extra=` and is printed as context.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}
MASK = "***"


class SecretMaskingFilter(logging.Filter):
    """Replaces configured secret values in the final message (tokens pasted into an exception text too)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        masked = self.mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = self.mask(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True

    def mask(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text


class ContextFormatter(logging.Formatter):
    """`time level logger message key=value ...` — readable by people and by log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        base = super().format(record)
        context = {k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")}
        if not context:
            return base
        return base + " " + " ".join(f"{k}={json.dumps(v, default=str)}" for k, v in sorted(context.items()))


def secret_values(settings: Settings) -> list[str]:
    values = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if hasattr(value, "get_secret_value"):
            values.append(value.get_secret_value())
    return values


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(ContextFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(SecretMaskingFilter(secret_values(settings)))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    for noisy in ("httpx", "httpcore"):
        # httpx logs request URLs at INFO; media URLs and query strings are not for the log.
        logging.getLogger(noisy).setLevel(logging.WARNING)
