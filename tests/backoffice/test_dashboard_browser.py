"""The dashboard in headless Chromium against a real uvicorn server: a chat request worked to a refusal."""

from __future__ import annotations

import httpx
import pytest

from tests.backoffice.conftest import PASSWORD, STAFF_EMAIL, chat_ticket

pytestmark = [pytest.mark.browser, pytest.mark.slow]

@pytest.fixture
def browser_page(browser):
    """A desktop-sized page in the shared headless Chromium (tests/conftest.py)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def history(page) -> list[str]:
    return [" | ".join(cell.strip() for cell in row.split("\t"))
            for row in page.locator("#history tbody tr").all_inner_texts()]


def test_work_a_chat_request_to_a_refusal(live_server, accounts, browser_page, artifacts_dir):
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        reference = chat_ticket(http)
    page = browser_page
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)

    # Not logged in: the queue answers with the login form.
    response = page.goto(f"{live_server.url}/staff")
    assert response.status == 401
    page.fill("#email", STAFF_EMAIL)
    page.fill("#password", PASSWORD)
    page.click("#login")
    page.wait_for_url(f"{live_server.url}/staff")
    assert page.inner_text("#who").startswith(STAFF_EMAIL)
    page.click(f"#queue a:text('{reference}')")
    page.wait_for_url(f"**/staff/tickets/{reference}")
    assert page.get_attribute("#status", "data-status") == "opened"
    assert "taro@example.org" in page.inner_text("#applicant")

    # The envelope arrives: tick the enclosures, with the stamps' amount.
    page.check("#check-id_copy")
    page.check("#check-form")
    page.check("#check-stamps")
    page.fill("#amount-stamps", "1000")
    page.click("#save-checklist")
    page.wait_for_selector("#done")
    assert page.is_checked("#check-stamps") and page.input_value("#amount-stamps") == "1000"

    page.click("#move-received-submit")
    page.wait_for_selector("#done")
    assert page.get_attribute("#status", "data-status") == "received"
    page.click("#move-verified-submit")
    page.wait_for_selector("#done")
    assert page.get_attribute("#status", "data-status") == "verified"

    # A refusal without a ground is refused, with the reason shown; with a ground it goes through.
    page.select_option("#outcome-decided", "refused")
    page.click("#move-decided-submit")
    assert "ground" in page.inner_text("#error")
    assert page.get_attribute("#status", "data-status") == "verified"
    page.select_option("#outcome-decided", "refused")
    page.select_option("#ground-decided", "Ⅳ(1)")
    page.fill("#move-decided input[name=note]", "第三者の権利を害するおそれ")
    page.click("#move-decided-submit")
    page.wait_for_selector("#done")
    assert page.get_attribute("#status", "data-status") == "decided"
    assert "Ⅳ(1)" in page.inner_text("#outcome")
    assert "第三者の権利を害するおそれ" in page.inner_text("#notes")

    rows = history(page)
    expected = [
        ("checklist", "checklist.id_copy", "False → True"),
        ("checklist", "checklist.stamps.received_amount_yen", "∅ → 1000"),
        ("transition", "status", "opened → received"),
        ("transition", "status", "received → verified"),
        ("transition", "status", "verified → decided"),
        ("update", "outcome", "∅ → refused"),
        ("update", "refusal_ground", "∅ → Ⅳ(1)"),
    ]
    for action, field, change in expected:
        assert any(STAFF_EMAIL in r and f"| {action} | {field} | {change}" in r for r in rows), (action, field, rows)
    page.screenshot(path=str(artifacts_dir / "backoffice-ticket.png"), full_page=True)

    # The queue shows the new status.
    page.goto(f"{live_server.url}/staff?status=decided")
    assert reference in page.inner_text("#queue")
    page.screenshot(path=str(artifacts_dir / "backoffice-queue.png"), full_page=True)
    assert not [p for p in problems if "Content Security Policy" in p], problems
