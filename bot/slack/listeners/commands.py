"""The ``/privacy`` slash command: an answer only the user sees."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.core.conversation import ConversationCore
from bot.core.messages import Option, Reply
from bot.slack.incoming import Place, clean_text
from bot.slack.render import message
from bot.slack.replies import converse, post
from bot.slack.wording import say


def register(app: App) -> None:
    """Register the /privacy listeners."""
    app.command("/privacy")(on_privacy)


def on_privacy(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext) -> None:
    """``/privacy <question>`` answers ephemerally; ``/privacy`` alone says what the bot can do."""
    ack()  # within Slack's 3 seconds; the answer follows through the response URL
    bot = context["madoguchi"]
    place = Place(team=body.get("team_id") or "-", channel=body.get("channel_id") or body["user_id"],
                  user=body["user_id"], ephemeral=True)
    question = clean_text(body.get("text") or "")
    if question:
        converse(bot.ctx, client, place, question, respond)
    else:
        post(client, place, message(help_reply(bot.ctx.core)), respond)


def help_reply(core: ConversationCore) -> Reply:
    """The welcome in Japanese and English, how to ask, and the main options with both labels."""
    ja, en = core.welcome("ja"), core.welcome("en")
    labels = {o.value: o.label for o in en.options}
    options = [Option(f"{o.label} / {labels[o.value]}" if o.value in labels else o.label, o.value) for o in ja.options]
    body = f"{ja.text}\n{say('usage', 'ja')}\n\n{en.text}\n{say('usage', 'en')}"
    return Reply(body, options=options, kind="info", lang="ja")
