"""No policy fact lives in Python: the engine must serve another organisation's policy from its data."""

from __future__ import annotations

import ast
import re

from conftest import REPO, TINY

from knowledge.engine import AnswerEngine
from knowledge.loader import load_knowledge
from knowledge.models import KnowledgeBase

CODE_DIRS = ("bot", "knowledge", "intake")


def policy_facts(kb: KnowledgeBase) -> set[str]:
    """Facts taken from the loaded data: contact details, amounts, form and document names."""
    contact, org = kb.meta.contact, kb.meta.organization
    facts = {contact.email, contact.postal_code, contact.address_ja, contact.office_ja, org.name_ja}
    facts |= {re.split(r"[0-9０-９]", contact.address_ja)[0]}  # the address without its numbers
    for kind in kb.requests.kinds:
        if kind.fee_yen:
            facts |= {f"{kind.fee_yen}円", f"{kind.fee_yen:,}円", f"{kind.fee_yen} yen", f"{kind.fee_yen:,} yen"}
    facts |= {form.name_ja for form in kb.requests.forms}
    for enclosures in kb.requests.enclosures.values():
        for enclosure in enclosures:
            facts |= set(enclosure.accepted_ids)
    # Document names that appear only in enclosure labels (委任状, 印鑑登録証明書, 実印).
    labels = " ".join(e.label_ja for items in kb.requests.enclosures.values() for e in items)
    facts |= {word for word in ("委任状", "印鑑登録証明書", "実印") if word in labels}
    return {fact for fact in facts if len(fact) >= 2}


def test_fact_list_is_meaningful(kb):
    facts = policy_facts(kb)
    assert {kb.meta.contact.email, "委任状", "印鑑登録証明書", "運転免許証"} <= facts
    assert any("円" in fact for fact in facts)


def string_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string the code can use: comments and docstrings explain, they are skipped."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_the_scan_sees_strings_but_not_comments_or_docstrings():
    source = '"""委任状 in a docstring."""\n# 委任状 in a comment\nLABEL = "委任状"\nf = f"{x}実印"\n'
    assert [text for _, text in string_literals(source)] == ["委任状", "実印"]


def test_no_policy_fact_appears_in_python_code(kb):
    facts = policy_facts(kb)
    found = []
    for directory in CODE_DIRS:
        for path in sorted((REPO / directory).rglob("*.py")):
            for line, text in string_literals(path.read_text(encoding="utf-8")):
                found += [f"{path.relative_to(REPO)}:{line}: {fact}" for fact in facts if fact in text]
    assert not found, "policy facts belong in knowledge/data, not in code:\n" + "\n".join(found)


def test_engine_answers_from_another_organisations_data():
    kb = load_knowledge(TINY)
    engine = AnswerEngine(kb)
    fee = engine.answer("手数料はいくらですか")
    assert fee.matched and "700円" in fee.text and "1,000" not in fee.text and "1000" not in fee.text
    assert "999-9999" in engine.answer("申込書の送り先はどこ？").text
    contact = engine.answer("問い合わせ先を教えてください")
    assert "desk@fictional.invalid" in contact.text
    decline = engine.answer("今日の天気は？")
    assert decline.decision == "decline" and "desk@fictional.invalid" in decline.text and "999-9999" in decline.text
    assert "weia" not in decline.text and "171-0021" not in decline.text
    assert engine.answer("How much is the fee?").lang == "en"
    assert engine.detect_request("しょうかいしたい") == "disclosure"
    assert engine.detect_request("データを消して") == "deletion"
    assert kb.requests.checklist("disclosure", "self")[0].accepted_ids == ["在留カード", "健康保険証"]
