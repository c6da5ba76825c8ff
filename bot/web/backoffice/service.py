"""Back-office operations shared by the staff pages and the staff API.

Each operation is one transaction (``in_transaction``: retried on conflicts, committed whole or not at
all) and raises :class:`Problem` with the HTTP status to answer: 404 unknown reference or item, 409 a
move or edit the workflow does not allow (or a ticket someone else holds), 422 bad input.
After a commit that queued notices, the dispatcher is kicked so they go out at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from bot.context import AppContext
from bot.units import in_transaction
from bot.web.backoffice import views
from bot.web.backoffice.auth import StaffUser
from intake import assignment, queue, workflow
from intake import staff as accounts
from intake.db import utcnow
from intake.errors import Refusal
from intake.models import Ticket
from intake.status import Outcome, Status

T = TypeVar("T")
logger = logging.getLogger(__name__)


class Problem(Exception):
    """An operation refused: ``status_code`` and why (``reason``, shown in the reader's language;
    ``message``: every language, as the staff API answers)."""

    def __init__(self, status_code: int, reason: Refusal | str, **values: object):
        self.status_code = status_code
        self.reason = reason if isinstance(reason, Refusal) else Refusal(reason, **values)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.reason.in_every_language()


NOT_FOUND = "errors.no_ticket"


def run(ctx: AppContext, work: Callable[[Session], T]) -> T:
    """Run ``work`` in one transaction, translating domain refusals into :class:`Problem`."""
    try:
        return in_transaction(ctx, work)
    except workflow.NotAllowed as exc:
        raise Problem(409, exc) from None
    except (queue.InvalidEdit, accounts.AccountError) as exc:
        raise Problem(422, exc) from None


def ticket_of(session: Session, reference: str, *, for_update: bool = False) -> Ticket:
    """The ticket with this reference, loaded with everything the back office shows; 404 if none."""
    ticket = queue.load_ticket(session, reference, for_update=for_update)
    if ticket is None:
        raise Problem(404, NOT_FOUND)
    return ticket


def list_queue(ctx: AppContext, flt: queue.QueueFilter) -> tuple[list[dict[str, Any]], int]:
    """Queue rows for ``flt`` and the number of overdue tickets."""
    now = utcnow()

    def work(session: Session) -> tuple[list[dict[str, Any]], int]:
        rows = [views.summary(ctx.kb, t, now) for t in queue.list_tickets(session, flt, now=now)]
        return rows, queue.count_overdue(session, now=now)

    return run(ctx, work)


def export_csv(ctx: AppContext, flt: queue.QueueFilter) -> str:
    """The filtered queue as CSV (no personal data, no free text)."""
    return run(ctx, lambda s: queue.queue_csv(queue.list_tickets(s, flt), timezone=ctx.settings.timezone))


def ticket_detail(ctx: AppContext, reference: str) -> dict[str, Any]:
    """Everything about one ticket for staff."""
    return run(ctx, lambda s: views.detail(ctx.kb, ticket_of(s, reference), utcnow()))


def parse_move(to: str, outcome: str | None, ground: str | None) -> workflow.Move:
    """A :class:`workflow.Move` from raw strings; unknown values are a 422."""
    try:
        return workflow.Move(Status(to), Outcome(outcome) if outcome else None, ground or None)
    except ValueError:
        raise Problem(422, "errors.unknown_move") from None


def move(ctx: AppContext, user: StaffUser, reference: str, request: workflow.Move,
         note: str | None = None) -> dict[str, Any]:
    """Move a ticket (and add the accompanying note) in one transaction; returns the updated ticket."""
    def work(session: Session) -> dict[str, Any]:
        ticket = ticket_of(session, reference, for_update=True)
        options = ctx.notice_options()
        result = workflow.apply_move(session, ctx.kb, ticket, request, user.email, config=ctx.intake_config,
                                     notices=options)
        if result.notice is not None and ticket.email and options.email_channel is None:
            # Otherwise nobody learns that the applicant was not e-mailed (the reference is not personal data).
            logger.warning("notice for %s (%s) was not e-mailed: MADOGUCHI_SMTP_URL is not set; it is shown on the "
                           "status page only", ticket.reference, result.new.value)
        if note and note.strip():
            queue.add_note(session, ticket, user.email, note)
        session.flush()
        return views.detail(ctx.kb, ticket, utcnow())

    result = run(ctx, work)
    ctx.dispatcher.kick()
    return result


def tick(ctx: AppContext, user: StaffUser, reference: str, key: str, checked: bool,
         amount: int | None) -> dict[str, Any]:
    """Tick or untick one checklist item."""
    def work(session: Session) -> dict[str, Any]:
        ticket = ticket_of(session, reference, for_update=True)
        try:
            queue.set_checklist_item(session, ticket, key, checked, user.email, received_amount_yen=amount)
        except KeyError:
            raise Problem(404, "errors.no_checklist_item") from None
        session.flush()
        return views.detail(ctx.kb, ticket, utcnow())

    return run(ctx, work)


def tick_many(ctx: AppContext, user: StaffUser, reference: str, ticked: set[str],
              amounts: dict[str, int | None]) -> None:
    """Save the whole checklist form at once (only the items that changed are recorded)."""
    def work(session: Session) -> None:
        ticket = ticket_of(session, reference, for_update=True)
        for item in list(ticket.checklist):
            checked = item.key in ticked
            amount = amounts.get(item.key) if item.amount_yen is not None else None
            if not checked and item.amount_yen is not None:
                amount = None
            if checked == item.checked and amount == item.received_amount_yen:
                continue
            queue.set_checklist_item(session, ticket, item.key, checked, user.email, received_amount_yen=amount)

    run(ctx, work)


def add_note(ctx: AppContext, user: StaffUser, reference: str, text: str) -> dict[str, Any]:
    """Add an internal note."""
    def work(session: Session) -> dict[str, Any]:
        note = queue.add_note(session, ticket_of(session, reference, for_update=True), user.email, text)
        return {"id": note.id, "author": note.author, "text": note.text, "at": note.created_at.isoformat()}

    return run(ctx, work)


def claim(ctx: AppContext, user: StaffUser, reference: str) -> str:
    """Claim the ticket for ``user``; 409 naming the holder if someone else has it."""
    def work(session: Session) -> str:
        ticket = ticket_of(session, reference)
        result = assignment.claim(session, ticket.reference, user.email, staff_id=user.id)
        if result is None:
            raise Problem(404, NOT_FOUND)
        if not result.won:
            raise Problem(409, "errors.claimed_by", holder=result.holder)
        return user.email

    return run(ctx, work)


def assign(ctx: AppContext, user: StaffUser, reference: str, email: str | None) -> str | None:
    """Give the ticket to an active staff member, or release it (``email`` None)."""
    def work(session: Session) -> str | None:
        ticket = ticket_of(session, reference, for_update=True)
        target = None
        if email:
            target = accounts.get_staff(session, email)
            if target is None or not target.active:
                raise Problem(422, "errors.no_active_staff")
        queue.assign(session, ticket, target, user.email)
        return target.email if target else None

    return run(ctx, work)


def expire(ctx: AppContext, *, now: dt.datetime | None = None) -> list[str]:
    """Close expired deficient files as withdrawn (see ``madoguchi staff expire``)."""
    closed = run(ctx, lambda s: queue.expire_deadlines(s, ctx.kb, config=ctx.intake_config,
                                                       notices=ctx.notice_options(), now=now))
    if closed:
        ctx.dispatcher.kick()
    return closed
