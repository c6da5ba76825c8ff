"""Page set-up and fonts, so Japanese text comes out right in Word and in LibreOffice.

Word picks the East Asian font from ``w:rFonts/@w:eastAsia`` and only uses it for characters it
classifies as East Asian; the ``w:lang/@w:eastAsia="ja-JP"`` declaration makes it (and LibreOffice)
treat ambiguous characters such as ・ and （） as Japanese. MS Mincho is the standard Japanese form font
on Windows. Where it is missing (Linux, LibreOffice) the document defaults name Noto Serif CJK JP, and
the font table describes MS Mincho (Shift-JIS charset, roman family, panose) so Word and LibreOffice
substitute a Japanese serif (Mincho) font rather than a Latin or Gothic one.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

MINCHO = "MS Mincho"
MINCHO_JA = "ＭＳ 明朝"
FALLBACK = "Noto Serif CJK JP"
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
HINT_COLOR = RGBColor(0x55, 0x55, 0x55)


def _set_fonts(rpr: etree._Element, east_asia: str, latin: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in _THEME_ATTRS:  # a theme font attribute would override the explicit name
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "ja-JP")
    lang.set(qn("w:eastAsia"), "ja-JP")


def _describe_mincho(document: DocxDocument) -> None:
    """Add MS Mincho to the font table so a missing font is replaced by a Japanese serif one."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            root = etree.fromstring(part.blob)
            if root.find(f"{qn('w:font')}[@{qn('w:name')}='{MINCHO}']") is None:
                font = etree.SubElement(root, qn("w:font"), {qn("w:name"): MINCHO})
                for tag, value in (("w:altName", MINCHO_JA), ("w:panose1", "02020609040205080304"),
                                   ("w:charset", "80"), ("w:family", "roman"), ("w:pitch", "fixed")):
                    etree.SubElement(font, qn(tag), {qn("w:val"): value})
                # python-docx loads the font table as a plain Part holding bytes; replace them.
                part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            return


def has_east_asian_font(document: DocxDocument) -> bool:
    """True if the Normal style already names an East Asian font (an organisation's own template)."""
    if "Normal" not in document.styles:
        return False
    fonts = document.styles["Normal"].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    return fonts is not None and bool(fonts.get(qn("w:eastAsia")))


def apply_japanese_fonts(document: DocxDocument) -> None:
    """Declare MS Mincho for the Normal style, Noto Serif CJK JP in the document defaults."""
    styles = document.styles.element
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if defaults is not None:
        _set_fonts(defaults, FALLBACK, FALLBACK)
    normal = document.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), MINCHO, MINCHO)
    normal.font.size = Pt(10.5)
    _describe_mincho(document)


def setup_page(document: DocxDocument) -> None:
    """A4 portrait with comfortable margins; tight paragraph spacing like a printed form."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(15)
        section.left_margin = section.right_margin = Mm(20)
    fmt = document.styles["Normal"].paragraph_format
    fmt.space_after = Pt(2)
    fmt.line_spacing = 1.05


def add_text(paragraph: Paragraph, text: str, *, size: float | None = None, bold: bool = False,
             underline: bool = False, hint: bool = False) -> None:
    """Append a run; ``hint`` prints it small and grey (the English hints under Japanese labels)."""
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.underline = underline or None
    if size:
        run.font.size = Pt(size)
    if hint:
        run.font.size = Pt(7.5)
        run.font.color.rgb = HINT_COLOR


def add_paragraph(container: object, text: str = "", *, align: str | None = None, size: float | None = None,
                  bold: bool = False, space_before: float | None = None) -> Paragraph:
    """A paragraph in a document or table cell; ``align`` is "center" or "right"."""
    paragraph: Paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    if text:
        add_text(paragraph, text, size=size, bold=bold)
    if align:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if align == "center" else WD_ALIGN_PARAGRAPH.RIGHT
    if space_before is not None:
        paragraph.paragraph_format.space_before = Pt(space_before)
    return paragraph


BLANK_LINE = "　" * 18  # full-width spaces, underlined: room to write by hand
