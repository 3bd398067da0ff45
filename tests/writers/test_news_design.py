"""The news post has ONE article design in DOCX and PDF (issue 10, item 5), read back from both files.

Title, body and caption sizes and line pitches equal; the photo inside the text width with no wrap
distances (LibreOffice adds 1/8 inch each side when they are missing); the byline kept with the last
paragraph. LibreOffice's own rendering of these DOCX is compared in tests/wordprocessor.
"""

from __future__ import annotations

import statistics
from pathlib import Path

import pdfplumber
import pytest

from notices import layout as L
from notices.records import load_record
from notices.render import render_record
from tests.conftest import EXAMPLES
from tests.support import Docx, para_text, q

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
RECORDS = ("mo-duc-bao-cao-cchc-2022", "phu-tai-cchc-2022", "xa-cchc-6-thang-2024")


@pytest.fixture(scope="module")
def news(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("news-design")
    for name in RECORDS:
        render_record(load_record(EXAMPLES / f"{name}.yaml"), out, only=("news",), formats=("docx", "pdf"))
    return out


def _size_and_line(p) -> tuple[float, float]:
    run = next(r for r in p.iter(q("r")) if r.find(q("t")) is not None)
    size = int(run.find(f"{q('rPr')}/{q('sz')}").get(q("val"))) / 2
    spacing = p.find(f"{q('pPr')}/{q('spacing')}")
    assert spacing.get(q("lineRule")) == "exact"
    return size, int(spacing.get(q("line"))) / 20


def _pdf_rows(path: Path) -> list[tuple[float, float, str]]:
    """(size, baseline, text) of each printed row of page 1."""
    with pdfplumber.open(path) as pdf:
        rows: dict[float, list] = {}
        for ch in pdf.pages[0].chars:
            rows.setdefault(round(ch["bottom"], 1), []).append(ch)
    return [(max(c["size"] for c in cs), b, "".join(c["text"] for c in sorted(cs, key=lambda c: c["x0"])))
            for b, cs in sorted(rows.items())]


@pytest.mark.parametrize("name", RECORDS)
def test_title_and_body_are_set_alike_in_docx_and_pdf(news, name):
    doc = Docx.open(news / name / "tin-bai.docx")
    paragraphs = [p for p in doc.paragraphs() if para_text(p)]
    title, lead, body = paragraphs[0], paragraphs[1], paragraphs[2]
    assert _size_and_line(title) == L.ARTICLE_TITLE
    assert _size_and_line(lead) == _size_and_line(body) == L.ARTICLE_BODY
    rows = _pdf_rows(news / name / "tin-bai.pdf")
    assert rows[0][0] == pytest.approx(L.ARTICLE_TITLE[0], abs=0.05)
    body_rows = [b for size, b, _ in rows if abs(size - L.ARTICLE_BODY[0]) < 0.05]
    pitches = [b - a for a, b in zip(body_rows, body_rows[1:], strict=False) if b - a < 1.5 * L.ARTICLE_BODY[1]]
    assert statistics.median(pitches) == pytest.approx(L.ARTICLE_BODY[1], abs=0.1)


@pytest.mark.parametrize("name", ["xa-cchc-6-thang-2024"])  # the example with a photo
def test_photos_sit_inside_the_text_width(news, name):
    doc = Docx.open(news / name / "tin-bai.docx")
    inlines = doc.body.findall(f".//{WP}inline")
    assert inlines
    width_emu = L.ARTICLE_TEXT_WIDTH_MM * 36000
    for inline in inlines:
        assert {inline.get(side) for side in ("distT", "distB", "distL", "distR")} == {"0"}
        assert int(inline.find(f"{WP}extent").get("cx")) <= width_emu + 360
    with pdfplumber.open(news / name / "tin-bai.pdf") as pdf:
        images = [im for page in pdf.pages for im in page.images]
    left, right = L.ARTICLE_MARGIN_MM * L.MM, (L.PAGE_WIDTH_MM - L.ARTICLE_MARGIN_MM) * L.MM
    assert images and all(im["x0"] >= left - 0.5 and im["x1"] <= right + 0.5 for im in images)


@pytest.mark.parametrize("name", RECORDS)
def test_the_byline_stays_with_the_last_paragraph(news, name):
    doc = Docx.open(news / name / "tin-bai.docx")
    paragraphs = [p for p in doc.paragraphs() if para_text(p)]
    right = [i for i, p in enumerate(paragraphs) if p.find(f"{q('pPr')}/{q('jc')}").get(q("val")) == "right"]
    assert right, "a byline"
    byline = right[0]
    keep = paragraphs[byline - 1].find(f"{q('pPr')}/{q('keepNext')}")
    assert keep is not None, para_text(paragraphs[byline - 1])
