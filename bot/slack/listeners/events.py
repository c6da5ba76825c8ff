"""Direct messages (``message.im``) and @mentions in channels (answered in a thread)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.slack.incoming import Place, clean_text, from_a_bot
from bot.slack.replies import converse, post
from bot.wording import in_every_language


def register(app: App) -> None:
    """Register the DM and mention listeners."""
    app.event("app_mention")(on_mention)
    app.event("message")(on_message)


def on_message(event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """A direct message to the bot: the core answers in the DM (in the thread if the user wrote in one)."""
    if event.get("channel_type") != "im" or from_a_bot(event, context.bot_user_id) or not event.get("user"):
        return
    place = Place(team=body.get("team_id") or "-", channel=event["channel"], user=event["user"],
                  thread_ts=event.get("thread_ts"))
    if event.get("subtype") == "file_share":
        # Identity documents go by post: a file in the chat is never taken as part of a request.
        post(client, place, {"text": in_every_language("chat.no_personal_data")})
        return
    if event.get("subtype"):
        return
    converse(context["madoguchi"], place, clean_text(event.get("text", "")))


def on_mention(event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """An @mention in a channel: answered in the thread of the mention (or the thread it was made in)."""
    channel = event.get("channel", "")
    if from_a_bot(event, context.bot_user_id) or not event.get("user") or channel.startswith("D"):
        return  # a DM arrives as message.im as well; answer it once
    place = Place(team=body.get("team_id") or "-", channel=channel, user=event["user"],
                  thread_ts=event.get("thread_ts") or event.get("ts"))
    converse(context["madoguchi"], place, clean_text(event.get("text", "")))
