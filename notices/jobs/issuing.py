"""Issuing's render-and-archive step as a job: ``notices issue --queue`` (and the office server) take the
number here, in the register's locked transaction, write it into the record, then hand the rendering and
the archiving to a work keyed by agency + record SHA-256 + kind + formats. However often that work runs
(a worker killed and its job retried), the register row goes pending → issued once and its files are
stored once; no job ever takes a number.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from notices.errors import UserError
from notices.jobs.batches import put_blobs, put_work, work_key
from notices.jobs.tables import job_works
from notices.records import Loaded
from notices.register.db import Database, blobs, entries, files, files_with_bytes
from notices.register.registry import Entry, agency_id, entries_where

WAIT_HINT = 60.0  # seconds without a worker taking the job before the command says how to start one


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def queue_archive(db: Database, entry: Entry, loaded: Loaded) -> tuple[int, str]:
    """The archive work of ``entry`` (created once): (work id, status)."""
    from notices.records.office import office_for
    from notices.register.issue import agency_of, final_formats

    inputs = {loaded.path.name: loaded.path.read_bytes()}
    office = office_for(loaded.path)
    if office is not None:
        inputs["office.yaml"] = office.path.read_bytes()
    hashes = {name: _sha(data) for name, data in inputs.items()}
    record_sha = hashes[loaded.path.name]
    digest = _sha(json.dumps([hashes, entry.id], sort_keys=True).encode())
    spec = {"record": loaded.path.name, "inputs": hashes, "entry": entry.id}
    with db.engine.begin() as conn:
        aid = agency_id(conn, agency_of(loaded))
        assert aid is not None
        put_blobs(conn, {_sha(data): data for data in inputs.values()})
        return put_work(conn, aid, "archive", work_key("archive", record_sha, (entry.kind,), final_formats(), digest),
                        record_sha, spec)


def wait_for(db: Database, work: int, *, timeout: float | None = None, say: Any = None) -> Any:
    """Poll ``work`` until it is done or failed; the row (status, error)."""
    began = time.monotonic()
    hinted = False
    while True:
        with db.engine.begin() as conn:
            row = conn.execute(select(job_works.c.status, job_works.c.error).where(job_works.c.id == work)).one()
        if row.status != "todo":
            return row
        waited = time.monotonic() - began
        if timeout is not None and waited > timeout:
            raise UserError(f"Việc số {work} chưa xong sau {timeout:.0f} giây; nó vẫn ở trong hàng đợi.")
        if say is not None and not hinted and waited > WAIT_HINT:
            say("Chưa có máy nào làm xong việc này: hãy chạy “notices worker --db …” trên một máy nối tới cơ sở dữ "
                "liệu (việc vẫn chờ trong hàng đợi).")
            hinted = True
        time.sleep(0.2)


def finish_by_job(db: Database, entry: Entry, loaded: Loaded, out: Path, now: Any = None, *, resumed: bool,
                  timeout: float | None = None) -> Any:
    """:func:`notices.register.issue._finish` as a job: render and archive ``entry`` (already numbered),
    then write its archived files into ``out/<record>/`` as a plain issue does."""
    from notices.jobs.queue import defer
    from notices.jobs.work import RECORD_MARK, run_guarded
    from notices.register.issue import IssueResult

    work, status = queue_archive(db, entry, loaded)
    if status == "todo":
        if db.is_sqlite:
            run_guarded(db, work, last_try=True)  # one office, one machine: in this process
        else:
            defer(db, db.engine.url.render_as_string(hide_password=False), [work])
    row = wait_for(db, work, timeout=timeout)
    if row.status == "failed":
        reason = (row.error or "").replace(RECORD_MARK, str(loaded.path))
        raise UserError(f"Số {entry.label} ngày {entry.date_text} đã cấp và đã ghi vào hồ sơ, nhưng chưa tạo "
                        f"được văn bản: {reason}\nSửa lỗi rồi chạy lại “notices issue {loaded.path}” "
                        "để hoàn tất (vẫn số này, không cấp số mới).")
    written = write_archived(db, entry, loaded.path, out)
    with db.engine.begin() as conn:
        entry = entries_where(conn, entries.c.id == entry.id)[0]
    return IssueResult(entry, written, resumed)


def write_archived(db: Database, entry: Entry, record: Path, out: Path) -> list[Path]:
    """The archived DOCX and PDF/A of ``entry`` into ``out/<record>/`` (all or none, through staging)."""
    from notices.render import _move_into_place, record_folder, staging_folder

    with db.engine.begin() as conn:
        rows = conn.execute(select(files.c.role, files.c.name, blobs.c.content).select_from(files_with_bytes)
                            .where(files.c.entry_id == entry.id).order_by(files.c.id)).all()
    with staging_folder(out, record) as staging:
        staged = []
        for row in rows:
            if row.role == "record":
                continue
            (staging / row.name).write_bytes(row.content)
            staged.append((staging / row.name, 0.0))
        return [p for p, _ in _move_into_place(staging, record_folder(record, out), staged)]
