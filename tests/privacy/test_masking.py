"""The log of declined questions keeps no names or street addresses (nor contacts), and ordinary
questions come through unchanged, so the log stays useful for improving the knowledge base."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from intake.models import QuestionLog
from intake.privacy import mask_personal

HERE = Path(__file__).resolve().parents[1]

CASES = [
    # (text, personal parts that must disappear, words that must stay)
    ("私は佐藤花子です。住所は東京都港区芝公園4-2-8です。", ["佐藤", "花子", "芝公園", "4-2-8", "港区"], ["私は", "住所は"]),
    ("鈴木一郎と申します。開示請求をしたい", ["鈴木", "一郎"], ["と申します", "開示請求"]),
    ("名前は髙橋です", ["髙橋"], ["名前は"]),
    ("氏名：山田太郎", ["山田", "太郎"], ["氏名"]),
    ("私、山本です", ["山本"], ["です"]),
    ("上司の田中さんに相談した", ["田中"], ["上司", "さんに相談"]),
    ("小鳥遊様から連絡", ["小鳥遊"], ["様から連絡"]),
    ("ジョン・スミスです", ["ジョン", "スミス"], ["です"]),
    ("大阪市北区梅田1丁目2番3号に住んでいます", ["梅田", "1丁目"], ["に住んでいます"]),
    ("〒105-0011 東京都港区芝公園四丁目2番8号 ハイツ芝101号室", ["芝公園", "四丁目", "105-0011"], []),
    ("住所は芝公園4-2-8", ["芝公園", "4-2-8"], ["住所は"]),
    ("My name is John Smith and I live at 221B Baker Street, London NW1 6XE.",
     ["John", "Smith", "Baker", "221B", "NW1"], ["My name is", "I live at"]),
    ("I am Mary Jones, please delete my data", ["Mary", "Jones"], ["please delete my data"]),
    ("Please ask Mr. Brown or Dr Emily Clarke", ["Brown", "Emily", "Clarke"], ["Please ask Mr."]),
    ("Tanaka-san told me; Smithさんも", ["Tanaka", "Smith"], ["told me"]),
    ("Send it to 123 Main St, Apt 4B, Springfield, IL 62704", ["123 Main", "Springfield", "62704"], ["Send it to"]),
    ("My address is 4-2-8 Shibakoen, Minato-ku, Tokyo", ["Shibakoen", "Minato"], ["My address is"]),
    ("連絡は taro@example.org か 090-1234-5678 へ", ["taro@example.org", "090-1234-5678"], ["連絡は"]),
]


@pytest.mark.parametrize(("text", "gone", "kept"), CASES, ids=[c[0][:24] for c in CASES])
def test_names_and_addresses_are_masked(text, gone, kept):
    masked = mask_personal(text)
    for part in gone:
        assert part not in masked, masked
    for part in kept:
        assert part in masked, masked
    assert "[name]" in masked or "[address]" in masked or "[email]" in masked


@pytest.mark.parametrize("text", ["私は会社員です", "お客様と担当者様", "皆さんこんにちは", "東京都の事業所に勤めています",
                                  "港区の会社です", "請求書類を送る住所はどこ？", "I am Japanese", "This is urgent",
                                  "てすうりょうはいくらかかりますか", "市区町村の窓口", "マイナカードいる？",
                                  "印鑑登録証明書って区役所で1通いくら？", "大林ビルに駐車場はありますか",
                                  "Where can I read the work rules (就業規則)?"])
def test_words_that_only_look_like_names_or_addresses_stay(text):
    assert mask_personal(text) == text


def test_ordinary_questions_come_through_without_names_or_addresses(ctx):
    # The knowledge base's examples and every evaluation set (questions as people type them).
    questions = [q for e in ctx.kb.all_entries() for q in [*e.examples_ja, *e.examples_en]]
    for path in sorted((HERE / "knowledge").rglob("*.json")):
        items = json.loads(path.read_text(encoding="utf-8"))
        questions += [item["q"] for item in items if isinstance(items, list) and isinstance(item, dict) and "q" in item]
    assert len(questions) > 2000
    masked = [(q, mask_personal(q)) for q in questions]
    assert [q for q, m in masked if "[name]" in m or "[address]" in m] == []


def test_a_declined_question_with_a_name_and_an_address_is_logged_masked(client, ctx):
    message = "私は佐藤花子です。住所は東京都港区芝公園4-2-8です。明日の天気を教えてください"
    reply = client.post("/api/chat", json={"message": message}).json()["messages"][-1]
    assert reply["kind"] == "decline"
    with ctx.sessions() as session:
        [logged] = session.scalars(select(QuestionLog.question)).all()
    for part in ("佐藤", "花子", "芝公園", "4-2-8", "港区"):
        assert part not in logged
    assert "[name]" in logged and "[address]" in logged and "天気" in logged
