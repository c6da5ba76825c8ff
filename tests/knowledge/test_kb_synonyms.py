"""Synonyms of several morphemes (phrases), affixes joined to their noun, split stop words: the matcher must
not depend on how far the SudachiPy dictionary splits compounds (core: 個人情報; small: 個人 + 情報)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import REPO

from knowledge.analysis import analyse, synonym_term
from knowledge.index import Index
from knowledge.retrieval import check_synonyms
from knowledge.text import normalize


def missing_synonyms(kb, index) -> list:  # type: ignore[no-untyped-def]
    """Rules that do not apply to their own terms: each term, written alone, must get its meaning's keys."""
    missing = []
    for number, synonym in enumerate(kb.synonyms, start=1):
        means = {key for meaning in synonym.means for key in synonym_term(meaning).keys}
        for term in synonym.terms:
            lacking = means - set(index._expand_text(normalize(term)))
            if lacking:
                missing.append((number, term, sorted(lacking)))
    return missing


def test_every_synonym_rule_applies_to_its_own_terms(kb, engine):
    assert check_synonyms(kb) == []
    assert missing_synonyms(kb, engine.index) == []


def test_synonym_term_is_one_word_or_a_phrase():
    assert synonym_term("足りない").key == "w:足りる¬"  # negated, as in a question
    assert synonym_term("消して").key == "w:消す"  # particles around one word keep it one word
    assert synonym_term("cease").key == "e:ceas"
    phrase = synonym_term("データを消す")
    assert phrase.key is None and phrase.tokens == ("データ", "を", "消す") and phrase.keys == ("w:データ", "w:消す")
    assert synonym_term("ですよね").keys == () and synonym_term("する").keys == ()  # nothing the matcher can use
    assert synonym_term("？！").tokens == ()


@pytest.fixture(scope="module")
def phrase_index() -> Index:
    term = synonym_term("データを消す")
    return Index.build([("erase", "削除したい"), ("other", "別の話")], [], (), None, [(term.tokens, ("w:削除",))])


@pytest.mark.parametrize(
    ("text", "applies"),
    [("データを消してほしい", True), ("私のデータを消す方法", True), ("データを消さないで", False),
     ("データは消す", False), ("消すデータ", False), ("データ、を消す", False)],
)
def test_a_phrase_applies_only_to_its_tokens_in_a_row(phrase_index, text, applies):
    assert ("w:削除" in phrase_index._expand_text(normalize(text))) is applies


def test_a_phrase_adds_its_meaning_to_the_words_it_spans(phrase_index):
    analysis = analyse(normalize("データを消してほしい"))
    _bag, concepts = phrase_index._expand(analysis.bag, analysis.concepts, analysis.tokens, analysis.marks)
    assert [("w:削除" in concept) for concept in concepts] == [True, True]
    assert phrase_index.search(normalize("データを消してほしい"))[0].owner == "erase"


@pytest.mark.parametrize(("word", "stem"), [("請求書", "請求"), ("手数料", "手数"), ("代理人", "代理"), ("書き方", "書く")])
def test_a_noun_and_its_suffix_are_one_word_with_the_stem_as_a_part(word, stem):
    (concept,) = analyse(normalize(word)).concepts
    assert concept[0] != "w:" + stem and "w:" + stem in concept


def test_listing_suffixes_and_split_stop_words_are_not_words():
    assert analyse(normalize("セミナー等")).concepts == (("w:セミナー",),)
    assert analyse(normalize("いくつありますか")).concepts == ()


_SMALL_CHECK = """
import json, sys
import knowledge.analysis
knowledge.analysis.DICTIONARY = "small"
sys.path.insert(0, sys.argv[1])
from test_kb_synonyms import missing_synonyms
from knowledge.engine import AnswerEngine
from knowledge.retrieval import check_synonyms
from knowledge.loader import load_knowledge
kb = load_knowledge()
engine = AnswerEngine(kb)
probe = knowledge.analysis.analyse_japanese("個人情報")[0]
answers = {q: engine.answer(q).matched for q in sys.argv[2:]}
print(json.dumps([len(probe), [str(p) for p in check_synonyms(kb)], missing_synonyms(kb, engine.index), answers]))
"""


def test_the_small_dictionary_keeps_every_synonym_rule():
    """With the small dictionary (compounds split), every rule still passes the check and applies."""
    questions = ["手数料はいくらですか", "身分証明書は何が使えますか", "第三者に提供されますか"]
    result = subprocess.run(
        [sys.executable, "-c", _SMALL_CHECK, str(REPO / "tests" / "knowledge"), *questions],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    words, problems, missing, answers = json.loads(result.stdout)
    assert words == 2  # really the small dictionary: 個人 + 情報
    assert problems == [] and missing == []
    assert all(answers.values()), answers


def test_the_index_cache_depends_on_the_dictionary(monkeypatch):
    """Another dictionary tokenises differently: a cached index built with one must not serve the other."""
    import knowledge.analysis
    from knowledge.cache import fingerprint
    from knowledge.loader import DEFAULT_DATA_DIR

    current = fingerprint(DEFAULT_DATA_DIR)
    monkeypatch.setattr(knowledge.analysis, "DICTIONARY", "small" if knowledge.analysis.DICTIONARY != "small" else "core")
    assert fingerprint(DEFAULT_DATA_DIR) != current
