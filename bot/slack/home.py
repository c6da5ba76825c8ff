"""The App Home tab: what the bot can do, "Start a request", and the user's own open requests."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.slack.api import call
from bot.slack.render import Block, escape, mrkdwn, plain
from bot.slack.wording import say
from intake.models import Ticket
from intake.status import Status, status_label
from knowledge.models import KnowledgeBase

if TYPE_CHECKING:
    from bot.context import AppContext

logger = logging.getLogger(__name__)
MAX_LISTED = 20


def open_requests(session: Session, user_id: str) -> list[Ticket]:
    """Tickets this Slack user opened through Slack that are not closed, newest first."""
    return list(session.scalars(
        select(Ticket)
        .where(Ticket.channel == "slack", Ticket.channel_user == user_id, Ticket.status != Status.CLOSED.value)
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .limit(MAX_LISTED)
    ))


def _request_line(kb: KnowledgeBase, ticket: Ticket) -> str:
    kind = kb.requests.kind(ticket.kind)
    # Reference, kind and status only: the tab needs nothing personal to be useful.
    return (f"*{escape(ticket.reference)}* — {escape(kind.name_ja)} / {escape(kind.name_en)}\n"
            f"{escape(status_label(ticket.status, 'ja'))} / {escape(status_label(ticket.status, 'en'))}")


def home_view(kb: KnowledgeBase, tickets: list[Ticket]) -> dict[str, Any]:
    """The ``views.publish`` view (Japanese first, English alongside)."""
    blocks: list[Block] = [
        {"type": "section", "text": mrkdwn(say("home_intro", "ja"))},
        {"type": "section", "text": mrkdwn(say("home_intro", "en"))},
        {"type": "actions", "block_id": "home_start", "elements": [
            {"type": "button", "action_id": "home:start:ja", "text": plain(say("start_ja", "ja")), "style": "primary",
             "value": "intake:start"},
            {"type": "button", "action_id": "home:start:en", "text": plain(say("start_en", "en")),
             "value": "intake:start"},
        ]},
        {"type": "divider"},
        {"type": "section", "text": mrkdwn(f"{say('home_requests', 'ja')} / {say('home_requests', 'en')}")},
    ]
    if not tickets:
        blocks.append({"type": "section", "text": mrkdwn(f"{say('home_none', 'ja')} / {say('home_none', 'en')}")})
    for ticket in tickets:
        blocks.append({"type": "section", "text": mrkdwn(_request_line(kb, ticket))})
    return {"type": "home", "blocks": blocks}


def build_home(ctx: AppContext, user_id: str) -> dict[str, Any]:
    """Read the user's open requests and build their home view."""
    with ctx.sessions() as session:
        return home_view(ctx.kb, open_requests(session, user_id))


def publish_home(ctx: AppContext, client: WebClient, user_id: str) -> None:
    """Publish the user's App Home (after it opens, or after they opened a request)."""
    try:
        view = build_home(ctx, user_id)
    except Exception:  # the database is down: keep the previous tab rather than fail the listener
        logger.exception("could not build the App Home view")
        return
    call(client.views_publish, user_id=user_id, view=view)
