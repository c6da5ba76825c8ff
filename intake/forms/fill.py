"""Filling an organisation's .docx template: ``{{placeholder}}`` → value, wherever Word put the text.

A placeholder may be split over several runs (Word does this after edits or spell-checking), so the
text of each paragraph is joined first and the value is written into the run where the placeholder
starts; the rest of the placeholder is cut from the runs that follow. Other runs — and their
formatting, images and fields — are left alone. Newlines in a value become line breaks.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from lxml import etree

from knowledge.form_templates import PLACEHOLDER_RE, iter_paragraphs, paragraph_texts

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _replace_span(texts: list[etree._Element], starts: list[int], start: int, end: int, value: str) -> None:
    first = next(i for i, offset in enumerate(starts) if offset <= start < offset + len(texts[i].text or ""))
    for index in range(first, len(texts)):
        text, offset = texts[index].text or "", starts[index]
        if offset >= end:
            break
        cut_from, cut_to = max(start - offset, 0), min(end - offset, len(text))
        texts[index].text = text[:cut_from] + (value if index == first else "") + text[cut_to:]
        texts[index].set(_XML_SPACE, "preserve")


def _expand_breaks(text: etree._Element) -> None:
    """Turn ``\\n`` and ``\\t`` inside one ``w:t`` into ``w:br``/``w:tab`` siblings in the same run."""
    value = text.text or ""
    if "\n" not in value and "\t" not in value:
        return
    pieces: list[str] = []
    current = ""
    for char in value:
        if char in "\n\t":
            pieces += [current, char]
            current = ""
        else:
            current += char
    pieces.append(current)
    text.text = pieces[0]
    anchor = text
    for piece in pieces[1:]:
        if piece in ("\n", "\t"):
            element = OxmlElement("w:br" if piece == "\n" else "w:tab")
        elif piece:
            element = OxmlElement("w:t")
            element.text = piece
            element.set(_XML_SPACE, "preserve")
        else:
            continue
        anchor.addnext(element)
        anchor = element


def fill_template(document: DocxDocument, values: dict[str, str]) -> None:
    """Replace every known ``{{name}}`` in body, tables, text boxes, headers and footers.

    Unknown names are left as they are (``madoguchi kb check`` reports them) so a mistake is visible."""
    for _where, paragraph in iter_paragraphs(document):
        texts = paragraph_texts(paragraph)
        joined = "".join(t.text or "" for t in texts)
        if "{{" not in joined:
            continue
        starts, position = [], 0
        for text in texts:
            starts.append(position)
            position += len(text.text or "")
        # Last match first: earlier offsets stay valid while later text changes length.
        for match in reversed(list(PLACEHOLDER_RE.finditer(joined))):
            name = match.group(1).strip()
            if name in values:
                _replace_span(texts, starts, match.start(), match.end(), values[name])
        for text in texts:
            _expand_breaks(text)

