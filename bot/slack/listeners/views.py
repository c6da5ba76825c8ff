"""The request form's submission: validate, open the ticket, then (after the commit) DM the kit."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core.messages import Reply
from bot.slack import feedback, forms
from bot.slack.home import publish_home
from bot.slack.replies import send_dm
from bot.units import DatabaseUnavailable, in_transaction
from bot.wording import say


def register(app: App) -> None:
    """Register the request form listeners."""
    app.view(forms.CALLBACK_ID)(on_submit)
    app.view(feedback.COMMENT_CALLBACK)(on_comment)


def on_comment(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
    """A comment on an unhelpful answer: stored with its rating, the form closes."""
    ack()
    feedback.on_comment(context["madoguchi"].ctx, view)


def on_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Errors are shown under their fields; a valid request becomes a ticket, and the kit goes by DM."""
    bot = context["madoguchi"]
    ctx = bot.ctx
    user = body["user"]["id"]
    lang = forms.view_lang(view)
    request, errors = forms.validate(ctx.kb, forms.submitted_values(view), lang)
    if request is None:
        ack(response_action="errors", errors=errors)
        return
    try:
        kit: Reply = in_transaction(ctx, lambda session: ctx.core.open_request(
            session, request, channel=bot.channel, channel_user=user, lang=lang)[1])
    except DatabaseUnavailable:
        ack(response_action="errors", errors={"name": say("slack.unavailable", lang)})
        return
    # Committed: now (and only now) the user is told, and the triage post can go out.
    reference = kit.ticket.reference if kit.ticket else ""
    ack(response_action="update", view=forms.done_view(lang, reference))
    ctx.dispatcher.kick()
    send_dm(client, user, bot.render(kit))
    publish_home(ctx, client, user)
