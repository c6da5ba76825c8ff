"""The secretariat's work queue: listing and filtering tickets, the CSV export, and the everyday edits
on one ticket (enclosure checklist, internal notes, assignment) and the sweep of expired deadlines.

Like every ``intake`` module these take the caller's session and never commit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from intake import audit, notify
from intake.db import utcnow
from intake.errors import Refusal
from intake.models import Note, Staff, Ticket
from intake.requests import control_character
from intake.status import OPEN_STATUSES, Outcome, Status
from intake.tickets import IntakeConfig, canonical_reference
from intake.workflow import CHECKLIST_EDITABLE, CLOCK_RUNNING, Move, NotAllowed, apply_move, is_overdue
from knowledge.models import KnowledgeBase

MAX_ROWS = 500
MAX_NOTE_CHARS = 4000
MAX_AMOUNT_YEN = 1_000_000


class InvalidEdit(Refusal, ValueError):
    """The input itself is wrong (HTTP 422), e.g. the fee's enclosure ticked without the amount received."""


@dataclass(frozen=True)
class QueueFilter:
    """What the queue shows: ``status`` "open" (default), "all" or one status; the rest narrow it."""

    status: str = "open"
    kind: str | None = None
    overdue: bool = False
    assignee_id: int | None = None  # "assigned to me"
    reference: str | None = None  # part of a reference, any case


def _filtered(query: Select, flt: QueueFilter, now: dt.datetime) -> Select:
    if flt.status == "open":
        query = query.where(Ticket.status.in_([s.value for s in OPEN_STATUSES]))
    elif flt.status != "all":
        query = query.where(Ticket.status == flt.status)
    if flt.kind:
        query = query.where(Ticket.kind == flt.kind)
    if flt.overdue:
        query = query.where(Ticket.status.in_([s.value for s in CLOCK_RUNNING]), Ticket.due_at < now)
    if flt.assignee_id is not None:
        query = query.where(Ticket.assignee_id == flt.assignee_id)
    if flt.reference:
        query = query.where(Ticket.reference.contains(flt.reference.strip().upper(), autoescape=True))
    return query


def list_tickets(session: Session, flt: QueueFilter, *, now: dt.datetime | None = None,
                 limit: int = MAX_ROWS) -> list[Ticket]:
    """Tickets matching ``flt``, those due soonest first (tickets without a running clock last)."""
    now = now or utcnow()
    query = _filtered(select(Ticket), flt, now)
    running = Ticket.status.in_([s.value for s in CLOCK_RUNNING])
    query = query.order_by(running.desc(), Ticket.due_at, Ticket.created_at, Ticket.id).limit(limit)
    return list(session.scalars(query))


def count_overdue(session: Session, *, now: dt.datetime | None = None) -> int:
    """How many tickets the secretariat holds past their internal target date."""
    query = _filtered(select(func.count()).select_from(Ticket), QueueFilter(overdue=True), now or utcnow())
    return int(session.scalar(query) or 0)


def load_ticket(session: Session, reference: str, *, for_update: bool = False) -> Ticket | None:
    """One ticket with its checklist, notes and history loaded (None for an unknown reference)."""
    canonical = canonical_reference(reference)
    if canonical is None:
        return None
    query = select(Ticket).where(Ticket.reference == canonical).options(
        selectinload(Ticket.checklist), selectinload(Ticket.notes), selectinload(Ticket.events))
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).first()


def set_checklist_item(session: Session, ticket: Ticket, key: str, checked: bool, actor: str, *,
                       received_amount_yen: int | None = None, now: dt.datetime | None = None) -> bool:
    """Tick or untick one enclosure (the fee's needs the amount received); returns True if anything changed.

    Raises ``KeyError`` for an unknown item, :class:`NotAllowed` once identity is verified, and
    :class:`InvalidEdit` for an amount that makes no sense.
    """
    item = next((i for i in ticket.checklist if i.key == key), None)
    if item is None:
        raise KeyError(key)
    if ticket.status not in CHECKLIST_EDITABLE:
        raise NotAllowed("errors.checklist_locked")
    amount = received_amount_yen
    if item.amount_yen is None:
        if amount is not None:
            raise InvalidEdit("errors.no_amount")
    elif checked:
        if amount is None:
            raise InvalidEdit("errors.amount_needed", item=item.label)
        if not 0 <= amount <= MAX_AMOUNT_YEN:
            raise InvalidEdit("errors.amount_range", max=MAX_AMOUNT_YEN)
    else:
        amount = None
    now = now or utcnow()
    changed = False
    if item.checked != checked:
        audit.record(session, ticket, actor, "checklist", f"checklist.{key}", item.checked, checked)
        item.checked, changed = checked, True
        item.checked_at, item.checked_by = (now, actor) if checked else (None, None)
    if item.received_amount_yen != amount:
        audit.record(session, ticket, actor, "checklist", f"checklist.{key}.received_amount_yen",
                     item.received_amount_yen, amount)
        item.received_amount_yen, changed = amount, True
    if changed:
        ticket.updated_at = now
    return changed


def add_note(session: Session, ticket: Ticket, author: str, text: str) -> Note:
    """Add an internal note (never shown to the applicant); the trail records that it was added."""
    text = text.strip()
    if not text:
        raise InvalidEdit("errors.note_empty")
    if len(text) > MAX_NOTE_CHARS:
        raise InvalidEdit("errors.note_too_long", max=MAX_NOTE_CHARS)
    found = control_character(text, multiline=True)
    if found:  # refused, not dropped: the note is kept exactly as written or not at all
        raise InvalidEdit("errors.note_control", found=found)
    note = Note(ticket=ticket, author=author, text=text)
    session.add(note)
    session.flush()
    # The note may hold personal details, so the trail points to it instead of copying it.
    audit.record(session, ticket, author, "note", "notes", None, f"note #{note.id}")
    ticket.updated_at = utcnow()
    return note


def assign(session: Session, ticket: Ticket, staff: Staff | None, actor: str) -> None:
    """Give the ticket to ``staff`` (or release it with None), whoever held it before."""
    new = staff.email if staff else None
    if ticket.assigned_to == new and ticket.assignee_id == (staff.id if staff else None):
        return
    audit.record(session, ticket, actor, "assigned", "assigned_to", ticket.assigned_to, new)
    ticket.assigned_to, ticket.assignee_id = new, staff.id if staff else None
    ticket.updated_at = utcnow()


def expire_deadlines(session: Session, kb: KnowledgeBase, *, config: IntakeConfig | None = None,
                     notices: notify.NoticeOptions | None = None, now: dt.datetime | None = None,
                     actor: str = "system:expire") -> list[str]:
    """Close as withdrawn every deficient file whose applicant deadline passed; returns their references."""
    now = now or utcnow()
    expired = session.scalars(
        select(Ticket).where(Ticket.status == Status.WAITING_FOR_APPLICANT.value, Ticket.applicant_deadline <= now)
        .options(selectinload(Ticket.checklist)).order_by(Ticket.id).with_for_update()
    ).all()
    for ticket in expired:
        apply_move(session, kb, ticket, Move(Status.CLOSED, Outcome.WITHDRAWN), actor,
                   config=config, notices=notices, now=now)
    return [t.reference for t in expired]


# ----- CSV ------------------------------------------------------------------------------------------
CSV_COLUMNS = ("reference", "kind", "requester", "status", "outcome", "refusal_ground", "fee_yen", "channel",
               "assigned_to", "created_at", "received_at", "due_at", "applicant_deadline", "closed_at", "overdue")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A cell a spreadsheet will not run as a formula: text starting with = + - @ gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def queue_csv(tickets: Iterable[Ticket], *, timezone: str, now: dt.datetime | None = None) -> str:
    """The queue as CSV: facts about each request only, no names, contacts or free text."""
    now = now or utcnow()
    tz = ZoneInfo(timezone)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for ticket in tickets:
        row: Sequence[object] = [
            ticket.reference, ticket.kind, ticket.requester, ticket.status, ticket.outcome, ticket.refusal_ground,
            ticket.fee_yen, ticket.channel, ticket.assigned_to,
            _local(ticket.created_at, tz), _local(ticket.received_at, tz),
            # The internal target runs from receipt of the mail: no due date before that (as on the ticket page).
            _local(ticket.due_at, tz) if ticket.received_at else None,
            _local(ticket.applicant_deadline, tz), _local(ticket.closed_at, tz),
            "yes" if is_overdue(ticket, now) else "no",
        ]
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def _local(value: dt.datetime | None, tz: ZoneInfo) -> str | None:
    return value.astimezone(tz).isoformat(timespec="minutes") if value else None
