"""E-mail notices through a real SMTP server (aiosmtpd): plain with AUTH, STARTTLS, and failures."""

from __future__ import annotations

import ssl
import subprocess

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.context import build_context
from bot.delivery import RetryLater
from bot.mailer import Mailer, MailRejected, parse_smtp_url
from bot.web.app import create_app
from intake.models import OutboxMessage
from tests.backoffice.conftest import SmtpSink, chat_ticket, start_smtp
from tests.conftest import free_port

PAYLOAD = {"to": "taro@example.org", "subject": "件名 REQ-2025-000001", "body": "本文です。\n", "reference": "REQ-2025-000001"}


@pytest.fixture
def mail_ctx(ctx, db_engine, smtp_server):
    """The app context with MADOGUCHI_SMTP_URL pointing at the test SMTP server (with credentials)."""
    url = f"smtp://mailer:s3cret@{smtp_server.host}:{smtp_server.port}"
    settings = ctx.settings.model_copy(update={"smtp_url": url, "mail_from": "privacy@example.org"})
    context = build_context(settings, engine=db_engine)
    yield context
    context.dispatcher.stop()


def test_status_notices_arrive_by_email(mail_ctx, smtp_server, accounts):
    with TestClient(create_app(context=mail_ctx)) as client:
        reference = chat_ticket(client)
        h = accounts.headers()
        assert client.post(f"/api/staff/tickets/{reference}/transitions", headers=h,
                           json={"to": "received"}).status_code == 200
        messages = smtp_server.wait_for(1)
    assert len(messages) == 1
    message = messages[0]
    assert message["X-Envelope-To"] == "taro@example.org" and message["To"] == "taro@example.org"
    assert message["From"] == "privacy@example.org"
    assert reference in message["Subject"] and mail_ctx.kb.meta.organization.name_ja in message["Subject"]
    body = message.get_content()
    assert "受領しました" in body and "遅滞なく" in body
    assert f"http://testserver/requests/{reference}" in body
    assert mail_ctx.kb.meta.contact.email in body
    assert smtp_server.logins == [("mailer", "s3cret")]
    with mail_ctx.sessions() as session:
        sent = session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "email")).one()
        assert sent.topic == "applicant.message" and sent.sent_at is not None and sent.attempts == 0


def test_no_email_without_smtp_settings(client, ctx, accounts):
    reference = chat_ticket(client)
    client.post(f"/api/staff/tickets/{reference}/transitions", headers=accounts.headers(), json={"to": "received"})
    with ctx.sessions() as session:
        assert session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "email")).all() == []
        assert session.scalars(select(OutboxMessage).where(OutboxMessage.topic == "email")).all() == []
    assert "email" not in ctx.dispatcher.channels and "email" not in ctx.dispatcher.topics


@pytest.fixture
def tls_files(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    return key, cert


def test_starttls_with_login(tls_files):
    key, cert = tls_files
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    sink = SmtpSink("127.0.0.1", free_port())
    from tests.backoffice.conftest import _authenticator

    controller = start_smtp(sink, tls_context=server_tls, require_starttls=True, authenticator=_authenticator(sink))
    try:
        client_tls = ssl.create_default_context(cafile=str(cert))
        secure = Mailer(parse_smtp_url(f"smtp+starttls://mailer:s3cret@127.0.0.1:{sink.port}"), "privacy@example.org",
                        tls_context=client_tls)
        secure(PAYLOAD)
        assert sink.wait_for(1)[0]["Subject"] == PAYLOAD["subject"]
        assert sink.logins == [("mailer", "s3cret")]
        # Without STARTTLS this server refuses to go on; the error names no address.
        plain = Mailer(parse_smtp_url(f"smtp://127.0.0.1:{sink.port}"), "privacy@example.org")
        with pytest.raises((MailRejected, RetryLater)) as refused:
            plain(PAYLOAD)
        assert "taro@example.org" not in str(refused.value)
    finally:
        controller.stop()


def test_a_server_that_is_down_means_retry_later_without_leaking_the_address(ctx, db_engine, caplog):
    port = free_port()  # nothing listens here
    settings = ctx.settings.model_copy(update={"smtp_url": f"smtp://127.0.0.1:{port}"})
    context = build_context(settings, engine=db_engine)
    from bot.mailer import setup

    setup(context)
    with context.transaction() as session:
        from intake import outbox

        outbox.enqueue(session, "email", PAYLOAD)
    assert context.dispatcher.run_pending() == 0
    with context.sessions() as session:
        message = session.scalars(select(OutboxMessage)).one()
        assert message.sent_at is None and message.attempts == 1
        assert "taro@example.org" not in (message.last_error or "")
    assert "taro@example.org" not in caplog.text


@pytest.mark.parametrize(("url", "problem"), [
    ("http://host", "scheme"), ("smtp://", "no host"), ("smtp://host:port", "port"),
])
def test_bad_smtp_urls_are_named(url, problem):
    with pytest.raises(ValueError, match=problem):
        parse_smtp_url(url)


def test_smtp_url_forms():
    cfg = parse_smtp_url("smtp+starttls://user%40example.org:p%3Ass@mail.example.org")
    assert (cfg.scheme, cfg.host, cfg.port, cfg.username, cfg.password) == (
        "smtp+starttls", "mail.example.org", 587, "user@example.org", "p:ss")
    assert parse_smtp_url("smtps://mail.example.org").port == 465
    assert "p:ss" not in repr(cfg)
