"""Running one unit of work at the edge: one transaction per incoming message or request.

Transient conflicts (two messages on one conversation at once, a PostgreSQL serialization failure
or deadlock) are retried from the start; a database that cannot be reached becomes
:class:`DatabaseUnavailable`, which the front ends turn into a clear "try again later" (HTTP 503).
Nothing is half-written either way: the transaction commits whole or not at all.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bot.core.messages import IncomingMessage, Turn

if TYPE_CHECKING:
    from bot.context import AppContext

logger = logging.getLogger(__name__)
T = TypeVar("T")

RETRIES = 4
# PostgreSQL SQLSTATEs worth retrying: serialization failure, deadlock.
RETRYABLE_SQLSTATES = {"40001", "40P01"}


class DatabaseUnavailable(Exception):
    """The database could not be reached or did not answer; nothing was written."""


class UnstorableInput(Exception):
    """The database refused a value as data (e.g. a NUL character in text): the caller's input is at fault."""


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, StaleDataError | IntegrityError):
        return True
    if isinstance(exc, DBAPIError):
        sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
        return sqlstate in RETRYABLE_SQLSTATES
    return False


def in_transaction(ctx: AppContext, work: Callable[[Session], T]) -> T:
    """Run ``work(session)`` in its own transaction, retrying transient conflicts; commit before returning."""
    for attempt in range(RETRIES):
        try:
            with ctx.transaction() as session:
                return work(session)
        except DataError as exc:
            logger.info("input refused by the database: %s", type(exc.orig).__name__)
            raise UnstorableInput(str(type(exc.orig).__name__)) from exc
        except (StaleDataError, DBAPIError) as exc:
            if _retryable(exc) and attempt + 1 < RETRIES:
                logger.info("transient database conflict (%s); retrying", type(exc).__name__)
                time.sleep(0.01 * (2**attempt))
                continue
            if isinstance(exc, OperationalError) or (isinstance(exc, DBAPIError) and exc.connection_invalidated):
                logger.error("database unavailable: %s", type(exc.orig if isinstance(exc, DBAPIError) else exc).__name__)
                raise DatabaseUnavailable(str(type(exc).__name__)) from exc
            raise
    raise DatabaseUnavailable("too many conflicts")  # pragma: no cover - loop always returns or raises


def run_turn(ctx: AppContext, message: IncomingMessage,
             also: Callable[[Session, Turn], None] | None = None) -> Turn:
    """Handle one chat message in one transaction; deliver queued notices after the commit.

    ``also(session, turn)`` runs in the same transaction after the core (e.g. the web chat's transcript).
    """
    def work(session: Session) -> Turn:
        turn = ctx.core.handle(session, message)
        if also is not None:
            also(session, turn)
        return turn

    turn = in_transaction(ctx, work)
    if turn.created_tickets:
        ctx.dispatcher.kick()
    return turn
