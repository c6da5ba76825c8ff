"""Slack fixtures: the mock Slack servers, Slack-enabled settings/context/app, and a signed-request client."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.slack import payloads
from tests.slack.mock_slack import MockSlack

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-0000000000-test-token"
TRIAGE = "C0TRIAGE01"


class SlackHttp:
    """Sends correctly signed, real-shaped Slack requests to ``POST /slack/events`` of one app."""

    def __init__(self, client: TestClient, ctx: Any, mock: MockSlack, secret: str = SECRET):
        self.client, self.ctx, self.mock, self.secret = client, ctx, mock, secret

    @property
    def bot(self) -> Any:
        from bot.slack.app import get_slack

        return get_slack(self.ctx)

    def post(self, body: str, content_type: str, *, headers: dict[str, str] | None = None,
             timestamp: int | None = None, secret: str | None = None) -> Response:
        signed = payloads.sign(secret or self.secret, body, timestamp)
        return self.client.post("/slack/events", content=body.encode("utf-8"),
                                headers={"Content-Type": content_type, **signed, **(headers or {})})

    def event(self, event: dict[str, Any], *, event_id: str | None = None, retry: int | None = None,
              wait: bool = True) -> Response:
        body = json.dumps(payloads.event_callback(event, event_id), ensure_ascii=False)
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        response = self.post(body, "application/json", headers=headers)
        if wait:
            self.wait()
        return response

    def command(self, text: str, *, user: str = "U0ALICE01", channel: str = "C0GENERAL") -> Response:
        fields = payloads.slash_command(text, self.mock.response_url(), user=user, channel=channel)
        response = self.post(payloads.form_body(fields), "application/x-www-form-urlencoded")
        self.wait()
        return response

    def interactive(self, payload: dict[str, Any], *, wait: bool = True) -> Response:
        response = self.post(payloads.interactive_body(payload), "application/x-www-form-urlencoded")
        if wait:
            self.wait()
        return response

    def click(self, value: str, *, lang: str = "ja", **where: Any) -> Response:
        """Click an answer option button whose value is ``value``."""
        action = {"action_id": "opt:0", "block_id": f"opts:{lang}:0", "value": value}
        return self.interactive(payloads.block_actions(action, **where))

    def wait(self) -> None:
        """Wait until the listener work started by the last request has finished."""
        assert self.bot.executor.wait_idle(timeout=15), "Slack listeners did not finish"


def posted_text(call: Any) -> str:
    """Everything a user would read in a recorded message: the text and every block, as one string."""
    return json.dumps({"text": call.params.get("text"), "blocks": call.params.get("blocks")}, ensure_ascii=False)


@pytest.fixture
def mock_slack() -> Iterator[MockSlack]:
    server = MockSlack().start()
    yield server
    server.stop()


@pytest.fixture
def slack_settings(settings, mock_slack):  # type: ignore[no-untyped-def]
    return settings.model_copy(update={"slack_bot_token": BOT_TOKEN, "slack_signing_secret": SECRET,
                                       "slack_api_url": mock_slack.api_url, "triage_channel": TRIAGE})


def _slack_ctx(slack_settings: Any, engine: Any) -> Any:
    from bot.context import build_context

    return build_context(slack_settings, engine=engine)


@pytest.fixture
def slack_ctx(slack_settings, db_engine):  # type: ignore[no-untyped-def]
    context = _slack_ctx(slack_settings, db_engine)
    yield context
    context.dispatcher.stop()


def _running(context: Any, mock: MockSlack) -> Iterator[SlackHttp]:
    from bot.slack.app import get_slack
    from bot.web.app import create_app

    with TestClient(create_app(context=context)) as client:
        yield SlackHttp(client, context, mock)
    bot = get_slack(context)
    if bot is not None:
        bot.close()


@pytest.fixture
def slack(slack_ctx, mock_slack) -> Iterator[SlackHttp]:  # type: ignore[no-untyped-def]
    """The web app with Slack HTTP mode on, talking to the mock Slack."""
    yield from _running(slack_ctx, mock_slack)


@pytest.fixture
def second_slack(slack_settings, database_url, mock_slack) -> Iterator[SlackHttp]:  # type: ignore[no-untyped-def]
    """A second, independent app instance (own engine, context, executor) on the same database."""
    from intake.db import make_engine

    engine = make_engine(database_url)
    context = _slack_ctx(slack_settings, engine)
    yield from _running(context, mock_slack)
    context.dispatcher.stop()
    engine.dispose()
