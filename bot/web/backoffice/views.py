"""Tickets as plain data for the staff pages and the staff API (one shape for both), and staff-facing labels."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from bot.wording import in_every_language
from intake import workflow
from intake.models import Staff, Ticket
from intake.status import Outcome, Status, status_label
from knowledge.lang import LANGUAGES
from knowledge.language import catalog
from knowledge.models import KnowledgeBase


def status_text(status: str) -> str:
    """The applicant's label of a status in every language (the staff API's ``status_label``)."""
    return " / ".join(status_label(status, lang) for lang in LANGUAGES)


def outcome_text(outcome: str | None) -> str:
    """The staff label of an outcome in every language (the staff API's ``outcome_label``)."""
    if not outcome:
        return ""
    key = f"staff.outcome.{outcome}"
    return in_every_language(key, " / ") if catalog().has(key) else outcome


def move_text(status: Status) -> str:
    """The label of a move in every language (the staff API's ``moves[].label``)."""
    return in_every_language(f"staff.move.{status.value}", " / ")


def kind_text(kb: KnowledgeBase, kind_key: str) -> str:
    """A request kind's name in every language (its key, should the data no longer have it)."""
    try:
        kind = kb.requests.kind(kind_key)
    except KeyError:
        return kind_key
    return " / ".join(kind.name(lang) for lang in LANGUAGES)


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
    return {
        "reference": ticket.reference, "kind": ticket.kind, "kind_label": kind_text(kb, ticket.kind),
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
        move: dict[str, Any] = {"to": target.value, "label": move_text(target), "outcomes": [], "grounds": []}
        if target is Status.DECIDED:
            move["outcomes"] = [{"value": o.value, "label": outcome_text(o.value)}
                                for o in workflow.outcomes_for(kb, ticket.kind)]
            move["grounds"] = [{"value": g, "label": " / ".join(f"{g} {kb.section_title(g, lang)}" for lang in LANGUAGES)}
                               for g in workflow.grounds_for(kb, ticket.kind)]
        elif target is Status.CLOSED and ticket.status != Status.NOTIFIED:
            closing = [Outcome.CANCELLED]
            if ticket.status == Status.WAITING_FOR_APPLICANT:
                closing.insert(0, Outcome.WITHDRAWN)
            move["outcomes"] = [{"value": o.value, "label": outcome_text(o.value)} for o in closing]
        result.append(move)
    return result


def staff_row(staff: Staff) -> dict[str, Any]:
    """An account as shown to admins (never the password hash)."""
    return {"id": staff.id, "email": staff.email, "role": staff.role, "active": staff.active,
            "lang": staff.lang, "created_at": _iso(staff.created_at)}
