"""`kb check` holds the procedure together: outcomes, refusal grounds and the sections they cite, the fee's
enclosure, the withdrawal and alternative-measure sections; each problem names file, entry and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import TINY
from test_kb_check import edit, kb_check

from knowledge.loader import DEFAULT_DATA_DIR, KnowledgeError, load_knowledge


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


def problems(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as refused:
        load_knowledge(directory)
    return [str(p) for p in refused.value.problems]


def test_a_refusal_ground_that_is_no_section_is_named_by_kb_check(data):
    edit(data / "requests.yaml", "    refusal_grounds: [Ⅳ(1), Ⅳ(2), Ⅳ(3)]", "    refusal_grounds: [Ⅳ(1), Ⅳ(9), Ⅳ(3)]")
    result = kb_check(data)
    assert result.returncode == 1
    assert "requests.yaml [disclosure] refusal_grounds.1: the refusal ground cites unknown section 'Ⅳ(9)'" \
        in result.stderr


def test_every_kind_needs_its_outcomes(data):
    edit(data / "requests.yaml", "    outcomes: [corrected, refused]\n", "")
    assert "requests.yaml [correction] outcomes: Field required" in problems(data)


def test_a_kind_that_can_be_refused_needs_grounds_and_grounds_need_a_refusal(data):
    edit(data / "requests.yaml", "    refusal_grounds: [Ⅴ.2]\n", "    refusal_grounds: []\n")
    edit(data / "requests.yaml", "    outcomes: [added, refused]\n", "    outcomes: [added]\n")
    found = problems(data)
    assert any(p.startswith("requests.yaml [correction] refusal_grounds: outcomes ['refused'] need") for p in found)
    assert any(p.startswith("requests.yaml [addition] refusal_grounds: grounds are given but no outcome refuses")
               for p in found)


def test_withdrawal_and_alternative_measure_sections_must_exist(data):
    edit(data / "requests.yaml", "withdrawal_source: Ⅶ.3", "withdrawal_source: Ⅶ.9")
    edit(data / "requests.yaml", "alternative_measure_source: Ⅵ", "alternative_measure_source: Ⅻ")
    found = problems(data)
    assert any(p.startswith("requests.yaml withdrawal_source: the withdrawal of a deficient file cites unknown "
                            "section 'Ⅶ.9'") for p in found)
    assert any("alternative_measure_source" in p and "'Ⅻ'" in p for p in found)


def test_an_alternative_measure_needs_the_section_that_allows_it(data):
    edit(data / "requests.yaml", "alternative_measure_source: Ⅵ\n", "")
    found = problems(data)
    assert "requests.yaml [suspension] outcomes: an alternative measure needs alternative_measure_source: the " \
           "section that allows it" in found


def test_a_fee_needs_the_enclosure_that_pays_it(data):
    edit(data / "requests.yaml", "    fee_paid_with: stamps\n", "", count=1)
    edit(data / "requests.yaml", "    fee_paid_with: stamps\n", "    fee_paid_with: form\n", count=1)
    found = problems(data)
    assert any(p.startswith("requests.yaml [disclosure] fee_paid_with: a fee of 1000 yen needs the enclosure")
               for p in found)
    assert any(p.startswith("requests.yaml [purpose_notice] fee_paid_with: enclosure 'form'") for p in found)


def test_a_closing_is_no_decision_of_a_kind(data):
    edit(data / "requests.yaml", "    outcomes: [deleted, refused]", "    outcomes: [deleted, refused, withdrawn]")
    assert any(p.startswith("requests.yaml [deletion] outcomes: 'withdrawn' is a closing") for p in problems(data))


def test_the_second_organisation_has_its_own_procedure():
    kb = load_knowledge(TINY)
    enquiry, erasure = kb.requests.kind("disclosure"), kb.requests.kind("deletion")
    assert enquiry.refusal_grounds == ["C.1", "C.2"] and erasure.refusal_grounds == ["D.2"]
    assert kb.requests.withdrawal_source == "B.3" and kb.requests.alternative_measure_source is None
    lines = kb.requests.checklist("disclosure", "agent")
    assert [line.key for line in lines] == ["letter", "agent_id_copy", "form", "money_order"]
    assert lines[-1].amount_yen == 700 and "定額小為替" in lines[-1].label_ja
    assert [line.key for line in kb.requests.checklist("deletion", "self")] == ["id_copy", "form"]
