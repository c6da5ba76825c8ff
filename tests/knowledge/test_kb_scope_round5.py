"""What a question is about, round five: near misses that share the policy's words are declined, privacy
points the policy is silent on are said to be silent, and the policy's own questions stay answered.

Each case pairs a near miss with the question it resembles, so a rule that declined everything would fail.
"""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize(("outside", "inside"), [
    # Another organisation's handling of my data is its own policy's, even when the data is named.
    ("前の会社に残ってる自分の個人情報を削除してもらうにはどうしたらいいですか", "個人情報を削除してもらうにはどうしたらいいですか"),
    ("Googleの検索結果から自分の名前を削除してもらう方法を教えて", "自分の名前を削除してもらう方法を教えて"),
    # The suffix 料 asks a price: a seminar's cancellation fee is the seminar's business.
    ("セミナーのキャンセル料ってかかる？", "開示請求の手数料ってかかる？"),
    # "<topic> for a <thing>": a stamp for a postcard is not the fee's stamps.
    ("How much is a stamp for a postcard in Japan these days?", "How much in stamps do I send for a disclosure request?"),
    # A topic word of a moment an unknown thing defines is about that thing.
    ("銀行口座を作るときの本人確認書類って何が使えますか", "開示を請求するときの本人確認書類って何が使えますか"),
    ("不動産を売るときに使う委任状の書き方を教えてください", "開示請求に使う委任状の書き方を教えてください"),
    # A leak at another company or website is that company's business; a leak here is the policy's.
    ("An online shop I used leaked my personal info. Where should I report it?",
     "How do you protect my personal info from leaks?"),
    ("会社のシステムから社員の個人情報が漏れたらしいです。自分でできることありますか", "個人情報が漏れないようにどんな対策をしていますか"),
    # Another public office's records are that office's.
    ("how do i get my pension record from the pension office", "how do i get my records from you?"),
    # A service's own paperwork, even beside a more specific topic (how to send it).
    ("協会の求人に応募したいのですが、履歴書は郵送と持参のどちらがよいですか？", "開示請求をしたいのですが、請求書は郵送と持参のどちらがよいですか？"),
    # 住民票の写し is the residence certificate (where to get one is the city's business), not a copy of my data.
    ("住民票の写しってコンビニで取れる？", "住民票の写しは本人確認書類として使えますか？"),
    # The content of an unknown thing is what a request verb is about: a tax return is not my data here.
    ("確定申告の内容を訂正したいときはどうすればいい？", "登録した住所の内容を訂正したいときはどうすればいい？"),
])
def test_a_near_miss_is_declined_and_the_question_it_resembles_answered(engine, outside, inside):
    declined, answered = engine.answer(outside), engine.answer(inside)
    assert not declined.matched, (outside, declined.text)
    assert answered.matched and answered.facts, (inside, answered.text)


def test_a_former_company_name_on_record_is_a_correction_not_another_company(engine):
    answer = engine.answer("前の会社名のまま登録されてるので、直してほしいです")
    assert answer.matched and any("訂正" in fact or "correction" in fact for fact in answer.facts)


def test_a_merger_with_another_organisation_is_the_policys_succession_rule(engine):
    answer = engine.answer("What happens to my data if the association merges with another organisation?")
    assert answer.matched and "merg" in answer.text.lower()


@pytest.mark.parametrize("question", [
    "相談内容とか健康のこととか、センシティブな情報は特別な扱いをしてるんですか？",
    "第三者に提供した記録があれば、それを見せてもらうことはできますか",
    "印鑑登録証明書って発行から何ヶ月以内のものじゃないとダメですか？",
    "Does the seal certificate have to be issued within 3 months?",
    "委任状ってテンプレートある？ダウンロードできるの？",
])
def test_privacy_points_the_policy_is_silent_on_are_said_to_be_silent(engine, question):
    answer = engine.answer(question)
    assert answer.silent, (question, answer.text)
    assert any(word in answer.text for word in ("記載がありません", "does not state")), answer.text
    assert not re.search(r"\d+\s*(日|days)", answer.text), answer.text  # never an invented number of days


def test_use_beyond_the_listed_purposes_needs_consent(engine):
    answer = engine.answer("Will you use my personal info for something that is not in your list of purposes?")
    assert answer.matched and "consent" in answer.text


def test_emailing_a_request_is_not_the_alternative_measures(engine):
    answer = engine.answer("Can I just email my disclosure request instead of sending paper?")
    assert "alternative measure" not in answer.text.lower()
    assert "mail" in answer.text.lower() or "post" in answer.text.lower()


def test_a_refusal_is_notified_when_asked_after_a_condition(engine):
    answer = engine.answer("If you decide not to show me my data, will you at least tell me?")
    assert "disclosure.refusal_notice" in answer.facts and "notified" in answer.text


def test_a_remark_about_the_policys_sections_does_not_make_the_question_unknown(engine):
    answer = engine.answer("The email in section VII looks fake lol. Is there a real email for privacy questions?")
    assert answer.matched and "office@weia.or.jp" in answer.text and "example@example.com" not in answer.text


@pytest.mark.parametrize("question", ["what hapens if i dont send the stamps within the deadline?",
                                      "切手を期限内に送らなかったらどうなる？"])
def test_within_the_deadline_is_a_condition_and_what_happens_is_answered(engine, question):
    answer = engine.answer(question)
    assert answer.matched and any(word in answer.text for word in ("返", "return", "sent back")), answer.text
