"""``/privacy``, answer buttons (did-you-mean, intake steps) and replies going back where the button was."""

from __future__ import annotations

from tests.slack import payloads
from tests.slack.conftest import posted_text
from tests.slack.mock_slack import BOT_USER


def test_privacy_command_answers_ephemerally(slack):
    response = slack.command("開示請求の手数料はいくらですか？")
    assert response.status_code == 200
    assert response.text == ""  # acknowledged at once; the answer follows on the response URL
    [call] = slack.mock.wait_for("response")
    assert call.params["response_type"] == "ephemeral"
    assert "1,000円" in call.params["blocks"][0]["text"]["text"]
    assert slack.mock.of("chat.postMessage") == []  # nothing visible to the channel


def test_privacy_alone_explains_what_the_bot_can_do(slack):
    slack.command("")
    [call] = slack.mock.wait_for("response")
    text = posted_text(call)
    assert "/privacy" in text and "開示" in text and "disclosure" in text
    buttons = [b for block in call.params["blocks"] if block["type"] == "actions" for b in block["elements"]]
    assert {b["value"] for b in buttons} == {"intake:start", "status:start"}
    assert any("Start a request" in b["text"]["text"] for b in buttons)


def test_a_button_on_an_ephemeral_answer_replies_ephemerally(slack):
    slack.click("status:start", channel="C0GENERAL", ephemeral=True, response_url=slack.mock.response_url("btn"))
    [call] = slack.mock.wait_for("response")
    assert call.path == "/response/btn"
    assert call.params["response_type"] == "ephemeral"
    assert "REQ-" in call.params["text"]  # asks for the reference number


def test_did_you_mean_button_answers_that_entry_in_the_same_thread(slack, slack_ctx):
    entry = slack_ctx.kb.entry("fee_amount")
    slack.click(f"ask:{entry.id}", channel="C0GENERAL", thread_ts="1699999999.000200")
    [call] = slack.mock.wait_for("chat.postMessage")
    assert call.params["channel"] == "C0GENERAL" and call.params["thread_ts"] == "1699999999.000200"
    assert slack_ctx.answers.facts[entry.facts[0]].ja.split("。")[0][:20] in posted_text(call)


def test_start_request_button_opens_the_form_with_the_kind_preselected(slack):
    slack.click("intake:start:disclosure", lang="en")
    [call] = slack.mock.wait_for("views.open")
    view = call.params["view"]
    assert call.params["trigger_id"].endswith(".trigger")
    assert view["type"] == "modal" and view["title"]["text"] == "New request"
    kind = next(b for b in view["blocks"] if b.get("block_id") == "kind")
    assert kind["element"]["initial_option"]["value"] == "disclosure"
    assert {b["block_id"] for b in view["blocks"] if b["type"] == "input"} == {
        "kind", "requester", "name", "agent_name", "email", "postal_address", "organization", "details"}
    assert slack.mock.of("chat.postMessage") == []


def test_a_request_asked_in_a_channel_thread_goes_to_the_private_form(slack):
    """Others read a channel thread: the bot must not collect a name and address there."""
    thread = payloads.app_mention(f"<@{BOT_USER}> 開示請求したい")
    slack.event(thread)
    posts = slack.mock.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "C0GENERAL")
    assert all(c.params.get("thread_ts") == thread["ts"] for c in posts)
    offered = [e.get("value") for c in posts for b in c.params.get("blocks", []) for e in b.get("elements", [])]
    assert "intake:start:disclosure" in offered
    from bot.wording import say

    dialog_steps = [say(f"chat.{key}", "ja") for key in ("ask_requester", "ask_name", "ask_contact")]
    assert not any(step in posted_text(c) for c in posts for step in dialog_steps)  # no dialog in public
    slack.click("intake:start:disclosure", channel="C0GENERAL", thread_ts=thread["ts"])
    assert slack.mock.wait_for("views.open")  # the button opens the private request form
