"""Tell "I want to make a request" (開示請求したい, データ消して) from questions about requests (手数料は？).

The request kinds and their synonyms come from ``requests.yaml``; the grammar of wanting (したい /
てほしい / I want) is kept here, the words of asking about a request (いくら / how much) in
``knowledge/language/request_cues.yaml``.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from knowledge.analysis import reading_of
from knowledge.models import KnowledgeBase
from knowledge.text import fold_kana, normalize

# The user wants something done: desiderative and request forms, or a bare te-form imperative (消して).
_WANT_JA = re.compile(
    r"(たい|たく|ほしい|欲しい|もらいたい|お願い|おねがい|頼みたい|希望|請求します|申請します|求めます|"
    r"てもらえ|でもらえ|てくれ|でくれ|てください|でください|て下さい|で下さい|てよ|てや|"
    r"(?:して|けして|消して|見せて|直して|止めて|やめて|教えて|送って)[。!?！？]*$)"
)
_WANT_EN = re.compile(
    r"\b(i want|i'd like|i would like|i wish|i need|please|can you|could you|would you|"
    r"i request|i'm requesting|i am requesting)\b|^(delete|erase|remove|stop|correct|fix|send|give|show|disclose)\b"
)
# Asking *about* a request (its cost, documents, timing, place, method) rather than making one: the
# cue words are generic language, kept with the others in knowledge/language/request_cues.yaml.
_CUES = yaml.safe_load((Path(__file__).parent / "language" / "request_cues.yaml").read_text(encoding="utf-8"))
_ABOUT_JA = re.compile("(" + "|".join(re.escape(word) for word in _CUES["about_ja"]) + ")")
_ABOUT_EN = re.compile(r"\b(" + "|".join(re.escape(word) for word in _CUES["about_en"]) + r")\b")


class RequestDetector:
    """Finds which request kind a message asks to start, from the kinds' names and synonyms."""

    def __init__(self, kb: KnowledgeBase):
        self._terms: list[tuple[str, str]] = []  # (normalised synonym, kind key), longest first
        self._readings: list[tuple[str, str]] = []
        for kind in kb.requests.kinds:
            for term in {kind.name_ja, kind.name_en, *kind.synonyms}:
                norm = normalize(term)
                if norm:
                    self._terms.append((norm, kind.key))
                    reading = reading_of(norm)
                    if len(reading) >= 3:
                        self._readings.append((reading, kind.key))
        self._terms.sort(key=lambda pair: -len(pair[0]))
        self._readings.sort(key=lambda pair: -len(pair[0]))

    def kind_mentioned(self, norm: str) -> str | None:
        """The kind whose longest synonym occurs in the text (or, for kana-only text, in its reading)."""
        for term, key in self._terms:
            if term in norm:
                return key
        reading = reading_of(norm)
        if reading and fold_kana(norm) == reading:  # kana-only text: compare readings
            for term, key in self._readings:
                if term in reading:
                    return key
        return None

    def detect(self, norm: str) -> str | None:
        """Kind key when the text asks to make a request; None for questions about requests."""
        if not norm:
            return None
        kind = self.kind_mentioned(norm)
        if kind is None:
            return None
        if _ABOUT_JA.search(norm) or _ABOUT_EN.search(norm):
            return None
        if _WANT_JA.search(norm) or _WANT_EN.search(norm):
            return kind
        return None
