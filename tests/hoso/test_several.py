"""Several meetings into one hồ sơ, one document in two hồ sơ (a link, stored once), agencies apart,
and state changes as compare-and-set."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from notices.register.registry import AgencyKey
from tests.hoso.conftest import AGENCY, draft_record, run

WHO = AgencyKey("UBND", "Ủy ban nhân dân phường Phú Tài")


def test_two_meetings_in_time_order_and_one_document_in_two_hoso(issued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from lxml import etree

    from notices.hoso.package import XSD_PATH
    from notices.register.db import files, open_database

    db_url, _record, out = issued
    second = draft_record(tmp_path / "hop-2", "hoi-nghi-2.yaml")
    # issued earlier in the day order? no: a later date, so its documents come after the first meeting's
    run("issue", str(second), "--hoso", "01.TH", "--date", "2022-08-25", "--db", db_url, "--out", str(out))
    db = open_database(db_url)
    try:
        with db.engine.begin() as conn:
            stored = conn.execute(select(func.count()).select_from(files)).scalar_one()
    finally:
        db.dispose()
    said = run("hoso", "add", "02.TH", "01/TB-UBND", "02/TB-UBND", "--year", "2022", "--db", db_url,
               "--agency", AGENCY)
    assert said.count("Đã lập") == 2
    again = run("hoso", "add", "02.TH", "01/TB-UBND", "--year", "2022", "--db", db_url, "--agency", AGENCY)
    assert "đã có trong hồ sơ 02.TH" in again
    db = open_database(db_url)
    try:
        with db.engine.begin() as conn:
            assert conn.execute(select(func.count()).select_from(files)).scalar_one() == stored  # no copy
    finally:
        db.dispose()
    schema = etree.XMLSchema(etree.parse(str(XSD_PATH)))
    for notation, expected in (("01.TH", ["01/TB", "01/GM", "01/BB", "02/TB", "02/GM", "02/BB"]),
                               ("02.TH", ["01/TB", "02/TB"])):
        run("hoso", "close", notation, "--year", "2022", "--db", db_url, "--agency", AGENCY)
        package = tmp_path / f"{notation}.zip"
        run("hoso", "export", notation, "--year", "2022", "--db", db_url, "--agency", AGENCY, "--out", str(package))
        assert "nguyên vẹn" in run("hoso", "verify", str(package))
        with zipfile.ZipFile(package) as archive:
            root = etree.fromstring(archive.read("hoso.xml"))
            names = archive.namelist()
        schema.assertValid(root)
        docs = root.findall("Documents/Document")
        assert [f"{d.findtext('CodeNumber')}/{d.findtext('CodeNotation')[:2]}" for d in docs] == expected
        assert [d.findtext("IssuedDate") for d in docs] == sorted(d.findtext("IssuedDate") for d in docs)
        assert root.findtext("DocTotal") == str(len(expected))
        assert [n for n in names if n[:3].isdigit()] == [d.get("file") for d in docs]
    assert root.findtext("StartDate") == "2022-08-19" and root.findtext("EndDate") == "2022-08-25"


def test_agencies_are_kept_apart(issued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from notices.errors import UserError
    from notices.hoso.library import contents, list_hoso
    from notices.register.db import open_database

    db_url, _record, _out = issued
    plan = tmp_path / "khac.yaml"
    plan.write_text("year: 2022\nheadings:\n  - title: Văn phòng\n    code: TH\n    files:\n"
                    "      - {number: 01.TH, title: Hồ sơ của xã khác, retention: 5 năm, creator: A}\n", encoding="utf-8")
    run("hoso", "plan", str(plan), "--db", db_url, "--agency", "UBND:Ủy ban nhân dân xã Khác")
    other = AgencyKey("UBND", "Ủy ban nhân dân xã Khác")
    db = open_database(db_url)
    try:
        assert [h.title for h in list_hoso(db, other, 2022)] == ["Hồ sơ của xã khác"]
        assert contents(db, other, 2022, "01.TH").items == []
        assert len(contents(db, WHO, 2022, "01.TH").items) == 3
        with pytest.raises(UserError, match="Sổ đăng ký năm 2022 không có số 01/TB-UBND"):
            from notices.hoso.library import add

            add(db, other, 2022, "01.TH", ["01/TB-UBND"])  # the other agency's number is not its own
    finally:
        db.dispose()


def test_a_stale_hoso_loses_the_compare_and_set(issued) -> None:  # type: ignore[no-untyped-def]
    from notices.errors import UserError
    from notices.hoso.library import _claim, close, get_hoso
    from notices.register.db import open_database

    db_url, _record, _out = issued
    db = open_database(db_url)
    try:
        with db.engine.begin() as conn:
            stale = get_hoso(conn, WHO, 2022, "01.TH")
        close(db, WHO, 2022, "01.TH")  # someone else closed it meanwhile
        with pytest.raises(UserError, match="vừa được người khác thay đổi"), db.engine.begin() as conn:
            _claim(conn, stale, "open")
        with pytest.raises(UserError, match="không đóng lần hai"):
            close(db, WHO, 2022, "01.TH")
    finally:
        db.dispose()


def test_issue_refuses_before_numbering_when_the_hoso_is_unknown(issued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from notices.cli import main

    db_url, _record, out = issued
    record = draft_record(tmp_path / "hop-3")
    result = CliRunner().invoke(main, ["issue", str(record), "--hoso", "09.TH", "--date", "2022-09-01", "--db", db_url,
                                       "--out", str(out)])
    assert result.exit_code == 1 and "không có hồ sơ 09.TH" in result.output
    assert "number:" not in record.read_text(encoding="utf-8")  # no number was taken


def test_a_hoso_opened_outside_the_danh_muc(issued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from notices.cli import main

    db_url, _record, out = issued
    said = run("hoso", "open", "04.VP", "--title", "Hồ sơ tiếp công dân đột xuất", "--retention", "5 năm",
               "--creator", "Lê Văn D", "--year", "2022", "--db", db_url, "--agency", AGENCY)
    assert "Đã mở hồ sơ 04.VP năm 2022" in said
    bad = CliRunner().invoke(main, ["hoso", "open", "05.XX", "--title", "X", "--retention", "mãi", "--creator", "A",
                                    "--year", "2022", "--db", db_url, "--agency", AGENCY])
    assert bad.exit_code == 1 and "thời hạn bảo quản" in bad.output
    run("hoso", "add", "04.VP", "01/GM-UBND", "--db", db_url, "--agency", AGENCY)
    listed = run("hoso", "list", "--year", "2022", "--db", db_url, "--agency", AGENCY)
    assert listed.index("03.VP") < listed.index("04.VP") and "5 hồ sơ" not in listed and "4 hồ sơ." in listed
    plan = tmp_path / "danh-muc.yaml"  # loading the Danh mục again keeps the hồ sơ opened outside it
    run("hoso", "plan", str(plan), "--db", db_url, "--agency", AGENCY)
    assert "04.VP" in run("hoso", "list", "--year", "2022", "--db", db_url, "--agency", AGENCY)
