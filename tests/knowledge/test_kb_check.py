"""`madoguchi kb check` names the file, entry and field of every problem, and passes good data."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import MADOGUCHI, TINY

from knowledge.loader import DEFAULT_DATA_DIR, KnowledgeError, load_knowledge


def kb_check(data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(MADOGUCHI), "kb", "check", "--data-dir", str(data_dir)], capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_bundled_data_passes_with_a_summary():
    result = kb_check(DEFAULT_DATA_DIR)
    assert result.returncode == 0, result.stderr
    assert re.search(r"OK: .*\d+ sections.*\d+ example questions", result.stdout)


def test_fixture_organisation_passes():
    assert kb_check(TINY).returncode == 0


def test_yaml_syntax_error_names_the_file_and_line(data):
    edit(data / "faq.yaml", "- id: fee_amount\n", "- id: fee_amount\n  title_ja: [unclosed\n")
    result = kb_check(data)
    assert result.returncode == 1
    assert "faq.yaml" in result.stderr and "not valid YAML" in result.stderr and "line" in result.stderr


def test_missing_field_names_file_entry_and_field(data):
    edit(data / "silent.yaml", "  title_en: Phone number (not published)\n", "")
    result = kb_check(data)
    assert result.returncode == 1
    assert re.search(r"silent\.yaml \[silent_phone\] title_en: Field required", result.stderr), result.stderr


def test_unknown_field_names_file_entry_and_field(data):
    edit(data / "faq.documents.yaml", "  kind: faq\n  title_ja: 代理人による請求の必要書類\n",
         "  kind: faq\n  anwser_ja: typo\n  title_ja: 代理人による請求の必要書類\n")
    result = kb_check(data)
    assert result.returncode == 1
    assert re.search(r"faq\.documents\.yaml \[agent_documents\] anwser_ja: Extra inputs", result.stderr), result.stderr


def test_bad_source_reference_names_file_entry_and_field(data):
    edit(data / "faq.yaml", "  sources: [Ⅶ.3]\n  request_kind: disclosure\n", "  sources: [Ⅶ.9]\n  request_kind: disclosure\n")
    result = kb_check(data)
    assert result.returncode == 1
    assert re.search(r"faq\.yaml \[fee_amount\] sources: cites unknown section 'Ⅶ\.9'", result.stderr), result.stderr


def test_placeholder_in_a_fact_names_file_fact_and_field(data):
    edit(data / "facts.documents.yaml", "お問い合わせはメールか郵送でお願いします。", "TEL XX-XXXX-XXXX までどうぞ。")
    result = kb_check(data)
    assert result.returncode == 1
    assert re.search(r"facts\.documents\.yaml \[contact\.phone\] ja: shows the placeholder 'XX-XXXX-XXXX'",
                     result.stderr), result.stderr


def test_fact_cross_references_name_file_fact_and_field(data):
    """A fact's topic, facets, sections and next facts must exist; so must an entry's facts."""
    edit(data / "facts.requests.yaml", "- id: disclosure.timing\n  topic: disclosure\n  facets: [how_long, when]",
         "- id: disclosure.timing\n  topic: disclosre\n  facets: [how_lnog, when]")
    edit(data / "facts.requests.yaml", "  sources: [Ⅳ]\n  next: [procedure.disclosure]", "  sources: [Ⅳ(9)]\n  next: [procedure.disclosur]")
    edit(data / "faq.yaml", "facts: [fee.any]", "facts: [fee.anything]")
    result = kb_check(data)
    assert result.returncode == 1
    errors = result.stderr
    assert re.search(r"facts\.requests\.yaml \[disclosure\.timing\] topic: unknown topic 'disclosre'", errors), errors
    assert re.search(r"facts\.requests\.yaml \[disclosure\.timing\] facets: unknown facet 'how_lnog'", errors), errors
    assert re.search(r"facts\.requests\.yaml \[disclosure\.right\] sources: cites unknown section 'Ⅳ\(9\)'", errors)
    assert re.search(r"facts\.requests\.yaml \[disclosure\.right\] next: unknown fact 'procedure\.disclosur'", errors)
    assert re.search(r"faq\.yaml \[fee_amount\] facts\.0: unknown fact 'fee\.anything'", errors), errors


def test_topic_problems_name_file_topic_and_field(data):
    """Parents must exist and form no cycle; a service topic needs a pointer; covers names real facets."""
    edit(data / "topics.yaml", "  parents: [personal_data]\n  scope: service\n  covers: []\n  pointer_ja: セミナーの日程",
         "  parents: [seminars]\n  scope: service\n  covers: [venue]\n  pointer_ja: セミナーの日程")
    edit(data / "topics.yaml", "  title_en: refunds of the fee\n  focus: true\n  parents: [request]",
         "  title_en: refunds of the fee\n  focus: true\n  parents: [refund]")
    result = kb_check(data)
    assert result.returncode == 1
    errors = result.stderr
    assert re.search(r"topics\.yaml \[seminar\] parents: unknown topic 'seminars'", errors), errors
    assert re.search(r"topics\.yaml \[seminar\] covers: unknown facet 'venue'", errors), errors
    assert re.search(r"topics\.yaml \[refund\] parents: the parents form a cycle", errors), errors


def test_a_key_written_twice_is_reported(data):
    edit(data / "topics.yaml", "  title_en: the privacy policy\n", "  title_en: the privacy policy\n  title_en: twice\n")
    result = kb_check(data)
    assert result.returncode == 1
    assert re.search(r"topics\.yaml: key 'title_en' \(line \d+\) is written twice", result.stderr), result.stderr


def test_nested_entry_errors_name_the_section_and_entry(data):
    edit(data / "sections.yaml", "      kind: item\n      title_ja: 利用目的(2)", "      kind: itme\n      title_ja: 利用目的(2)")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(data)
    problem = caught.value.problems[0]
    assert (problem.file, problem.entry, problem.field) == ("sections.yaml", "Ⅰ > Ⅰ(2)", "entries.1.kind") or (
        problem.file == "sections.yaml" and "Ⅰ(2)" in problem.entry and problem.field.endswith("kind")
    )


def test_duplicate_examples_and_missing_sections_are_reported(data):
    edit(data / "policy.yaml", "sections: [Ⅰ,", "sections: [Ⅻ, Ⅰ,")
    edit(data / "silent.yaml", "    - 電話番号を教えてください\n", "    - 電話番号を教えてください\n    - 手数料はいくらですか\n")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(data)
    messages = [str(p) for p in caught.value.problems]
    assert any("[Ⅻ]" in m and "missing" in m for m in messages), messages
    assert any("silent.yaml [silent_phone] examples_ja" in m and "also belongs to" in m for m in messages), messages


def test_every_problem_is_reported_at_once(data):
    """Schema problems of all files come together (cross-file checks run once every file is valid)."""
    edit(data / "faq.yaml", "  sources: [Ⅶ.3]\n  request_kind: disclosure\n", "  sources: Ⅶ.3\n  request_kind: disclosure\n")
    edit(data / "silent.yaml", "  title_en: Phone number (not published)\n", "")
    result = kb_check(data)
    assert result.returncode == 1
    assert "faq.yaml" in result.stderr and "silent.yaml" in result.stderr
    assert "2 problem(s) found" in result.stderr


def test_unusable_synonym_names_file_entry_and_field(data):
    edit(data / "synonyms.yaml", "- {terms: [消す], means: [削除]}", "- {terms: [消す, ですよね], means: [削除, する]}")
    result = kb_check(data)
    assert result.returncode == 1
    assert re.search(r"synonyms\.yaml \[#\d+\] terms\.1: 'ですよね' has no content word", result.stderr), result.stderr
    assert re.search(r"synonyms\.yaml \[#\d+\] means\.1: 'する' has no content word", result.stderr), result.stderr
    assert "2 problem(s) found" in result.stderr


def test_synonym_phrases_of_several_words_pass(data):
    """A term the tokenizer splits (データを消す, 個人情報 with the small dictionary) is a phrase, not an error."""
    edit(data / "synonyms.yaml", "- {terms: [消す], means: [削除]}", "- {terms: [消す, データを消す], means: [削除]}")
    assert kb_check(data).returncode == 0
