"""The bundled knowledge base is complete, faithful to the policy text and safe to show."""

from __future__ import annotations

import re
import unicodedata

import pytest
from conftest import SHARED

from knowledge.loader import nfkc_text
from knowledge.models import KnowledgeBase


def _policy_text(kb: KnowledgeBase) -> str:
    path = SHARED / "seeds" / kb.meta.source
    assert path.is_file(), f"policy source {path} is missing"
    return nfkc_text(path.read_text(encoding="utf-8"))


def _squash(text: str) -> str:
    """Drop whitespace and list markers so a quote can be compared with the source's layout."""
    return re.sub(r"[\s・]", "", unicodedata.normalize("NFKC", text))


def test_every_numbered_section_of_the_policy_is_present(kb):
    source = _policy_text(kb)
    numbered = re.findall(r"^([\u2160-\u216b])\.", source, flags=re.M)
    assert numbered, "no section headings found in the policy source"
    assert [s.id for s in kb.sections if s.id in numbered] == numbered
    assert set(kb.meta.sections) == set(numbered)


def test_every_numbered_item_of_the_policy_has_its_own_entry(kb):
    """(1)..(n) items of each section and 1. 2. sub-sections, counted in the source text itself."""
    source = _policy_text(kb)
    ids = {entry.id for entry in kb.all_entries()}
    blocks = re.split(r"^(?=[\u2160-\u216b]\.)", source, flags=re.M)
    expected = []
    for block in blocks:
        head = re.match(r"([\u2160-\u216b])\.", block)
        if not head:
            continue
        section = head.group(1)
        expected += [f"{section}({n})" for n in re.findall(r"^\((\d+)\)", block, flags=re.M)]
        expected += [f"{section}.{n}" for n in re.findall(r"^(\d)\.", block, flags=re.M)]
    assert len(expected) >= 30
    missing = [item for item in expected if item not in ids]
    assert not missing, f"policy items without an entry: {missing}"


def test_policy_quotes_are_faithful(kb):
    source = _squash(_policy_text(kb))
    quotes = [(s.id, s.policy_text) for s in kb.sections if s.policy_text]
    quotes += [(e.id, e.policy_text) for e in kb.all_entries() if e.policy_text]
    bad = [ident for ident, text in quotes if _squash(text) not in source]
    assert not bad, f"policy_text not found verbatim in the policy: {bad}"


def test_effective_date_and_version_match_the_policy(kb):
    source = _policy_text(kb)
    assert kb.meta.version in source
    assert f"{kb.meta.effective_date.year}年{kb.meta.effective_date.month}月{kb.meta.effective_date.day}日" in source


def all_facts(kb):
    """The written facts and those generated from the request rules: every sentence an answer is made of."""
    from knowledge.language import default_language
    from knowledge.procedure_facts import ProcedureFacts

    return [*kb.facts, *ProcedureFacts(kb, default_language()).facts()]


def test_placeholders_never_appear_in_answers_or_replies(kb):
    texts = [e.title_ja + e.title_en for e in kb.all_entries()] + [f.ja + f.en for f in all_facts(kb)]
    texts += [(t.pointer_ja or "") + (t.pointer_en or "") for t in kb.topics]
    texts += [(t.reply_ja or "") + (t.reply_en or "") for t in kb.out_of_scope]
    assert kb.meta.forbidden_strings, "the placeholders of Ⅶ.4 must be listed as forbidden"
    for forbidden in kb.meta.forbidden_strings:
        assert not [t for t in texts if forbidden in t]
    assert kb.meta.contact.phone is None


def test_no_answer_invents_a_number_of_days(kb):
    days = re.compile(r"\d+\s*(日以内|日間|営業日|週間|か月|ヶ月|カ月|business days|days|weeks|months)")
    offenders = [f.id for f in all_facts(kb) if days.search(f.ja) or days.search(f.en)]
    assert not offenders


@pytest.mark.parametrize("kind", ["faq", "silent", "section", "item"])
def test_entries_have_examples_in_both_languages(kb, kind):
    thin = [
        e.id
        for e in kb.all_entries()
        if e.kind == kind and (len(e.examples_ja) < 2 or len(e.examples_en) < 1 or len(e.examples_ja) + len(e.examples_en) < 4)
    ]
    assert not thin, f"entries with too few example questions: {thin}"


def test_examples_include_kana_only_and_english_phrasings(kb):
    kana_only = re.compile(r"^[\u3041-\u309f\u30a0-\u30ff\s？?、。ー!！]+$")
    examples = [x for e in kb.all_entries() for x in e.examples_ja]
    assert sum(bool(kana_only.match(x)) for x in examples) >= 60
    assert sum(len(e.examples_en) for e in kb.all_entries()) >= 200


def test_facts_the_policy_is_silent_on_say_so(kb):
    """A fact marked stated: false says, in words people search for, that the policy does not state it."""
    silent = [f for f in kb.facts if not f.stated]
    assert len(silent) >= 20
    for fact in silent:
        assert re.search(r"記載がありません|書かれていません|記載はありません|挙げられていません", fact.ja), fact.id
        assert re.search(r"does not state|not listed", fact.en), fact.id


def test_silent_answers_end_with_the_contact(kb, engine):
    for question in ["個人情報の保存期間は？", "How long do you keep my data?", "電話番号を教えて"]:
        answer = engine.answer(question)
        assert answer.silent and kb.meta.contact.email in answer.text, question


def test_fee_rule_follows_section_3_of_the_procedure(kb):
    """Ⅶ.3 charges only disclosure and notice of purpose; every other kind is free."""
    charged = {k.key for k in kb.requests.kinds if k.fee_yen > 0}
    assert charged == {"disclosure", "purpose_notice"}
    agent_ids = next(e for e in kb.requests.enclosures["agent"] if e.accepted_ids).accepted_ids
    self_ids = next(e for e in kb.requests.enclosures["self"] if e.accepted_ids).accepted_ids
    assert set(self_ids) - set(agent_ids), "the agent's ID list is shorter than the person's"
    for kind in kb.requests.kinds:
        if kind.fee_yen == 0:
            assert kb.requests.checklist(kind.key, "self")[-1].amount_yen is None
