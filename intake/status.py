"""Ticket statuses and outcomes, shared by intake, the workflow, the back office and the front ends."""

from __future__ import annotations

from enum import StrEnum


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


class Outcome(StrEnum):
    """What was decided (Ⅳ–Ⅵ), or how the request ended without a decision."""

    DISCLOSED = "disclosed"
    PARTIALLY_DISCLOSED = "partially_disclosed"
    REFUSED = "refused"
    CORRECTED = "corrected"
    ADDED = "added"  # information added (追加, Ⅶ.3/Ⅹ)
    DELETED = "deleted"
    STOPPED = "stopped"
    ALTERNATIVE_MEASURE = "alternative_measure"
    NOTICE_GIVEN = "notice_given"  # purpose of use notified
    WITHDRAWN = "withdrawn"  # deficient file not completed in time; documents returned (Ⅶ.3)
    CANCELLED = "cancelled"


OPEN_STATUSES = frozenset(s for s in Status if s is not Status.CLOSED)

STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.OPENED: ("受付（郵送待ち）", "Opened (please mail the documents)"),
    Status.AWAITING_MAIL: ("書類の到着待ち", "Waiting for your documents"),
    Status.RECEIVED: ("書類を受領しました", "Documents received"),
    Status.WAITING_FOR_APPLICANT: ("書類の不足があります", "Something is missing"),
    Status.VERIFIED: ("本人確認済み・審査中", "Identity verified, under review"),
    Status.DECIDED: ("決定済み（通知準備中）", "Decided (notice being prepared)"),
    Status.NOTIFIED: ("結果を通知しました", "Outcome notified"),
    Status.CLOSED: ("完了", "Closed"),
}


def status_label(status: str, lang: str) -> str:
    """A short label for the applicant, in Japanese or English."""
    ja, en = STATUS_LABELS.get(Status(status), (status, status))
    return ja if lang == "ja" else en
