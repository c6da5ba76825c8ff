"""The figures behind the dashboard: questions per day and their outcome with the helpful rate, the topics
asked about, requests per kind and status, overdue tickets, days to decision, the last kb eval; and the
retention purge keeps the queue and the ratings no longer than the question log."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select, update

from bot.web.backoffice.history import status_name
from intake.db import utcnow
from intake.evaluations import record_run
from intake.learning_models import CurationItem, Feedback
from intake.retention import RetentionPolicy, purge
from tests.backoffice.conftest import chat_ticket, login
from tests.curation.conftest import DECLINED, ask, decide


def cell_row(html: str, table: str, header: str) -> list[str]:
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    row = re.search(rf"<tr[^>]*><th scope=\"row\">{re.escape(header)}</th>(.*?)</tr>", body, re.S)
    assert row, f"{header} not in {table}"
    return re.findall(r"<td>([^<]*)</td>", row.group(1))


def test_the_front_page_shows_what_was_asked_and_how_requests_stand(client, ctx, accounts):
    asked = ["開示請求の手数料は？", "開示請求の手数料は？", "本人確認書類は何が必要？", DECLINED, "開示請求の方法を教えて"]
    for text in asked[:-1]:
        ask(client, text)
    rated = ask(client, asked[-1], keep_transcript=True)
    client.post("/api/chat/feedback", json={"session_id": rated["session_id"], "helpful": True})
    first, second = chat_ticket(client, "disclosure"), chat_ticket(client, "correction")
    decide(client, accounts, first)
    with ctx.transaction() as session:
        record_run(session, file="/x/dev.json", answered=30, in_scope=34, declined=5, out_of_scope=5, version=0)
    login(client)
    page = client.get("/staff").text
    today = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=9))).date().isoformat()
    assert cell_row(page, "table-questions", today) == ["4", "1", "1", "100%"]
    about_disclosure = sum("disclosure" in ctx.answers.answer(text).topics for text in asked)
    assert about_disclosure == 3 and cell_row(page, "table-topics", "開示") == [str(about_disclosure)]
    kinds = re.findall(r'<th scope="col">([^<]*)</th>', page.split('id="table-requests"', 1)[1].split("</thead>")[0])
    assert kinds == ["状態", "開示", "訂正", "合計"]
    assert cell_row(page, "table-requests", status_name("decided", "ja")) == ["1", "0", "1"]
    assert cell_row(page, "table-requests", status_name("opened", "ja")) == ["0", "1", "1"]
    assert cell_row(page, "table-requests", "合計") == ["1", "1", "2"]
    assert re.search(r'id="tile-median"[^>]*>0\.0日', page) and "1件の決定から" in page
    assert re.search(r'id="tile-waiting">1件', page) and re.search(r'id="tile-overdue">0件', page)
    assert "88%" in page and "dev.json" in page  # 30/34 answered
    assert second  # listed in the queue below the dashboard
    assert page.index('id="dashboard"') < page.index('id="queue"')


def test_old_queue_items_and_ratings_are_purged_with_the_question_log(client, ctx):
    ask(client, DECLINED)
    rated = ask(client, "開示の方法を教えて", keep_transcript=True)
    client.post("/api/chat/feedback", json={"session_id": rated["session_id"], "helpful": False})
    long_ago = utcnow() - dt.timedelta(days=400)
    with ctx.transaction() as session:
        session.execute(update(CurationItem).values(last_seen=long_ago))
        session.execute(update(Feedback).values(at=long_ago))
    with ctx.transaction() as session:
        purge(session, RetentionPolicy())
    with ctx.sessions() as session:
        assert session.scalar(select(func.count()).select_from(CurationItem)) == 0
        assert session.scalar(select(func.count()).select_from(Feedback)) == 0
