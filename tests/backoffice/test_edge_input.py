"""Numbers too big for the database and digits int() cannot read get a clear 4xx, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from intake.models import ChecklistItem
from tests.backoffice.conftest import ADMIN_EMAIL, chat_ticket, login


@pytest.mark.parametrize("staff_id", ["9223372036854775808", "99999999999999999999", "2147483648", "-1", "0"])
def test_an_impossible_staff_id_in_the_api_is_a_clear_4xx(client, accounts, staff_id):
    response = client.post(f"/api/staff/users/{staff_id}", json={"active": False}, headers=accounts.headers("admin"))
    assert response.status_code in (404, 422), response.text
    assert "staff_id" in response.text or "No such account" in response.text


@pytest.mark.parametrize("staff_id", ["99999999999999999999", "9223372036854775808"])
def test_an_impossible_staff_id_on_the_page_is_a_clear_4xx(app, accounts, staff_id):
    with TestClient(app, raise_server_exceptions=False) as admin:
        csrf = login(admin, ADMIN_EMAIL)
        response = admin.post(f"/staff/users/{staff_id}", data={"csrf_token": csrf, "active": "false"},
                              follow_redirects=False)
    assert response.status_code in (404, 422)
    assert "アカウント" in response.text or "staff_id" in response.text
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("amount", ["²", "1" * 5000, "١٢٣", "12.5", "-3", "1e3", "1000000001"])
def test_an_amount_that_is_not_plain_yen_is_refused_and_nothing_is_saved(app, ctx, accounts, amount):
    with TestClient(app, raise_server_exceptions=False) as clerk:
        csrf = login(clerk)
        reference = chat_ticket(clerk)
        response = clerk.post(f"/staff/tickets/{reference}/checklist",
                              data={"csrf_token": csrf, "checked": "stamps", "amount_stamps": amount},
                              follow_redirects=False)
    assert response.status_code == 422, response.text[:300]
    assert "金額" in response.text and "1,000,000" in response.text  # in the staff member's language (ja)
    with ctx.sessions() as session:
        stamps = session.scalars(select(ChecklistItem).where(ChecklistItem.key == "stamps")).one()
        assert not stamps.checked and stamps.received_amount_yen is None


def test_a_plain_amount_with_separators_is_saved(app, ctx, accounts):
    with TestClient(app) as clerk:
        csrf = login(clerk)
        reference = chat_ticket(clerk)
        response = clerk.post(f"/staff/tickets/{reference}/checklist",
                              data={"csrf_token": csrf, "checked": "stamps", "amount_stamps": " 1,000 "},
                              follow_redirects=False)
    assert response.status_code == 303
    with ctx.sessions() as session:
        assert session.scalars(select(ChecklistItem).where(ChecklistItem.key == "stamps")).one().received_amount_yen == 1000
