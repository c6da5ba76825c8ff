"""Finding a ticket by reference and access code, with DB-backed throttling of wrong guesses.

Shared by every applicant-facing look-up (status API and page, pre-filled form download) so they all
count failures under the same keys: a guesser gains nothing by switching endpoints. A wrong code
answers exactly like an unknown reference (404).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy.orm import Session

from bot.units import in_transaction
from bot.web.deps import client_ip
from intake import throttle
from intake.models import Ticket
from intake.tickets import find_for_applicant

T = TypeVar("T")

NOT_FOUND = {"detail": "No request with this reference and access code. / 該当するご請求が見つかりません。"}
TOO_MANY = {"detail": "Too many attempts; please wait. / 試行回数が多すぎます。"}


def throttle_keys(request: Request, reference: str) -> list[str]:
    """Failures are counted per client address and per reference."""
    return [f"code-ip:{client_ip(request)}", f"code-ref:{reference.strip().upper()[:40]}"]


def lookup_ticket(
    ctx: Any, request: Request, reference: str, code: str | None, on_found: Callable[[Session, Ticket], T]
) -> tuple[int, T | dict[str, Any], float]:
    """(status, body, retry_after): 200 with ``on_found(session, ticket)``, 404 or 429; one transaction."""
    keys = throttle_keys(request, reference)

    def work(session: Session) -> tuple[int, T | dict[str, Any], float]:
        wait = max(throttle.retry_after(session, key) for key in keys)
        if wait > 0:
            return 429, TOO_MANY, wait
        ticket = find_for_applicant(session, reference, code or "") if code else None
        if ticket is None:
            for key in keys:
                throttle.register_failure(session, key)
            return 404, NOT_FOUND, 0.0
        return 200, on_found(session, ticket), 0.0

    return in_transaction(ctx, work)
