"""The second organisation's pages in headless Chromium: the chat answers and takes a request with the
foundation's facts (the ticket card included), and the status page shows its checklist, address and notices;
neither page shows anything of the bundled policy."""

from __future__ import annotations

import pytest

from tests.browser_helpers import click_option, new_page, open_chat, send, walk_to_summary
from tests.second_org.conftest import foreign_words

pytestmark = pytest.mark.browser

STEPS = ["照会したい", "intake:kind:disclosure", "intake:requester:self", "山田 太郎", "taro@example.org",
         "intake:skip", "intake:skip"]


def test_the_chat_and_the_status_page_speak_of_the_second_organisation(browser, live_server, web, accounts):
    page = new_page(browser)
    open_chat(page, live_server.url)
    assert "架空市民サポート財団" in page.inner_text("header")
    send(page, "手数料はいくらですか")
    answer = page.locator("#log > li.bot").last
    assert "700円" in answer.inner_text() and "B" in answer.locator(".sources").inner_text()
    walk_to_summary(page, STEPS)
    click_option(page, "intake:confirm")
    card = page.locator(".ticket").last
    assert "定額小為替" in card.inner_text() and "〒999-9999" in card.inner_text()
    reference = card.get_attribute("data-reference")
    code = card.locator(".code.access-code").inner_text()
    chat_text = page.content()

    moved = web.post(f"/api/staff/tickets/{reference}/transitions", json={"to": "received"},
                     headers=accounts.headers())
    assert moved.status_code == 200
    status = new_page(browser)
    status.goto(f"{live_server.url}/requests/{reference}")
    status.fill("#code", code)
    status.click("button[type=submit]")
    status.locator("#status-label").wait_for()
    shown = status.inner_text("main")
    assert "個人データ照会申込書" in shown and "定額小為替" in shown and "架空県架空市夢見町1-2-3" in shown
    assert "受領しました" in status.inner_text("#notices")

    assert foreign_words(chat_text) == [] and foreign_words(status.content()) == []
