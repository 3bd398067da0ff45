"""The Công văn, the Kế hoạch and the Tờ trình that follow a meeting (data/examples/ea-sup-sau-hoi-nghi-2024):
each rule of their Decree 30 layout read back from the DOCX XML and from the PDF (pdfplumber); every new
document passes ``notices check``; all three come from the record's one list of conclusions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notices.check import check
from notices.fonts import text_width
from notices.records import load_record
from tests import layout_checks as lc
from tests.conftest import EXAMPLES
from tests.support import Docx, alignment, para_text, ppr_value, q

RECORD = "ea-sup-sau-hoi-nghi-2024"
PT = 1 / 20


@pytest.fixture(scope="module")
def folder(rendered: Path) -> Path:
    return rendered / RECORD


@pytest.fixture(scope="module")
def record():
    return load_record(EXAMPLES / f"{RECORD}.yaml").record


def _style(p) -> set[tuple[float, bool, bool]]:
    return lc._style_of(p)


def _greeting(doc: Docx) -> list:
    top = [el for el in doc.body if el.tag == q("p")]
    start = next(i for i, p in enumerate(top) if para_text(p).startswith("Kính gửi"))
    lines = [top[start]]
    for p in top[start + 1 :]:
        if not para_text(p).startswith("- "):
            break
        lines.append(p)
    return lines


def _pdf_line(path: Path, text: str, page: int = 0) -> list[dict]:
    pages, _ = lc.pdf_chars(path)
    return lc._line_chars(pages[page], text)


# -- Công văn (Mẫu 1.5) ---------------------------------------------------------------------------


def test_cong_van_number_and_vv_under_it(folder: Path, record) -> None:
    """'Số: 215/UBND-VP' (agency - drafting unit, no tên loại); 'V/v …' in lower case, 12, upright, centred
    under the number, 6 pt after it (Phụ lục I, II.3 and II.5.b)."""
    doc = Docx.open(folder / "cong-van.docx")
    (_, _), (number_cell, _) = (lc._cells(r) for r in lc.header_table(doc))
    number_p, vv_p = number_cell.findall(q("p"))
    assert para_text(number_p) == "Số: 215/UBND-VP"
    text = para_text(vv_p)
    assert text.replace("\n", " ") == "V/v " + record.documents.official_letter.subject
    assert _style(vv_p) == {(12, False, False)}
    assert alignment(vv_p) == "center"
    assert int(ppr_value(vv_p, "spacing", "before")) * PT == 6
    widest = max(text_width(line, 12) for line in text.split("\n"))
    assert widest <= lc._cell_width(number_cell) - 10 * lc.MM  # inside the left column, clear of its sides

    pdf = folder / "cong-van.pdf"
    number = _pdf_line(pdf, "Số: 215/UBND-VP")
    first = _pdf_line(pdf, "V/v đôn đốc")[0]
    pages, _ = lc.pdf_chars(pdf)
    vv = [c for c in pages[0] if round(c["top"]) == round(first["top"]) and c["x1"] < lc.A4_PT[0] / 2 and c["text"] != " "]
    assert {round(c["size"]) for c in vv} == {12} and not any("Bold" in c["fontname"] for c in vv)
    centre = lambda chars: (min(c["x0"] for c in chars) + max(c["x1"] for c in chars)) / 2  # noqa: E731
    assert abs(centre(vv) - centre(number)) < 3
    gap = min(c["top"] for c in vv) - max(c["bottom"] for c in number)
    assert 4 <= gap <= 12, gap


def test_cong_van_has_no_ten_loai(folder: Path) -> None:
    doc = Docx.open(folder / "cong-van.docx")
    texts = [para_text(p) for p in doc.body if p.tag == q("p")]
    assert not [t for t in texts if t in ("CÔNG VĂN", "THÔNG BÁO", "KẾ HOẠCH")]
    assert "CÔNG VĂN" not in lc.pdf_text(folder / "cong-van.pdf")


def test_cong_van_kinh_gui_list(folder: Path, record) -> None:
    """'Kính gửi:' 14 upright on its own line, one recipient a line '- …;', the last '- ….', the dashes in
    line with each other under the colon (Phụ lục I, II.9.a)."""
    doc = Docx.open(folder / "cong-van.docx")
    label, *items = _greeting(doc)
    assert para_text(label) == "Kính gửi:"
    to = record.documents.official_letter.to
    assert [para_text(p) for p in items] == [f"- {t};" for t in to[:-1]] + [f"- {to[-1]}."]
    assert all(_style(p) == {(14, False, False)} for p in (label, *items))
    lefts = {int(ppr_value(p, "ind", "left")) for p in items}
    assert len(lefts) == 1
    colon_end = int(ppr_value(label, "ind", "left")) * PT + text_width("Kính gửi: ", 14)
    assert abs(lefts.pop() * PT - colon_end) < 1

    pdf = folder / "cong-van.pdf"
    label_chars = _pdf_line(pdf, "Kính gửi:")
    dashes = [_pdf_line(pdf, f"- {t}")[0] for t in to]
    assert max(d["x0"] for d in dashes) - min(d["x0"] for d in dashes) < 0.5
    assert abs(dashes[0]["x0"] - (label_chars[0]["x0"] + text_width("Kính gửi: ", 14))) < 1.5
    assert {round(c["size"]) for c in label_chars} == {14}


def test_cong_van_urges_the_assignees_with_their_deadlines(folder: Path, record) -> None:
    text = lc.squash(lc.pdf_text(folder / "cong-van.pdf"))
    for item in record.conclusions.items:
        assert lc.squash(item.text) in text
        partners = f", phối hợp với {item.partners}" if item.partners and item.partners not in item.text else ""
        assert lc.squash(f"Giao {item.assignee} chủ trì{partners} thực hiện") in text
    assert lc.squash("hoàn thành trước ngày 31/10/2024") in text  # its own deadline
    assert lc.squash("hoàn thành trước ngày 30/11/2024") in text  # the shared one
    assert lc.squash("Thông báo số 214/TB-UBND ngày 10/10/2024") in text  # the notice it follows


def test_cong_van_nhu_tren_first(folder: Path) -> None:
    left, _ = lc.sign_off_cells(Docx.open(folder / "cong-van.docx"))
    items = [para_text(p) for p in left.findall(q("p"))[1:]]
    assert items[0] == "- Như trên;" and items[-1] == "- Lưu: VT, VP."


# -- Kế hoạch (Mẫu 1.4, KH) ------------------------------------------------------------------------


def test_ke_hoach_title_parts_and_tasks(folder: Path, record) -> None:
    doc = Docx.open(folder / "ke-hoach.docx")
    plan = record.documents.plan
    lc.check_header(doc, kind="KH", agency=record.agency.name, parent=record.agency.parent, place="Ea Súp")
    lc.check_title(doc, kind_name="KẾ HOẠCH", subject=plan.subject)
    parts = ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG", "III. TỔ CHỨC THỰC HIỆN"]
    lc.check_headings(doc, parts=parts, sections=[])
    (table,) = lc.body_tables(doc)
    rows = [["1", record.conclusions.items[0].text, "Ban Quản lý dự án đầu tư xây dựng huyện",
             "UBND các xã Ea Lê, Cư M'Lan", "Trước ngày 31/10/2024"],
            ["2", record.conclusions.items[1].text, "Phòng Tài chính - Kế hoạch",
             "Ban Quản lý dự án đầu tư xây dựng huyện", "Trước ngày 30/11/2024"],
            ["3", record.conclusions.items[2].text, "Phòng Tài chính - Kế hoạch", "", "Định kỳ hàng tuần"],
            ["4", record.conclusions.items[3].text, "UBND các xã, thị trấn", "Văn phòng HĐND và UBND huyện",
             "Trước ngày 30/11/2024"]]
    columns = ["TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"]
    lc.check_table(doc, table, caption="Các nhiệm vụ cụ thể", columns=columns, rows=rows)
    lc.check_body(doc, headings=(*parts, "Các nhiệm vụ cụ thể"))
    lc.check_sign_off(doc, authority=["KT. CHỦ TỊCH"], title="PHÓ CHỦ TỊCH", name="Lê Văn Tùng")


def test_ke_hoach_pdf_table_reads_as_the_conclusions(folder: Path, record) -> None:
    import pdfplumber

    with pdfplumber.open(folder / "ke-hoach.pdf") as pdf:
        found = [row for page in pdf.pages for table in page.extract_tables() for row in table]
    cells = [[re.sub(r"\s+", " ", c or "").strip() for c in row] for row in found]
    body = [row for row in cells if row[0] in ("1", "2", "3", "4")]
    assert [row[0] for row in body] == ["1", "2", "3", "4"]
    assert [row[2] for row in body] == [i.assignee for i in record.conclusions.items]
    assert lc.squash(body[0][1]) == lc.squash(record.conclusions.items[0].text)


# -- Tờ trình (Mẫu 1.4, TTr) -----------------------------------------------------------------------


def test_to_trinh_kinh_gui_one_line_and_request(folder: Path, record) -> None:
    doc = Docx.open(folder / "to-trinh.docx")
    proposal = record.documents.proposal
    lc.check_header(doc, kind="TTr", agency=record.agency.name, parent=record.agency.parent, place="Ea Súp")
    lc.check_title(doc, kind_name="TỜ TRÌNH", subject=proposal.subject)
    (greeting,) = _greeting(doc)
    assert para_text(greeting) == "Kính gửi: Ủy ban nhân dân tỉnh Đắk Lắk."
    assert _style(greeting) == {(14, False, False)} and alignment(greeting) == "center"
    lc.check_headings(doc, parts=["I. SỰ CẦN THIẾT", "II. NỘI DUNG ĐỀ NGHỊ"], sections=[])
    texts = [para_text(p) for p in doc.body if p.tag == q("p")]
    for number, request in enumerate(proposal.requests, start=1):
        assert f"{number}. {request}" in texts
    assert texts[texts.index(f"{len(proposal.requests)}. {proposal.requests[-1]}") + 1].endswith(
        "kính trình Ủy ban nhân dân tỉnh Đắk Lắk xem xét, quyết định./.")
    left, _ = lc.sign_off_cells(doc)
    assert para_text(left.findall(q("p"))[1]) == "- Như trên;"
    lc.check_sign_off(doc, authority=["TM. ỦY BAN NHÂN DÂN"], title="CHỦ TỊCH", name="Phạm Văn Thành")

    pdf = folder / "to-trinh.pdf"
    line = _pdf_line(pdf, "Kính gửi: Ủy ban nhân dân tỉnh Đắk Lắk.")
    mid = (min(c["x0"] for c in line) + max(c["x1"] for c in line)) / 2
    assert abs(mid - (30 + (210 - 30 - 15) / 2) * lc.MM) < 3, "centred on the text width"
    lc.check_pdf(pdf, agency_first_line="TỈNH ĐẮK LẮK")


# -- every new document, every format ------------------------------------------------------------


@pytest.mark.parametrize("stem", ["cong-van", "ke-hoach", "to-trinh", "thong-bao"])
def test_each_passes_the_checker_and_has_the_pages_rules(folder: Path, stem: str) -> None:
    for suffix in (".docx", ".pdf"):
        report = check(folder / f"{stem}{suffix}")
        assert report.kind == {"cong-van": "CV", "ke-hoach": "KH", "to-trinh": "TTr", "thong-bao": "TB"}[stem]
        assert not report.violations, [str(v) for v in report.violations]
    doc = Docx.open(folder / f"{stem}.docx")
    lc.check_page(doc)
    lc.check_fonts(doc)
    html = (folder / f"{stem}.html").read_text(encoding="utf-8")
    assert "Kính gửi" in html if stem in ("cong-van", "to-trinh") else "Kính gửi" not in html
