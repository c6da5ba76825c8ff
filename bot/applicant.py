"""The applicant's view of a ticket (status, checklist, next step), shared by the API, page and chat."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core.kit import Links, ticket_info
from bot.wording import say
from intake.models import Ticket
from intake.tickets import notices_of
from knowledge.models import KnowledgeBase


def applicant_view(kb: KnowledgeBase, links: Links, session: Session, ticket: Ticket, lang: str,
                   timezone: str = "Asia/Tokyo") -> dict[str, Any]:
    """JSON-ready view of a ticket for the person who holds its access code (no staff notes).

    Each notice carries ``date``, its day in the deployment's time zone, which is the day its text names.
    """
    tz = ZoneInfo(timezone)
    info = ticket_info(kb, ticket, lang, links, access_code=None)
    form = kb.requests.form(kb.requests.kind(ticket.kind).form)
    notices = notices_of(session, ticket)
    return {
        "reference": ticket.reference,
        "status": ticket.status,
        "status_label": info.status_label,
        "kind": ticket.kind,
        "kind_label": info.kind_label,
        "requester": ticket.requester,
        "fee_yen": ticket.fee_yen,
        "form": {"name": info.form_name, "url": form.url or links.blank_form(form.key)},
        # The pre-filled form (POSTed with the access code); gone once the personal data is purged.
        "filled_form_action": None if ticket.personal_data_purged_at else f"/requests/{ticket.reference}/form.docx",
        "checklist": [
            {"key": item.key, "label": item.label(lang), "amount_yen": item.amount_yen, "received": item.checked}
            for item in ticket.checklist
        ],
        "next_step": say(f"next_step.{ticket.status}", lang),
        "applicant_deadline": ticket.applicant_deadline.isoformat() if ticket.applicant_deadline else None,
        "notices": [{"at": n.at.isoformat(), "date": n.at.astimezone(tz).date().isoformat(), "status": n.status,
                     "text": n.text(lang)} for n in notices],
        "mail_to": info.mail_to,
        "created_at": ticket.created_at.isoformat(),
        "updated_at": ticket.updated_at.isoformat(),
    }
