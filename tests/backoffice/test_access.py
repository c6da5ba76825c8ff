"""Who may use the back office: every staff route refuses strangers (401) and the wrong role (403),
forms need their CSRF token, logins are slowed down after failures, and sessions end when they should.

Routes are enumerated from the app itself, so a route added later is covered without editing this file.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select, update

from bot.settings import Settings
from bot.web.app import create_app
from intake.models import AuditEvent, LoginSession, Note
from tests.backoffice.conftest import ADMIN_EMAIL, PASSWORD, STAFF_EMAIL, chat_ticket, csrf_of, login
from tests.routes import walk_routes

PUBLIC = {("GET", "/staff/login"), ("POST", "/staff/login")}
ADMIN_ONLY = {"/staff/users", "/staff/users/{staff_id}", "/api/staff/users", "/api/staff/users/{staff_id}",
              "/staff/tickets/{reference}/erase", "/api/staff/tickets/{reference}/erase",
              # Admins approve new answers; staff may attach, mark, dismiss, propose and revert taught questions.
              "/staff/knowledge/changes/{change_id}/approve", "/staff/knowledge/changes/{change_id}/reject",
              "/api/staff/knowledge/changes/{change_id}/approve", "/api/staff/knowledge/changes/{change_id}/reject"}
PARAMS = {"reference": "REQ-2025-999999", "key": "stamps", "staff_id": "1", "item_id": "1", "change_id": "1"}


def staff_routes() -> list[tuple[str, str]]:
    app = create_app(Settings(database_url="sqlite:///:memory:"))
    found = set()
    for route in walk_routes(app.routes):
        path = getattr(route, "path", "") or ""
        if path == "/staff" or path.startswith(("/staff/", "/api/staff")):
            for method in route.methods or ():
                if method != "HEAD":
                    found.add((method, path))
    return sorted(found - PUBLIC)


ROUTES = staff_routes()
POST_PAGES = [(m, p) for m, p in ROUTES if m == "POST" and p.startswith("/staff")]


def url(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: PARAMS[m.group(1)], path)


def call(client, method, path, **kwargs):
    return client.request(method, url(path), follow_redirects=False, **kwargs)


def test_the_enumeration_finds_the_back_office():
    assert len(ROUTES) >= 20
    assert ("GET", "/staff") in ROUTES and ("POST", "/api/staff/tickets/{reference}/transitions") in ROUTES
    assert {p for _, p in ROUTES} >= ADMIN_ONLY


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_strangers_get_401(client, accounts, method, path):
    response = call(client, method, path, data={"csrf_token": "x"} if path.startswith("/staff") else None)
    assert response.status_code == 401, response.text[:300]
    if path.startswith("/api/"):
        assert response.headers["www-authenticate"].startswith("Bearer")
    # A made-up token is no better than none.
    assert call(client, method, path, headers={"Authorization": "Bearer mdg_not-a-real-token"}).status_code == 401


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_staff_role_gets_in_except_where_admins_only(client, accounts, method, path):
    if path.startswith("/api/"):
        response = call(client, method, path, headers=accounts.headers("staff"), json={})
    else:
        csrf = login(client, STAFF_EMAIL)
        response = call(client, method, path, data={"csrf_token": csrf})
    if path in ADMIN_ONLY:
        assert response.status_code == 403, response.text[:300]
    else:
        assert response.status_code not in (401, 403), response.text[:300]


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p in ROUTES if p in ADMIN_ONLY])
def test_admins_get_in_where_admins_only(client, accounts, method, path):
    if path.startswith("/api/"):
        response = call(client, method, path, headers=accounts.headers("admin"), json={})
    else:
        response = call(client, method, path, data={"csrf_token": login(client, ADMIN_EMAIL)})
    assert response.status_code not in (401, 403), response.text[:300]


@pytest.mark.parametrize(("method", "path"), POST_PAGES)
def test_forms_without_their_csrf_token_are_refused(client, accounts, method, path):
    reference = chat_ticket(client)
    login(client, ADMIN_EMAIL)
    target = path.replace("{reference}", reference)
    body = {"to": "received", "text": "note", "email": ADMIN_EMAIL, "role": "staff", "password": PASSWORD}
    for data in (body, {**body, "csrf_token": "forged"}):
        response = call(client, method, target, data=data)
        assert response.status_code == 403, response.text[:300]
    with client.app.state.ctx.sessions() as session:  # nothing was written by the refused forms
        assert session.scalars(select(AuditEvent).where(AuditEvent.actor == ADMIN_EMAIL,
                                                        AuditEvent.action != "login")).all() == []
        assert session.scalars(select(Note)).all() == []


def test_login_form_needs_its_double_submit_token(client, accounts):
    client.get("/staff/login")
    response = client.post("/staff/login", data={"email": STAFF_EMAIL, "password": PASSWORD, "csrf_token": "x"},
                           follow_redirects=False)
    assert response.status_code == 403 and "madoguchi_staff" not in response.headers.get("set-cookie", "")


def test_session_cookie_flags(ctx, db_engine, accounts):
    from fastapi.testclient import TestClient

    from bot.context import build_context

    for secure in (False, True):
        context = build_context(ctx.settings.model_copy(update={"secure_cookies": secure}), engine=db_engine)
        with TestClient(create_app(context=context), base_url="https://testserver") as client:
            page = client.get("/staff/login")
            response = client.post("/staff/login", data={"email": STAFF_EMAIL, "password": PASSWORD,
                                                          "csrf_token": csrf_of(page.text)}, follow_redirects=False)
        cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("madoguchi_staff="))
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/staff" in cookie
        assert ("Secure" in cookie) == secure


def _fail(client, email, password="wrong password!"):
    page = client.get("/staff/login")
    return client.post("/staff/login", data={"email": email, "password": password, "csrf_token": csrf_of(page.text)},
                       follow_redirects=False)


def test_repeated_failed_logins_are_slowed_down_per_email(client, accounts):
    for _ in range(5):
        assert _fail(client, STAFF_EMAIL).status_code == 401
    throttled = _fail(client, STAFF_EMAIL, PASSWORD)  # even the right password waits now
    assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) >= 1
    assert "madoguchi_staff=" not in throttled.headers.get("set-cookie", "")


def test_repeated_failed_logins_are_slowed_down_per_address(client, accounts):
    # Per address the allowance is larger than per account (colleagues share an office address).
    for n in range(20):
        assert _fail(client, f"guess{n}@example.org").status_code == 401
    assert _fail(client, "another@example.org").status_code == 429


def test_logout_ends_the_session_for_good(client, accounts):
    csrf = login(client)
    cookie = client.cookies.get("madoguchi_staff")
    response = client.post("/staff/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/staff/login"
    assert client.get("/staff").status_code == 401
    client.cookies.set("madoguchi_staff", cookie, path="/staff")
    assert client.get("/staff").status_code == 401  # the old cookie is dead on the server too


def test_expired_sessions_and_deactivated_staff_are_shut_out(client, ctx, accounts):
    login(client)
    with ctx.transaction() as session:
        session.execute(update(LoginSession).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    assert client.get("/staff").status_code == 401
    login(client)
    admin = client.__class__(client.app)
    csrf = login(admin, ADMIN_EMAIL)
    users = admin.get("/api/staff/users", headers=accounts.headers("admin")).json()["users"]
    clerk = next(u for u in users if u["email"] == STAFF_EMAIL)
    assert admin.post(f"/staff/users/{clerk['id']}", data={"csrf_token": csrf, "active": "false"},
                      follow_redirects=False).status_code == 303
    assert client.get("/staff").status_code == 401
    assert client.get("/api/staff/tickets", headers=accounts.headers("staff")).status_code == 401
    page = client.get("/staff/login")
    refused = client.post("/staff/login", data={"email": STAFF_EMAIL, "password": PASSWORD,
                                                "csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert refused.status_code == 401


def test_the_login_page_returns_to_where_the_user_was_going(client, accounts):
    reference = chat_ticket(client)
    page = client.get(f"/staff/tickets/{reference}")
    assert page.status_code == 401 and 'name="next"' in page.text
    response = client.post("/staff/login", data={"email": STAFF_EMAIL, "password": PASSWORD,
                                                  "csrf_token": csrf_of(page.text),
                                                  "next": f"/staff/tickets/{reference}"}, follow_redirects=False)
    assert response.headers["location"] == f"/staff/tickets/{reference}"
    evil = client.post("/staff/login", data={"email": STAFF_EMAIL, "password": PASSWORD,
                                              "csrf_token": csrf_of(client.get("/staff/login").text),
                                              "next": "//evil.example/staff"}, follow_redirects=False)
    assert evil.headers["location"] == "/staff"
