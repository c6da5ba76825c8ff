"""Staff accounts and notes refuse control characters (NUL was stored by SQLite and kept in notes)."""

from __future__ import annotations

from sqlalchemy import func, select

from intake.models import Note, Staff
from tests.backoffice.conftest import chat_ticket, login


def test_a_staff_account_with_a_nul_in_its_address_is_refused(client, ctx, accounts):
    response = client.post("/api/staff/users", json={"email": "a\x00b@x.io", "password": "long enough password"},
                           headers=accounts.headers("admin"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "email"
    csrf = login(client, "admin@example.org")
    page = client.post("/staff/users", data={"csrf_token": csrf, "email": "c\x00d@x.io",
                                             "password": "long enough password", "role": "staff"})
    assert page.status_code == 422
    with ctx.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Staff).where(Staff.email.contains("x.io"))) == 0


def test_notes_with_a_nul_are_refused_in_the_api_and_on_the_page(client, ctx, accounts):
    reference = chat_ticket(client)
    api = client.post(f"/api/staff/tickets/{reference}/notes", json={"text": "電話あり\x00"},
                      headers=accounts.headers())
    assert api.status_code == 422 and api.json()["detail"][0]["loc"][-1] == "text"
    moved = client.post(f"/api/staff/tickets/{reference}/transitions", json={"to": "awaiting_mail", "note": "x\x00"},
                        headers=accounts.headers())
    assert moved.status_code == 422 and moved.json()["detail"][0]["loc"][-1] == "note"
    csrf = login(client)
    page = client.post(f"/staff/tickets/{reference}/notes", data={"csrf_token": csrf, "text": "電話\x00あり"})
    assert page.status_code == 422 and "制御文字" in page.text
    with ctx.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Note)) == 0
    ok = client.post(f"/api/staff/tickets/{reference}/notes", json={"text": "電話あり\n折り返し希望"},
                     headers=accounts.headers())
    assert ok.status_code == 201 and ok.json()["text"] == "電話あり\n折り返し希望"
