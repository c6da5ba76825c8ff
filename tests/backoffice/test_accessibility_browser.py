"""WCAG 2.1 AA, checked with axe-core in Chromium on a desktop and a 375 px phone: the chat, the status
page and every staff page have no serious or critical violation, and nothing overflows sideways."""

from __future__ import annotations

import httpx
import pytest

from tests.backoffice.conftest import ADMIN_EMAIL, PASSWORD, chat_ticket
from tests.browser_helpers import VIEWPORTS, new_page, open_chat, send, serious_violations, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def check(page, found: dict[str, list[str]], name: str) -> None:
    found[name] = serious_violations(page)
    no_sideways_scroll(page)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_no_serious_accessibility_violation_on_any_page(viewport, browser, live_server, accounts):
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        opened = http.post("/api/requests", json={"kind": "disclosure", "requester": "self", "name": "山田 太郎",
                                                  "email": "taro@example.org"}).json()
        reference = chat_ticket(http)
    # axe-core is injected by evaluating its source, which the pages' CSP (rightly) forbids: bypass it here.
    page = new_page(browser, viewport, bypass_csp=True)
    found: dict[str, list[str]] = {}

    open_chat(page, live_server.url)
    send(page, "開示請求の手数料はいくらですか？")
    send(page, "How much is the fee for a disclosure request?")
    check(page, found, "/ (chat)")

    page.goto(f"{live_server.url}/requests/{opened['reference']}")
    check(page, found, "/requests/{reference} (code form)")
    page.fill("#code", opened["access_code"])
    page.get_by_role("button", name="確認").click()
    page.locator("#status-label").wait_for()
    check(page, found, "/requests/{reference} (status)")

    page.goto(f"{live_server.url}/staff/login")
    check(page, found, "/staff/login")
    staff_login(page, live_server.url, ADMIN_EMAIL, PASSWORD)
    check(page, found, "/staff (queue)")
    page.goto(f"{live_server.url}/staff/tickets/{reference}")
    check(page, found, "/staff/tickets/{reference}")
    for path in ("/staff/questions", "/staff/users", "/staff/tickets/REQ-1999-000001"):
        page.goto(live_server.url + path)
        check(page, found, path)

    assert {name: problems for name, problems in found.items() if problems} == {}
    page.context.close()
