"""Every Phụ lục V document read back: DOCX through its XML, PDF through pdfplumber — columns, order, counts."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.hoso.conftest import AGENCY, run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_tables(path: Path) -> tuple[list[list[list[str]]], str]:
    """The tables (rows of cell texts) and the whole text of a DOCX, from word/document.xml."""
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    tables = []
    for table in root.iter(f"{W}tbl"):
        rows = []
        for tr in table.iter(f"{W}tr"):
            rows.append(["\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in tc.iter(f"{W}p"))
                         for tc in tr.iter(f"{W}tc")])
        tables.append(rows)
    text = "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p"))
    return tables, text


def pdf_rows(path: Path) -> tuple[list[list[str]], str]:
    """The bordered table's rows (cells with their line breaks joined by spaces) and the text of a PDF."""
    import pdfplumber

    rows, text = [], []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            text.append(page.extract_text() or "")
            for table in page.extract_tables():
                rows += [[" ".join((c or "").split()).replace("/ ", "/") for c in row] for row in table]  # "Tờ số/⏎Trang số"
    return rows, "\n".join(text)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_danh_muc(issued) -> None:  # type: ignore[no-untyped-def]
    _db, _record, out = issued
    from notices.hoso.documents import DANH_MUC_COLUMNS

    tables, text = docx_tables(out / "danh-muc-ho-so-2022.docx")
    grid = tables[1]
    assert grid[0] == list(DANH_MUC_COLUMNS) and grid[1] == ["(1)", "(2)", "(3)", "(4)", "(5)"]
    body = grid[2:]
    assert [r[0] for r in body] == ["I. TỔNG HỢP, HÀNH CHÍNH", "01.TH", "1. Văn phòng", "02.TH", "II. VĂN PHÒNG",
                                    "03.VP"]
    assert body[1] == ["01.TH", "Hồ sơ hội nghị kiểm tra công tác cải cách hành chính năm 2022", "10 năm",
                       "Nguyễn Thị Lan", ""]
    assert "DANH MỤC HỒ SƠ" in text and "Năm 2022" in text
    assert "(Kèm theo Quyết định số 12/QĐ-UBND ngày 05/01/2022" in text
    closing = "Danh mục hồ sơ này có 3 (ba) hồ sơ, bao gồm: 1 hồ sơ bảo quản vĩnh viễn; 2 hồ sơ bảo quản có thời hạn."
    assert closing in text
    rows, pdf_text = pdf_rows(out / "danh-muc-ho-so-2022.pdf")
    assert rows[0] == [_flat(c) for c in DANH_MUC_COLUMNS] and rows[1] == ["(1)", "(2)", "(3)", "(4)", "(5)"]
    assert [r[0] for r in rows[2:]] == [r[0] for r in body]
    assert rows[3][2:4] == ["10 năm", "Nguyễn Thị Lan"] and rows[5][2] == "Vĩnh viễn"
    assert closing in _flat(pdf_text)


def test_muc_luc_van_ban(issued) -> None:  # type: ignore[no-untyped-def]
    from notices.hoso.documents import MUC_LUC_VB_COLUMNS

    db_url, _record, out = issued
    run("hoso", "close", "01.TH", "--year", "2022", "--db", db_url, "--agency", AGENCY, "--out", str(out))
    tables, text = docx_tables(out / "muc-luc-van-ban-01-TH-2022.docx")
    grid = tables[1]
    assert grid[0] == list(MUC_LUC_VB_COLUMNS) and len(grid[0]) == 7
    body = grid[2:]
    assert [r[0] for r in body] == ["1", "2", "3", "4", "5"]  # three documents, the record, the photo
    assert [r[1] for r in body[:3]] == ["01/TB-UBND", "01/GM-UBND", "01/BB-UBND"]
    assert all(r[2] == "19/08/2022" for r in body[:3])
    assert body[0][3].startswith("Thông báo: ") and body[1][3].startswith("Giấy mời: ")
    assert body[0][4] == "Ủy ban nhân dân phường Phú Tài"
    pages = [r[5] for r in body[:3]]
    assert pages[0].startswith("1") and pages[1:] and all(p for p in pages)
    assert "Số, ký hiệu hồ sơ: 01.TH" in text and "Mục lục này gồm 5 (năm) văn bản, tài liệu" in text
    rows, pdf_text = pdf_rows(out / "muc-luc-van-ban-01-TH-2022.pdf")
    assert rows[0] == [_flat(c) for c in MUC_LUC_VB_COLUMNS]
    assert [r[1] for r in rows[2:5]] == ["01/TB-UBND", "01/GM-UBND", "01/BB-UBND"]
    assert [r[5] for r in rows[2:5]] == pages
    assert len(rows) == 2 + 5
    assert "MỤC LỤC VĂN BẢN, TÀI LIỆU" in pdf_text


def test_a_number_voided_after_filing_is_flagged_in_the_muc_luc(issued) -> None:  # type: ignore[no-untyped-def]
    """A document voided after it was filed stays in its hồ sơ (nothing is deleted), and its row in the Mục lục
    văn bản says so in Ghi chú, as the register does."""
    db_url, _record, out = issued
    run("register", "void", "01/GM-UBND", "--year", "2022", "--reason", "Gửi nhầm thành phần mời", "--db", db_url,
        "--agency", AGENCY)
    run("hoso", "close", "01.TH", "--year", "2022", "--db", db_url, "--agency", AGENCY, "--out", str(out))
    body = docx_tables(out / "muc-luc-van-ban-01-TH-2022.docx")[0][1][2:]
    assert [r[1] for r in body[:3]] == ["01/TB-UBND", "01/GM-UBND", "01/BB-UBND"]
    assert body[0][6] == "" and body[2][6] == ""
    assert body[1][6].startswith("Đã hủy số ngày ") and body[1][6].endswith(": Gửi nhầm thành phần mời")
    rows, _ = pdf_rows(out / "muc-luc-van-ban-01-TH-2022.pdf")
    assert "Gửi nhầm thành phần mời" in rows[3][6]


def test_handover_muc_luc_and_bien_ban(issued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from notices.hoso.documents import MUC_LUC_NL_COLUMNS

    db_url, _record, out = issued
    run("hoso", "close", "01.TH", "--year", "2022", "--db", db_url, "--agency", AGENCY)
    said = run("hoso", "handover", "--year", "2022", "--to", "Lưu trữ cơ quan", "--giver", "Nguyễn Thị Lan, văn thư",
               "--receiver", "Trần Văn Bình, lưu trữ", "--out", str(tmp_path), "--db", db_url, "--agency", AGENCY)
    assert "Đã nộp lưu 1 hồ sơ (5 tệp" in said
    assert "02.TH — chưa kết thúc" in said and "03.VP — chưa kết thúc" in said
    tables, text = docx_tables(tmp_path / "muc-luc-ho-so-nop-luu-2022.docx")
    grid = tables[1]
    assert grid[0] == list(MUC_LUC_NL_COLUMNS) and len(grid[0]) == 7
    assert [r[:3] for r in grid[2:]] == [["1", "01.TH",
                                          "Hồ sơ hội nghị kiểm tra công tác cải cách hành chính năm 2022"]]
    assert grid[2][3] == "19/08/2022" and grid[2][4] == "10 năm"
    pages = grid[2][5]
    assert "Mục lục này gồm: 1 hồ sơ (đơn vị bảo quản). Viết bằng chữ: một hồ sơ (đơn vị bảo quản)." in text
    rows, pdf_text = pdf_rows(tmp_path / "muc-luc-ho-so-nop-luu-2022.pdf")
    assert rows[0] == [_flat(c) for c in MUC_LUC_NL_COLUMNS] and rows[2][1] == "01.TH" and rows[2][5] == pages
    assert "Viết bằng chữ: một hồ sơ" in _flat(pdf_text)
    _tables, bien_ban = docx_tables(tmp_path / "bien-ban-giao-nhan-2022.docx")
    for line in ("BIÊN BẢN", "Về việc giao nhận hồ sơ, tài liệu", "BÊN NHẬN: Lưu trữ cơ quan",
                 "tổng số hồ sơ: 1 (một); tổng số tệp tin trong hồ sơ: 5 (năm)", "ĐẠI DIỆN BÊN GIAO",
                 "ĐẠI DIỆN BÊN NHẬN", "lập thành hai bản", "Căn cứ Danh mục hồ sơ năm 2022"):
        assert line in bien_ban, line
    _rows, bien_ban_pdf = pdf_rows(tmp_path / "bien-ban-giao-nhan-2022.pdf")
    assert "tổng số tệp tin trong hồ sơ: 5 (năm)" in _flat(bien_ban_pdf)
    again = run("hoso", "list", "--year", "2022", "--db", db_url, "--agency", AGENCY)
    assert "01.TH năm 2022" in again and "đã nộp lưu" in again
