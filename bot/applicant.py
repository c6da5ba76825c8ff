"""The applicant's view of a ticket (status, checklist, next step), shared by the API, page and chat."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.kit import Links, ticket_info
from bot.core.texts import pick
from intake.models import ApplicantMessage, Ticket
from intake.status import Status
from knowledge.models import KnowledgeBase

NEXT_STEPS: dict[str, tuple[str, str]] = {
    Status.OPENED: ("チェックリストの書類を下記の送付先へ郵送してください。", "Please mail the documents on the checklist to the address below."),
    Status.AWAITING_MAIL: ("チェックリストの書類を下記の送付先へ郵送してください。", "Please mail the documents on the checklist to the address below."),
    Status.RECEIVED: ("書類を受領しました。内容とご本人確認を行っています。", "Your documents arrived; we are checking them and your identity."),
    Status.WAITING_FOR_APPLICANT: ("書類に不足があります。事務局からのご連絡をご確認のうえ、期限までにお送りください。",
                                   "Something is missing. Please see the secretariat's notice and send it by the deadline."),
    Status.VERIFIED: ("ご本人確認が済みました。ご請求について対応を進めています。", "Identity verified; your request is being handled."),
    Status.DECIDED: ("対応が決まりました。結果の通知をお待ちください。", "A decision was made; you will be notified."),
    Status.NOTIFIED: ("結果を通知しました。", "You have been notified of the outcome."),
    Status.CLOSED: ("このご請求は完了しました。", "This request is closed."),
}


def applicant_view(kb: KnowledgeBase, links: Links, session: Session, ticket: Ticket, lang: str,
                   timezone: str = "Asia/Tokyo") -> dict[str, Any]:
    """JSON-ready view of a ticket for the person who holds its access code (no staff notes).

    Each notice carries ``date``, its day in the deployment's time zone, which is the day its text names.
    """
    tz = ZoneInfo(timezone)
    info = ticket_info(kb, ticket, lang, links, access_code=None)
    form = kb.requests.form(kb.requests.kind(ticket.kind).form)
    notices = session.scalars(
        select(ApplicantMessage).where(ApplicantMessage.ticket_id == ticket.id).order_by(ApplicantMessage.id)
    ).all()
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
            {"key": item.key, "label": item.label_ja if lang == "ja" else item.label_en,
             "amount_yen": item.amount_yen, "received": item.checked}
            for item in ticket.checklist
        ],
        "next_step": pick(NEXT_STEPS[Status(ticket.status)], lang),
        "applicant_deadline": ticket.applicant_deadline.isoformat() if ticket.applicant_deadline else None,
        "notices": [{"at": n.at.isoformat(), "date": n.at.astimezone(tz).date().isoformat(), "status": n.status,
                     "text": n.text_ja if lang == "ja" else n.text_en} for n in notices],
        "mail_to": info.mail_to,
        "created_at": ticket.created_at.isoformat(),
        "updated_at": ticket.updated_at.isoformat(),
    }
