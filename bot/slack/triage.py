"""Secretariat triage in Slack: a post per new ticket, and its Claim and Open buttons.

A triage post is built only from :class:`TriageFacts` (reference, kind, requester type, channel, due
date, holder): it has no field for a name, an address, an e-mail or the details, so none can leak
into the channel.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.slack.api import call, call_or_retry_later
from bot.slack.render import Block, escape, mrkdwn, plain
from bot.units import DatabaseUnavailable, in_transaction
from bot.wording import in_every_language
from intake import staff as accounts
from intake.assignment import claim
from intake.models import Ticket
from intake.tickets import get_by_reference
from knowledge.lang import LANGUAGES

if TYPE_CHECKING:
    from bot.context import AppContext

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TriageFacts:
    """Everything a triage post shows: nothing personal."""

    reference: str
    kind: str
    requester: str
    channel: str
    due_at: str | None
    holder: str | None = None  # Slack mention or staff e-mail of who claimed it

    @classmethod
    def of(cls, ticket: Ticket, holder: str | None) -> TriageFacts:
        """The non-personal facts of ``ticket``."""
        return cls(ticket.reference, ticket.kind, ticket.requester, ticket.channel,
                   ticket.due_at.isoformat() if ticket.due_at else None, holder)


def _due(value: str | None, timezone: str) -> str:
    if not value:
        return "-"
    try:
        return dt.datetime.fromisoformat(value).astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d")
    except ValueError:
        return "-"


def triage_blocks(ctx: AppContext, facts: TriageFacts) -> list[Block]:
    """The triage post: reference, kind, person/agent, channel, due date, holder; Claim and Open buttons."""
    try:
        kind = ctx.kb.requests.kind(facts.kind)
        kind_label = " / ".join(kind.name(lang) for lang in LANGUAGES)
    except KeyError:
        kind_label = facts.kind
    requester_key = f"kit.{facts.requester}"
    requester = in_every_language(requester_key, " / ") if facts.requester in ("self", "agent") else facts.requester
    holder = facts.holder or in_every_language("slack.unassigned", " / ")
    link = f"{ctx.settings.base_url.rstrip('/')}/staff/tickets/{facts.reference}"

    def field(key: str, value: str) -> dict[str, str]:
        return mrkdwn(f"*{in_every_language(key, ' / ')}*\n{value}")

    fields = [
        field("slack.triage_reference", escape(facts.reference)),
        field("slack.triage_kind", escape(kind_label)),
        field("slack.triage_requester", escape(requester)),
        field("slack.triage_channel", escape(facts.channel)),
        field("slack.triage_due", _due(facts.due_at, ctx.settings.timezone)),
        field("slack.triage_assignee", holder),  # already Slack markup (a mention) or an escaped e-mail
    ]
    buttons: list[Block] = []
    if facts.holder is None:
        buttons.append({"type": "button", "action_id": "triage:claim", "style": "primary", "value": facts.reference,
                        "text": plain(in_every_language("slack.claim", " / "))})
    buttons.append({"type": "button", "action_id": "triage:open", "url": link, "value": facts.reference,
                    "text": plain(in_every_language("slack.open", " / "))})
    title = in_every_language("slack.triage_new", " / ", reference=facts.reference)
    return [{"type": "section", "text": mrkdwn(f"*{escape(title)}*")},
            {"type": "section", "fields": fields},
            {"type": "actions", "block_id": "triage", "elements": buttons}]


def triage_text(facts: TriageFacts) -> str:
    """The notification text of a triage post."""
    return in_every_language("slack.triage_new", " / ", reference=facts.reference)


def post_new_ticket(ctx: AppContext, client: WebClient, payload: dict[str, Any]) -> None:
    """Outbox handler of ``ticket.created``: post to the triage channel (rate limits → RetryLater)."""
    facts = TriageFacts(reference=str(payload["reference"]), kind=str(payload["kind"]),
                        requester=str(payload["requester"]), channel=str(payload.get("channel") or "-"),
                        due_at=payload.get("due_at"))
    call_or_retry_later(client.chat_postMessage, channel=ctx.settings.triage_channel, text=triage_text(facts),
                        blocks=triage_blocks(ctx, facts))


def display_holder(session: Session, holder: str | None) -> str | None:
    """How a holder is shown in Slack: a mention for Slack users and linked staff, else the staff e-mail."""
    if holder is None:
        return None
    if holder.startswith("slack:"):
        return f"<@{holder.removeprefix('slack:')}>"
    staff = accounts.get_staff(session, holder)
    return f"<@{staff.slack_user_id}>" if staff and staff.slack_user_id else escape(holder)


def handle_claim(ctx: AppContext, client: WebClient, *, user: str, reference: str, channel: str,
                 message_ts: str | None) -> None:
    """Claim ``reference`` for the Slack user; update the triage post, or tell them who has it."""

    def work(session: Session) -> tuple[bool, TriageFacts | None]:
        staff = accounts.linked_staff(session, user)
        who = staff.email if staff else f"slack:{user}"
        result = claim(session, reference, who, staff_id=staff.id if staff else None)
        ticket = get_by_reference(session, reference) if result else None
        if result is None or ticket is None:
            return False, None
        return result.won, TriageFacts.of(ticket, display_holder(session, result.holder))

    try:
        won, facts = in_transaction(ctx, work)
    except DatabaseUnavailable:
        call(client.chat_postEphemeral, channel=channel, user=user, text=in_every_language("slack.unavailable"))
        return
    if facts is None:
        call(client.chat_postEphemeral, channel=channel, user=user,
             text=in_every_language("slack.unknown_ticket", reference=reference))
    elif won and message_ts:
        call(client.chat_update, channel=channel, ts=message_ts, text=triage_text(facts),
             blocks=triage_blocks(ctx, facts))
    elif not won:
        text = in_every_language("slack.claimed_by_other", reference=reference, holder=facts.holder)
        call(client.chat_postEphemeral, channel=channel, user=user, text=text)
