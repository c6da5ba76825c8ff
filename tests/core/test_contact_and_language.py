"""The contact step takes only something the secretariat can reply to, and messages without words
(emoji, 「？？？」, an access code) are answered in the conversation's language."""

from __future__ import annotations

import pytest

from intake.models import Conversation
from intake.requests import TicketRequest
from tests.core.conftest import all_text, last_text


def to_contact_step(chat, lang: str = "ja"):
    start = "開示請求したい" if lang == "ja" else "I want to request disclosure of my data"
    replies = chat.say(start)
    replies = chat.choose(replies, "intake:kind:disclosure")
    replies = chat.choose(replies, "intake:requester:self")
    return chat.say("山田 太郎" if lang == "ja" else "Taro Yamada")


@pytest.mark.parametrize("typed", ["スキップ", "not-an-email", "090-1234-5678", "東京都千代田区丸の内1-1-1",
                                   "taro@", "a..b@example.org"])
def test_anything_but_an_address_is_asked_again_in_japanese(chat, ctx, typed):
    to_contact_step(chat)
    replies = chat.say(typed)
    assert "メールアドレス" in all_text(replies) and "〒" in all_text(replies)
    assert "連絡先" in last_text(replies)  # the same question again
    with ctx.sessions() as session:
        state = session.get(Conversation, chat.conversation_id).state["intake"]
    assert state["step"] == "contact" and not state.get("email") and not state.get("postal_address")


def test_a_twelve_digit_number_is_refused_as_a_my_number(chat):
    to_contact_step(chat)
    replies = chat.say("123456789012")
    assert "マイナンバー" in all_text(replies) and "Value error" not in all_text(replies)


def test_the_re_ask_is_in_english_in_an_english_conversation(chat):
    to_contact_step(chat, "en")
    replies = chat.say("not-an-email")
    assert "e-mail address" in all_text(replies) and "postal code" in all_text(replies)


@pytest.mark.parametrize("typed, field", [("o'brien@example.co.jp", "email"),
                                          ("〒100-0001 東京都千代田区千代田1-1", "postal_address"),
                                          ("１００－０００１ 東京都港区芝公園4-2-8", "postal_address")])
def test_real_addresses_are_taken(chat, ctx, typed, field):
    to_contact_step(chat)
    replies = chat.say(typed)
    assert "会社・団体名" in last_text(replies)  # moved on to the next step
    with ctx.sessions() as session:
        state = session.get(Conversation, chat.conversation_id).state["intake"]
    assert state[field]


@pytest.mark.parametrize("typed", ["😀😀", "？？？", "!!"])
def test_messages_without_words_get_a_japanese_answer_in_a_japanese_conversation(chat, typed):
    chat.say("開示請求の手数料はいくらですか？")
    replies = chat.say(typed)
    assert replies[-1].lang == "ja"
    assert any("\u3040" <= ch <= "\u30ff" for ch in last_text(replies)), last_text(replies)


def test_after_a_wrong_access_code_the_next_try_is_checked_again_in_japanese(chat, ctx):
    with ctx.transaction() as session:
        created, _ = ctx.core.open_request(
            session, TicketRequest(kind="disclosure", requester="self", name="山田", email="t@example.org"),
            channel="api", channel_user=None, lang="ja")
        reference, code = created.ticket.reference, created.access_code
    chat.say(f"{reference} の状況は？")
    wrong = chat.say("ABCD-EFGH-JKMN-PQRS")
    assert wrong[-1].kind == "error" and wrong[-1].lang == "ja"
    again = chat.say("ABCD-EFGH-JKMN-PQRT")
    assert again[-1].lang == "ja" and "見つかりませんでした" in last_text(again)  # not the English decline
    right = chat.say(code)
    assert right[-1].kind == "status" and right[-1].lang == "ja"
