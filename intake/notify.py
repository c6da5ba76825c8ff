"""Notices to the applicant: which status changes they are told about, in what words, and where they go.

The wording is the message catalog's (``notice.*``); the facts filled in come from the knowledge base
(the policy's title, the sections that return documents or allow an alternative measure, the refusal
ground's section, the office) or from the ticket. The policy promises action without delay, so no
notice ever names a number of days; the only date given is the applicant's own deadline to complete a
deficient file.

A notice is written as an :class:`ApplicantMessage` (shown on the status page and in the status API)
and queued once per address the applicant can be reached at, as an ``applicant.message`` for that
address's channel (see :func:`intake.outbox.enqueue_notice`): the conversation's own (a chat user id
kept with the ticket) and, when the deployment sends e-mail, the ticket's e-mail address. Intake never
names a channel: the ticket says where it came from, the options name the e-mail channel. Everything is
written in the caller's transaction, so a rolled-back change sends nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from intake import outbox
from intake.db import utcnow
from intake.models import ApplicantMessage, Ticket
from intake.status import Outcome, Status
from knowledge.lang import LANGUAGES, supported
from knowledge.language import catalog
from knowledge.models import KnowledgeBase

if TYPE_CHECKING:
    from intake.workflow import Deficiency

Texts = dict[str, str]  # the notice in every language, by language code


@dataclass(frozen=True)
class NoticeOptions:
    """How notices leave. ``email_channel`` is the delivery channel of the ticket's e-mail address when the
    deployment sends e-mail (None: it does not); ``status_url(reference)`` builds the link to the status page."""

    email_channel: str | None = None
    status_url: Callable[[str], str] | None = None


def format_date(when: dt.datetime, lang: str, timezone: str) -> str:
    """A calendar date in the deployment's time zone, written the way the language writes dates."""
    return catalog().text("date.long", lang, date=when.astimezone(ZoneInfo(timezone)).date())


def cite(kb: KnowledgeBase, section: str, lang: str) -> str:
    """A section of the policy as a notice cites it: the policy's title, the section and its title."""
    return catalog().text("notice.cite", lang, policy=kb.meta.title(lang), section=section,
                          title=kb.section_title(section, lang))


def status_notice(
    kb: KnowledgeBase,
    ticket: Ticket,
    old: Status,
    new: Status,
    missing: Sequence[Deficiency],
    *,
    timezone: str = "Asia/Tokyo",
    now: dt.datetime | None = None,
) -> Texts | None:
    """The notice of a status change in every language, or None if the change is internal."""
    now = now or utcnow()
    if new is Status.RECEIVED:
        key = "notice.completed" if old is Status.WAITING_FOR_APPLICANT else "notice.received"
        return _in_every_language(key, lambda lang: {"date": format_date(now, lang, timezone)})
    if new is Status.WAITING_FOR_APPLICANT:
        return _in_every_language("notice.missing", lambda lang: {
            "deadline": format_date(ticket.applicant_deadline or now, lang, timezone),
            "items": "\n".join(_missing_line(d, lang) for d in missing),
            "source": cite(kb, kb.requests.withdrawal_source, lang),
        })
    if new is Status.VERIFIED:
        return _in_every_language("notice.verified", lambda lang: {})
    if new is Status.NOTIFIED or (new is Status.CLOSED and old is not Status.NOTIFIED and ticket.outcome):
        return outcome_notice(kb, ticket)
    return None


def outcome_notice(kb: KnowledgeBase, ticket: Ticket) -> Texts | None:
    """The notice of the decision (or of the withdrawal) recorded on the ticket."""
    if not ticket.outcome:
        return None
    outcome = Outcome(ticket.outcome)
    contact = kb.meta.contact
    alternative = kb.requests.alternative_measure_source

    def values(lang: str) -> dict[str, str]:
        try:
            kind = kb.requests.kind(ticket.kind).name(lang)
        except KeyError:  # a kind the data no longer has: its key still says what was asked
            kind = ticket.kind
        return {
            "ground": cite(kb, ticket.refusal_ground, lang) if ticket.refusal_ground else "",
            "kind": kind,
            "section": cite(kb, alternative, lang) if alternative else "",
            "source": cite(kb, kb.requests.withdrawal_source, lang),
            "office": contact.office(lang), "email": contact.email,
        }

    return _in_every_language(f"notice.outcome.{outcome.value}", values)


def tell_applicant(
    session: Session,
    kb: KnowledgeBase,
    ticket: Ticket,
    texts: Texts,
    options: NoticeOptions,
    *,
    now: dt.datetime | None = None,
) -> ApplicantMessage:
    """Record the notice for the status page and queue it for every address the applicant has."""
    message = ApplicantMessage(ticket_id=ticket.id, status=ticket.status, at=now or utcnow(),
                               **{f"text_{lang}": texts[lang] for lang in LANGUAGES})
    session.add(message)
    lang = supported(ticket.lang)
    url = options.status_url(ticket.reference) if options.status_url else ""
    for channel, address in recipients(ticket, options):
        outbox.enqueue_notice(session, ticket, channel=channel, address=address, lang=lang, text=texts[lang],
                              status_url=url)
    return message


def recipients(ticket: Ticket, options: NoticeOptions) -> list[tuple[str, str]]:
    """(channel, address) of every place the applicant is told: the conversation the request came from
    (when the front end kept the user's id) and the e-mail address (when e-mail is sent)."""
    found = []
    if ticket.channel_user:
        found.append((ticket.channel, ticket.channel_user))
    if options.email_channel and ticket.email:
        found.append((options.email_channel, ticket.email))
    return found


def _missing_line(item: Deficiency, lang: str) -> str:
    label = item.label(lang)
    if item.shortfall_yen is not None and item.received_yen:
        label += catalog().text("notice.shortfall", lang, received=item.received_yen, short=item.shortfall_yen)
    return catalog().text("notice.missing_item", lang, label=label)


def _in_every_language(key: str, values: Callable[[str], dict[str, str]]) -> Texts:
    return {lang: catalog().text(key, lang, **values(lang)) for lang in LANGUAGES}
