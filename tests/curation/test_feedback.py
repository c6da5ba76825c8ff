"""Ratings of answers in the web chat's API (POST /api/chat/feedback; Slack's buttons: tests/slack/test_feedback.py).
An unhelpful rating reaches the queue; the rating keeps the masked question and what answered it, never who asked."""

from __future__ import annotations

import json

from sqlalchemy import select

from intake.learning_models import Feedback
from tests.curation.conftest import ask, queue


def rows(ctx) -> list[Feedback]:
    with ctx.sessions() as session:
        return list(session.scalars(select(Feedback).order_by(Feedback.id)))


def test_the_web_chat_rates_its_last_answer_and_an_unhelpful_one_reaches_the_queue(client, accounts, ctx):
    first = ask(client, "開示請求の手数料は？", keep_transcript=True)
    assert first["rateable"] is True
    session_id = first["session_id"]
    ask(client, "本人確認書類は何が必要？", session_id=session_id, keep_transcript=True)
    rate = {"session_id": session_id, "helpful": False}
    assert client.post("/api/chat/feedback", json=rate).status_code == 204
    comment = {**rate, "comment": "郵送先の住所も知りたい。連絡は taro@example.org まで"}
    assert client.post("/api/chat/feedback", json=comment).status_code == 204  # the same answer: one rating
    [row] = rows(ctx)
    assert (row.helpful, row.question, row.entry_id, row.channel) == (False, "本人確認書類は何が必要?", "id_documents", "web")
    assert row.facts and "taro@example.org" not in row.comment and "[email]" in row.comment
    [item] = queue(client, accounts)
    assert (item["question"], item["reason"], item["decision"]) == ("本人確認書類は何が必要?", "unhelpful", "answer")
    assert "session" not in json.dumps([c.name for c in Feedback.__table__.columns])  # no link to who asked


def test_rating_needs_an_answer_in_the_session(client):
    plain = ask(client, "開示請求の手数料は？")  # without a transcript nothing is remembered
    missing = client.post("/api/chat/feedback", json={"session_id": plain["session_id"], "helpful": True})
    assert missing.status_code == 404 and "評価できる回答がありません" in missing.json()["detail"]
    assert client.post("/api/chat/feedback", json={"session_id": "x" * 300, "helpful": True}).status_code == 422
    assert client.post("/api/chat/feedback", json={"helpful": "maybe"}).status_code == 422
    bad = client.post("/api/chat/feedback", json={"session_id": plain["session_id"], "helpful": False,
                                                   "comment": "a\u0000b"})
    assert bad.status_code == 422 and "comment" in bad.text
