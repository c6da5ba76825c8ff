"""A filled form opened by LibreOffice: Japanese renders with a CJK font and the form fits its pages.

Needs the Debian packages libreoffice-writer-nogui (soffice), poppler-utils (pdftotext, pdftoppm,
pdffonts) and fonts-noto-cjk. Missing tools fail the test (CI installs them), they never skip it.
The first page is kept as test-artifacts/filled-form-page1.png for people to look at.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from intake.forms import form_data, render
from intake.tickets import get_by_reference

TOOLS = {"soffice": "libreoffice-writer-nogui", "pdftotext": "poppler-utils", "pdftoppm": "poppler-utils",
         "pdffonts": "poppler-utils", "pdfinfo": "poppler-utils"}


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: install the Debian package {TOOLS[name]} (CI installs it)")
    return path


def run(*args: str, timeout: float = 60) -> str:
    result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"{args[0]} failed: {result.stderr[-2000:]}"
    return result.stdout


def ink_ratio(pdf: Path, out: Path) -> float:
    """Share of dark pixels on page 1 (rendered as an uncompressed grey PGM); 0 for a blank page."""
    run(tool("pdftoppm"), "-gray", "-r", "40", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out))
    data = out.with_suffix(".pgm").read_bytes()
    magic, width, height, maxval, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and maxval == b"255"
    pixels = pixels[: int(width) * int(height)]
    return sum(1 for value in pixels if value < 160) / len(pixels)


def png_size(png: Path) -> tuple[int, int]:
    return struct.unpack(">II", png.read_bytes()[16:24])


def test_libreoffice_renders_the_japanese_form(ctx, open_ticket, tmp_path, artifacts_dir):
    soffice = tool("soffice")
    reference, _code = open_ticket("disclosure", "agent")
    with ctx.transaction() as session:
        data = form_data(ctx.kb, get_by_reference(session, reference))
    docx = tmp_path / f"{reference}.docx"
    docx.write_bytes(render(data))

    # A throw-away profile, so parallel runs and a developer's own LibreOffice never interfere.
    profile = (tmp_path / "lo-profile").as_uri()
    run(soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
        str(docx), timeout=240)
    pdf = tmp_path / f"{reference}.pdf"
    assert pdf.exists(), "LibreOffice produced no PDF"

    text = run(tool("pdftotext"), "-layout", str(pdf), "-")
    title = ctx.kb.requests.form("disclosure_form").name_ja
    assert title in text and reference in text and "委任状" in text
    assert "CJK" in run(tool("pdffonts"), str(pdf))  # a Japanese font was embedded, not tofu boxes
    pages = next(line for line in run(tool("pdfinfo"), str(pdf)).splitlines() if line.startswith("Pages:"))
    assert pages.split()[-1] == "2"  # the request form on one page, the 委任状 on the next

    png_stem = artifacts_dir / "filled-form-page1"
    run(tool("pdftoppm"), "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png_stem))
    png = png_stem.with_suffix(".png")
    shutil.copy(pdf, artifacts_dir / "filled-form.pdf")
    assert png.exists() and png.stat().st_size > 20_000
    width, height = png_size(png)
    assert (width, height) == pytest.approx((661, 935), abs=3)  # A4 portrait at 80 dpi
    assert 0.01 < ink_ratio(pdf, tmp_path / "page1") < 0.5  # text and table lines, not blank or black
