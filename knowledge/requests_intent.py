"""Tell "I want to make a request" (開示請求したい, データ消して) from questions about requests (手数料は？).

The request kinds and their synonyms come from ``requests.yaml``; only the grammar of wanting and of
asking (したい / てほしい / I want; いくら / how much) is generic wording kept here.
"""

from __future__ import annotations

import re

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
# Asking *about* a request (its cost, documents, timing, place, method) rather than making one.
_ABOUT_JA = re.compile(
    r"(手数料|いくら|費用|料金|お金|有料|無料|方法|やり方|やりかた|仕方|しかた|どうやって|どうすれば|どうしたら|"
    r"書類|必要なもの|何が必要|なにが必要|様式|用紙|どこ|いつ|何日|期間|期限|支払|払い|切手|代理|委任|郵送先|送り先|"
    r"とは|って何|ってなに|できますか|できる\?|できる？|可能ですか|出来ますか)"
)
_ABOUT_EN = re.compile(
    r"\b(how much|fee|fees|cost|costs|charge|how do|how can|how long|what documents|which form|what form|where|"
    r"when|what is|what's|documents|procedure|process|pay|stamps|agent|is it possible)\b"
)


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
