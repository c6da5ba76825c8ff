"""Staff export everything stored about an applicant, and admins erase it (with an audit entry)."""

from __future__ import annotations

from sqlalchemy import select

from intake.models import PERSONAL_FIELDS, AuditEvent, Ticket
from tests.backoffice.conftest import ADMIN_EMAIL, chat_ticket, csrf_of, login


def test_export_over_the_api_shows_all_stored_data_and_is_audited(client, accounts, ctx):
    reference = chat_ticket(client)
    response = client.get(f"/api/staff/tickets/{reference}/export", headers=accounts.headers())
    assert response.status_code == 200
    data = response.json()
    assert data["personal_data"]["name"] == "山田 太郎" and data["personal_data"]["email"] == "taro@example.org"
    assert data["checklist"] and data["history"]
    with ctx.sessions() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert "personal_data_exported" in actions


def test_only_admins_erase_and_the_history_stays(client, accounts, ctx):
    reference = chat_ticket(client)
    refused = client.post(f"/api/staff/tickets/{reference}/erase", headers=accounts.headers("staff"))
    assert refused.status_code == 403
    erased = client.post(f"/api/staff/tickets/{reference}/erase", headers=accounts.headers("admin"))
    assert erased.status_code == 200 and erased.json()["erased"] is True
    with ctx.sessions() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.reference == reference)).one()
        assert all(getattr(ticket, field) is None for field in PERSONAL_FIELDS)
        assert ticket.kind == "disclosure" and ticket.checklist
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (last.action, last.actor) == ("personal_data_erased", ADMIN_EMAIL)
    export = client.get(f"/api/staff/tickets/{reference}/export", headers=accounts.headers())
    assert export.json()["personal_data"]["name"] is None
    assert client.get("/api/staff/tickets/REQ-1999-000001/export", headers=accounts.headers()).status_code == 404


def test_erase_from_the_ticket_page_needs_csrf_and_the_typed_reference(client, accounts, ctx):
    reference = chat_ticket(client)
    csrf = login(client, ADMIN_EMAIL)
    page = client.get(f"/staff/tickets/{reference}")
    assert 'id="erase-data"' in page.text and csrf_of(page.text) == csrf
    assert client.post(f"/staff/tickets/{reference}/erase", data={"confirm": reference}).status_code == 403
    wrong = client.post(f"/staff/tickets/{reference}/erase", data={"confirm": "nope", "csrf_token": csrf})
    assert wrong.status_code == 422
    done = client.post(f"/staff/tickets/{reference}/erase", data={"confirm": reference, "csrf_token": csrf},
                       follow_redirects=False)
    assert done.status_code == 303
    with ctx.sessions() as session:
        assert session.scalars(select(Ticket.name).where(Ticket.reference == reference)).one() is None
    download = client.post(f"/staff/tickets/{reference}/export.json", data={"csrf_token": csrf})
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
