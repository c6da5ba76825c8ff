"""The entries a question most likely belongs to, for the curation queue ("attach to …")."""

from __future__ import annotations

from knowledge.engine import AnswerEngine, Suggestion
from knowledge.lang import supported
from knowledge.retrieval import retrieve
from knowledge.text import normalize


def candidates(engine: AnswerEngine, question: str, lang: str, limit: int = 3) -> list[Suggestion]:
    """The entry the engine answers with (if any), its "did you mean" entries, then the nearest entries by
    example similarity; each entry once, best first."""
    language = supported(lang)
    answer = engine.answer(question, language)
    found: list[Suggestion] = []
    if answer.entry_id and answer.decision == "answer":
        entry = engine.kb.entry(answer.entry_id)
        found.append(Suggestion(entry.id, entry.title(language), round(answer.confidence, 3)))
    found += answer.suggestions
    norm = normalize(question)[: engine.max_chars]
    if norm:
        found += engine._suggestions(retrieve(engine.index, norm).hits, language)  # type: ignore[arg-type]
    picked: dict[str, Suggestion] = {}
    for suggestion in found:
        picked.setdefault(suggestion.entry_id, suggestion)
    return list(picked.values())[:limit]
