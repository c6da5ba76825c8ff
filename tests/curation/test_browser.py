"""The teaching loop in headless Chromium: rating an answer in the web chat reaches the queue; the dashboard
draws real tickets and questions made in the test, with its data as tables; the queue, proposal and
knowledge pages pass axe-core on a desktop and a 375 px phone, without sideways scrolling. Screenshots go to
the test artifacts."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import select

from intake.evaluations import record_run
from intake.learning_models import Feedback
from tests.backoffice.conftest import ADMIN_EMAIL, PASSWORD, chat_ticket
from tests.browser_helpers import VIEWPORTS, new_page, open_chat, send, serious_violations, staff_login
from tests.curation.conftest import DECLINED, decide

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_rating_an_answer_in_the_web_chat_reaches_the_queue(browser, live_server, accounts, artifacts_dir):
    page = new_page(browser, "phone")
    open_chat(page, live_server.url)
    send(page, "開示請求の手数料は？")
    send(page, DECLINED)
    assert page.locator(".feedback:not(.done)").count() == 1  # only the newest answer can be rated
    bar = page.locator("#log > li.bot").last.locator(".feedback")
    bar.get_by_role("button", name="役に立たなかった").click()
    page.get_by_text("ありがとうございます。今後の改善に役立てます。").wait_for()
    page.get_by_label(re.compile("足りなかった点を教えてください")).fill("会議室の予約方法を知りたい。山田 太郎より")
    page.get_by_role("button", name="送信", exact=True).click()
    page.get_by_text("ご意見を受け付けました").wait_for()
    page.screenshot(path=str(artifacts_dir / "chat-feedback-phone.png"), full_page=True)
    with live_server.ctx.sessions() as session:
        [rating] = session.scalars(select(Feedback)).all()
        assert not rating.helpful and "会議室の予約方法を知りたい" in rating.comment and "山田" not in rating.comment
    items = httpx.get(f"{live_server.url}/api/staff/questions", headers=accounts.headers()).json()["questions"]
    assert [(i["question"], i["reason"], i["count"]) for i in items] == [(DECLINED, "unhelpful", 1)]
    page.context.close()


def seed(base_url: str, ctx, accounts) -> None:
    """Questions (answered, declined, rated) and tickets (one decided), as people and staff make them."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        for text in ("開示請求の手数料は？", "開示請求の手数料は？", "本人確認書類は何が必要？", DECLINED, "明日の天気は？"):
            http.post("/api/chat", json={"message": text})
        rated = http.post("/api/chat", json={"message": "委任状には何を押せばいいですか", "keep_transcript": True}).json()
        http.post("/api/chat/feedback", json={"session_id": rated["session_id"], "helpful": True})
        decided = chat_ticket(http, "disclosure")
        chat_ticket(http, "correction")
        chat_ticket(http, "disclosure", "agent")
        decide(http, accounts, decided)
    with ctx.transaction() as session:
        record_run(session, file="dev.json", answered=33, in_scope=34, declined=5, out_of_scope=5, version=0)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_dashboard_draws_what_happened_and_every_new_page_passes_axe(viewport, browser, live_server, accounts,
                                                                         artifacts_dir):
    seed(live_server.url, live_server.ctx, accounts)
    page = new_page(browser, viewport, bypass_csp=True)  # axe-core is injected as a script
    staff_login(page, live_server.url, ADMIN_EMAIL, PASSWORD)
    found: dict[str, list[str]] = {}
    dashboard = page.locator("#dashboard")
    assert page.locator("#chart-questions .colchart rect.s0").count() == 1  # today's answered questions
    assert page.locator("#chart-questions .colchart rect.s1").count() == 1  # and the declined ones
    assert page.locator("#chart-topics .barchart li").first.inner_text().startswith("開示")
    assert page.locator("#chart-requests .barchart li").count() == 2  # disclosure and correction
    assert page.locator("#tile-median").inner_text() == "0.0日"
    dashboard.locator("#chart-questions summary").click()
    today = page.locator("#table-questions tbody tr").last
    assert today.locator("td").all_inner_texts() == ["4", "2", "1", "100%"]
    dashboard.locator("#chart-requests summary").click()
    assert page.locator("#table-requests thead th").all_inner_texts() == ["状態", "開示", "訂正", "合計"]
    page.screenshot(path=str(artifacts_dir / f"dashboard-{viewport}.png"), full_page=True)
    found["/staff (dashboard)"] = serious_violations(page)
    items = httpx.get(f"{live_server.url}/api/staff/questions", headers=accounts.headers()).json()["questions"]
    for path in ("/staff/questions", f"/staff/questions/{items[0]['id']}/propose", "/staff/knowledge"):
        page.goto(live_server.url + path)
        found[path] = serious_violations(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"{path} is {width}px wide"
        page.screenshot(path=str(artifacts_dir / f"{path.strip('/').replace('/', '-')}-{viewport}.png"), full_page=True)
    assert {name: problems for name, problems in found.items() if problems} == {}
    page.context.close()
