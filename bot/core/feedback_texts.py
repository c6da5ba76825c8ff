"""Wording of the answer ratings (役に立った／役に立たなかった): the ``chat.feedback.*`` keys of the catalog.

The web chat receives them through the page (``data-feedback``), Slack renders them as Block Kit.
"""

from __future__ import annotations

from bot.wording import say

# The names under chat.feedback.* (tests/test_catalog.py checks that each exists in every language).
FEEDBACK_WORDS = ("ask", "yes", "no", "thanks", "comment_prompt", "comment_send", "comment_button",
                  "comment_thanks", "comment_title", "comment_close", "failed", "nothing_to_rate")


def feedback_text(name: str, lang: str) -> str:
    """The rating wording ``name`` (one of :data:`FEEDBACK_WORDS`) in ``lang``."""
    return say(f"chat.feedback.{name}", lang)


def feedback_words(lang: str) -> dict[str, str]:
    """Every rating wording in one language, by name (for the web chat's script)."""
    return {name: feedback_text(name, lang) for name in FEEDBACK_WORDS}
