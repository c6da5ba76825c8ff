"""Example similarity: the nearest example questions of each entry, for what reading alone cannot place.

When a question names no topic and asks no facet the lexicon knows (今日の晩ごはん何にしよう, an idiom,
a very short query), the entries' example questions and the out-of-scope examples are searched by
TF-IDF similarity (:mod:`knowledge.index`); the best entry's score becomes a calibrated confidence
(:mod:`knowledge.calibration`). The same search proposes the "did you mean" entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.analysis import synonym_term
from knowledge.calibration import confidence_of
from knowledge.index import Hit, Index
from knowledge.loader import Problem
from knowledge.models import KnowledgeBase

OOS_PREFIX = "oos:"
_PAREN = re.compile(r"[(（][^()（）]*[)）]")


@dataclass(frozen=True)
class Retrieved:
    """The best matches of a question among the example questions."""

    hits: list[Hit]
    confidence: float  # that the best in-scope entry is right
    out_of_scope: str | None  # the out-of-scope topic whose examples it resembles most, if any


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


def build_index(kb: KnowledgeBase, fact_texts: dict[str, str] | None = None) -> Index:
    """Index every entry's examples, titles and keywords, and the out-of-scope examples. ``fact_texts``
    (entry id -> the text of its facts) only adds to an entry's vocabulary."""
    documents: list[tuple[str, str]] = []
    keywords: list[tuple[str, str]] = []
    context: list[tuple[str, str]] = []
    for entry in kb.all_entries():
        # Titles without their parenthesised notes: "(not stated)" would tie every silent entry together.
        titles = [_PAREN.sub(" ", entry.title_ja), _PAREN.sub(" ", entry.title_en)]
        for text in [*titles, *entry.examples_ja, *entry.examples_en]:
            documents.append((entry.id, text))
        keywords.extend((entry.id, keyword) for keyword in entry.keywords)
        context.extend((entry.id, text) for text in ((fact_texts or {}).get(entry.id, ""), entry.policy_text or ""))
    for topic in kb.out_of_scope:
        owner = OOS_PREFIX + topic.id
        documents.extend((owner, text) for text in [*topic.examples_ja, *topic.examples_en])
        keywords.extend((owner, keyword) for keyword in topic.keywords)
    entry_of_fact: dict[str, str] = {}
    for entry in kb.all_entries():
        for fact_id in entry.facts:
            entry_of_fact.setdefault(fact_id, entry.id)
    for item in kb.taught:  # a taught question is also an example of what it was taught to
        kind, target = item.target
        owner = {"entry": target, "out_of_scope": OOS_PREFIX + target, "fact": entry_of_fact.get(target)}[kind]
        if owner:
            documents.append((owner, item.question))
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


def retrieve(index: Index, norm: str) -> Retrieved:
    """Search the examples for a normalised question."""
    hits = index.search(norm, limit=12)
    if not hits:
        return Retrieved([], 0.0, None)
    in_scope = [hit for hit in hits if not hit.owner.startswith(OOS_PREFIX)]
    if hits[0].owner.startswith(OOS_PREFIX):
        # The confidence reported is that of *answering*: the best in-scope entry's, and no more than
        # the out-of-scope match leaves room for.
        confidence = min(confidence_of(in_scope), 1.0 - confidence_of(hits))
        return Retrieved(in_scope, confidence, hits[0].owner[len(OOS_PREFIX):])
    return Retrieved(in_scope, confidence_of(hits), None)
