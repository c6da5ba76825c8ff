"""``kb check`` for the knowledge at the grain of facts: every cross-reference must hold.

Topics: parents exist and form no cycle, request kinds exist, the anchor topics the generic facets
rely on exist. Facts: the topic and facets exist, cited sections exist, ``next`` facts exist (generated
ones included), no placeholder is shown. Entries: every fact they are composed of exists. Each problem
names the file, the entry (topic or fact id) and the field.
"""

from __future__ import annotations

from knowledge.loader import Problem
from knowledge.models import KnowledgeBase


def check_facts(kb: KnowledgeBase, origins: dict[str, str]) -> list[Problem]:
    """Every problem of the topics, facts and entry compositions of a knowledge base."""
    from knowledge.language import default_language
    from knowledge.procedure_facts import ProcedureFacts

    language = default_language()
    problems: list[Problem] = []
    topics = {topic.id: topic for topic in kb.topics}
    facet_ids = {facet.id for facet in language.facets} | {"overview"}
    citable = {e.id for e in kb.all_entries() if e.kind in ("section", "item")} | {s.id for s in kb.sections}
    kinds = {kind.key for kind in kb.requests.kinds}
    enclosures = {e.key for items in kb.requests.enclosures.values() for e in items}

    def topic_file(topic_id: str) -> str:
        return origins.get(f"topic:{topic_id}", "topics.yaml")

    seen: set[str] = set()
    for topic in kb.topics:
        if topic.id in seen:
            problems.append(Problem(topic_file(topic.id), topic.id, "id", "duplicate topic id"))
        seen.add(topic.id)
        for parent in topic.parents:
            if parent not in topics:
                problems.append(Problem(topic_file(topic.id), topic.id, "parents", f"unknown topic {parent!r}"))
        if topic.request_kind and topic.request_kind not in kinds:
            problems.append(Problem(topic_file(topic.id), topic.id, "request_kind",
                                    f"unknown request kind {topic.request_kind!r}"))
        if topic.enclosure and topic.enclosure not in enclosures:
            problems.append(Problem(topic_file(topic.id), topic.id, "enclosure",
                                    f"unknown enclosure {topic.enclosure!r} (known: {sorted(enclosures)})"))
        for field_name in ("covers", "decline_facets"):
            for facet in getattr(topic, field_name):
                if facet not in facet_ids:
                    problems.append(Problem(topic_file(topic.id), topic.id, field_name, f"unknown facet {facet!r}"))
        if topic.scope != "policy" and not (topic.pointer_ja and topic.pointer_en):
            problems.append(Problem(topic_file(topic.id), topic.id, "pointer_ja",
                                    "a service or external topic needs a pointer in both languages"))
        if not (topic.terms_ja or topic.terms_en or topic.context_terms):
            problems.append(Problem(topic_file(topic.id), topic.id, "terms_ja", "a topic needs words that name it"))
        if _cycle(topic.id, topics):
            problems.append(Problem(topic_file(topic.id), topic.id, "parents", "the parents form a cycle"))
    if kb.topics:
        anchors = {facet.default_topic for facet in language.facets if facet.default_topic}
        for anchor in sorted(anchors - set(topics)):
            problems.append(Problem("topics.yaml", anchor, "id", "topic needed by the generic facets is missing"))
    generated = ProcedureFacts(kb, language).facts() if not problems else []
    fact_ids = {fact.id for fact in [*kb.facts, *generated]}
    seen = set()
    for fact in kb.facts:
        file = origins.get(f"fact:{fact.id}", "facts.yaml")
        if fact.id in seen or fact.id in {g.id for g in generated}:
            problems.append(Problem(file, fact.id, "id", "duplicate fact id"))
        seen.add(fact.id)
        for topic_id in (fact.topic, *fact.also_topics):
            if topic_id not in topics:
                problems.append(Problem(file, fact.id, "topic", f"unknown topic {topic_id!r}"))
        for facet in fact.facets:
            if facet not in facet_ids:
                problems.append(Problem(file, fact.id, "facets", f"unknown facet {facet!r}"))
        for source in fact.sources:
            if source not in citable:
                problems.append(Problem(file, fact.id, "sources", f"cites unknown section {source!r}"))
        for next_id in fact.next:
            if next_id not in fact_ids:
                problems.append(Problem(file, fact.id, "next", f"unknown fact {next_id!r}"))
        for lang_field in ("ja", "en"):
            text = getattr(fact, lang_field)
            if not text.strip():
                problems.append(Problem(file, fact.id, lang_field, "is empty"))
            for forbidden in kb.meta.forbidden_strings:
                if forbidden in text:
                    problems.append(Problem(file, fact.id, lang_field, f"shows the placeholder {forbidden!r}"))
    for entry in kb.all_entries():
        for index, fact_id in enumerate(entry.facts):
            if fact_id not in fact_ids:
                problems.append(Problem(origins.get(entry.id, "sections.yaml"), entry.id, f"facts.{index}",
                                        f"unknown fact {fact_id!r}"))
    return problems


def _cycle(start: str, topics: dict) -> bool:  # type: ignore[type-arg]
    stack, seen = list(topics[start].parents), set()
    while stack:
        node = stack.pop()
        if node == start:
            return True
        if node in seen or node not in topics:
            continue
        seen.add(node)
        stack.extend(topics[node].parents)
    return False
