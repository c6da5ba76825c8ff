"""The reply to a taught question: its entry's answer, its fact alone, or its out-of-scope decline."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from knowledge.reading import Part, Reading
from knowledge.resolver import PartAnswer
from knowledge.taught import Target

if TYPE_CHECKING:
    from knowledge.engine import Answer, AnswerEngine
    from knowledge.intents import Intent


def taught_answer(engine: AnswerEngine, question: str, lang: str, target: Target, reading: Reading,
                  intent: Intent | None) -> Answer:
    """Answer ``question`` as taught (``target``); what the question names still shows in topics and facets."""
    from knowledge.engine import Answer

    kind, target_id = target
    if kind == "out_of_scope":
        topic = next((t for t in engine.kb.out_of_scope if t.id == target_id), None)
        specific = topic.reply(lang) if topic else None
        declined = engine._decline(question, lang, specific, reading, intent)  # type: ignore[arg-type]
        return dataclasses.replace(declined, taught=True)
    if kind == "fact":
        part = PartAnswer(Part(question, (), ()), facts=[engine.facts[target_id]])
        composed = engine.composer.compose([part], lang, engine._topic_title, engine._facet_title)
        entry_id = engine._entry_of_fact.get(target_id)
        entry = engine._entries.get(entry_id or "")
        return Answer(question, composed.text, lang, True, "answer", 1.0,  # type: ignore[arg-type]
                      engine._citations(composed.sources, lang), [], entry_id,  # type: ignore[arg-type]
                      entry.request_kind if entry else None, composed.facts, reading.topics, reading.facets,
                      intent, composed.silent, taught=True)
    answer = engine.answer_entry(target_id, lang)
    return dataclasses.replace(answer, question=question, topics=reading.topics, facets=reading.facets,
                               intent=intent, taught=True)
