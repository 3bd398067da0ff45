"""office.yaml: the agency, per-kind defaults, the numbering policy and the database, for a whole folder."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from notices.cli import main
from notices.errors import RecordError
from notices.records import load_record

OFFICE = """\
# Hồ sơ cơ quan của UBND xã
agency:
  name: Ủy ban nhân dân xã Hòa Phú
  code: UBND
  place: Hòa Phú
  parent: Ủy ban nhân dân huyện Chư Păh
  unit: VP
documents:
  notice:
    signer: {authority: TM. ỦY BAN NHÂN DÂN, title: Chủ tịch, name: Nguyễn Văn Đức}
    recipients: [Thường trực Đảng ủy xã, Các thôn]
    archive: [VT, VP]
numbering: shared
database: sqlite:///so-dang-ky.db
"""

RECORD = """\
# Cuộc họp giao ban tháng 3 — không ghi cơ quan, người ký, nơi nhận: lấy từ office.yaml
meeting:
  name: Hội nghị giao ban tháng 3 năm 2024
  date: 2024-03-28
  chair: {name: Nguyễn Văn Đức, title: Chủ tịch UBND xã}
conclusions:
  items:
    - Các thôn rà soát hộ nghèo trước ngày 15/4.
documents:
  notice:
    subject: Kết luận của Chủ tịch UBND xã tại hội nghị giao ban tháng 3 năm 2024
"""


@pytest.fixture
def office(tmp_path: Path) -> Path:
    folder = tmp_path / "ubnd-xa"
    (folder / "2024" / "thang-3").mkdir(parents=True)
    (folder / "office.yaml").write_text(OFFICE, encoding="utf-8")
    (folder / "2024" / "thang-3" / "giao-ban.yaml").write_text(RECORD, encoding="utf-8")
    return folder


def test_profile_fills_what_the_record_leaves_out(office: Path) -> None:
    record = load_record(office / "2024" / "thang-3" / "giao-ban.yaml").record
    assert record.agency.name == "Ủy ban nhân dân xã Hòa Phú" and record.agency.parent == "Ủy ban nhân dân huyện Chư Păh"
    notice = record.documents.notice
    assert notice.signer.name == "Nguyễn Văn Đức" and notice.signer.authority == ["TM. ỦY BAN NHÂN DÂN"]
    assert notice.recipients == ["Thường trực Đảng ủy xã", "Các thôn"]
    assert record.documents.invitation is None  # never declares a document the record does not


def test_the_records_own_values_win(office: Path) -> None:
    path = office / "2024" / "thang-3" / "giao-ban.yaml"
    path.write_text(RECORD.replace("documents:\n  notice:\n", textwrap.dedent("""\
        agency: {place: Xã Hòa Phú}
        documents:
          notice:
            recipients: [Chỉ một nơi]
            signer: {authority: KT. CHỦ TỊCH, title: Phó Chủ tịch, name: Lê Thị Hoa}
        """)), encoding="utf-8")
    record = load_record(path).record
    assert record.agency.place == "Xã Hòa Phú" and record.agency.name == "Ủy ban nhân dân xã Hòa Phú"
    assert record.documents.notice.recipients == ["Chỉ một nơi"]
    assert record.documents.notice.signer.name == "Lê Thị Hoa"


def test_errors_in_office_yaml_name_file_line_and_column(office: Path) -> None:
    (office / "office.yaml").write_text(OFFICE.replace("  code: UBND\n", "  code: ubnd\n")
                                        .replace("numbering: shared", "numbering: theo-loai")
                                        + "databse: x\n", encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        load_record(office / "2024" / "thang-3" / "giao-ban.yaml")
    report = caught.value.report()
    assert caught.value.path == office / "office.yaml"
    lines = [p.format() for p in caught.value.problems]
    assert any(line.startswith(f"{office / 'office.yaml'}:4:9: lỗi: agency.code: chữ viết tắt “ubnd”") for line in lines)
    assert f"{office / 'office.yaml'}:13:12: lỗi: “numbering” phải là một trong: per-kind, shared" in lines
    assert any(line.startswith(f"{office / 'office.yaml'}:15:1: lỗi: mục “databse” không có")
               and "có phải ý bạn là “database”" in line for line in lines)
    assert "3 lỗi" in report


def test_examples_are_untouched_without_office_yaml() -> None:
    from tests.conftest import EXAMPLES

    for path in EXAMPLES.glob("*.yaml"):
        assert not (path.parent / "office.yaml").exists()
        assert load_record(path).record.agency.code == "UBND"


def test_schema_office() -> None:
    result = CliRunner().invoke(main, ["schema", "--office"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    assert schema["title"] == "Hồ sơ cơ quan notices (office.yaml)"
    assert schema["properties"]["numbering"]["enum"] == ["per-kind", "shared"]
    assert "database" in schema["properties"] and "agency" in schema["required"]


def test_issue_uses_the_offices_database_and_shared_series(office: Path, monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    from notices.register.db import open_database
    from notices.register.registry import AgencyKey, list_entries
    from tests.register.helpers import add

    monkeypatch.delenv("NOTICES_DB", raising=False)
    agency = AgencyKey("UBND", "Ủy ban nhân dân xã Hòa Phú")
    db = open_database(f"sqlite:///{office / 'so-dang-ky.db'}")
    import datetime as dt

    add(db, "Báo cáo tháng 2", kind="report", code="BC", agency=agency, numbering="shared", date=dt.date(2024, 3, 1))
    db.dispose()
    monkeypatch.chdir(tmp_path)  # anywhere: the record's office.yaml names the database
    record = office / "2024" / "thang-3" / "giao-ban.yaml"
    result = CliRunner().invoke(main, ["issue", str(record), "--date", "2024-03-29", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Đã cấp số 02/TB-UBND ngày 29/03/2024 → " in result.output  # one series: BC took 01
    db = open_database(f"sqlite:///{office / 'so-dang-ky.db'}")
    assert [e.label for e in list_entries(db, agency, 2024)] == ["01/BC-UBND", "02/TB-UBND"]
    db.dispose()
    monkeypatch.chdir(office / "2024")  # below office.yaml: its database and agency
    listed = CliRunner().invoke(main, ["register", "list", "--year", "2024"])
    assert listed.exit_code == 0, listed.output
    assert "02/TB-UBND\t29/03/2024\tThông báo: Kết luận của Chủ tịch UBND xã" in listed.output
    assert not (tmp_path / "notices.db").exists()


def test_validate_with_an_office_imports_no_database_library(office: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from notices.cli import main\n"
        f"result = CliRunner().invoke(main, ['validate', {str(office)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'psycopg', 'xlsxwriter', 'docx', 'weasyprint')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_a_chosen_profile_replaces_the_lookup(office: Path, tmp_path: Path) -> None:
    from notices.records.office import chosen, load_office

    record = office / "2024" / "thang-3" / "giao-ban.yaml"
    with chosen(None), pytest.raises(RecordError) as refused:  # no profile: the record lacks its agency
        load_record(record)
    assert any("“agency”" in p.message for p in refused.value.problems), refused.value.report()
    other = tmp_path / "khac" / "office.yaml"
    other.parent.mkdir()
    other.write_text(OFFICE.replace("xã Hòa Phú", "xã Ia Ka").replace("numbering: shared", "numbering: per-kind"),
                     encoding="utf-8")
    with chosen(load_office(other)):
        assert load_record(record).record.agency.name == "Ủy ban nhân dân xã Ia Ka"
    assert load_record(record).record.agency.name == "Ủy ban nhân dân xã Hòa Phú"  # the lookup again after it
