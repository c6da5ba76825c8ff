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
from bot.wording import say
from knowledge.lang import LANGUAGES


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
        converse(bot, place, question, respond)
    else:
        post(client, place, message(help_reply(bot.ctx.core)), respond)


def help_reply(core: ConversationCore) -> Reply:
    """The welcome in every language (Japanese first), how to ask, and the main options with every label."""
    welcomes = [core.welcome(lang) for lang in LANGUAGES]
    labels: dict[str, list[str]] = {}
    for welcome in welcomes:
        for option in welcome.options:
            labels.setdefault(option.value, []).append(option.label)
    options = [Option(" / ".join(names), value) for value, names in labels.items()]
    body = "\n\n".join(f"{welcome.text}\n{say('slack.usage', welcome.lang)}" for welcome in welcomes)
    return Reply(body, options=options, kind="info", lang=welcomes[0].lang)
