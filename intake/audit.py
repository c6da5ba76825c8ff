"""The append-only audit trail: every change to a ticket (who, when, what, old → new)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from intake.models import PERSONAL_FIELDS, AuditEvent, Ticket

MASK = "(personal data)"


class AuditLogImmutable(Exception):
    """Raised when code tries to change or delete an audit event."""


def record(
    session: Session,
    ticket: Ticket | None,
    actor: str,
    action: str,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
) -> AuditEvent:
    """Append one audit event. Values of personal fields are never copied into the trail."""
    if field in PERSONAL_FIELDS:
        old = MASK if old else None
        new = MASK if new else None
    audit_event = AuditEvent(
        ticket=ticket,
        actor=actor,
        action=action,
        field=field,
        old_value=None if old is None else str(old),
        new_value=None if new is None else str(new),
    )
    session.add(audit_event)
    return audit_event


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(_mapper: Any, _connection: Any, target: AuditEvent) -> None:
    raise AuditLogImmutable(f"audit event {target.id} cannot be changed")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(_mapper: Any, _connection: Any, target: AuditEvent) -> None:
    raise AuditLogImmutable(f"audit event {target.id} cannot be deleted")
