"""What a worker does with one work, on whichever machine: materialise its inputs from the database, render
in a private folder, and store the outcome in one transaction that also moves the work todo → done/failed
(compare-and-set). Run twice (a retry after ``kill -9``, two workers racing), it stores once: the second run
finds the work done and records a ``skipped`` run; an archive work finds its register row already issued.

Numbering is never done here: an archive work gets a register row that already has its number.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, update

from notices.errors import RecordError, UserError
from notices.jobs.tables import job_blobs, job_outputs, job_runs, job_works
from notices.register.db import Database
from notices.register.registry import vietnam_now

# Placeholders for the paths of the worker's private copy in stored messages; the batch shows each
# record's own path instead (the same work may serve several batches, each naming its record its way).
RECORD_MARK, FOLDER_MARK = "\x00record\x00", "\x00folder\x00"


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def now_text() -> str:
    return vietnam_now().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Done:
    """What one execution of a work did: stored, failed (stored as failed), or skipped (already done)."""

    work_id: int
    outcome: str


def run_work(db: Database, work_id: int) -> Done:
    """Do the work ``work_id`` once (idempotent); transient errors (database, disk) are raised for a retry."""
    with db.engine.begin() as conn:
        row = conn.execute(select(job_works).where(job_works.c.id == work_id)).first()
    if row is None:
        raise UserError(f"Không có việc số {work_id} trong cơ sở dữ liệu.")
    if row.status != "todo":
        return _skipped(db, work_id, 0.0)
    spec = json.loads(row.spec)
    began = time.perf_counter()
    if row.kind == "render":
        return _render(db, row, spec, began)
    if row.kind == "archive":
        return _archive(db, row, spec, began)
    if row.kind == "export":
        return _export(db, row, spec, began)
    raise UserError(f"Việc số {work_id}: không biết loại việc “{row.kind}”.")


TRANSIENT: tuple[type[BaseException], ...] = (OSError,)  # with the database's connection errors (below)


def transient() -> tuple[type[BaseException], ...]:
    """Errors worth a retry: the disk, the network, the database going away for a moment."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    return (*TRANSIENT, OperationalError, InterfaceError)


def run_guarded(db: Database, work_id: int, *, last_try: bool) -> Done:
    """:func:`run_work`, but a bug, or a transient error on the last try, marks the work failed with
    a message (so a batch always ends) instead of leaving it waiting forever; a transient error before
    the last try is raised for the queue to retry."""
    try:
        return run_work(db, work_id)
    except Exception as error:
        if isinstance(error, transient()) and not last_try:
            raise
        reason = (f"Lỗi nội bộ của notices khi xử lý hồ sơ {RECORD_MARK} ({type(error).__name__}: {error}); "
                  f"không ghi tệp nào cho hồ sơ này (máy {worker_name()}).")
        with db.engine.begin() as conn:
            if _finish(conn, work_id, "failed", reason):
                _run(conn, work_id, "failed", 0.0)
        return Done(work_id, "failed")


def _skipped(db: Database, work_id: int, seconds: float) -> Done:
    with db.engine.begin() as conn:
        _run(conn, work_id, "skipped", seconds)
    return Done(work_id, "skipped")


def _run(conn: Connection, work_id: int, outcome: str, seconds: float) -> None:
    conn.execute(job_runs.insert().values(work_id=work_id, worker=worker_name(), outcome=outcome,
                                          seconds=f"{seconds:.3f}", at=now_text()))


def _finish(conn: Connection, work_id: int, status: str, error: str | None = None) -> bool:
    """todo → ``status``, only if nobody did it first (compare-and-set)."""
    return conn.execute(update(job_works).where(job_works.c.id == work_id, job_works.c.status == "todo")
                        .values(status=status, error=error, finished_at=now_text())).rowcount == 1


def _hold(stage: str, work_id: int) -> None:
    """Tests only (NOTICES_JOBS_HOLD=stage:folder): say where we are, then wait while folder/hold exists,
    so that a test can ``kill -9`` this worker at exactly that point of a job."""
    setting = os.environ.get("NOTICES_JOBS_HOLD", "")
    wanted, _, folder = setting.partition(":")
    if wanted != stage or not folder:
        return
    Path(folder, f"{work_id}.{stage}.{os.getpid()}").write_text(worker_name())
    deadline = time.monotonic() + 120
    while Path(folder, "hold").exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def materialise(conn: Connection, inputs: dict[str, str], folder: Path) -> None:
    """Write every input (relative path → SHA-256) into ``folder``, each checked against its hash."""
    rows = dict(conn.execute(select(job_blobs.c.sha256, job_blobs.c.content)
                             .where(job_blobs.c.sha256.in_(set(inputs.values())))).all())
    for name, sha in inputs.items():
        data = rows.get(sha)
        if data is None or hashlib.sha256(data).hexdigest() != sha:
            raise UserError(f"Tệp đầu vào “{name}” của việc không còn nguyên vẹn trong cơ sở dữ liệu.")
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _office(folder: Path) -> Any:
    """The office profile sent with the record, and no other (never a stray office.yaml above the
    worker's temporary folder)."""
    from notices.records.office import chosen, load_office

    profile = folder / "office.yaml"
    return chosen(load_office(profile) if profile.is_file() else None)


def _message(text: str, record: Path) -> str:
    return text.replace(str(record), RECORD_MARK).replace(str(record.parent), FOLDER_MARK)


def _attempt(record: Path, call: Any) -> tuple[Any, str | None]:
    """``call()``, or the Vietnamese reason it could not be done (a bad record, a bug: named, not retried)."""
    try:
        return call(), None
    except RecordError as error:
        return None, _message(error.report(), record)
    except UserError as error:
        return None, _message(f"{record}: {error.message}", record)
    except OSError:
        raise  # the worker's disk: worth a retry
    except Exception as error:  # a bug: named with its document, never retried
        document = getattr(error, "notices_document", None)
        where = f", lúc tạo {document}" if document else ""
        return None, _message(
            f"Lỗi nội bộ của notices khi xử lý hồ sơ {record} ({type(error).__name__}: {error}){where}; "
            "không ghi tệp nào cho hồ sơ này. Báo cho người phát triển kèm chi tiết trong nhật ký của máy "
            f"chạy việc ({worker_name()}).\n" + traceback.format_exc(limit=0).strip(), record)


def _render(db: Database, row: Any, spec: dict[str, Any], began: float) -> Done:
    from notices.records import load_record
    from notices.render import render_record

    work = Path(tempfile.mkdtemp(prefix="notices-job-"))
    try:
        folder, out = work / "hoso", work / "out"
        with db.engine.begin() as conn:
            materialise(conn, spec["inputs"], folder)
            if spec.get("templates"):
                materialise(conn, spec["templates"], work / "templates")
        record = folder / spec["record"]
        templates = work / "templates" if spec.get("templates") else None

        def render() -> Any:
            with _office(folder):
                return render_record(load_record(record), out, only=tuple(spec["only"]),
                                     formats=tuple(spec["formats"]), templates=templates)

        outcome, error = _attempt(record, render)
        seconds = time.perf_counter() - began
        _hold("rendered", row.id)
        with db.engine.begin() as conn:
            if error is not None:
                if not _finish(conn, row.id, "failed", error):
                    _run(conn, row.id, "skipped", seconds)
                    return Done(row.id, "skipped")
                _run(conn, row.id, "failed", seconds)
                return Done(row.id, "failed")
            if not _finish(conn, row.id, "done"):
                _run(conn, row.id, "skipped", seconds)
                return Done(row.id, "skipped")
            values = []
            for path, took in outcome.written:
                data = path.read_bytes()
                values.append(dict(work_id=row.id, name=path.relative_to(outcome.folder).as_posix(),
                                   seconds=f"{took:.3f}", size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                                   content=data))
            if values:
                conn.execute(job_outputs.insert(), values)
            _run(conn, row.id, "stored", seconds)
        _hold("stored", row.id)
        return Done(row.id, "stored")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _archive(db: Database, row: Any, spec: dict[str, Any], began: float) -> Done:
    """Issuing's render-and-archive step for a register row that already has its number."""
    from notices.records import load_record
    from notices.register.db import entries
    from notices.register.issue import final_formats, store
    from notices.register.registry import entries_where
    from notices.render import render_record

    with db.engine.begin() as conn:
        entry = entries_where(conn, entries.c.id == spec["entry"])[0]
    if entry.status != "pending":  # issued by an earlier run (or voided meanwhile): nothing to store again
        with db.engine.begin() as conn:
            if entry.status == "void":
                _finish(conn, row.id, "failed", f"Số {entry.label} đã bị hủy ({entry.void_reason}); không lưu.")
            else:
                _finish(conn, row.id, "done")
            _run(conn, row.id, "skipped", time.perf_counter() - began)
        return Done(row.id, "skipped")
    work = Path(tempfile.mkdtemp(prefix="notices-job-"))
    try:
        folder = work / "hoso"
        with db.engine.begin() as conn:
            materialise(conn, spec["inputs"], folder)
        record = folder / spec["record"]

        def render() -> Any:
            with _office(folder):
                return render_record(load_record(record), work / "out", only=(entry.kind,), formats=final_formats())

        outcome, error = _attempt(record, render)
        seconds = time.perf_counter() - began
        _hold("rendered", row.id)
        if error is None:
            stored = [("record", record.name, record.read_bytes())]
            stored += [(p.suffix.lstrip("."), p.name, p.read_bytes()) for p, _ in outcome.written]
            try:
                with db.engine.begin() as conn:
                    if not _finish(conn, row.id, "done"):
                        _run(conn, row.id, "skipped", seconds)
                        return Done(row.id, "skipped")
                    store(conn, entry, stored)  # pending → issued (compare-and-set), files, hashes, search text
                    _run(conn, row.id, "stored", seconds)
            except UserError as refused:  # voided (or stored by another way) while this rendered
                error = refused.message
        if error is not None:
            with db.engine.begin() as conn:
                if _finish(conn, row.id, "failed", error):
                    _run(conn, row.id, "failed", seconds)
            return Done(row.id, "failed")
        _hold("stored", row.id)
        return Done(row.id, "stored")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _export(db: Database, row: Any, spec: dict[str, Any], began: float) -> Done:
    """The Sổ đăng ký văn bản đi of one agency's year as XLSX, CSV or PDF, stored as the work's output."""
    from notices.register.export import export
    from notices.register.registry import AgencyKey, list_entries

    agency = AgencyKey(**spec["agency"])
    work = Path(tempfile.mkdtemp(prefix="notices-job-"))
    try:
        target = work / spec["name"]
        rows = list_entries(db, agency, spec["year"])
        export(rows, spec["format"], target, agency=agency, year=spec["year"])
        data = target.read_bytes()
        seconds = time.perf_counter() - began
        with db.engine.begin() as conn:
            if not _finish(conn, row.id, "done"):
                _run(conn, row.id, "skipped", seconds)
                return Done(row.id, "skipped")
            conn.execute(job_outputs.insert().values(
                work_id=row.id, name=spec["name"], seconds=f"{seconds:.3f}", size=len(data),
                sha256=hashlib.sha256(data).hexdigest(), content=data))
            _run(conn, row.id, "stored", seconds)
        return Done(row.id, "stored")
    finally:
        shutil.rmtree(work, ignore_errors=True)
