"""Fixtures for the back office: staff accounts, logged-in clients, tickets made through the chat and
a real SMTP server (``smtp_server``). ``live_server`` comes from tests/conftest.py."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from tests.conftest import free_port

ADMIN_EMAIL = "admin@example.org"
STAFF_EMAIL = "clerk@example.org"
PASSWORD = "correct horse battery staple"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Accounts:
    admin_token: str
    staff_token: str

    def headers(self, who: str = "staff") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_token if who == 'admin' else self.staff_token}"}


@pytest.fixture(scope="session")
def password_hash() -> str:
    """The argon2 hash of PASSWORD, made once: hashing is slow on purpose, and verifying stays real."""
    from intake.staff import hash_password

    return hash_password(PASSWORD)


@pytest.fixture
def accounts(ctx, password_hash) -> Accounts:
    """An admin and a staff member (password PASSWORD), each with an API token."""
    from intake import staff
    from intake.models import Staff

    with ctx.transaction() as session:
        admin = Staff(email=ADMIN_EMAIL, password_hash=password_hash, role="admin", active=True)
        clerk = Staff(email=STAFF_EMAIL, password_hash=password_hash, role="staff", active=True)
        session.add_all([admin, clerk])
        session.flush()
        return Accounts(staff.issue_api_token(session, admin), staff.issue_api_token(session, clerk))


def csrf_of(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF field"
    return match.group(1)


def login(client, email: str = STAFF_EMAIL, password: str = PASSWORD) -> str:
    """Log ``client`` in through the real login form; returns the session's CSRF token."""
    page = client.get("/staff/login")
    response = client.post("/staff/login", data={"email": email, "password": password,
                                                  "csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/staff").text)


CHAT_STEPS = {
    "self": ["intake:requester:self", "山田 太郎", "taro@example.org", "intake:skip", "intake:skip", "intake:confirm"],
    "agent": ["intake:requester:agent", "山田 太郎", "代理 花子", "hanako@example.org", "intake:skip", "intake:skip",
              "intake:confirm"],
}


def chat_ticket(client, kind: str = "disclosure", requester: str = "self") -> str:
    """Open a request the way an applicant does, through ``POST /api/chat``; returns its reference."""
    session_id = None
    body: dict = {}
    for message in ["intake:start", f"intake:kind:{kind}", *CHAT_STEPS[requester]]:
        response = client.post("/api/chat", json={"session_id": session_id, "message": message})
        assert response.status_code == 200, response.text
        body = response.json()
        session_id = body["session_id"]
        if body["messages"][-1].get("ticket"):
            break
    ticket = body["messages"][-1]["ticket"]
    assert ticket, f"the chat did not open a ticket: {body}"
    return ticket["reference"]


@dataclass
class SmtpSink:
    """Messages received by the test SMTP server."""

    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)

    def wait_for(self, count: int = 1, timeout: float = 10.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


class _Handler:
    def __init__(self, sink: SmtpSink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.sink.messages.append(message)
        return "250 OK"


def _authenticator(sink: SmtpSink):
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def check(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            user, password = auth_data.login.decode(), auth_data.password.decode()
            sink.logins.append((user, password))
            return AuthResult(success=(user, password) == ("mailer", "s3cret"))
        return AuthResult(success=False)

    return check


def start_smtp(sink: SmtpSink, **kwargs):
    from aiosmtpd.controller import Controller

    controller = Controller(_Handler(sink), hostname=sink.host, port=sink.port, **kwargs)
    controller.start()
    return controller


@pytest.fixture
def smtp_server() -> Iterator[SmtpSink]:
    """A real SMTP server (aiosmtpd) on a free port; accepts AUTH mailer/s3cret without TLS."""
    sink = SmtpSink("127.0.0.1", free_port())
    controller = start_smtp(sink, authenticator=_authenticator(sink), auth_require_tls=False)
    yield sink
    controller.stop()
