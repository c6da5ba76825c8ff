"""Staff accounts and the ``madoguchi staff`` command: argon2 passwords, tokens, sessions, expiry sweep."""

from __future__ import annotations

import datetime as dt
import io
import sys

import pytest
from sqlalchemy import select

from bot import cli
from bot.settings import get_settings
from intake import staff
from intake.models import ApplicantMessage, AuditEvent, LoginSession, Staff, Ticket


def test_passwords_are_argon2_and_checked_in_the_same_way_for_unknown_accounts(ctx):
    with ctx.transaction() as session:
        created = staff.create_staff(session, " Alice@Example.org ", "a long passphrase", "admin")
        assert created.email == "alice@example.org"
        assert created.password_hash.startswith("$argon2id$") and "a long passphrase" not in created.password_hash
    with ctx.transaction() as session:
        assert staff.authenticate(session, "ALICE@example.org", "a long passphrase").id == created.id
        assert staff.authenticate(session, "alice@example.org", "a long passphrasE") is None
        assert staff.authenticate(session, "nobody@example.org", "a long passphrase") is None
        with pytest.raises(staff.AccountError, match="at least 12"):
            staff.create_staff(session, "bob@example.org", "short", "staff")
        with pytest.raises(staff.AccountError, match="valid e-mail"):
            staff.create_staff(session, "not-an-email", "a long passphrase", "staff")
        with pytest.raises(staff.AccountError, match="role"):
            staff.create_staff(session, "bob@example.org", "a long passphrase", "root")


def test_login_sessions_are_stored_hashed_and_end_on_password_change(ctx):
    with ctx.transaction() as session:
        alice = staff.create_staff(session, "alice@example.org", "a long passphrase", "admin")
        opened = staff.open_login_session(session, alice)
    with ctx.transaction() as session:
        row = session.scalars(select(LoginSession)).one()
        assert row.token_hash != opened.cookie and row.csrf_token == opened.csrf_token
        assert staff.login_session_for(session, opened.cookie).staff_id == alice.id
        assert staff.login_session_for(session, opened.cookie, now=opened.expires_at) is None
        staff.set_password(session, session.get(Staff, alice.id), "another long passphrase", actor="test")
    with ctx.transaction() as session:
        assert staff.login_session_for(session, opened.cookie) is None


@pytest.fixture
def cli_env(monkeypatch, database_url):
    """``madoguchi`` reads its settings from the environment: point it at the test database."""
    monkeypatch.setenv("MADOGUCHI_DATABASE_URL", database_url)
    monkeypatch.delenv("MADOGUCHI_SMTP_URL", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def run_cli(monkeypatch, capsys, *argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = cli.main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def test_staff_add_token_list_passwd(cli_env, monkeypatch, capsys, client):
    status, out, _ = run_cli(monkeypatch, capsys, "staff", "add", "boss@example.org", "--role", "admin",
                             stdin="a long passphrase\n")
    assert status == 0 and "added admin account" in out
    status, _, err = run_cli(monkeypatch, capsys, "staff", "add", "boss@example.org", stdin="a long passphrase\n")
    assert status == 1 and "already exists" in err
    status, _, err = run_cli(monkeypatch, capsys, "staff", "add", "weak@example.org", stdin="short\n")
    assert status == 1 and "at least" in err
    status, token, _ = run_cli(monkeypatch, capsys, "staff", "token", "boss@example.org")
    token = token.strip()
    assert status == 0 and token.startswith("mdg_")
    me = client.get("/api/staff/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json() == {"email": "boss@example.org", "role": "admin"}
    status, out, _ = run_cli(monkeypatch, capsys, "staff", "list")
    assert "boss@example.org\tadmin\tactive" in out
    status, _, err = run_cli(monkeypatch, capsys, "staff", "token", "ghost@example.org")
    assert status == 1 and "No staff account" in err
    status, out, _ = run_cli(monkeypatch, capsys, "staff", "passwd", "boss@example.org",
                             stdin="a brand new passphrase\n")
    assert status == 0
    with client.app.state.ctx.transaction() as session:
        assert staff.authenticate(session, "boss@example.org", "a brand new passphrase") is not None
        assert {e.action for e in session.scalars(select(AuditEvent))} >= {"staff_added", "api_token_issued",
                                                                           "staff_password"}


def test_staff_expire_closes_overdue_deficient_files(cli_env, monkeypatch, capsys, client, ctx):
    from tests.backoffice.conftest import chat_ticket

    waiting, fresh = chat_ticket(client), chat_ticket(client)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    with ctx.transaction() as session:
        for reference, deadline in ((waiting, past), (fresh, past + dt.timedelta(days=3))):
            ticket = session.scalars(select(Ticket).where(Ticket.reference == reference)).one()
            ticket.status, ticket.applicant_deadline = "waiting_for_applicant", deadline
    status, out, _ = run_cli(monkeypatch, capsys, "staff", "expire")
    assert status == 0 and f"{waiting}: closed as withdrawn" in out and "1 request(s) closed" in out
    with ctx.sessions() as session:
        statuses = dict(session.execute(select(Ticket.reference, Ticket.status)).all())
        assert statuses == {waiting: "closed", fresh: "waiting_for_applicant"}
        notice = session.scalars(select(ApplicantMessage)).one()
        assert "返送" in notice.text_ja
    status, out, _ = run_cli(monkeypatch, capsys, "staff", "expire")
    assert "0 request(s) closed" in out
