"""The knowledge base schema: pydantic models for the policy data files under ``knowledge/data``.

Every policy fact (amounts, addresses, document and form names, which form for which request) lives in
the YAML files; these models only describe their shape and check that they hang together. Another
organisation's policy is a new data directory validated by the same models.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from knowledge.fact_models import Fact, Topic
from knowledge.lang import Lang, Localized, supported
from knowledge.request_models import (
    ChecklistLine,
    Enclosure,
    Form,
    RequesterType,
    RequestKind,
    RequestRules,
)
from knowledge.strict import StrictModel
from knowledge.taught_models import TaughtQuestion

__all__ = ["ChecklistLine", "Enclosure", "Form", "KnowledgeBase", "Lang", "RequestKind", "RequestRules",
           "RequesterType"]


class Organization(StrictModel, Localized):
    name_ja: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.localized("name", lang)


class Contact(StrictModel, Localized):
    """Where requests and questions go. ``phone`` is None when the policy publishes none."""

    office_ja: str
    office_en: str
    postal_code: str
    address_ja: str
    address_en: str
    email: str
    phone: str | None = None

    def office(self, lang: str) -> str:
        return self.localized("office", lang)

    def shown_address(self, lang: str) -> str:
        """The address as an answer shows it: in English the Japanese address, which is what goes on the
        envelope, followed by its romanisation (so people can copy either)."""
        return self.address_ja if lang == "ja" else f"{self.address_ja} ({self.address_en})"

    def postal_block(self, lang: str, organization: Organization, *, inline: bool = False) -> str:
        """The mailing address as it should be written on an envelope (``inline``: on one line)."""
        from knowledge.language import catalog  # the catalog module reads data files through this one

        return catalog().text("postal_block_inline" if inline else "postal_block", lang,
                              postal_code=self.postal_code, address=self.localized("address", lang),
                              organization=organization.name(lang), office=self.office(lang))


class PolicyMeta(StrictModel, Localized):
    """Facts about the policy document itself."""

    title_ja: str
    title_en: str
    organization: Organization
    effective_date: dt.date
    version: str
    source: str = Field(description="File name of the policy text this data was taken from")
    contact: Contact
    forbidden_strings: list[str] = Field(
        default_factory=list,
        description="Template placeholders in the policy text that must never appear in an answer",
    )
    sections: list[str] = Field(
        default_factory=list, description="Ids of every numbered section of the policy; kb check reports missing ones"
    )
    contact_source: str | None = Field(default=None, description="The section that publishes the contact office")
    decline_note_ja: str | None = Field(
        default=None, description="A sentence added to every decline, e.g. where a harassment case itself goes"
    )
    decline_note_en: str | None = None

    def title(self, lang: str) -> str:
        """The policy's own title (プライバシーポリシー), as notices and forms cite it."""
        return self.localized("title", lang)

    def decline_note(self, lang: str) -> str | None:
        return getattr(self, f"decline_note_{supported(lang)}")


class Entry(StrictModel, Localized):
    """One answerable unit: a policy section or item, an FAQ, or a 'the policy does not say' entry.

    Its answer is composed of ``facts`` (ids of :class:`Fact`), in order. ``sources`` are the citable
    section ids (e.g. ``Ⅶ.3``) the entry rests on; a section entry cites itself. ``examples_*`` are
    questions people ask, in every register; ``keywords`` are words (both languages) that point to
    this entry. Entries are what a "did you mean" offers and what staff attach questions to.
    """

    id: str
    kind: Literal["section", "item", "faq", "silent"]
    title_ja: str
    title_en: str
    facts: list[str] = Field(min_length=1)
    sources: list[str] = Field(min_length=1)
    policy_text: str | None = None
    examples_ja: list[str] = Field(default_factory=list)
    examples_en: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    request_kind: str | None = Field(
        default=None, description="Request kind key this entry is about, so the bot can offer to start one"
    )
    interpretation: str | None = Field(
        default=None, description="Where the policy is ambiguous: how this entry reads it, and why"
    )

    def title(self, lang: str) -> str:
        return self.localized("title", lang)


class Section(StrictModel, Localized):
    """A numbered section of the policy (Ⅰ–Ⅺ), with its sub-sections and items as entries."""

    id: str
    title_ja: str
    title_en: str
    policy_text: str
    entries: list[Entry] = Field(min_length=1)

    def title(self, lang: str) -> str:
        return self.localized("title", lang)


class OutOfScope(StrictModel):
    """Topics the bot must decline (weather, payroll, IT help, a harassment case itself)."""

    id: str
    examples_ja: list[str] = Field(default_factory=list)
    examples_en: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    reply_ja: str | None = Field(default=None, description="A more specific decline than the default one")
    reply_en: str | None = None

    def reply(self, lang: str) -> str | None:
        return getattr(self, f"reply_{supported(lang)}")


class Synonym(StrictModel):
    """Words people use for another: a question with one of ``terms`` also counts as saying ``means``."""

    terms: list[str] = Field(min_length=1)
    means: list[str] = Field(min_length=1)
    note: str | None = None


class KnowledgeBase(StrictModel):
    """Everything the bot knows, loaded from one data directory."""

    meta: PolicyMeta
    sections: list[Section]
    faq: list[Entry]
    silent: list[Entry]
    requests: RequestRules
    out_of_scope: list[OutOfScope] = Field(default_factory=list)
    synonyms: list[Synonym] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    taught: list[TaughtQuestion] = Field(default_factory=list)

    @field_validator("faq", "silent")
    @classmethod
    def _kinds_match(cls, entries: list[Entry], info):  # type: ignore[no-untyped-def]
        expected = "faq" if info.field_name == "faq" else "silent"
        for entry in entries:
            if entry.kind != expected:
                raise ValueError(f"entry {entry.id!r} has kind {entry.kind!r}, expected {expected!r}")
        return entries

    def all_entries(self) -> list[Entry]:
        """Every answerable entry, sections first, in file order."""
        entries = [entry for section in self.sections for entry in section.entries]
        return entries + list(self.faq) + list(self.silent)

    def entry(self, entry_id: str) -> Entry:
        for entry in self.all_entries():
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)

    def section_title(self, section_id: str, lang: str) -> str:
        """Title for a citable id such as ``Ⅶ.3`` or ``Ⅳ(1)``: the entry's own title, else its section's."""
        for entry in self.all_entries():
            if entry.id == section_id and entry.kind in ("section", "item"):
                return entry.title(lang)
        root = section_id.split(".")[0].split("(")[0]
        for section in self.sections:
            if section.id == root:
                return section.title(lang)
        return section_id

    def cites(self, section_id: str) -> bool:
        """Whether ``section_id`` is a citable section of the policy (a section, or an entry of one)."""
        return section_id in self.citable_sections()

    def citable_sections(self) -> set[str]:
        """Every id a citation may name: the sections and their section and item entries."""
        return {e.id for e in self.all_entries() if e.kind in ("section", "item")} | {s.id for s in self.sections}
