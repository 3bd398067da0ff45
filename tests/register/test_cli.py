"""The whole flow through the command line, as the README shows it: issue → list → void → export → search → get → verify."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from notices.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_flow(draft: Path, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NOTICES_USER", "Văn thư Hạnh")
    code, out = run("issue", str(draft), "--date", "2024-01-05", "--db", db_url, "--out", "output")
    assert code == 0, out
    assert out.startswith("Đã cấp số 01/TB-UBND ngày 05/01/2024 → output/dak-song\n")
    assert "  → output/dak-song/thong-bao.pdfa.pdf" in out
    code, out = run("issue", str(draft), "--db", db_url)
    assert code == 1 and "notices không cấp số lần hai" in out

    code, out = run("register", "list", "--year", "2024", "--db", db_url)
    assert code == 0 and out.splitlines()[0].startswith("01/TB-UBND\t05/01/2024\tThông báo: Kết luận, chỉ đạo")
    code, out = run("register", "void", "01/TB-UBND", "--year", "2024", "--reason", "Ban hành nhầm", "--db", db_url)
    assert code == 0 and out.startswith("Đã hủy số 01/TB-UBND năm 2024 (Văn thư Hạnh, ")
    code, out = run("register", "export", "--year", "2024", "--format", "csv", "--out", "so.csv", "--db", db_url)
    assert code == 0, out
    text = (tmp_path / "so.csv").read_bytes().decode("utf-8-sig")
    assert "Đã hủy số ngày" in text and "(Văn thư Hạnh): Ban hành nhầm" in text

    code, out = run("archive", "search", "ngo duc trong", "--db", db_url)
    assert code == 0 and out.startswith("01/TB-UBND năm 2024, ngày 05/01/2024 — Thông báo: Kết luận") and \
        "Tìm thấy 1 văn bản." in out
    code, out = run("archive", "search", "không có đâu", "--db", db_url)
    assert code == 0 and "Tìm thấy 0 văn bản." in out

    code, out = run("archive", "get", "01/TB-UBND", "--year", "2024", "--out", "lay-lai", "--db", db_url)
    assert code == 0, out
    got = tmp_path / "lay-lai" / "thong-bao.docx"
    original = tmp_path / "output" / "dak-song" / "thong-bao.docx"
    assert hashlib.sha256(got.read_bytes()).digest() == hashlib.sha256(original.read_bytes()).digest()
    assert (tmp_path / "lay-lai" / "dak-song.yaml").read_bytes() == draft.read_bytes()

    code, out = run("archive", "verify", "--db", db_url)
    assert code == 0 and "Đã kiểm tra 3 tệp: tất cả nguyên vẹn." in out
    from notices.register.db import blobs, files, open_database

    db = open_database(db_url)
    with db.engine.begin() as conn:  # the bytes are kept once per content, under their SHA-256 (blobs)
        sha, content = conn.execute(select(blobs.c.sha256, blobs.c.content).join(files, files.c.sha256 == blobs.c.sha256)
                                    .where(files.c.name == "dak-song.yaml")).one()
        conn.execute(update(blobs).where(blobs.c.sha256 == sha).values(content=content.replace(b"number: 1", b"number: 7")))
    db.dispose()
    code, out = run("archive", "verify", "--db", db_url)
    assert code == 1
    assert "SAI: 01/TB-UBND năm 2024 (UBND), tệp dak-song.yaml" in out and "1/3 tệp không còn nguyên vẹn" in out


def test_usage_errors_are_vietnamese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, draft: Path) -> None:
    monkeypatch.chdir(tmp_path)
    db = f"sqlite:///{tmp_path / 'so.db'}"
    code, out = run("issue", str(draft), "--date", "2024-02-30", "--db", db)
    assert code == 2 and "không phải ngày dạng NĂM-THÁNG-NGÀY" in out
    code, out = run("register", "void", "05/TB-UBND", "--year", "2024", "--reason", "x", "--db", db)
    assert code == 1 and "Sổ đăng ký năm 2024 không có số 05/TB-UBND." in out
    code, out = run("archive", "get", "05/TB-UBND", "--year", "2024", "--out", "x", "--db",
                    f"sqlite:///{tmp_path / 'khong' / 'co' / 'so.db'}")
    assert code == 1 and "Không có thư mục chứa cơ sở dữ liệu" in out


def test_documents_already_numbered_are_named_beside_those_issued(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   sqlite_url: str) -> None:
    """Phú Tài's record: the invitation (47) and the notice (5) carry numbers typed by hand; the minutes
    have none. The minutes are issued, and the two others are named as left alone, with the reason."""
    from tests.conftest import EXAMPLES

    monkeypatch.chdir(tmp_path)
    record = tmp_path / "phu-tai.yaml"
    record.write_bytes((EXAMPLES / "phu-tai-cchc-2022.yaml").read_bytes())
    code, out = run("issue", str(record), "--date", "2022-08-20", "--db", sqlite_url, "--out", "output")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].startswith("Đã cấp số 01/BB-UBND ngày 20/08/2022")
    skipped = [line for line in lines if line.startswith("Bỏ qua: ")]
    assert len(skipped) == 2
    assert skipped[0].startswith("Bỏ qua: Thông báo đã có số 05/TB-UBND") and "không cấp số lần hai" in skipped[0]
    assert skipped[1].startswith("Bỏ qua: Giấy mời đã có số 47/GM-UBND") and "không cấp số lần hai" in skipped[1]


def test_search_language_and_filters_on_the_command_line(sqlite_url: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from notices.register.db import open_database
    from notices.register.registry import AgencyKey
    from tests.register.helpers import add

    monkeypatch.chdir(tmp_path)
    db = open_database(sqlite_url)
    add(db, "Phòng chống thiên tai", body=["Bão số 3 đổ bộ vào xã Hòa Phú."], signer="Lê Thị Hoà",
        date=dt.date(2024, 3, 1))
    add(db, "Phòng chống dịch bệnh", body=["Dịch tả lợn châu Phi ở xã Hòa Phú."], signer="Nguyễn Văn Đức",
        date=dt.date(2024, 6, 1))
    add(db, "Phòng chống dịch bệnh", body=["Ở xã khác."], agency=AgencyKey("UBND", "Ủy ban nhân dân xã Ia Ly"))
    db.dispose()
    agency = "UBND:Ủy ban nhân dân huyện Đắk Song"
    code, out = run("archive", "search", "phòng chống -thiên", "--db", sqlite_url, "--agency", agency)
    assert code == 0, out
    assert out.splitlines() == ["02/TB-UBND năm 2024, ngày 01/06/2024 — Thông báo: Phòng chống dịch bệnh",
                                "Tìm thấy 1 văn bản."]
    code, out = run("archive", "search", "hoa phu", "--signer", "LE THI HOA", "--db", sqlite_url, "--agency", agency)
    assert "01/TB-UBND" in out and "02/TB-UBND" not in out and "    Bão số 3 đổ bộ vào xã Hòa Phú." in out
    code, out = run("archive", "search", "hoa phu", "--from", "2024-04-01", "--db", sqlite_url, "--agency", agency)
    assert "02/TB-UBND" in out and "01/TB-UBND" not in out
    code, out = run("archive", "search", "phong chong", "--all-agencies", "--db", sqlite_url)
    assert "— UBND Ủy ban nhân dân xã Ia Ly:" in out and out.count("Tìm thấy") == 2
    code, out = run("archive", "search", "phong", "--from", "2024-13-01", "--db", sqlite_url, "--agency", agency)
    assert code == 2 and "không phải ngày dạng NĂM-THÁNG-NGÀY" in out


def test_archive_size_per_document(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from notices.register.db import open_database
    from tests.register.helpers import add

    monkeypatch.chdir(tmp_path)
    db = open_database(db_url)
    add(db, "Một", body=["Nội dung."])
    add(db, "Hai", body=["Nội dung."])
    db.dispose()
    code, out = run("archive", "size", "--db", db_url)
    assert code == 0, out
    import re

    # two records and two small DOCX (the same DOCX bytes are stored once when the ZIP times agree)
    assert re.fullmatch(r"2 văn bản đã lưu, 4 tệp \([34] nội dung khác nhau, 0,0 MB\); cơ sở dữ liệu [\d.]+,\d MB, "
                        r"bình quân [\d.]+,\d KiB mỗi văn bản\.\n", out), out
