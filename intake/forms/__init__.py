"""Request forms as Word documents: pre-filled from a ticket, or blank for people who do not use the chat.

``form_data(kb, ticket)`` takes a snapshot inside the transaction; ``render(data, data_dir)`` builds the
.docx bytes afterwards. The default layout is built in code; a form with ``template:`` in
``requests.yaml`` uses the organisation's own .docx instead (placeholders filled, see
``knowledge.form_templates``). Agent requests (and blank forms) get a power-of-attorney page appended.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from docx import Document

from intake.forms.attorney import build_power_of_attorney
from intake.forms.fields import FormData, blank, from_ticket
from intake.forms.fill import fill_template
from intake.forms.labels import load_labels
from intake.forms.layout import build_request_page
from intake.forms.styles import apply_japanese_fonts, has_east_asian_font, setup_page
from intake.models import Ticket
from knowledge.form_templates import open_template, template_path
from knowledge.loader import DEFAULT_DATA_DIR
from knowledge.models import KnowledgeBase

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

__all__ = ["DOCX_MEDIA_TYPE", "FormData", "blank_form", "download_name", "form_data", "render"]


def form_data(kb: KnowledgeBase, ticket: Ticket, *, timezone: str = "Asia/Tokyo",
              data_dir: Path | None = None) -> FormData:
    """Snapshot of what a ticket's form shows (call inside the transaction that loaded the ticket).
    ``data_dir`` is the knowledge data directory (its ``forms/labels.yaml``); None for the bundled one."""
    return from_ticket(kb, ticket, load_labels(data_dir), timezone=timezone)


def render(data: FormData, data_dir: Path | None = None) -> bytes:
    """The .docx bytes of a form: the organisation's template if the form has one, else the default."""
    if data.template:
        path = template_path(Path(data_dir or DEFAULT_DATA_DIR), data.template)
        if path is None or not path.is_file():
            raise FileNotFoundError(f"form template {data.template!r} not found (run `madoguchi kb check`)")
        document = open_template(path)
        fill_template(document, data.placeholders())
        if "Normal" in document.styles and not has_east_asian_font(document):
            apply_japanese_fonts(document)
    else:
        document = Document()
        setup_page(document)
        apply_japanese_fonts(document)
        build_request_page(document, data)
    if data.needs_power_of_attorney:
        build_power_of_attorney(document, data)
    props = document.core_properties  # the form and the organisation only: never personal data
    props.title, props.author, props.last_modified_by = data.title, data.organization, data.organization
    props.comments = props.subject = props.keywords = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def blank_form(kb: KnowledgeBase, form_key: str, data_dir: Path | None = None) -> bytes:
    """The blank form (KeyError for an unknown form key)."""
    return render(blank(kb, form_key, load_labels(data_dir)), data_dir)


def download_name(stem: str) -> str:
    """An ASCII file name such as ``REQ-2026-000123.docx`` (safe in a Content-Disposition header)."""
    return (re.sub(r"[^A-Za-z0-9._-]", "_", stem)[:60] or "form") + ".docx"
