"""Direct messages and @mentions over signed HTTP requests, answered through the conversation core."""

from __future__ import annotations

import json

from tests.slack import payloads
from tests.slack.conftest import BOT_TOKEN, posted_text
from tests.slack.mock_slack import BOT_ID, BOT_USER


def test_url_verification_answers_the_challenge(slack):
    body = json.dumps({"token": "legacy", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "type": "url_verification"})
    response = slack.post(body, "application/json")
    assert response.status_code == 200
    assert response.json()["challenge"] == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    assert slack.mock.web_api_calls() == []


def test_a_direct_message_is_answered_in_the_dm_with_citation_and_buttons(slack):
    response = slack.event(payloads.message_im("開示請求の手数料はいくらですか？"))
    assert response.status_code == 200
    [call] = slack.mock.wait_for("chat.postMessage")
    assert call.token == BOT_TOKEN
    assert call.params["channel"] == "D0ALICE01"
    assert "thread_ts" not in call.params
    blocks = call.params["blocks"]
    assert blocks[0]["type"] == "section" and "1,000円" in blocks[0]["text"]["text"]
    context = next(b for b in blocks if b["type"] == "context")
    assert "Ⅶ.3" in context["elements"][0]["text"]
    buttons = next(b for b in blocks if b["type"] == "actions")["elements"]
    assert [b["value"] for b in buttons] == ["intake:start:disclosure"]
    assert buttons[0]["text"]["text"] == "請求を始める"


def test_a_mention_is_answered_in_its_thread_without_the_mention_text(slack):
    event = payloads.app_mention(f"<@{BOT_USER}> How much is the fee for disclosure?")
    slack.event(event)
    [call] = slack.mock.wait_for("chat.postMessage")
    assert call.params["channel"] == "C0GENERAL"
    assert call.params["thread_ts"] == event["ts"]
    # The core saw the question (an English answer about the fee), not "<@UBOT…>".
    assert "1,000 yen" in call.params["blocks"][0]["text"]["text"]
    assert BOT_USER not in posted_text(call)


def test_a_mention_inside_a_thread_keeps_that_thread(slack):
    event = payloads.app_mention(f"<@{BOT_USER}> 開示請求の手数料は？", thread_ts="1699999999.000100")
    slack.event(event)
    [call] = slack.mock.wait_for("chat.postMessage")
    assert call.params["thread_ts"] == "1699999999.000100"


def test_own_and_other_bots_messages_are_ignored(slack):
    slack.event(payloads.message_im("手数料は？", bot_id=BOT_ID, user=BOT_USER))
    slack.event(payloads.message_im("手数料は？", bot_id="B0OTHER01", subtype="bot_message"))
    slack.event(payloads.message_im("手数料は？", subtype="message_changed"))
    slack.event(payloads.app_mention(f"<@{BOT_USER}> 手数料は？", bot_id="B0OTHER01", user="U0OTHERBOT"))
    assert slack.mock.web_api_calls() == []
    # …while a person's message right after is answered.
    slack.event(payloads.message_im("開示請求の手数料は？"))
    assert len(slack.mock.wait_for("chat.postMessage")) == 1


def test_a_shared_file_is_not_taken_and_the_user_is_told_to_mail_documents(slack):
    slack.event(payloads.message_im("免許証です", subtype="file_share", files=[{"id": "F1", "name": "id.jpg"}]))
    [call] = slack.mock.wait_for("chat.postMessage")
    assert "郵送" in call.params["text"] and "My Number" in call.params["text"]


def test_slack_links_and_escapes_reach_the_core_as_typed(slack):
    # Slack wraps a typed e-mail address in <mailto:…|…> and escapes &, <, >.
    slack.event(payloads.message_im("開示請求したい"))  # typed like the button: the intake starts at once
    slack.mock.wait_for("chat.postMessage", 1)
    for value in ("intake:kind:disclosure", "intake:requester:self"):
        slack.click(value)
    slack.event(payloads.message_im("山田 太郎"))
    slack.event(payloads.message_im("<mailto:taro@example.org|taro@example.org>"))
    prompts = slack.mock.of("chat.postMessage")
    # The address was accepted (the next question is the organisation), not refused as invalid.
    assert "会社・団体名" in posted_text(prompts[-1]) and "入力を確認" not in posted_text(prompts[-1])
