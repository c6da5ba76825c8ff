"""Rating answers in Slack: 役に立った／役に立たなかった buttons under each answer, clicked through signed,
real-shaped block_actions payloads; an unhelpful rating reaches the curation queue, the message thanks in
place, and the comment form adds a masked comment to the rating."""

from __future__ import annotations

import json

from sqlalchemy import select

from intake.learning_models import Feedback
from tests.backoffice.conftest import accounts, password_hash  # noqa: F401 - staff accounts for the queue
from tests.slack import payloads


def rows(ctx) -> list[Feedback]:
    with ctx.sessions() as session:
        return list(session.scalars(select(Feedback).order_by(Feedback.id)))


def test_a_slack_not_helpful_click_reaches_the_queue_and_thanks_in_place(slack, slack_ctx, accounts):  # noqa: F811
    from fastapi.testclient import TestClient

    slack.event(payloads.message_im("会議室の予約は山田さんに聞けばいいですか"))
    [posted] = slack.mock.wait_for("chat.postMessage")
    blocks = posted.params["blocks"]
    [rating] = [b for b in blocks if b.get("block_id", "").startswith("fb:")]
    no = next(e for e in rating["elements"] if e["action_id"] == "feedback:no")
    assert "山田" not in no["value"]  # the question travels masked
    action = {"action_id": no["action_id"], "block_id": rating["block_id"], "value": no["value"]}
    body = payloads.block_actions(action, response_url=slack.mock.response_url("fb"))
    body["message"]["blocks"] = blocks
    assert slack.interactive(body).status_code == 200
    [update] = slack.mock.wait_for("response")
    assert update.params["replace_original"] is True
    shown = json.dumps(update.params["blocks"], ensure_ascii=False)
    assert "ありがとうございます" in shown and "feedback:no" not in shown and "feedback:comment" in shown
    [row] = rows(slack_ctx)
    assert (row.helpful, row.channel) == (False, "slack") and "山田" not in row.question
    staff = TestClient(slack.client.app)
    [item] = staff.get("/api/staff/questions", headers=accounts.headers()).json()["questions"]
    assert item["reason"] == "unhelpful" and item["count"] == 1  # declined, then rated: one occurrence
    comment_button = next(e for b in update.params["blocks"] if b["type"] == "actions" for e in b["elements"])
    click = payloads.block_actions({"action_id": "feedback:comment", "block_id": "fb:c:ja",
                                    "value": comment_button["value"]})
    slack.interactive(click)
    [opened] = slack.mock.wait_for("views.open")
    view = payloads.fill_view(opened.params["view"], {"comment": "会議室の予約方法を知りたい 090-1234-5678"})
    assert slack.interactive(payloads.view_submission(view)).status_code == 200
    [row] = rows(slack_ctx)
    assert "会議室の予約方法を知りたい" in row.comment and "090-1234-5678" not in row.comment


def test_rating_an_ephemeral_answer_thanks_beside_it(slack, slack_ctx):
    slack.command("開示請求の手数料はいくらですか？")
    [answer] = slack.mock.wait_for("response")
    [rating] = [b for b in answer.params["blocks"] if b.get("block_id", "").startswith("fb:")]
    yes = next(e for e in rating["elements"] if e["action_id"] == "feedback:yes")
    action = {"action_id": yes["action_id"], "block_id": rating["block_id"], "value": yes["value"]}
    slack.interactive(payloads.block_actions(action, channel="C0GENERAL", ephemeral=True,
                                             response_url=slack.mock.response_url("eph")))
    thanks = slack.mock.wait_for("response", count=2)[-1]
    assert thanks.params["replace_original"] is False and thanks.params["response_type"] == "ephemeral"
    assert "feedback:comment" not in json.dumps(thanks.params["blocks"])  # helpful: nothing more to ask
    [row] = rows(slack_ctx)
    assert row.helpful and row.entry_id and row.facts
