"""Báo cáo tables (issue 10, item 6): the last rows and the caption stay with their table, cells are padded.

A ward's report is rendered with 8 to 13 table rows ending in "Tổng cộng", so that the table crosses
the page end at every row; the PDF is read back page by page, the DOCX through its XML.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from notices import layout as L
from notices.records import load_record
from notices.render import render_record
from tests.support import Docx, para_text, q

SOURCE = Path(__file__).parents[1] / "check" / "records" / "phuong-bao-cao-quy-iv.yaml"
SIZES = range(8, 14)


def _record(folder: Path, rows: int) -> Path:
    body = "".join(f"        - [Lĩnh vực số {i}, {100 + i}, {90 + i}, {80 + i}, {i}]\n" for i in range(1, rows))
    body += "        - [Tổng cộng, 9999, 9990, 9980, 10]\n"
    text = re.sub(r"      rows:\n(        - .*\n)+", "      rows:\n" + body, SOURCE.read_text(encoding="utf-8"))
    path = folder / f"bang-{rows:02d}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[int, Path]:
    out = tmp_path_factory.mktemp("tables")
    found = {}
    for rows in SIZES:
        outcome = render_record(load_record(_record(out, rows)), out, formats=("docx", "pdf"))
        found[rows] = outcome.folder / "bao-cao"
    return found


def _pages(pdf_path: Path) -> list[str]:
    with pdfplumber.open(pdf_path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_the_total_row_never_stands_alone(reports):
    split = 0
    for rows, stem in reports.items():
        pages = _pages(stem.with_suffix(".pdf"))
        first = next(i for i, text in enumerate(pages) if "Lĩnh vực số 1 " in text)
        last = next(i for i, text in enumerate(pages) if "Tổng cộng" in text)
        if first == last:
            continue
        split += 1
        assert re.search(r"Lĩnh vực số \d+", pages[last]), (rows, "Tổng cộng alone on its page")
        caption_page = next(i for i, text in enumerate(pages) if "Kết quả tiếp nhận, giải quyết hồ sơ" in text)
        assert caption_page == first and "Lĩnh vực số 2 " in pages[first], rows  # caption, header, two rows
    assert split >= 3  # the sizes do cross the page end


def test_docx_rows_keep_with_the_next_and_cells_are_padded(reports):
    doc = Docx.open(reports[10].with_suffix(".docx"))
    table = next(t for t in doc.body.iter(q("tbl")) if "Tổng cộng" in "".join(t.itertext()))
    rows = table.findall(q("tr"))
    assert len(rows) == 11
    kept = [i for i, row in enumerate(rows) if row.find(f".//{q('keepNext')}") is not None]
    assert kept == [0, 1, len(rows) - 2]
    caption = table.getprevious()
    assert "Kết quả tiếp nhận" in para_text(caption) and caption.find(f".//{q('keepNext')}") is not None
    margins = table.find(f"{q('tblPr')}/{q('tblCellMar')}")
    for side in ("left", "right"):
        twips = int(margins.find(q(side)).get(q("w")))
        assert twips == round(2 * L.MM * 20)  # 2 mm
    spacing = rows[3].find(f".//{q('spacing')}")
    assert int(spacing.get(q("before"))) == int(spacing.get(q("after"))) == round(L.MM * 20)  # 1 mm


def test_pdf_cells_are_padded(tmp_path):
    """The text of a left-aligned cell starts 2 mm inside the cell's left border."""
    outcome = render_record(load_record(SOURCE), tmp_path, formats=("pdf",))
    with pdfplumber.open(outcome.folder / "bao-cao.pdf") as pdf:
        page = next(p for p in pdf.pages if "Thương binh" in (p.extract_text() or ""))
        words = page.extract_words()
        cell = next(w for w, nxt in zip(words, words[1:], strict=False) if (w["text"], nxt["text"]) == ("Lao", "động"))
        edges = {round(e["x0"], 2) for e in page.edges if e["orientation"] == "v" and e["top"] <= cell["top"] <= e["bottom"]}
    left_border = max(x for x in edges if x <= cell["x0"])
    assert cell["x0"] - left_border == pytest.approx(2 * L.MM, abs=0.6)
