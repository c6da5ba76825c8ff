"""The words in-scope questions use: a word outside it (会議室, weather) names something the knowledge
does not know. Taken from the entries' example questions, so another organisation's data brings its own."""

from __future__ import annotations

from knowledge.lexicon import english_tokens, morphemes
from knowledge.models import KnowledgeBase
from knowledge.text import normalize


def known_words(kb: KnowledgeBase) -> frozenset[str]:
    """Japanese lemmas and English stems of every in-scope example question and entry title."""
    words: set[str] = set()
    for entry in kb.all_entries():
        for text in (*entry.examples_ja, *entry.examples_en, entry.title_ja, entry.title_en):
            norm = normalize(text)
            words.update(m.lemma for m in morphemes(norm))
            words.update(stem for stem, _start, _end in english_tokens(norm))
    return frozenset(words)
