"""The evaluation's answer check (same folding as shared/eval/score.py), for in-process tests."""

from __future__ import annotations

import re
import unicodedata

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d"), "-")


def fold(text: str) -> str:
    """NFKC, lower case, one kind of dash and apostrophe, no thousands separators (as the scorer)."""
    t = unicodedata.normalize("NFKC", text).lower().translate(_DASHES).replace("\u2019", "'")
    t = re.sub(r"(?<=\d),(?=\d{3})", "", t)
    t = re.sub(r"(?<=\d)\s+(?=円)", "", t)
    return re.sub(r"¥\s+(?=\d)", "¥", t)


def passes(item: dict, text: str) -> bool:
    """True when every expected group has one alternative in the text and nothing forbidden is in it."""
    answer = fold(text)
    if any(fold(x) in answer for x in item.get("expect_none", [])):
        return False
    return all(any(fold(x) in answer for x in group) for group in item["expect_all"])
