"""One language per staff member: the catalogs agree, accounts remember their language, and the pages
around the workflow say what staff need (no due date before the mail, a hint when e-mail is off)."""

from __future__ import annotations

import csv
import io
import logging
import re

from sqlalchemy import select

from intake.models import Staff
from tests.backoffice.conftest import STAFF_EMAIL, chat_ticket, login


def test_a_refused_edit_is_shown_in_the_members_language_only(client, accounts):
    reference = chat_ticket(client)
    csrf = login(client)
    page = client.post(f"/staff/tickets/{reference}/notes", data={"csrf_token": csrf, "text": "   "})
    assert page.status_code == 422 and "メモが空です" in page.text and "The note is empty" not in page.text
    client.post("/staff/me/lang", data={"csrf_token": csrf, "lang": "en", "back": "/staff"})
    page = client.post(f"/staff/tickets/{reference}/notes", data={"csrf_token": csrf, "text": "   "})
    assert page.status_code == 422 and "The note is empty" in page.text and "メモが空です" not in page.text


def test_a_member_switches_language_and_keeps_it(client, ctx, accounts):
    reference = chat_ticket(client)
    csrf = login(client)
    page = client.get(f"/staff/tickets/{reference}")
    assert '<html lang="ja">' in page.text and "次の手続き" in page.text and "Next step" not in page.text
    client.post("/staff/me/lang", data={"csrf_token": csrf, "lang": "en", "back": f"/staff/tickets/{reference}"})
    page = client.get(f"/staff/tickets/{reference}")
    assert '<html lang="en">' in page.text and "Next step" in page.text and "次の手続き" not in page.text
    assert "New, not acknowledged" in page.text  # staff wording, not "Opened (please mail the documents)"
    with ctx.sessions() as session:
        assert session.scalars(select(Staff.lang).where(Staff.email == STAFF_EMAIL)).one() == "en"
    refused = client.post("/staff/me/lang", data={"csrf_token": csrf, "lang": "fr"})
    assert refused.status_code == 422


def test_the_questions_page_translates_decisions(client, accounts):
    client.post("/api/chat", json={"message": "明日の天気は？"})
    login(client)
    page = client.get("/staff/questions")
    cells = re.findall(r'data-label="判定">([^<]*)<', page.text)
    assert cells and all(cell in ("回答できず", "候補を提示") for cell in cells), cells


def test_the_csv_gives_no_due_date_before_the_mail_arrives(client, accounts):
    chat_ticket(client)
    rows = list(csv.DictReader(io.StringIO(client.get("/api/staff/tickets.csv", headers=accounts.headers()).text)))
    assert rows[0]["received_at"] == "" and rows[0]["due_at"] == ""


def test_sending_a_notice_without_smtp_is_said_on_the_page_and_in_the_log(client, ctx, accounts, caplog):
    reference = chat_ticket(client)
    api = f"/api/staff/tickets/{reference}"
    for key in ("id_copy", "form", "stamps"):
        body = {"checked": True, "received_amount_yen": 1000} if key == "stamps" else {"checked": True}
        assert client.post(f"{api}/checklist/{key}", json=body, headers=accounts.headers()).status_code == 200
    for move in ({"to": "received"}, {"to": "verified"}, {"to": "decided", "outcome": "disclosed"}):
        assert client.post(f"{api}/transitions", json=move, headers=accounts.headers()).status_code == 200
    login(client)
    page = client.get(f"/staff/tickets/{reference}")
    assert "メール送信が設定されていません" in page.text
    with caplog.at_level(logging.WARNING):
        assert client.post(f"{api}/transitions", json={"to": "notified"}, headers=accounts.headers()).status_code == 200
    said = [r.getMessage() for r in caplog.records if "MADOGUCHI_SMTP_URL" in r.getMessage()]
    assert said and reference in said[0] and "taro@example.org" not in caplog.text
