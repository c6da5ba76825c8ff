"""Another site cannot make a logged-in staff member's browser do things: a cross-site link to the export
downloads nothing and writes no audit entry in their name, and a form posted from a foreign origin is
refused even when it carries a valid CSRF token."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from intake.models import AuditEvent, Note
from tests.backoffice.conftest import ADMIN_EMAIL, chat_ticket, csrf_of, login

EVIL = "http://evil.example"


def _exports(ctx) -> int:
    with ctx.sessions() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == "personal_data_exported"))


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"},
    {"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "navigate"},
    {},  # a browser that sends no fetch metadata: it cannot prove the click was ours
], ids=["cross-site", "same-site", "no-metadata"])
def test_a_cross_site_link_to_the_export_downloads_nothing_and_audits_nothing(client, ctx, accounts, headers):
    reference = chat_ticket(client)
    login(client, ADMIN_EMAIL)
    response = client.get(f"/staff/tickets/{reference}/export.json", headers=headers)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "attachment" not in response.headers.get("content-disposition", "")
    assert "山田 太郎" not in response.text and "taro@example.org" not in response.text
    assert 'method="post"' in response.text and 'name="csrf_token"' in response.text  # the real button
    assert _exports(ctx) == 0


def test_the_export_button_posts_with_the_csrf_token(client, ctx, accounts):
    reference = chat_ticket(client)
    csrf = login(client, ADMIN_EMAIL)
    page = client.get(f"/staff/tickets/{reference}")
    assert f'action="/staff/tickets/{reference}/export.json"' in page.text and 'id="export-data"' in page.text
    refused = client.post(f"/staff/tickets/{reference}/export.json", data={})
    assert refused.status_code == 403 and _exports(ctx) == 0
    download = client.post(f"/staff/tickets/{reference}/export.json", data={"csrf_token": csrf})
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
    assert download.json()["personal_data"]["name"] == "山田 太郎"
    assert _exports(ctx) == 1
    # Typing the address (or a bookmark) is the user's own doing: fetch metadata says "none".
    typed = client.get(f"/staff/tickets/{reference}/export.json", headers={"Sec-Fetch-Site": "none"})
    assert typed.status_code == 200 and _exports(ctx) == 2


@pytest.mark.parametrize("headers", [
    {"Origin": EVIL},
    {"Origin": "null", "Sec-Fetch-Site": "same-site"},
    {"Referer": EVIL + "/page"},
    {"Origin": "http://testserver.evil.example"},
    {"Sec-Fetch-Site": "cross-site"},
], ids=["origin", "null-origin", "referer", "lookalike", "fetch-metadata"])
def test_a_staff_form_from_a_foreign_origin_is_refused_even_with_a_valid_token(client, ctx, accounts, headers):
    reference = chat_ticket(client)
    csrf = login(client)
    response = client.post(f"/staff/tickets/{reference}/notes", data={"csrf_token": csrf, "text": "x"},
                           headers=headers, follow_redirects=False)
    assert response.status_code == 403
    assert "origin" in response.text.lower() or "別のサイト" in response.text
    with ctx.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Note)) == 0


def test_the_same_origin_is_accepted(client, ctx, accounts):
    reference = chat_ticket(client)
    csrf = login(client)
    for headers in ({"Origin": "http://testserver"}, {"Referer": f"http://testserver/staff/tickets/{reference}"},
                    {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
                    # What browsers send for our own forms under our Referrer-Policy: no-referrer.
                    {"Sec-Fetch-Site": "same-origin", "Origin": "null"}):
        response = client.post(f"/staff/tickets/{reference}/notes", data={"csrf_token": csrf, "text": "ok"},
                               headers=headers, follow_redirects=False)
        assert response.status_code == 303


def test_a_login_from_a_foreign_origin_is_refused(client, accounts):
    page = client.get("/staff/login")
    response = client.post("/staff/login", data={"email": ADMIN_EMAIL, "password": "correct horse battery staple",
                                                  "csrf_token": csrf_of(page.text)},
                           headers={"Origin": EVIL}, follow_redirects=False)
    assert response.status_code == 403 and "madoguchi_staff=" not in response.headers.get("set-cookie", "")
