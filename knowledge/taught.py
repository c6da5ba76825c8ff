"""Taught questions: the key a question is recognised by, the look-up table, and their ``kb check``.

A taught question wins over the engine's own reading only for the same question: the same words after
NFKC, lower case, without punctuation or spaces, with kana folded (ひらがな = カタカナ, small kana and
long-vowel marks ignored). 「開示の手数料は？」 and 「開示の手数料は」 are the same question;
「開示の手数料はいくら？」 is another one, and the engine reads it as usual.
"""

from __future__ import annotations

import re

from knowledge.loader import Problem
from knowledge.models import KnowledgeBase
from knowledge.text import fold_kana, normalize

# Everything but letters, digits and CJK (punctuation, symbols, spaces) is left out of the key.
_NOT_WORD = re.compile(r"[\W_]+")
MAX_KEY_CHARS = 400

Target = tuple[str, str]  # ("entry" | "fact" | "out_of_scope", id)


def taught_key(text: str) -> str:
    """The form a question is recognised by (see the module docstring); "" when nothing is left."""
    return fold_kana(_NOT_WORD.sub("", normalize(text)))[:MAX_KEY_CHARS]


def taught_table(kb: KnowledgeBase) -> dict[str, Target]:
    """Key -> target of every taught question (``kb check`` guarantees one target per key)."""
    table: dict[str, Target] = {}
    for item in kb.taught:
        key = taught_key(item.question)
        if key:
            table.setdefault(key, item.target)
    return table


def _example_owners(kb: KnowledgeBase) -> dict[str, Target]:
    owners: dict[str, Target] = {}
    for entry in kb.all_entries():
        for example in (*entry.examples_ja, *entry.examples_en):
            owners.setdefault(taught_key(example), ("entry", entry.id))
    for topic in kb.out_of_scope:
        for example in (*topic.examples_ja, *topic.examples_en):
            owners.setdefault(taught_key(example), ("out_of_scope", topic.id))
    return owners


def check_taught(kb: KnowledgeBase, origins: dict[str, str]) -> list[Problem]:
    """Every taught question names something that exists, has words, is taught once, and does not
    contradict an example question (an example of one entry cannot be taught to another)."""
    from knowledge.language import default_language
    from knowledge.procedure_facts import ProcedureFacts

    if not kb.taught:
        return []
    problems: list[Problem] = []
    entries = {entry.id: entry for entry in kb.all_entries()}
    facts = {fact.id for fact in kb.facts} | {fact.id for fact in ProcedureFacts(kb, default_language()).facts()}
    topics = {topic.id for topic in kb.out_of_scope}
    known = {"entry": set(entries), "fact": facts, "out_of_scope": topics}
    owners = _example_owners(kb)
    taught: dict[str, tuple[Target, str]] = {}
    for index, item in enumerate(kb.taught):
        file = origins.get(f"taught:{index}", "taught.yaml")
        label = "" if f"taught:{index}" in origins else f"#{index + 1}"  # a change is named by its number
        kind, target = item.target
        key = taught_key(item.question)
        if target not in known[kind]:
            problems.append(Problem(file, label, kind, f"unknown {kind.replace('_', '-')} {target!r}"))
        if not key:
            problems.append(Problem(file, label, "question", f"{item.question!r} has no words to recognise it by"))
            continue
        for forbidden in kb.meta.forbidden_strings:
            if forbidden in item.question:
                problems.append(Problem(file, label, "question", f"shows the placeholder {forbidden!r}"))
        if key in taught:
            (_kind, other), _question = taught[key]
            problems.append(Problem(file, label, "question",
                                    f"{item.question!r} is already taught to {other!r}"))
            continue
        taught[key] = ((kind, target), item.question)
        owner = owners.get(key)
        if owner is not None and not _agrees(owner, (kind, target), entries):
            problems.append(Problem(file, label, "question",
                                    f"{item.question!r} is an example question of {owner[1]!r}"))
    return problems


def _agrees(owner: Target, target: Target, entries: dict) -> bool:  # type: ignore[type-arg]
    """Whether teaching a question to ``target`` agrees with its being an example of ``owner``."""
    if owner == target:
        return True
    if owner[0] == "entry" and target[0] == "fact":  # a fact of the entry the example belongs to
        entry = entries.get(owner[1])
        return entry is not None and target[1] in entry.facts
    return owner[0] == "out_of_scope" and target[0] == "out_of_scope"  # declined either way
