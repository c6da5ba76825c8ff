"""Building the Bolt app once per process, for HTTP mode and Socket Mode alike.

Every Web API call goes to ``settings.slack_api_url``. The token is checked lazily (``auth.test`` on
the first request) so a web server starts even when Slack is briefly unreachable; ``madoguchi slack``
checks it eagerly. Bolt acknowledges Slack and then runs the listener bodies in our executor, so the
3-second ack never waits for the conversation core or the Web API.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from bot.connector import Connector, Notice
from bot.core.messages import IncomingMessage, Reply
from bot.slack import dedupe, render, triage
from bot.slack.api import call_or_retry_later
from bot.slack.executor import TrackingExecutor
from bot.slack.incoming import Place
from bot.slack.listeners import register_listeners
from knowledge.language import catalog

if TYPE_CHECKING:
    from bot.context import AppContext

logger = logging.getLogger(__name__)
CHANNEL = "slack"  # the name Slack tickets and conversations carry
LEGACY_DM_TOPIC = "slack.dm"  # notices queued before applicant.message; still delivered


class _NoPayloads(logging.Filter):
    """Bolt and the Socket Mode client can log whole payloads (``{...}``), which may hold a name or an
    address (a submitted form): everything from the first ``{`` is cut off.

    Also drops Bolt's notice that the environment's token is unused (our client carries the same token).
    """

    _DUMP = re.compile(r"\s*[(\[]?\{.*", re.DOTALL)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            return True
        if "`token` will be unused" in message:
            return False
        if "{" in message:
            record.msg, record.args = self._DUMP.sub(" [payload omitted]", message, count=1), None
        return True


def bolt_logger() -> logging.Logger:
    """The base logger handed to Bolt; Bolt copies its filters onto its own loggers."""
    base = logging.getLogger("bot.slack.bolt")
    if not any(isinstance(f, _NoPayloads) for f in base.filters):
        base.addFilter(_NoPayloads())
    return base


@dataclass
class SlackBot(Connector[Place, dict[str, Any]]):
    """The process's Slack app and Slack's connector: Bolt, a Web API client, the listener executor and
    the signature check. Places are DMs, channel threads and slash-command answers (:class:`Place`)."""

    ctx: AppContext
    app: App
    client: WebClient
    executor: TrackingExecutor
    verifier: SignatureVerifier | None  # None without a signing secret (Socket Mode only)
    channel = CHANNEL

    def incoming(self, place: Place, text: str, **extra: Any) -> IncomingMessage:
        """A message typed (or an option clicked) at ``place``: one conversation per user and place."""
        # In a channel thread others read along: the core then offers the private form instead of a dialog.
        return IncomingMessage(channel=CHANNEL, conversation_id=place.conversation_id, text=text, user_id=place.user,
                               fixed_conversation=True, public=not place.is_dm and not place.ephemeral,
                               client=f"slack:{place.team}:{place.user}")

    def render(self, reply: Reply) -> dict[str, Any]:
        """Block Kit keyword arguments for chat.postMessage / respond()."""
        return render.message(reply)

    def is_private(self, place: Place) -> bool:
        """Only the DM with the bot: a slash command's ephemeral answer vanishes on reload, a thread is shared."""
        return place.is_dm

    def deliver(self, notice: Notice) -> None:
        """A status notice in the applicant's DM (rate limits and Slack errors → RetryLater)."""
        text = catalog().text("notice.chat", notice.lang, reference=notice.reference, text=notice.text)
        send_dm_or_retry(self.client, notice.address, text + (f"\n{notice.status_url}" if notice.status_url else ""))

    def close(self) -> None:
        """Let running listeners finish (up to 10 s), then release the executor."""
        self.executor.wait_idle(timeout=10)
        self.executor.shutdown(wait=False)


def web_client(ctx: AppContext) -> WebClient:
    """A Web API client on the configured base URL (``MADOGUCHI_SLACK_API_URL``)."""
    return WebClient(token=ctx.settings.slack_bot_token, base_url=ctx.settings.slack_api_url)


def build_slack(ctx: AppContext, *, verify_token: bool = False, executor: TrackingExecutor | None = None) -> SlackBot:
    """Build the Bolt app with every listener and register it as this process's Slack connector (its
    notices, the older ``slack.dm`` topic and, with a triage channel, the triage posts)."""
    settings = ctx.settings
    if not settings.slack_bot_token:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    client = web_client(ctx)
    executor = executor or TrackingExecutor()
    app = App(
        name="madoguchi",
        client=client,
        signing_secret=settings.slack_signing_secret or "",  # HTTP mode only; Socket Mode has no signatures
        token_verification_enabled=verify_token,
        request_verification_enabled=True,
        ignoring_self_events_enabled=True,
        process_before_response=False,
        listener_executor=executor,
        logger=bolt_logger(),
    )
    bot = SlackBot(ctx=ctx, app=app, client=client, executor=executor,
                   verifier=SignatureVerifier(settings.slack_signing_secret) if settings.slack_signing_secret else None)

    def attach_bot(context: BoltContext, next: Any) -> Any:  # noqa: A002 - Bolt's argument name
        context["madoguchi"] = bot
        return next()

    app.use(attach_bot)
    app.use(dedupe.middleware(ctx))
    register_listeners(app)
    ctx.connectors.add(bot)
    register_outbox(bot)
    return bot


def register_outbox(bot: SlackBot) -> None:
    """Deliver the older ``slack.dm`` rows, and ``ticket.created`` to the triage channel when one is set."""
    ctx, client = bot.ctx, bot.client
    ctx.dispatcher.register(LEGACY_DM_TOPIC, lambda payload: send_dm_or_retry(client, str(payload["user"]),
                                                                              str(payload["text"])))
    if ctx.settings.triage_channel:
        ctx.dispatcher.register("ticket.created", lambda payload: triage.post_new_ticket(ctx, client, payload))
    else:
        logger.info("MADOGUCHI_TRIAGE_CHANNEL is not set: new tickets are not posted to Slack")


def send_dm_or_retry(client: WebClient, user: str, text: str) -> None:
    """Post ``text`` in the user's DM with the bot, from an outbox handler (failures → RetryLater)."""
    opened = call_or_retry_later(client.conversations_open, users=user)
    channel = (opened.get("channel") or {}).get("id") or user
    call_or_retry_later(client.chat_postMessage, channel=channel, text=render.escape(text))


def get_slack(ctx: AppContext) -> SlackBot | None:
    """The Slack app built for this process, if any."""
    return ctx.connectors.get(SlackBot)
