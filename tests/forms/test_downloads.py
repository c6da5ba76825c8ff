"""Downloading forms over HTTP: blank for anyone, pre-filled only with the access code or a staff login."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.web.backoffice.auth import SESSION_COOKIE
from intake import staff as accounts
from intake.forms import DOCX_MEDIA_TYPE
from intake.tickets import get_by_reference
from tests.forms.conftest import PERSON
from tests.forms.docx_reading import read_form


def assert_docx_download(response, filename: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX_MEDIA_TYPE
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'
    assert response.content[:2] == b"PK"  # a .docx is a zip package


def test_the_right_code_downloads_the_filled_form_three_ways(client, open_ticket):
    reference, code = open_ticket("disclosure", "self")
    by_header = client.get(f"/requests/{reference}/form.docx", headers={"X-Access-Code": code})
    by_query = client.get(f"/requests/{reference}/form.docx", params={"code": code.lower().replace("-", "")})
    by_post = client.post(f"/requests/{reference}/form.docx", data={"code": code})
    for response in (by_header, by_query, by_post):
        assert_docx_download(response, f"{reference}.docx")
        # It carries personal data. (The security middleware may add its own no-store as well.)
        assert {value.strip() for value in response.headers["cache-control"].split(",")} == {"no-store"}
        read = read_form(response.content)
        assert reference in read.text and read.fields["氏名（ご本人）"] == PERSON["name"]


@pytest.mark.parametrize("method", ["get-nothing", "get-wrong-header", "get-wrong-query", "post-wrong", "post-empty"])
def test_without_the_right_code_it_is_404_like_an_unknown_reference(client, open_ticket, method):
    reference, code = open_ticket("correction", "agent")
    wrong = "ABCD-EFGH-JKMN-PQRS" if code != "ABCD-EFGH-JKMN-PQRS" else "ZZZZ-ZZZZ-ZZZZ-ZZZZ"
    url = f"/requests/{reference}/form.docx"
    response = {
        "get-nothing": lambda: client.get(url),
        "get-wrong-header": lambda: client.get(url, headers={"X-Access-Code": wrong}),
        "get-wrong-query": lambda: client.get(url, params={"code": wrong}),
        "post-wrong": lambda: client.post(url, data={"code": wrong}),
        "post-empty": lambda: client.post(url, data={}),
    }[method]()
    unknown = client.get("/requests/REQ-2099-999999/form.docx", headers={"X-Access-Code": code})
    assert response.status_code == unknown.status_code == 404
    assert response.json() == unknown.json()
    assert PERSON["name"] not in response.text


def test_repeated_wrong_codes_are_throttled_across_status_and_form_lookups(client, open_ticket):
    reference, code = open_ticket()
    for _ in range(3):
        assert client.get(f"/api/requests/{reference}", params={"code": "WRONG"}).status_code == 404
    for _ in range(2):
        assert client.get(f"/requests/{reference}/form.docx", params={"code": "WRONG"}).status_code == 404
    # Five failures on this reference, counted together: the next wrong code waits, wherever it is tried…
    throttled = client.get(f"/requests/{reference}/form.docx", headers={"X-Access-Code": "WRONG"})
    assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) >= 1
    # …while the right code still opens the form.
    assert client.get(f"/requests/{reference}/form.docx", headers={"X-Access-Code": code}).status_code == 200


def test_the_status_page_offers_the_download_button(client, open_ticket):
    reference, code = open_ticket("suspension", "self")
    page = client.post(f"/requests/{reference}", data={"code": code})
    assert page.status_code == 200
    assert f'action="/requests/{reference}/form.docx"' in page.text
    assert f'name="code" value="{code}"' in page.text


def test_a_purged_ticket_has_no_filled_form(client, ctx, open_ticket):
    reference, code = open_ticket()
    with ctx.transaction() as session:
        ticket = get_by_reference(session, reference)
        ticket.name = ticket.email = ticket.postal_address = ticket.details = None
        ticket.personal_data_purged_at = dt.datetime.now(dt.UTC)
    response = client.get(f"/requests/{reference}/form.docx", headers={"X-Access-Code": code})
    assert response.status_code == 410
    page = client.post(f"/requests/{reference}", data={"code": code})
    assert "/form.docx" not in page.text


@pytest.mark.parametrize("form_key", ["disclosure_form", "correction_form", "suspension_form"])
def test_blank_forms_need_no_login(client, ctx, form_key):
    response = client.get(f"/forms/{form_key}.docx")
    assert_docx_download(response, f"{form_key}.docx")
    assert read_form(response.content).paragraphs[0] == ctx.kb.requests.form(form_key).name_ja


def test_an_unknown_blank_form_is_404(client):
    assert client.get("/forms/no_such_form.docx").status_code == 404


@pytest.fixture
def staff_credentials(ctx):  # type: ignore[no-untyped-def]
    """(session cookie, API token) of an active staff member."""
    with ctx.transaction() as session:
        member = accounts.create_staff(session, "clerk@example.org", "a long enough passphrase 42")
        session.flush()
        opened = accounts.open_login_session(session, member)
        token = accounts.issue_api_token(session, member)
        return opened.cookie, token


def test_staff_download_needs_a_login(client, open_ticket, staff_credentials):
    reference, _code = open_ticket("erasure", "agent")
    url = f"/staff/tickets/{reference}/form.docx"
    cookie, token = staff_credentials
    assert client.get(url).status_code == 401
    assert client.get(url, headers={"Authorization": "Bearer not-a-token"}).status_code == 401
    client.cookies.set(SESSION_COOKIE, "forged")
    assert client.get(url).status_code == 401

    by_token = client.get(url, headers={"Authorization": f"Bearer {token}"})
    assert_docx_download(by_token, f"{reference}.docx")
    assert read_form(by_token.content).fields["氏名（ご本人）"] == PERSON["name"]
    client.cookies.set(SESSION_COOKIE, cookie)
    assert_docx_download(client.get(url), f"{reference}.docx")
    assert client.get("/staff/tickets/REQ-2099-999999/form.docx").status_code == 404


def test_the_kit_link_without_a_code_sends_a_browser_to_the_status_page(client, open_ticket):
    reference, code = open_ticket()
    for ref in (reference, "REQ-2099-999999"):  # known or not, the same answer
        response = client.get(f"/requests/{ref}/form.docx", headers={"Accept": "text/html,*/*"},
                              follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == f"/requests/{ref}"
    # Following the link did not count as a wrong guess: the right code still works at once, five times over.
    for _ in range(5):
        client.get(f"/requests/{reference}/form.docx", headers={"Accept": "text/html"}, follow_redirects=False)
    assert client.post(f"/requests/{reference}/form.docx", data={"code": code}).status_code == 200
