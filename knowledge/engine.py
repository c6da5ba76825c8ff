"""The answer engine: understand what is asked, answer every part from facts, or say honestly why not.

1. :mod:`knowledge.understanding` reads the question into parts, each with its topics and facets.
2. :mod:`knowledge.resolver` finds, for each part, the facts that answer it — or finds that the
   policy is silent there (a privacy matter: "the policy does not state it" + whom to ask), or that the
   question asks something outside the policy (the venue of a seminar: declined, with where to ask).
3. :mod:`knowledge.composer` writes the reply: the direct answer first, each part cited.
4. Only when nothing in the question is understood does example similarity
   (:mod:`knowledge.retrieval`) answer, decline or ask "did you mean".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from knowledge.calibration import ANSWER_THRESHOLD, SUGGEST_THRESHOLD, confidence_of
from knowledge.composer import Composer, typeset
from knowledge.index import Index
from knowledge.intents import Intent, IntentDetector
from knowledge.lang import supported
from knowledge.language import LanguagePack, default_language
from knowledge.models import KnowledgeBase
from knowledge.procedure_facts import ProcedureFacts
from knowledge.reading import Part, Reading
from knowledge.resolver import PartAnswer, Resolver
from knowledge.retrieval import build_index, retrieve
from knowledge.romaji import to_kana
from knowledge.taught import taught_key, taught_table
from knowledge.taught_answer import taught_answer
from knowledge.text import clean, has_meaning, normalize, script_counts
from knowledge.understanding import Understanding
from knowledge.vocabulary import known_words

Lang = Literal["ja", "en"]
FALLBACK_THRESHOLD = 0.6
# Nothing in the question was understood: only a very close example question may answer for it.
FALLBACK_ANSWER = 0.85
INTENT_CACHE_SIZE = 4096  # typed messages remembered per process (each a few hundred bytes)
_SENTENCE_END = re.compile(r"[。.？?！!\n]")  # between two parts: they are two sentences


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
    lang: Lang
    matched: bool
    decision: Literal["answer", "suggest", "decline", "invalid"]
    confidence: float
    sources: list[Citation] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    entry_id: str | None = None
    request_kind: str | None = None
    facts: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    facets: tuple[str, ...] = ()
    intent: Intent | None = None
    silent: bool = False  # something asked is not stated in the policy
    taught: bool = False  # answered (or declined) as the secretariat taught this very question

    def to_json(self) -> dict:
        """The JSON object printed by ``madoguchi ask --json`` (fields are only ever added)."""
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
            "decision": self.decision,
            "entry_id": self.entry_id,
            "facts": list(self.facts),
            "topics": list(self.topics),
            "facets": list(self.facets),
            "silent": self.silent,
            "intent": self.intent.to_json() if self.intent else None,
            "taught": self.taught,
        }


class AnswerEngine:
    """Answers questions about one knowledge base; build once, call :meth:`answer` many times."""

    def __init__(self, kb: KnowledgeBase, *, max_chars: int = 2000, answer_threshold: float = ANSWER_THRESHOLD,
                 suggest_threshold: float = SUGGEST_THRESHOLD, index: Index | None = None,
                 language: LanguagePack | None = None, vocabulary: frozenset[str] | None = None):
        self.kb = kb
        self.language = language or default_language()
        self.max_chars = max_chars
        self.answer_threshold = max(answer_threshold, FALLBACK_THRESHOLD)
        self.suggest_threshold = suggest_threshold
        self.procedure = ProcedureFacts(kb, self.language)
        facts = [*kb.facts, *self.procedure.facts()]
        self.facts = {fact.id: fact for fact in facts}
        known = (vocabulary if vocabulary is not None else known_words(kb)) | self.language.common_words
        self.understanding = Understanding(kb, self.language, known)
        # A secretariat-written answer is reached through its taught questions, never by reading.
        self.resolver = Resolver([f for f in facts if not f.only_taught], self.understanding, self.language)
        self.composer = Composer(kb, self.language, self.facts, self.procedure)
        self.intents = IntentDetector(self.understanding, self.language)
        self._entries = {entry.id: entry for entry in kb.all_entries()}
        self.index = index or build_index(kb, {e.id: " ".join(self.facts[f].ja + " " + self.facts[f].en
                                                               for f in e.facts if f in self.facts)
                                               for e in kb.all_entries()})
        self.taught = taught_table(kb)
        self._entry_of_fact: dict[str, str] = {}
        for entry in kb.all_entries():  # the first entry that says a fact is the one it "belongs" to
            for fact_id in entry.facts:
                self._entry_of_fact.setdefault(fact_id, entry.id)

    # ----- language and intents ------------------------------------------------------------------
    def detect_lang(self, text: str) -> Lang:
        """Japanese if the text has hiragana, or more Japanese characters than (3 x) English words."""
        hiragana, katakana, kanji, latin = script_counts(normalize(text))
        if hiragana >= 2:
            return "ja"
        if hiragana + katakana + kanji == 0:
            return "en"
        return "ja" if hiragana + katakana + kanji >= 3 * latin else "en"

    def understand(self, text: str) -> Reading:
        """What the question is about and asks (see :mod:`knowledge.understanding`)."""
        return self.understanding.read(normalize(text)[: self.max_chars])

    def intent(self, text: str, in_flow: bool = False) -> Intent | None:
        """The flow a message asks for (start a request, check status, cancel, back, a person), if any;
        ``in_flow`` when an intake or status look-up is open."""
        norm = normalize(text)
        if not norm or len(norm) > self.max_chars:
            return None
        key = (norm, in_flow)
        cache = self.__dict__.setdefault("_intent_cache", {})  # the knowledge never changes under an engine
        if key not in cache:
            if len(cache) >= INTENT_CACHE_SIZE:
                cache.clear()
            cache[key] = self.intents.detect(self.understanding.read(norm), in_flow)
        return cache[key]

    def detect_request(self, text: str) -> str | None:
        """The request kind the user says they want to make, or None (also for questions about requests)."""
        intent = self.intent(text)
        return intent.kind if intent and intent.name == "start_request" else None

    # ----- answering -------------------------------------------------------------------------------
    def answer(self, question: str, lang: str | None = None) -> Answer:
        """Answer one question (any register, Japanese or English); never raises on bad input."""
        question = question if isinstance(question, str) else str(question)
        text = clean(question)
        language: Lang = lang if lang in ("ja", "en") else self.detect_lang(text)  # type: ignore[assignment]
        if not text:
            return self._invalid(question, language, "invalid_unreadable" if question.strip() else "invalid_empty")
        if len(text) > self.max_chars:
            return self._invalid(question, language, "invalid_too_long")
        norm = text.lower()
        if not has_meaning(norm):
            return self._invalid(question, language, "invalid_unreadable")
        reading = self.understanding.read(norm)
        intent = self.intents.detect(reading)
        taught = self.taught.get(taught_key(norm)) if self.taught else None
        if taught is not None:  # the secretariat taught this very question: that wins over the reading
            return taught_answer(self, question, language, taught, reading, intent)
        parts = self.resolve(reading)
        if any(part.facts for part in parts):
            for part in parts:  # beside answered parts, an unknown subject is a point the policy is silent on
                if part.unknown_subject and part.part.topics:
                    part.silent.append((part.part.topics[0], "overview"))
            return self._answer(question, language, reading, parts, intent)
        if any(part.silent or part.unknown_subject for part in parts):
            return self._not_stated(question, language, reading, parts, intent)
        declined = [part for part in parts if part.declined]
        if declined:
            return self._decline(question, language, self._pointer(declined, language), reading, intent)
        kana = to_kana(norm, self.understanding.known_words) if not reading.mentions else None
        if kana:  # kaiji seikyu no tesuryo ikura? — Japanese typed in Latin letters
            answer = self.answer(kana, "ja")
            if answer.matched:
                return replace(answer, question=question)
        return self._by_examples(question, norm, language, reading, intent)

    def resolve(self, reading: Reading) -> list[PartAnswer]:
        """Each part's answer; a part that only asks "can I?" of the topics before it adds nothing
        (…駐車場ありますか？車で行きたいんですが) and is left out when other parts remain."""
        named = tuple(dict.fromkeys(m.label[2:] for m in reading.mentions if m.label.startswith("t:")))
        answers = [self.resolver.resolve(part, reading.data_mentioned, named) for part in reading.parts]
        for before, after in zip(answers, answers[1:], strict=False):  # パスポートの更新は？来月で期限切れ: still the renewal
            if before.ruled_out and after.part.inherited:
                after.facts, after.silent, after.ruled_out = [], [], True
                after.declined = after.declined or before.declined[:1]
            elif ((before.unknown_subject and before.part.unknown_modifiers) or before.blocked_by) \
                    and not before.part.text.isascii() and self._same_sentence(reading, before, after):
                # 陸運局に出す書類って、署名だけでいい？, 裁判所に出すとき、費用はいくら？: the rest of the
                # sentence is about that outside thing too
                after.facts, after.silent, after.unknown_subject = [], [], True
                after.blocked_by = after.blocked_by or before.blocked_by
        vague = self.resolver.auxiliary | {"overview"}
        given: set[str] = set()
        for number, answer in enumerate(answers):
            repeated = {fact.id for fact in answer.facts} <= given  # (nothing at all is no news either)
            if repeated and answer.part.inherited and not set(answer.part.facets) <= vague \
                    and not answer.blocked_by and (not answer.declined or self._privacy_only(answer.part)) \
                    and not any(a.ruled_out or a.declined or a.blocked_by for a in answers[:number]):
                answers[number] = self._asked_of_wider(answer, reading, named)
            given |= {fact.id for fact in answers[number].facts}
        kept = [a for a in answers if not (a.part.inherited and (set(a.part.facets) <= vague or a.part.weak_only))]
        return kept or answers

    @staticmethod
    def _same_sentence(reading: Reading, before: PartAnswer, after: PartAnswer) -> bool:
        """The two parts are in one sentence: only a comma or the like between them (no 。, ? or !)."""
        start = reading.text.find(before.part.text)
        end = reading.text.find(after.part.text, start + len(before.part.text))
        if start < 0 or end < 0:
            return False
        return not _SENTENCE_END.search(reading.text[start + len(before.part.text) : end])

    def _privacy_only(self, part: Part) -> bool:
        """Every topic of the part is a privacy matter (an outside topic's declined facet stays declined)."""
        topics = self.understanding.topics
        return all(t in topics and topics[t].scope == "policy" for t in part.topics)

    def _asked_of_wider(self, answer: PartAnswer, reading: Reading, named: tuple[str, ...]) -> PartAnswer:
        """A later part that took the topics of the part before and gets nothing new from them asks
        something of a wider topic: 払うものが足りなかったら？それと、そもそも何円分？ asks the wider topic's amount;
        "Can I use my My Number card for a disclosure, and what's the fee?" asks the disclosure's fee."""
        ancestors = self.understanding.ancestors
        parents = tuple(dict.fromkeys(ancestors[t][0] for t in answer.part.topics if ancestors.get(t)))
        kinds = tuple(t.id for t in self.kb.topics if t.request_kind and t.request_kind in answer.part.kinds
                      and t.id not in answer.part.topics)
        for wider_topics in (parents, kinds):
            if not wider_topics:
                continue
            wider = self.resolver.resolve(replace(answer.part, topics=wider_topics, focused=()),
                                          reading.data_mentioned, named)
            if wider.facts and {f.id for f in wider.facts} - {f.id for f in answer.facts}:
                return wider
        return answer

    def answer_entry(self, entry_id: str, lang: str) -> Answer:
        """The answer of one entry (the user picked a "did you mean" suggestion)."""
        language: Lang = supported(lang)
        entry = self._entries[entry_id]
        part = PartAnswer(Part(entry.title(language), (), ()), facts=[self.facts[f] for f in entry.facts])
        composed = self.composer.compose([part], language, self._topic_title, self._facet_title)
        return Answer(entry.title(language), composed.text, language, True, "answer", 1.0,
                      self._citations(composed.sources, language), [], entry.id, entry.request_kind,
                      composed.facts, silent=composed.silent)

    # ----- replies ---------------------------------------------------------------------------------
    def _answer(self, question: str, lang: Lang, reading: Reading, parts: list[PartAnswer],
                intent: Intent | None) -> Answer:
        composed = self.composer.compose(parts, lang, self._topic_title, self._facet_title)
        text = composed.text
        declined = [part for part in parts if part.declined and not part.facts and not part.silent]
        pointer = self._pointer(declined, lang) if declined else None
        if pointer:
            text += "\n" + pointer
        kinds = [kind for part in parts for kind in part.part.kinds]
        entry = self._entry_of_facts(composed.facts)
        return Answer(question, text, lang, True, "answer", self._confidence(reading, parts),
                      self._citations(composed.sources, lang), [], entry, kinds[0] if kinds else None,
                      composed.facts, reading.topics, reading.facets, intent, composed.silent)

    def _not_stated(self, question: str, lang: Lang, reading: Reading, parts: list[PartAnswer],
                    intent: Intent | None) -> Answer:
        """Nothing asked is in the policy, and no more specific place to ask is known: say that the policy
        does not state it, what this chat can help with, and whom to ask. Not an answer (it goes to the
        curators' queue), but never a guess."""
        composed = self.composer.compose([p for p in parts if p.silent], lang, self._topic_title, self._facet_title)
        values = self.composer.contact_values(lang)
        say = self.language.message
        head = [line for line in composed.text.split("\n") if line and values["email"] not in line] or [
            say("silent_unknown", lang, **values)]
        text = "\n".join([*head, say("help_line", lang, **values), say("contact_line", lang, **values)])
        return Answer(question, text, lang, False, "decline", self._confidence(reading, parts) / 2, [], [],
                      topics=reading.topics, facets=reading.facets, intent=intent, silent=True)

    def _by_examples(self, question: str, norm: str, lang: Lang, reading: Reading, intent: Intent | None) -> Answer:
        """Nothing the lexicon knows: the nearest example questions decide."""
        found = retrieve(self.index, norm)
        suggestions = self._suggestions(found.hits, lang)
        if found.out_of_scope or not found.hits:
            topic = next((t for t in self.kb.out_of_scope if t.id == found.out_of_scope), None)
            specific = topic.reply(lang) if topic else None
            return self._decline(question, lang, specific, reading, intent, found.confidence)
        if found.confidence >= FALLBACK_ANSWER:
            answer = self.answer_entry(found.hits[0].owner, lang)
            return Answer(question, answer.text, lang, True, "answer", found.confidence, answer.sources, [],
                          answer.entry_id, answer.request_kind, answer.facts, reading.topics, reading.facets,
                          intent, answer.silent)
        if found.confidence >= self.suggest_threshold and suggestions:
            values = self.composer.contact_values(lang)
            options = "\n".join(f"{n}. {s.title}" for n, s in enumerate(suggestions, start=1))
            text = "\n".join([self.language.message("suggest_head", lang, **values), options,
                              self.language.message("suggest_tail", lang),
                              self.language.message("contact_line", lang, **values)])
            return Answer(question, text, lang, False, "suggest", found.confidence, [], suggestions,
                          topics=reading.topics, facets=reading.facets, intent=intent)
        return self._decline(question, lang, None, reading, intent, found.confidence)

    def _decline(self, question: str, lang: Lang, specific: str | None, reading: Reading, intent: Intent | None,
                 confidence: float = 0.0) -> Answer:
        values = self.composer.contact_values(lang)
        say = self.language.message
        lines = [specific] if specific else [say("decline", lang)]
        lines.append(say("help_line", lang, **values))
        note = self.kb.meta.decline_note(lang)
        if note and not specific:
            lines.append(note.strip())
        lines.append(say("contact_line", lang, **values))
        return Answer(question, "\n".join(lines), lang, False, "decline", confidence, [], [],
                      topics=reading.topics, facets=reading.facets, intent=intent)

    def _invalid(self, question: str, lang: Lang, key: str) -> Answer:
        say = self.language.message
        text = (say(key, lang, limit=f"{self.max_chars:,}") + say("sentence_gap", lang)
                + say("invalid_tail", lang, policy=self.kb.meta.title(lang)))
        return Answer(question, text, lang, False, "invalid", 0.0)

    # ----- helpers ---------------------------------------------------------------------------------
    def _pointer(self, declined: list[PartAnswer], lang: Lang) -> str | None:
        """Where to ask instead: the outside topic that blocked a part first, then any declined topic's."""
        order = [p.blocked_by for p in declined if p.blocked_by] + [t for p in declined for t, _f in p.declined]
        for topic_id in order:
            topic = self.understanding.topics.get(topic_id or "")
            if topic and topic.pointer(lang):
                return typeset(topic.pointer(lang), lang)
        return None

    def _confidence(self, reading: Reading, parts: list[PartAnswer]) -> float:
        """How sure the reading is: literal finds, named topics and no unknown words make it surer."""
        literal = all(m.how in ("surface", "lemma", "english") for m in reading.mentions)
        named = all(not part.part.defaulted for part in parts)
        value = 0.95 - (0.0 if literal else 0.15) - (0.0 if named else 0.1) - 0.05 * len(reading.unknown)
        return max(0.5, min(0.99, value))

    def _entry_of_facts(self, facts: tuple[str, ...]) -> str | None:
        return next((self._entry_of_fact[f] for f in facts if f in self._entry_of_fact), None)

    def _citations(self, sources: tuple[str, ...], lang: Lang) -> list[Citation]:
        return [Citation(source, self.kb.section_title(source, lang)) for source in sources]

    def _topic_title(self, topic_id: str, lang: str) -> str:
        topic = self.understanding.topics.get(topic_id)
        return topic.title(lang) if topic else topic_id

    def _facet_title(self, facet_id: str, lang: str) -> str:
        try:
            facet = self.language.facet(facet_id)
        except KeyError:
            return facet_id
        return facet.title(lang)

    def _suggestions(self, hits, lang: Lang) -> list[Suggestion]:  # type: ignore[no-untyped-def]
        top = hits[0].score if hits else 1.0
        picked = []
        for hit in hits:
            entry = self._entries.get(hit.owner)
            if entry is None:
                continue
            share = hit.score / top if top else 0.0
            picked.append(Suggestion(entry.id, entry.title(lang), round(confidence_of([hit]) * share, 3)))
            if len(picked) == 3:
                break
        return picked
