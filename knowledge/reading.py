"""What one reading of a question holds: its parts, each with its topics and facets."""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.lexicon import Mention


@dataclass(frozen=True)
class Part:
    """One part of a question: what it is about and what it asks."""

    text: str
    topics: tuple[str, ...]
    facets: tuple[str, ...]
    kinds: tuple[str, ...] = ()
    requester: str | None = None
    defaulted: bool = False  # no topic was named: the facet's default topic stands in
    unknown: tuple[str, ...] = ()
    mentioned: tuple[str, ...] = ()  # every topic named, before more specific ones replaced their ancestors
    unknown_things: tuple[str, ...] = ()  # unknown Japanese nouns proper (黒塗り, not チェック or "stuff")
    specific: bool = True  # some topic was named by a specific word, not only by weak or general ones
    inherited: bool = False  # the topics are those of the part before (送り先は？ after 開示の手数料は？)
    unknown_after: tuple[str, ...] = ()  # unknown nouns after the last topic word: what is asked (IDの黒塗り)
    unknown_modifiers: tuple[str, ...] = ()  # unknown words a topic word is about (バナー広告, 交通費の申請)
    focused: tuple[str, ...] = ()  # focus topics named by a specific word (the part is about them)
    weak_only: bool = False  # every cue of the part is weak (来なくて): it adds nothing to the part before
    data_named: bool = False  # personal data is named in the part by a specific word (個人情報, my data)
    strongly_named: tuple[str, ...] = ()  # topics named by a specific word in the part (or what it follows)
    actor: str | None = None  # another party that handles the data itself ("" when no topic names it)


@dataclass(frozen=True)
class Reading:
    """Everything understood of one question."""

    text: str
    mentions: tuple[Mention, ...]
    parts: tuple[Part, ...]
    data_mentioned: bool
    intents: dict[str, tuple[Mention, ...]] = field(default_factory=dict)
    unknown: tuple[str, ...] = ()

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for part in self.parts for t in part.topics))

    @property
    def facets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for part in self.parts for f in part.facets))
