"""The second-generation evaluation sets (tests/knowledge/eval2), written by authors who read only the
policy, never the knowledge base: near misses, multi-part questions, typed intents, questions as people
type them, and Japanese/English pairs. Each ``*_a`` set guided the engine's development; each ``*_b`` set
was kept sealed until the engine was done (see eval2/FIRST_LOOK.md for the scores before any change).
"""

from __future__ import annotations

import json

import pytest
from conftest import HERE
from kb_scoring import passes
from score_intents import score
from test_kb_eval import run_score

EVAL2 = HERE / "eval2"


def load(name: str) -> list[dict]:
    return json.loads((EVAL2 / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "declined"), [("nearmiss_a.json", "0.95"), ("nearmiss_b.json", "0.88")])
def test_near_misses_are_declined_and_silent_points_said_so(name, declined):
    """Questions that reuse the policy's words about what it does not cover are declined (nearmiss_b, opened
    later, holds what the engine reaches: see FIRST_LOOK.md); privacy points it is silent on: "not stated"
    and the contact."""
    result = run_score(EVAL2 / name, "--min-answered", "0.95", "--min-abstained", declined)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr


def test_round_five_mixed_set_tuned_on_stays_answered_and_declined():
    """r5_a (120 questions of every kind, 44 near misses) was developed against; r5_b, its sealed twin, is only
    measured (tests/knowledge/eval2/FIRST_LOOK.md)."""
    result = run_score(EVAL2 / "r5_a.json", "--min-answered", "0.9", "--min-abstained", "0.9")
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize(("name", "answered", "declined"), [("r6_a.json", "0.9", "0.9"), ("r9_dev.json", "0.87", "0.95")])
def test_round_six_sets_tuned_on_stay_answered_and_declined(name, answered, declined):
    """r6_a and r9_dev were developed against (who handles the data, second parts); r6_b, r7_final and
    r8_final are only measured (tests/knowledge/eval2/FIRST_LOOK.md)."""
    result = run_score(EVAL2 / name, "--min-answered", answered, "--min-abstained", declined)
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize("name", ["multipart_a.json", "multipart_b.json", "realtyped_a.json", "realtyped_b.json",
                                  "parity.json"])
def test_in_scope_sets_are_answered_in_every_part(name):
    """>= 95% answered right; a multi-part question passes only when every part is answered."""
    result = run_score(EVAL2 / name, "--min-answered", "0.95", "--min-abstained", "0")
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.db
@pytest.mark.parametrize("name", ["intents_a.json", "intents_b.json"])
def test_typed_intents_reach_the_flows_of_the_buttons(name):
    """Typed requests go where the buttons go (intake, status, cancel, back, a person); questions stay
    questions. Run through the real conversation core on a throwaway SQLite database."""
    passed, total, per_intent = score(load(name), quiet=False)
    assert passed / total >= 0.95, per_intent


def test_a_japanese_question_and_its_translation_reach_the_same_facts(engine):
    """Parity: for each ja/en pair, the answers share their facts (the direct answer is the same)."""
    pairs: dict[int, dict[str, tuple[str, tuple[str, ...]]]] = {}
    for item in load("parity.json"):
        answer = engine.answer(item["q"])
        pairs.setdefault(item["pair"], {})[item["lang"]] = (item["q"], answer.facts)
    differ = [(p["ja"], p["en"]) for p in pairs.values() if not set(p["ja"][1]) & set(p["en"][1])]
    same = [p for p in pairs.values() if set(p["ja"][1]) == set(p["en"][1])]
    assert not differ, differ  # every pair shares its answer
    # and most say exactly the same facts (the rest add a neighbouring fact in one language)
    assert len(same) / len(pairs) >= 0.8, [(p["ja"], p["en"]) for p in pairs.values() if p not in same]


def test_every_part_of_a_multi_part_question_is_answered(engine):
    """Per part, not per question: each expected group of a multi-part question is in the answer."""
    items = load("multipart_a.json")
    groups = [(item, group) for item in items for group in item["expect_all"]]
    answers = {item["q"]: engine.answer(item["q"]).text for item in items}
    missing = [(item["q"], group) for item, group in groups if not passes({"expect_all": [group]}, answers[item["q"]])]
    assert len(missing) / len(groups) <= 0.05, missing


def test_the_sets_are_large_and_mixed():
    sizes = {name: len(load(name)) for name in ("nearmiss_a.json", "nearmiss_b.json", "multipart_a.json",
                                                 "multipart_b.json", "intents_a.json", "intents_b.json",
                                                 "realtyped_a.json", "realtyped_b.json", "parity.json")}
    assert sum(sizes.values()) >= 700, sizes
    near = load("nearmiss_a.json") + load("nearmiss_b.json")
    assert sum(item["oos"] for item in near) >= 140
    assert sum(item["lang"] == "en" for item in near) >= 50
