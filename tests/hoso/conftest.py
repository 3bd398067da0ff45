"""A meeting record issued into a hồ sơ, on a SQLite file and on PostgreSQL (fixtures of tests/register)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES
from tests.register.conftest import db_url, pg_url, sqlite_url  # noqa: F401

AGENCY = "UBND:Ủy ban nhân dân phường Phú Tài"
PLAN = """\
year: 2022
approved_by: Quyết định số 12/QĐ-UBND ngày 05/01/2022 của Ủy ban nhân dân phường Phú Tài
organ_id: 000.00.01.H20
place: Phú Tài
headings:
  - title: Tổng hợp, hành chính
    code: TH
    files:
      - number: 01.TH
        title: Hồ sơ hội nghị kiểm tra công tác cải cách hành chính năm 2022
        retention: 10 năm
        creator: Nguyễn Thị Lan
    subheadings:
      - title: Văn phòng
        files:
          - number: 02.TH
            title: Tập lưu văn bản đi
            retention: Vĩnh viễn
            creator: Trần Văn Bình
  - title: Văn phòng
    code: VP
    files:
      - number: 03.VP
        title: Hồ sơ khác
        retention: 2 năm
        creator: Lê Văn C
"""


def draft_record(folder: Path, name: str = "hoi-nghi.yaml") -> Path:
    """The Phú Tài example (Giấy mời, Biên bản, Thông báo, a photo) as a draft: numbers and dates removed."""
    text = (EXAMPLES / "phu-tai-cchc-2022.yaml").read_text(encoding="utf-8")
    text = text.replace("    number: 47\n    date: 2022-08-12\n", "")
    text = text.replace('    number: 5                              # "Số: 05/TB-UBND"\n    date: 2022-08-19\n', "")
    assert "number:" not in text
    text = text.replace("  news:\n", "  news:\n    photos:\n      - {file: photos/quang-canh-hoi-nghi.jpg, "
                                      "caption: Quang cảnh}\n", 1)
    folder.mkdir(parents=True, exist_ok=True)
    photos = folder / "photos"
    photos.mkdir(exist_ok=True)
    (photos / "quang-canh-hoi-nghi.jpg").write_bytes((EXAMPLES / "photos" / "quang-canh-hoi-nghi.jpg").read_bytes())
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> str:
    """``notices …`` in-process; fails the test on a non-zero exit, with the output."""
    from notices.cli import main

    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def issued(db_url: str, tmp_path: Path) -> tuple[str, Path, Path]:  # noqa: F811
    """Danh mục 2022 stored; the meeting's three documents issued with --hoso 01.TH. (db url, record, out)"""
    plan = tmp_path / "danh-muc.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    out = tmp_path / "out"
    run("hoso", "plan", str(plan), "--db", db_url, "--agency", AGENCY, "--out", str(out))
    record = draft_record(tmp_path / "hop")
    run("issue", str(record), "--hoso", "01.TH", "--date", "2022-08-19", "--db", db_url, "--out", str(out))
    return db_url, record, out
