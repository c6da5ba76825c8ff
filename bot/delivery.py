"""Delivers outbox messages (triage posts, notices to applicants) after the transaction that wrote them committed.

Front ends call :meth:`Dispatcher.kick` after a commit; a background thread then delivers whatever is
due. A topic has one handler (``register``); notices to applicants (``applicant.message``) go to the
delivery registered for their channel (``register_channel``, see ``bot.connector``). A delivery that
fails is retried with backoff (or after the platform's Retry-After); nothing here ever raises into a
request handler. Every database access is a unit of work of ``intake.db.UnitOfWork``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from bot.connector import Notice
from intake import outbox
from intake.db import UnitOfWork

logger = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], None]
Delivery = Callable[[Notice], None]


class RetryLater(Exception):
    """A handler asks for the message to be retried after ``seconds`` (e.g. Slack rate limit)."""

    def __init__(self, message: str, seconds: float | None = None):
        super().__init__(message)
        self.seconds = seconds


class Dispatcher:
    """Routes outbox topics to handlers; one per process."""

    def __init__(self, units: UnitOfWork):
        self._units = units
        self._handlers: dict[str, Handler] = {}
        self._channels: dict[str, Delivery] = {}
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def register(self, topic: str, handler: Handler) -> None:
        """Deliver messages of ``topic`` with ``handler(payload)`` (raise to retry later).

        One handler per topic: a message is marked sent once its handler succeeds, so a second
        handler would never see it. Registering twice is a wiring mistake and raises.
        """
        if topic in self._handlers and self._handlers[topic] is not handler:
            raise ValueError(f"outbox topic {topic!r} already has a handler")
        self._handlers[topic] = handler

    def register_channel(self, channel: str, deliver: Delivery) -> None:
        """Deliver the ``applicant.message`` notices of ``channel`` with ``deliver(notice)`` (one per channel)."""
        if channel in self._channels and self._channels[channel] is not deliver:
            raise ValueError(f"notices of channel {channel!r} already have a delivery")
        self._channels[channel] = deliver

    @property
    def topics(self) -> list[str]:
        """The topics this process delivers (``applicant.message`` when any channel is registered)."""
        return sorted({*self._handlers, *([outbox.NOTICE_TOPIC] if self._channels else [])})

    @property
    def channels(self) -> list[str]:
        """The channels whose notices this process delivers."""
        return sorted(self._channels)

    def _routes(self) -> list[outbox.Route]:
        return [(topic, None) for topic in self._handlers] + [(outbox.NOTICE_TOPIC, c) for c in self._channels]

    def run_pending(self) -> int:
        """Deliver every due message of our topics now, in this thread; returns how many were sent."""
        routes = self._routes()
        if not routes:
            return 0
        sent = 0
        while True:
            with self._units.begin() as session:
                batch = outbox.claim_batch(session, routes)
            if not batch:
                return sent
            for message_id in batch:
                sent += self._deliver(message_id)

    def _deliver(self, message_id: int) -> int:
        with self._units.begin() as session:
            found = outbox.unsent(session, message_id)
        if found is None:
            return 0
        topic, channel, payload = found
        try:
            self._handle(topic, channel, payload)
        except RetryLater as exc:
            logger.warning("outbox %s (%s) postponed: %s", message_id, topic, exc)
            with self._units.begin() as session:
                outbox.mark_failed(session, message_id, str(exc), exc.seconds)
            return 0
        except Exception as exc:  # a failed delivery must never take the worker down
            logger.exception("outbox %s (%s) delivery failed", message_id, topic)
            with self._units.begin() as session:
                outbox.mark_failed(session, message_id, f"{type(exc).__name__}: {exc}")
            return 0
        with self._units.begin() as session:
            outbox.mark_sent(session, message_id)
        return 1

    def _handle(self, topic: str, channel: str | None, payload: dict[str, Any]) -> None:
        if topic == outbox.NOTICE_TOPIC and channel is not None:
            self._channels[channel](Notice.from_payload(payload))
        else:
            self._handlers[topic](payload)

    def kick(self) -> None:
        """Ask the background thread to deliver now (call after a commit that queued messages)."""
        self._wake.set()

    def start(self, poll_seconds: float = 5.0) -> None:
        """Start the background delivery thread (idempotent)."""
        if self._thread is not None or not self._routes():
            return
        self._thread = threading.Thread(target=self._loop, args=(poll_seconds,), name="outbox", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _loop(self, poll_seconds: float) -> None:
        while not self._stop.is_set():
            self._wake.wait(poll_seconds)
            self._wake.clear()
            try:
                self.run_pending()
            except Exception:
                logger.exception("outbox loop error")
