"""The queue: filters, the overdue count, reference search, the CSV export and the question log."""

from __future__ import annotations

import csv
import datetime as dt
import io

from intake import assignment, notify, queue
from intake.learning_models import CurationItem
from intake.models import QuestionLog
from intake.status import Status
from intake.workflow import Move, apply_move
from tests.backoffice.conftest import ADMIN_EMAIL, chat_ticket, login


def receive(ctx, reference, when):
    with ctx.transaction() as session:
        ticket = queue.load_ticket(session, reference)
        apply_move(session, ctx.kb, ticket, Move(Status.RECEIVED), "clerk@example.org", config=ctx.intake_config,
                   notices=notify.NoticeOptions(), now=when)


def test_filters_search_and_overdue(client, ctx, accounts):
    late = chat_ticket(client, "disclosure")
    fresh = chat_ticket(client, "correction", "agent")
    untouched = chat_ticket(client, "suspension")
    now = dt.datetime.now(dt.UTC)
    receive(ctx, late, now - dt.timedelta(days=ctx.settings.due_days + 1))
    receive(ctx, fresh, now)
    h = accounts.headers()
    body = client.get("/api/staff/tickets", headers=h).json()
    assert body["overdue_count"] == 1
    assert [t["reference"] for t in body["tickets"]] == [late, fresh, untouched]  # soonest due first
    assert [t["overdue"] for t in body["tickets"]] == [True, False, False]

    def refs(**params):
        return [t["reference"] for t in client.get("/api/staff/tickets", headers=h, params=params).json()["tickets"]]

    assert refs(overdue="true") == [late]
    assert refs(status="opened") == [untouched]
    assert refs(kind="correction") == [fresh]
    assert refs(q=fresh[-3:]) == [fresh]
    assert refs(q=fresh.lower()) == [fresh]
    assert refs(q="%") == []  # LIKE wildcards are searched for literally
    assert refs(mine="true") == []

    login(client)
    page = client.get("/staff")
    assert page.status_code == 200
    assert 'id="overdue-count"' in page.text and "<strong>1</strong>" in page.text
    assert f'<tr class="overdue" data-reference="{late}">' in page.text
    assert f'<tr class="" data-reference="{fresh}">' in page.text
    filtered = client.get("/staff", params={"kind": "suspension"})
    assert untouched in filtered.text and late not in filtered.text
    assert client.get("/staff", params={"status": "bogus"}).status_code == 422


def test_csv_export_has_no_personal_data_and_defuses_formulas(client, ctx, accounts):
    reference = chat_ticket(client)
    with ctx.transaction() as session:  # e.g. a Slack display name chosen by someone malicious
        assignment.claim(session, reference, '=HYPERLINK("http://evil.example","click")')
    response = client.get("/api/staff/tickets.csv", headers=accounts.headers())
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[0]["reference"] == reference and rows[0]["status"] == "opened"
    assert rows[0]["assigned_to"] == '\'=HYPERLINK("http://evil.example","click")'
    assert "taro@example.org" not in response.text and "山田" not in response.text
    for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1"):
        assert queue.csv_cell(cell) == "'" + cell
    assert queue.csv_cell("REQ-2025-000001") == "REQ-2025-000001"
    login(client)
    page_csv = client.get("/staff/export.csv")
    assert page_csv.status_code == 200 and "attachment" in page_csv.headers["content-disposition"]
    assert page_csv.text.lstrip("\ufeff").splitlines()[0].startswith("reference,kind,requester,status")


def test_question_log_page_masks_personal_data(client, ctx, accounts):
    with ctx.transaction() as session:
        # Rows written before masking rules caught everything: display masks again.
        question = "連絡先は taro@example.org 090-1234-5678 です"
        session.add(QuestionLog(channel="web", lang="ja", question=question, decision="decline", confidence=0.12,
                                top_entry=None))
        session.add(CurationItem(key_hash="0" * 64, signature="", question=question, lang="ja", reason="declined",
                                 channel="web", decision="decline", confidence=0.12, count=1))
    login(client, ADMIN_EMAIL)
    page = client.get("/staff/questions")
    assert page.status_code == 200
    assert "taro@example.org" not in page.text and "090-1234-5678" not in page.text
    assert "[email]" in page.text and "[phone]" in page.text
    api = client.get("/api/staff/questions", headers=accounts.headers()).json()["questions"]
    assert any("[email]" in q["question"] for q in api)
    with ctx.sessions() as session:  # masking for display never rewrites the log
        stored = session.query(QuestionLog).filter_by(decision="decline", confidence=0.12).one()
        assert "taro@example.org" in stored.question
        assert "taro@example.org" in session.query(CurationItem).one().question
