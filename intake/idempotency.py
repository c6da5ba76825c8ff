"""Answering a retried request with its first answer (``Idempotency-Key``; chat message ids).

The caller's transaction looks the key up (:func:`recall`); if it is new, the caller does the work and
stores the answer (:func:`remember`) in the same transaction, so the answer exists exactly when the
work was committed. Two concurrent first attempts collide on the key's primary key: the loser's
transaction fails as a conflict, is retried by the edge, and then finds the winner's answer.

Like every ``intake`` module these take the caller's session and never commit.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from intake.codes import access_code_from, new_token
from intake.errors import Refusal
from intake.models import IdempotentReply

# Visible ASCII, long enough to be random (a UUID is 36): a short key could be guessed by someone else.
KEY_RE = re.compile(r"^[\x21-\x7e]{16,255}$")
CODE_PLACEHOLDER = "\u27e6access-code\u27e7"


class InvalidKey(ValueError):
    """The key cannot be used: wrong length or characters, or already used for a different request."""


@dataclass(frozen=True)
class Attempt:
    """One keyed request: where it belongs (``scope``), its key and what it asked (``fingerprint``)."""

    scope: str
    key: str
    fingerprint: str

    @property
    def key_hash(self) -> str:
        return hashlib.sha256(f"{self.scope}\n{self.key}".encode()).hexdigest()

    def access_code(self, salt: str) -> str:
        """The access code a ticket opened by this attempt gets (and gets again on a retry)."""
        return access_code_from(hmac.new(salt.encode(), self.key.encode(), hashlib.sha256).digest())


def attempt(scope: str, key: str, request: Any) -> Attempt:
    """An :class:`Attempt`, or :class:`InvalidKey` for a key that cannot be used.

    ``key`` may come quoted (``"…"``, the header's structured-field form). ``request`` is anything JSON
    can encode that says what was asked; a retry must ask the same.
    """
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not KEY_RE.match(key):
        raise InvalidKey(str(Refusal("errors.key_shape")))
    canonical = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return Attempt(scope, key, hashlib.sha256(canonical.encode("utf-8")).hexdigest())


def recall(session: Session, keyed: Attempt) -> tuple[int, dict[str, Any]] | None:
    """The stored (status, body) of an earlier attempt with this key, or None if there was none."""
    row = session.get(IdempotentReply, keyed.key_hash)
    if row is None:
        return None
    if not hmac.compare_digest(row.fingerprint, keyed.fingerprint):
        raise InvalidKey(str(Refusal("errors.key_reused")))
    body = row.body
    if row.code_salt:
        body = body.replace(CODE_PLACEHOLDER, keyed.access_code(row.code_salt))
    return row.status_code, json.loads(body)


def new_salt() -> str:
    """A fresh salt for :meth:`Attempt.access_code`."""
    return new_token(24)


def remember(session: Session, keyed: Attempt, status_code: int, body: dict[str, Any], *,
             reference: str | None = None, salt: str | None = None) -> None:
    """Store the answer; with ``salt`` (a ticket was opened), the derived access code is not kept in it."""
    text = json.dumps(body, ensure_ascii=False)
    if salt is not None:
        text = text.replace(keyed.access_code(salt), CODE_PLACEHOLDER)
    session.add(IdempotentReply(key_hash=keyed.key_hash, fingerprint=keyed.fingerprint, status_code=status_code,
                                body=text, reference=reference, code_salt=salt))
    session.flush()  # claim the key now: a concurrent attempt waits for us, then conflicts and retries
