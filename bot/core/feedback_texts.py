"""Wording of the answer ratings (役に立った／役に立たなかった) on every surface, in Japanese and English.

The web chat receives these through the page (``data-feedback``), Slack renders them as Block Kit.
"""

from __future__ import annotations

from bot.core.texts import pick

FEEDBACK_TEXTS: dict[str, tuple[str, str]] = {
    "ask": ("この回答は役に立ちましたか？", "Was this answer helpful?"),
    "yes": ("役に立った", "Helpful"),
    "no": ("役に立たなかった", "Not helpful"),
    "thanks": ("ありがとうございます。今後の改善に役立てます。", "Thank you. This helps us improve the answers."),
    "comment_prompt": ("よろしければ、足りなかった点を教えてください（任意。お名前や連絡先は書かないでください）",
                       "If you like, tell us what was missing (optional; please leave out names and contact details)"),
    "comment_send": ("送信", "Send"),
    "comment_button": ("足りなかった点を書く", "Tell us what was missing"),
    "comment_thanks": ("ご意見を受け付けました。ありがとうございます。", "Thank you for your comment."),
    "comment_title": ("ご意見", "Feedback"),
    "comment_close": ("閉じる", "Cancel"),
    "failed": ("送信できませんでした。もう一度お試しください。", "Could not send it; please try again."),
    "nothing_to_rate": ("この会話には評価できる回答がありません。",
                        "There is no answer to rate in this conversation."),
}


def feedback_text(key: str, lang: str) -> str:
    """The wording for ``key`` in ``lang``."""
    return pick(FEEDBACK_TEXTS[key], lang)


def feedback_words(lang: str) -> dict[str, str]:
    """Every rating wording in one language (for the web chat's script)."""
    return {key: pick(pair, lang) for key, pair in FEEDBACK_TEXTS.items()}
