"""Helpers shared by the browser tests: viewports, chat actions, layout checks and axe-core."""

from __future__ import annotations

import time
from collections.abc import Callable

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}


def new_page(browser, viewport: str = "desktop", *, locale: str = "ja-JP", bypass_csp: bool = False):
    """A fresh browser context (own cookies) and page at one of VIEWPORTS."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale=locale, accept_downloads=True,
                                  bypass_csp=bypass_csp)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def bot_replies(page):
    return page.locator("#log > li.bot")


def wait_for_reply(page, count_before: int) -> None:
    # Locator waits, not wait_for_function: the page's CSP (rightly) forbids evaluating strings.
    bot_replies(page).nth(count_before).wait_for()
    page.locator("#send:enabled").wait_for()


def send(page, text: str) -> None:
    """Type a message and wait for the reply."""
    count = bot_replies(page).count()
    page.fill("#message", text)
    page.click("#send")
    wait_for_reply(page, count)


def click_option(page, value: str) -> None:
    """Press the newest button with this value and wait for the reply."""
    count = bot_replies(page).count()
    page.locator(f"#log > li.bot button.option[data-value='{value}']").last.click()
    wait_for_reply(page, count)


def open_chat(page, base_url: str) -> None:
    page.goto(base_url + "/")
    bot_replies(page).first.wait_for()


SELF_REQUEST = ["開示請求したい", "intake:kind:disclosure", "intake:requester:self", "山田 太郎",
                "taro@example.org", "intake:skip", "intake:skip"]


def walk_to_summary(page, steps: list[str] = SELF_REQUEST) -> None:
    """Go through the intake up to the confirmation summary (values starting with intake: are buttons)."""
    for step in steps:
        if step.startswith("intake:"):
            click_option(page, step)
        else:
            send(page, step)


def eventually(check: Callable[[], object], timeout: float = 3.0) -> None:
    """Retry an assertion until it holds (layout settles a frame or two after the DOM changes)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            check()
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def composer_top(page) -> float:
    box = page.locator("#composer").bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= page.viewport_size["height"] + 1, "the input box is off screen"
    return box["y"]


def assert_in_view_above_input(page, locator, *, what: str, part: str = "all") -> None:
    """``locator`` is entirely on screen and not covered by the input box (``part="start"``: its start is)."""
    def check() -> None:
        box = locator.bounding_box()
        assert box is not None, what
        bottom = box["y"] + box["height"]
        top_of_input = composer_top(page)
        assert box["y"] >= -0.5, f"{what}: starts above the screen (top {box['y']:.0f})"
        if part == "start":
            assert box["y"] + 40 <= top_of_input, f"{what}: its start is under the input box"
            return
        assert bottom <= top_of_input + 0.5, f"{what}: ends at {bottom:.0f}, under the input box at {top_of_input:.0f}"

    eventually(check)


def serious_violations(page) -> list[str]:
    """axe-core (shipped by axe-playwright-python) over the current page: serious and critical findings."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in ("serious", "critical"):
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return found


def staff_login(page, base_url: str, email: str, password: str) -> None:
    """Log in through the real form and land on the queue."""
    page.goto(f"{base_url}/staff/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("#login")
    page.wait_for_url(f"{base_url}/staff")
