"""Running one turn through the core for a Slack place, and posting its replies back there."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient

from bot.core.messages import Reply
from bot.slack.api import call
from bot.slack.incoming import Place
from bot.units import DatabaseUnavailable, run_turn
from bot.wording import in_every_language, say

if TYPE_CHECKING:
    from bot.slack.app import SlackBot

logger = logging.getLogger(__name__)

Respond = Callable[..., Any]


def send_dm(client: WebClient, user: str, message: dict[str, Any]) -> bool:
    """Post ``message`` (text + blocks) in the user's direct message with the bot; False if it failed."""
    opened = call(client.conversations_open, users=user)
    channel = (opened.get("channel") or {}).get("id") if opened else None
    return call(client.chat_postMessage, channel=channel or user, **message) is not None


def post(client: WebClient, place: Place, message: dict[str, Any], respond: Respond | None = None) -> None:
    """Post one message where the conversation is: thread, DM, or ephemerally to the user."""
    if place.ephemeral:
        if respond is not None:
            try:
                respond(response_type="ephemeral", replace_original=False, **message)
                return
            except Exception:  # an expired response URL: fall back to chat.postEphemeral
                logger.exception("Slack response_url failed; falling back to chat.postEphemeral")
        call(client.chat_postEphemeral, channel=place.channel, user=place.user, **message)
        return
    extra = {"thread_ts": place.thread_ts} if place.thread_ts else {}
    call(client.chat_postMessage, channel=place.channel, **extra, **message)


def deliver(bot: SlackBot, place: Place, replies: list[Reply], respond: Respond | None = None) -> None:
    """Post the replies in order. A kit with an access code only ever goes to a private place (the DM)."""
    for reply in replies:
        if reply.ticket is not None and reply.ticket.access_code and not bot.is_private(place):
            # The access code opens the status page: never in a channel thread, nor only in an
            # ephemeral message that disappears on reload.
            if send_dm(bot.client, place.user, bot.render(reply)):
                post(bot.client, place, {"text": say("slack.kit_sent_dm", reply.lang)}, respond)
            else:
                post(bot.client, place, {"text": say("slack.unavailable", reply.lang)}, respond)
            continue
        post(bot.client, place, bot.render(reply), respond)


def converse(bot: SlackBot, place: Place, text: str, respond: Respond | None = None) -> None:
    """Send ``text`` through the conversation core as the user's message and post the replies."""
    try:
        turn = run_turn(bot.ctx, bot.incoming(place, text))
    except Exception as exc:  # the user hears something either way; nothing was committed
        if not isinstance(exc, DatabaseUnavailable):
            logger.exception("the conversation core failed on a Slack message")
        post(bot.client, place, {"text": in_every_language("slack.unavailable")}, respond)
        return
    deliver(bot, place, turn.replies, respond)

