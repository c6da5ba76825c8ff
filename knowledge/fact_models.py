"""The knowledge model at the grain of facts: topics, facets and the facts that answer them.

A question asks a *facet* (cost, documents, where to send, whether it is possible, …) *about a topic*
(a request kind, the agent, the seminars, the client company, …). A :class:`Fact` is one sentence in
each language that answers one or more facets of one topic, with the sections it rests on. Entries,
answers and the postal kit are composed of facts.

Topics belong to the organisation's data (``topics.yaml``); facets are generic language resources
(``knowledge/language/facets.yaml``) shared by every organisation.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from knowledge.lang import Localized, supported
from knowledge.strict import StrictModel

Scope = Literal["policy", "service", "external"]


class Topic(StrictModel, Localized):
    """Something a question can be about, with the words people use for it.

    ``scope`` says what the policy can say about it: ``policy`` topics are privacy matters (a facet
    the policy does not cover gets "the policy does not state it" and the contact); ``service`` topics
    are the organisation's other activities and ``external`` ones are not the organisation's at all
    (the client company's HR files, a lawsuit): only the facets in ``covers`` are privacy questions,
    any other facet is declined with ``pointer`` (where to ask instead). ``decline_facets`` lists the
    facets declined even on a policy topic (where to obtain a seal certificate is the city's matter).
    """

    id: str
    title_ja: str
    title_en: str
    parents: list[str] = Field(default_factory=list)
    scope: Scope = "policy"
    covers: list[str] = Field(default_factory=list)
    decline_facets: list[str] = Field(default_factory=list)
    pointer_ja: str | None = None
    pointer_en: str | None = None
    request_kind: str | None = Field(default=None, description="The request kind this topic names")
    enclosure: str | None = Field(
        default=None, description="The enclosure (requests.yaml key) this topic names, e.g. the one paying the fee")
    requester: Literal["self", "agent"] | None = Field(default=None, description="The requester this topic names")
    terms_ja: list[str] = Field(default_factory=list)
    terms_en: list[str] = Field(default_factory=list)
    weak_terms: list[str] = Field(
        default_factory=list, description="Words that name the topic only when nothing more specific is said"
    )
    blocking: bool = Field(
        default=False, description="A question about it is outside the policy as a whole (a harassment case, "
        "the employer's HR files), unless a topic of exempt_by or personal data is named too",
    )
    exempted_by_data: bool = Field(
        default=True, description="Whether naming personal data makes a question about it a privacy question "
        "(a harassment case: yes; another company's handling of my data: no, that is its own policy's)",
    )
    exempt_by: list[str] = Field(
        default_factory=lambda: ["sharing", "security"],
        description="For an external topic that covers nothing: the topics (with their descendants) that "
        "make a question about it a privacy question after all (パワハラのことを会社に言わないで)",
    )
    party: bool = Field(
        default=False, description="An organisation or person other than the association (the employer, another "
        "company, a public office): the data going *to* it is a question of sharing; it handling data itself "
        "(my employer gives my salary data away, the bureau discloses) is its own business, not this policy's",
    )
    rule_source: bool = Field(
        default=False, description="A body of rules (the law, a foreign regulation): what it says, requires or "
        "defines (個人情報保護法で定められている期限, what does the APPI say about consent) is its own content, "
        "not the policy's; that the association complies with it is the policy's",
    )
    focus: bool = Field(
        default=False, description="Named at all, it is what the question is about (亡くなった人の情報の開示 asks "
        "about the deceased, not about disclosure in general)",
    )
    context_terms: list[str] = Field(
        default_factory=list, description="Words that bring the topic to mind without naming it (教える, hand "
        "over): they make a question about a neighbouring topic a privacy question, never the topic itself",
    )
    composed_of: list[list[str]] = Field(
        default_factory=list,
        description="Combinations that name this topic, as topic and facet ids ('t:sharing', 'f:stop'): "
        "渡すのをストップ is sharing + stop, so it is stopping provision to third parties",
    )

    def title(self, lang: str) -> str:
        return self.localized("title", lang)

    def pointer(self, lang: str) -> str | None:
        return getattr(self, f"pointer_{supported(lang)}")


class Fact(StrictModel):
    """One sentence that answers ``facets`` of ``topic``, in both languages, with its sections.

    ``stated: false`` marks a fact that says the policy is silent (its sentence says so itself);
    only such facts are introduced as "not stated". ``requester`` limits a fact to requests by the
    person or by an agent. ``next`` names facts the person needs after this one (offered after a
    yes/no answer). ``overview`` facts are what a topic's answer says when no facet is asked.
    """

    id: str
    topic: str
    also_topics: list[str] = Field(default_factory=list, description="Other topics this fact answers as well")
    facets: list[str] = Field(min_length=1)
    ja: str
    en: str
    sources: list[str] = Field(min_length=1)
    stated: bool = True
    requester: Literal["self", "agent"] | None = None
    kind: str | None = Field(default=None, description="Only for this request kind (the form of a correction)")
    next: list[str] = Field(default_factory=list)
    priority: int = Field(default=0, description="Higher comes first among the facts of one answer")
    group: str | None = Field(
        default=None, description="Facts of one group and value are merged into one sentence (generated facts)"
    )
    only_taught: bool = Field(
        default=False, description="Never picked by reading a question: only the entries it composes answer with it "
        "(a secretariat-written answer reaches people through its taught questions and \"did you mean\")",
    )

    def text(self, lang: str) -> str:
        return getattr(self, supported(lang))


class Facet(StrictModel, Localized):
    """A kind of thing asked (cost, where to send, …) and the cues that say it is asked.

    ``weak_cues`` count only when no other facet is found in the same part of the question (住所 is
    "where to send" in 住所は？ but the person's own address in 住所は何に使う？). ``default_topic``
    is the topic assumed when the question names none (手数料は？ is about requests)."""

    id: str
    title_ja: str
    title_en: str
    cues_ja: list[str] = Field(default_factory=list)
    cues_en: list[str] = Field(default_factory=list)
    weak_cues: list[str] = Field(default_factory=list)
    default_topic: str | None = None
    kind: Literal["privacy", "procedure", "general", "logistics"] = Field(
        default="procedure",
        description="privacy: about the data itself (purpose, retention), asked of any topic; general: "
        "whether/which/why, a privacy question when personal data is named; logistics: dates, hours, "
        "counts, never a privacy question about a service; procedure: how requests are made",
    )
    anywhere: bool = Field(
        default=False, description="Answered by its default topic whatever the topic (whom to ask about anything)"
    )
    auxiliary: bool = Field(
        default=False, description="Counts only when no other facet is asked (できますか in 手数料はかかりますか)"
    )

    def title(self, lang: str) -> str:
        return self.localized("title", lang)


class IntentCues(StrictModel):
    """Words that say the user wants a flow (start a request, check its status, cancel, …), per language."""

    id: Literal["start_request", "check_status", "cancel", "back", "human", "want"]
    cues_ja: list[str] = Field(default_factory=list)
    cues_en: list[str] = Field(default_factory=list)
    exact: list[str] = Field(default_factory=list, description="Whole messages that mean this intent")
