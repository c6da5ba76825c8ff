"""The secretariat's changes as an overlay on the bundled knowledge: a pure function, no database.

A change is either a *taught question* (a question attached to an entry or a fact, or marked out of
scope) or a *new answer* an admin approved (a secretariat-written fact, an FAQ entry made of it, and the
questions that led to it, taught to it). :func:`apply_overlay` returns the bundled knowledge with the
changes applied; :func:`check_overlay` runs on it the same validation as ``madoguchi kb check`` and
names each problem by the change that caused it ("change #12"). Changes already in the bundled data
(after ``kb export`` was committed) are skipped, so exporting never makes the overlay invalid.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, ValidationError

from knowledge.fact_models import Fact
from knowledge.loader import KnowledgeError, Problem, nfkc, nfkc_text, validate_knowledge
from knowledge.models import Entry, KnowledgeBase, OutOfScope
from knowledge.strict import StrictModel
from knowledge.taught import taught_key
from knowledge.taught_models import TaughtQuestion

# Where "mark as out of scope" puts a question when no particular out-of-scope topic is named.
MARKED_OUT_OF_SCOPE = "marked_out_of_scope"
NEW_ANSWER_TOPIC = "policy"  # an anchor topic every organisation's data has (see ARCHITECTURE.md)


class NewAnswer(StrictModel):
    """An answer written by the secretariat: goes live as one fact and one FAQ entry once an admin approves."""

    title_ja: str = Field(min_length=1, max_length=200)
    title_en: str = Field(min_length=1, max_length=200)
    text_ja: str = Field(min_length=1, max_length=2000)
    text_en: str = Field(min_length=1, max_length=2000)
    sources: list[str] = Field(min_length=1, max_length=8, description="Citable section ids, as sections.yaml numbers them")
    topic: str = Field(default=NEW_ANSWER_TOPIC, max_length=64)
    questions: list[str] = Field(default_factory=list, max_length=20, description="Taught to the new entry")


@dataclass(frozen=True)
class Change:
    """One live change: its number (for messages and ``kb export``) and what it adds."""

    number: int
    teach: TaughtQuestion | None = None
    new_answer: NewAnswer | None = None

    @property
    def label(self) -> str:
        return f"change #{self.number}"


def new_entry_id(number: int) -> str:
    """The id of the FAQ entry a new answer becomes (its fact is ``<id>.answer``)."""
    return f"staff_{number}"


def apply_overlay(kb: KnowledgeBase, changes: list[Change]) -> tuple[KnowledgeBase, dict[str, str]]:
    """``kb`` with ``changes`` applied, in order, and the origin of each added item (for problems).

    Raises :class:`KnowledgeError` when a new answer does not even form a valid entry (a field problem).
    """
    taught = list(kb.taught)
    known = {(taught_key(t.question), t.target) for t in taught}
    faq, facts, out_of_scope = list(kb.faq), list(kb.facts), list(kb.out_of_scope)
    entry_ids = {entry.id for entry in kb.all_entries()}
    origins: dict[str, str] = {}
    problems: list[Problem] = []

    def teach(item: TaughtQuestion, change: Change) -> None:
        item = item.model_copy(update={"question": nfkc_text(item.question)})  # as the loader reads data files
        mark = (taught_key(item.question), item.target)
        if mark in known:
            return  # already taught (e.g. exported and committed)
        known.add(mark)
        origins[f"taught:{len(taught)}"] = change.label
        taught.append(item)

    for change in changes:
        if change.teach is not None:
            if change.teach.out_of_scope == MARKED_OUT_OF_SCOPE and not any(
                    t.id == MARKED_OUT_OF_SCOPE for t in out_of_scope):
                out_of_scope.append(OutOfScope(id=MARKED_OUT_OF_SCOPE))
                origins[MARKED_OUT_OF_SCOPE] = change.label
            teach(change.teach, change)
            continue
        if change.new_answer is None:
            continue
        answer = NewAnswer.model_validate(nfkc(change.new_answer.model_dump()))
        entry_id = new_entry_id(change.number)
        if entry_id not in entry_ids:
            try:
                fact = Fact(id=f"{entry_id}.answer", topic=answer.topic, facets=["overview"], ja=answer.text_ja,
                            en=answer.text_en, sources=answer.sources, only_taught=True)
                entry = Entry(id=entry_id, kind="faq", title_ja=answer.title_ja, title_en=answer.title_en,
                              facts=[fact.id], sources=answer.sources)
            except ValidationError as exc:
                problems += [Problem(change.label, entry_id, ".".join(map(str, e["loc"])), e["msg"])
                             for e in exc.errors()]
                continue
            entry_ids.add(entry_id)
            facts.append(fact)
            faq.append(entry)
            origins[f"fact:{fact.id}"] = origins[entry_id] = change.label
        for question in answer.questions:
            teach(TaughtQuestion(question=question, entry=entry_id, note=change.label), change)
    if problems:
        raise KnowledgeError(problems)
    merged = kb.model_copy(update={"taught": taught, "faq": faq, "facts": facts, "out_of_scope": out_of_scope})
    return merged, origins


def check_overlay(kb: KnowledgeBase, changes: list[Change], data_dir: Path) -> list[Problem]:
    """The problems ``kb check`` would report for ``kb`` (valid bundled data) with ``changes`` applied."""
    try:
        merged, origins = apply_overlay(kb, changes)
    except KnowledgeError as exc:
        return exc.problems
    problems = validate_knowledge(merged, data_dir, origins)
    from knowledge.retrieval import check_synonyms  # as `kb check` does, once the rest is valid

    return problems or check_synonyms(merged)


def knowledge_with(kb: KnowledgeBase, changes: list[Change], data_dir: Path) -> KnowledgeBase:
    """The live knowledge: ``kb`` with ``changes``, validated; raises :class:`KnowledgeError` naming problems."""
    merged, origins = apply_overlay(kb, changes)
    problems = validate_knowledge(merged, data_dir, origins)
    if problems:
        raise KnowledgeError(problems)
    return merged

