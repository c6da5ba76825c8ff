"""Secretariat accounts: passwords (argon2), API tokens and browser login sessions.

Passwords are hashed with argon2id (argon2-cffi); API tokens, session cookies and CSRF tokens are
random (``secrets``) and only their SHA-256 is stored, so a copy of the database lets nobody log in.
Every change to an account is written to the audit trail (with no ticket attached).
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from intake import audit
from intake.codes import hash_secret, new_token
from intake.db import utcnow
from intake.errors import Refusal
from intake.models import ApiToken, LoginSession, Staff
from intake.requests import is_email
from knowledge.lang import LANGUAGES

ROLES = ("admin", "staff")
LANGS = LANGUAGES  # the languages a staff member's back office can be shown in
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # argon2 copes, but nobody needs more; bounds the work per attempt
SESSION_TTL = dt.timedelta(hours=12)
_hasher = PasswordHasher()


class AccountError(Refusal, ValueError):
    """An account change that cannot be made (bad e-mail, weak password, last admin…); says why."""


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Verified against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
    return _hasher.hash(new_token())


def normalize_email(email: str) -> str:
    """Staff e-mail addresses compare case-insensitively."""
    return email.strip().lower()


def validate_password(password: str) -> None:
    """Raise :class:`AccountError` unless the password is long enough (length beats complexity rules)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("errors.password_short", min=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError("errors.password_long")


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


def get_staff(session: Session, email: str) -> Staff | None:
    """The account with this e-mail (any case), active or not."""
    return session.scalars(select(Staff).where(Staff.email == normalize_email(email))).first()


def list_staff(session: Session) -> list[Staff]:
    """Every account, admins first, then by e-mail."""
    return list(session.scalars(select(Staff).order_by(Staff.role, Staff.email)))


def has_accounts(session: Session) -> bool:
    """Whether any staff account exists yet (the server says how to create the first one)."""
    return session.scalar(select(Staff.id).limit(1)) is not None


def active_emails(session: Session) -> list[str]:
    """The e-mail addresses of the active accounts, in order (whom a ticket can be assigned to)."""
    return list(session.scalars(select(Staff.email).where(Staff.active.is_(True)).order_by(Staff.email)))


def linked_staff(session: Session, chat_user_id: str) -> Staff | None:
    """The active account linked to a chat platform's user id (``Staff.slack_user_id``), if any."""
    return session.scalars(select(Staff).where(Staff.slack_user_id == chat_user_id, Staff.active.is_(True))).first()


def update_staff(session: Session, staff_id: int, *, actor: str, role: str | None = None, lang: str | None = None,
                 active: bool | None = None) -> Staff | None:
    """Change an account's role, language and/or active flag (the last active admin is protected);
    None for an unknown account. The staff page and the staff API both change accounts this way."""
    staff = session.get(Staff, staff_id)
    if staff is None:
        return None
    if role is not None:
        set_role(session, staff, role, actor=actor)
    if lang is not None:
        set_lang(session, staff, lang, actor=actor)
    if active is not None:
        set_active(session, staff, active, actor=actor)
    return staff


def create_staff(session: Session, email: str, password: str, role: str = "staff", *, actor: str = "cli",
                 lang: str = "ja") -> Staff:
    """Add an account; raises :class:`AccountError` for a bad e-mail, weak password, unknown role or duplicate."""
    email = normalize_email(email)
    if not is_email(email):
        raise AccountError("errors.email_invalid")
    if role not in ROLES:
        raise AccountError("errors.role_unknown", roles=", ".join(ROLES))
    if lang not in LANGS:
        raise AccountError("errors.lang_unknown", langs=", ".join(LANGS))
    validate_password(password)
    if get_staff(session, email) is not None:
        raise AccountError("errors.email_exists")
    staff = Staff(email=email, password_hash=hash_password(password), role=role, active=True, lang=lang)
    session.add(staff)
    session.flush()
    audit.record(session, None, actor, "staff_added", f"staff:{staff.id}", None, f"{email} ({role})")
    return staff


def set_password(session: Session, staff: Staff, password: str, *, actor: str) -> None:
    """Replace the password and end the account's browser sessions."""
    validate_password(password)
    staff.password_hash = hash_password(password)
    session.execute(delete(LoginSession).where(LoginSession.staff_id == staff.id))
    audit.record(session, None, actor, "staff_password", f"staff:{staff.id}", None, "(changed)")


def set_role(session: Session, staff: Staff, role: str, *, actor: str) -> None:
    """Change the role; the last active admin cannot be demoted (someone must be able to manage staff)."""
    if role not in ROLES:
        raise AccountError("errors.role_unknown", roles=", ".join(ROLES))
    if staff.role == role:
        return
    if staff.role == "admin" and staff.active:
        _keep_an_admin(session, staff)
    audit.record(session, None, actor, "staff_role", f"staff:{staff.id}", staff.role, role)
    staff.role = role


def set_lang(session: Session, staff: Staff, lang: str, *, actor: str) -> None:
    """Change the language the member's back office is shown in."""
    if lang not in LANGS:
        raise AccountError("errors.lang_unknown", langs=", ".join(LANGS))
    if staff.lang == lang:
        return
    audit.record(session, None, actor, "staff_lang", f"staff:{staff.id}", staff.lang, lang)
    staff.lang = lang


def set_active(session: Session, staff: Staff, active: bool, *, actor: str) -> None:
    """Activate or deactivate; deactivation ends the account's sessions and tokens stop working."""
    if staff.active == active:
        return
    if not active and staff.role == "admin":
        _keep_an_admin(session, staff)
    audit.record(session, None, actor, "staff_active", f"staff:{staff.id}", staff.active, active)
    staff.active = active
    if not active:
        session.execute(delete(LoginSession).where(LoginSession.staff_id == staff.id))


def _keep_an_admin(session: Session, leaving: Staff) -> None:
    others = session.scalar(select(func.count()).select_from(Staff).where(
        Staff.role == "admin", Staff.active.is_(True), Staff.id != leaving.id))
    if not others:
        raise AccountError("errors.last_admin")


def authenticate(session: Session, email: str, password: str) -> Staff | None:
    """The active account if the password matches, else None (same work whether or not the e-mail exists)."""
    staff = get_staff(session, email)
    stored = staff.password_hash if staff is not None and staff.active else _dummy_hash()
    try:
        _hasher.verify(stored, password[:MAX_PASSWORD_LENGTH])
    except (VerificationError, InvalidHashError):
        return None
    if staff is None or not staff.active:
        return None
    if _hasher.check_needs_rehash(stored):  # parameters were raised since this hash was made
        staff.password_hash = hash_password(password)
    return staff


def issue_api_token(session: Session, staff: Staff, *, actor: str = "cli") -> str:
    """A new bearer token for scripts; shown once, only its hash is kept."""
    token = f"mdg_{new_token()}"
    session.add(ApiToken(staff_id=staff.id, token_hash=hash_secret(token)))
    audit.record(session, None, actor, "api_token_issued", f"staff:{staff.id}", None, "(new token)")
    return token


def staff_for_token(session: Session, token: str, *, now: dt.datetime | None = None) -> Staff | None:
    """The active account owning this bearer token, or None."""
    digest = hash_secret(token)
    # Looking up the hash (not the token) means timing reveals nothing useful about valid tokens.
    row = session.scalars(select(ApiToken).where(ApiToken.token_hash == digest)).first()
    if row is None or not hmac.compare_digest(row.token_hash, digest) or not row.staff.active:
        return None
    row.last_used_at = now or utcnow()
    return row.staff


@dataclass(frozen=True)
class OpenedSession:
    """A new login: ``cookie`` goes to the browser (once); ``csrf_token`` goes into every form."""

    cookie: str
    csrf_token: str
    expires_at: dt.datetime


def open_login_session(session: Session, staff: Staff, *, now: dt.datetime | None = None,
                       ttl: dt.timedelta = SESSION_TTL) -> OpenedSession:
    """Start a browser session for ``staff`` (expired sessions are swept at the same time)."""
    now = now or utcnow()
    session.execute(delete(LoginSession).where(LoginSession.expires_at < now))
    cookie, csrf = new_token(), new_token()
    expires = now + ttl
    session.add(LoginSession(token_hash=hash_secret(cookie), staff_id=staff.id, csrf_token=csrf, expires_at=expires))
    audit.record(session, None, staff.email, "login", f"staff:{staff.id}")
    return OpenedSession(cookie, csrf, expires)


def login_session_for(session: Session, cookie: str, *, now: dt.datetime | None = None) -> LoginSession | None:
    """The live session behind a cookie value, if it exists, has not expired and its account is active."""
    row = session.scalars(select(LoginSession).where(LoginSession.token_hash == hash_secret(cookie))).first()
    if row is None or row.expires_at <= (now or utcnow()) or not row.staff.active:
        return None
    return row


def close_login_session(session: Session, cookie: str) -> None:
    """Log out: forget the session behind this cookie."""
    row = session.scalars(select(LoginSession).where(LoginSession.token_hash == hash_secret(cookie))).first()
    if row is not None:
        audit.record(session, None, row.staff.email, "logout", f"staff:{row.staff_id}")
        session.delete(row)
