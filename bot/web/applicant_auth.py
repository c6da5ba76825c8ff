"""Finding a ticket by reference and access code, with DB-backed throttling of wrong guesses.

Shared by every applicant-facing look-up (status API and page, pre-filled form download, and the chat's
status look-up, see ``bot.core.status``) so they all count failures under the same keys: a guesser gains
nothing by switching endpoints. A wrong code answers exactly like an unknown reference (404).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy.orm import Session

from bot.context import AppContext
from bot.units import in_transaction
from bot.web.deps import client_ip
from bot.wording import in_every_language
from intake import throttle
from intake.models import Ticket
from intake.tickets import find_for_applicant

T = TypeVar("T")

NOT_FOUND = {"detail": in_every_language("web.no_request", " / ")}
TOO_MANY = {"detail": in_every_language("web.too_many_attempts", " / ")}


def throttle_guard(request: Request, reference: str) -> throttle.Guard:
    """Failures are counted per (reference, client address) and per client address."""
    return throttle.guard("code", reference.strip().upper()[:40], client_ip(request))


def lookup_ticket(
    ctx: AppContext, request: Request, reference: str, code: str | None, on_found: Callable[[Session, Ticket], T]
) -> tuple[int, T | dict[str, Any], float]:
    """(status, body, retry_after): 200 with ``on_found(session, ticket)``, 404 or 429; one transaction.

    The code is checked even while the client is throttled: with ~79 bits a code cannot be guessed, so
    the right one is always accepted (an applicant behind the guesser's address is never shut out); a
    wrong one then gets 429 instead of 404 and keeps the wait growing.
    """
    guard = throttle_guard(request, reference)

    def work(session: Session) -> tuple[int, T | dict[str, Any], float]:
        wait = guard.wait(session)
        ticket = find_for_applicant(session, reference, code or "")
        if ticket is not None:
            guard.succeed(session)
            return 200, on_found(session, ticket), 0.0
        guard.fail(session)
        if wait > 0:
            return 429, TOO_MANY, wait
        return 404, NOT_FOUND, 0.0

    return in_transaction(ctx, work)
