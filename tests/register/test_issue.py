"""``notices issue`` end to end on a real database file and on PostgreSQL: number, record, render, archive."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select, update

from notices.errors import UserError
from notices.register import archive
from notices.register.db import blobs, entries, files
from notices.register.issue import issue_record
from notices.register.registry import AgencyKey, list_entries
from tests.support import Docx

UTC = dt.UTC
AGENCY = AgencyKey("UBND", "Ủy ban nhân dân huyện Đắk Song")


def docx_text(path: Path) -> str:
    return "\n".join(Docx.open(path).document.itertext())


def test_issue_numbers_registers_and_archives(draft: Path, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = draft.read_text(encoding="utf-8")
    [result] = issue_record(draft, date=dt.date(2024, 1, 5), out=tmp_path / "out", db=db)
    assert result.entry.label == "01/TB-UBND"
    assert result.summary().startswith("Đã cấp số 01/TB-UBND ngày 05/01/2024 → ")
    # the record file: only the number, the date and the year lines changed; every comment stays
    after = draft.read_text(encoding="utf-8")
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new)
    changed = [(o, n) for o, n in zip(old, new, strict=True) if o != n]
    assert changed == [
        ('    number: null                           # blank: "Số:      /TB-UBND" (draft)\n',
         '    number: 1                              # blank: "Số:      /TB-UBND" (draft)\n'),
        ('    date: null                             # blank day and month: "ngày     tháng     năm 2023"\n',
         '    date: 2024-01-05                       # blank day and month: "ngày     tháng     năm 2023"\n'),
        ("    year: 2023\n", "    year: 2024\n"),
    ]
    # the final document carries the number and the date
    docx, pdf = result.files
    text = docx_text(docx)
    assert "Số: 01/TB-UBND" in text and "ngày 05 tháng 01 năm 2024" in text
    # the register row and the archive: get gives back every file byte for byte
    [row] = list_entries(db, AGENCY, 2024)
    assert (row.status, row.number, row.issued_on, row.signer_name) == ("issued", 1, dt.date(2024, 1, 5),
                                                                        "Trần Thanh Nghiêm")
    back = archive.get(db, AGENCY, 2024, "01/TB-UBND", tmp_path / "back")
    assert sorted(p.name for p in back) == ["dak-song.yaml", "thong-bao.docx", "thong-bao.pdfa.pdf"]
    for original in (draft, docx, pdf):
        copy = tmp_path / "back" / original.name
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == hashlib.sha256(original.read_bytes()).hexdigest()
    with db.engine.begin() as conn:
        hashes = dict(conn.execute(select(files.c.name, files.c.sha256)).all())
    assert hashes["thong-bao.pdfa.pdf"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    # a record that already has its number is refused, never numbered twice
    with pytest.raises(UserError, match="đã có số 01/TB-UBND ngày 05/01/2024; notices không cấp số lần hai"):
        issue_record(draft, out=tmp_path / "out", db=db)
    assert len(list_entries(db, AGENCY, 2024)) == 1
    # verify: all intact, then one changed byte in the database is caught
    assert archive.verify(db) == (3, [])
    with db.engine.begin() as conn:
        sha, content = conn.execute(select(blobs.c.sha256, blobs.c.content).join(files, files.c.sha256 == blobs.c.sha256)
                                    .where(files.c.name == "thong-bao.pdfa.pdf")).one()
        conn.execute(update(blobs).where(blobs.c.sha256 == sha).values(content=content[:100] + b"X" + content[101:]))
    checked, bad = archive.verify(db)
    assert checked == 3 and [(m.label, m.name) for m in bad] == [("01/TB-UBND", "thong-bao.pdfa.pdf")]
    with pytest.raises(UserError, match="không khớp mã SHA-256"):
        archive.get(db, AGENCY, 2024, "01/TB-UBND", tmp_path / "again")


def test_hand_typed_number_is_refused(tmp_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import EXAMPLES

    record = tmp_path / "xa.yaml"
    record.write_bytes((EXAMPLES / "mo-duc-bao-cao-cchc-2022.yaml").read_bytes())
    before = record.read_bytes()
    with pytest.raises(UserError, match="đã có số 09/BC-UBND ghi sẵn trong hồ sơ"):
        issue_record(record, kind="report", out=tmp_path / "out", db=db)
    assert record.read_bytes() == before
    assert list_entries(db, None, None) == []


def test_failed_render_keeps_the_number_and_a_rerun_finishes_it(draft: Path, sqlite_url: str, tmp_path: Path) -> None:
    from notices.register.db import open_database

    db = open_database(sqlite_url)
    not_a_folder = tmp_path / "output"
    not_a_folder.write_text("a file where the output folder should be", encoding="utf-8")
    with pytest.raises(UserError) as failure:  # the documents cannot be written: after numbering
        issue_record(draft, date=dt.date(2024, 2, 1), out=not_a_folder, db=db)
    assert "Số 01/TB-UBND ngày 01/02/2024 đã cấp và đã ghi vào hồ sơ" in failure.value.message
    assert "chạy lại “notices issue" in failure.value.message
    [row] = list_entries(db, AGENCY, 2024)
    assert row.status == "pending"
    assert "number: 1 " in draft.read_text(encoding="utf-8")
    # the secretary fixes the problem and runs notices issue again: the same number is finished
    [result] = issue_record(draft, out=tmp_path / "out", db=db)
    assert result.resumed and result.entry.label == "01/TB-UBND" and result.entry.status == "issued"
    assert [e.number for e in list_entries(db, AGENCY, 2024)] == [1]
    assert archive.verify(db) == (3, [])
    db.dispose()


def test_a_record_with_errors_takes_no_number(draft: Path, sqlite_url: str, tmp_path: Path) -> None:
    from notices.errors import RecordError
    from notices.register.db import open_database

    db = open_database(sqlite_url)
    before = draft.read_text(encoding="utf-8").replace("    subject: >-\n", "    subjekt: >-\n", 1)
    draft.write_text(before, encoding="utf-8")
    with pytest.raises(RecordError):
        issue_record(draft, date=dt.date(2024, 2, 1), out=tmp_path / "out", db=db)
    assert draft.read_text(encoding="utf-8") == before
    assert list_entries(db, None, None) == []
    db.dispose()


def test_year_rolls_over_at_midnight_in_vietnam(tmp_path: Path, sqlite_url: str) -> None:
    """A frozen clock: 16:59 UTC on 31/12 is still the old year; 17:00 UTC is 1 January in Vietnam."""
    from notices.register.db import open_database
    from notices.register.registry import vietnam_today
    from tests.register.helpers import add

    assert vietnam_today(lambda: dt.datetime(2024, 12, 31, 16, 59, tzinfo=UTC)) == dt.date(2024, 12, 31)
    assert vietnam_today(lambda: dt.datetime(2024, 12, 31, 17, 0, tzinfo=UTC)) == dt.date(2025, 1, 1)
    db = open_database(sqlite_url)
    for day in (1, 2, 3):
        add(db, f"Văn bản {day}", date=dt.date(2024, 12, day), agency=AGENCY)
    folder = tmp_path / "hoso"
    folder.mkdir()
    record = folder / "r.yaml"
    from tests.register.conftest import DRAFT_NOTICE

    record.write_bytes(DRAFT_NOTICE.read_bytes())
    frozen = lambda: dt.datetime(2024, 12, 31, 17, 30, tzinfo=UTC)  # noqa: E731
    [result] = issue_record(record, out=tmp_path / "out", db=db, now=frozen)
    assert (result.entry.label, result.entry.year, result.entry.issued_on) == ("01/TB-UBND", 2025, dt.date(2025, 1, 1))
    assert "date: 2025-01-01" in record.read_text(encoding="utf-8")
    assert [e.number for e in list_entries(db, AGENCY, 2024)] == [1, 2, 3]
    db.dispose()


def test_an_issue_date_before_the_last_one_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    from tests.register.helpers import add

    add(db, "Một", date=dt.date(2024, 3, 10))
    with pytest.raises(UserError, match="sớm hơn văn bản đã cấp số gần nhất"):
        add(db, "Hai", date=dt.date(2024, 3, 9))
    with db.engine.begin() as conn:
        assert conn.execute(select(entries.c.number)).scalars().all() == [1]


def test_an_earlier_date_waiting_for_the_counter_sees_the_later_issue_and_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    """Two secretaries at once: the later date takes number 1 and holds the counter; the earlier date,
    waiting behind it, must see it once it may go on (read after the counter's lock, not before)."""
    import threading
    import time

    from notices.register.registry import Draft, register
    from tests.register.helpers import AGENCY as KEY
    from tests.register.helpers import add

    add(db, "Mở sổ", date=dt.date(2024, 3, 1))  # the agency and its counter exist before the race

    def draft(subject: str, day: int) -> Draft:
        return Draft(kind="notice", kind_label="Thông báo", series="TB", notation="TB-UBND", issued_on=dt.date(2024, 3, day),
                     subject=subject, signer_name="Trần Thanh Nghiêm", signer_title="Chủ tịch", recipients=[],
                     archive=["VT"], record_name="hoso.yaml", record_path=f"/hoso/{subject}.yaml")

    outcome: list[object] = []

    def earlier() -> None:
        try:
            with db.engine.begin() as conn:
                outcome.append(register(conn, KEY, draft("Sớm", 5)).number)
        except UserError as error:
            outcome.append(error.message)

    with db.engine.begin() as conn:
        assert register(conn, KEY, draft("Muộn", 10)).number == 2
        waiting = threading.Thread(target=earlier)
        waiting.start()
        time.sleep(0.5)  # the other issue is now waiting for this transaction
        assert outcome == []
    waiting.join(30)
    assert len(outcome) == 1 and "sớm hơn văn bản đã cấp số gần nhất" in str(outcome[0]), outcome
    with db.engine.begin() as conn:
        assert conn.execute(select(entries.c.number).order_by(entries.c.number)).scalars().all() == [1, 2]
