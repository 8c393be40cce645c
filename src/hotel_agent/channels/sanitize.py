"""What every channel does to inbound strings before any store sees them.

PostgreSQL refuses NUL in text and JSON, and no UTF-8 encoder (asyncpg, Redis) takes a lone surrogate, which
JSON allows as an escape (`"\\ud800"`). A guest's free text keeps its meaning with U+FFFD in their place;
an identifier with them is refused, since replacing characters could merge two ids into one.
"""

from __future__ import annotations

import re

MAX_TEXT_CHARS = 4096  # WhatsApp's own limit on a text message, and the chat API's
MAX_ID_CHARS = 128  # the inbox and history columns (guest_id, message id)
MAX_NAME_CHARS = 128

# A code point in the surrogate range is always lone in a Python str (a valid pair decodes to one code point).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_NOT_AN_ID = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def clean_text(value: str, max_chars: int = MAX_TEXT_CHARS) -> str:
    """Free text any store accepts: NUL and lone surrogates become U+FFFD; cut to `max_chars`."""
    return storable(value[:max_chars])


def storable(value: str) -> str:
    """NUL and lone surrogates become U+FFFD."""
    return _UNSTORABLE.sub("\ufffd", value)


def id_problem(value: str, max_chars: int = MAX_ID_CHARS) -> str | None:
    """Why `value` cannot be an identifier (None when it can): too long, control characters, lone surrogates."""
    if len(value) > max_chars:
        return f"longer than {max_chars} characters"
    if _NOT_AN_ID.search(value):
        return "contains a control character (NUL included) or a lone surrogate"
    return None
