"""What a question is about, round six: who handles the data, and what a part of a question adds.

The policy governs what the association does with personal data. Another party handling data itself
(my employer sells my payroll data, 会社が削除した, a complaint lodged with a bureau) is that party's
business and is declined; the same party as the one data goes *to* stays a question of sharing. Each case
pairs a near miss with the question it resembles, so a rule that declined everything would fail.
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("outside", "inside"), [
    # Another party's own verb of handling, in English and in Japanese.
    ("Is my employer allowed to sell my payroll data to an insurance company?",
     "Are you allowed to give my data to my employer?"),
    ("My company shares my health check results with other firms. Is that legal?",
     "Will my company find out what I told the counselor?"),
    ("会社が私の評価データを勝手に削除したみたいなんですが、どうすればいいですか", "協会に私のデータを削除してもらうにはどうすればいいですか"),
    # A request made to another party, and data another party holds.
    ("区役所に自分の情報の訂正請求をしたいんですが、何が必要？", "協会に自分の情報の訂正請求をしたいんですが、何が必要？"),
    ("前の会社が持ってる私の人事データを消してほしい", "協会が持ってる私のデータを消してほしい"),
    # Someone other than the association asked to act.
    ("I want the credit agency to delete my old loan records. How do I ask?",
     "I want you to delete my old records. How do I ask?"),
    # Data kept at another party, and the next part that goes on about it.
    ("前の職場に私の個人情報がまだ保管されてるみたいで、消してもらうにはどう頼めばいい？",
     "協会に私の個人情報がまだ保管されてるなら、消してもらうにはどう頼めばいい？"),
    # A complaint addressed to another party.
    ("上司に苦情を言いたいので、書き方を教えてください", "個人情報の取扱いについて苦情を言いたいのですが、どこに言えばいいですか"),
    ("How do I lodge a complaint with the labour bureau about my manager?",
     "How do I make a complaint about how you handle my data?"),
    # The asker means to handle other people's data themselves.
    ("社内で顧客の名簿を共有したいんですが、同意はいりますか", "相談した内容が社内で共有されることはありますか"),
    ("Can we share our customers' emails with a partner company?", "Can you share my data with other members?"),
    ("Is it ok to keep our volunteers' home addresses in a spreadsheet?", "How do you keep my home address safe?"),
    # "<topic> … to <verb> a <thing>": the topic is for that thing.
    ("How many stamps do I need to mail a birthday card abroad?",
     "How many stamps do I need to send with a disclosure request?"),
    ("Do I need a power of attorney to register a car for my father?",
     "Does my father need a power of attorney to request disclosure for me?"),
    # An occasion an unknown thing defines (…の手続きで, …の契約で), also as a moment in the past.
    ("引っ越しの手続きで住民票がいるんだけど、どこでもらえる？", "開示請求で住民票のコピーを使ってもいい？"),
    ("携帯の契約で本人確認書類がいるって言われたんですが、何が使えますか", "開示請求で本人確認書類がいると聞いたんですが、何が使えますか"),
    ("ジムで会員証作った時、免許証のコピー取られたんやけど大丈夫？", "開示請求した時、免許証のコピーで大丈夫？"),
    # A clause that ends right before the topic word defines it.
    ("結婚式の招待状に貼る切手はいくら分？", "開示請求に同封する切手はいくら分？"),
    ("宅配便の受け取りを家族に頼む委任状の書き方は？", "開示請求を家族に頼むときの委任状の書き方は？"),
    ("What stamps do I need for wedding invitations?", "What stamps do I need for a disclosure request?"),
    # Another party asked to stop, and what a law itself says.
    ("How do I stop Facebook from sharing my data with advertisers?",
     "How do I stop you from sharing my data with third parties?"),
    ("個人情報保護法で定められている開示請求の期限って何日？", "協会は個人情報保護法を守っていますか"),
    # The rest of a sentence about an unknown thing's document is about it too; a form someone else wants.
    ("バイクの登録変更で陸運局に出す委任状って、実印じゃないとダメ？", "開示請求で出す委任状って、実印じゃないとダメ？"),
    ("The form my bank sent asks for a copy of my passport. Is that normal?",
     "The form you ask for needs a copy of my passport. Is that enough?"),
    ("How do I write a power of attorney for selling my boat?",
     "How do I write a power of attorney for a disclosure request?"),
    # The employer's own record, whatever data it names.
    ("The bank account on my payslip is wrong, can you fix it?", "The address you have for me is wrong, can you fix it?"),
    # A request addressed to an unknown party, and a clause about an outside office.
    ("フリマアプリで住所を晒された。運営に削除依頼ってどう出す？", "協会に削除依頼ってどう出す？"),
    ("遺産分割の書類を家庭裁判所に出すとき、切手っていくら分いるの？", "開示請求の書類を出すとき、切手っていくら分いるの？"),
    # An unknown thing as the object of a request verb, adverbs between.
    ("インスタのアカウントをすぐに削除したいんだけど、やり方わかる？", "登録した私の情報をすぐに削除したいんだけど、やり方わかる？"),
])
def test_another_partys_handling_is_declined_and_the_associations_answered(engine, outside, inside):
    declined, answered = engine.answer(outside), engine.answer(inside)
    assert not declined.matched, (outside, declined.text)
    assert answered.matched and answered.facts, (inside, answered.text)


@pytest.mark.parametrize("question", [
    "警察が来たら私の情報を渡してしまうんですか",  # the police come; the association would hand over
    "Will you hand my details over to the police if they ask?",
    "会社の人事部が私の代わりに開示請求することってできる？",  # the employer as an agent asks the association
    "会社に開示請求したことがバレますか",  # the request is the association's; the company would only learn of it
    "会社に私の相談内容を開示しますか？",  # disclosed *to* the company
])
def test_a_party_that_receives_data_or_asks_for_it_stays_a_privacy_question(engine, question):
    answer = engine.answer(question)
    assert answer.matched and answer.facts, answer.text


def test_a_phrasal_verb_split_by_its_object_still_asks_about_sharing(engine):
    answer = engine.answer("Do you ever hand this kind of personal info over to other companies?")
    assert answer.matched
    assert "consent" in answer.text.lower()


def test_a_second_part_that_would_repeat_the_first_asks_its_wider_topic(engine):
    # 切手が足りない (what then) and 何円分 (how much) are two questions: the second is the stamps' amount.
    answer = engine.answer("切手が足りなかったらどうなりますか？それと、そもそも何円分入れればいいんでしょう")
    assert "連絡" in answer.text
    assert "1,000円" in answer.text


def test_who_makes_the_request_carries_to_the_next_part(engine):
    answer = engine.answer("代理人が出す本人確認書類、年金手帳のコピーでもだいじょうぶ？")
    assert "id.pension_book_agent" in answer.facts
    assert "id.pension_book" not in answer.facts  # the person's own list has it; the agent's does not


def test_what_a_law_itself_says_is_declined_and_whether_the_association_follows_it_answered(engine):
    declined = engine.answer("What does the GDPR say about the right to erasure?")
    assert not declined.matched
    assert "個人情報利用停止等請求書" not in declined.text  # not the erasure procedure
    followed = engine.answer("Does the association follow the GDPR?")
    assert followed.facts == ("law.foreign",)  # its own overview, before any kind named beside it
    assert engine.answer("法令で定められた場合は第三者に提供されますか").matched  # the law as a condition


def test_which_id_for_a_disclosure_is_about_the_id_not_which_disclosures_are_refused(engine):
    answer = engine.answer("開示請求で本人確認書類がいると聞いたんですが、何が使えますか")
    assert answer.facts[0] == "id.self"
    assert "disclosure.refusal" not in answer.facts


def test_a_tool_the_association_might_use_is_a_point_the_policy_does_not_state(engine):
    answer = engine.answer("Do you use Zoom or other video tools for consultations?")
    assert not answer.facts
    assert "does not state" in answer.text and "office@weia.or.jp" in answer.text


def test_companies_one_outsources_to_are_not_my_employer(engine):
    answer = engine.answer("Which companies do you outsource the handling of my data to?")
    assert "outsourcing.who" in answer.facts
    assert "employer.no_sharing" not in answer.facts


def test_passing_data_to_the_police_is_the_exception_for_public_bodies(engine):
    answer = engine.answer("Could you pass my info to the police if they ask?")
    assert answer.matched and "exception.government" in answer.facts


def test_a_statement_of_what_i_want_stopped_gives_the_question_after_it_its_topic(engine):
    answer = engine.answer("私の情報を他に出すのやめてほしいです。どの書類を送ればいいですか？")
    assert answer.matched
    assert "個人情報利用停止等請求書" in answer.text


@pytest.mark.parametrize("question", [
    "Can I use my residence card as ID for a disclosure request, and how much does it cost?",
    "在留カードを本人確認書類にして開示請求できますか？あと手数料はいくら？",
])
def test_a_second_part_the_first_parts_thing_cannot_answer_asks_the_request_named(engine, question):
    # The fee is not the ID's: it is the disclosure's (the request kind named in the first part).
    answer = engine.answer(question)
    assert "id.unlisted" in answer.facts and "fee.disclosure" in answer.facts


def test_a_second_part_about_an_outside_thing_stays_declined(engine):
    answer = engine.answer("How do I renew my passport, and how much is the fee for a 10-year one?")
    assert not answer.matched


@pytest.mark.parametrize("question", [
    "相談した内容って上司に伝わったりする？止めてもらえる？",
    "Is my data shared with other companies? Can I make you stop?",
])
def test_a_second_part_that_asks_to_stop_what_the_first_named_is_the_stop_of_provision(engine, question):
    answer = engine.answer(question)
    assert "third_party_stop.right" in answer.facts or "procedure.third_party_stop" in answer.facts


@pytest.mark.parametrize("question", [
    "メールで出してもいいですか？だめなら郵送の宛先は？",
    "Can I hand the form in person? If not, where do I post it?",
])
def test_where_to_send_asked_after_how_to_submit_gets_the_address(engine, question):
    answer = engine.answer(question)
    assert "submission.by_post" in answer.facts
    assert "171-0021" in answer.text


@pytest.mark.parametrize(("question", "second"), [
    ("相談内容は会社に伝わりますか？あとついでに、外部の業者に渡ることもある？", "exception.outsourcing"),
    ("手数料はいくら？ちなみに送り先はどこ？", "where_send"),
])
def test_words_that_join_a_second_question_are_not_what_it_asks_about(engine, question, second):
    assert second in engine.answer(question).facts


def test_a_numbered_list_of_questions_is_answered_item_by_item(engine):
    answer = engine.answer("1) what form for correction 2) do I need stamps 3) where to mail")
    assert {"form.correction", "stamps.what", "where_send"} <= set(answer.facts)


def test_a_purpose_cited_by_number_is_not_a_list(engine):
    assert len(engine.understand("Does purpose (5) cover the emails you send me?").parts) == 1


@pytest.mark.parametrize("question", [
    "切手って1000円分ならどんな額面の組み合わせでもいい？",
    "Do I get a receipt for the stamps I send as the fee?",
])
def test_a_detail_the_policy_does_not_name_is_said_to_be_unstated(engine, question):
    answer = engine.answer(question)
    assert "記載がありません" in answer.text or "does not state" in answer.text
    assert "office@weia.or.jp" in answer.text
    assert not answer.facts  # not just the fee again
