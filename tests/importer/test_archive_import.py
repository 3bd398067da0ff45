"""notices import THƯ_MỤC --archive: issued Word files into the register and the archive, with their files."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from notices.cli import main
from notices.records.load import load_record
from notices.render import render_record

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"
AGENCY = "UBND:Ủy ban nhân dân phường Phú Tài"


def _issued(folder: Path) -> Path:
    """The example's Giấy mời 47/GM-UBND and Thông báo 05/TB-UBND, as DOCX files in one folder."""
    outcome = render_record(load_record(EXAMPLES / "phu-tai-cchc-2022.yaml"), folder / "render",
                            only=("invitation", "notice"), formats=("docx",))
    target = folder / "da-ban-hanh"
    target.mkdir()
    for path, _ in outcome.written:
        shutil.copyfile(path, target / path.name)
    return target


def test_a_folder_of_issued_documents_goes_into_the_archive_with_its_files(db_url: str, tmp_path: Path) -> None:
    folder = _issued(tmp_path)
    runner = CliRunner()
    done = runner.invoke(main, ["import", str(folder), "--archive", "--db", db_url, "--agency", AGENCY])
    assert done.exit_code == 0, done.output
    assert "Đã lưu 47/GM-UBND ngày 12/08/2022 — Giấy mời" in done.output
    assert "Đã lưu 05/TB-UBND ngày 19/08/2022 — Thông báo: Kết luận của đồng chí Bí thư" in done.output
    listed = runner.invoke(main, ["register", "list", "--year", "2022", "--db", db_url, "--agency", "UBND"])
    assert "05/TB-UBND\t19/08/2022\tThông báo: Kết luận" in listed.output
    got = runner.invoke(main, ["archive", "get", "05/TB-UBND", "--year", "2022", "--out", str(tmp_path / "lay"),
                               "--db", db_url, "--agency", "UBND"])
    assert got.exit_code == 0, got.output
    assert (tmp_path / "lay" / "thong-bao.docx").read_bytes() == (folder / "thong-bao.docx").read_bytes()
    found = runner.invoke(main, ["archive", "search", "buu chinh cong ich", "--db", db_url, "--agency", "UBND"])
    assert "05/TB-UBND năm 2022" in found.output  # the body text is searchable
    again = runner.invoke(main, ["import", str(folder), "--archive", "--db", db_url, "--agency", AGENCY])
    assert again.exit_code == 1 and "đã có tệp trong kho lưu" in again.output
    verified = runner.invoke(main, ["archive", "verify", "--db", db_url, "--agency", "UBND"])
    assert verified.exit_code == 0 and "2 tệp" in verified.output


def test_a_register_row_typed_by_hand_gets_its_file(tmp_path: Path) -> None:
    folder = _issued(tmp_path)
    (folder / "giay-moi.docx").unlink()
    sheet = tmp_path / "so.csv"
    sheet.write_text('"Số, ký hiệu văn bản",Ngày tháng văn bản,Trích yếu\n05/TB-UBND,19/08/2022,Thông báo: KL\n',
                     encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'notices.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["register", "import", str(sheet), "--db", url, "--agency", AGENCY]).exit_code == 0
    done = runner.invoke(main, ["import", str(folder), "--archive", "--db", url, "--agency", AGENCY])
    assert done.exit_code == 0, done.output
    listed = runner.invoke(main, ["register", "list", "--year", "2022", "--db", url, "--agency", "UBND"])
    assert listed.output.count("05/TB-UBND") == 1 and "Năm 2022: 1 số." in listed.output


def test_a_draft_is_not_archived_and_nothing_is_stored(tmp_path: Path) -> None:
    folder = _issued(tmp_path)
    draft = render_record(load_record(EXAMPLES / "dak-song-cchc-2023.yaml"), tmp_path / "nhap", only=("notice",),
                          formats=("docx",))
    shutil.copyfile(draft.written[0][0], folder / "du-thao.docx")
    url = f"sqlite:///{tmp_path / 'notices.db'}"
    runner = CliRunner()
    done = runner.invoke(main, ["import", str(folder), "--archive", "--db", url, "--agency", AGENCY])
    assert done.exit_code == 1
    assert "du-thao.docx: chưa có số hoặc ngày ban hành" in done.output
    listed = runner.invoke(main, ["register", "list", "--year", "2022", "--db", url, "--agency", "UBND"])
    assert "Năm 2022: 0 số." in listed.output or listed.exit_code == 1
