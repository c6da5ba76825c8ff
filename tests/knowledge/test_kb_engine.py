"""The answer engine: right entry, right language, citations, declines, suggestions, bad input."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.engine import Answer, AnswerEngine


def test_the_examples_of_each_entry_are_answered_not_declined(kb, engine):
    """The entries' example questions are phrasings people use: nearly all of them get an answer (the
    facts they get may be finer than the entry's: 開示請求の手数料は？ gets the disclosure fee alone)."""
    total = declined = 0
    misses = []
    for entry in kb.all_entries():
        if entry.kind == "silent":
            continue
        for question in [*entry.examples_ja, *entry.examples_en]:
            total += 1
            if not engine.answer(question).matched:
                declined += 1
                misses.append((question, entry.id))
    assert declined / total <= 0.03, misses[:20]


def test_answers_cite_their_sections_in_text_and_sources(kb, engine):
    answer = engine.answer("開示請求の手数料はいくらですか")
    assert answer.decision == "answer" and answer.matched
    assert [c.section for c in answer.sources] == ["Ⅶ.3"] and all(c.title for c in answer.sources)
    for citation in answer.sources:
        assert citation.section in answer.text
    assert answer.facts == ("fee.disclosure",) and "1,000円" in answer.text


def test_replies_in_the_language_of_the_question(engine):
    ja = engine.answer("身分証明書は何を送ればいいですか")
    en = engine.answer("Which identity documents can I send?")
    assert (ja.lang, en.lang) == ("ja", "en")
    assert "運転免許証" in ja.text and "passport" in en.text.lower()
    assert engine.answer("Which identity documents can I send?", lang="ja").lang == "ja"


@pytest.mark.parametrize(
    ("text", "lang"),
    [("開示請求したい", "ja"), ("かいじ", "ja"), ("How much is the fee?", "en"), ("What is 委任状?", "en"),
     ("パスポート ok?", "ja"), ("Where do I send the 個人情報開示等請求書?", "en"), ("ＦＥＥ？", "en")],
)
def test_detect_lang(engine, text, lang):
    assert engine.detect_lang(text) == lang


def test_kana_only_and_typo_questions_are_understood(engine):
    assert "1,000円" in engine.answer("かいじのてすうりょうっていくら").text
    assert engine.answer("かいじせいきゅうしたい").entry_id is not None
    assert "passport" in engine.answer("what ID dokuments are acepted").text.lower()
    assert "171-0021" in engine.answer("ｓｏｕｆｕｓａｋｉ 送付先はどこ").text


def test_out_of_scope_questions_are_declined_with_the_contact(kb, engine):
    for question in ["今日の天気は？", "年末調整のやり方", "Recommend a movie", "有給休暇の残りは？"]:
        answer = engine.answer(question)
        assert answer.decision == "decline" and not answer.matched, question
        assert kb.meta.contact.email in answer.text and kb.meta.contact.postal_code in answer.text
        assert not answer.sources


def test_a_harassment_case_is_declined_towards_the_consultation_desk(kb, engine):
    answer = engine.answer("上司にパワハラされています、どうすればいい？")
    assert answer.decision == "decline" and not answer.matched
    assert "相談窓口" in answer.text and kb.meta.contact.email in answer.text
    english = engine.answer("My manager is harassing me, what should I do?")
    assert english.decision == "decline" and "consultation desk" in english.text
    for forbidden in kb.meta.forbidden_strings:
        assert forbidden not in answer.text + english.text


def test_questions_about_privacy_of_a_consultation_are_answered_not_declined(engine):
    answer = engine.answer("ハラスメントの相談内容は会社に伝わりますか")
    assert answer.decision == "answer" and "同意" in answer.text


def test_suggestions_when_nothing_is_understood_but_examples_are_close(kb, engine):
    """Example similarity proposes entries when the reading finds nothing (an idiom, a word it lacks)."""
    suggest = AnswerEngine(kb, answer_threshold=1.01, suggest_threshold=0.0, index=engine.index)
    answer = suggest._by_examples("q", "ぼくのこじんてきなきろくのあつかい", "ja", suggest.understand("x"), None)
    assert answer.decision in ("suggest", "decline") and not answer.matched
    if answer.decision == "suggest":
        assert 1 <= len(answer.suggestions) <= 3 and all(s.title in answer.text for s in answer.suggestions)
        picked = engine.answer_entry(answer.suggestions[0].entry_id, "ja")
        assert picked.matched and picked.entry_id == answer.suggestions[0].entry_id
    assert kb.meta.contact.email in answer.text


def test_confidence_is_a_probability_and_orders_answers_above_declines(engine):
    good = engine.answer("代理人が請求するときの必要書類を教えてください")
    bad = engine.answer("おすすめのラーメン屋")
    assert 0.0 <= bad.confidence < good.confidence <= 1.0


@pytest.mark.parametrize(
    "question",
    ["", "   \t ", "\x00\x01\x02", "😀😀😀", "a" * 10_000, "個" * 2001, "\ufffd\ufffd", "!!!???", "🙏",
     "開示\x00請求の\x1b[31m手数料", "手数料 💴 how much?", "Привет, как дела?", "\u200b\u200b"],
)
def test_bad_input_gets_a_clear_reply_and_never_raises(engine, question):
    answer = engine.answer(question)
    assert isinstance(answer, Answer) and answer.text.strip()
    assert answer.decision in ("answer", "suggest", "decline", "invalid")
    if answer.decision == "invalid":
        assert not answer.matched and answer.confidence == 0.0
    assert answer.to_json()["question"] == question


def test_control_characters_do_not_hide_a_real_question(engine):
    assert "1,000円" in engine.answer("開示\x00請求の\x1b手数料").text


def test_too_long_and_empty_input_say_what_is_wrong(engine):
    assert "長すぎ" in engine.answer("個" * 5000).text
    assert "too long" in engine.answer("a " * 3000).text
    assert engine.answer("").decision == "invalid"


def test_json_contract(engine):
    data = engine.answer("How much is the fee?").to_json()
    # The original fields, in their order; new ones (decision, facts, topics, facets, intent) only follow.
    assert list(data)[:7] == ["question", "answer", "lang", "matched", "confidence", "sources", "suggestions"]
    assert {"decision", "entry_id", "facts", "topics", "facets", "silent", "intent"} <= set(data)
    assert data["facts"] == ["fee.any"] and data["facets"] == ["cost"]
    assert data["matched"] is True and data["lang"] == "en"
    assert all(set(s) == {"section", "title"} for s in data["sources"])


@pytest.mark.parametrize(
    ("text", "kind"),
    [("開示請求したい", "disclosure"), ("自分のデータを消してほしい", "deletion"), ("I want a copy of my data", "disclosure"),
     ("データ消して", "deletion"), ("訂正をお願いしたい", "correction"), ("かいじせいきゅうしたい", "disclosure"),
     ("利用停止をお願いします", "suspension"), ("Please delete my data", "deletion"),
     ("開示請求の手数料は？", None), ("削除にお金はかかりますか", None), ("How much is a disclosure request?", None),
     ("今日の天気は？", None), ("訂正の様式はどれ？", None)],
)
def test_detect_request(engine, text, kind):
    assert engine.detect_request(text) == kind


def test_matched_entries_carry_their_request_kind(engine):
    assert engine.answer("開示請求のやり方を教えて").request_kind == "disclosure"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_gets_an_answer_object(engine, text):
    """Arbitrary Unicode (lone surrogates, control characters, every script) never raises."""
    answer = engine.answer(text)
    assert answer.text.strip() and answer.decision in ("answer", "suggest", "decline", "invalid")
    assert 0.0 <= answer.confidence <= 1.0
    json.dumps(answer.to_json(), ensure_ascii=False)


def test_japanese_typed_in_latin_letters_is_read_as_japanese(engine):
    """Romaji (no Japanese keyboard): the question is read as kana and answered in Japanese."""
    answer = engine.answer("kaiji seikyuu no tesuuryou ikura?")
    assert answer.matched and "1,000円" in answer.text and answer.question == "kaiji seikyuu no tesuuryou ikura?"
    # English that happens to parse as syllables is still English
    assert engine.answer("no idea what to do").decision == "decline"


def test_a_sentence_already_said_for_one_part_is_not_repeated_for_the_next(engine):
    """The agent's kit for a deletion already says it is free; "is it free?" does not say it twice."""
    text = engine.answer("Can my lawyer request deletion for me, and is it free?").text
    assert text.count("no fee for a request for deletion") == 1 and "Ⅶ.3" in text
