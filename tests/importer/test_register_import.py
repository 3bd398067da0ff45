"""notices register import: a Sổ đăng ký kept by hand (our export, or an office's own XLSX) into the register,
so that the next number continues the series; conflicting rows refused with their spreadsheet row."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from notices.errors import UserError
from notices.importer.register import import_rows, read_sheet
from notices.register.db import open_database
from notices.register.export import export
from notices.register.registry import AgencyKey, list_entries
from tests.register.helpers import AGENCY, add

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


def _past(db) -> None:  # type: ignore[no-untyped-def]
    add(db, "Kết luận hội nghị tháng 1", date=dt.date(2024, 1, 5))
    add(db, "Kết luận hội nghị tháng 2", date=dt.date(2024, 2, 9), recipients=("Các phòng, ban", "Các xã"))
    add(db, "Kết luận hội nghị tháng 3", date=dt.date(2024, 3, 1))
    from notices.register.registry import void

    void(db, AGENCY, 2024, "02/TB-UBND", "Ban hành nhầm")


def _summary(db) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(e.label, e.issued_on, e.kind, e.kind_label, e.subject, e.signer_name, e.signer_title, e.recipients,
             e.archive, e.status, e.void_reason) for e in list_entries(db, AGENCY, 2024)]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_our_export_imports_back_and_issue_continues_the_series(fmt: str, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _past(db)
    sheet = export(list_entries(db, AGENCY, 2024), fmt, tmp_path / f"so-di.{fmt}", agency=AGENCY, year=2024)
    fresh = open_database(f"sqlite:///{tmp_path / 'moi.db'}")
    try:
        rows, problems = read_sheet(sheet, "UBND")
        assert problems == []
        done = import_rows(fresh, AGENCY, rows, source=sheet.name)
        assert done.next_numbers == {(2024, "TB"): "04/TB-UBND"}
        assert _summary(fresh) == _summary(db)
        folder = tmp_path / "hoso"
        folder.mkdir()
        record = folder / "dak-song.yaml"
        shutil.copyfile(EXAMPLES / "dak-song-cchc-2023.yaml", record)
        from notices.register.issue import issue_record

        (result,) = issue_record(record, date=dt.date(2024, 3, 4), out=tmp_path / "out", db=fresh)
        assert result.entry.label == "04/TB-UBND"
    finally:
        fresh.dispose()


def _hand_kept(path: Path) -> Path:
    """An office's own register: title rows, a header over two rows with merged cells, dates three ways."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ỦY BAN NHÂN DÂN HUYỆN ĐẮK SONG"])
    sheet.append(["SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2024"])
    sheet.append([" "])
    sheet.append(["STT", "Số, ký hiệu văn bản", None, "Ngày tháng văn bản", "Tên loại", "Trích yếu nội dung",
                  "Người ký", "Nơi nhận", "Lưu", "Ghi chú"])
    sheet.append([None, "Số", "Ký hiệu", None, None, None, None, None, None, None])
    for cell in ("A4:A5", "B4:C4", "D4:D5", "E4:E5", "F4:F5", "G4:G5", "H4:H5", "I4:I5", "J4:J5"):
        sheet.merge_cells(cell)
    serial = (dt.date(2024, 1, 8) - dt.date(1899, 12, 30)).days
    sheet.append([1, 1, "TB-UBND", serial, "Thông báo", "Kết luận giao ban tháng 1", "Ngô Đức Trọng",
                  "Các phòng, ban; Các xã", "VT, VP", None])
    sheet.append([2, "02", "/TB-UBND", dt.datetime(2024, 2, 2), "Thông báo", "Kết luận giao ban tháng 2",
                  "Chủ tịch Ngô Đức Trọng", "Các xã", "VT", None])
    sheet.append([3, 3, "BC-UBND", "15/02/2024", "Báo cáo", "Báo cáo CCHC quý I", "Ngô Đức Trọng", "UBND tỉnh",
                  "VT, NV", None])
    sheet.append([4, 5, "TB-UBND", "ngày 04 tháng 3 năm 2024", "Thông báo", "Kết luận giao ban tháng 3",
                  "Ngô Đức Trọng", "Các xã", "VT", "Đã hủy số: ghi nhầm ngày"])
    sheet.append([" "])
    sheet.append([None, None, None, None, None, None, None, None, "Người lập sổ", None])
    book.save(path)
    return path


def test_a_hand_kept_xlsx_with_merged_header_and_excel_dates(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows, problems = read_sheet(_hand_kept(tmp_path / "so-tay.xlsx"), "UBND")
    assert problems == []  # the signature line under the table is not a row of the register
    got = [(r.row, r.label, r.issued_on, r.kind.key, r.subject, r.signer_name, r.signer_title, r.recipients,
            r.void_reason) for r in rows]
    assert got == [
        (6, "01/TB-UBND", dt.date(2024, 1, 8), "notice", "Kết luận giao ban tháng 1", "Ngô Đức Trọng", None,
         ["Các phòng, ban", "Các xã"], None),
        (7, "02/TB-UBND", dt.date(2024, 2, 2), "notice", "Kết luận giao ban tháng 2", "Ngô Đức Trọng", "Chủ tịch",
         ["Các xã"], None),
        (8, "03/BC-UBND", dt.date(2024, 2, 15), "report", "Báo cáo CCHC quý I", "Ngô Đức Trọng", None,
         ["UBND tỉnh"], None),
        (9, "05/TB-UBND", dt.date(2024, 3, 4), "notice", "Kết luận giao ban tháng 3", "Ngô Đức Trọng", None,
         ["Các xã"], "Đã hủy số: ghi nhầm ngày"),
    ]
    done = import_rows(db, AGENCY, rows, numbering="shared", source="so-tay.xlsx")
    assert done.next_numbers == {(2024, "VBHC"): "06/TB-UBND"}
    assert done.gaps == ["năm 2024, dãy VBHC: không có số 04 trong sổ; các số này không được cấp lại"]
    from notices.register.registry import Draft, register

    draft = Draft(kind="notice", kind_label="Thông báo", series="TB", notation="TB-UBND", issued_on=dt.date(2024, 3, 5),
                  subject="Mới", signer_name=None, signer_title=None, recipients=[], archive=["VT"],
                  record_name="x", record_path="x")
    with db.engine.begin() as conn:
        assert register(conn, AGENCY, draft, numbering="shared").number == 6
    voided = [e for e in list_entries(db, AGENCY, 2024) if e.status == "void"]
    assert [e.label for e in voided] == ["05/TB-UBND"]


def test_archive_get_of_a_row_from_a_hand_kept_sheet_says_where_it_came_from(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An imported row has no files: `archive get` says it came from the sheet, not "run notices issue again"."""
    from notices.register.archive import get

    rows, _ = read_sheet(_hand_kept(tmp_path / "so-tay.xlsx"), "UBND")
    import_rows(db, AGENCY, rows, numbering="shared", source="so-tay.xlsx")
    with pytest.raises(UserError) as raised:
        get(db, AGENCY, 2024, "01/TB-UBND", tmp_path / "ra")
    assert raised.value.message == ("Số 01/TB-UBND năm 2024 được nhập từ sổ đăng ký so-tay.xlsx (dòng 6), chỉ có "
                                    "dòng sổ, không có bản văn bản: kho lưu không có tệp nào của số này.")
    assert not (tmp_path / "ra").exists()


def test_conflicting_rows_are_refused_with_their_spreadsheet_row_and_nothing_is_written(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _past(db)
    path = tmp_path / "so.csv"
    path.write_text(
        '"Số, ký hiệu văn bản",Ngày tháng văn bản,Tên loại và trích yếu nội dung văn bản,Người ký\n'
        "02/TB-UBND,09/02/2024,Thông báo: trùng số đã có,A\n"
        "04/TB-UBND,10/03/2024,Thông báo: đúng,A\n"
        "04/TB-UBND,11/03/2024,Thông báo: gõ hai lần,A\n"
        "05/TB-UBND,01/02/2024,Thông báo: ngày trước số 03,A\n", encoding="utf-8-sig")
    rows, problems = read_sheet(path, "UBND")
    assert problems == []
    before = _summary(db)
    with pytest.raises(UserError) as caught:
        import_rows(db, AGENCY, rows, source="so.csv")
    message = caught.value.message
    assert "dòng 2: số 02/TB-UBND năm 2024 đã có trong sổ đăng ký" in message
    assert "dòng 4: số 04/TB-UBND trùng với dòng 3" in message
    assert "dòng 5: số 05 ngày 01/02/2024 sớm hơn số 04 ngày 10/03/2024" in message
    assert "dòng 3:" not in message
    assert _summary(db) == before


def test_the_command(tmp_path: Path) -> None:
    sheet = _hand_kept(tmp_path / "so-tay.xlsx")
    url = f"sqlite:///{tmp_path / 'notices.db'}"
    runner = CliRunner()
    from notices.cli import main

    args = ["register", "import", str(sheet), "--db", url, "--agency", "UBND:Ủy ban nhân dân huyện Đắk Song"]
    tried = runner.invoke(main, [*args, "--dry-run"])
    assert tried.exit_code == 0 and "chạy thử" in tried.output and "dãy TB: 06/TB-UBND" in tried.output
    done = runner.invoke(main, args)
    assert done.exit_code == 0, done.output
    assert "dãy TB: số tiếp theo là 06/TB-UBND" in done.output
    assert "dãy BC: số tiếp theo là 04/BC-UBND" in done.output  # per-kind numbering: BC's own series
    listed = runner.invoke(main, ["register", "list", "--year", "2024", "--db", url, "--agency", "UBND"])
    assert "05/TB-UBND" in listed.output and "Đã hủy số" in listed.output
    again = runner.invoke(main, args)  # the same sheet twice: every row is refused, by its row
    assert again.exit_code == 1
    assert "dòng 6: số 01/TB-UBND năm 2024 đã có trong sổ đăng ký" in again.output


def test_a_row_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    path = tmp_path / "so.csv"
    path.write_text("Số, ký hiệu văn bản;Ngày tháng văn bản;Trích yếu\n05/TB-UBND;31/02/2024;x\nmười;01/03/2024;y\n"
                    "06/TB-HĐND;02/03/2024;z\n07/UBND-VP;03/03/2024;công văn\n",
                    encoding="utf-8")
    with pytest.raises(UserError) as caught:
        from notices.importer.register import run_import

        run_import(None, None, path, "UBND:X", False, lambda: AgencyKey("UBND", "X"))
    assert "dòng 2: không đọc được ngày “31/02/2024”" in caught.value.message
    assert "dòng 3: không đọc được số, ký hiệu “mười”" in caught.value.message
    assert "dòng 4: ký hiệu “TB-HĐND” không phải của cơ quan UBND" in caught.value.message
    assert "dòng 5" not in caught.value.message  # a công văn's ký hiệu: the agency, then its unit
