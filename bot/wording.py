"""The message catalog as the front ends use it: one message in one language, or in every language.

Every user-facing sentence of the bot, the web pages, Slack and the back office is a key of the one
catalog (``knowledge/language/messages.<lang>*.yaml``, see ``knowledge.language``). Front ends ask for
a key in the language at hand and never choose between languages themselves; surfaces shown before the
user's language is known (Slack's App Home, the triage post) show every language, Japanese first.
"""

from __future__ import annotations

from knowledge.lang import LANGUAGES
from knowledge.language import catalog


def say(key: str, lang: str, **values: object) -> str:
    """The message ``key`` in ``lang``, with ``values`` filled in."""
    return catalog().text(key, lang, **values)


def in_every_language(key: str, separator: str = "\n", **values: object) -> str:
    """The message in every language, Japanese first, joined by ``separator``."""
    return separator.join(say(key, lang, **values) for lang in LANGUAGES)
