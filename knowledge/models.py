"""The knowledge base schema: pydantic models for the policy data files under ``knowledge/data``.

Every policy fact (amounts, addresses, document and form names, which form for which request) lives in
the YAML files; these models only describe their shape and check that they hang together. Another
organisation's policy is a new data directory validated by the same models.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator, model_validator

from knowledge.fact_models import Fact, Topic
from knowledge.strict import StrictModel
from knowledge.taught_models import TaughtQuestion

Lang = Literal["ja", "en"]
RequesterType = Literal["self", "agent"]


class Organization(StrictModel):
    name_ja: str
    name_en: str


class Contact(StrictModel):
    """Where requests and questions go. ``phone`` is None when the policy publishes none."""

    office_ja: str
    office_en: str
    postal_code: str
    address_ja: str
    address_en: str
    email: str
    phone: str | None = None

    def postal_block(self, lang: Lang, organization: Organization) -> str:
        """The mailing address as it should be written on an envelope."""
        if lang == "ja":
            return f"〒{self.postal_code} {self.address_ja}\n{organization.name_ja} {self.office_ja}"
        return f"{organization.name_en}, {self.office_en}\n{self.address_en} {self.postal_code}, Japan"


class PolicyMeta(StrictModel):
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


class Entry(StrictModel):
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

    def title(self, lang: Lang) -> str:
        return self.title_ja if lang == "ja" else self.title_en


class Section(StrictModel):
    """A numbered section of the policy (Ⅰ–Ⅺ), with its sub-sections and items as entries."""

    id: str
    title_ja: str
    title_en: str
    policy_text: str
    entries: list[Entry] = Field(min_length=1)


class Form(StrictModel):
    """A request form the applicant downloads, fills in and mails."""

    key: str
    name_ja: str
    name_en: str
    url: str | None = Field(
        default=None, description="Where the organisation publishes the blank form; None if Madoguchi serves it"
    )
    template: str | None = Field(default=None, description="Optional .docx template file, relative to the data dir")


class Enclosure(StrictModel):
    """One thing to put in the envelope. Labels may use {form_ja}, {form_en} and {fee_yen}."""

    key: str
    label_ja: str
    label_en: str
    applies: Literal["always", "fee"] = "always"
    accepted_ids: list[str] = Field(default_factory=list, description="ID documents of which one copy is accepted")
    source: str


class ChecklistLine(StrictModel):
    """One enclosure for a concrete request (labels filled in); the back office ticks these off."""

    key: str
    label_ja: str
    label_en: str
    amount_yen: int | None = None
    accepted_ids: list[str] = Field(default_factory=list)
    source: str

    def label(self, lang: Lang) -> str:
        return self.label_ja if lang == "ja" else self.label_en


class RequestKind(StrictModel):
    """A kind of request (開示, 訂正, ...) with the form and fee the policy prescribes for it."""

    key: str
    name_ja: str
    name_en: str
    form: str
    fee_yen: int = Field(ge=0)
    fee_source: str
    sources: list[str] = Field(min_length=1)
    synonyms: list[str] = Field(default_factory=list)
    interpretation: str | None = None


class RequestRules(StrictModel):
    """How requests are made: kinds, forms, what to enclose per requester type, where to mail."""

    kinds: list[RequestKind] = Field(min_length=1)
    forms: list[Form] = Field(min_length=1)
    enclosures: dict[RequesterType, list[Enclosure]]
    payment_ja: str
    payment_en: str
    mail_source: str
    forms_source: str | None = Field(default=None, description="The section that publishes the forms")
    interpretation: str | None = None

    @model_validator(mode="after")
    def _forms_exist(self) -> RequestRules:
        form_keys = {f.key for f in self.forms}
        for kind in self.kinds:
            if kind.form not in form_keys:
                raise ValueError(f"kind {kind.key!r}: unknown form {kind.form!r} (known: {sorted(form_keys)})")
        missing = {"self", "agent"} - set(self.enclosures)
        if missing:
            raise ValueError(f"enclosures: missing requester type(s) {sorted(missing)}")
        return self

    def checklist(self, kind_key: str, requester: RequesterType) -> list[ChecklistLine]:
        """What the applicant encloses for this kind of request, in mailing order, labels filled in."""
        kind = self.kind(kind_key)
        form = self.form(kind.form)
        values = {"form_ja": form.name_ja, "form_en": form.name_en, "fee_yen": f"{kind.fee_yen:,}"}
        lines = []
        for enclosure in self.enclosures[requester]:
            if enclosure.applies == "fee" and kind.fee_yen == 0:
                continue
            lines.append(
                ChecklistLine(
                    key=enclosure.key,
                    label_ja=enclosure.label_ja.format(**values),
                    label_en=enclosure.label_en.format(**values),
                    amount_yen=kind.fee_yen if enclosure.applies == "fee" else None,
                    accepted_ids=enclosure.accepted_ids,
                    source=enclosure.source,
                )
            )
        return lines

    def kind(self, key: str) -> RequestKind:
        for kind in self.kinds:
            if kind.key == key:
                return kind
        raise KeyError(key)

    def form(self, key: str) -> Form:
        for form in self.forms:
            if form.key == key:
                return form
        raise KeyError(key)


class OutOfScope(StrictModel):
    """Topics the bot must decline (weather, payroll, IT help, a harassment case itself)."""

    id: str
    examples_ja: list[str] = Field(default_factory=list)
    examples_en: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    reply_ja: str | None = Field(default=None, description="A more specific decline than the default one")
    reply_en: str | None = None


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

    def section_title(self, section_id: str, lang: Lang) -> str:
        """Title for a citable id such as ``Ⅶ.3`` or ``Ⅳ(1)``: the entry's own title, else its section's."""
        for entry in self.all_entries():
            if entry.id == section_id and entry.kind in ("section", "item"):
                return entry.title(lang)
        root = section_id.split(".")[0].split("(")[0]
        for section in self.sections:
            if section.id == root:
                return section.title_ja if lang == "ja" else section.title_en
        return section_id
