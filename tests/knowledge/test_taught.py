"""Taught questions and the overlay of the secretariat's changes, without a database: a question taught to an
entry is answered from it (or declined) whatever the engine reads, only that question; a change that would
not pass kb check is refused with the problem named; kb export writes data kb check accepts."""

from __future__ import annotations

import pytest

from knowledge.engine import AnswerEngine
from knowledge.evaluation import score
from knowledge.export import ExportError, export_knowledge
from knowledge.loader import DEFAULT_DATA_DIR, KnowledgeError, load_knowledge
from knowledge.overlay import (
    MARKED_OUT_OF_SCOPE,
    Change,
    NewAnswer,
    apply_overlay,
    check_overlay,
    knowledge_with,
)
from knowledge.taught import taught_key
from knowledge.taught_models import TaughtQuestion

ID_QUESTION = "本人確認書類は何が必要？"  # the engine reads it as ID documents (entry id_documents)


def teach(number: int, question: str, **target: str) -> Change:
    return Change(number, teach=TaughtQuestion(question=question, note=f"change #{number}", **target))


def test_a_taught_question_wins_over_the_reading_for_that_question_only(kb, engine):
    assert engine.answer(ID_QUESTION).entry_id == "id_documents"
    taught = AnswerEngine(knowledge_with(kb, [teach(1, ID_QUESTION, entry="fee_amount")], DEFAULT_DATA_DIR))
    for same in (ID_QUESTION, "本人確認書類は何が必要", "  本人確認書類は 何が必要?", "本人確認書類は何が必要！！"):
        answer = taught.answer(same)
        assert (answer.decision, answer.entry_id, answer.taught) == ("answer", "fee_amount", True), same
        assert "1,000円" in answer.text and answer.sources
    reworded = taught.answer("本人確認書類は何を送ればいいですか")
    assert reworded.entry_id == "id_documents" and not reworded.taught  # the engine still reads near-variants


def test_declined_questions_can_be_taught_and_answered_ones_marked_out_of_scope(kb, engine):
    assert engine.answer("会議室の予約はどうすればいいですか").decision == "decline"
    changes = [teach(1, "会議室の予約はどうすればいいですか", entry="how_to_disclosure"),
               teach(2, ID_QUESTION, out_of_scope=MARKED_OUT_OF_SCOPE),
               teach(3, "委任状には何を押せばいいですか", fact="agent.seal_certificate")]
    taught = AnswerEngine(knowledge_with(kb, changes, DEFAULT_DATA_DIR))
    meeting = taught.answer("会議室の予約はどうすればいいですか？")
    assert meeting.matched and meeting.entry_id == "how_to_disclosure" and meeting.taught
    marked = taught.answer(ID_QUESTION)
    assert (marked.decision, marked.matched, marked.taught) == ("decline", False, True)
    seal = taught.answer("委任状には何を押せばいいですか")
    assert seal.facts == ("agent.seal_certificate",) and seal.taught
    assert taught.answer("委任状に押す印鑑は？").facts != ("agent.seal_certificate",)  # not taught: read as usual


def test_the_key_folds_punctuation_spaces_width_and_kana():
    assert taught_key("かいじ の てすうりょう？") == taught_key("カイジノテスウリョウ") == taught_key("ｶｲｼﾞﾉﾃｽｳﾘｮｳ!!")
    assert taught_key("How much is it?") == taught_key("how much is it")
    assert taught_key("開示の手数料は") != taught_key("訂正の手数料は")
    assert taught_key("？？！") == ""


def test_a_change_that_would_break_kb_check_is_refused_with_the_problem_named(kb):
    problems = [str(p) for p in check_overlay(kb, [teach(7, "開示請求っていくらかかるの？", entry="id_documents")],
                                              DEFAULT_DATA_DIR)]
    assert problems == ["change #7 question: '開示請求っていくらかかるの?' is an example question of 'fee_amount'"]
    unknown = [str(p) for p in check_overlay(kb, [teach(8, "会議室は？", entry="no_such_entry")], DEFAULT_DATA_DIR)]
    assert unknown == ["change #8 entry: unknown entry 'no_such_entry'"]
    twice = [teach(1, "会議室は？", entry="fee_amount"), teach(2, "会議室は", entry="id_documents")]
    assert any("already taught to 'fee_amount'" in str(p) for p in check_overlay(kb, twice, DEFAULT_DATA_DIR))
    answer = NewAnswer(title_ja="会議室", title_en="Rooms", text_ja="会議室はありません。", text_en="There are none.",
                       sources=["Ⅻ.9"], questions=["会議室は？"])
    cited = [str(p) for p in check_overlay(kb, [Change(9, new_answer=answer)], DEFAULT_DATA_DIR)]
    assert "change #9 [staff_9] sources: cites unknown section 'Ⅻ.9'" in cited
    with pytest.raises(KnowledgeError):
        knowledge_with(kb, [Change(9, new_answer=answer)], DEFAULT_DATA_DIR)


def test_a_new_answer_is_reached_by_its_questions_not_by_reading(kb, engine):
    answer = NewAnswer(title_ja="会議室の予約", title_en="Booking rooms", text_ja="会議室の予約は総務部へお問い合わせください。",
                       text_en="Please ask the general affairs office about rooms.", sources=["Ⅺ"],
                       questions=["会議室の予約はどうすればいいですか"])
    live = AnswerEngine(knowledge_with(kb, [Change(5, new_answer=answer)], DEFAULT_DATA_DIR))
    found = live.answer("会議室の予約はどうすればいいですか")
    assert found.entry_id == "staff_5" and "総務部" in found.text and found.sources[0].section == "Ⅺ"
    assert live.answer("ポリシーの変更はどう知らせますか").text == engine.answer("ポリシーの変更はどう知らせますか").text


def test_export_writes_data_kb_check_accepts_and_the_overlay_does_not_apply_twice(kb, tmp_path):
    answer = NewAnswer(title_ja="会議室の予約", title_en="Booking rooms", text_ja="総務部へどうぞ。", text_en="Ask general affairs.",
                       sources=["Ⅺ"], questions=["会議室の予約は？"])
    changes = [teach(1, "社員食堂のメニューを教えて", entry="fee_amount"),
               teach(2, "明日の天気は？", out_of_scope=MARKED_OUT_OF_SCOPE), Change(3, new_answer=answer)]
    merged = knowledge_with(kb, changes, DEFAULT_DATA_DIR)
    written = export_knowledge(DEFAULT_DATA_DIR, kb, merged, tmp_path / "out")
    assert written == {"faq.staff.yaml": 1, "facts.staff.yaml": 1, "out_of_scope.staff.yaml": 1, "taught.yaml": 3}
    exported = load_knowledge(tmp_path / "out")
    assert "社員食堂のメニューを教えて" in (tmp_path / "out" / "taught.yaml").read_text(encoding="utf-8")
    assert AnswerEngine(exported).answer("社員食堂のメニューを教えて").entry_id == "fee_amount"
    again, _origins = apply_overlay(exported, changes)  # the database still holds the exported changes
    assert len(again.taught) == len(exported.taught) and check_overlay(exported, changes, tmp_path / "out") == []
    with pytest.raises(ExportError):
        export_knowledge(DEFAULT_DATA_DIR, kb, merged, tmp_path / "out")  # never over an existing export


def test_scoring_follows_score_py():
    items = [{"q": "a", "expect_all": [["yes", "ok"]], "expect_none": ["no"], "oos": False},
             {"q": "b", "expect_all": [["yes"]], "expect_none": [], "oos": False},
             {"q": "c", "expect_all": [], "expect_none": [], "oos": True},
             {"q": "d", "expect_all": [["しない"]], "expect_none": [], "oos": False, "matched": None},
             {"q": "e", "expect_all": [["1000円"]], "expect_none": [], "oos": False}]
    replies = {"a": ("OK then", True), "b": ("yes, no", False), "c": ("declined", False), "d": ("定めていません しない", False),
               "e": ("1,000 円です", True)}
    result = score(items, lambda q: replies[q])
    assert (result.answered, result.in_scope, result.declined, result.out_of_scope) == (3, 4, 1, 1)
    assert result.failures == [("b", "declined")]
