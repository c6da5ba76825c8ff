"""The web chat as people use it, on a 1280×800 desktop and a 375 px phone: what they need stays in view,
the conversation survives a reload, every form link downloads a form, and /docs works offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser_helpers import (
    VIEWPORTS,
    assert_in_view_above_input,
    bot_replies,
    click_option,
    new_page,
    open_chat,
    send,
    walk_to_summary,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def settings(settings, live_port):
    # Links in the replies point at MADOGUCHI_BASE_URL: make that the live server, so they can be followed.
    return settings.model_copy(update={"base_url": f"http://127.0.0.1:{live_port}"})


@pytest.fixture(params=list(VIEWPORTS))
def chat(request, browser, live_server):
    page = new_page(browser, request.param)
    open_chat(page, live_server.url)
    yield page
    page.context.close()


def test_the_end_of_the_newest_reply_sits_above_the_input_box(chat):
    send(chat, "開示請求の手数料はいくらですか？")
    answer = bot_replies(chat).last
    assert_in_view_above_input(chat, answer, what="the answer")
    assert_in_view_above_input(chat, answer.locator(".sources"), what="its citation")
    assert_in_view_above_input(chat, answer.locator("button.option").last, what="its last button")

    walk_to_summary(chat)
    summary = bot_replies(chat).last
    assert "以下の内容で受け付けます" in summary.inner_text()
    assert_in_view_above_input(chat, summary.locator("button[data-value='intake:confirm']"), what="confirm button")

    click_option(chat, "intake:confirm")
    card = chat.locator("#log .ticket").last
    assert_in_view_above_input(chat, card.locator(".reference"), what="the reference number")
    assert_in_view_above_input(chat, card.locator(".access-code"), what="the access code")


def test_a_reload_and_the_way_back_from_the_status_page_keep_the_conversation(chat, live_server):
    send(chat, "開示請求の手数料はいくらですか？")
    walk_to_summary(chat)
    click_option(chat, "intake:confirm")
    card = chat.locator("#log .ticket").last
    reference, code = card.locator(".reference").inner_text(), card.locator(".access-code").inner_text()
    before = chat.locator("#log > li").count()

    chat.reload()
    chat.locator("#log .ticket").last.wait_for()
    log = chat.locator("#log").inner_text()
    assert "開示請求の手数料はいくらですか？" in log and "山田 太郎" in log
    assert chat.locator("#log > li").count() == before
    assert chat.locator("#log .ticket .access-code").last.inner_text() == code

    status_link = chat.locator("#log .ticket a.status-link").last
    assert status_link.get_attribute("target") == "_blank"  # the chat stays open behind it
    chat.goto(f"{live_server.url}/requests/{reference}")
    chat.get_by_role("link", name=re.compile("チャットに戻る")).click()
    chat.locator("#log .ticket").last.wait_for()
    assert chat.locator("#log .ticket .access-code").last.inner_text() == code

    # The conversation goes on where it was.
    send(chat, "訂正請求の手数料は？")
    assert chat.locator("#log > li").count() == before + 2


def test_every_form_link_in_the_ticket_reply_downloads_a_docx(chat):
    walk_to_summary(chat)
    click_option(chat, "intake:confirm")
    reply = bot_replies(chat).last
    links = reply.locator("a[href*='.docx'], form[action$='.docx'] button")
    assert links.count() >= 2  # the blank form and the pre-filled one
    for index in range(links.count()):
        with chat.expect_download(timeout=5_000) as download:
            links.nth(index).click()
        name = download.value.suggested_filename
        assert name.endswith(".docx"), name
        assert Path(download.value.path()).read_bytes()[:2] == b"PK"  # a .docx is a zip archive


def test_docs_lists_the_operations_with_the_network_cut_off(browser, live_server):
    page = new_page(browser)
    outside: list[str] = []

    def only_this_server(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_this_server)
    page.goto(f"{live_server.url}/docs")
    page.locator(".opblock").first.wait_for()
    operations = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/chat" in operations and "/api/requests" in operations
    assert outside == []
    page.goto(f"{live_server.url}/redoc")
    page.get_by_text("/api/requests").first.wait_for()
    assert outside == []
    page.context.close()
