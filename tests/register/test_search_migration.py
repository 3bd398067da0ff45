"""Migration 0003 upgrades a register in place: rows stored before it get their search vectors, every file's
bytes move to ``blobs`` (tampered ones stay tampered, so verify still catches them), on both databases."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import text

from notices.register import archive
from notices.register.db import Database, make_engine, open_database
from notices.register.registry import AgencyKey

AGENCY = AgencyKey("UBND", "Ủy ban nhân dân xã Hòa Phú")
OTHER = AgencyKey("UBND", "Ủy ban nhân dân xã Ia Ly")


def _at_0001(url: str) -> Database:
    from alembic import command
    from alembic.config import Config

    import notices.register.db as module

    db = Database(make_engine(url), url)
    config = Config()
    config.set_main_option("script_location", str(Path(module.__file__).parent / "migrations"))
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    return db


def _old_row(conn, agency: int, number: int, subject: str, body: str, files: list[tuple[str, bytes, str]]) -> int:  # type: ignore[no-untyped-def]
    content = f"{number:02d}/TB-UBND\n{number}\nThông báo\n{subject}\n{body}"
    entry = conn.execute(text(
        "INSERT INTO entries (agency_id, year, series, number, notation, kind, kind_label, issued_on, subject, "
        "recipients, archive, record_name, record_path, status, issued_by, issued_at, content) VALUES "
        "(:a, 2024, 'TB', :n, 'TB-UBND', 'notice', 'Thông báo', :d, :s, '', 'VT', 'hoso.yaml', :p, 'issued', "
        "'x', '2024-01-01T08:00:00+07:00', :c) RETURNING id"),
        {"a": agency, "n": number, "d": f"2024-01-{number:02d}", "s": subject, "p": f"/h/{number}.yaml",
         "c": content}).scalar_one()
    for name, data, sha in files:
        conn.execute(text("INSERT INTO files (entry_id, role, name, size, sha256, content) VALUES "
                          "(:e, 'docx', :n, :z, :h, :c)"), {"e": entry, "n": name, "z": len(data), "h": sha, "c": data})
    if conn.dialect.name == "sqlite":
        from notices.vn.search import fold_for_index

        conn.execute(text("INSERT INTO entries_fts (rowid, folded) VALUES (:i, :f)"),
                     {"i": entry, "f": fold_for_index(content)})
    return entry


def test_an_archive_stored_before_0003_is_upgraded_in_place(db_url: str) -> None:
    shared = b"the same DOCX bytes" * 100
    sha = hashlib.sha256(shared).hexdigest()
    tampered = b"changed after it was stored"
    bad_sha = hashlib.sha256(b"what was stored").hexdigest()
    db = _at_0001(db_url)
    with db.engine.begin() as conn:
        a = conn.execute(text("INSERT INTO agencies (code, name) VALUES (:c, :n) RETURNING id"),
                         {"c": AGENCY.code, "n": AGENCY.name}).scalar_one()
        b = conn.execute(text("INSERT INTO agencies (code, name) VALUES (:c, :n) RETURNING id"),
                         {"c": OTHER.code, "n": OTHER.name}).scalar_one()
        _old_row(conn, a, 1, "Kết luận về cải cách hành chính", "Đồng chí Nguyễn Văn Đức phát biểu.",
                 [("a.docx", tampered, sha), ("b.pdf", tampered, bad_sha)])  # a bad copy of a shared hash first
        _old_row(conn, a, 2, "Kế hoạch chuyển đổi số", "Thôn Hoà Bình làm trước.", [("a.docx", shared, sha)])
        _old_row(conn, b, 1, "Kết luận về cải cách hành chính", "Ở xã khác.", [("a.docx", shared, sha)])
        conn.execute(text("INSERT INTO counters (agency_id, year, series, last) VALUES (:a, 2024, 'TB', 2), "
                          "(:b, 2024, 'TB', 1)"), {"a": a, "b": b})
    db.dispose()

    db = open_database(db_url)  # upgrades to head
    hits = archive.search(db, "cải cách hành chính", agency=AGENCY)
    assert [h.entry.label for h in hits] == ["01/TB-UBND"]
    assert [h.entry.label for h in archive.search(db, "hòa binh", agency=AGENCY)] == ["02/TB-UBND"]
    assert [h.excerpt for h in archive.search(db, "duc", agency=AGENCY)] == ["Đồng chí Nguyễn Văn Đức phát biểu."]
    with db.engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM blobs")).scalar() == 2  # three files, two contents
        assert conn.execute(text("SELECT content FROM blobs WHERE sha256 = :h"), {"h": sha}).scalar() == shared
    assert dict(archive.stored_files(db, AGENCY, 2024, "02/TB-UBND")) == {"a.docx": shared}
    checked, bad = archive.verify(db)
    assert checked == 4 and [(m.label, m.name, m.agency) for m in bad] == [("01/TB-UBND", "b.pdf", "UBND")]
    assert archive.verify(db, OTHER) == (1, [])
    # a document issued after the upgrade is found beside the old ones
    from tests.register.helpers import add

    add(db, "Cải cách hành chính quý I", agency=AGENCY)
    assert len(archive.search(db, "cai cach hanh chinh", agency=AGENCY)) == 2
    db.dispose()
