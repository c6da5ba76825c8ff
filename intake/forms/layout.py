"""The default request form layout (used when the organisation supplies no template of its own)."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.shared import Mm, Pt
from docx.table import Table, _Cell

from intake.forms.fields import FormData
from intake.forms.labels import TICK_BOX, Labels
from intake.forms.styles import BLANK_LINE, add_paragraph, add_text

LABEL_WIDTH, VALUE_WIDTH = Mm(54), Mm(116)


def _label_cell(cell: _Cell, labels: Labels, key: str) -> None:
    paragraph = cell.paragraphs[0]
    add_text(paragraph, labels.ja(key), bold=True)
    if labels.en(key):
        add_text(paragraph, "\n" + labels.en(key), hint=True)


def _write_lines(cell: _Cell, lines: list[str], *, min_lines: int = 1) -> None:
    """Fill a cell with one paragraph per line; empty cells keep room to write by hand."""
    lines = lines or [""]
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)
    for _ in range(max(0, min_lines - len(lines))):
        cell.add_paragraph("")


def _row(table: Table, labels: Labels, key: str, lines: list[str], *, min_lines: int = 1,
         size: float | None = None) -> None:
    cells = table.add_row().cells
    cells[0].width, cells[1].width = LABEL_WIDTH, VALUE_WIDTH
    _label_cell(cells[0], labels, key)
    _write_lines(cells[1], lines, min_lines=min_lines)
    for cell in cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.line_spacing = 1.0  # a form row is read line by line, keep it tight
            if size and cell is cells[1]:
                for run in paragraph.runs:
                    run.font.size = Pt(size)


def _reply_lines(data: FormData) -> list[str]:
    ja = data.labels.ja
    if data.is_blank:
        return [f"{ja('email')}：", f"{ja('postal_address')}：{ja('postal_mark')}", ""]
    lines = []
    if data.email:
        lines.append(f"{ja('email')}：{data.email}")
    if data.postal_address:
        lines.append(f"{ja('postal_address')}：{data.postal_address.splitlines()[0]}")
        lines += data.postal_address.splitlines()[1:]
    return lines


def _enclosure_lines(data: FormData) -> list[str]:
    lines: list[str] = []
    for group in data.enclosures:
        if group.heading:
            lines.append(f"【{group.heading}】")
        lines += [f"{TICK_BOX} {line}" for line in group.lines]
    if data.fee and not any(data.fee in line for line in lines):
        lines.append(data.fee)  # "no fee" is said outright, so nobody encloses stamps for nothing
    return lines


def _agent_lines(data: FormData) -> list[str]:
    if data.requester == "self":
        return [data.labels.ja("not_applicable")]
    return [data.agent_name]


def _header(document: DocxDocument, data: FormData) -> None:
    ja = data.labels.ja
    add_paragraph(document, data.title, align="center", size=16, bold=True)
    add_paragraph(document, data.title_en, align="center", size=8)
    meta = add_paragraph(document, align="right", space_before=4)
    add_text(meta, f"{ja('reference')}：{data.reference or BLANK_LINE[:10]}　　")
    add_text(meta, f"{ja('date')}：{data.date or ja('blank_date')}")
    addressee = add_paragraph(document, space_before=4)
    add_text(addressee, f"{data.organization}\n{data.office}　{ja('addressee_suffix')}", size=11)
    intro = ja("intro").format(organization=data.organization, policy_title=data.policy_title)
    add_paragraph(document, intro, space_before=4)


def _signature(document: DocxDocument, data: FormData) -> None:
    ja, en = data.labels.ja, data.labels.en
    key = "agent_signature" if data.requester == "agent" else "signature"
    paragraph = add_paragraph(document, space_before=10, align="right")
    add_text(paragraph, f"{ja(key)}　")
    add_text(paragraph, BLANK_LINE, underline=True)
    add_text(paragraph, f"　{ja('seal')}")
    add_text(paragraph, f"\n{en(key)} / {en('seal')}", hint=True)


def _office_box(document: DocxDocument, labels: Labels) -> None:
    add_paragraph(document, labels.ja("office_use"), size=8, space_before=6)
    keys = ("received_on", "id_checked", "fee_checked", "handled_by")
    table = document.add_table(rows=2, cols=len(keys))
    table.style = "Table Grid"
    for index, key in enumerate(keys):
        table.rows[0].cells[index].paragraphs[0].text = labels.ja(key)
        table.rows[1].cells[index].paragraphs[0].text = ""
    table.rows[1].height = Mm(9)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)


def build_request_page(document: DocxDocument, data: FormData) -> None:
    """The request form itself: title, reference, date, ticked kinds, person, reply address, agent,
    data concerned, enclosures, signature and seal, where to mail it."""
    _header(document, data)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.autofit = False
    # LibreOffice sizes columns from the grid, Word from the cells: set both.
    table.columns[0].width, table.columns[1].width = LABEL_WIDTH, VALUE_WIDTH
    labels = data.labels
    _row(table, labels, "kind", data.kind_line().splitlines())
    _row(table, labels, "requester", [data.requester_line()])
    _row(table, labels, "name", [data.name])
    _row(table, labels, "affiliation", [data.affiliation])
    _row(table, labels, "reply_to", _reply_lines(data))
    _row(table, labels, "agent_name", _agent_lines(data))
    _row(table, labels, "details", data.details.splitlines(), min_lines=3)
    _row(table, labels, "enclosures", _enclosure_lines(data), size=9)
    _signature(document, data)
    mail = add_paragraph(document, space_before=6)
    add_text(mail, f"{labels.ja('mail_to')}：", bold=True)
    add_text(mail, data.org_address.replace("\n", "　"))
    _office_box(document, labels)
