"""Staff-facing wording, one catalog per language keyed by message id (``ja.py``, ``en.py``).

Each staff member sees the back office in one language (``staff.lang``, Japanese by default). Templates
call ``tr("queue.title")``; Python code calls :func:`message`. Adding a language is one more module
with the same keys (a test checks that the catalogs have the same keys and placeholders).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.web.backoffice.locale import en, ja

CATALOGS: dict[str, dict[str, str]] = {"ja": ja.MESSAGES, "en": en.MESSAGES}
LANGS = tuple(CATALOGS)
DEFAULT_LANG = "ja"


def message(lang: str, key: str, **values: object) -> str:
    """The wording for ``key`` in ``lang`` (Japanese if the language is unknown), with ``values`` filled in."""
    catalog = CATALOGS.get(lang, CATALOGS[DEFAULT_LANG])
    return catalog[key].format(**values) if values else catalog[key]


def has(key: str) -> bool:
    """Whether the catalogs have ``key`` (for labels looked up from stored values)."""
    return key in CATALOGS[DEFAULT_LANG]


def translator(lang: str) -> Callable[..., str]:
    """``tr(key, **values)`` for one language, as the templates use it."""
    return lambda key, **values: message(lang, key, **values)


def one_language(text: str, lang: str) -> str:
    """The ``lang`` half of a domain message written as "日本語 / English" (until issue 14 gives the
    domain its own catalogs); text without that shape is returned whole."""
    if " / " not in text:
        return text
    ja_part, _, en_part = text.rpartition(" / ")  # the Japanese half may itself list "admin / staff"
    return (en_part if lang == "en" else ja_part).strip() or text
