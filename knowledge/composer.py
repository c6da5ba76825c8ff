"""Turn the facts found for each part of a question into one short reply.

Each part answers with its facts — the direct answer first, then what the person needs next (a
fact's ``next``), never the same fact twice — and cites the sections it rests on. Generated facts of
one group merge into one sentence (訂正・削除の請求に手数料はかかりません). A part the policy is silent
on says so in one line; when anything said is "not stated", the reply ends with whom to ask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.fact_models import Fact
from knowledge.language import LanguagePack
from knowledge.models import KnowledgeBase
from knowledge.procedure_facts import ProcedureFacts
from knowledge.resolver import PartAnswer

MAX_FACTS_PER_PART = 4
# Folded YAML lines leave a space after 。 that Japanese text does not use.
_COUNT_COLON = re.compile(r":(?=\d+通)")  # 請求書:1通 (NFKC made the colon half-width) → 請求書：1通
_ITEM_GAP = re.compile(r"[ \t]+(?=（\d+）)")  # …1通 （3） → …1通（3）
_FULL_WIDTH_GAP = re.compile(r"(?<=[。、」』）])[ \t]+(?=[^\sA-Za-z0-9])")


def typeset(text: str, lang: str) -> str:
    """Text of the data as printed in ``lang``: Japanese sentences are set full-width (see below)."""
    return japanese_typography(text) if lang == "ja" else text


def japanese_typography(text: str) -> str:
    """Japanese text set as it is printed: the data is NFKC-normalised (half-width brackets and colons),
    Japanese sentences use full-width ones and no spaces between items."""
    text = text.replace("(", "（").replace(")", "）")
    return _ITEM_GAP.sub("", _COUNT_COLON.sub("：", _FULL_WIDTH_GAP.sub("", text)))


@dataclass(frozen=True)
class Composed:
    """The reply text, the facts it says (in order) and the sections it cites."""

    text: str
    facts: tuple[str, ...]
    sources: tuple[str, ...]
    silent: bool


class Composer:
    def __init__(self, kb: KnowledgeBase, language: LanguagePack, facts: dict[str, Fact], procedure: ProcedureFacts):
        self.kb = kb
        self.language = language
        self.facts = facts
        self.procedure = procedure

    def _say(self, key: str, lang: str, **values: object) -> str:
        return self.language.message(key, lang, **values)

    def contact_values(self, lang: str) -> dict[str, str]:
        contact, org, meta = self.kb.meta.contact, self.kb.meta.organization, self.kb.meta
        return {
            "organization": org.name(lang),
            "office": contact.office(lang),
            "postal_code": contact.postal_code,
            "address": contact.shown_address(lang),
            "email": contact.email,
            "policy": meta.title(lang),
        }

    def _next(self, fact: Fact, part: PartAnswer) -> list[Fact]:
        """The facts a fact says come next, the generic kit made specific when the part names one kind."""
        found = []
        for fact_id in fact.next:
            if ".any" in fact_id and len(part.part.kinds) == 1:
                specific = fact_id.replace(".any", "." + part.part.kinds[0])
                fact_id = specific if specific in self.facts else fact_id
            if fact_id.startswith("procedure.") and part.part.requester == "agent":
                kind = fact_id.split(".", 1)[1]
                fact_id = f"documents.{kind}.agent" if f"documents.{kind}.agent" in self.facts else fact_id
            if fact_id in self.facts:
                found.append(self.facts[fact_id])
        return found

    def _part_facts(self, part: PartAnswer, said: set[str]) -> list[Fact]:
        ordered: list[Fact] = []
        for fact in part.facts:
            for item in (fact, *self._next(fact, part)):
                if item.id not in said and len(ordered) < MAX_FACTS_PER_PART:
                    ordered.append(item)
                    said.add(item.id)
        return ordered

    def _sentences(self, facts: list[Fact], lang: str) -> list[str]:
        """Sentences of the facts, generated facts of one group merged into one."""
        sentences: list[str] = []
        groups: dict[str, list[Fact]] = {}
        for fact in facts:
            if fact.group:
                groups.setdefault(fact.group, []).append(fact)
        done: set[str] = set()
        for fact in facts:
            if fact.group and len(groups[fact.group]) > 1:
                if fact.group in done:
                    continue
                done.add(fact.group)
                members = groups[fact.group]
                kinds = [member.id.split(".")[1] for member in members]
                sentences.append(self.procedure.merged(fact.group, kinds, fact.requester, lang))
            else:
                sentences.append(fact.text(lang).strip())
        return [typeset(s, lang) for s in sentences]

    def _cite(self, sources: list[str], lang: str) -> str:
        return self._say("cite", lang, sections=self._say("cite_join", lang).join(sources))

    def compose(self, parts: list[PartAnswer], lang: str, topic_title, facet_title) -> Composed:  # type: ignore[no-untyped-def]
        """The reply for the answered parts; ``topic_title``/``facet_title`` name a silent point."""
        said: set[str] = set()
        blocks: list[str] = []
        all_facts: list[str] = []
        all_sources: list[str] = []
        silent = False
        values = self.contact_values(lang)
        gap = self._say("sentence_gap", lang)
        for part in parts:
            facts = self._part_facts(part, said)
            # A sentence already said inside an earlier one (the agent's kit says deletion is free) is not
            # said again for the next part.
            sentences = [x for x in self._sentences(facts, lang) if not any(x in block for block in blocks)]
            if facts and sentences:
                sources = list(dict.fromkeys(s for fact in facts for s in fact.sources))
                blocks.append(gap.join(sentences) + self._cite(sources, lang))
            if facts:
                all_facts += [fact.id for fact in facts]
                all_sources += list(dict.fromkeys(s for fact in facts for s in fact.sources))
                silent = silent or any(not fact.stated for fact in facts)
            for topic, facet in part.silent[:1] if facts else []:  # 受付時間とメールアドレス: one is not stated
                blocks.append(self._say("silent_topic" if facet == "overview" else "silent_generic", lang,
                                        topic=topic_title(topic, lang), facet=facet_title(facet, lang), **values))
                silent = True
            if not facts and part.silent:
                topic, facet = part.silent[0]
                key = "silent_topic" if facet == "overview" else "silent_generic"
                blocks.append(self._say(key, lang, topic=topic_title(topic, lang), facet=facet_title(facet, lang),
                                        **values))
                silent = True
        if silent and not any(values["email"] in block for block in blocks):
            blocks.append(self._say("silent_contact", lang, **values))
        return Composed("\n".join(blocks), tuple(all_facts), tuple(dict.fromkeys(all_sources)), silent)
