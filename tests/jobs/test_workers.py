"""Real PostgreSQL, real ``notices worker`` processes: a batch written as a plain render writes it, whoever
works on it; a worker killed with SIGKILL mid-job loses and doubles nothing (stalled-job recovery retries
the job; the work finds itself done); issuing's archive step never stores twice nor takes a second number."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from tests.jobs.compare import same_outputs
from tests.jobs.conftest import DRAFT, copies, environment, notices, wait_for_file

pytestmark = pytest.mark.postgres


def finish(process, timeout: float = 240) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def queue_drained(url: str, timeout: float = 90) -> list[tuple[str, int]]:
    """Wait until the killed worker's job was recovered and run again (successful jobs are deleted)."""
    from notices.register.db import open_database

    db = open_database(url)
    try:
        deadline = time.monotonic() + timeout
        while True:
            with db.engine.begin() as conn:
                left = conn.execute(text("SELECT status::text, attempts FROM procrastinate_jobs")).all()
            if not any(status in ("todo", "doing") for status, _ in left) or time.monotonic() > deadline:
                return [tuple(row) for row in left]
            time.sleep(0.2)
    finally:
        db.dispose()


def test_queued_batch_equals_plain_render_with_workers_started_during(tmp_path: Path, pg_url: str, workers) -> None:
    from click.testing import CliRunner

    from notices.cli import main

    folder = copies(tmp_path / "hoso", 3)
    queued = notices("render", str(folder), "--queue", "--db", pg_url, "--out", str(tmp_path / "q"),
                     env=environment())
    time.sleep(3)  # the batch waits in the queue: no worker yet
    workers(pg_url, 1)
    workers(pg_url, 1)  # a second machine joins
    code, out, err = finish(queued)
    assert code == 0, err
    assert "Lô 1: xong 3, lỗi 0, còn 0/3 hồ sơ" in err
    plain = CliRunner().invoke(main, ["render", str(folder), "--out", str(tmp_path / "p"), "-j", "1"])
    assert plain.exit_code == 0
    same_outputs(tmp_path / "q", tmp_path / "p")
    assert out.splitlines()[-1].split(" trong ")[0] == plain.stdout.splitlines()[-1].split(" trong ")[0]


@pytest.mark.parametrize("stage", ["rendered", "stored"])
def test_worker_killed_mid_job_finishes_once(tmp_path: Path, pg_url: str, workers, stage: str) -> None:
    """SIGKILL after rendering (nothing stored yet) or after storing (the job not yet marked done)."""
    from notices.jobs.batches import runs_per_work
    from notices.jobs.tables import job_outputs
    from notices.register.db import open_database

    hold = tmp_path / "hold"
    hold.mkdir()
    (hold / "hold").touch()
    folder = copies(tmp_path / "hoso", 1)
    workers(pg_url, 1, NOTICES_JOBS_HOLD=f"{stage}:{hold}")
    queued = notices("render", str(folder), "--queue", "--db", pg_url, "--out", str(tmp_path / "q"),
                     "--format", "docx,html", env=environment())
    marker = wait_for_file(hold, f"*.{stage}.*")
    os.kill(int(marker.name.rsplit(".", 1)[1]), signal.SIGKILL)  # the worker process doing the job
    (hold / "hold").unlink()
    code, out, err = finish(queued)
    assert code == 0, err
    assert queue_drained(pg_url) == []  # the retried job succeeded (and was deleted as successful jobs are)
    db = open_database(pg_url)
    try:
        runs = runs_per_work(db)
        assert runs["max_stored"] == 1 and runs["stored"] == 1, runs
        assert runs["skipped"] == (1 if stage == "stored" else 0), runs  # the retry found the work done
        with db.engine.begin() as conn:
            names = conn.execute(select(job_outputs.c.name)).scalars().all()
            assert len(names) == len(set(names)) == 9  # DOCX + HTML of 4 kinds, the news fragment: each once
    finally:
        db.dispose()
    assert len(list((tmp_path / "q").rglob("*.docx"))) == 4


def test_issue_archive_job_killed_stores_once_and_takes_one_number(tmp_path: Path, pg_url: str, workers) -> None:
    from notices.jobs.batches import runs_per_work
    from notices.register.db import counters, entries, files, open_database

    hold = tmp_path / "hold"
    hold.mkdir()
    (hold / "hold").touch()
    record = tmp_path / "hoso" / "dak-song.yaml"
    record.parent.mkdir()
    record.write_bytes(DRAFT.read_bytes())
    workers(pg_url, 1, NOTICES_JOBS_HOLD=f"stored:{hold}")
    issuing = notices("issue", str(record), "--db", pg_url, "--queue", "--date", "2023-06-05",
                      "--out", str(tmp_path / "out"), env=environment())
    marker = wait_for_file(hold, "*.stored.*")
    os.kill(int(marker.name.rsplit(".", 1)[1]), signal.SIGKILL)
    (hold / "hold").unlink()
    code, out, err = finish(issuing)
    assert code == 0, err
    assert queue_drained(pg_url) == []
    assert "Đã cấp số 01/TB-UBND ngày 05/06/2023" in out
    db = open_database(pg_url)
    try:
        with db.engine.begin() as conn:
            assert conn.execute(select(func.count()).select_from(entries)).scalar() == 1
            assert conn.execute(select(counters.c.last)).scalars().all() == [1]
            assert conn.execute(select(entries.c.status)).scalar() == "issued"
            roles = sorted(conn.execute(select(files.c.role)).scalars().all())
            assert roles == ["docx", "pdf", "record"]  # one archive row each
        runs = runs_per_work(db)
        assert (runs["stored"], runs["skipped"], runs["max_stored"]) == (1, 1, 1), runs
    finally:
        db.dispose()
    assert sorted(p.name for p in (tmp_path / "out" / "dak-song").iterdir()) == ["thong-bao.docx",
                                                                                "thong-bao.pdfa.pdf"]


def test_batches_are_scoped_to_their_agency_on_postgres(tmp_path: Path, pg_url: str) -> None:
    """Two agencies, the same record content: two works (one per agency), each batch visible to its own."""
    import io

    from notices.batch import Settings
    from notices.errors import UserError
    from notices.jobs.batches import batch_status, batch_zip, queue_batch
    from notices.register.db import open_database
    from notices.register.registry import AgencyKey

    db = open_database(pg_url)
    try:
        phu_tai = AgencyKey("UBND", "Ủy ban nhân dân phường Phú Tài")
        dak_song = AgencyKey("UBND", "Ủy ban nhân dân huyện Đắk Song")
        folder = copies(tmp_path / "hoso", 1)
        settings = Settings(out=tmp_path / "out", formats=("html",))
        mine = queue_batch(db, phu_tai, [folder], settings)
        theirs = queue_batch(db, dak_song, [folder], settings)  # not their record: refused, with the reason
        status = batch_status(db, dak_song, theirs.batch)
        assert (status.failed, theirs.todo) == (1, [])
        assert "không phải của cơ quan đặt lô này" in status.failures[0][1]
        with pytest.raises(UserError, match=f"không có lô việc số {mine.batch}"):
            batch_status(db, dak_song, mine.batch)
        with pytest.raises(UserError, match=f"không có lô việc số {mine.batch}"):
            batch_zip(db, dak_song, mine.batch, io.BytesIO())
        assert batch_status(db, phu_tai, mine.batch).remaining == 1
    finally:
        db.dispose()
