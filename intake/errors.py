"""Refusals of the domain, worded by the message catalog (``errors.*`` keys).

A refusal carries a catalog key and its values, so each front end shows it in its user's language
(:meth:`Refusal.message`); ``str()`` gives every language, Japanese first, joined by `` / `` — the
shape the HTTP APIs answer with. A value that differs by language (a list of labels) is a callable
taking the language.
"""

from __future__ import annotations

from collections.abc import Callable

from knowledge.lang import LANGUAGES, supported
from knowledge.language import catalog


class Refusal(Exception):
    """Something the domain will not do, and why (a catalog key with its values).

    The reason is worded in every language when the refusal is made, while the objects it names are
    still loaded (a refusal is often shown after its transaction ended)."""

    def __init__(self, key: str, **values: object):
        self.key = key
        self.values = values
        self._texts = {lang: catalog().text(key, lang, **{name: value(lang) if callable(value) else value
                                                          for name, value in values.items()})
                       for lang in LANGUAGES}
        super().__init__(self.in_every_language())

    def message(self, lang: str) -> str:
        """The reason in ``lang``."""
        return self._texts[supported(lang)]

    def in_every_language(self) -> str:
        """The reason in every language, Japanese first (API answers, logs)."""
        return " / ".join(self._texts[lang] for lang in LANGUAGES)


class InvalidValue(ValueError):
    """A field value refused by a validator (pydantic reports it as the field's error); the refusal gives
    the reason in each language (``error["ctx"]["error"].refusal`` of a pydantic error)."""

    def __init__(self, key: str, **values: object):
        self.refusal = Refusal(key, **values)
        super().__init__(self.refusal.in_every_language())


def reason_of(error: dict[str, object], lang: str) -> str:
    """A pydantic error's reason in ``lang``: the refusal of an :class:`InvalidValue`, else pydantic's text."""
    cause = (error.get("ctx") or {}).get("error") if isinstance(error.get("ctx"), dict) else None
    if isinstance(cause, InvalidValue):
        return cause.refusal.message(lang)
    return str(error.get("msg", "")).removeprefix("Value error, ")


def joined(items: Callable[[str], list[str]] | list[str]) -> Callable[[str], str]:
    """A value listing ``items`` (or ``items(lang)``) with the language's separator (、 / "; ")."""
    return lambda lang: catalog().text("errors.list_join", lang).join(items(lang) if callable(items) else items)
