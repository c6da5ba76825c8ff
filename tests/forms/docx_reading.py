"""Reading a generated .docx back the way a person would: title, lines of text, the form's table."""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document
from docx.oxml.ns import qn


@dataclass
class ReadForm:
    paragraphs: list[str]  # body paragraphs outside tables, in order
    fields: dict[str, str]  # first table: Japanese label -> value text
    text: str  # everything, tables included
    page_breaks_before: list[str]  # paragraphs that start a new page
    properties: str  # document properties (title, author, comments...)


def read_form(content: bytes) -> ReadForm:
    """Parse the bytes with python-docx (as Word would open them)."""
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    fields: dict[str, str] = {}
    if document.tables:
        for row in document.tables[0].rows:
            label, value = row.cells[0].text, row.cells[1].text
            fields[label.split("\n")[0]] = value.strip()
    everything = "".join(t.text or "" for t in document.element.body.iter(qn("w:t")))
    breaks = [p.text for p in document.paragraphs if p.paragraph_format.page_break_before]
    props = document.core_properties
    properties = " ".join(str(v or "") for v in (props.title, props.author, props.last_modified_by, props.comments,
                                                  props.subject, props.keywords))
    return ReadForm(paragraphs, fields, everything, breaks, properties)
