"""The App Home tab: what the bot can do, "Start a request", and the user's own open requests."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient

from bot.slack.api import call
from bot.slack.render import Block, escape, mrkdwn, plain
from bot.units import in_transaction
from bot.wording import in_every_language, say
from intake.models import Ticket
from intake.status import status_label
from intake.tickets import open_requests_of
from knowledge.lang import LANGUAGES
from knowledge.models import KnowledgeBase

if TYPE_CHECKING:
    from bot.context import AppContext

logger = logging.getLogger(__name__)
MAX_LISTED = 20


def _request_line(kb: KnowledgeBase, ticket: Ticket) -> str:
    kind = kb.requests.kind(ticket.kind)
    # Reference, kind and status only: the tab needs nothing personal to be useful.
    names = " / ".join(escape(kind.name(lang)) for lang in LANGUAGES)
    statuses = " / ".join(escape(status_label(ticket.status, lang)) for lang in LANGUAGES)
    return f"*{escape(ticket.reference)}* — {names}\n{statuses}"


def home_view(kb: KnowledgeBase, tickets: list[Ticket]) -> dict[str, Any]:
    """The ``views.publish`` view (every language, Japanese first: the tab does not know the user's)."""
    blocks: list[Block] = [{"type": "section", "text": mrkdwn(say("slack.home_intro", lang))} for lang in LANGUAGES]
    blocks.append({"type": "actions", "block_id": "home_start", "elements": [
        {"type": "button", "action_id": f"home:start:{lang}", "text": plain(say("chat.start_request", lang)),
         "value": "intake:start", **({"style": "primary"} if index == 0 else {})}
        for index, lang in enumerate(LANGUAGES)]})
    blocks += [{"type": "divider"},
               {"type": "section", "text": mrkdwn(in_every_language("slack.home_requests", " / "))}]
    if not tickets:
        blocks.append({"type": "section", "text": mrkdwn(in_every_language("slack.home_none", " / "))})
    for ticket in tickets:
        blocks.append({"type": "section", "text": mrkdwn(_request_line(kb, ticket))})
    return {"type": "home", "blocks": blocks}


def build_home(ctx: AppContext, user_id: str) -> dict[str, Any]:
    """Read the user's open requests and build their home view."""
    from bot.slack.app import CHANNEL

    tickets = in_transaction(ctx, lambda session: open_requests_of(session, CHANNEL, user_id, limit=MAX_LISTED))
    return home_view(ctx.kb, tickets)


def publish_home(ctx: AppContext, client: WebClient, user_id: str) -> None:
    """Publish the user's App Home (after it opens, or after they opened a request)."""
    try:
        view = build_home(ctx, user_id)
    except Exception:  # the database is down: keep the previous tab rather than fail the listener
        logger.exception("could not build the App Home view")
        return
    call(client.views_publish, user_id=user_id, view=view)
