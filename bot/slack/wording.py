"""Generic wording of the Slack surfaces (App Home, the request form, triage), in Japanese and English.

Like ``bot/core/texts.py``: no policy fact (amount, address, form name) is written here; those come
from the knowledge base. The dialog's own wording stays in the core.
"""

from __future__ import annotations

from bot.core.texts import pick

WORDS: dict[str, tuple[str, str]] = {
    "kit_sent_dm": (
        "受付番号・アクセスコードと郵送のご案内は、ダイレクトメッセージでお送りしました。",
        "I have sent you the reference number, access code and mailing instructions by direct message.",
    ),
    "unavailable": (
        "ただいま処理できません。内容は保存されていません。しばらくしてからもう一度お試しください。",
        "I cannot process this right now; nothing was saved. Please try again in a few minutes.",
    ),
    "usage": (
        "`/privacy 質問` で質問できます（回答はあなたにだけ表示されます）。ボットへのダイレクトメッセージや、"
        "チャンネルでの @メンション でもお答えします。請求の受付は「請求を始める」から。",
        "Ask with `/privacy your question` (only you see the answer), in a direct message to me, or by "
        "@mentioning me in a channel. Use \"Start a request\" to open a request.",
    ),
    "home_intro": (
        "*窓口（Madoguchi）* — 個人情報の取扱いについてのご質問にお答えし、開示・訂正・削除などのご請求を受け付けます。\n"
        "• ダイレクトメッセージか `/privacy 質問` でご質問ください\n"
        "• ご請求はフォームから（必要最小限の情報だけをお聞きします）\n"
        "• 状況は「REQ-… の状況は？」とお尋ねください",
        "*Madoguchi* answers questions about how your personal data is handled and takes requests such as "
        "disclosure, correction or deletion.\n"
        "• Ask in a direct message or with `/privacy your question`\n"
        "• Open a request with the form (only the minimum is asked)\n"
        "• Ask \"status of REQ-…\" to check a request",
    ),
    "home_requests": ("*受付中のあなたの請求*", "*Your open requests*"),
    "home_none": ("受付中の請求はありません。", "You have no open requests."),
    "start_ja": ("請求を始める", "請求を始める"),
    "start_en": ("Start a request", "Start a request"),
    "modal_title": ("請求の受付", "New request"),
    "modal_submit": ("申し込む", "Submit"),
    "modal_close": ("閉じる", "Cancel"),
    "modal_intro": (
        "必要最小限の情報だけをお聞きします。本人確認書類の画像やマイナンバーは送らないでください"
        "（書類は後で郵送していただきます）。",
        "Only the minimum is asked. Please do not send images of ID documents or your My Number "
        "(documents go by post later).",
    ),
    "email": ("メールアドレス", "E-mail address"),
    "postal_address": ("郵便の送付先住所", "Postal address"),
    "contact_hint": (
        "事務局からの連絡先として、メールアドレスか住所のどちらかを入力してください。",
        "Give an e-mail address or a postal address so the secretariat can reply.",
    ),
    "agent_hint": ("代理人として請求する場合のみ入力してください。", "Only when an agent makes the request."),
    "choose": ("選択してください", "Choose"),
    "modal_done": (
        "受付番号 {reference} でお受けしました。アクセスコードと郵送のご案内をダイレクトメッセージでお送りしました。",
        "Your request {reference} is open. The access code and mailing instructions are in your direct messages.",
    ),
    "unknown_kind": ("請求の種類を選んでください。", "Please choose a kind of request."),
    "triage_new": ("新しい請求 {reference}", "New request {reference}"),
    "claim": ("担当する", "Claim"),
    "open": ("バックオフィスで開く", "Open in back office"),
    "unassigned": ("未割当", "unassigned"),
    "claimed_by_other": ("{reference} は既に {holder} が担当しています。", "{reference} is already claimed by {holder}."),
    "unknown_ticket": ("{reference} は見つかりませんでした。", "{reference} was not found."),
}


def say(key: str, lang: str, **values: object) -> str:
    """The wording for ``key`` in ``lang`` ("ja" or "en"), with ``values`` filled in."""
    return pick(WORDS[key], lang).format(**values)


def both(key: str, **values: object) -> str:
    """Japanese first, English alongside (surfaces shown before we know the user's language)."""
    return f"{say(key, 'ja', **values)}\n{say(key, 'en', **values)}"
