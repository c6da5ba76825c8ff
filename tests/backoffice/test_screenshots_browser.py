"""Screenshots for people to look at (test-artifacts/): the chat with a long answer and a ticket card on a
desktop and a phone, the status page, the back-office queue and a ticket page."""

from __future__ import annotations

import httpx
import pytest

from tests.backoffice.conftest import PASSWORD, STAFF_EMAIL, chat_ticket
from tests.browser_helpers import (
    VIEWPORTS,
    assert_in_view_above_input,
    bot_replies,
    click_option,
    new_page,
    open_chat,
    send,
    staff_login,
    walk_to_summary,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_screenshots(viewport, browser, live_server, accounts, artifacts_dir):
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        reference = chat_ticket(http)
    page = new_page(browser, viewport)
    open_chat(page, live_server.url)
    send(page, "個人情報の利用目的は何ですか？")
    # Too long for a phone's screen: it is shown from its start (the end follows as one scrolls).
    assert_in_view_above_input(page, bot_replies(page).last, what="the long answer", part="start")
    page.screenshot(path=str(artifacts_dir / f"chat-long-answer-{viewport}.png"))
    walk_to_summary(page)
    click_option(page, "intake:confirm")
    card = page.locator("#log .ticket").last
    assert_in_view_above_input(page, card.locator(".access-code"), what="the access code")
    page.screenshot(path=str(artifacts_dir / f"chat-ticket-{viewport}.png"))
    page.screenshot(path=str(artifacts_dir / f"chat-full-{viewport}.png"), full_page=True)
    own, code = card.locator(".reference").inner_text(), card.locator(".access-code").inner_text()

    page.goto(f"{live_server.url}/requests/{own}")
    page.fill("#code", code)
    page.get_by_role("button", name="確認").click()
    page.locator("#status-label").wait_for()
    page.screenshot(path=str(artifacts_dir / f"status-{viewport}.png"), full_page=True)

    staff_login(page, live_server.url, STAFF_EMAIL, PASSWORD)
    page.screenshot(path=str(artifacts_dir / f"backoffice-queue-{viewport}.png"), full_page=True)
    page.goto(f"{live_server.url}/staff/tickets/{reference}")
    page.screenshot(path=str(artifacts_dir / f"backoffice-ticket-{viewport}.png"), full_page=True)
    page.context.close()
