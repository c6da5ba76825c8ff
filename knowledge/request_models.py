"""How requests are made, as the policy prescribes: kinds, forms, enclosures, fees, and how each kind ends.

Per kind of request the data says which form it uses, what it costs and which enclosure pays the fee
(``fee_paid_with``), which outcomes a decision on it can record and which sections a refusal may cite
(``refusal_grounds``). Per policy it says where to mail, which section returns the documents of a file
not completed in time (``withdrawal_source``) and which allows an alternative measure. ``kb check``
verifies every cross-reference (``knowledge.procedure_check``); the workflow reads these rules and
writes none of its own.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from knowledge.lang import Localized
from knowledge.procedure import Outcome
from knowledge.strict import StrictModel

RequesterType = Literal["self", "agent"]


class Form(StrictModel, Localized):
    """A request form the applicant downloads, fills in and mails."""

    key: str
    name_ja: str
    name_en: str
    url: str | None = Field(
        default=None, description="Where the organisation publishes the blank form; None if Madoguchi serves it"
    )
    template: str | None = Field(default=None, description="Optional .docx template file, relative to the data dir")

    def name(self, lang: str) -> str:
        return self.localized("name", lang)


class Enclosure(StrictModel, Localized):
    """One thing to put in the envelope. Labels may use {form_ja}, {form_en} and {fee_yen}."""

    key: str
    label_ja: str
    label_en: str
    applies: Literal["always", "fee"] = "always"
    accepted_ids: list[str] = Field(default_factory=list, description="ID documents of which one copy is accepted")
    source: str


class ChecklistLine(StrictModel, Localized):
    """One enclosure for a concrete request (labels filled in); the back office ticks these off."""

    key: str
    label_ja: str
    label_en: str
    amount_yen: int | None = None
    accepted_ids: list[str] = Field(default_factory=list)
    source: str

    def label(self, lang: str) -> str:
        return self.localized("label", lang)


class RequestKind(StrictModel, Localized):
    """A kind of request (開示, 訂正, ...) with the form and fee the policy prescribes for it, and how it ends."""

    key: str
    name_ja: str
    name_en: str
    form: str
    fee_yen: int = Field(ge=0)
    fee_source: str
    fee_paid_with: str | None = Field(
        default=None, description="Key of the enclosure (applies: fee) that pays the fee; needed when there is one")
    sources: list[str] = Field(min_length=1)
    outcomes: list[Outcome] = Field(min_length=1, description="What a decision on a request of this kind can be")
    refusal_grounds: list[str] = Field(
        default_factory=list, description="Sections a refusal (or a partial disclosure) of this kind may rest on")
    synonyms: list[str] = Field(default_factory=list)
    interpretation: str | None = None

    def name(self, lang: str) -> str:
        """The kind's name in ``lang`` (開示 / disclosure)."""
        return self.localized("name", lang)


class RequestRules(StrictModel, Localized):
    """How requests are made: kinds, forms, what to enclose per requester type, where to mail, how they end."""

    kinds: list[RequestKind] = Field(min_length=1)
    forms: list[Form] = Field(min_length=1)
    enclosures: dict[RequesterType, list[Enclosure]]
    payment_ja: str
    payment_en: str
    mail_source: str
    forms_source: str | None = Field(default=None, description="The section that publishes the forms")
    withdrawal_source: str = Field(
        description="The section under which a deficient file not completed in time is treated as not made "
        "and the documents are returned")
    alternative_measure_source: str | None = Field(
        default=None, description="The section that allows an alternative measure when a stop is not feasible")
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
            if enclosure.applies == "fee" and not pays_fee(kind, enclosure):
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

    def payment(self, lang: str) -> str:
        """How the fee is paid, as a sentence (手数料は郵便切手でお支払いいただきます…)."""
        return self.localized("payment", lang)


def pays_fee(kind: RequestKind, enclosure: Enclosure) -> bool:
    """Whether ``enclosure`` (applies: fee) is how ``kind``'s fee is paid: never for a free kind."""
    return kind.fee_yen > 0 and kind.fee_paid_with in (None, enclosure.key)
