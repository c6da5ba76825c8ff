"""The web chat in a real headless browser (Playwright driving Debian's Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def wait_for_reply(page, count_before: int) -> None:
    # Locator waits, not wait_for_function: the page's CSP (rightly) forbids evaluating strings.
    page.locator("#log > li.bot").nth(count_before).wait_for()
    page.locator("#send:enabled").wait_for()


def send(page, text: str) -> None:
    count = page.locator("#log > li.bot").count()
    page.fill("#message", text)
    page.click("#send")
    wait_for_reply(page, count)


def click_option(page, value: str) -> None:
    count = page.locator("#log > li.bot").count()
    page.locator(f"#log > li.bot button.option[data-value='{value}']").last.click()
    wait_for_reply(page, count)


def test_question_then_agent_disclosure_request(page, live_server, ctx, artifacts_dir):
    page.goto(live_server.url + "/")
    assert "窓口" in page.title()
    page.wait_for_selector("#log li.bot")  # the welcome message

    send(page, "開示請求の手数料はいくらですか？")
    answer = page.locator("#log > li.bot").last
    fee = f"{ctx.kb.requests.kind('disclosure').fee_yen:,}"
    assert fee in answer.inner_text()
    assert "Ⅶ.3" in answer.locator(".sources").inner_text()

    send(page, "開示請求したい")
    click_option(page, "intake:kind:disclosure")
    click_option(page, "intake:requester:agent")
    send(page, "山田太郎")
    send(page, "山田花子")
    send(page, "hanako@example.org")
    click_option(page, "intake:skip")
    click_option(page, "intake:skip")
    click_option(page, "intake:confirm")

    card = page.locator("#log .ticket").last
    card.wait_for()
    reference = card.locator(".reference").inner_text()
    assert reference.startswith("REQ-")
    checklist = card.locator(".checklist").inner_text()
    for key in ("power_of_attorney", "seal_certificate", "stamps"):
        label = next(line.label_ja for line in ctx.kb.requests.checklist("disclosure", "agent") if line.key == key)
        assert label in checklist
    assert "委任状" in checklist and "印鑑登録証明書" in checklist and "1,000円" in checklist
    page.screenshot(path=str(artifacts_dir / "chat-agent-disclosure.png"), full_page=True)

    # One click downloads the pre-filled form (the access code travels in a POST body).
    with page.expect_download() as download:
        card.locator("form.download button").click()
    assert download.value.suggested_filename == f"{reference}.docx"
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"  # a .docx is a zip archive


def test_markup_typed_by_the_user_is_shown_as_text(page, live_server):
    page.goto(live_server.url + "/")
    page.wait_for_selector("#log li.bot")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    payload = '<img src=x onerror="alert(1)"><script>alert(2)</script><b>bold</b>'
    send(page, "intake:start:disclosure")
    click_option(page, "intake:kind:disclosure")
    click_option(page, "intake:requester:self")
    send(page, payload)
    send(page, "x@example.org")
    click_option(page, "intake:skip")
    click_option(page, "intake:skip")
    summary = page.locator("#log > li.bot").last
    assert payload in summary.inner_text()  # the literal characters are visible
    assert page.locator("#log img").count() == 0 and page.locator("#log b").count() == 0
    assert page.locator("#log li.user").filter(has_text="<img").count() == 1
    assert dialogs == []


def test_a_reply_lost_on_the_way_is_fetched_again_without_a_second_ticket(page, live_server, ctx):
    from sqlalchemy import func, select

    from intake.models import Ticket

    sent: list[dict] = []

    def drop_the_first_confirmation_reply(route, request):
        body = request.post_data_json or {}
        sent.append({"id": body.get("message_id"), "header": request.headers.get("idempotency-key"),
                     "message": body.get("message")})
        if body.get("message") == "intake:confirm" and sum(s["message"] == "intake:confirm" for s in sent) == 1:
            route.fetch()  # the server handles it and commits the ticket…
            route.abort("connectionreset")  # …but the reply never reaches the browser
        else:
            route.continue_()

    page.route("**/api/chat", drop_the_first_confirmation_reply)
    page.goto(live_server.url + "/")
    page.wait_for_selector("#log li.bot")
    send(page, "intake:start:deletion")
    click_option(page, "intake:kind:deletion")
    click_option(page, "intake:requester:self")
    send(page, "再送 太郎")
    send(page, "retry@example.org")
    click_option(page, "intake:skip")
    click_option(page, "intake:skip")
    click_option(page, "intake:confirm")

    card = page.locator("#log .ticket").last
    card.wait_for()
    reference, code = card.locator(".reference").inner_text(), card.locator(".access-code").inner_text()
    confirmations = [s for s in sent if s["message"] == "intake:confirm"]
    assert len(confirmations) == 2 and confirmations[0]["id"] == confirmations[1]["id"] == confirmations[0]["header"]
    assert len({s["id"] for s in sent}) == len(sent) - 1  # every other message had its own id
    assert page.locator("#log li.error").count() == 0
    with ctx.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 1
    import httpx

    status = httpx.get(f"{live_server.url}/api/requests/{reference}", headers={"X-Access-Code": code})
    assert status.status_code == 200
