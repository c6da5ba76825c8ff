"""Staff pages with a plain HTTP client: refusals shown as pages, escaping, notes, claims, staff admin."""

from __future__ import annotations

import re

from sqlalchemy import select

from intake.models import Staff, Ticket
from tests.backoffice.conftest import ADMIN_EMAIL, STAFF_EMAIL, chat_ticket, csrf_of, login


def error_text(html: str) -> str:
    match = re.search(r'id="error">([^<]*)<', html)
    return match.group(1) if match else ""


def test_refused_moves_and_bad_input_are_shown_on_the_ticket(client, ctx, accounts):
    reference = chat_ticket(client)
    csrf = login(client)
    base = f"/staff/tickets/{reference}"
    refused = client.post(f"{base}/transition", data={"csrf_token": csrf, "to": "decided", "outcome": "disclosed"})
    # The clerk works in Japanese (the default): each refusal is said in Japanese only.
    assert refused.status_code == 409 and "移せません" in error_text(refused.text)
    assert "cannot move" not in error_text(refused.text)
    unknown = client.post(f"{base}/transition", data={"csrf_token": csrf, "to": "flying"})
    assert unknown.status_code == 422 and "不明な状態" in error_text(unknown.text)
    bad_amount = client.post(f"{base}/checklist", data={"csrf_token": csrf, "checked": "stamps", "amount_stamps": "千"})
    assert bad_amount.status_code == 422 and "半角数字" in error_text(bad_amount.text)
    missing_amount = client.post(f"{base}/checklist", data={"csrf_token": csrf, "checked": "stamps"})
    # The refusal names the enclosure that pays the fee (its label comes from the knowledge data).
    assert missing_amount.status_code == 422 and "郵便切手" in error_text(missing_amount.text)
    assert "受領額" in error_text(missing_amount.text)
    empty_note = client.post(f"{base}/notes", data={"csrf_token": csrf, "text": "   "})
    assert empty_note.status_code == 422
    missing = client.get("/staff/tickets/REQ-1999-000001")
    assert missing.status_code == 404 and "該当する受付番号がありません" in missing.text
    # Switched to English, the same refusal is said in English only.
    client.post("/staff/me/lang", data={"csrf_token": csrf, "lang": "en", "back": base})
    refused = client.post(f"{base}/transition", data={"csrf_token": csrf, "to": "decided", "outcome": "disclosed"})
    assert "cannot move" in error_text(refused.text) and "移せません" not in error_text(refused.text)
    assert '<html lang="en">' in refused.text and "Next step" in refused.text
    with ctx.sessions() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.reference == reference)).one()
        assert ticket.status == "opened" and not any(i.checked for i in ticket.checklist) and not ticket.notes


def test_checklist_form_saves_ticks_and_amounts(client, ctx, accounts):
    reference = chat_ticket(client, "disclosure", "agent")
    csrf = login(client)
    page = client.get(f"/staff/tickets/{reference}")
    for key in ("power_of_attorney", "seal_certificate", "agent_id_copy", "form", "stamps"):
        assert f'id="check-{key}"' in page.text
    saved = client.post(f"/staff/tickets/{reference}/checklist", follow_redirects=False,
                        data={"csrf_token": csrf, "checked": ["power_of_attorney", "stamps"], "amount_stamps": "1,000"})
    assert saved.status_code == 303 and saved.headers["location"].endswith("?done=checklist")
    with ctx.sessions() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.reference == reference)).one()
        state = {i.key: (i.checked, i.received_amount_yen, i.checked_by) for i in ticket.checklist}
    assert state["power_of_attorney"] == (True, None, STAFF_EMAIL)
    assert state["stamps"] == (True, 1000, STAFF_EMAIL)
    assert state["seal_certificate"] == (False, None, None)
    page = client.get(f"/staff/tickets/{reference}?done=checklist")
    assert "チェックリストを保存しました" in page.text
    assert "印鑑登録証明書" in page.text.split('id="deficiencies"')[1]


def test_personal_data_is_escaped_and_pages_are_not_cached(client, accounts):
    session_id = None
    for message in ["intake:start", "intake:kind:disclosure", "intake:requester:self", "<script>alert(1)</script>",
                    "taro@example.org", "intake:skip", "intake:skip", "intake:confirm"]:
        body = client.post("/api/chat", json={"session_id": session_id, "message": message}).json()
        session_id = body["session_id"]
    reference = body["messages"][-1]["ticket"]["reference"]
    login(client)
    page = client.get(f"/staff/tickets/{reference}")
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_claim_and_assign_from_the_page(client, accounts):
    reference = chat_ticket(client)
    other = client.__class__(client.app)
    admin_csrf = login(other, ADMIN_EMAIL)
    assert other.post(f"/staff/tickets/{reference}/claim", data={"csrf_token": admin_csrf},
                      follow_redirects=False).status_code == 303
    csrf = login(client)
    taken = client.post(f"/staff/tickets/{reference}/claim", data={"csrf_token": csrf})
    assert taken.status_code == 409 and ADMIN_EMAIL in error_text(taken.text)
    handed = client.post(f"/staff/tickets/{reference}/assign", data={"csrf_token": csrf, "email": STAFF_EMAIL})
    assert handed.status_code == 200 and f'id="assignee">{STAFF_EMAIL}<' in handed.text
    mine = client.get("/staff", params={"mine": "1"})
    assert reference in mine.text


def test_admin_adds_and_deactivates_staff_from_the_page(client, ctx, accounts):
    csrf = login(client, ADMIN_EMAIL)
    page = client.get("/staff/users")
    assert page.status_code == 200 and STAFF_EMAIL in page.text
    added = client.post("/staff/users", data={"csrf_token": csrf, "email": "new@example.org",
                                              "password": "a long passphrase", "role": "staff"})
    assert added.status_code == 200 and "アカウントを追加しました" in added.text
    weak = client.post("/staff/users", data={"csrf_token": csrf, "email": "weak@example.org", "password": "x"})
    assert weak.status_code == 422 and "12文字以上" in error_text(weak.text)
    with ctx.sessions() as session:
        new_id = session.scalars(select(Staff.id).where(Staff.email == "new@example.org")).one()
        admin_id = session.scalars(select(Staff.id).where(Staff.email == ADMIN_EMAIL)).one()
    client.post(f"/staff/users/{new_id}", data={"csrf_token": csrf, "active": "false"})
    self_lockout = client.post(f"/staff/users/{admin_id}", data={"csrf_token": csrf, "active": "false"})
    assert self_lockout.status_code == 422 and "最後の管理者" in error_text(self_lockout.text)
    with ctx.sessions() as session:
        assert session.get(Staff, new_id).active is False and session.get(Staff, admin_id).active is True
    # The login page of the deactivated account refuses it.
    fresh = client.__class__(client.app)
    login_page = fresh.get("/staff/login")
    refused = fresh.post("/staff/login", data={"email": "new@example.org", "password": "a long passphrase",
                                               "csrf_token": csrf_of(login_page.text)})
    assert refused.status_code == 401
