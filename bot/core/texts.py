"""Generic wording of the dialog, in Japanese and English.

Policy facts (amounts, addresses, document and form names) never appear here: they come from the
knowledge base and are filled into these templates.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "welcome": (
        "こんにちは。個人情報の取扱いや、開示・訂正・削除などのご請求についてお答えします。"
        "ご質問を入力するか、下のボタンからお選びください。",
        "Hello. I answer questions about how your personal data is handled and about requests such as "
        "disclosure, correction or deletion. Type a question or pick an option below.",
    ),
    "empty": (
        "メッセージが空のようです。ご質問を入力してください（例：「開示請求の手数料は？」）。",
        "Your message looks empty. Please type a question (e.g. \"How much is the fee for disclosure?\").",
    ),
    "too_long": (
        "メッセージが長すぎます（{limit}文字まで）。短くして、もう一度お送りください。",
        "That message is too long (limit: {limit} characters). Please shorten it and send it again.",
    ),
    "start_request": ("請求を始める", "Start a request"),
    "check_status": ("請求の状況を確認", "Check a request's status"),
    "cancel": ("やめる", "Cancel"),
    "back": ("戻る", "Back"),
    "skip": ("スキップ", "Skip"),
    "confirm": ("この内容で申し込む", "Submit this request"),
    "edit": ("修正する", "Change something"),
    "yes": ("はい", "Yes"),
    "no_thanks": ("いいえ、けっこうです", "No, thanks"),
    "self": ("本人として請求する", "I am the person concerned"),
    "agent": ("代理人として請求する", "I am an agent (代理人)"),
    "ask_kind": (
        "どのご請求ですか？下から選んでください。",
        "Which request would you like to make? Please choose below.",
    ),
    "ask_kind_suggested": (
        "「{kind}」のご請求でよろしいですか？違う場合は下から選んでください。",
        "Is it a request for {kind}? If not, please choose another kind below.",
    ),
    "ask_requester": (
        "ご本人からのご請求ですか、それとも代理人からのご請求ですか？",
        "Are you the person the data is about, or an agent acting for them?",
    ),
    "ask_name": (
        "ご請求の対象となるご本人のお名前（氏名）を入力してください。",
        "Please type the full name of the person the data is about.",
    ),
    "ask_agent_name": ("代理人（あなた）のお名前を入力してください。", "Please type your name (the agent's name)."),
    "ask_contact": (
        "事務局からの連絡先として、メールアドレスまたは郵便の送付先住所（〒郵便番号から）を入力してください。",
        "How should the secretariat reply? Please type an e-mail address or a postal address in Japan "
        "(starting with its 〒 postal code).",
    ),
    "ask_organization": (
        "ご利用の会社・団体名があれば入力してください（任意）。",
        "If you use the service through a company or organisation, type its name (optional).",
    ),
    "ask_details": (
        "どの情報についてのご請求か、簡単に書いてください（任意）。"
        "ハラスメント相談の内容、マイナンバー、本人確認書類の画像は送らないでください。",
        "Briefly say which data the request is about (optional). Please do not send the content of a "
        "harassment consultation, your My Number, or images of ID documents.",
    ),
    "summary_head": ("以下の内容で受け付けます。よろしいですか？", "Please check your request:"),
    "which_field": ("どの項目を修正しますか？", "Which item would you like to change?"),
    "cancelled": (
        "ご請求の受付を取りやめました。入力いただいた内容は保存していません。",
        "The request has been cancelled. Nothing you typed was kept.",
    ),
    "nothing_to_cancel": ("取りやめる手続きはありません。", "There is nothing to cancel."),
    "resume": ("（ご請求の受付を続けます）", "(Back to your request)"),
    "invalid_field": ("入力を確認してください：{error}", "Please check what you typed: {error}"),
    "contact_invalid": (
        "連絡先として使えません。メールアドレス（例：taro@example.jp）か、郵便番号から始まる住所"
        "（例：〒100-0001 東京都千代田区千代田1-1）を入力してください。",
        "That cannot be used to reply to you. Please type an e-mail address (e.g. taro@example.jp) or a postal "
        "address in Japan starting with its postal code (e.g. 〒100-0001 Chiyoda 1-1, Chiyoda-ku, Tokyo).",
    ),
    "my_number_refused": (
        "マイナンバー（個人番号）のような12桁の番号が含まれています。マイナンバーはお預かりしませんので、"
        "その番号を除いてもう一度入力してください。",
        "That contains a 12-digit number that looks like a My Number (個人番号). We never take My Numbers: "
        "please type it again without that number.",
    ),
    "field_too_long": ("長すぎます（{limit}文字まで）。短くしてもう一度入力してください。",
                       "That is too long (limit: {limit} characters). Please shorten it and type it again."),
    "field_empty": ("空欄のようです。もう一度入力してください。", "That looks empty. Please type it again."),
    "field_invalid": ("その内容は受け付けられません。もう一度入力してください。",
                      "That cannot be accepted. Please type it again."),
    "choose_option": ("下のボタンから選んでください。", "Please choose one of the options below."),
    "ticket_created": (
        "ご請求を受け付けました。受付番号とアクセスコードを控えてください。",
        "Your request has been opened. Please keep the reference number and access code.",
    ),
    "ask_code": (
        "{reference} の状況を確認します。受付時にお知らせしたアクセスコードを入力してください。",
        "To show the status of {reference}, please type the access code you were given.",
    ),
    "not_found": (
        "その受付番号とアクセスコードの組み合わせは見つかりませんでした。アクセスコードをもう一度入力するか、"
        "「やめる」と入力してください。",
        "No request matches that reference number and access code. Type the access code again, or \"cancel\".",
    ),
    "throttled": (
        "確認の試行が多すぎます。{seconds}秒ほど待ってからもう一度お試しください。",
        "Too many attempts. Please wait about {seconds} seconds and try again.",
    ),
    "ask_reference": (
        "受付番号（例：REQ-2026-000123）を入力してください。",
        "Please type the reference number (e.g. REQ-2026-000123).",
    ),
    "status_head": ("{reference} の状況：{status}", "Status of {reference}: {status}"),
    "private_intake": (
        "ご請求にはお名前や連絡先が必要なため、ここ（他の人も見られる場所）では受け付けません。"
        "下のボタンから、あなただけに表示される申請フォームでお進みください。",
        "A request needs your name and contact details, so it is not taken here where others can read. "
        "Use the button below to continue in a form only you can see.",
    ),
    "no_personal_data": (
        "チャットでは本人確認書類の画像やマイナンバーはお預かりしません。書類は郵送でお送りください。",
        "Please do not send ID images or your My Number in the chat; documents go by post.",
    ),
}

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "kind": ("請求の種類", "Kind of request"),
    "requester": ("請求者", "Requester"),
    "name": ("ご本人のお名前", "Name of the person"),
    "agent_name": ("代理人のお名前", "Agent's name"),
    "contact": ("連絡先", "Contact"),
    "organization": ("会社・団体名", "Organisation"),
    "details": ("対象の情報", "Data concerned"),
}

KIT_TEXTS: dict[str, tuple[str, str]] = {
    "reference": ("受付番号", "Reference number"),
    "access_code": ("アクセスコード（状況の確認に必要です。大切に保管してください）",
                    "Access code (needed to check the status; keep it safe)"),
    "enclose": ("郵送していただくもの", "Please mail"),
    "form_download": ("様式のダウンロード", "Download the form"),
    "filled_form": ("入力済みの請求書（印刷して署名・押印）", "Pre-filled form (print, sign and seal)"),
    # The pre-filled form needs the access code, which never goes in a URL: the text sends people to
    # the status page (or the chat's button) rather than carrying a link that cannot work on its own.
    "filled_form_where": (
        "入力済みの請求書（印刷して署名・押印）は、状況ページでアクセスコードを入力するとダウンロードできます。",
        "The pre-filled form (print, sign and seal) can be downloaded on the status page with your access code.",
    ),
    "no_fee": ("手数料はかかりません（郵便切手は不要です）。", "There is no fee for this request (no stamps needed)."),
    "mail_to": ("送付先", "Mail to"),
    "next": (
        "書類が届きしだい、事務局がご本人確認のうえ遅滞なく対応し、結果をご連絡します。"
        "状況は「{reference} の状況は？」とお尋ねいただくか、次のページで確認できます：{url}",
        "When the documents arrive, the secretariat verifies identity, handles the request without undue "
        "delay and tells you the outcome. Ask \"status of {reference}\" here or see: {url}",
    ),
    "next_card": (
        "書類が届きしだい、事務局がご本人確認のうえ遅滞なく対応し、結果をご連絡します。"
        "状況は「{reference} の状況は？」とお尋ねいただくか、状況ページで確認できます。",
        "When the documents arrive, the secretariat verifies identity, handles the request without undue "
        "delay and tells you the outcome. Ask \"status of {reference}\" here or see the status page.",
    ),
    "self": ("ご本人", "the person concerned"),
    "agent": ("代理人", "an agent"),
}


def text(key: str, lang: str, **values: object) -> str:
    """The wording for ``key`` in ``lang`` ("ja" or "en"), with ``values`` filled in."""
    ja, en = TEXTS[key]
    return (ja if lang == "ja" else en).format(**values)


def pick(pair: tuple[str, str], lang: str) -> str:
    """The Japanese or English half of a pair."""
    return pair[0] if lang == "ja" else pair[1]
