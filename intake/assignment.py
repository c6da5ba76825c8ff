"""Claiming a ticket: exactly one claimant wins, even when two click at the same moment."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.orm import Session

from intake import audit
from intake.db import utcnow
from intake.models import Ticket


@dataclass(frozen=True)
class ClaimResult:
    """``won`` is True if this call assigned the ticket; ``holder`` is who has it now."""

    won: bool
    holder: str | None


def claim(session: Session, reference: str, who: str, *, staff_id: int | None = None) -> ClaimResult | None:
    """Assign the ticket to ``who`` unless someone already has it; None if the reference is unknown.

    A single conditional UPDATE decides the race in the database itself, so it holds across
    processes: of two simultaneous claims, one updates the row and the other sees zero rows changed.
    """
    result = session.execute(
        update(Ticket)
        .where(Ticket.reference == reference, Ticket.assigned_to.is_(None))
        .values(assigned_to=who, assignee_id=staff_id, updated_at=utcnow(), version=Ticket.version + 1)
        .execution_options(synchronize_session=False)
    )
    ticket = session.query(Ticket).filter_by(reference=reference).populate_existing().one_or_none()
    if ticket is None:
        return None
    if result.rowcount == 1:  # type: ignore[attr-defined]
        audit.record(session, ticket, who, "claimed", "assigned_to", None, who)
        return ClaimResult(True, who)
    return ClaimResult(ticket.assigned_to == who, ticket.assigned_to)
