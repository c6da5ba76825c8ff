"""Generic wording of the bot's own replies (declines, "did you mean", bad input), in Japanese and English.

Only UI phrasing lives here; every policy fact (office, address, e-mail) is filled in from the knowledge
base's ``meta.contact`` so the same wording serves another organisation's policy.
"""

from __future__ import annotations

from knowledge.models import KnowledgeBase, Lang


def contact_line(kb: KnowledgeBase, lang: Lang) -> str:
    """The contact office, postal address and e-mail, from the data."""
    contact, org = kb.meta.contact, kb.meta.organization
    if lang == "ja":
        return (
            f"個人情報の取扱いに関するお問い合わせ先：{org.name_ja} {contact.office_ja}"
            f"（〒{contact.postal_code} {contact.address_ja}、メール：{contact.email}）"
        )
    return (
        f"For questions about personal information, contact the {contact.office_en}, {org.name_en}, "
        f"〒{contact.postal_code} {contact.address_ja} ({contact.address_en}), e-mail {contact.email}."
    )


def decline(kb: KnowledgeBase, lang: Lang, specific: str | None = None) -> str:
    """A polite refusal for a question outside the policy, with the contact instead of a guess."""
    if lang == "ja":
        head = specific or (
            "申し訳ありませんが、そのご質問にはお答えできません。"
            f"このチャットでは、{kb.meta.organization.name_ja}の{kb.meta.title_ja}（個人情報の取扱い）に"
            "関するご質問にお答えしています。"
        )
    else:
        head = specific or (
            "Sorry, I can't help with that question. This chat answers questions about the "
            f"{kb.meta.title_en} of the {kb.meta.organization.name_en}, that is, how your personal information "
            "is handled."
        )
    note = (kb.meta.decline_note_ja if lang == "ja" else kb.meta.decline_note_en) if not specific else None
    lines = [head.strip(), *([note.strip()] if note else []), contact_line(kb, lang)]
    return "\n".join(lines)


def suggest(kb: KnowledgeBase, lang: Lang, titles: list[str]) -> str:
    """'Did you mean' with numbered options, and the contact in case none fits."""
    options = "\n".join(f"{number}. {title}" for number, title in enumerate(titles, start=1))
    if lang == "ja":
        return (
            "ご質問の意図がはっきりしませんでした。次のどれについてお知りになりたいですか？\n"
            f"{options}\n番号を選ぶか、言い換えてもう一度ご質問ください。\n{contact_line(kb, lang)}"
        )
    return (
        "I'm not sure what you are asking. Did you mean one of these?\n"
        f"{options}\nPick a number or rephrase your question.\n{contact_line(kb, lang)}"
    )


def invalid(kb: KnowledgeBase, lang: Lang, reason: str, max_chars: int) -> str:
    """Reply to input that is not a question: empty, too long, or no readable words."""
    if lang == "ja":
        text = {
            "empty": "ご質問が空でした。",
            "too_long": f"ご質問が長すぎます（{max_chars:,}文字以内でお願いします）。",
            "unreadable": "ご質問の内容を読み取れませんでした。",
        }[reason]
        return f"{text}個人情報の取扱いやプライバシーポリシーについて、文章でご質問ください。"
    text = {
        "empty": "Your question was empty.",
        "too_long": f"Your question is too long (please keep it under {max_chars:,} characters).",
        "unreadable": "I could not read a question in your message.",
    }[reason]
    return f"{text} Please ask in words about the privacy policy or how your personal information is handled."


def silent_note(lang: Lang) -> str:
    """Opening line of a 'the policy does not say' answer, so the reader sees it at once."""
    if lang == "ja":
        return "※ご質問の点は、プライバシーポリシーに明確な記載がありません。"
    return "Note: this is not stated explicitly in the privacy policy."


def citation_line(lang: Lang, kb: KnowledgeBase, sections: list[tuple[str, str]]) -> str:
    """'根拠: プライバシーポリシー Ⅶ.3「…」' — every answer names the sections it rests on."""
    if lang == "ja":
        cited = "、".join(f"{section}「{title}」" for section, title in sections)
        return f"（根拠：{kb.meta.title_ja} {cited}）"
    cited = "; ".join(f"{section} \"{title}\"" for section, title in sections)
    return f"(Source: {kb.meta.title_en} {cited})"
