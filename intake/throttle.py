"""Slowing down repeated failures (wrong access codes, wrong passwords), shared by every process.

Failures are counted per key (e.g. ``code-ip:203.0.113.5`` or ``login:alice@example.org``) in the
database, so a guesser gains nothing by spreading attempts over several web workers.
"""

from __future__ import annotations

import datetime as dt
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


DEFAULT_POLICY = ThrottlePolicy()
MAX_KEY_LENGTH = 200


def _key(key: str) -> str:
    # Keys embed caller-supplied text (a reference, an e-mail): keep it printable and bounded.
    return "".join(ch for ch in key if ch.isprintable())[:MAX_KEY_LENGTH]


def retry_after(session: Session, key: str, policy: ThrottlePolicy = DEFAULT_POLICY) -> float:
    """Seconds the caller must wait before trying ``key`` again (0 if not throttled)."""
    attempt = session.get(FailedAttempt, _key(key))
    if attempt is None:
        return 0.0
    now = utcnow()
    if now - attempt.first_at > policy.window and now - attempt.last_at > policy.window:
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
