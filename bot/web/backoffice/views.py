"""Tickets as plain data for the staff pages and the staff API (one shape for both), and staff-facing labels."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from intake import workflow
from intake.models import Staff, Ticket
from intake.status import STATUS_LABELS, Outcome, Status
from knowledge.models import KnowledgeBase

OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.DISCLOSED: "開示 / disclosed",
    Outcome.PARTIALLY_DISCLOSED: "一部開示 / partially disclosed",
    Outcome.REFUSED: "応じない（不開示等） / refused",
    Outcome.CORRECTED: "訂正 / corrected",
    Outcome.ADDED: "追加 / added",
    Outcome.DELETED: "削除・消去 / deleted",
    Outcome.STOPPED: "利用停止・提供停止 / stopped",
    Outcome.ALTERNATIVE_MEASURE: "代替措置 / alternative measure",
    Outcome.NOTICE_GIVEN: "利用目的を通知 / purpose notified",
    Outcome.WITHDRAWN: "期限切れ・書類返送 / withdrawn (documents returned)",
    Outcome.CANCELLED: "取下げ / cancelled",
}
MOVE_LABELS: dict[Status, str] = {
    Status.AWAITING_MAIL: "郵送待ちにする / Acknowledge: await the mail",
    Status.RECEIVED: "書類を受領 / Mark received",
    Status.WAITING_FOR_APPLICANT: "不足あり・申請者に連絡 / Deficient: ask the applicant",
    Status.VERIFIED: "本人確認済み / Mark verified",
    Status.DECIDED: "決定を記録 / Record the decision",
    Status.NOTIFIED: "結果を通知 / Send the outcome notice",
    Status.CLOSED: "終了 / Close",
}


def status_text(status: str) -> str:
    """Bilingual staff label of a status."""
    ja, en = STATUS_LABELS.get(Status(status), (status, status))
    return f"{ja} / {en}"


def outcome_text(outcome: str | None) -> str:
    return OUTCOME_LABELS.get(Outcome(outcome), outcome) if outcome else ""


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def local_time(value: str | None, timezone: str, *, date_only: bool = False) -> str:
    """An ISO timestamp shown in the deployment's time zone ('' for none)."""
    if not value:
        return ""
    local = dt.datetime.fromisoformat(value).astimezone(ZoneInfo(timezone))
    return local.strftime("%Y-%m-%d" if date_only else "%Y-%m-%d %H:%M")


def summary(kb: KnowledgeBase, ticket: Ticket, now: dt.datetime) -> dict[str, Any]:
    """The non-personal facts of a ticket (queue rows, API lists)."""
    try:
        kind = kb.requests.kind(ticket.kind)
        kind_label = f"{kind.name_ja} / {kind.name_en}"
    except KeyError:
        kind_label = ticket.kind
    return {
        "reference": ticket.reference, "kind": ticket.kind, "kind_label": kind_label,
        "requester": ticket.requester, "status": ticket.status, "status_label": status_text(ticket.status),
        "outcome": ticket.outcome, "outcome_label": outcome_text(ticket.outcome),
        "refusal_ground": ticket.refusal_ground, "fee_yen": ticket.fee_yen, "channel": ticket.channel,
        "assigned_to": ticket.assigned_to, "created_at": _iso(ticket.created_at),
        "received_at": _iso(ticket.received_at), "due_at": _iso(ticket.due_at),
        "applicant_deadline": _iso(ticket.applicant_deadline), "closed_at": _iso(ticket.closed_at),
        "overdue": workflow.is_overdue(ticket, now),
    }


def detail(kb: KnowledgeBase, ticket: Ticket, now: dt.datetime) -> dict[str, Any]:
    """Everything staff see on the ticket page: contact, checklist, notes, history and the possible moves."""
    data = summary(kb, ticket, now)
    data["applicant"] = {
        "name": ticket.name, "email": ticket.email, "postal_address": ticket.postal_address,
        "organization": ticket.organization, "agent_name": ticket.agent_name, "details": ticket.details,
        "lang": ticket.lang, "purged": ticket.personal_data_purged_at is not None,
    }
    data["checklist"] = [
        {"key": i.key, "label_ja": i.label_ja, "label_en": i.label_en, "amount_yen": i.amount_yen,
         "received_amount_yen": i.received_amount_yen, "checked": i.checked, "checked_at": _iso(i.checked_at),
         "checked_by": i.checked_by}
        for i in ticket.checklist
    ]
    data["checklist_editable"] = ticket.status in workflow.CHECKLIST_EDITABLE
    data["deficiencies"] = [
        {"key": d.key, "label_ja": d.label_ja, "label_en": d.label_en, "shortfall_yen": d.shortfall_yen}
        for d in workflow.deficiencies(ticket)
    ]
    data["notes"] = [{"id": n.id, "author": n.author, "text": n.text, "at": _iso(n.created_at)} for n in ticket.notes]
    data["history"] = [
        {"at": _iso(e.at), "actor": e.actor, "action": e.action, "field": e.field, "old": e.old_value,
         "new": e.new_value}
        for e in ticket.events
    ]
    data["moves"] = moves(kb, ticket)
    return data


def moves(kb: KnowledgeBase, ticket: Ticket) -> list[dict[str, Any]]:
    """The moves the workflow offers from the current status, with the choices each one needs."""
    result = []
    for target in workflow.allowed_targets(ticket.status):
        move: dict[str, Any] = {"to": target.value, "label": MOVE_LABELS[target], "outcomes": [], "grounds": []}
        if target is Status.DECIDED:
            move["outcomes"] = [{"value": o.value, "label": OUTCOME_LABELS[o]}
                                for o in workflow.outcomes_for(ticket.kind)]
            move["grounds"] = [{"value": g, "label": f"{g} {kb.section_title(g, 'ja')}"}
                               for g in workflow.grounds_for(ticket.kind)]
        elif target is Status.CLOSED and ticket.status != Status.NOTIFIED:
            closing = [Outcome.CANCELLED]
            if ticket.status == Status.WAITING_FOR_APPLICANT:
                closing.insert(0, Outcome.WITHDRAWN)
            move["outcomes"] = [{"value": o.value, "label": OUTCOME_LABELS[o]} for o in closing]
        result.append(move)
    return result


def staff_row(staff: Staff) -> dict[str, Any]:
    """An account as shown to admins (never the password hash)."""
    return {"id": staff.id, "email": staff.email, "role": staff.role, "active": staff.active,
            "lang": staff.lang, "created_at": _iso(staff.created_at)}
