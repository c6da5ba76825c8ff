"""The postal kit: what an applicant mails, where, and what happens next, built from the knowledge base."""

from __future__ import annotations

from dataclasses import replace

from bot.core.messages import Reply, SourceRef, TicketInfo
from bot.wording import say
from intake.models import Ticket
from intake.status import status_label
from knowledge.models import KnowledgeBase


class Links:
    """Public URLs the applicant is given (status page, forms)."""

    def __init__(self, base_url: str):
        self.base = base_url.rstrip("/")

    def status_page(self, reference: str) -> str:
        return f"{self.base}/requests/{reference}"

    def blank_form(self, form_key: str) -> str:
        return f"{self.base}/forms/{form_key}.docx"

    def filled_form(self, reference: str) -> str:
        return f"{self.base}/requests/{reference}/form.docx"


def ticket_info(kb: KnowledgeBase, ticket: Ticket, lang: str, links: Links, access_code: str | None) -> TicketInfo:
    """Everything the applicant needs about a ticket, in ``lang``."""
    kind = kb.requests.kind(ticket.kind)
    form = kb.requests.form(kind.form)
    contact, org = kb.meta.contact, kb.meta.organization
    return TicketInfo(
        reference=ticket.reference,
        access_code=access_code,
        status=ticket.status,
        status_label=status_label(ticket.status, lang),
        kind=kind.key,
        kind_label=kind.name(lang),
        requester=ticket.requester,
        fee_yen=ticket.fee_yen,
        form_name=form.name(lang),
        form_url=form.url or links.blank_form(form.key),
        checklist=[item.label(lang) for item in ticket.checklist],
        mail_to=contact.postal_block(lang, org),
        status_url=links.status_page(ticket.reference),
        filled_form_url=links.filled_form(ticket.reference),
    )


def kit_text(info: TicketInfo, lang: str) -> str:
    """The kit as plain text (chat bubble, Slack DM, terminal)."""
    lines = [say("chat.ticket_created", lang), ""]
    lines.append(f"{say('kit.reference', lang)}: {info.reference}")
    if info.access_code:
        lines.append(f"{say('kit.access_code', lang)}: {info.access_code}")
    lines += ["", f"{say('kit.enclose', lang)}:"]
    lines += [f"・{item}" for item in info.checklist]
    if info.fee_yen == 0:
        lines.append(say("kit.no_fee", lang))
    lines.append(f"{say('kit.form_download', lang)}: {info.form_url}")
    if info.filled_form_url:
        lines.append(say("kit.filled_form_where", lang))
    lines += ["", f"{say('kit.mail_to', lang)}:", info.mail_to, ""]
    lines.append(say("kit.next", lang, reference=info.reference, url=info.status_url))
    return "\n".join(lines)


def kit_reply(kb: KnowledgeBase, ticket: Ticket, lang: str, links: Links, access_code: str) -> Reply:
    """The reply sent once the ticket's transaction committed."""
    info = ticket_info(kb, ticket, lang, links, access_code)
    info = replace(info, next_step=say("kit.next_card", lang, reference=info.reference))
    kind = kb.requests.kind(ticket.kind)
    sources = [SourceRef(s, kb.section_title(s, lang)) for s in dict.fromkeys([*kind.sources, kb.requests.mail_source])]
    return Reply(text=kit_text(info, lang), sources=sources, kind="ticket", lang=lang, ticket=info)
