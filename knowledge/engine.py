"""The answer engine: match a question to a knowledge-base entry, or decline, or ask "did you mean".

Matching is data-driven (see :mod:`knowledge.index`): the examples, titles and keywords of every entry,
and the examples of out-of-scope topics, are the documents. The best entry's score becomes a calibrated
confidence (:mod:`knowledge.calibration`); above ``answer_threshold`` the bot answers, between the two
thresholds it offers the top three entries, below it declines and gives the contact from the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from knowledge import replies
from knowledge.analysis import synonym_term
from knowledge.calibration import ANSWER_THRESHOLD, SUGGEST_THRESHOLD, confidence_of
from knowledge.index import Hit, Index
from knowledge.loader import Problem
from knowledge.models import Entry, KnowledgeBase
from knowledge.requests_intent import RequestDetector
from knowledge.text import clean, has_meaning, normalize, script_counts

OOS_PREFIX = "oos:"
_JA_GAP = re.compile(r"(?<=[。、」』])[ \t]+(?=[^\sA-Za-z0-9])")
_PAREN = re.compile(r"[(（][^()（）]*[)）]")


@dataclass(frozen=True)
class Citation:
    section: str
    title: str


@dataclass(frozen=True)
class Suggestion:
    entry_id: str
    title: str
    confidence: float


@dataclass(frozen=True)
class Answer:
    """The bot's reply to one question; ``to_json`` is the public ``--json`` contract."""

    question: str
    text: str
    lang: Literal["ja", "en"]
    matched: bool
    decision: Literal["answer", "suggest", "decline", "invalid"]
    confidence: float
    sources: list[Citation] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    entry_id: str | None = None
    request_kind: str | None = None

    def to_json(self) -> dict:
        """The JSON object printed by ``madoguchi ask --json``."""
        return {
            "question": self.question,
            "answer": self.text,
            "lang": self.lang,
            "matched": self.matched,
            "confidence": round(self.confidence, 3),
            "sources": [{"section": c.section, "title": c.title} for c in self.sources],
            "suggestions": [
                {"entry_id": s.entry_id, "title": s.title, "confidence": round(s.confidence, 3)}
                for s in self.suggestions
            ],
        }


def check_synonyms(kb: KnowledgeBase) -> list[Problem]:
    """Synonym words the matcher cannot use: nothing the tokenizer reads as a word, or only particles and
    words too common to mean anything (する, です, the). A term the tokenizer splits into several
    morphemes (個人情報 -> 個人 情報) is fine: it matches where those morphemes follow each other."""
    problems = []
    for number, synonym in enumerate(kb.synonyms, start=1):
        for field_name in ("terms", "means"):
            for position, term in enumerate(getattr(synonym, field_name)):
                if not synonym_term(term).keys:
                    problems.append(
                        Problem("synonyms.yaml", f"#{number}", f"{field_name}.{position}",
                                f"{term!r} has no content word for the tokenizer (only particles, symbols or "
                                "very common words); the matcher cannot use it")
                    )
    return problems


def build_index(kb: KnowledgeBase) -> Index:
    """Index every entry's examples, titles and keywords, and the out-of-scope examples."""
    documents: list[tuple[str, str]] = []
    keywords: list[tuple[str, str]] = []
    context: list[tuple[str, str]] = []
    for entry in kb.all_entries():
        # Titles without their parenthesised notes: "(not stated)" would tie every silent entry together.
        titles = [_PAREN.sub(" ", entry.title_ja), _PAREN.sub(" ", entry.title_en)]
        for text in [*titles, *entry.examples_ja, *entry.examples_en]:
            documents.append((entry.id, text))
        keywords.extend((entry.id, keyword) for keyword in entry.keywords)
        context.extend((entry.id, text) for text in (entry.answer_ja, entry.answer_en, entry.policy_text or ""))
    for topic in kb.out_of_scope:
        owner = OOS_PREFIX + topic.id
        documents.extend((owner, text) for text in [*topic.examples_ja, *topic.examples_en])
        keywords.extend((owner, keyword) for keyword in topic.keywords)
    # A term of one word maps its feature key to the meaning's keys; a term the tokenizer splits
    # (個人情報 -> 個人 情報 with the small dictionary) becomes a phrase, found as its tokens in a row.
    synonyms: dict[str, list[str]] = {}
    phrases: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for synonym in kb.synonyms:
        means = [key for meaning in synonym.means for key in synonym_term(meaning).keys]
        for term in map(synonym_term, synonym.terms):
            if term.key:
                synonyms.setdefault(term.key, []).extend(m for m in means if m != term.key)
            elif term.tokens and term.keys:
                phrases.append((term.tokens, tuple(m for m in dict.fromkeys(means) if m not in term.keys)))
    table = {key: tuple(dict.fromkeys(values)) for key, values in synonyms.items()}
    return Index.build(documents, keywords, context, table, phrases)


class AnswerEngine:
    """Answers questions about one knowledge base; build once, call :meth:`answer` many times."""

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        max_chars: int = 2000,
        answer_threshold: float = ANSWER_THRESHOLD,
        suggest_threshold: float = SUGGEST_THRESHOLD,
        index: Index | None = None,
    ):
        self.kb = kb
        self.max_chars = max_chars
        self.answer_threshold = answer_threshold
        self.suggest_threshold = suggest_threshold
        self.index = index or build_index(kb)
        self._entries = {entry.id: entry for entry in kb.all_entries()}
        self._topics = {OOS_PREFIX + topic.id: topic for topic in kb.out_of_scope}
        self._requests = RequestDetector(kb)
        # Section titles per language, looked up for every citation.
        self._titles = {
            (source, lang): kb.section_title(source, lang)
            for entry in kb.all_entries()
            for source in entry.sources
            for lang in ("ja", "en")
        }

    # -- language -------------------------------------------------------------------------------------
    def detect_lang(self, text: str) -> Literal["ja", "en"]:
        """Japanese if the text has hiragana, or more Japanese characters than (3 x) English words."""
        hiragana, katakana, kanji, latin = script_counts(normalize(text))
        if hiragana >= 2:
            return "ja"
        if hiragana + katakana + kanji == 0:
            return "en"
        return "ja" if hiragana + katakana + kanji >= 3 * latin else "en"

    def detect_request(self, text: str) -> str | None:
        """The request kind the user says they want to make, or None (also for questions about requests)."""
        return self._requests.detect(normalize(text))

    # -- answering ------------------------------------------------------------------------------------
    def answer(self, question: str, lang: str | None = None) -> Answer:
        """Answer one question (any register, Japanese or English); never raises on bad input."""
        question = question if isinstance(question, str) else str(question)
        text = clean(question)
        language: Literal["ja", "en"] = lang if lang in ("ja", "en") else self.detect_lang(text)  # type: ignore[assignment]
        if not text:
            return self._invalid(question, language, "unreadable" if question.strip() else "empty")
        if len(text) > self.max_chars:
            return self._invalid(question, language, "too_long")
        norm = text.lower()
        if not has_meaning(norm):
            return self._invalid(question, language, "unreadable")
        hits = self.index.search(norm, limit=12)
        if not hits:
            return self._decline(question, language, 0.0, None)
        top = hits[0]
        if top.owner.startswith(OOS_PREFIX):
            # The confidence reported is that of *answering*: the best in-scope entry's, and no more
            # than the out-of-scope match leaves room for.
            in_scope = [hit for hit in hits if not hit.owner.startswith(OOS_PREFIX)]
            confidence = min(confidence_of(in_scope), 1.0 - confidence_of(hits))
            return self._decline(question, language, confidence, top.owner)
        confidence = confidence_of(hits)
        if confidence >= self.answer_threshold:
            return self._answer(question, self._entries[top.owner], language, confidence, hits)
        if confidence >= self.suggest_threshold:
            return self._suggest(question, language, confidence, hits)
        return self._decline(question, language, confidence, None)

    def answer_entry(self, entry_id: str, lang: str) -> Answer:
        """The answer of one entry (the user picked a "did you mean" suggestion)."""
        language: Literal["ja", "en"] = "en" if lang == "en" else "ja"
        entry = self._entries[entry_id]
        return self._answer(entry.title(language), entry, language, 1.0, [])

    # -- reply builders -------------------------------------------------------------------------------
    def _citations(self, entry: Entry, lang: Literal["ja", "en"]) -> list[Citation]:
        return [Citation(source, self._titles[(source, lang)]) for source in entry.sources]

    def _answer(
        self, question: str, entry: Entry, lang: Literal["ja", "en"], confidence: float, hits: list[Hit]
    ) -> Answer:
        citations = self._citations(entry, lang)
        body = entry.answer(lang).strip()
        if lang == "ja":  # folded YAML lines leave a space after 。 which Japanese text does not use
            body = _JA_GAP.sub("", body)
        if entry.kind == "silent":
            body = f"{replies.silent_note(lang)}\n{body}"
        text = f"{body}\n{replies.citation_line(lang, self.kb, [(c.section, c.title) for c in citations])}"
        return Answer(
            question=question,
            text=text,
            lang=lang,
            matched=True,
            decision="answer",
            confidence=confidence,
            sources=citations,
            suggestions=[],
            entry_id=entry.id,
            request_kind=entry.request_kind,
        )

    def _suggestions(self, hits: list[Hit], lang: Literal["ja", "en"]) -> list[Suggestion]:
        top_score = hits[0].score if hits else 1.0
        picked: list[Suggestion] = []
        for hit in hits:
            if hit.owner.startswith(OOS_PREFIX) or hit.owner not in self._entries:
                continue
            share = hit.score / top_score if top_score else 0.0
            entry = self._entries[hit.owner]
            picked.append(Suggestion(entry.id, entry.title(lang), round(confidence_of([hit]) * share, 3)))
            if len(picked) == 3:
                break
        return picked

    def _suggest(self, question: str, lang: Literal["ja", "en"], confidence: float, hits: list[Hit]) -> Answer:
        suggestions = self._suggestions(hits, lang)
        text = replies.suggest(self.kb, lang, [s.title for s in suggestions])
        return Answer(question, text, lang, False, "suggest", confidence, [], suggestions, None, None)

    def _decline(self, question: str, lang: Literal["ja", "en"], confidence: float, topic: str | None) -> Answer:
        specific = None
        if topic and topic in self._topics:
            item = self._topics[topic]
            specific = item.reply_ja if lang == "ja" else item.reply_en
        text = replies.decline(self.kb, lang, specific)
        return Answer(question, text, lang, False, "decline", confidence, [], [], None, None)

    def _invalid(self, question: str, lang: Literal["ja", "en"], reason: str) -> Answer:
        text = replies.invalid(self.kb, lang, reason, self.max_chars)
        return Answer(question, text, lang, False, "invalid", 0.0, [], [], None, None)
