"""Ticket statuses and outcomes, shared by intake, the workflow, the back office and the front ends.

The outcomes are the knowledge data's vocabulary (``knowledge.procedure.Outcome``: the request rules
name them); the statuses are the workflow's own. Their wording lives in the message catalog
(``status.<status>`` for the applicant, ``staff.status.<status>`` for the secretariat).
"""

from __future__ import annotations

from enum import StrEnum

from knowledge.language import catalog
from knowledge.procedure import Outcome

__all__ = ["OPEN_STATUSES", "Outcome", "Status", "status_label"]


class Status(StrEnum):
    """Where a ticket is in its life, from intake to the final notice."""

    OPENED = "opened"  # created by chat/API; the applicant has the postal kit
    AWAITING_MAIL = "awaiting_mail"  # acknowledged by the secretariat, waiting for the envelope
    RECEIVED = "received"  # the mail arrived; the receipt date starts the clock
    WAITING_FOR_APPLICANT = "waiting_for_applicant"  # something missing; the applicant has a deadline
    VERIFIED = "verified"  # identity (and fee, where one applies) checked
    DECIDED = "decided"  # outcome recorded
    NOTIFIED = "notified"  # the applicant was told the outcome
    CLOSED = "closed"


OPEN_STATUSES = frozenset(s for s in Status if s is not Status.CLOSED)


def status_label(status: str, lang: str) -> str:
    """A short label for the applicant in ``lang`` (the raw value for a status the catalog does not know)."""
    key = f"status.{status}"
    return catalog().text(key, lang) if catalog().has(key) else status
