"""Read a rendered document of the meeting pack back as text: DOCX paragraphs and the PDF's text."""

from __future__ import annotations

from pathlib import Path

from tests.layout_checks import pdf_text, squash
from tests.support import Docx, docx_text


def assert_verbatim(folder: Path, stem: str, facts: list[str]) -> None:
    """Every fact appears exactly, in the DOCX text and in the PDF text (whitespace aside: lines break)."""
    docx = docx_text(Docx.open(folder / f"{stem}.docx")).replace("\n", " ")
    pdf = pdf_text(folder / f"{stem}.pdf")
    missing_docx = [f for f in facts if f not in docx]
    missing_pdf = [f for f in facts if squash(f) not in pdf]
    assert not missing_docx and not missing_pdf, (missing_docx, missing_pdf)


def paragraphs(folder: Path, stem: str) -> list[str]:
    from tests.support import para_text

    doc = Docx.open(folder / f"{stem}.docx")
    return [para_text(p) for p in doc.paragraphs()]
