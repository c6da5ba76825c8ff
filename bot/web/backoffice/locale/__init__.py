"""Staff-facing wording: the ``staff.*`` keys of the message catalog (``messages.<lang>.staff.yaml``).

Each staff member sees the back office in one language (``staff.lang``, Japanese by default). Templates
call ``tr("queue.title")`` for ``staff.queue.title``; Python code calls :func:`message`. A refusal of the
domain (``intake.errors.Refusal``) is shown with :func:`reason`, in the member's language.
"""

from __future__ import annotations

from collections.abc import Callable

from intake.errors import Refusal
from knowledge.lang import DEFAULT_LANGUAGE, LANGUAGES
from knowledge.language import catalog

LANGS = LANGUAGES
DEFAULT_LANG = DEFAULT_LANGUAGE
PREFIX = "staff."


def message(lang: str, key: str, **values: object) -> str:
    """The wording for ``key`` in ``lang`` (the default language if the language is unknown), filled in."""
    return catalog().text(PREFIX + key, lang, **values)


def has(key: str) -> bool:
    """Whether the catalog has ``key`` (for labels looked up from stored values)."""
    return catalog().has(PREFIX + key)


def translator(lang: str) -> Callable[..., str]:
    """``tr(key, **values)`` for one language, as the templates use it."""
    return lambda key, **values: message(lang, key, **values)


def reason(refusal: Refusal | str, lang: str) -> str:
    """Why something was refused, in ``lang`` (a plain string is shown as it is)."""
    return refusal.message(lang) if isinstance(refusal, Refusal) else refusal
