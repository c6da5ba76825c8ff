"""From what is asked to the facts that answer it — or to why the policy cannot.

For each part of a question and each facet it asks, every topic of the part is tried, most specific
first. A topic is *covered* for a facet when the policy can speak to it: always for a privacy topic
(if no fact answers, the policy is silent there), and for a service or external topic only for
privacy facets, the facets it ``covers``, and — when personal data or a privacy topic is named —
general ones (whether, which, why). An uncovered facet is *declined*: the question reuses the
policy's words but asks something else (the venue of a seminar, the hiring ratio).

The best fact for a (topic, facet) is looked up along the topic, the request kinds the part names,
and the topic's ancestors: a fact of the topic itself beats one of a kind named alongside, which
beats a general one of an ancestor; a fact for the asked requester (an agent) beats a general one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.fact_models import Fact, Topic
from knowledge.language import LanguagePack
from knowledge.reading import Part
from knowledge.understanding import OVERVIEW, Understanding

MAX_OVERVIEW = 3


@dataclass(frozen=True)
class Candidate:
    """A fact considered for one (topic, facet), with its score (shown by ``--explain``)."""

    topic: str
    facet: str
    fact: str
    score: float


@dataclass
class PartAnswer:
    """What one part of a question gets: facts, facets the policy is silent on, facets declined."""

    part: Part
    facts: list[Fact] = field(default_factory=list)
    silent: list[tuple[str, str]] = field(default_factory=list)
    declined: list[tuple[str, str]] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    blocked_by: str | None = None  # a topic outside the policy that the whole part is about
    unknown_subject: bool = False  # the part asks about something no topic knows
    ruled_out: bool = False  # the part asks for an action outside the policy (renewing a passport)


class Resolver:
    """Looks up facts for the parts of a question."""

    def __init__(self, facts: list[Fact], understanding: Understanding, language: LanguagePack):
        self.understanding = understanding
        self.topics: dict[str, Topic] = understanding.topics
        self.facts = {fact.id: fact for fact in facts}
        self.by_topic: dict[str, list[Fact]] = {}
        for fact in facts:
            for topic in (fact.topic, *fact.also_topics):
                self.by_topic.setdefault(topic, []).append(fact)
        self.facet_kind = {facet.id: facet.kind for facet in language.facets}
        self.default_topic = {facet.id: facet.default_topic for facet in language.facets if facet.anywhere}
        # Facets that are the topic's own business: not looked up in more general topics.
        self.auxiliary = {facet.id for facet in language.facets if facet.auxiliary}
        # "What happens to my data" and "does it change" asked of a topic are that topic's business.
        self.local = self.auxiliary | {"why", "obligation", "purpose", "change"}

    # ----- coverage ------------------------------------------------------------------------------
    def blocking(self, part: Part, data_mentioned: bool, named: tuple[str, ...] = ()) -> str | None:
        """An outside topic (no covered facet at all) that the part is about, unless personal data or a
        topic that exempts it is named too (パワハラのことを会社に言わないで is a privacy request)."""
        data = data_mentioned or part.data_named  # (records in "record my manager" does not count)
        for topic_id in dict.fromkeys([*part.topics, *part.mentioned]):  # 楽天のクッキー: the focus hid 楽天
            topic = self.topics.get(topic_id)
            if topic is None or not topic.blocking or (data and topic.exempted_by_data):
                continue
            # A topic exempts when it is listed, or is a privacy topic below one listed (third-party
            # stop is below sharing); an outside topic below one (the employer, below sharing) does not.
            # Only topics named by their own words exempt: a word that merely hints at one (教えて, which
            # can mean telling someone) does not make Google's search results a question of sharing.
            # Who asks (自分で, an agent) only qualifies a request; alone it exempts nothing.
            exempt = any(t in topic.exempt_by or (self.topics[t].scope == "policy" and set(topic.exempt_by)
                                                  & set(self.understanding.ancestors.get(t, ())))
                         for t in (*part.mentioned, *named) if t != topic_id and (t in named or t in part.topics)
                         and not (self.topics[t].requester and not self.topics[t].request_kind)
                         and t != "request")  # the procedure's words alone (書類, 手数料) are any procedure's
            if not exempt:
                return topic_id
        return None

    def _declined_facets(self, topic_id: str) -> set[str]:
        """Facets the topic (or an ancestor above the request) never answers: a passport's renewal."""
        return set(self.topics[topic_id].decline_facets).union(
            *(self.topics[a].decline_facets for a in self.understanding.ancestors.get(topic_id, ()) if a != "request"))

    def covered(self, topic_id: str, facet: str, part: Part, data_mentioned: bool, named: tuple[str, ...] = ()) -> bool:
        topic = self.topics[topic_id]
        if facet in self._declined_facets(topic_id):
            return False
        if topic.scope == "policy" or facet in topic.covers:
            return True
        kind = self.facet_kind.get(facet, "procedure")
        privacy_named = self._privacy_named(topic_id, part, data_mentioned, named)
        asked = set(part.facets)
        logistics = any(self.facet_kind.get(f, "procedure") in ("procedure", "logistics") for f in asked) and not any(
            self.facet_kind.get(f) == "privacy" and f not in ("receive", "notify") for f in asked)
        if topic.scope == "service" and logistics and facet not in topic.covers and not privacy_named:
            return False  # 参加証っていつ届く？ asks about the seminar, not about the data
        if topic.scope == "service" and not privacy_named and facet not in topic.covers and any(
                self.facet_kind.get(f) == "logistics" for f in asked):
            return False  # 面接の日程っていつ連絡来る？: when, where, what hours — the service's own business
        if kind == "privacy" and topic.scope == "service":
            return True  # the organisation's own activities: what it does with the data is the policy's
        if facet == "why" and topic.scope == "service" and all(
                self.facet_kind.get(f) in ("general", "privacy") for f in part.facets):
            return True  # why do I get seminar mails? = what my data is used for
        if facet == OVERVIEW or kind in ("general", "privacy"):
            return privacy_named
        return False

    def _privacy_named(self, topic_id: str, part: Part, data_mentioned: bool, named: tuple[str, ...] = ()) -> bool:
        """Personal data, or a privacy topic above or beside this one (第三者 in 会社にバレる), is named in
        the part (or, for a topic of the sharing rules, anywhere in the question)."""
        if data_mentioned or "personal_data" in part.mentioned:  # 参加者の情報, participant lists
            return True
        mentioned = part.mentioned + (named if self.topics[topic_id].scope == "external" else ())
        mine = set(self.understanding.ancestors.get(topic_id, ())) - {"personal_data"}
        return any(self.topics[t].scope == "policy" and t != "personal_data" and t != topic_id and
                   (t in mine or mine & set(self.understanding.ancestors.get(t, ()))) for t in mentioned)

    # ----- looking up ----------------------------------------------------------------------------
    def _chain(self, topic_id: str, part: Part, climb: bool = True, facet: str = "") -> list[tuple[str, float]]:
        """(topic, bonus) to search, best first: the topic, the kinds named with it, its ancestors."""
        chain = [(topic_id, 3.0)]
        own = (topic_id, *self.understanding.ancestors.get(topic_id, ()))
        if climb and not any(self.topics[t].request_kind for t in own):
            # The kinds named beside a topic qualify it: the agent's documents *for a disclosure* (2.5,
            # above the general kit at 2.0, below the agent's own facts at 3.0).
            kind_topics = [t for t, topic in self.topics.items() if topic.request_kind in part.kinds]
            chain += [(t, 2.5) for t in kind_topics if t != topic_id]
        if climb:
            chain += [(a, 2.0 - 0.5 * depth) for depth, a in enumerate(self.understanding.ancestors.get(topic_id, ()))]
            # Last, the facet's home (the contact office answers "whom do I ask" about anything).
            home = self.default_topic.get(facet) if facet else None
            if home in self.topics:
                chain.append((home, 0.5))
        seen: dict[str, float] = {}
        for t, bonus in chain:
            seen.setdefault(t, bonus)
        return list(seen.items())

    @staticmethod
    def _requester_bonus(fact: Fact, requester: str | None) -> float | None:
        if fact.requester is None:
            return 0.0
        if requester is None:
            return 0.3 if fact.requester == "self" else None  # the person is the default requester
        return 1.5 if fact.requester == requester else None

    def lookup(self, topic_id: str, facet: str, part: Part, answer: PartAnswer) -> list[Fact]:
        """The fact(s) answering ``facet`` of ``topic_id`` (several for an overview), or none.

        A general facet (whether, which, why, what then) is the topic's own business: asked of a topic
        with no such fact, it gets the topic's overview rather than a more general fact about something
        else (命に関わるときは？ is answered by the emergency exception, not by the list of purposes)."""
        # A focus topic (the deceased, a missing stamp) answers for itself: its facts, else its overview.
        local = facet in self.local or (topic_id in part.focused and not part.inherited)
        found = self._lookup(topic_id, facet, part, answer, climb=not local)
        if not found and local and facet in self.default_topic:
            # A facet with a home of its own is answered there (郵送なら送り先は？ is the address).
            found = self._lookup(topic_id, facet, part, answer, climb=True)
        if not found and local:  # its own overview before anything above or beside it
            found = self._lookup(topic_id, OVERVIEW, part, answer, climb=False) \
                or self._lookup(topic_id, OVERVIEW, part, answer, climb=True)
        return found

    def _kind_lookup(self, facet: str, part: Part, answer: PartAnswer) -> list[Fact]:
        kind_topics = [t for t, topic in self.topics.items() if topic.request_kind in part.kinds]
        for topic_id in kind_topics:
            found = self._lookup(topic_id, facet, part, answer, climb=False)
            if found:
                return found
        return []

    def _lookup(self, topic_id: str, facet: str, part: Part, answer: PartAnswer, climb: bool) -> list[Fact]:
        scored: list[tuple[float, int, Fact, str]] = []
        for order, (topic, bonus) in enumerate(self._chain(topic_id, part, climb, facet)):
            for fact in self.by_topic.get(topic, ()):
                if facet not in fact.facets:
                    continue
                if facet == OVERVIEW and fact.topic != topic:
                    continue  # an overview is a topic's own facts, not those it is "also" about
                requester = self._requester_bonus(fact, part.requester)
                if requester is None or (fact.kind and part.kinds and fact.kind not in part.kinds):
                    continue
                if fact.kind:
                    requester += 1.0 if fact.kind in part.kinds else -1.0  # the correction's form, not any
                score = bonus + requester + 0.1 * fact.priority - (0.5 if fact.topic != topic else 0.0)
                scored.append((score, order, fact, topic))
        scored.sort(key=lambda item: (-item[0], item[1]))
        seen = set()
        for score, _order, fact, _topic in scored:
            if fact.id not in seen:
                seen.add(fact.id)
                answer.candidates.append(Candidate(topic_id, facet, fact.id, round(score, 2)))
        if not scored:
            return []
        if facet != OVERVIEW:
            return [scored[0][2]]
        level = scored[0][3]
        same = {fact.id: fact for score, _o, fact, topic in scored if topic == level}
        return list(same.values())[:MAX_OVERVIEW]

    def _procedure_thing(self, topic_id: str) -> bool:
        """A thing of the request procedure (an ID, a form, an enclosure), not a kind or who asks."""
        topic = self.topics[topic_id]
        return not topic.request_kind and not topic.requester and topic.scope == "policy" \
            and "request" in self.understanding.ancestors.get(topic_id, ())

    # ----- one part ---------------------------------------------------------------------------------
    def resolve(self, part: Part, data_mentioned: bool, named: tuple[str, ...] = ()) -> PartAnswer:
        """The answer of one part; ``named`` are the topics of the whole question (a part about the
        police is still a privacy question when another part asks about giving information away)."""
        answer = PartAnswer(part)
        answer.blocked_by = self.blocking(part, data_mentioned, named)
        if answer.blocked_by:
            answer.declined.append((answer.blocked_by, part.facets[0] if part.facets else OVERVIEW))
            return answer
        if part.actor is not None:
            # Another party handles the data itself (my employer gives my salary data away): its own rules.
            answer.blocked_by = part.actor or None
            answer.declined.append((part.actor, part.facets[0] if part.facets else OVERVIEW))
            return answer
        # An action outside the policy asked of a topic (renewing a passport, a shop to recommend) makes
        # the whole part about it: 参加証の再発行をお願いしたいんですが、できますか？ is not "can I contact you".
        ruled = [(t, f) for f in part.facets if self.facet_kind.get(f) == "logistics" for t in part.topics
                 if f in self._declined_facets(t)]
        if ruled:
            answer.declined.extend(ruled[:1])
            answer.ruled_out = True
            return answer
        # (a service named beside a more specific topic still counts: 求人の履歴書は郵送と持参どちら？)
        service = next((t for t in (*part.topics, *part.strongly_named) if self.topics[t].scope == "service"), None)
        if service and not part.kinds and any(t == "request" or "request" in self.understanding.ancestors.get(t, ())
                                              for t in part.topics) \
                and not self._privacy_named(service, part, data_mentioned, named):
            # The form or documents *of a seminar* (セミナーの申込書): the service's paperwork, not a request's.
            answer.declined.append((service, part.facets[0] if part.facets else OVERVIEW))
            return answer
        if part.defaulted and part.unknown:
            answer.declined.append(("", part.facets[0] if part.facets else OVERVIEW))
            return answer
        vague = set(part.facets or (OVERVIEW,)) <= self.auxiliary | {OVERVIEW}
        english = len([w for w in part.unknown if w.isascii()])
        japanese = len(part.unknown) - english
        outside = all(self.topics[t].scope != "policy" for t in part.topics) and not self._privacy_named(
            part.topics[0], part, data_mentioned, named) if part.topics else False
        english = len([w for w in part.unknown if w.isascii() and "'" not in w])
        if part.topics and ((vague and part.unknown_after) or part.unknown_modifiers
                            or (not part.specific and (japanese or english >= 2))
                            or (outside and vague and (japanese or english))):
            # (Beside a service alone, any unknown word is what is asked: セミナーの申し込みをキャンセル.)
            # What is asked about is a word nothing knows (IDを黒塗りしてもいい？, インフルが流行ってる):
            # the policy does not speak to it, whether it is a privacy point or not.
            answer.unknown_subject = True
            return answer
        # Who asks comes before the request asked for: 代理人でも開示請求できますか is answered by the
        # agent's fact, and the disclosure's own "yes, you can" would only repeat it. (Beside a document,
        # the agent only qualifies it: 代理人の身分証 is the agent's ID.)
        # A service named beside a privacy topic is what the data is about (相談した内容が会社にバレる):
        # its own overview (what it uses data for) answers only when nothing else does.
        kinds_only = all(self.topics[t].request_kind or self.topics[t].requester for t in part.topics)
        ordered = sorted(part.topics, key=lambda t: (not (self.topics[t].requester and kinds_only),
                                                    self.topics[t].scope == "service"))
        for facet in part.facets or (OVERVIEW,):
            found = False
            by_requester = False
            failure: tuple[str, str, str] | None = None
            before = len(answer.facts)
            from_kinds: list[str] = []  # facts a request kind itself gave for this facet
            from_things = False  # a thing of the procedure (the ID, the form) answered this facet
            for topic_id in ordered:
                if by_requester and self.topics[topic_id].request_kind:
                    continue
                if found and facet == OVERVIEW and self.topics[topic_id].scope == "service":
                    continue
                if not self.covered(topic_id, facet, part, data_mentioned, named):
                    # Still answered for a request kind named beside it (実印…手数料は？ after 開示請求).
                    facts = self._kind_lookup(facet, part, answer) if facet in self.topics[topic_id].decline_facets else []
                    if facts:
                        found = True
                        answer.facts.extend(f for f in facts if f.id not in {a.id for a in answer.facts})
                    else:
                        failure = failure or ("declined", topic_id, facet)
                    continue
                facts = self.lookup(topic_id, facet, part, answer)
                if not facts and self.topics[topic_id].scope != "policy" and self._privacy_named(
                        topic_id, part, data_mentioned, named):
                    # With personal data named, what the policy says of a service is what the data is used
                    # for, and of the employer, that it gets nothing without consent.
                    facts = self._lookup(topic_id, OVERVIEW, part, answer, climb=False)
                if facts:
                    found = True
                    by_requester = by_requester or bool(self.topics[topic_id].requester)
                    if self.topics[topic_id].request_kind:
                        from_kinds += [f.id for f in facts]
                    elif self._procedure_thing(topic_id):
                        from_things = True
                    answer.facts.extend(f for f in facts if f.id not in {a.id for a in answer.facts})
                else:
                    failure = failure if failure and failure[0] == "silent" else ("silent", topic_id, facet)
            # A request kind named beside a thing of the procedure only qualifies it: 開示の用紙はどれ asks
            # for the disclosure's form (a fact of that kind), not which disclosures are refused.
            qualified = [f for f in answer.facts[before:] if f.kind and f.kind in part.kinds and f.id not in from_kinds]
            # 「<kind>の請求で身分証は何が使える？」 asks which ID, for that kind: not which requests of it
            if qualified or (from_things and facet in ("which", "possible")):
                answer.facts[before:] = [f for f in answer.facts[before:] if f.id not in from_kinds or f.kind]
            if not found and failure:
                (answer.silent if failure[0] == "silent" else answer.declined).append(failure[1:])
        return answer
