"""Markup and SQL-injection strings in every field stay inert text: in the database, the API, the
applicant's status page and the staff dashboard (checked in headless Chromium)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from intake.models import Ticket
from tests.backoffice.conftest import PASSWORD, STAFF_EMAIL

pytestmark = [pytest.mark.browser, pytest.mark.slow]

XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
SQLI = "'; DROP TABLE tickets; --"
HOSTILE = {
    "kind": "disclosure", "requester": "agent",
    "name": f"{XSS}名前", "email": "x@example.org", "postal_address": f"{SQLI} 東京都",
    "organization": f"<b>{SQLI}</b>", "details": f"{XSS}\n{SQLI}", "agent_name": f"\" onmouseover=\"alert(3){SQLI}",
}
NOTE = f"<iframe src=javascript:alert(4)></iframe>{SQLI}"


def test_hostile_strings_are_stored_and_shown_as_text(live_server, accounts, artifacts_dir, browser):
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        created = http.post("/api/requests", json=HOSTILE)
        assert created.status_code == 201
        reference = created.json()["reference"]
        code = created.json()["access_code"]
        status_page = http.post(f"/requests/{reference}", data={"code": code})
        assert status_page.status_code == 200 and "<script>alert" not in status_page.text
    with live_server.ctx.sessions() as session:
        stored = session.scalars(select(Ticket).where(Ticket.reference == reference)).one()
        assert (stored.name, stored.organization, stored.details) == (
            HOSTILE["name"], HOSTILE["organization"], HOSTILE["details"])
        assert session.scalar(select(func.count()).select_from(Ticket)) == 1  # the table is still there

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server.url}/staff/login")
    page.fill("#email", STAFF_EMAIL)
    page.fill("#password", PASSWORD)
    page.click("#login")
    page.wait_for_url(f"{live_server.url}/staff")
    assert "<b>" not in page.inner_html("#queue") or page.locator("#queue b").count() == 0
    page.goto(f"{live_server.url}/staff/tickets/{reference}")
    page.fill("#note-text", NOTE)
    page.click("#add-note")
    page.wait_for_selector("#history .note-text")
    body = page.inner_text("body")
    for value in (HOSTILE["name"], HOSTILE["details"].split("\n")[0], HOSTILE["agent_name"], NOTE):
        assert value in body  # the literal characters are visible
    # ...and none of them became markup.
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("iframe").count() == 0
    assert page.locator("main b, #applicant b").count() == 0
    page.mouse.move(10, 10)
    page.screenshot(path=str(artifacts_dir / "dashboard-hostile-fields.png"), full_page=True)
    assert dialogs == []
    context.close()
