"""One office, one machine: ``render --queue`` on SQLite runs its jobs in this process, through the same
tables and functions as the PostgreSQL queue, and writes exactly what a plain ``render`` writes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from notices.cli import main
from tests.jobs.compare import same_outputs
from tests.jobs.conftest import copies


@pytest.fixture
def batch_folder(tmp_path: Path) -> Path:
    folder = copies(tmp_path / "hoso", 2)
    (folder / "hong.yaml").write_text("agency: {code: X\n", encoding="utf-8")  # a broken record
    return folder


def test_queue_on_sqlite_writes_what_render_writes(tmp_path: Path, batch_folder: Path) -> None:
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'notices.db'}"
    queued = runner.invoke(main, ["render", str(batch_folder), "--queue", "--db", url, "--out", str(tmp_path / "q"),
                                  "-j", "1", "--format", "docx,pdf,html"])
    plain = runner.invoke(main, ["render", str(batch_folder), "--out", str(tmp_path / "p"), "-j", "1",
                                 "--format", "docx,pdf,html"])
    assert queued.exit_code == plain.exit_code == 1, queued.output
    same_outputs(tmp_path / "q", tmp_path / "p")
    # the broken record is named with its place, in Vietnamese, as a plain render names it
    assert f"{batch_folder / 'hong.yaml'}:2:1: lỗi:" in queued.stderr
    summary = plain.stdout.splitlines()[-1]  # "Đã tạo 26 tệp từ 2 hồ sơ trong … giây; 1 hồ sơ lỗi, …"
    assert queued.stdout.splitlines()[-1].split(" trong ")[0] == summary.split(" trong ")[0]
    assert queued.stdout.splitlines()[-1].split("; ")[1] == summary.split("; ")[1]
    assert "Lô 1: xong 2, lỗi 1, còn 0/3 hồ sơ" in queued.stderr
    # later, from the database alone: the batch's status with each failure's record and reason, its ZIP
    status = runner.invoke(main, ["jobs", "status", "1", "--db", url])
    assert status.exit_code == 0, status.output
    assert status.stdout.startswith("Lô 1: xong 2, lỗi 1, còn 0/3 hồ sơ")
    assert f"{batch_folder / 'hong.yaml'}:2:1: lỗi:" in status.stdout
    zipped = runner.invoke(main, ["jobs", "zip", "1", "--db", url, "--out", str(tmp_path / "lo-1.zip")])
    assert zipped.exit_code == 0, zipped.output
    with zipfile.ZipFile(tmp_path / "lo-1.zip") as archive:
        names = set(archive.namelist())
        assert names == {p.relative_to(tmp_path / "p").as_posix() for p in (tmp_path / "p").rglob("*")
                         if p.is_file()} | {"LOI.txt"}
        assert archive.read("phu-tai-cchc-2022-1/thong-bao.pdf") == (tmp_path / "p" / "phu-tai-cchc-2022-1" /
                                                                     "thong-bao.pdf").read_bytes()


def test_status_and_zip_are_the_agencys_own(tmp_path: Path, batch_folder: Path) -> None:
    from notices.batch import Settings
    from notices.errors import UserError
    from notices.jobs.batches import batch_status, batch_zip, batches, queue_batch, runs_per_work
    from notices.jobs.queue import run_here
    from notices.register.db import open_database
    from notices.register.registry import AgencyKey

    url = f"sqlite:///{tmp_path / 'notices.db'}"
    db = open_database(url)
    try:
        settings = Settings(out=tmp_path / "out", formats=("html",))
        queued = queue_batch(db, None, [batch_folder], settings)
        again = queue_batch(db, None, [batch_folder], settings)  # the same records: the same works, no new job
        assert len(queued.todo) == 2
        assert again.todo == queued.todo
        run_here(url, queued.todo)
        run_here(url, again.todo)  # run twice: stored once, the second run a no-op
        assert runs_per_work(db) == {"stored": 2, "failed": 0, "skipped": 2, "max_stored": 1}
        owner = AgencyKey("UBND", "Ủy ban nhân dân phường Phú Tài")
        status = batch_status(db, owner, queued.batch)
        assert (status.done, status.failed, status.remaining) == (2, 1, 0)
        assert status.failures[0][0].endswith("hong.yaml") and "lỗi" in status.failures[0][1]
        buffer = io.BytesIO()
        assert batch_zip(db, owner, queued.batch, buffer) == 10  # 5 HTML files a record
        names = zipfile.ZipFile(buffer).namelist()
        assert "phu-tai-cchc-2022-1/tin-bai.html" in names and "LOI.txt" in names
        other = AgencyKey("UBND", "Ủy ban nhân dân huyện Đắk Song")
        for call in (lambda: batch_status(db, other, queued.batch), lambda: batch_zip(db, other, queued.batch,
                                                                                      io.BytesIO())):
            with pytest.raises(UserError, match="không có lô việc số 1"):
                call()
        assert batches(db, other) == []
        assert [s.batch for s in batches(db, owner)] == [again.batch, queued.batch]
    finally:
        db.dispose()


def test_issue_and_export_as_jobs_on_sqlite(tmp_path: Path) -> None:
    """``issue --queue`` numbers here and archives through a work; ``jobs export`` prints the register
    through a work: the same CSV as ``register export``; asked again, the same work (nothing new runs)."""
    from tests.jobs.conftest import DRAFT

    record = tmp_path / "hoso" / "dak-song.yaml"
    record.parent.mkdir()
    record.write_bytes(DRAFT.read_bytes())
    url = f"sqlite:///{tmp_path / 'notices.db'}"
    runner = CliRunner()
    issued = runner.invoke(main, ["issue", str(record), "--db", url, "--queue", "--date", "2023-06-05",
                                  "--out", str(tmp_path / "out")])
    assert issued.exit_code == 0, issued.output
    assert "Đã cấp số 01/TB-UBND ngày 05/06/2023" in issued.stdout
    assert sorted(p.name for p in (tmp_path / "out" / "dak-song").iterdir()) == ["thong-bao.docx",
                                                                                "thong-bao.pdfa.pdf"]
    got = runner.invoke(main, ["archive", "get", "01/TB-UBND", "--year", "2023", "--db", url,
                               "--out", str(tmp_path / "lai")])
    assert got.exit_code == 0, got.output
    assert (tmp_path / "lai" / "thong-bao.docx").read_bytes() == (tmp_path / "out" / "dak-song" /
                                                                  "thong-bao.docx").read_bytes()
    args = ["--year", "2023", "--format", "csv", "--db", url]
    for attempt in (1, 2):
        queued = runner.invoke(main, ["jobs", "export", *args, "--out", str(tmp_path / f"so-{attempt}.csv")])
        assert queued.exit_code == 0, queued.output
        assert "(việc số 2)" in queued.stdout  # work 1 archived the notice; the second ask is the same work
    plain = runner.invoke(main, ["register", "export", *args, "--out", str(tmp_path / "so.csv")])
    assert plain.exit_code == 0, plain.output
    assert (tmp_path / "so-1.csv").read_bytes() == (tmp_path / "so.csv").read_bytes()
    assert "TB-UBND" in (tmp_path / "so-2.csv").read_text(encoding="utf-8-sig")
    # the archive re-rendered as PDF/A from its stored records: the same document as the archived copy
    again = runner.invoke(main, ["jobs", "pdfa", "--year", "2023", "--db", url, "--out", str(tmp_path / "pdfa"),
                                 "-j", "1"])
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[-1].startswith("Đã tạo 1 tệp từ 1 hồ sơ")
    import pdfplumber

    with pdfplumber.open(tmp_path / "pdfa" / "2023-01-tb-ubnd" / "thong-bao.pdfa.pdf") as new, \
            pdfplumber.open(tmp_path / "lai" / "thong-bao.pdfa.pdf") as archived:
        assert [p.extract_text() for p in new.pages] == [p.extract_text() for p in archived.pages]


def test_a_work_that_breaks_ends_failed_so_its_batch_ends(tmp_path: Path) -> None:
    """A bug inside a job (here: a work of a kind no worker knows) marks the work failed with a message;
    it is never left waiting, which would keep its batch (and the command following it) open forever."""
    from sqlalchemy import select

    from notices.jobs.batches import put_work
    from notices.jobs.tables import job_works
    from notices.jobs.work import run_guarded
    from notices.register.db import open_database
    from notices.register.registry import AgencyKey, agency_id

    db = open_database(f"sqlite:///{tmp_path / 'notices.db'}")
    try:
        with db.engine.begin() as conn:
            aid = agency_id(conn, AgencyKey("UBND", "Ủy ban nhân dân xã Thử"))
            work, status = put_work(conn, aid, "bogus", "bogus:1", "0" * 64, {})
        assert status == "todo"
        assert run_guarded(db, work, last_try=True).outcome == "failed"
        with db.engine.begin() as conn:
            row = conn.execute(select(job_works.c.status, job_works.c.error).where(job_works.c.id == work)).one()
        assert row.status == "failed" and row.error.startswith("Lỗi nội bộ của notices")
        assert run_guarded(db, work, last_try=True).outcome == "skipped"  # done with: never run again
    finally:
        db.dispose()


def test_photos_and_office_profile_travel_with_the_record(tmp_path: Path) -> None:
    """A worker elsewhere gets the news photos the record names and the office.yaml above it."""
    from tests.conftest import EXAMPLES

    folder = tmp_path / "xa" / "hoso"
    (folder / "photos").mkdir(parents=True)
    source = EXAMPLES / "xa-cchc-6-thang-2024.yaml"
    (folder / "bao-cao.yaml").write_bytes(source.read_bytes())
    for photo in (EXAMPLES / "photos").iterdir():
        (folder / "photos" / photo.name).write_bytes(photo.read_bytes())
    # the profile fills what the record leaves out: here the agency's parent, printed above its name
    (tmp_path / "xa" / "office.yaml").write_text(
        "agency: {name: Ủy ban nhân dân xã Phước Hưng, code: UBND, place: Phước Hưng,\n"
        "         parent: Ủy ban nhân dân huyện Tuy Phước}\n",
        encoding="utf-8")
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'notices.db'}"
    queued = runner.invoke(main, ["render", str(folder), "--queue", "--db", url, "--out", str(tmp_path / "q"),
                                  "-j", "1", "--format", "html,md,pdf"])
    plain = runner.invoke(main, ["render", str(folder), "--out", str(tmp_path / "p"), "-j", "1",
                                 "--format", "html,md,pdf"])
    assert queued.exit_code == plain.exit_code == 0, queued.output + plain.output
    same_outputs(tmp_path / "q", tmp_path / "p")
    assert (tmp_path / "q" / "bao-cao" / "anh").is_dir()
    assert "TUY PHƯỚC" in (tmp_path / "q" / "bao-cao" / "thong-bao.html").read_text(encoding="utf-8").upper()


def test_a_long_batch_is_queued_in_chunks_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 2: the broken first record waits for the agency; each chunk's works are handed over as soon
    as committed; a record of another agency in a later chunk fails with that reason; order kept."""
    from notices.batch import Settings
    from notices.jobs import batches
    from notices.jobs.queue import run_here
    from notices.register.db import open_database
    from notices.register.registry import AgencyKey
    from tests.conftest import EXAMPLES

    monkeypatch.setattr(batches, "CHUNK", 2)
    folder = copies(tmp_path / "hoso", 3)
    (folder / "a-hong.yaml").write_text("agency: {code: X\n", encoding="utf-8")
    (folder / "z-khac.yaml").write_bytes((EXAMPLES / "dak-song-cchc-2023.yaml").read_bytes())
    url = f"sqlite:///{tmp_path / 'notices.db'}"
    db = open_database(url)
    try:
        handed: list[list[int]] = []
        queued = batches.queue_batch(db, None, [folder], Settings(out=tmp_path / "out", formats=("html",)),
                                     started=handed.append)
        assert handed == [[1], [2, 3]] and queued.todo == [1, 2, 3]
        run_here(url, queued.todo)
        phu_tai = AgencyKey("UBND", "Ủy ban nhân dân phường Phú Tài")  # the first readable record's agency
        status = batches.batch_status(db, phu_tai, queued.batch)
        assert (status.total, status.done, status.failed) == (5, 3, 2)
        assert [Path(p).name for p, _ in status.failures] == ["a-hong.yaml", "z-khac.yaml"]
        assert "không phải của cơ quan đặt lô này" in status.failures[1][1]
        written = batches.write_outputs(db, phu_tai, queued.batch, tmp_path / "out")
        assert [r.path.name for r in written] == ["a-hong.yaml", "phu-tai-cchc-2022-1.yaml",
                                                  "phu-tai-cchc-2022-2.yaml", "phu-tai-cchc-2022-3.yaml",
                                                  "z-khac.yaml"]
    finally:
        db.dispose()
