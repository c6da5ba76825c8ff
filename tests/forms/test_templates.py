"""The organisation's own .docx templates: ``kb check`` validates them, and tickets fill them in."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml
from docx import Document

from bot.cli import main as cli
from intake.forms import form_data, render
from intake.tickets import get_by_reference
from knowledge.form_templates import KNOWN_PLACEHOLDERS
from knowledge.loader import DEFAULT_DATA_DIR, KnowledgeError, load_knowledge
from tests.forms.conftest import AGENT_NAME, PERSON
from tests.forms.docx_reading import read_form


def copied_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    return data


def data_dir_with_template(tmp_path: Path, template: str, form_key: str = "disclosure_form") -> Path:
    """A copy of the bundled knowledge data whose form ``form_key`` uses ``template``."""
    data = copied_data(tmp_path)
    rules_path = data / "requests.yaml"
    rules = yaml.safe_load(rules_path.read_text(encoding="utf-8"))
    next(f for f in rules["forms"] if f["key"] == form_key)["template"] = template
    rules_path.write_text(yaml.safe_dump(rules, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (data / "forms").mkdir(exist_ok=True)
    return data


def write_template(path: Path, *, extra: str = "") -> None:
    """A template as Word leaves it: placeholders split over runs, in the body, a table and the header."""
    document = Document()
    document.sections[0].header.paragraphs[0].text = "{{organization}}"
    title = document.add_paragraph()
    title.add_run("{{ti")
    title.add_run("tle}}").bold = True  # Word split the placeholder when part of it was formatted
    ref = document.add_paragraph("受付番号：")
    for piece in ("{", "{ reference ", "}}", " / ", "{{date}}"):
        ref.add_run(piece)
    table = document.add_table(rows=3, cols=2)
    for row, (label, field) in enumerate((("種類", "kind_checkboxes"), ("氏名", "name"), ("代理人", "agent_name"))):
        table.cell(row, 0).text = label
        table.cell(row, 1).text = "{{" + field + "}}"
    document.add_paragraph("{{enclosures}}")
    if extra:
        document.add_paragraph(extra)
    document.save(str(path))


def test_a_template_with_an_unknown_placeholder_fails_kb_check(tmp_path, capsys):
    data = data_dir_with_template(tmp_path, "forms/disclosure.docx")
    write_template(data / "forms" / "disclosure.docx", extra="氏名：{{nmae}}")

    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(data)
    assert [str(p) for p in raised.value.problems] == [
        f"requests.yaml [forms > disclosure_form] template: forms/disclosure.docx (document): unknown placeholder "
        f"{{{{nmae}}}}; known: {', '.join(sorted(KNOWN_PLACEHOLDERS))}"
    ]
    assert cli(["kb", "check", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert "forms/disclosure.docx" in err and "{{nmae}}" in err and "1 problem(s) found" in err


def test_a_placeholder_split_across_runs_is_still_checked(tmp_path):
    data = data_dir_with_template(tmp_path, "forms/disclosure.docx")
    document = Document()
    paragraph = document.add_paragraph()
    for piece in ("{{ref", "erense", "}}"):
        paragraph.add_run(piece)
    document.save(str(data / "forms" / "disclosure.docx"))
    with pytest.raises(KnowledgeError, match=r"unknown placeholder \{\{referense\}\}"):
        load_knowledge(data)


@pytest.mark.parametrize(
    ("template", "setup", "message"),
    [
        ("forms/missing.docx", None, "forms/missing.docx: template file not found"),
        ("forms/notes.docx", b"just text", "forms/notes.docx: not a readable .docx file"),
        ("../outside.docx", None, "must be a file inside the knowledge data directory"),
        ("forms/open.docx", "unclosed", "'{{' is never closed"),
    ],
)
def test_kb_check_names_broken_templates(tmp_path, template, setup, message):
    data = data_dir_with_template(tmp_path, template, form_key="suspension_form")
    if isinstance(setup, bytes):
        (data / template).write_bytes(setup)
    elif setup == "unclosed":
        write_template(data / template, extra="{{name")
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(data)
    (problem,) = raised.value.problems
    assert (problem.file, problem.entry, problem.field) == ("requests.yaml", "forms > suspension_form", "template")
    assert message in problem.message


def test_the_bundled_data_and_a_good_template_pass(tmp_path):
    assert load_knowledge(DEFAULT_DATA_DIR)  # no templates: the built-in layout
    data = data_dir_with_template(tmp_path, "forms/disclosure.docx")
    write_template(data / "forms" / "disclosure.docx", extra=" ".join("{{" + n + "}}" for n in KNOWN_PLACEHOLDERS))
    assert load_knowledge(data).requests.form("disclosure_form").template == "forms/disclosure.docx"


@pytest.mark.parametrize("requester", ["self", "agent"])
def test_a_ticket_fills_the_organisations_template(tmp_path, ctx, open_ticket, requester):
    data = data_dir_with_template(tmp_path, "forms/disclosure.docx")
    every = " | ".join("{{" + name + "}}" for name in KNOWN_PLACEHOLDERS)
    write_template(data / "forms" / "disclosure.docx", extra=every)
    kb = load_knowledge(data)
    reference, _code = open_ticket("purpose_notice", requester)
    with ctx.transaction() as session:
        data_snapshot = form_data(kb, get_by_reference(session, reference), data_dir=data)
    assert set(data_snapshot.placeholders()) == set(KNOWN_PLACEHOLDERS)  # kb check accepts exactly these
    content = render(data_snapshot, data)

    read = read_form(content)
    assert "{{" not in read.text and "}}" not in read.text  # every advertised placeholder is filled
    assert read.paragraphs[0] == kb.requests.form("disclosure_form").name_ja
    assert read.paragraphs[1] == f"受付番号：{reference} / 2026年4月1日"
    assert read.fields["種類"] == "☐ 開示\n☑ 利用目的の通知"  # a multi-line value becomes line breaks
    assert read.fields["氏名"] == PERSON["name"]
    assert read.fields["代理人"] == (AGENT_NAME if requester == "agent" else "")
    header = Document(io.BytesIO(content)).sections[0].header.paragraphs[0].text
    assert header == kb.meta.organization.name_ja
    # The organisation's template is the request form; the 委任状 page is added for agents.
    assert read.page_breaks_before == (["委任状"] if requester == "agent" else [])


def test_an_organisation_can_reword_the_forms(tmp_path, ctx, open_ticket):
    data = copied_data(tmp_path)
    (data / "forms" / "labels.yaml").write_text(
        "poa_title: {ja: 委任状（代理人選任届）, en: Power of attorney}\nregistered_seal: {ja: （認印）, en: seal}\n",
        encoding="utf-8")
    kb = load_knowledge(data)
    reference, _code = open_ticket("deletion", "agent")
    with ctx.transaction() as session:
        snapshot = form_data(kb, get_by_reference(session, reference), data_dir=data)
    read = read_form(render(snapshot, data))
    assert read.page_breaks_before == ["委任状（代理人選任届）"] and "（認印）" in read.text
    assert "（実印）" not in read.text
    assert read.fields["氏名（ご本人）"] == PERSON["name"]  # labels not given keep the bundled wording


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("seel: {ja: 印, en: seal}\n", "unknown label 'seel'"),
        ("intro: {ja: '{company}に請求します。', en: ''}\n", "intro: unknown field(s) ['company']"),
        ("seal: 印\n", "seal: expected {ja: text, en: text}"),
    ],
)
def test_kb_check_reports_a_broken_labels_file(tmp_path, content, message):
    data = copied_data(tmp_path)
    (data / "forms" / "labels.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(data)
    (problem,) = raised.value.problems
    assert problem.file == "forms/labels.yaml" and message in problem.message
