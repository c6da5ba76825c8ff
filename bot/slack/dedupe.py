"""Slack retries: an event is handled once, whichever process gets which copy.

Slack resends an event it thinks was not acknowledged in time (``X-Slack-Retry-Num``), and two
server processes (or an HTTP server and a Socket Mode worker) may each receive a copy. The first
process to insert the ``event_id`` into ``processed_events`` handles it; the insert commits before
any slow work starts, and the database's unique key, not a check-then-insert, decides the winner.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import BoltResponse

from bot.units import in_transaction
from intake import events

if TYPE_CHECKING:
    from bot.context import AppContext

logger = logging.getLogger(__name__)
SOURCE = "slack"


def first_time(ctx: AppContext, event_id: str) -> bool:
    """Record ``event_id``; True only for the one caller whose insert created the row (committed on return)."""
    return in_transaction(ctx, lambda session: events.first_time(session, SOURCE, event_id))


def middleware(ctx: AppContext) -> Callable[..., Any]:
    """A Bolt global middleware that acknowledges and drops events already handled."""

    def skip_seen_events(body: dict[str, Any], next: Callable[[], Any]) -> Any:  # noqa: A002 - Bolt's name
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not first_time(ctx, str(event_id)):
            logger.info("Slack event %s already handled; acknowledged without processing", event_id)
            return BoltResponse(status=200, body="")
        return next()

    return skip_seen_events
