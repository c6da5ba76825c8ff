"""Buttons: answer options, "Start a request" (opens the form), and the triage Claim/Open buttons."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack import feedback, forms
from bot.slack.api import call
from bot.slack.incoming import Place
from bot.slack.replies import converse
from bot.slack.triage import handle_claim
from knowledge.lang import supported


def register(app: App) -> None:
    """Register the button listeners."""
    app.action(re.compile(r"^opt:\d+$"))(on_option)
    app.action(re.compile(r"^home:start:(ja|en)$"))(on_home_start)
    app.action("triage:claim")(on_claim)
    app.action(re.compile(r"^feedback:(yes|no)$"))(on_feedback)
    app.action("feedback:comment")(on_feedback_comment)
    app.action(re.compile(".*"))(on_other)  # link buttons (Open) also send an action: acknowledge them


def place_of(body: dict[str, Any]) -> Place:
    """Where the clicked message is: its channel, thread, and whether only the user sees it."""
    container = body.get("container") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id") or body["user"]["id"]
    thread_ts = (body.get("message") or {}).get("thread_ts") or container.get("thread_ts")
    return Place(team=(body.get("team") or {}).get("id") or body["user"].get("team_id") or "-", channel=channel,
                 user=body["user"]["id"], thread_ts=thread_ts, ephemeral=bool(container.get("is_ephemeral")))


def open_form(client: WebClient, context: BoltContext, trigger_id: str, lang: str, value: str) -> None:
    """Open the request form, with the kind preselected for ``intake:start:<kind>``."""
    kind = value.split(":", 2)[2] if value.count(":") == 2 else None
    call(client.views_open, trigger_id=trigger_id, view=forms.request_modal(context["madoguchi"].ctx.kb, lang, kind))


def on_option(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext,
              respond: Respond) -> None:
    """An answer's button: its value is sent through the core as the user's message, replies go where it was."""
    ack()
    value = str(action.get("value") or "")
    lang = _lang_of(str(action.get("block_id", "")))
    if value.startswith("intake:start"):
        open_form(client, context, body["trigger_id"], lang, value)
        return
    converse(context["madoguchi"], place_of(body), value, respond)


def _lang_of(block_id: str) -> str:
    """The reply's language, carried in the option block's id (``opts:<lang>:<n>``, see ``bot.slack.render``)."""
    parts = block_id.split(":")
    return supported(parts[1] if len(parts) > 2 and parts[0] == "opts" else None)


def on_home_start(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                  context: BoltContext) -> None:
    """App Home's "Start a request" (one button per language)."""
    ack()
    open_form(client, context, body["trigger_id"], supported(action["action_id"].rsplit(":", 1)[1]), "intake:start")


def on_claim(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Triage "Claim": exactly one claimant wins; the post shows who, the others are told privately."""
    ack()
    handle_claim(context["madoguchi"].ctx, client, user=body["user"]["id"], reference=str(action.get("value") or ""),
                 channel=place_of(body).channel, message_ts=(body.get("message") or {}).get("ts")
                 or (body.get("container") or {}).get("message_ts"))


def on_feedback(ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext,
                respond: Respond) -> None:
    """役に立った／役に立たなかった under an answer."""
    ack()
    feedback.on_rate(context["madoguchi"].ctx, body, action, respond)


def on_feedback_comment(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
    """"Tell us what was missing" after an unhelpful rating: the comment form."""
    ack()
    feedback.open_comment(client, body, action)


def on_other(ack: Ack) -> None:
    """Any other button (the triage "Open" link): nothing to do but acknowledge."""
    ack()
