"""The console's words: every key a template or an action names exists in Spanish and English."""

from __future__ import annotations

import re
from pathlib import Path

from hotel_agent.console import i18n

CONSOLE = Path(i18n.__file__).parent


def test_every_key_the_pages_name_is_translated() -> None:
    named: set[str] = set()
    for template in (CONSOLE / "templates").glob("*.html"):
        named |= set(re.findall(r"""\bt\(\s*["']([a-z_]+)["']""", template.read_text()))
    for module in CONSOLE.glob("*.py"):
        source = module.read_text()
        # Keys passed around as values: the operations results, the refusals of a reply.
        named |= set(re.findall(r"""["'](ops_[a-z_]+)["']""", source))
        named |= set(re.findall(r"""ReplyRefused\(\s*["']([a-z_]+)["']""", source))
    named = {key for key in named if not key.endswith("_")}  # prefixes completed at run time
    missing = sorted(named - set(i18n.MESSAGES))
    assert missing == []
    for key, (es, en) in i18n.MESSAGES.items():
        assert es.strip() and en.strip(), key


def test_handoff_reasons_are_shown_in_the_page_language() -> None:
    assert i18n.handoff_reason("es", "guest asked for a person") == "el huésped pidió una persona"
    assert i18n.handoff_reason("en", "issue reported: no hot water") == "issue reported: no hot water"
    assert i18n.handoff_reason("es", "issue reported: no hay agua") == "incidencia comunicada: no hay agua"
    assert i18n.handoff_reason("es", "taken over by Ana in the console") == "Ana la tomó en la consola"
    assert i18n.handoff_reason("es", "something else") == "something else"
