"""Idempotent POSTs at the web edge: the ``Idempotency-Key`` header (and the chat's ``message_id``).

A client that did not get an answer (a dropped connection, a server killed after its commit) sends the
same request again with the same key and gets the first answer, access code included, instead of a
second ticket. The work and its stored answer are one transaction (see ``intake.idempotency``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from bot.context import AppContext
from bot.units import in_transaction
from bot.web.deps import field_error
from intake import idempotency

HEADER = "Idempotency-Key"
# What a piece of work returns: status, JSON body, and the reference of a ticket it opened (or None).
Outcome = tuple[int, dict[str, Any], str | None]


def key_error(message: str, *, field: str = HEADER, where: str = "header") -> JSONResponse:
    """A 422 naming the header (or body field) that carried an unusable key."""
    return field_error(field, f"{field} {message}", where=where)


def prepare(scope: str, key: str | None, request: Any, *, field: str = HEADER,
            where: str = "header") -> idempotency.Attempt | JSONResponse | None:
    """The keyed attempt, a 422 for an unusable key, or None when no key was sent."""
    if key is None:
        return None
    try:
        return idempotency.attempt(scope, key, request)
    except idempotency.InvalidKey as exc:
        return key_error(str(exc), field=field, where=where)


def run_once(ctx: AppContext, keyed: idempotency.Attempt | None,
             work: Callable[[Session, str | None], Outcome]) -> tuple[int, dict[str, Any]]:
    """Run ``work(session, access_code)`` once per key; a retry gets the stored answer.

    ``access_code`` is the code a ticket opened by the work must get (derived from the key, so the
    replayed answer can show it again without it being stored); None without a key.
    Raises :class:`intake.idempotency.InvalidKey` when the key was used for a different request.
    """
    def transaction(session: Session) -> tuple[int, dict[str, Any]]:
        if keyed is None:
            status, body, _reference = work(session, None)
            return status, body
        stored = idempotency.recall(session, keyed)
        if stored is not None:
            return stored
        salt = idempotency.new_salt()
        status, body, reference = work(session, keyed.access_code(salt))
        idempotency.remember(session, keyed, status, body, reference=reference, salt=salt if reference else None)
        return status, body

    return in_transaction(ctx, transaction)
