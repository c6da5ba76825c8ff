"""Slowing down repeated failures (wrong access codes, wrong passwords), shared by every process.

Failures are counted in the database, so a guesser gains nothing by spreading attempts over several
web workers, and they are counted against *who* fails: per (target, client) — a reference or an
account, from one client address — and per client, whatever the target. A stranger's failures
therefore slow down the stranger only and never shut out the holder of the right code or password.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.orm import Session

from intake.db import insert_ignoring_conflict, utcnow
from intake.models import FailedAttempt


@dataclass(frozen=True)
class ThrottlePolicy:
    """``free`` failures per ``window`` cost nothing; after that each one doubles the wait."""

    free: int = 5
    window: dt.timedelta = dt.timedelta(minutes=15)
    base_delay_s: float = 2.0
    max_delay_s: float = 900.0


DEFAULT_POLICY = ThrottlePolicy()  # one target from one client
# One client across targets: a little more room, so colleagues behind one address (an office NAT) are
# not slowed down by one of them mistyping, while a scan of many references or accounts still is.
CLIENT_POLICY = ThrottlePolicy(free=20)
MAX_KEY_LENGTH = 200


def _key(key: str) -> str:
    # Keys embed caller-supplied text (a reference, a client id): keep them printable and bounded;
    # a long key is hashed rather than cut, so two long keys never share a counter.
    key = "".join(ch for ch in key if ch.isprintable())
    if len(key) <= MAX_KEY_LENGTH:
        return key
    return key[:100] + "#" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def _live(attempt: FailedAttempt | None, policy: ThrottlePolicy, now: dt.datetime) -> bool:
    return attempt is not None and not (now - attempt.first_at > policy.window and now - attempt.last_at > policy.window)


def retry_after(session: Session, key: str, policy: ThrottlePolicy = DEFAULT_POLICY) -> float:
    """Seconds the caller must wait before trying ``key`` again (0 if not throttled)."""
    attempt = session.get(FailedAttempt, _key(key))
    now = utcnow()
    if attempt is None or not _live(attempt, policy, now):
        return 0.0
    excess = attempt.count - policy.free
    if excess < 0:
        return 0.0
    delay = min(policy.base_delay_s * (2**excess), policy.max_delay_s)
    remaining = (attempt.last_at + dt.timedelta(seconds=delay) - now).total_seconds()
    return max(0.0, remaining)


def register_failure(session: Session, key: str, policy: ThrottlePolicy = DEFAULT_POLICY) -> int:
    """Count one failure for ``key``; returns the count within the current window."""
    key = _key(key)
    now = utcnow()
    insert_ignoring_conflict(session, FailedAttempt, key=key, count=0, first_at=now, last_at=now)
    attempt = session.get(FailedAttempt, key, with_for_update=True, populate_existing=True)
    assert attempt is not None
    if now - attempt.last_at > policy.window:
        attempt.count = 0
        attempt.first_at = now
    attempt.count += 1
    attempt.last_at = now
    return attempt.count


def clear(session: Session, key: str) -> None:
    """Forget failures for ``key`` (after a success)."""
    session.execute(delete(FailedAttempt).where(FailedAttempt.key == _key(key)))


@dataclass(frozen=True)
class Guard:
    """The two counters one attempt is checked against: the (target, client) pair and the client."""

    pair: str
    client: str

    def wait(self, session: Session) -> float:
        """Seconds this client must wait before its next attempt on this target is evaluated normally."""
        return max(retry_after(session, self.pair, DEFAULT_POLICY), retry_after(session, self.client, CLIENT_POLICY))

    def fail(self, session: Session) -> None:
        """Count a failure on both counters."""
        register_failure(session, self.pair, DEFAULT_POLICY)
        register_failure(session, self.client, CLIENT_POLICY)

    def succeed(self, session: Session) -> None:
        """The client got it right: forget its failures on this target (its other ones still count)."""
        clear(session, self.pair)


def guard(kind: str, target: str, client: str) -> Guard:
    """The counters for ``client`` (an address, a Slack user) trying ``target`` (a reference, an account)."""
    return Guard(pair=f"{kind}:{target}|{client}", client=f"{kind}-client:{client}")
