"""The web chat's transcript (kept only when asked for), the links written in reply texts, and the
form URLs of ``POST /api/requests``."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest
from sqlalchemy import func, select

from bot.applicant import applicant_view
from intake.models import ApplicantMessage, Conversation, Ticket

URL_RE = re.compile(r"https?://[^\s<>\"'）」]+")
SELF_REQUEST = ["intake:start", "intake:kind:disclosure", "intake:requester:self", "山田 太郎", "taro@example.org",
                "intake:skip", "intake:skip", "intake:confirm"]


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"base_url": "http://testserver"})  # links the TestClient can follow


def conversations(ctx) -> int:
    with ctx.sessions() as session:
        return session.scalar(select(func.count()).select_from(Conversation))


def test_a_plain_question_still_stores_nothing_unless_the_transcript_is_asked_for(client, ctx):
    client.cookies.clear()
    assert client.post("/api/chat", json={"message": "開示請求の手数料は？"}).status_code == 200
    assert conversations(ctx) == 0 and "madoguchi_chat" not in client.cookies


def test_the_page_restores_the_transcript_found_by_the_cookie(client, ctx):
    first = client.post("/api/chat", json={"message": "開示請求の手数料は？", "keep_transcript": True})
    assert first.status_code == 200 and client.cookies.get("madoguchi_chat") == first.json()["session_id"]
    # The next message needs no session id: the HttpOnly cookie carries it.
    second = client.post("/api/chat", json={"message": "intake:start", "keep_transcript": True})
    assert second.json()["session_id"] == first.json()["session_id"]
    chosen = client.post("/api/chat", json={"message": "intake:kind:disclosure", "keep_transcript": True})
    assert chosen.status_code == 200
    page = client.get("/")
    transcript = json.loads(html.unescape(page.text.split("data-transcript='", 1)[1].split("'", 1)[0]))
    assert transcript[0] == {"role": "user", "text": "開示請求の手数料は？"} and transcript[1]["kind"] == "answer"
    with ctx.sessions() as session:
        stored = session.get(Conversation, first.json()["session_id"]).transcript
    users = [entry["text"] for entry in stored if entry["role"] == "user"]
    kind_label = ctx.kb.requests.kind("disclosure").name_ja
    assert users == ["開示請求の手数料は？", "請求を始める", kind_label]  # buttons as the user saw them
    # Another browser (no cookie) gets a fresh page.
    client.cookies.clear()
    assert "data-transcript='[]'" in client.get("/").text


def test_every_link_in_the_kit_text_opens_without_an_access_code(client, ctx):
    body: dict = {}
    session_id = None
    for message in SELF_REQUEST:
        body = client.post("/api/chat", json={"session_id": session_id, "message": message}).json()
        session_id = body["session_id"]
    kit = body["messages"][-1]
    assert kit["kind"] == "ticket"
    links = URL_RE.findall(kit["text"])
    assert any(link.endswith(".docx") for link in links)
    for link in links:  # what a terminal or Slack user would open: nothing that answers 404
        response = client.get(link.removeprefix("http://testserver"))
        assert response.status_code == 200, link
        if link.endswith(".docx"):
            assert response.content[:2] == b"PK"
    assert "/requests/" not in " ".join(link for link in links if link.endswith(".docx"))
    assert "状況ページでアクセスコードを入力" in kit["text"]


def test_the_api_answers_the_blank_and_the_pre_filled_form(client):
    body = client.post("/api/requests", json={"kind": "disclosure", "requester": "self", "name": "山田 太郎",
                                              "email": "taro@example.org"}).json()
    assert body["form"]["url"].startswith("http://testserver/forms/")
    assert body["form"]["filled_url"] == f"http://testserver/requests/{body['reference']}/form.docx"
    assert body["filled_form_url"] == body["form"]["filled_url"]
    path = body["form"]["filled_url"].removeprefix("http://testserver")
    assert client.get(path).status_code == 404  # it needs the access code…
    filled = client.get(path, headers={"X-Access-Code": body["access_code"]})
    assert filled.status_code == 200 and filled.content[:2] == b"PK"


def test_an_apostrophe_address_is_accepted_and_a_fake_one_is_not(client):
    ok = client.post("/api/requests", json={"kind": "disclosure", "requester": "self", "name": "O'Brien",
                                            "email": "o'brien@example.co.jp"})
    assert ok.status_code == 201
    bad = client.post("/api/requests", json={"kind": "disclosure", "requester": "self", "name": "X",
                                             "email": "a..b@example.org"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "email"


def test_notice_dates_are_the_days_their_texts_name(client, ctx):
    body = client.post("/api/requests", json={"kind": "disclosure", "requester": "self", "name": "山田",
                                              "email": "t@example.org"}).json()
    with ctx.transaction() as session:
        ticket = session.scalars(select(Ticket)).one()
        # 18:50 UTC on 1 December is 03:50 on 2 December in Tokyo.
        session.add(ApplicantMessage(ticket_id=ticket.id, at=dt.datetime(2026, 12, 1, 18, 50, 36, tzinfo=dt.UTC),
                                     status="received", text_ja="2026年12月2日に書類を受領しました。",
                                     text_en="We received your documents on 2 December 2026."))
    with ctx.sessions() as session:
        ticket = session.scalars(select(Ticket)).one()
        view = applicant_view(ctx.kb, ctx.links, session, ticket, "ja", "Asia/Tokyo")
    assert view["notices"][-1]["date"] == "2026-12-02"
    page = client.post(f"/requests/{body['reference']}", data={"code": body["access_code"]})
    assert "2026-12-02 — 2026年12月2日に書類を受領しました。" in page.text


def test_the_chat_page_still_loads_when_the_database_is_down(client, ctx, monkeypatch):
    from sqlalchemy.exc import OperationalError

    client.post("/api/chat", json={"message": "開示請求の手数料は？", "keep_transcript": True})

    class Down:
        def __enter__(self):
            raise OperationalError("connect", {}, ConnectionRefusedError("database is down"))

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(ctx.sessions, "begin", lambda: Down())
    page = client.get("/")
    assert page.status_code == 200 and "data-transcript='[]'" in page.text
