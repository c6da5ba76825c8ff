"""Read a question: which topics it is about, which facets it asks, in how many parts.

The question is split where a new part may begin (sentence ends, commas, "and"); each part gets the
topics and facets found in it. A part that names topics but asks nothing ("代理人の場合、") lends its
topics to the next part that asks; a part that asks without naming a topic ("送り先は？") takes the
topics of the part before, or else the facet's default topic. Within a part, a topic whose descendant
is also named gives way to it (第三者 < 第三者提供の停止), weak words give way to specific ones, and
auxiliary facets (できますか) to real ones (手数料はかかりますか asks the cost).

Content words that no term explains and that never occur in an in-scope example question are kept
as ``unknown``: a part with only a default topic and such a word (会議室の予約方法) is about
something the knowledge does not know.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from knowledge.actors import ActorReader
from knowledge.fact_models import Topic
from knowledge.language import LanguagePack
from knowledge.lexicon import Lexicon, Mention, english_tokens
from knowledge.models import KnowledgeBase
from knowledge.reading import Part, Reading
from knowledge.unknown_words import UnknownWords

# (A numbered list splits too: "1) what form 2) is there a fee", ①…②; not "(5)", which cites a purpose.)
_SPLIT = re.compile(r"[。？?！!\n;；、,]+|\.(?:\s+|$)|\s+(?:and|also|plus|as well as|but|then)\s+|\s+-\s+"
                    r"|(?:^|\s)(?<!\()\d{1,2}\)\s*|[①-⑳]")
OVERVIEW = "overview"
_GENERIC = {"personal_data", "data_item"}
# A strong cue and a weak one that together ask the weak one's facet.
_PROMOTIONS = (("how_long", "retention"), ("how", "purpose"))  # "my data", "my address": what a combination needs, nothing more
# "employees who use the desk": after a noun, who/which/where/when start a relative clause, not a
# question. Only after these words (or at the start) are they asked: "tell me who", "and when".
_WH = {"who", "which", "where", "when", "whose"}
_WH_LEADS = {"me", "us", "you", "know", "tell", "ask", "and", "or", "but", "so", "wonder", "see", "about", "to",
             "of", "for", "by", "with", "from", "exactly", "then", "also", "else", "explain", "say", "show", "is"}
# Words that can name a thing before another (tax, city, payroll), not prepositions, participles or adverbs.
_REQUESTING = re.compile(r"(ください|下さい|教えて|おしえて|頂けますか|いただけますか|tell me|please|let me know)")
_SENTENCE_END = re.compile(r"[.。!！?？\n]")
_CONTEXT = re.compile(r"(けど|けれど|けれども|んですが|のですが|ので|のに)$")
_BREAK = re.compile(r"[:：()（）\"「」]")
_ASKS = re.compile(r"((?<!と)か|かな|かね|の|ん|ですか|ますか|でしょうか|っけ|る)$")


class Understanding:
    """Reads questions against one knowledge base's topics and the generic facets and intents."""

    def __init__(self, kb: KnowledgeBase, language: LanguagePack, known_words: frozenset[str] = frozenset()):
        self.kb = kb
        self.language = language
        self.topics: dict[str, Topic] = {topic.id: topic for topic in kb.topics}
        self.known_words = known_words
        self.ancestors = {topic_id: self._ancestors(topic_id) for topic_id in self.topics}
        entries: list[tuple[str, str, bool]] = []
        for topic in kb.topics:
            weak = set(topic.weak_terms)
            for term in dict.fromkeys([*topic.terms_ja, *topic.terms_en, *topic.weak_terms]):
                entries.append((term, "t:" + topic.id, term in weak))
            entries += [(term, "c:" + topic.id, True) for term in topic.context_terms]
        for kind in kb.requests.kinds:  # the request kinds' own names and synonyms name their topic too
            topic_id = next((t.id for t in kb.topics if t.request_kind == kind.key), None)
            if topic_id:
                entries += [(term, "t:" + topic_id, False) for term in (kind.name_ja, kind.name_en)]
        for facet in language.facets:
            weak = set(facet.weak_cues)
            for cue in dict.fromkeys([*facet.cues_ja, *facet.cues_en, *facet.weak_cues]):
                entries.append((cue, "f:" + facet.id, cue in weak))
        entries += [(phrase, "x:phrase", True) for phrase in language.phrases]
        self.content = Lexicon(entries, known=known_words)
        self.intent_lexicon = Lexicon([(cue, "i:" + intent.id, False) for intent in language.intents
                                       for cue in [*intent.cues_ja, *intent.cues_en]])
        # Verbs of a request (見たい, can I see) and who makes it (家族が, someone else) stay beside a noun.
        self._request_topics = {topic.id for topic in kb.topics if topic.request_kind}
        self._agents = {topic.id for topic in kb.topics if topic.requester == "agent"}
        self._requests = {t for t in self.topics if t == "request" or "request" in self.ancestors[t]}
        self._auxiliary = {facet.id for facet in language.facets if facet.auxiliary}
        self._facet_kind = {facet.id: facet.kind for facet in language.facets}
        self._qualifiers = {topic.id for topic in kb.topics if topic.requester and not topic.request_kind
                            and topic.parents == ["request"] and topic.requester == "self"}
        self._compositions = [(topic.id, {x[2:] for x in rule if x.startswith("t:")},
                               {x[2:] for x in rule if x.startswith("f:")}) for topic in kb.topics
                              for rule in topic.composed_of]
        self._default_topic = {facet.id: facet.default_topic for facet in language.facets}
        self.unknown_words = UnknownWords(known_words, frozenset(self._request_topics))
        self.actor_reader = ActorReader(frozenset(t.id for t in kb.topics if t.party), frozenset(self._request_topics),
                                        language, frozenset(t.id for t in kb.topics if t.rule_source))

    def _ancestors(self, topic_id: str) -> tuple[str, ...]:
        """Ancestors nearest first (breadth first over ``parents``)."""
        seen: list[str] = []
        queue = list(self.topics[topic_id].parents) if topic_id in self.topics else []
        while queue:
            parent = queue.pop(0)
            if parent in seen or parent not in self.topics:
                continue
            seen.append(parent)
            queue.extend(self.topics[parent].parents)
        return tuple(seen)

    # ----- reading --------------------------------------------------------------------------------
    @lru_cache(maxsize=4096)  # noqa: B019 - one instance per knowledge base, kept for the process
    def read(self, norm: str) -> Reading:
        """Understand a normalised question (see :func:`knowledge.text.normalize`)."""
        found = self.content.find(norm)
        unknown = self.unknown_words.find(norm, tuple(found))  # a set phrase's words are known words
        mentions = tuple(m for m in found if not m.label.startswith("x:") and not self._relative(norm, m))
        intents: dict[str, list[Mention]] = {}
        for mention in self.intent_lexicon.find(norm):
            intents.setdefault(mention.label[2:], []).append(mention)
        parts = self._parts(norm, mentions, unknown)
        actors = self.actor_reader.actors(norm, mentions, frozenset(word for word, _start, _thing in unknown))
        if actors:
            parts = self._with_actors(norm, parts, actors)
            for number in range(1, len(parts)):  # 前の職場に残ってる。削除してもらうには？: still the workplace
                before, part = parts[number - 1], parts[number]
                if before.actor is not None and part.actor is None and not set(part.mentioned) & self.actor_reader.parties:
                    parts[number] = replace(part, actor=before.actor)
        data = any(m.label == "t:personal_data" and not m.weak for m in mentions)  # 個人情報, not 名前
        return Reading(norm, mentions, tuple(parts), data, {k: tuple(v) for k, v in intents.items()},
                       tuple(word for word, _start, _thing in unknown))

    @staticmethod
    def _with_actors(norm: str, parts: list[Part], actors: tuple[tuple[int, str], ...]) -> list[Part]:
        """Each party that handles data goes to the part it is in, or to the first part after it (a
        statement before a question: I want the bureau to disclose my history. What do I need?)."""
        result, taken = [], 0
        for part in parts:
            end = norm.find(part.text) + len(part.text)
            mine = [topic for position, topic in actors[taken:] if position < end]
            taken += len(mine)
            result.append(replace(part, actor=mine[0]) if mine else part)
        return result

    @staticmethod
    def _relative(norm: str, mention: Mention) -> bool:
        """An English wh-word cue that starts a relative clause (the employees who use the desk)."""
        if not mention.label.startswith("f:") or mention.term.split(" ")[0] not in _WH:
            return False
        before = [(stem, start, end) for stem, start, end in english_tokens(norm, fillers=True) if end <= mention.start]
        if not before or _SPLIT.search(norm[before[-1][2]:mention.start]) or _BREAK.search(norm[before[-1][2]:mention.start]):
            return False
        return norm[before[-1][1]:before[-1][2]] not in _WH_LEADS

    def _segments(self, norm: str) -> list[tuple[int, int, bool]]:
        """(start, end, is a question of its own) of each stretch between delimiters."""
        spans, start = [], 0
        for match in _SPLIT.finditer(norm):
            if match.start() > start:
                asks = "?" in match.group() or "？" in match.group() or bool(_ASKS.search(norm[start:match.start()]))
                spans.append((start, match.start(), asks))
            start = match.end()
        if start < len(norm):
            spans.append((start, len(norm), True))
        return spans or [(0, len(norm), True)]

    @staticmethod
    def _statements(norm: str, spans: list[tuple[int, int, bool]]) -> set[int]:
        """Segments that only tell (先日セミナーに参加したのですが、…; I already mailed the form. …) before a
        question that follows: their topics are the question's context, not questions of their own."""
        told = set()
        for number, (start, end, _asks) in enumerate(spans):
            closing = _SENTENCE_END.search(norm, end)
            statement = ((closing is not None and closing.group() not in "?？") or bool(_CONTEXT.search(norm[start:end]))) \
                and not _REQUESTING.search(norm[start:end])  # 行き方を教えてください。 asks
            later = [s for s in spans[number + 1:] if _SENTENCE_END.search(norm, s[0]) is None
                     or _SENTENCE_END.search(norm, s[0]).group() in "?？"]
            if statement and later:
                told.add(number)
        return told

    def _parts(self, norm: str, mentions: tuple[Mention, ...], unknown: list[tuple[str, int, str]]) -> list[Part]:
        raw = []
        spans = self._segments(norm)
        told = self._statements(norm, spans)
        for number, (start, end, asks) in enumerate(spans):
            inside = [m for m in mentions if start <= m.start < end]
            topics = self._strongest([m for m in inside if m.label.startswith("t:")])
            facets = self._facets([m for m in inside if m.label.startswith("f:")])
            cues = [m for m in inside if m.label.startswith("f:")]
            # (あと書類は？ asks, though its cue is weak: a question mark makes it a question of its own)
            weak_cues = bool(cues) and all(m.weak for m in cues) and norm[end:end + 1] not in ("?", "？")
            service = any(m.label.startswith("t:") and not m.weak and self.topics[m.label[2:]].scope != "policy"
                          for m in inside)
            if cues and all(m.weak and m.label != "f:purpose" and not (service and self._facet_kind.get(m.label[2:]) == "logistics")
                            for m in cues) and any(not m.weak and m.label.startswith("t:") and
                                                   m.label != "t:personal_data" for m in inside):
                # A weak cue beside a specific topic (警察…きたら情報出す, 用紙はどこにありますか) asks the
                # topic; beside a service, "where is" still asks where (where is the seminar held?).
                facets = (OVERVIEW,)
            if topics and not facets and asks and end < len(norm):
                facets = (OVERVIEW,)  # 会社に共有されるの？ asks about its topic, even without a cue word
            last_topic = max((m.start for m in inside if m.label.startswith("t:")), default=start)
            words = tuple((word, "modifier" if thing == "modifier" else ("after" if thing and position > last_topic
                                                                             else ""))
                          for word, position, thing in unknown if start <= position < end)
            specific = any(not m.weak and m.label.startswith("t:") and m.label != "t:personal_data" for m in inside)
            strong = {m.label[2:] for m in inside if m.label.startswith("t:") and not m.weak}
            # A weak word beside its parent is meant (missing + the stamps: the stamps are missing).
            strong |= {m.label[2:] for m in inside if m.label.startswith("t:") and m.weak
                       and (strong - {"personal_data"}) & set(self.ancestors.get(m.label[2:], ()))}
            told_facets: tuple[str, ...] = ()
            if number in told:  # what the question that follows is about, not a question itself
                facets, weak_cues, told_facets = (), False, facets
                # …but what it tells may name a topic by a combination (私の情報を出すのやめてほしいです。
                # どの書類を送れば？ is about stopping the provision).
                composed, _rest = self._compose(list(topics), told_facets)
                topics = [*topics, *[t for t in composed if t not in topics]]
            raw.append((norm[start:end], topics, facets, words, specific,
                        tuple(dict.fromkeys(m.label[2:] for m in inside if m.label[:2] in ("t:", "c:"))),
                        frozenset(strong), weak_cues, told_facets))
        parts: list[Part] = []
        waiting: list[str] = []  # topics named in parts that asked nothing yet
        waiting_words: tuple[tuple[str, bool], ...] = ()
        waiting_specific = False
        last: list[str] = []
        last_named: tuple[str, ...] = ()
        unknown_before: tuple[tuple[str, str], ...] = ()  # what a part about no known topic asked about
        waiting_named: tuple[str, ...] = ()
        waiting_strong: frozenset[str] = frozenset()
        told_before: tuple[str, ...] = ()
        for text, topics, facets, words, specific, named_all, strong, weak_cues, told_facets in raw:
            if told_facets:
                told_before += told_facets
            if facets and told_before and set(facets) <= self._auxiliary | {OVERVIEW}:
                # 参加証の再発行をお願いしたいんですが、できますか？ — the "can I?" asks what was told
                facets = tuple(dict.fromkeys([*told_before, *facets]))
            if facets:
                told_before = ()
            if not facets:
                waiting.extend(topics)
                waiting_named += named_all
                waiting_strong |= strong
                waiting_words += words  # 会社のロッカーで財布を…。警察に届けたほうがいい？ is about the wallet
                waiting_specific = waiting_specific or specific
                continue
            named = list(dict.fromkeys([*waiting, *topics]))
            words, specific = waiting_words + words, waiting_specific or specific
            if not (named or last):
                words = unknown_before + words  # How many interview rounds…, and when will I know? is about them too
            all_named, all_strong = waiting_named + named_all, waiting_strong | strong
            waiting, waiting_words, waiting_specific, waiting_named, waiting_strong = [], (), False, (), frozenset()
            part = self._part(text, named or last, facets, words, defaulted=not (named or last),
                              specific=specific or (not named and bool(last)), inherited=not named and bool(last),
                              named_all=all_named, strongly=all_strong)
            if not named and last and any(needs_facets <= set(facets) and needs_topics & set(last_named)
                                          for _t, needs_topics, needs_facets in self._compositions):
                # …共有されるの？やめてって言える？: what the part before named may combine with what this one
                # asks into a topic of its own (sharing + stop); then the part is about it, not inherited.
                combined = self._part(text, last, facets, words, defaulted=False, specific=True,
                                      named_all=last_named + all_named, strongly=all_strong)
                if set(combined.topics) - set(part.topics) - set(last_named):
                    part = combined
                if set(part.topics) - set(last):
                    part = replace(part, inherited=False)  # it names something new of its own
            parts.append(replace(part, weak_only=weak_cues and not named))
            unknown_before = words if part.defaulted else ()
            if named:
                last = list(part.topics)  # after combinations: 渡すのストップ… 書類はどこ宛？ is about the stop
                last_named = part.mentioned
        if waiting:
            if parts and parts[-1].defaulted:  # 手数料はいくら？開示の — the topic came after
                previous = parts.pop()
                parts.append(self._part(previous.text, waiting, previous.facets,
                                        tuple((w, "after" if w in previous.unknown_after else "") for w in previous.unknown)
                                        + waiting_words,
                                        False, specific=waiting_specific, strongly=waiting_strong,
                                        named_all=previous.mentioned + waiting_named))
            elif parts and _CONTEXT.search(raw[-1][0]):
                # Context after the question (…どうなってますか？相談員さんから連絡ないんですけど) adds nothing,
                # unless it names what the question is about more closely (…じゃないとダメ？旧姓のパスポートしか
                # ないんやけど): then the question is about that.
                previous = parts[-1]
                closer = [t for t in waiting if self.topics[t].focus and t not in previous.mentioned
                          and set(self.ancestors.get(t, ())) & set(previous.mentioned)]
                if closer:
                    parts[-1] = self._part(previous.text, [*previous.topics, *closer], previous.facets,
                                           tuple((w, "") for w in previous.unknown), False,
                                           specific=True, strongly=waiting_strong | set(closer),
                                           named_all=previous.mentioned + waiting_named)
            else:
                words = tuple(w for _t, _tp, _f, ws, _s, _n, _st, _w, _tf in raw for w in ws)
                parts.append(self._part(norm, list(dict.fromkeys(waiting)), (OVERVIEW,), words, False,
                                        specific=waiting_specific, strongly=waiting_strong, named_all=waiting_named))
        # A request kind named once qualifies the later parts (利用停止の様式は？代理人でも出せる？タダ？),
        # and so does who makes it (代理人が出す身分証、これのコピーでも大丈夫？ is the agent's).
        carried: tuple[str, ...] = ()
        requester: str | None = None
        for number, part in enumerate(parts):
            if part.kinds:
                carried = part.kinds
            elif carried:
                parts[number] = part = replace(part, kinds=carried)
            if part.requester:
                requester = part.requester
            elif requester:
                parts[number] = replace(part, requester=requester)
        return parts

    def _part(self, text: str, topics: list[str], facets: tuple[str, ...], unknown: tuple[tuple[str, str], ...],
              defaulted: bool, specific: bool = True, inherited: bool = False,
              named_all: tuple[str, ...] = (), strongly: frozenset[str] = frozenset()) -> Part:
        if defaulted:
            topics = list(dict.fromkeys(self._default_topic[f] for f in facets if self._default_topic.get(f)))
        topics, facets = self._compose(topics, facets, named_all)
        mentioned = tuple(dict.fromkeys([*topics, *named_all]))
        topics = [t for t in topics if not any(t in self.ancestors.get(other, ()) for other in topics)]
        if len(topics) > 1:  # "myself" only qualifies what else is named
            topics = [t for t in topics if not (self.topics[t].requester == "self" and t in self._qualifiers)] or topics
        if "policy" in topics and any(self.topics[t].scope == "service" for t in topics):
            topics = [t for t in topics if t != "policy"]  # does your privacy policy allow the mails? asks about them
        topics.sort(key=lambda t: -len(self.ancestors.get(t, ())))  # the most specific first

        kinds = []
        requester = None
        for topic_id in topics:  # before a focus topic takes over: マイナンバーカードで開示請求 is a disclosure
            chain = (topic_id, *self.ancestors.get(topic_id, ()))
            kind = next((self.topics[node].request_kind for node in chain if self.topics[node].request_kind), None)
            if kind and kind not in kinds:
                kinds.append(kind)
        for topic_id in mentioned:  # 本人として申請します: "myself" names the requester even when it gives way
            chain = (topic_id, *self.ancestors.get(topic_id, ()))
            role = next((self.topics[node].requester for node in chain if self.topics[node].requester), None)
            if role:
                requester = "agent" if "agent" in (requester, role) else role
        focus = [t for t in topics if self.topics[t].focus and t in strongly]
        topics = focus or topics
        return Part(text, tuple(topics), facets, tuple(kinds), requester, defaulted, tuple(w for w, _t in unknown),
                    mentioned, tuple(w for w, thing in unknown if thing), specific and not defaulted, inherited,
                    tuple(w for w, thing in unknown if thing == "after"), tuple(w for w, thing in unknown if thing == "modifier"),
                    tuple(focus), data_named="personal_data" in strongly, strongly_named=tuple(sorted(strongly)))

    def _compose(self, topics: list[str], facets: tuple[str, ...], context: tuple[str, ...] = ()
                 ) -> tuple[list[str], tuple[str, ...]]:
        """Topics named by a combination (sharing + stop = stopping provision to third parties; my address
        + change = a correction)."""
        named = set(topics) | set(context)
        specific = set(topics) - _GENERIC
        for topic_id, needs_topics, needs_facets in self._compositions:
            if needs_topics & _GENERIC and specific - {topic_id}:
                continue  # ポリシーの変更 is about the policy, not a change to my data
            if needs_topics <= named and needs_facets <= set(facets):
                topics = topics if topic_id in topics else [*topics, topic_id]
                # What is left of the question is its condition (勝手に渡されてたら止めて) unless it asks
                # about the procedure (渡すのをストップするのにお金かかる？).
                facets = tuple(f for f in facets if f not in needs_facets and self._facet_kind.get(f) == "procedure") \
                    or (OVERVIEW,)
        return topics, facets

    def _strongest(self, found: list[Mention]) -> list[str]:
        """Topic ids in order; weak words only when nothing specific is named (personal data in general
        is not specific: 私の情報を見たい is about disclosure)."""
        strong = [m for m in found if not m.weak]
        specific = any(m.label != "t:personal_data" for m in strong)
        named = {m.label[2:] for m in strong}
        # A request kind named by a verb (見たい, can I see) stays beside the noun it is about.
        asked = {m.label[2:] for m in strong} & self._requests
        kept = [m for m in found if not m.weak or m.label[2:] in self._request_topics
                or (m.label[2:] in self._agents and asked)
                or (named - {"personal_data"}) & set(self.ancestors.get(m.label[2:], ()))] \
            if specific else found  # 切手が足りない (but "my data" is the parent of everything)
        return list(dict.fromkeys(m.label[2:] for m in kept))

    def _facets(self, found: list[Mention]) -> tuple[str, ...]:
        """Real facets first (what is asked), then weak cues of real facets (使う in 連絡先を使うことは
        ありますか), then the auxiliary ones (whether, which)."""
        ids = list(dict.fromkeys(m.label[2:] for m in found))
        strong = {m.label[2:] for m in found if not m.weak}
        for asked, meant in _PROMOTIONS:  # どれくらいの期間保管される is retention; how is X used, its use
            if asked in strong and meant in ids and meant not in strong:
                strong = (strong - {asked}) | {meant}
                ids = [f for f in ids if f != asked]
        real_strong = [f for f in ids if f in strong and f not in self._auxiliary]
        if len(real_strong) > 1 and "obligation" in real_strong:
            real_strong.remove("obligation")  # 手数料って必要？ asks the fee; "required" only qualifies it
        real_weak = [f for f in ids if f not in strong and f not in self._auxiliary and self._facet_kind.get(f) == "privacy"
                     and "which" not in strong]  # which form do I use: the form, not a use
        if not real_strong and "which" in strong and "documents" in ids:
            real_weak.append("documents")  # 使う書類はどれ: which documents (書類 alone is a weak cue)
        return tuple(real_strong or real_weak or [f for f in ids if f in strong] or ids)
