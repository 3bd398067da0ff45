"""Backup → restore into an EMPTY database (SQLite ↔ PostgreSQL): everything back, byte for byte."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.hoso.conftest import AGENCY, run


def _dump(url: str) -> tuple[dict, dict]:
    from notices.hoso.backup import dump_rows
    from notices.register.db import open_database

    db = open_database(url)
    try:
        with db.engine.begin() as conn:
            return dump_rows(conn)
    finally:
        db.dispose()


def _other_url(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty database on the other engine than ``db_url``."""
    if db_url.startswith("sqlite"):
        return request.getfixturevalue("pg_url")
    return f"sqlite:///{tmp_path / f'restored-{uuid.uuid4().hex[:6]}.db'}"


@pytest.mark.postgres
def test_backup_restores_on_the_other_engine_and_on_its_own(issued, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                             request: pytest.FixtureRequest) -> None:
    from notices.hoso.backup import check

    db_url, _record, out = issued
    run("hoso", "close", "01.TH", "--year", "2022", "--db", db_url, "--agency", AGENCY)
    backup = tmp_path / "sao-luu"
    said = run("archive", "backup", "--out", str(backup), "--db", db_url, "--agency", AGENCY)
    assert "đã kiểm tra lại" in said and check(backup) == []
    before_rows, before_blobs = _dump(db_url)
    for target in (_other_url(db_url, tmp_path, request), f"sqlite:///{tmp_path / 'same-engine.db'}"):
        run("archive", "restore", str(backup), "--db", target)
        assert "tất cả nguyên vẹn" in run("archive", "verify", "--db", target, "--agency", AGENCY)
        rows, blobs = _dump(target)
        assert rows == before_rows  # every register row, number, counter, hồ sơ, item, log line
        assert blobs == before_blobs  # every archived file and attachment, byte for byte
        # and the restored database goes on working: the next number follows, the package is the same
        package = tmp_path / f"{uuid.uuid4().hex[:6]}.zip"
        run("hoso", "export", "01.TH", "--year", "2022", "--db", target, "--agency", AGENCY, "--out", str(package))
        assert "nguyên vẹn" in run("hoso", "verify", str(package))
        found = run("archive", "search", "Bí thư", "--db", target, "--agency", AGENCY)
        assert "01/TB-UBND" in found
        from notices.register.db import open_database
        from notices.register.registry import AgencyKey
        from tests.register.helpers import add

        db = open_database(target)
        try:
            import datetime as dt

            entry = add(db, "Sau khôi phục", date=dt.date(2022, 12, 1),
                        agency=AgencyKey("UBND", "Ủy ban nhân dân phường Phú Tài"))
            assert entry.label == "02/TB-UBND"  # the counter came back: no number given twice
        finally:
            db.dispose()


def test_restore_refuses_a_database_with_rows_and_a_tampered_backup(issued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from notices.cli import main

    db_url, _record, _out = issued
    backup = tmp_path / "sao-luu"
    run("archive", "backup", "--out", str(backup), "--db", db_url, "--agency", AGENCY)
    result = CliRunner().invoke(main, ["archive", "restore", str(backup), "--db", db_url])
    assert result.exit_code == 1 and "rỗng" in result.output
    blob = sorted((backup / "blobs").iterdir())[0]
    data = bytearray(blob.read_bytes())
    data[len(data) // 2] ^= 0x10
    blob.write_bytes(bytes(data))
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    result = CliRunner().invoke(main, ["archive", "restore", str(backup), "--db", empty])
    assert result.exit_code == 1 and "không nguyên vẹn" in result.output and blob.name in result.output
    check = CliRunner().invoke(main, ["archive", "restore", str(backup), "--check", "--db", empty])
    assert check.exit_code == 1
    again = CliRunner().invoke(main, ["archive", "backup", "--out", str(backup), "--db", db_url, "--agency", AGENCY])
    assert again.exit_code == 1 and "thư mục mới" in again.output


def test_archive_verify_also_checks_the_hoso_attachments(issued) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner
    from sqlalchemy import update

    from notices.cli import main
    from notices.hoso.tables import attachments
    from notices.register.db import open_database

    db_url, record, _out = issued
    ok = run("archive", "verify", "--db", db_url, "--agency", AGENCY)
    assert "Đã kiểm tra 11 tệp" in ok  # 3 × (record, DOCX, PDF/A) + the hồ sơ's record and photo
    db = open_database(db_url)
    try:
        with db.engine.begin() as conn:
            conn.execute(update(attachments).where(attachments.c.role == "photo").values(content=b"changed"))
    finally:
        db.dispose()
    result = CliRunner().invoke(main, ["archive", "verify", "--db", db_url, "--agency", AGENCY])
    assert result.exit_code == 1 and "hồ sơ 01.TH" in result.output and "quang-canh-hoi-nghi.jpg" in result.output
