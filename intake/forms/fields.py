"""What goes on a form: a plain snapshot of a ticket (or of a blank form) and the knowledge base facts.

The snapshot is taken inside the database transaction and rendered after it, so building the .docx
never holds a transaction open. It is also the single source of the template placeholders.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from intake.forms.labels import CHECKED, TICK_BOX, UNCHECKED, Labels
from intake.models import Ticket
from knowledge.models import KnowledgeBase, RequesterType

# The enclosure whose label explains how the power of attorney must be signed (requests.yaml key).
POWER_OF_ATTORNEY_KEY = "power_of_attorney"
# Characters XML 1.0 cannot carry; python-docx would refuse them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value: str | None) -> str:
    return _XML_INVALID.sub("", value or "")


@dataclass(frozen=True)
class KindBox:
    """One request kind the form covers, ticked or not."""

    name_ja: str
    name_en: str
    ticked: bool


@dataclass(frozen=True)
class EnclosureGroup:
    """Enclosure lines; ``heading`` names the requester type on a blank form (None on a ticket's form)."""

    heading: str | None
    lines: tuple[str, ...]


@dataclass(frozen=True)
class FormData:
    """Everything printed on one form. Empty strings are left blank for the applicant to write in."""

    form_key: str
    template: str | None
    title: str
    title_en: str
    organization: str
    organization_en: str
    office: str
    org_address: str
    policy_title: str
    policy_title_en: str
    date: str
    reference: str
    kinds: tuple[KindBox, ...]
    requester: RequesterType | None
    name: str
    affiliation: str
    email: str
    postal_address: str
    agent_name: str
    details: str
    enclosures: tuple[EnclosureGroup, ...]
    fee: str
    poa_note: str
    labels: Labels

    @property
    def is_blank(self) -> bool:
        return not self.reference

    @property
    def needs_power_of_attorney(self) -> bool:
        """A power-of-attorney page goes with agent requests, and with blank forms (anyone may need it)."""
        return self.requester != "self"

    def kind_line(self) -> str:
        """One ☑/☐ line per request kind the form covers."""
        return "\n".join(f"{CHECKED if k.ticked else UNCHECKED} {k.name_ja}" for k in self.kinds)

    def requester_line(self) -> str:
        """☑/☐ 本人　☑/☐ 代理人."""
        return "　".join(
            f"{CHECKED if self.requester == key else UNCHECKED} {self.labels.ja(key)}" for key in ("self", "agent")
        )

    def placeholders(self) -> dict[str, str]:
        """Values of every template placeholder (knowledge.form_templates.KNOWN_PLACEHOLDERS)."""
        ticked = "・".join(k.name_ja for k in self.kinds if k.ticked)
        reply = "\n".join(part for part in (self.email, self.postal_address) if part)
        enclosure_lines: list[str] = []
        for group in self.enclosures:
            if group.heading:
                enclosure_lines.append(group.heading)
            enclosure_lines += [f"{TICK_BOX} {line}" for line in group.lines]
        return {
            "title": self.title, "title_en": self.title_en, "organization": self.organization,
            "office": self.office, "org_address": self.org_address, "policy_title": self.policy_title,
            "date": self.date, "reference": self.reference, "kind": ticked, "kind_checkboxes": self.kind_line(),
            "requester": self.labels.ja(self.requester) if self.requester else "", "requester_checkboxes": self.requester_line(),
            "name": self.name, "affiliation": self.affiliation, "email": self.email,
            "postal_address": self.postal_address, "reply_address": reply, "agent_name": self.agent_name,
            "details": self.details, "enclosures": "\n".join(enclosure_lines), "fee": self.fee,
        }


def japanese_date(day: dt.date) -> str:
    """2026年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _common(kb: KnowledgeBase, form_key: str) -> dict[str, object]:
    form = kb.requests.form(form_key)
    meta, contact = kb.meta, kb.meta.contact
    return {
        "form_key": form.key, "template": form.template, "title": form.name_ja, "title_en": form.name_en,
        "organization": meta.organization.name_ja, "organization_en": meta.organization.name_en,
        "office": contact.office_ja, "org_address": contact.postal_block("ja", meta.organization),
        "policy_title": meta.title_ja, "policy_title_en": meta.title_en,
    }


def _poa_note(kb: KnowledgeBase, form_key: str) -> str:
    kind = next(k for k in kb.requests.kinds if k.form == form_key)
    lines = kb.requests.checklist(kind.key, "agent")
    return next((line.label_ja for line in lines if line.key == POWER_OF_ATTORNEY_KEY), "")


def from_ticket(kb: KnowledgeBase, ticket: Ticket, labels: Labels, *, timezone: str = "Asia/Tokyo") -> FormData:
    """The form of a ticket, filled in from its fields and its stored checklist labels."""
    try:
        form_key = kb.requests.form(ticket.form_key).key
    except KeyError:  # the form was renamed in the data since the ticket was opened
        form_key = kb.requests.kind(ticket.kind).form
    kinds = tuple(KindBox(k.name_ja, k.name_en, k.key == ticket.kind) for k in kb.requests.kinds if k.form == form_key)
    stamps = [item.label_ja for item in ticket.checklist if item.amount_yen]
    created = ticket.created_at.astimezone(ZoneInfo(timezone)).date()
    requester: RequesterType = "agent" if ticket.requester == "agent" else "self"
    return FormData(
        **_common(kb, form_key),  # type: ignore[arg-type]
        date=japanese_date(created),
        reference=ticket.reference,
        kinds=kinds,
        requester=requester,
        name=_clean(ticket.name),
        affiliation=_clean(ticket.organization),
        email=_clean(ticket.email),
        postal_address=_clean(ticket.postal_address),
        agent_name=_clean(ticket.agent_name),
        details=_clean(ticket.details),
        enclosures=(EnclosureGroup(None, tuple(item.label_ja for item in ticket.checklist)),),
        fee=stamps[0] if stamps else labels.ja("no_fee"),
        poa_note=_poa_note(kb, form_key) if requester == "agent" else "",
        labels=labels,
    )


def blank(kb: KnowledgeBase, form_key: str, labels: Labels) -> FormData:
    """The blank form for people who do not use the chat: nothing ticked, enclosures for both requester
    types; a line that only some of the form's kinds need says which (e.g. the stamps)."""
    kinds = [k for k in kb.requests.kinds if k.form == form_key]
    if not kinds:
        raise KeyError(form_key)
    groups = []
    for requester in ("self", "agent"):
        by_label: dict[str, list[str]] = {}
        for kind in kinds:
            for line in kb.requests.checklist(kind.key, requester):  # type: ignore[arg-type]
                by_label.setdefault(line.label_ja, []).append(kind.name_ja)
        lines = tuple(
            label if len(names) == len(kinds) else label + labels.ja("only_for").format(kinds="・".join(names))
            for label, names in by_label.items()
        )
        groups.append(EnclosureGroup(labels.ja(f"enclosures_{requester}"), lines))
    free = all(kind.fee_yen == 0 for kind in kinds)
    return FormData(
        **_common(kb, form_key),  # type: ignore[arg-type]
        date="", reference="", kinds=tuple(KindBox(k.name_ja, k.name_en, False) for k in kinds), requester=None,
        name="", affiliation="", email="", postal_address="", agent_name="", details="",
        enclosures=tuple(groups), fee=labels.ja("no_fee") if free else "", poa_note=_poa_note(kb, form_key),
        labels=labels,
    )
