"""Notices to the applicant: the wording of every status notice, and sending it the way the request came.

All applicant-facing wording of status changes lives here. Policy facts (section titles, the office,
its address and e-mail, enclosure labels, amounts) come from the knowledge base or the ticket. The
policy promises action 遅滞なく (without delay), so no notice ever names a number of days; the only date
given is the applicant's own deadline to complete a deficient file.

A notice is written as an :class:`ApplicantMessage` (shown on the status page and in the status API),
queued as a Slack DM when the request came from Slack, and as an e-mail when e-mail is configured and the
ticket has an address. Everything is written in the caller's transaction, so a rolled-back change
sends nothing.
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
from knowledge.models import KnowledgeBase

if TYPE_CHECKING:
    from intake.workflow import Deficiency

Texts = tuple[str, str]  # (Japanese, English)


@dataclass(frozen=True)
class NoticeOptions:
    """How notices leave: e-mail only when SMTP is configured; ``status_url(reference)`` for links."""

    email: bool = False
    status_url: Callable[[str], str] | None = None


RECEIVED: Texts = (
    "ご請求の書類を{date}に受領しました。内容とご本人確認を行い、遅滞なく対応いたします。",
    "We received your documents on {date}. We are checking them and your identity, and will handle "
    "your request without undue delay.",
)
COMPLETED: Texts = (
    "不足していた書類等を{date}に受領しました。手続きを再開し、遅滞なく対応いたします。",
    "We received the missing documents on {date}. Your request is being handled again, without undue delay.",
)
MISSING: Texts = (
    "お送りいただいた書類に不足があります。次のものを{deadline}までにお送りください。\n{items}\n"
    "期限までにお送りいただけない場合は、ご請求がなかったものとして、お送りいただいた書面を返送いたします（{source}）。",
    "Something is missing from your documents. Please send the following by {deadline}:\n{items}\n"
    "If it does not arrive by then, we will treat the request as not made and return the documents you sent ({source}).",
)
STAMPS_SHORT: Texts = ("（受領額 {received:,}円、不足 {short:,}円）", " (received {received:,} yen, {short:,} yen short)")
VERIFIED: Texts = (
    "ご本人確認が済みました。ご請求への対応を進めています。",
    "Your identity has been verified; your request is being handled.",
)
OUTCOMES: dict[Outcome, Texts] = {
    Outcome.DISCLOSED: ("ご請求の個人情報を開示することを決定し、その内容を書面でお送りしました。",
                        "We decided to disclose the personal information you asked for and sent it to you in writing."),
    Outcome.PARTIALLY_DISCLOSED: (
        "ご請求の個人情報の一部を開示することを決定し、その内容を書面でお送りしました。"
        "一部を開示しない理由：プライバシーポリシー {ground}「{ground_title}」。",
        "We decided to disclose part of the personal information you asked for and sent it to you in writing. "
        "Part is withheld under the privacy policy, {ground} ({ground_title})."),
    Outcome.REFUSED: ("ご請求（{kind}）には応じないことを決定しました。理由：プライバシーポリシー {ground}「{ground_title}」。",
                      "We decided not to carry out your request ({kind}). Reason: the privacy policy, "
                      "{ground} ({ground_title})."),
    Outcome.CORRECTED: ("ご請求のとおり、個人情報を訂正しました。", "We corrected your personal information as you asked."),
    Outcome.ADDED: ("ご請求のとおり、個人情報を追加しました。", "We added the information as you asked."),
    Outcome.DELETED: ("ご請求のとおり、個人情報を削除（消去）しました。", "We deleted your personal information as you asked."),
    Outcome.STOPPED: ("ご請求のとおり、個人情報の利用（または第三者への提供）を停止しました。",
                      "We stopped using (or providing to third parties) your personal information as you asked."),
    Outcome.ALTERNATIVE_MEASURE: (
        "ご請求の利用停止等を行うことが困難なため、プライバシーポリシー {section}「{section_title}」に基づき、"
        "お客様の権利利益を保護するためにこれに代わる措置をとりました。内容は書面でお知らせします。",
        "Stopping the use as asked is not feasible, so under the privacy policy, {section} ({section_title}), "
        "we took an alternative measure that protects your rights; we are telling you about it in writing."),
    Outcome.NOTICE_GIVEN: ("ご請求の利用目的を書面でお知らせしました。",
                           "We sent you the purpose of use of your personal information in writing."),
    Outcome.WITHDRAWN: ("期限までに不足書類等が届かなかったため、ご請求はなかったものとして取り扱い、"
                        "お送りいただいた書面を返送いたします（{source}）。",
                        "The missing documents did not arrive by the deadline, so the request is treated as not "
                        "made and the documents you sent are being returned ({source})."),
    Outcome.CANCELLED: ("このご請求の手続きを終了しました。ご不明な点は{office}（{email}）までお問い合わせください。",
                        "This request has been closed. If you have questions, please contact {office} ({email})."),
}
ALTERNATIVE_SECTION = "Ⅵ"  # the section that allows an alternative measure
RETURN_SECTION = "Ⅶ.3"  # the section that says the documents are returned
SUBJECT: Texts = ("【{org}】ご請求（{reference}）の状況のお知らせ", "[{org}] Update on your request {reference}")
FOOTER: Texts = (
    "受付番号: {reference}\n状況の確認（アクセスコードが必要です）: {url}\nお問い合わせ: {office} {email}",
    "Reference: {reference}\nCheck the status (you need your access code): {url}\nQuestions: {office} {email}",
)


def format_date(when: dt.datetime, lang: str, timezone: str) -> str:
    """A calendar date in the deployment's time zone, written the way each language writes dates."""
    local = when.astimezone(ZoneInfo(timezone))
    return f"{local.year}年{local.month}月{local.day}日" if lang == "ja" else f"{local.day} {local:%B} {local.year}"


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
    """The (Japanese, English) notice for a status change, or None if the change is internal."""
    now = now or utcnow()
    if new is Status.RECEIVED:
        template = COMPLETED if old is Status.WAITING_FOR_APPLICANT else RECEIVED
        return _both(template, lambda lang: {"date": format_date(now, lang, timezone)})
    if new is Status.WAITING_FOR_APPLICANT:
        return _both(MISSING, lambda lang: {
            "deadline": format_date(ticket.applicant_deadline or now, lang, timezone),
            "items": "\n".join(_missing_line(d, lang) for d in missing),
            "source": _cite(kb, RETURN_SECTION, lang),
        })
    if new is Status.VERIFIED:
        return VERIFIED
    if new is Status.NOTIFIED or (new is Status.CLOSED and old is not Status.NOTIFIED and ticket.outcome):
        return outcome_notice(kb, ticket)
    return None


def outcome_notice(kb: KnowledgeBase, ticket: Ticket) -> Texts | None:
    """The notice of the decision (or of the withdrawal) recorded on the ticket."""
    if not ticket.outcome:
        return None
    outcome = Outcome(ticket.outcome)
    contact = kb.meta.contact
    kind = kb.requests.kind(ticket.kind)

    def values(lang: str) -> dict[str, str]:
        ground = ticket.refusal_ground or ""
        return {
            "ground": ground, "ground_title": kb.section_title(ground, lang) if ground else "",
            "kind": kind.name_ja if lang == "ja" else kind.name_en,
            "section": ALTERNATIVE_SECTION, "section_title": kb.section_title(ALTERNATIVE_SECTION, lang),
            "source": _cite(kb, RETURN_SECTION, lang),
            "office": contact.office_ja if lang == "ja" else contact.office_en, "email": contact.email,
        }

    return _both(OUTCOMES[outcome], values)


def tell_applicant(
    session: Session,
    kb: KnowledgeBase,
    ticket: Ticket,
    texts: Texts,
    options: NoticeOptions,
    *,
    now: dt.datetime | None = None,
) -> ApplicantMessage:
    """Record the notice for the status page and queue it for Slack and e-mail as the ticket allows."""
    text_ja, text_en = texts
    message = ApplicantMessage(ticket_id=ticket.id, status=ticket.status, text_ja=text_ja, text_en=text_en,
                               at=now or utcnow())
    session.add(message)
    lang = ticket.lang if ticket.lang in ("ja", "en") else "ja"
    text = text_ja if lang == "ja" else text_en
    url = options.status_url(ticket.reference) if options.status_url else ""
    if ticket.channel == "slack" and ticket.channel_user:
        dm = f"{ticket.reference}: {text}" + (f"\n{url}" if url else "")
        outbox.enqueue(session, "slack.dm", {"user": ticket.channel_user, "text": dm,
                                             "reference": ticket.reference}, ticket)
    if options.email and ticket.email:
        contact, org = kb.meta.contact, kb.meta.organization
        pick = 0 if lang == "ja" else 1
        subject = SUBJECT[pick].format(org=org.name_ja if lang == "ja" else org.name_en, reference=ticket.reference)
        footer = FOOTER[pick].format(reference=ticket.reference, url=url or "-",
                                     office=contact.office_ja if lang == "ja" else contact.office_en,
                                     email=contact.email)
        outbox.enqueue(session, "email", {"to": ticket.email, "subject": subject, "body": f"{text}\n\n{footer}\n",
                                          "reference": ticket.reference}, ticket)
    return message


def _missing_line(item: Deficiency, lang: str) -> str:
    label = item.label_ja if lang == "ja" else item.label_en
    if item.shortfall_yen is not None and item.received_yen:
        extra = STAMPS_SHORT[0 if lang == "ja" else 1]
        label += extra.format(received=item.received_yen, short=item.shortfall_yen)
    return f"・{label}" if lang == "ja" else f"- {label}"


def _cite(kb: KnowledgeBase, section: str, lang: str) -> str:
    title = kb.section_title(section, lang)
    return f"プライバシーポリシー {section}「{title}」" if lang == "ja" else f"privacy policy {section}, {title}"


def _both(template: Texts, values: Callable[[str], dict[str, str]]) -> Texts:
    return template[0].format(**values("ja")), template[1].format(**values("en"))
