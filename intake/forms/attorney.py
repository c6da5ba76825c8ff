"""The power-of-attorney page: the person delegates the request to the agent.

The person fills it in by hand: date, addresses and name are blank lines, with room for the
registered seal (実印). Only the agent's name, the request and the reference are printed.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument

from intake.forms.fields import FormData
from intake.forms.labels import Labels
from intake.forms.styles import BLANK_LINE, add_paragraph, add_text


def _blank_field(document: DocxDocument, label: str, value: str = "", *, seal: str = "") -> None:
    paragraph = add_paragraph(document, space_before=10)
    add_text(paragraph, f"　{label}　")
    if value:  # padded so the printed name sits on a line as long as the blank ones
        add_text(paragraph, value + "　" * max(0, len(BLANK_LINE) - len(value)), underline=True)
    else:
        add_text(paragraph, BLANK_LINE + "　" * 4, underline=True)
    if seal:
        add_text(paragraph, f"　{seal}")


def _matter(data: FormData, labels: Labels) -> str:
    kinds = [k for k in data.kinds if k.ticked] or list(data.kinds)
    kind_ja = "・".join(k.name_ja for k in kinds)
    kind_en = ", ".join(k.name_en for k in kinds)
    values = {"organization": data.organization, "form": data.title, "form_en": data.title_en, "kind": kind_ja,
              "kind_en": kind_en, "reference": data.reference or "　" * 8}
    return labels.ja("poa_matter").format(**values)


def build_power_of_attorney(document: DocxDocument, data: FormData) -> None:
    """Append the power-of-attorney page on a new page."""
    labels = data.labels
    ja, en = labels.ja, labels.en
    title = add_paragraph(document, ja("poa_title"), align="center", size=16, bold=True)
    # page_break_before, not a break run: a template may end with a table rather than a paragraph
    title.paragraph_format.page_break_before = True
    add_paragraph(document, en("poa_title"), align="center", size=8)
    add_paragraph(document, ja("blank_date"), align="right", space_before=10)
    addressee = add_paragraph(document, space_before=6)
    add_text(addressee, f"{data.organization}\n{data.office}　{ja('addressee_suffix')}", size=11)

    heading = add_paragraph(document, space_before=14)
    add_text(heading, ja("principal"), bold=True)
    add_text(heading, f"　{en('principal')}", hint=True)
    _blank_field(document, ja("postal_address"))
    _blank_field(document, ja("principal_signature"), seal=ja("registered_seal"))

    add_paragraph(document, ja("poa_body"), space_before=14)
    agent = add_paragraph(document, space_before=10)
    add_text(agent, ja("poa_agent"), bold=True)
    add_text(agent, f"　{en('poa_agent')}", hint=True)
    _blank_field(document, ja("postal_address"))
    _blank_field(document, ja("poa_agent_name"), data.agent_name)

    add_paragraph(document, ja("poa_ki"), align="center", space_before=14)
    matter = add_paragraph(document, space_before=6)
    add_text(matter, f"{ja('poa_matter_title')}：", bold=True)
    add_text(matter, _matter(data, labels))
    if data.poa_note:
        add_paragraph(document, f"※ {data.poa_note}", size=9, space_before=14)
