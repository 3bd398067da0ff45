"""From one meeting record to a verified Phụ lục VI package: issue into a hồ sơ, close, export, verify."""

from __future__ import annotations

import hashlib
import io
import random
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from notices.register.registry import AgencyKey
from tests.hoso.conftest import AGENCY, run

WHO = AgencyKey("UBND", "Ủy ban nhân dân phường Phú Tài")


def _export(db_url: str, out: Path) -> Path:
    run("hoso", "close", "01.TH", "--year", "2022", "--db", db_url, "--agency", AGENCY, "--out", str(out))
    package = out / "01.TH.zip"
    run("hoso", "export", "01.TH", "--year", "2022", "--db", db_url, "--agency", AGENCY, "--out", str(package))
    return package


def test_issue_files_all_three_and_the_record_into_one_hoso(issued) -> None:  # type: ignore[no-untyped-def]
    from notices.hoso.library import contents
    from notices.register.db import open_database

    db_url, record, _out = issued
    db = open_database(db_url)
    try:
        found = contents(db, WHO, 2022, "01.TH")
    finally:
        db.dispose()
    kinds = [i.entry.kind for i in found.items]
    assert sorted(kinds) == ["invitation", "minutes", "notice"]
    assert [i.ordinal for i in found.items] == [1, 2, 3]
    assert all(i.pages >= 1 for i in found.items)
    roles = {(a.role, a.name) for a in found.attachments}
    assert ("record", record.name) in roles
    assert ("photo", "hoi-nghi/quang-canh-hoi-nghi.jpg") in roles
    # the record kept is the one with all three numbers written into it
    from notices.hoso.library import attachment_bytes

    db = open_database(db_url)
    try:
        kept = attachment_bytes(db, WHO, found.hoso, record.name)
    finally:
        db.dispose()
    assert kept == record.read_bytes()


def test_close_export_validate_verify(issued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from lxml import etree

    from notices.hoso.package import XSD_PATH
    from notices.register.archive import stored_files
    from notices.register.db import open_database

    db_url, _record, out = issued
    package = _export(db_url, out)
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        xml = archive.read("hoso.xml")
        assert archive.read("hoso.xsd") == XSD_PATH.read_bytes()
        pdfs = [(n, archive.read(n)) for n in names if n[:3].isdigit()]
        manifest = archive.read("SHA256SUMS").decode()
        members = {n: archive.read(n) for n in names}
    assert names[:3] == ["hoso.xml", "hoso.xsd", "muc-luc.pdf"] and names[-1] == "SHA256SUMS"
    assert [n for n, _ in pdfs] == ["001_01-TB-UBND.pdf", "002_01-GM-UBND.pdf", "003_01-BB-UBND.pdf"]
    assert "tai-lieu/hoi-nghi.yaml" in names and "tai-lieu/hoi-nghi/quang-canh-hoi-nghi.jpg" in names
    # the XML validates against the shipped XSD (lxml)
    schema = etree.XMLSchema(etree.parse(str(XSD_PATH)))
    root = etree.fromstring(xml)
    schema.assertValid(root)
    assert [e.tag for e in root][:11] == ["FileCode", "Title", "Maintenance", "Rights", "Creator", "Language",
                                          "StartDate", "EndDate", "DocTotal", "PageTotal", "Description"]
    assert root.findtext("FileCode/OrganId") == "000.00.01.H20"
    assert root.findtext("FileCode/FileNotation") == "01.TH" and root.findtext("FileCode/FileCatalog") == "2022"
    assert root.findtext("DocTotal") == "3" and root.findtext("StartDate") == "2022-08-19"
    docs = root.findall("Documents/Document")
    fields = ["FileCode", "DocOrdinal", "TypeName", "CodeNumber", "CodeNotation", "IssuedDate", "OrganName",
              "Subject", "Language", "PageAmount", "Description", "SignerInfo", "To", "Priority", "IssuedAmount",
              "DueDate"]
    for doc in docs:
        tags = [e.tag for e in doc]
        assert list(dict.fromkeys(tags)) == fields and len(fields) == 16  # every field, To once per recipient
        assert doc.findtext("CodeNumber") == "01"
        assert [e.tag for e in doc.find("FileCode")] == ["OrganId", "FileCatalog", "FileNotation"]
        assert [e.tag for e in doc.find("SignerInfo")] == ["Position", "FullName"]
    notice = docs[0]
    assert [t.findtext("OrganName") for t in notice.findall("To")][0] == "Thường trực Đảng uỷ phường (b/c)"
    assert notice.findtext("SignerInfo/FullName") == "Nguyễn Văn C" and notice.findtext("TypeName") == "Thông báo"
    assert notice.findtext("IssuedDate") == "2022-08-19" and notice.findtext("Language") == "Tiếng Việt"
    # lengths are enforced by the XSD: a Subject of 501 characters is refused
    long = etree.fromstring(xml)
    long.find("Documents/Document/Subject").text = "a" * 501
    assert not schema.validate(long)
    assert [d.findtext("CodeNotation") for d in docs] == ["TB-UBND", "GM-UBND", "BB-UBND"]
    assert sum(int(d.findtext("PageAmount")) for d in docs) == int(root.findtext("PageTotal"))
    # the PDFs are the archived bytes
    db = open_database(db_url)
    try:
        for (name, data), doc in zip(pdfs, docs, strict=True):
            label = f"{doc.findtext('CodeNumber')}/{doc.findtext('CodeNotation')}"
            archived = dict(stored_files(db, WHO, 2022, label))
            pdf_name = [n for n in archived if n.endswith(".pdf")][0]
            assert data == archived[pdf_name], name
            assert doc.get("sha256") == hashlib.sha256(data).hexdigest()
    finally:
        db.dispose()
    # the manifest names every other member with its SHA-256
    lines = manifest.splitlines()
    assert len(lines) == len(names) - 1
    for line in lines:
        sha, name = line.split("  ")
        assert hashlib.sha256(members[name]).hexdigest() == sha
    # verify, anywhere (a copy in another folder)
    copy = tmp_path / "elsewhere" / "goi.zip"
    copy.parent.mkdir()
    copy.write_bytes(package.read_bytes())
    assert "nguyên vẹn" in run("hoso", "verify", str(copy))


def test_verify_rejects_one_flipped_byte_anywhere(issued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from notices.hoso.package import verify

    db_url, _record, out = issued
    if not db_url.startswith("sqlite"):
        pytest.skip("the package is the same on both engines; flipped once")
    raw = _export(db_url, out).read_bytes()
    assert verify(_write(tmp_path, raw)).ok
    # every byte of each member's local header and of the central directory and its end; the first,
    # middle and last byte of every member's data; and 300 random bytes
    positions: set[int] = set()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        infos = archive.infolist()
        directory = archive.start_dir
    for info in infos:
        start = info.header_offset
        data_at = start + 30 + len(info.filename.encode()) + len(info.extra)
        positions.update(range(start, data_at))
        positions.update({data_at, data_at + info.compress_size // 2, data_at + info.compress_size - 1})
    positions.update(range(directory, len(raw)))
    rng = random.Random(25)
    positions.update(rng.randrange(len(raw)) for _ in range(300))
    accepted = []
    for at in sorted(positions):
        flipped = bytearray(raw)
        flipped[at] ^= 1 << rng.randrange(8)
        if verify(_write(tmp_path, bytes(flipped))).ok:
            accepted.append(at)
    assert not accepted, f"{len(accepted)} flipped bytes accepted, e.g. at {accepted[:10]}"
    assert len(positions) > 1000
    result = CliRunner().invoke(__import__("notices.cli", fromlist=["main"]).main,
                                ["hoso", "verify", str(_write(tmp_path, bytes(flipped)))])
    assert result.exit_code == 1 and "SAI" in result.output


def _write(folder: Path, data: bytes) -> Path:
    path = folder / "flip.zip"
    path.write_bytes(data)
    return path


def test_closed_hoso_refuses_documents_until_reopened_and_logs_it(issued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from notices.errors import UserError
    from notices.hoso.library import add, close, history, reopen
    from notices.register.db import open_database
    from tests.register.helpers import add as register_one

    db_url, _record, out = issued
    run("hoso", "close", "01.TH", "--year", "2022", "--db", db_url, "--agency", AGENCY)
    db = open_database(db_url)
    try:
        import datetime as dt

        from tests.register.helpers import tiny_docx  # noqa: F401

        extra = register_one(db, "Báo cáo thêm", date=dt.date(2022, 9, 1), agency=WHO)
        with pytest.raises(UserError, match="đã đóng"):
            add(db, WHO, 2022, "01.TH", [extra.label])
        reopen(db, WHO, 2022, "01.TH", "bổ sung văn bản")
        assert [h[2] for h in history(db, WHO, 2022, "01.TH")][-2:] == ["close", "reopen"]
        with pytest.raises(UserError, match="PDF"):  # the helper's document has no PDF: it cannot be paged
            add(db, WHO, 2022, "01.TH", [extra.label])
        found, _ = close(db, WHO, 2022, "01.TH")
        assert found.hoso.state == "closed" and found.hoso.doc_total == 3
        # another agency sees nothing of it
        with pytest.raises(UserError, match="không có hồ sơ 01.TH|chưa có cơ quan"):
            add(db, AgencyKey("UBND", "Ủy ban nhân dân xã Khác"), 2022, "01.TH", [extra.label])
    finally:
        db.dispose()


def test_list_due_names_a_hoso_thirty_days_before(issued) -> None:  # type: ignore[no-untyped-def]
    db_url, _record, _out = issued
    run("hoso", "close", "01.TH", "--year", "2022", "--db", db_url, "--agency", AGENCY)
    shown = run("hoso", "show", "01.TH", "--db", db_url, "--agency", AGENCY)  # the only year with 01.TH: 2022
    assert "Hồ sơ 01.TH năm 2022" in shown and "  3. 01/BB-UBND" in shown
    early = run("hoso", "list", "--due", "--today", "2023-07-19", "--db", db_url, "--agency", AGENCY)
    assert "01.TH" not in early and early.strip().endswith("0 hồ sơ đến hạn nộp lưu trong 30 ngày.")
    due = run("hoso", "list", "--due", "--today", "2023-07-20", "--db", db_url, "--agency", AGENCY)
    assert "01.TH năm 2022" in due and "19/08/2023" in due
