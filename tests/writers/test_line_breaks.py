"""Header columns and centred lines (issue 10, items 2 and 3), read back from the DOCX and the PDF.

The agency keeps 5 mm clear of the quốc hiệu's column and a People's Committee breaks after its level
noun; the subject, the agency and the signer's title are set in balanced lines that keep Vietnamese
words whole and leave no lone last syllable; the PDF prints exactly the DOCX's lines.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from notices import layout as L
from notices import wordbreak
from notices.records import load_record
from notices.render import render_record
from tests.support import Docx, para_text

RECORDS = Path(__file__).parents[1] / "check" / "records"
HOAI_HAI = RECORDS / "xa-hoai-hai-tieu-de-dai.yaml"
COMMUNES = ("Hoài Hải", "An Bình", "Gia Tân", "Ia Pa")


def _commune(tmp_path: Path, name: str, extra: str = "") -> Path:
    text = HOAI_HAI.read_text(encoding="utf-8").replace("Ủy ban nhân dân xã Hoài Hải", f"Ủy ban nhân dân xã {name}")
    text = text.replace("  unit: VP\n", f"  unit: VP\n{extra}")
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _agency_paragraph(doc: Docx) -> str:
    return next(t for t in map(para_text, doc.paragraphs()) if t.startswith(("ỦY BAN", "UBND", "VĂN PHÒNG", "SỞ")))


def _pdf_head_rows(path: Path) -> list[tuple[str, float, float]]:
    """(text, x0, x1) of the rows of page 1's left head column: above 'Số:'."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        number = next(w for w in page.extract_words() if w["text"] == "Số:")
        chars = [c for c in page.chars if c["top"] < number["top"] - 2 and c["x0"] < 100 * L.MM and c["text"].strip()]
    rows: dict[int, list] = {}
    for c in chars:
        rows.setdefault(round(c["bottom"]), []).append(c)
    out = []
    for _, cs in sorted(rows.items()):
        cs.sort(key=lambda c: c["x0"])
        text = "".join(c["text"] if i == 0 or c["x0"] - cs[i - 1]["x1"] < 1 else " " + c["text"]
                       for i, c in enumerate(cs))
        out.append((text, cs[0]["x0"], cs[-1]["x1"]))
    return out


@pytest.mark.parametrize("name", COMMUNES)
def test_short_commune_names_break_after_the_level_noun_and_keep_clear(tmp_path, name):
    outcome = render_record(load_record(_commune(tmp_path, name)), tmp_path / "out", only=("notice",))
    docx = outcome.folder / "thong-bao.docx"
    assert _agency_paragraph(Docx.open(docx)).split("\n") == ["ỦY BAN NHÂN DÂN", f"XÃ {name.upper()}"]
    rows = _pdf_head_rows(docx.with_suffix(".pdf"))
    assert [t for t, *_ in rows] == ["ỦY BAN NHÂN DÂN", f"XÃ {name.upper()}"]
    column_end = (L.MARGIN_LEFT_MM + L.HEADER_LEFT_MM) * L.MM
    assert all(x1 <= column_end - 5 * L.MM for _, _, x1 in rows), rows


def test_a_long_agency_name_keeps_5_mm_clear(tmp_path):
    path = _commune(tmp_path, "Hoài Hải")
    text = path.read_text(encoding="utf-8").replace(
        "name: Ủy ban nhân dân xã Hoài Hải", "name: Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện Krông Bông")
    path.write_text(text, encoding="utf-8")
    outcome = render_record(load_record(path), tmp_path / "out", only=("notice",))
    rows = _pdf_head_rows(outcome.folder / "thong-bao.pdf")
    assert len(rows) >= 2
    column_start, column_end = L.MARGIN_LEFT_MM * L.MM, (L.MARGIN_LEFT_MM + L.HEADER_LEFT_MM) * L.MM
    assert all(x0 >= column_start + 5 * L.MM and x1 <= column_end - 5 * L.MM for _, x0, x1 in rows), rows


def test_the_office_s_own_header_lines_are_kept(tmp_path):
    extra = "  header: [Ủy ban nhân dân xã, Hoài Hải]\n"
    outcome = render_record(load_record(_commune(tmp_path, "Hoài Hải", extra)), tmp_path / "out", only=("notice",))
    assert _agency_paragraph(Docx.open(outcome.folder / "thong-bao.docx")).split("\n") == ["ỦY BAN NHÂN DÂN XÃ",
                                                                                           "HOÀI HẢI"]
    assert [t for t, *_ in _pdf_head_rows(outcome.folder / "thong-bao.pdf")] == ["ỦY BAN NHÂN DÂN XÃ", "HOÀI HẢI"]


def _broken_words(lines: list[str]) -> int:
    """How many line ends fall inside a Vietnamese word."""
    words = " ".join(lines).split(" ")
    inside = wordbreak.inside_word(words)
    ends, count = set(), 0
    for line in lines[:-1]:
        count += len(line.split(" "))
        ends.add(count)
    return len(ends & inside)


def _pdf_lines_of(path: Path, first: str, last: str) -> list[str]:
    """The printed rows from the one starting with ``first`` to the one ending with ``last``."""
    with pdfplumber.open(path) as pdf:
        text = pdf.pages[0].extract_text() or ""
    rows = [r.strip() for r in text.splitlines()]
    start = next(i for i, r in enumerate(rows) if r.startswith(first))
    end = next(i for i in range(start, len(rows)) if rows[i].endswith(last))
    return rows[start : end + 1]


def test_subject_and_signer_title_keep_words_whole_in_docx_and_pdf(tmp_path):
    outcome = render_record(load_record(HOAI_HAI), tmp_path, only=("notice",))
    doc = Docx.open(outcome.folder / "thong-bao.docx")
    texts = [para_text(p) for p in doc.paragraphs()]
    subject = texts[texts.index("THÔNG BÁO") + 1].split("\n")
    record = load_record(HOAI_HAI).record
    assert " ".join(subject) == record.documents.notice.subject
    assert len(subject) == 2 and _broken_words(subject) == 0
    assert len(subject[-1].split(" ")) > 1  # no lone "2023"
    widths = [L.balanced_lines(line, L.Style(L.SIZE_SUBJECT, bold=True), L.TEXT_WIDTH) for line in subject]
    assert all(w == [line] for w, line in zip(widths, subject, strict=True))  # each line fits as it is
    title = next(t for t in texts if t.startswith("PHÓ CHỦ TỊCH")).split("\n")
    assert title == ["PHÓ CHỦ TỊCH KIÊM CHỦ NHIỆM", "ỦY BAN KIỂM TRA ĐẢNG ỦY XÃ"] and _broken_words(title) == 0
    pdf = outcome.folder / "thong-bao.pdf"
    assert _pdf_lines_of(pdf, subject[0][:20], subject[-1][-12:]) == subject  # the same lines in the PDF


def test_balanced_lines_prefer_whole_words_then_no_lone_syllable():
    style = L.Style(14, bold=True)
    from notices.fonts import text_width

    words = "CHỦ NHIỆM ỦY BAN KIỂM TRA HUYỆN ỦY".split(" ")

    narrow = text_width("CHỦ NHIỆM ỦY BAN KIỂM", 14, True) + L.LINE_SLACK + 1  # greedy would cut "KIỂM / TRA"
    lines = L.balanced_lines(" ".join(words), style, narrow)
    assert _broken_words(lines) == 0 and len(lines) == 2, lines
    subject = "Kết luận của Chủ tịch UBND huyện tại Hội nghị tổng kết công tác cải cách hành chính năm 2023"
    lines = L.balanced_lines(subject, L.Style(14, bold=True), text_width(subject, 14, True) - 20)
    assert len(lines) == 2 and len(lines[-1].split(" ")) > 2 and _broken_words(lines) == 0, lines


def test_the_pdf_never_breaks_a_slashed_word(tmp_path):
    """'đ/c' and 'V/v' stay whole in the PDF, as a word processor keeps them, wherever a line ends."""
    from notices.model import Document, Paragraph
    from notices.writers import pdf

    blocks = tuple(Paragraph("Hội nghị " + "có " * k + "sự tham dự của đ/c Nguyễn Văn An, đ/c Lê Thị Bình, đ/c Trần "
                             "Văn Cường, đ/c Phạm Thị Dung và V/v triển khai, đ/c Hoàng Văn Em.") for k in range(24))
    path = tmp_path / "slash.pdf"
    pdf.write(Document(kind="notice", name="slash", title="Thử", blocks=blocks), path)
    with pdfplumber.open(path) as document:
        rows = [row.strip() for page in document.pages for row in (page.extract_text() or "").splitlines()]
    assert sum(row.count("đ/c") for row in rows) == 24 * 5
    assert not [row for row in rows if row.endswith(("đ/", "V/")) or row.startswith(("c ", "v "))]


def test_a_word_wider_than_the_column_stands_alone_and_the_rest_stays_balanced():
    long = "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html?tinh=52&huyen=540"
    lines = L.balanced_lines(f"Hướng dẫn nộp hồ sơ trực tuyến tại {long} cho người dân", L.Style(14, bold=True), 250)
    assert long in lines and len(lines) <= 4, lines
    assert " ".join(lines) == f"Hướng dẫn nộp hồ sơ trực tuyến tại {long} cho người dân"
