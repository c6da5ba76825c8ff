"""Periodic housekeeping in every long-running process: the retention purge and the deadline sweep.

Each job runs in its own transaction; running the same job in several processes at once is safe
(the jobs are idempotent and skip rows another process has locked).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from intake.queue import expire_deadlines
from intake.retention import PurgeReport, RetentionPolicy, purge

if TYPE_CHECKING:
    from bot.context import AppContext
    from bot.settings import Settings

logger = logging.getLogger(__name__)

Job = Callable[[Session], object]


def retention_policy(settings: Settings) -> RetentionPolicy:
    """The retention policy configured for this deployment."""
    return RetentionPolicy(
        closed_ticket_personal_data=dt.timedelta(days=settings.retention_days),
        idle_conversation=dt.timedelta(hours=settings.conversation_ttl_hours),
        idempotent_replies=dt.timedelta(hours=settings.conversation_ttl_hours),
    )


def run_purge(ctx: AppContext) -> PurgeReport:
    """Apply the retention policy once (``madoguchi purge`` and the periodic job)."""
    with ctx.transaction() as session:
        return purge(session, retention_policy(ctx.settings))


class Maintenance:
    """Runs registered jobs every ``interval`` in a daemon thread."""

    def __init__(self, ctx: AppContext, interval: dt.timedelta):
        self.ctx = ctx
        self.interval = interval
        self.jobs: dict[str, Job] = {
            "retention": lambda s: purge(s, retention_policy(ctx.settings)),
            # Deficient files whose applicant deadline passed close as withdrawn; also `staff expire`.
            "deadlines": lambda s: expire_deadlines(s, ctx.kb, config=ctx.intake_config, notices=ctx.notice_options()),
        }
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> None:
        """Run every job once, each in its own transaction; then deliver the notices they queued."""
        for name, job in list(self.jobs.items()):
            try:
                with self.ctx.transaction() as session:
                    result = job(session)
                if result:
                    logger.info("maintenance %s: %s", name, result)
            except Exception:  # one failing job must not stop the others or the process
                logger.exception("maintenance job %s failed", name)
        self.ctx.dispatcher.kick()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="maintenance", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.wait(self.interval.total_seconds()):
            self.run_once()
