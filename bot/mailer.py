"""E-mail delivery of applicant notices over SMTP with the standard library.

:func:`setup` registers, when ``MADOGUCHI_SMTP_URL`` is set, the delivery of the ``email`` channel
(``applicant.message`` notices to the ticket's e-mail address, framed with a subject and a footer from
the message catalog) and the handler of the older outbox topic ``email`` (payload ``to``, ``subject``,
``body``, ``reference``), so messages queued before the channel-neutral topic still go out.

``MADOGUCHI_SMTP_URL`` forms: ``smtp://host:25`` (plain), ``smtp+starttls://user:pass@host:587`` (STARTTLS),
``smtps://user:pass@host:465`` (TLS from the start). User and password may be percent-encoded.
Failures never carry the recipient's address into logs or the outbox: errors are re-raised with the SMTP
code only.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from bot.connector import Notice
from bot.context import EMAIL_CHANNEL
from bot.delivery import RetryLater
from knowledge.language import catalog
from knowledge.models import KnowledgeBase

if TYPE_CHECKING:
    from bot.context import AppContext

logger = logging.getLogger(__name__)

DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


class MailRejected(Exception):
    """The server refused the message for good (a 5xx answer); retrying will not help."""


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to send: scheme is one of ``DEFAULT_PORTS``."""

    scheme: str
    host: str
    port: int
    username: str | None = None
    password: str | None = None

    def __repr__(self) -> str:  # never show the password
        return f"SmtpConfig({self.scheme}://{self.host}:{self.port}, user={'yes' if self.username else 'no'})"


def parse_smtp_url(url: str) -> SmtpConfig:
    """Parse ``MADOGUCHI_SMTP_URL``; raises ValueError naming what is wrong (without echoing secrets)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ValueError(f"MADOGUCHI_SMTP_URL: scheme must be one of {', '.join(DEFAULT_PORTS)}")
    if not parts.hostname:
        raise ValueError("MADOGUCHI_SMTP_URL: no host")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError:
        raise ValueError("MADOGUCHI_SMTP_URL: the port is not a number") from None
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return SmtpConfig(scheme, parts.hostname, port, username, password)


class Mailer:
    """Sends one outbox ``email`` payload per call; raises :class:`RetryLater` on temporary failures."""

    def __init__(self, config: SmtpConfig, sender: str, *, timeout: float = 30.0,
                 tls_context: ssl.SSLContext | None = None):
        self.config = config
        self.sender = sender
        self.timeout = timeout
        self.tls_context = tls_context or ssl.create_default_context()

    def message(self, payload: dict[str, Any]) -> EmailMessage:
        """The MIME message for a payload (plain text, UTF-8)."""
        msg = EmailMessage()
        msg["From"] = self.sender
        msg["To"] = payload["to"]
        msg["Subject"] = payload["subject"]
        msg["Date"] = formatdate(localtime=False)
        msg["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        if payload.get("reference"):
            msg["X-Madoguchi-Reference"] = str(payload["reference"])
        msg.set_content(payload["body"])
        return msg

    def __call__(self, payload: dict[str, Any]) -> None:
        msg = self.message(payload)
        try:
            with self._connect() as smtp:
                if self.config.username:
                    smtp.login(self.config.username, self.config.password or "")
                smtp.send_message(msg)
        except smtplib.SMTPResponseException as exc:
            code = exc.smtp_code
            if 400 <= code < 500:
                raise RetryLater(f"SMTP server answered {code}; will retry", 60) from None
            raise MailRejected(f"SMTP server refused the message ({code})") from None
        except smtplib.SMTPRecipientsRefused as exc:
            codes = sorted({code for code, _msg in exc.recipients.values()})
            if codes and all(400 <= c < 500 for c in codes):
                raise RetryLater(f"SMTP server deferred the recipient ({codes}); will retry", 60) from None
            raise MailRejected(f"SMTP server refused the recipient ({codes})") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise RetryLater(f"SMTP server unreachable ({type(exc).__name__}); will retry", 60) from None

    def _connect(self) -> smtplib.SMTP:
        cfg = self.config
        if cfg.scheme == "smtps":
            return smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=self.timeout, context=self.tls_context)
        smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=self.timeout)
        try:
            if cfg.scheme == "smtp+starttls":
                smtp.starttls(context=self.tls_context)
        except Exception:
            smtp.close()
            raise
        return smtp


class EmailDelivery:
    """The ``email`` channel: a notice becomes an e-mail with the organisation in its subject and the
    reference, status link and office in its footer, in the applicant's language."""

    channel = EMAIL_CHANNEL

    def __init__(self, mailer: Mailer, kb: KnowledgeBase):
        self.mailer = mailer
        self.kb = kb

    def payload(self, notice: Notice) -> dict[str, Any]:
        """The e-mail of a notice, as the ``email`` topic's payload."""
        contact, lang = self.kb.meta.contact, notice.lang
        subject = catalog().text("email.subject", lang, organization=self.kb.meta.organization.name(lang),
                                 reference=notice.reference)
        footer = catalog().text("email.footer", lang, reference=notice.reference, url=notice.status_url or "-",
                                office=contact.office(lang), email=contact.email)
        return {"to": notice.address, "subject": subject, "body": f"{notice.text}\n\n{footer}\n",
                "reference": notice.reference}

    def deliver(self, notice: Notice) -> None:
        self.mailer(self.payload(notice))


def setup(ctx: AppContext) -> None:
    """Start-up hook: e-mail applicant notices when SMTP is configured (a bad URL stops start-up, since
    notices would otherwise pile up unsent)."""
    if not ctx.settings.smtp_url or EMAIL_CHANNEL in ctx.dispatcher.channels:
        return
    config = parse_smtp_url(ctx.settings.smtp_url)
    mailer = Mailer(config, ctx.settings.mail_from)
    ctx.connectors.add_delivery(EmailDelivery(mailer, ctx.kb))
    ctx.dispatcher.register("email", mailer)  # rows queued under the older topic
    logger.info("e-mail notices enabled via %s:%s", config.host, config.port)
