"""External events already handled (a chat platform's retries), shared by every process."""

from __future__ import annotations

from sqlalchemy.orm import Session

from intake.db import insert_ignoring_conflict
from intake.models import ProcessedEvent


def first_time(session: Session, source: str, event_id: str) -> bool:
    """Record ``event_id`` of ``source``; True only for the one caller whose insert created the row.

    The database's unique key, not a check-then-insert, decides which process handles a copy; the
    caller commits before any slow work starts.
    """
    return insert_ignoring_conflict(session, ProcessedEvent, source=source, event_id=event_id[:128])
