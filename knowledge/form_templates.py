"""Organisation-supplied request form templates (.docx) and their placeholders; the forms' wording.

A form in ``requests.yaml`` may name a Word template (``template: forms/disclosure.docx``, relative to
the data directory). Its text uses ``{{placeholder}}`` fields that Madoguchi fills per ticket. Word
splits typed text into several runs (spell-check marks, edits, formatting), so a placeholder is
searched for in the joined text of each paragraph, never run by run.

``check_form_templates`` is part of ``madoguchi kb check``: every template must exist inside the data
directory, be a readable .docx and use only placeholders from :data:`KNOWN_PLACEHOLDERS`.
"""

from __future__ import annotations

import re
import string
import zipfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from knowledge.loader import DEFAULT_DATA_DIR, Problem
from knowledge.models import KnowledgeBase

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from lxml import etree

# python-docx and lxml are imported only where a .docx is opened: `kb check` and every process that
# loads the knowledge base import this module, and most data directories have no template.

# The wording printed around the fields (labels, the power-of-attorney page), relative to a data directory.
FORM_LABELS = "forms/labels.yaml"

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
    "fee": "the checklist line with the fee, or that there is no fee",
}

PLACEHOLDER_RE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH, _TEXT = _W + "p", _W + "t"


def story_roots(document: DocxDocument) -> Iterator[etree._Element]:
    """The XML roots holding text: the body, then every header and footer part."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

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
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        return Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise ValueError(f"not a readable .docx file ({type(exc).__name__})") from exc
    except ValueError as exc:  # python-docx: "file ... is not a Word file, content type is ..."
        raise ValueError(f"not a Word .docx document: {exc}") from exc


def check_form_templates(kb: KnowledgeBase, data_dir: Path) -> list[Problem]:
    """Problems with the forms' templates: missing or unreadable files, unknown placeholders."""
    problems = check_form_labels(data_dir)
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


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _read_labels(path: Path, allowed: dict[str, tuple[str, str]] | None) -> dict[str, tuple[str, str]]:
    """Parse a labels file; with ``allowed`` (the bundled labels), keys and ``{fields}`` must be known."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ValueError(f"not valid UTF-8 YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ValueError("expected a mapping of label keys to {ja: ..., en: ...}")
    labels: dict[str, tuple[str, str]] = {}
    for key, value in raw.items():
        if not (isinstance(value, dict) and set(value) == {"ja", "en"}
                and all(isinstance(v, str) for v in value.values())):
            raise ValueError(f"{key}: expected {{ja: text, en: text}}")
        if allowed is not None:
            if key not in allowed:
                raise ValueError(f"unknown label {key!r}; known: {', '.join(sorted(allowed))}")
            extra = (_fields(value["ja"]) | _fields(value["en"])) - _fields(" ".join(allowed[key]))
            if extra:
                raise ValueError(f"{key}: unknown field(s) {sorted(extra)} in the text")
        labels[str(key)] = (value["ja"], value["en"])
    return labels


@lru_cache(maxsize=8)
def _form_labels(override: str | None) -> dict[str, tuple[str, str]]:
    labels = _read_labels(DEFAULT_DATA_DIR / FORM_LABELS, None)
    if override:
        labels = {**labels, **_read_labels(Path(override), labels)}
    return labels


def form_labels(data_dir: Path | None = None) -> dict[str, tuple[str, str]]:
    """The forms' wording: the bundled labels, with a data directory's own ``forms/labels.yaml`` on top.
    Raises ValueError for a broken file (``kb check`` reports it first)."""
    if data_dir is None:
        return _form_labels(None)
    path = Path(data_dir) / FORM_LABELS
    bundled = (DEFAULT_DATA_DIR / FORM_LABELS).resolve()
    return _form_labels(str(path) if path.is_file() and path.resolve() != bundled else None)


def check_form_labels(data_dir: Path) -> list[Problem]:
    """Problems with the data directory's ``forms/labels.yaml``, if it has one."""
    try:
        form_labels(data_dir)
    except ValueError as exc:
        return [Problem(FORM_LABELS, "", "", str(exc))]
    return []
