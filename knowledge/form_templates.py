"""Organisation-supplied request form templates (.docx) and their placeholders.

A form in ``requests.yaml`` may name a Word template (``template: forms/disclosure.docx``, relative to
the data directory). Its text uses ``{{placeholder}}`` fields that Madoguchi fills per ticket. Word
splits typed text into several runs (spell-check marks, edits, formatting), so a placeholder is
searched for in the joined text of each paragraph, never run by run.

``check_form_templates`` is part of ``madoguchi kb check``: every template must exist inside the data
directory, be a readable .docx and use only placeholders from :data:`KNOWN_PLACEHOLDERS`.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from knowledge.models import KnowledgeBase

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from knowledge.loader import Problem

# Every field a template may use, with what it is filled with (shown by ``kb check`` on a typo).
KNOWN_PLACEHOLDERS: dict[str, str] = {
    "title": "form name (Japanese), as in requests.yaml",
    "title_en": "form name (English)",
    "organization": "the organisation's name",
    "office": "the office that handles requests",
    "org_address": "the organisation's postal address block",
    "policy_title": "title of the privacy policy",
    "date": "date of the request (YYYY年M月D日)",
    "reference": "reference number, e.g. REQ-2026-000123",
    "kind": "the request kind ticked",
    "kind_checkboxes": "☑/☐ line per request kind this form covers",
    "requester": "本人 or 代理人",
    "requester_checkboxes": "☑/☐ 本人 / 代理人",
    "name": "the person's name",
    "affiliation": "the person's organisation (optional)",
    "email": "reply e-mail address",
    "postal_address": "reply postal address",
    "reply_address": "e-mail and/or postal address to reply to",
    "agent_name": "the agent's name (agent requests only)",
    "details": "which data the request is about",
    "enclosures": "□ line per enclosure on the ticket's checklist",
    "fee": "the fee (stamps) line, or that there is no fee",
}

PLACEHOLDER_RE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_PARAGRAPH = qn("w:p")
_TEXT = qn("w:t")


def story_roots(document: DocxDocument) -> Iterator[etree._Element]:
    """The XML roots holding text: the body, then every header and footer part."""
    yield document.element
    seen: set[int] = set()
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
            continue
        part = rel.target_part
        if id(part) not in seen:
            seen.add(id(part))
            yield part.element  # type: ignore[attr-defined]


def _owning_paragraph(element: etree._Element) -> etree._Element | None:
    node = element.getparent()
    while node is not None and node.tag != _PARAGRAPH:
        node = node.getparent()
    return node


def paragraph_texts(paragraph: etree._Element) -> list[etree._Element]:
    """The ``w:t`` elements of one paragraph in order, including hyperlinks and fields, excluding the
    paragraphs of text boxes anchored in it (those are paragraphs of their own)."""
    return [t for t in paragraph.iter(_TEXT) if _owning_paragraph(t) is paragraph]


def iter_paragraphs(document: DocxDocument) -> Iterator[tuple[str, etree._Element]]:
    """(where, paragraph) for every paragraph: body, tables, text boxes, headers and footers."""
    for index, root in enumerate(story_roots(document)):
        where = "document" if index == 0 else "header/footer"
        for paragraph in root.iter(_PARAGRAPH):
            yield where, paragraph


def joined_text(paragraph: etree._Element) -> str:
    """The paragraph's text with its runs merged, so a placeholder split across runs is whole."""
    return "".join(t.text or "" for t in paragraph_texts(paragraph))


def template_placeholders(document: DocxDocument) -> list[tuple[str, str]]:
    """(where, raw inner text) of every ``{{...}}`` in the document, plus ``(where, "{{")`` for an
    opening brace pair that is never closed."""
    found: list[tuple[str, str]] = []
    for where, paragraph in iter_paragraphs(document):
        text = joined_text(paragraph)
        found.extend((where, match.group(1)) for match in PLACEHOLDER_RE.finditer(text))
        if "{{" in PLACEHOLDER_RE.sub("", text):
            found.append((where, "{{"))
    return found


def template_path(data_dir: Path, template: str) -> Path | None:
    """The template's path if it stays inside the data directory, else None."""
    root = data_dir.resolve()
    path = (root / template).resolve()
    return path if path.is_relative_to(root) else None


def open_template(path: Path) -> DocxDocument:
    """Open a .docx template; raises ValueError with a readable reason if it is not one."""
    try:
        return Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise ValueError(f"not a readable .docx file ({type(exc).__name__})") from exc
    except ValueError as exc:  # python-docx: "file ... is not a Word file, content type is ..."
        raise ValueError(f"not a Word .docx document: {exc}") from exc


def check_form_templates(kb: KnowledgeBase, data_dir: Path) -> list[Problem]:
    """Problems with the forms' templates: missing or unreadable files, unknown placeholders."""
    from knowledge.loader import Problem  # loader imports this module lazily; avoid a cycle

    problems: list[Problem] = []
    known = ", ".join(sorted(KNOWN_PLACEHOLDERS))
    for form in kb.requests.forms:
        if not form.template:
            continue

        def problem(message: str, form_key: str = form.key) -> None:
            problems.append(Problem("requests.yaml", f"forms > {form_key}", "template", message))

        path = template_path(data_dir, form.template)
        if path is None:
            problem(f"{form.template}: must be a file inside the knowledge data directory")
            continue
        if not path.is_file():
            problem(f"{form.template}: template file not found")
            continue
        try:
            document = open_template(path)
        except ValueError as exc:
            problem(f"{form.template}: {exc}")
            continue
        for where, inner in template_placeholders(document):
            if inner == "{{":
                problem(f"{form.template} ({where}): '{{{{' is never closed with '}}}}'")
            elif inner.strip() not in KNOWN_PLACEHOLDERS:
                problem(f"{form.template} ({where}): unknown placeholder {{{{{inner.strip()}}}}}; known: {known}")
    return problems
