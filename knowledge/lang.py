"""The languages Madoguchi speaks, and how data with one field per language is read in one of them.

Data files carry their text once per language (``name_ja``, ``name_en``); wording lives in the message
catalog (``knowledge.language``), one file set per language. Code never compares a language code to
pick a text: it asks for the field or the message *in* a language, so a third language is new data
and new catalog files, not new branches.
"""

from __future__ import annotations

from typing import Literal, cast

Lang = Literal["ja", "en"]
LANGUAGES: tuple[Lang, ...] = ("ja", "en")
DEFAULT_LANGUAGE: Lang = "ja"  # the secretariat's working language, and the policy's


def supported(lang: str | None) -> Lang:
    """``lang`` if Madoguchi speaks it, else the default language (Japanese)."""
    return cast(Lang, lang) if lang in LANGUAGES else DEFAULT_LANGUAGE


class Localized:
    """Mixed into data models with ``<field>_ja`` / ``<field>_en`` pairs."""

    def localized(self, field: str, lang: str | None) -> str:
        """The text of ``field`` in ``lang`` (the default language's for a language we do not speak)."""
        return getattr(self, f"{field}_{supported(lang)}")
