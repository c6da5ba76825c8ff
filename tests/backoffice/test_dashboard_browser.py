"""The secretariat's whole walk-through in headless Chromium, in Japanese only: a chat request taken from
the queue to a refusal, the notice and the end, reading every line of the timeline in words."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import httpx
import pytest

from knowledge.language import catalog
from tests.backoffice.conftest import PASSWORD, STAFF_EMAIL, chat_ticket

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Raw identifiers and machine times that staff must never have to read.
RAW = re.compile(r"checklist\.|received_amount_yen|_at\b|∅|\d{4}-\d\d-\d\dT\d\d:|\+00:00|\b(opened|received|verified|"
                 r"decided|notified|closed|refused|transition|update)\b")
# English staff wording (longer phrases, so e-mail addresses or "Slack" do not count).
ENGLISH = [text for key, text in catalog().messages["en"].items()
           if key.startswith("staff.") and " " in text and "{" not in text and not key.startswith("staff.lang.")]


@pytest.fixture
def browser_page(browser):
    """A desktop-sized page in the shared headless Chromium (tests/conftest.py)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def timeline(page) -> list[str]:
    return [line.replace("\n", " ") for line in page.locator("#history > li").all_inner_texts()]


def japanese_only(page) -> None:
    shown = page.inner_text("body")
    assert " / " not in page.inner_text("main"), "a doubled 日本語 / English label"
    leaked = [text for text in ENGLISH if text in shown]
    assert leaked == [], leaked


def do(page, button: str) -> None:
    page.click(button)
    page.wait_for_selector("#done")
    japanese_only(page)


def test_the_secretariat_works_a_request_to_the_end_in_japanese(live_server, accounts, browser_page, artifacts_dir):
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        reference = chat_ticket(http)
    page = browser_page
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)

    # The first visit shows the login form, without an error box.
    response = page.goto(f"{live_server.url}/staff")
    assert response.status == 401
    assert page.locator(".error").count() == 0
    japanese_only(page)
    page.fill("#email", STAFF_EMAIL)
    page.fill("#password", PASSWORD)
    page.click("#login")
    page.wait_for_url(f"{live_server.url}/staff")
    assert page.inner_text("#who").startswith(STAFF_EMAIL)
    japanese_only(page)
    row = page.locator(f"#queue tr[data-reference='{reference}']")
    assert "新規受付（未確認）" in row.inner_text()  # staff wording, not the applicant's
    row.locator("a").click()
    page.wait_for_url(f"**/staff/tickets/{reference}")
    japanese_only(page)
    assert page.get_attribute("#status", "data-status") == "opened"
    assert "taro@example.org" in page.inner_text("#applicant")
    assert "書類の受領から起算" in page.inner_text("#due")
    # The next step is the one prominent button.
    assert page.locator("button.primary.big").count() == 1
    assert page.inner_text("button.primary.big") == "受付を確認し、郵送待ちにする"

    do(page, "#claim")
    do(page, "button.primary.big")  # → 郵送待ち
    page.check("#check-id_copy")
    page.check("#check-form")
    page.check("#check-stamps")
    page.fill("#amount-stamps", "1000")
    do(page, "#save-checklist")
    assert page.inner_text("button.primary.big") == "書類の受領を記録する"
    do(page, "button.primary.big")  # → 書類受領
    received_at = dt.datetime.now(ZoneInfo(live_server.ctx.settings.timezone))
    do(page, "button.primary.big")  # → 本人確認済み
    page.fill("#note-text", "本人確認書類と請求書の氏名が一致")
    do(page, "#add-note")

    # A refusal without a ground is refused, with the reason shown in Japanese; with a ground it goes through.
    page.select_option("#outcome-decided", "refused")
    page.click("#move-decided-submit")
    assert "根拠" in page.inner_text("#error")
    japanese_only(page)
    page.select_option("#outcome-decided", "refused")
    page.select_option("#ground-decided", "Ⅳ(1)")
    page.fill("#move-decided input[name=note]", "第三者の権利を害するおそれ")
    do(page, "#move-decided-submit")
    assert "応じない（不開示等）" in page.inner_text("#outcome") and "Ⅳ(1)" in page.inner_text("#outcome")

    # No SMTP here: the page says that the notice will not be e-mailed, before it is sent.
    assert "メール送信が設定されていません" in page.inner_text(".next")
    do(page, "button.primary.big")  # → 結果通知済み
    do(page, "button.primary.big")  # → 完了
    assert page.get_attribute("#status", "data-status") == "closed"
    assert page.inner_text("#status") == "完了"

    lines = timeline(page)
    for line in lines:
        assert not RAW.search(line), line
        assert re.search(r"[ぁ-んァ-ン一-龯]", line), line
    said = "\n".join(lines)
    stamps = next(i.label_ja for i in live_server.ctx.kb.requests.checklist("disclosure", "self") if i.key == "stamps")
    for sentence in ("受付しました（新規受付（未確認））。", "担当になりました。",
                     "状態を「新規受付（未確認）」から「郵送待ち」に変更しました。",
                     f"「{stamps}」を確認済みにしました。", f"「{stamps}」の受領額を 1,000円 と記録しました。",
                     "状態を「郵送待ち」から「書類受領（確認待ち）」に変更しました。",
                     "状態を「本人確認済み（決定待ち）」から「決定済み（通知待ち）」に変更しました。",
                     "結果を「応じない（不開示等）」と記録しました。", "根拠を Ⅳ(1)「",
                     "本人確認書類と請求書の氏名が一致", "第三者の権利を害するおそれ",
                     "申請者に通知しました（結果通知済み）。", "終了しました（"):
        assert sentence in said, (sentence, lines)
    # Times are in the configured time zone (the minute may have turned meanwhile).
    minutes = {(received_at + dt.timedelta(minutes=d)).strftime("%Y-%m-%d %H:%M") for d in (-1, 0, 1)}
    assert any(f"書類の受領を記録しました（{m}）" in said for m in minutes), lines
    assert all(STAFF_EMAIL in line or "申請者" in line for line in lines)
    page.screenshot(path=str(artifacts_dir / "backoffice-walkthrough-ticket.png"), full_page=True)

    # The queue shows the new status in staff wording.
    page.goto(f"{live_server.url}/staff?status=closed")
    assert reference in page.inner_text("#queue") and "完了" in page.inner_text("#queue")
    japanese_only(page)
    assert not [p for p in problems if "Content Security Policy" in p], problems
