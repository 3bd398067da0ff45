"""The Sổ đăng ký văn bản đi read back: XLSX through openpyxl, CSV's first bytes, PDF through pdfplumber."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from notices.errors import UserError
from notices.register.export import COLUMNS, export
from notices.register.registry import list_entries, void
from tests.register.helpers import AGENCY, add


@pytest.fixture
def book(db):  # type: ignore[no-untyped-def]
    add(db, "Kết luận của Chủ tịch UBND huyện", date=dt.date(2024, 1, 5),
        recipients=("TT. HĐND huyện", "Các phòng, ban liên quan"))
    add(db, "Kế hoạch cải cách hành chính năm 2024", date=dt.date(2024, 1, 9), kind="report", code="BC")
    add(db, "Thông báo lịch tiếp công dân", date=dt.date(2024, 2, 14))
    add(db, "Năm trước", date=dt.date(2023, 12, 29))
    void(db, AGENCY, 2024, "02/TB-UBND", "Sai thẩm quyền ký", by="Nguyễn Thị Văn Thư",
         now=lambda: dt.datetime(2024, 2, 20, 3, 0, tzinfo=dt.UTC))
    return list_entries(db, AGENCY, 2024)


EXPECTED_HEADS = [
    "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản", "Người ký",
    "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú",
]


def test_rows_and_void_note(book) -> None:  # type: ignore[no-untyped-def]
    assert list(COLUMNS) == EXPECTED_HEADS
    assert [e.label for e in book] == ["01/TB-UBND", "01/BC-UBND", "02/TB-UBND"]
    assert book[2].status == "void" and book[2].voided_by == "Nguyễn Thị Văn Thư"


def test_xlsx(book, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    out = export(book, "xlsx", tmp_path / "so.xlsx", agency=AGENCY, year=2024)
    sheet = openpyxl.load_workbook(out).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0] == EXPECTED_HEADS[0])
    assert rows[header] == EXPECTED_HEADS
    assert rows[header + 1] == [f"({i})" for i in range(1, 11)]
    body = rows[header + 2:]
    assert [r[0] for r in body] == ["01/TB-UBND", "01/BC-UBND", "02/TB-UBND"]
    assert body[0][1] == "05/01/2024"
    assert body[0][2] == "Thông báo: Kết luận của Chủ tịch UBND huyện"
    assert body[0][3] == "Chủ tịch Trần Thanh Nghiêm"
    assert body[0][4] == "TT. HĐND huyện\nCác phòng, ban liên quan"
    assert body[0][5] == "VT, VP"
    assert body[2][9] == "Đã hủy số ngày 20/02/2024 (Nguyễn Thị Văn Thư): Sai thẩm quyền ký"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.print_title_rows == f"${header + 1}:${header + 2}"  # the heads repeat on every printed page
    assert "ỦY BAN NHÂN DÂN HUYỆN ĐẮK SONG" in [r[0] for r in rows[:header]]


def test_csv_has_a_bom_and_the_ten_columns(book, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = export(book, "csv", tmp_path / "so.csv", agency=AGENCY, year=2024)
    data = out.read_bytes()
    assert data[:3] == b"\xef\xbb\xbf"  # Excel reads UTF-8 only with the BOM
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert rows[0] == EXPECTED_HEADS
    assert rows[1][:3] == ["01/TB-UBND", "05/01/2024", "Thông báo: Kết luận của Chủ tịch UBND huyện"]
    assert rows[3][9].startswith("Đã hủy số")
    assert len(rows) == 4 and all(len(r) == 10 for r in rows)


def test_pdf_cover_and_table(book, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pdfplumber

    out = export(book, "pdf", tmp_path / "so.pdf", agency=AGENCY, year=2024)
    with pdfplumber.open(out) as pdf:
        cover, table_page = pdf.pages[0], pdf.pages[1]
        cover_text = cover.extract_text()
        assert cover.width < cover.height  # the cover is portrait, the register landscape
        assert table_page.width > table_page.height
        for line in ("TỈNH ĐẮK NÔNG", "ỦY BAN NHÂN DÂN HUYỆN ĐẮK SONG", "SỔ ĐĂNG KÝ VĂN BẢN ĐI", "Năm: 2024",
                     "Từ ngày 05/01/2024 đến ngày 14/02/2024",
                     "Từ số 01/TB-UBND đến số 02/TB-UBND; 01/BC-UBND đến số 01/BC-UBND"):
            assert line in cover_text.splitlines()
        [table] = table_page.extract_tables()
        assert [" ".join((c or "").split()) for c in table[0]] == EXPECTED_HEADS
        assert [row[0] for row in table[2:]] == ["01/TB-UBND", "01/BC-UBND", "02/TB-UBND"]
        assert "Sai thẩm quyền ký" in " ".join(table[4][9].split())


def test_void_is_final(db) -> None:  # type: ignore[no-untyped-def]
    add(db, "Một")
    void(db, AGENCY, 2024, "01/TB-UBND", "Trùng nội dung")
    with pytest.raises(UserError, match="đã bị hủy"):
        void(db, AGENCY, 2024, "01/TB-UBND", "Lần hai")
    with pytest.raises(UserError, match="Cần ghi lý do"):
        void(db, AGENCY, 2024, "01/TB-UBND", "  ")
    # the voided number is never given again
    assert add(db, "Hai").label == "02/TB-UBND"
    with pytest.raises(UserError, match="không có số 07/TB-UBND"):
        void(db, AGENCY, 2024, "7/TB-UBND", "Không có")
    with pytest.raises(UserError, match="không phải là số, ký hiệu"):
        void(db, AGENCY, 2024, "TB-UBND", "Sai")
