"""Batches: records put on the queue for one agency, followed until every work is done or failed, then
written into an output folder exactly as ``notices render`` writes them, or offered as one ZIP.

Every function takes the acting agency and sees only that agency's batches: another agency's batch
number is "not found", never its records. An administrators' page calls :func:`queue_batch`,
:func:`batch_status`, :func:`write_outputs` / :func:`batch_zip` the way ``notices render --queue`` does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, func, select, update

from notices.batch import Result, Settings, collisions, record_paths
from notices.errors import RecordError, UserError
from notices.jobs.tables import job_batches, job_blobs, job_items, job_outputs, job_works
from notices.jobs.work import FOLDER_MARK, RECORD_MARK, now_text
from notices.register.db import Database, agencies
from notices.register.registry import AgencyKey, _insert, agency_id, current_user


@dataclass(frozen=True)
class Prepared:
    """One record ready to queue: its agency and every file a worker elsewhere needs to render it."""

    path: Path
    agency: AgencyKey
    inputs: dict[str, bytes]  # relative path in the worker's record folder → content
    record: str = ""  # the record's name among the inputs (default: the path's name)
    only: tuple[str, ...] | None = None  # the kinds to render (default: the batch's --only)

    @property
    def name(self) -> str:
        return self.record or self.path.name


def prepare(path: Path, settings: Settings) -> Prepared:
    """Read and check ``path`` here (a bad record fails before it reaches the queue), with its office.yaml
    and the news photos it names; raises :class:`UserError` (RecordError) with the record's own path."""
    from notices.records import load_record
    from notices.records.office import office_for
    from notices.register.issue import agency_of

    loaded = load_record(path)
    inputs = {path.name: loaded.path.read_bytes()}
    office = office_for(path)
    if office is not None:
        inputs["office.yaml"] = office.path.read_bytes()
    news = loaded.record.documents.news
    for photo in (news.photos if news is not None else ()):
        relative = Path(photo.file)
        if relative.is_absolute() or ".." in relative.parts:
            raise UserError(f"{path}: ảnh “{photo.file}” nằm ngoài thư mục của hồ sơ; hàng đợi chỉ gửi được "
                            "ảnh trong thư mục hồ sơ. Hãy chép ảnh vào cạnh hồ sơ.")
        source = loaded.folder / relative
        if source.is_file():  # a missing photo is the worker's to report, with its field
            inputs[relative.as_posix()] = source.read_bytes()
    return Prepared(path, agency_of(loaded), inputs)


def _templates(settings: Settings) -> dict[str, bytes]:
    if settings.templates is None:
        return {}
    return {p.relative_to(settings.templates).as_posix(): p.read_bytes()
            for p in sorted(settings.templates.rglob("*")) if p.is_file()}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def work_key(kind: str, record_sha: str, only: Iterable[str], formats: Iterable[str], digest: str) -> str:
    """What makes two works the same: kind, record SHA-256, the kinds and formats asked, every input's hash."""
    return f"{kind}:{record_sha}:{'+'.join(only) or '*'}:{'+'.join(formats) or '*'}:{digest[:40]}"


def put_blobs(conn: Connection, blobs: dict[str, bytes]) -> None:
    if blobs:
        conn.execute(_insert(conn, job_blobs).on_conflict_do_nothing(index_elements=["sha256"]),
                     [dict(sha256=sha, size=len(data), content=data) for sha, data in blobs.items()])


def put_work(conn: Connection, agency: int, kind: str, key: str, record_sha: str, spec: dict[str, Any]
             ) -> tuple[int, str]:
    """The work with this key for this agency (created once: ON CONFLICT DO NOTHING): (id, status).

    A work that failed is tried again when queued again (a bug fixed, a font installed): failed → todo.
    """
    conn.execute(_insert(conn, job_works).values(
        agency_id=agency, kind=kind, key=key, record_sha256=record_sha, spec=json.dumps(spec, ensure_ascii=False),
        status="todo", created_at=now_text()).on_conflict_do_nothing(index_elements=["agency_id", "key"]))
    conn.execute(update(job_works).where(job_works.c.agency_id == agency, job_works.c.key == key,
                                         job_works.c.status == "failed").values(status="todo", error=None))
    found = conn.execute(select(job_works.c.id, job_works.c.status)
                         .where(job_works.c.agency_id == agency, job_works.c.key == key)).one()
    return found.id, found.status


@dataclass(frozen=True)
class Queued:
    """A batch just put on the queue: its number, and the works that still have to run."""

    batch: int
    todo: list[int]


CHUNK = 100  # records checked and queued per transaction: workers start on the first while the rest is read

Chunk = tuple[list[Path], dict[Path, Prepared]]  # records in batch order, and those ready to queue


def queue_batch(db: Database, agency: AgencyKey | None, paths: Iterable[Path], settings: Settings, *,
                label: str = "", by: str | None = None, started: Callable[[list[int]], None] | None = None
                ) -> Queued:
    """Put every record of ``paths`` on the queue for ``agency``; records that cannot be queued (bad,
    another agency's, two writing into one folder) are items that failed at once, with their reason.

    ``agency`` None: the agency of the first record that can be read. Records are read and queued
    :data:`CHUNK` at a time; ``started`` gets each chunk's new works as soon as they are committed (to put
    them on the queue), so workers begin while the rest of a long batch is still being read."""
    files = record_paths(paths)
    if not files:
        raise UserError("Không tìm thấy hồ sơ .yaml nào trong các đường dẫn đã cho.")
    alone, clashes = collisions(files, settings.out)
    errors: dict[Path, str] = {}
    for clash in clashes:
        for path in clash.paths:
            errors[path] = clash.error or ""
    single = set(alone)

    def chunks() -> Iterator[Chunk]:
        for start in range(0, len(files), CHUNK):
            part, prepared = files[start:start + CHUNK], {}
            for path in part:
                if path not in single:
                    continue
                try:
                    prepared[path] = prepare(path, settings)
                except RecordError as error:
                    errors[path] = error.report()
                except UserError as error:
                    errors[path] = error.message
            yield part, prepared

    return queue_prepared(db, agency, len(files), chunks(), errors, settings, label=label, by=by, started=started)


def queue_prepared(db: Database, agency: AgencyKey | None, total: int, chunks: Iterable[Chunk],
                   errors: dict[Path, str], settings: Settings, *, label: str = "", by: str | None = None,
                   started: Callable[[list[int]], None] | None = None) -> Queued:
    """The batch of ``total`` records, given chunk by chunk in order: each record either prepared (queued as
    a work, shared with any batch that asked for the same) or failed at once with its error."""
    templates = _templates(settings)
    template_hashes = {name: _sha(data) for name, data in templates.items()}
    batch: int | None = None
    todo: list[int] = []
    waiting: list[Chunk] = []  # chunks read before any record named the batch's agency
    position = 0
    for chunk in chunks:
        if agency is None:
            first = next(iter(chunk[1].values()), None)
            if first is None:
                waiting.append(chunk)
                continue
            agency = first.agency
        for part, prepared in [*waiting, chunk]:
            with db.engine.begin() as conn:
                aid = agency_id(conn, agency)
                assert aid is not None
                if batch is None:
                    put_blobs(conn, {_sha(data): data for data in templates.values()})
                    batch = conn.execute(job_batches.insert().values(
                        agency_id=aid, kind="render", label=label, created_by=by or current_user(),
                        created_at=now_text(), total=total).returning(job_batches.c.id)).scalar_one()
                new = _queue_part(conn, aid, agency, batch, position, part, prepared, errors, settings,
                                  template_hashes, todo)
            position += len(part)
            if started is not None and new:
                started(new)
        waiting = []
    if batch is None:
        _no_agency(errors)
    assert batch is not None
    return Queued(batch, todo)


def _queue_part(conn: Connection, aid: int, agency: AgencyKey, batch: int, position: int, part: list[Path],
                prepared: dict[Path, Prepared], errors: dict[Path, str], settings: Settings,
                template_hashes: dict[str, str], todo: list[int]) -> list[int]:
    """Inside one transaction: the works and items of ``part``; returns the works new to ``todo``."""
    mine = {}
    for path, ready in prepared.items():
        if (ready.agency.code, ready.agency.name) != (agency.code, agency.name):
            errors[path] = (f"{path}: hồ sơ của cơ quan “{ready.agency.name}” ({ready.agency.code}), không phải "
                            f"của cơ quan đặt lô này (“{agency.name}”); không tạo văn bản cho hồ sơ này.")
        else:
            mine[path] = ready
    put_blobs(conn, {_sha(data): data for ready in mine.values() for data in ready.inputs.values()})
    new, items = [], []
    for offset, path in enumerate(part):
        work = None
        if path in mine:
            ready = mine[path]
            only = settings.only if ready.only is None else ready.only
            inputs = {name: _sha(data) for name, data in ready.inputs.items()}
            spec = {"record": ready.name, "inputs": inputs, "templates": template_hashes,
                    "only": list(only), "formats": list(settings.formats)}
            digest = _sha(json.dumps([ready.name, inputs, template_hashes], sort_keys=True).encode())
            key = work_key("render", inputs[ready.name], only, settings.formats, digest)
            work, status = put_work(conn, aid, "render", key, inputs[ready.name], spec)
            if status == "todo" and work not in todo:
                todo.append(work)
                new.append(work)
        items.append(dict(batch_id=batch, position=position + offset, path=str(path), work_id=work,
                          error=errors.get(path)))
    conn.execute(job_items.insert(), items)
    return new


def _no_agency(errors: dict[Path, str]) -> AgencyKey:
    """No record could be read, so no agency is known: every record's problem, in one message."""
    raise UserError("\n".join(errors.values()) + "\nKhông hồ sơ nào đọc được; không đặt lô nào.")


@dataclass
class Status:
    """Where a batch stands: counts, rate, time left, and every failure with its record and reason."""

    batch: int
    label: str
    created_at: str
    total: int
    done: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (record, reason in Vietnamese)
    seconds: float = 0.0  # since the batch was queued

    @property
    def remaining(self) -> int:
        return self.total - self.done - self.failed

    @property
    def finished(self) -> bool:
        return self.remaining == 0

    @property
    def rate(self) -> float:
        """Records finished per second since the batch was queued."""
        return (self.done + self.failed) / self.seconds if self.seconds > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        return self.remaining / self.rate if self.rate > 0 else None

    def line(self) -> str:
        left = self.seconds_left
        eta = f", còn khoảng {_duration(left)}" if left is not None and self.remaining else ""
        return (f"Lô {self.batch}: xong {self.done}, lỗi {self.failed}, còn {self.remaining}/{self.total} hồ sơ; "
                f"{_decimal(self.rate)} hồ sơ/giây{eta}")


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} giây"
    if seconds < 3600:
        return f"{seconds // 60} phút {seconds % 60:02d} giây"
    return f"{seconds // 3600} giờ {seconds % 3600 // 60:02d} phút"


def _batch_row(conn: Connection, agency: AgencyKey, batch: int) -> Any:
    row = conn.execute(select(job_batches).join(agencies, agencies.c.id == job_batches.c.agency_id).where(
        job_batches.c.id == batch, agencies.c.code == agency.code, agencies.c.name == agency.name)).first()
    if row is None:
        raise UserError(f"Cơ quan “{agency.name}” không có lô việc số {batch}.")
    return row


def _shown(reason: str, path: str) -> str:
    return reason.replace(RECORD_MARK, path).replace(FOLDER_MARK, str(Path(path).parent))


def batch_status(db: Database, agency: AgencyKey, batch: int) -> Status:
    """The batch ``batch`` of ``agency`` as it stands (UserError if that agency has no such batch)."""
    with db.engine.begin() as conn:
        row = _batch_row(conn, agency, batch)
        items = conn.execute(
            select(job_items.c.path, job_items.c.error, job_works.c.status, job_works.c.error.label("work_error"))
            .outerjoin(job_works, job_works.c.id == job_items.c.work_id)
            .where(job_items.c.batch_id == batch).order_by(job_items.c.position)).all()
    began = dt.datetime.fromisoformat(row.created_at)
    status = Status(batch, row.label, row.created_at, row.total,
                    seconds=(dt.datetime.now(began.tzinfo) - began).total_seconds())
    for item in items:
        if item.error is not None or item.status == "failed":
            status.failed += 1
            status.failures.append((item.path, item.error or _shown(item.work_error or "", item.path)))
        elif item.status == "done":
            status.done += 1
    return status


def follow(db: Database, agency: AgencyKey, batch: int, on_progress: Callable[[Status], None], *,
           every: float = 0.5, timeout: float | None = None, alive: Callable[[], bool] = lambda: True) -> Status:
    """Poll the batch until every record is done or failed (whichever workers do it), reporting each time;
    also stops when ``alive()`` turns false (the local runner of an in-process batch ended)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        running = alive()
        status = batch_status(db, agency, batch)
        on_progress(status)
        if status.finished or not running:
            return status
        if deadline is not None and time.monotonic() > deadline:
            raise UserError(f"Lô {batch} chưa xong sau {timeout:.0f} giây ({status.remaining} hồ sơ còn chờ).")
        time.sleep(every)


def _outputs(conn: Connection, work: int) -> list[Any]:
    return conn.execute(select(job_outputs.c.name, job_outputs.c.seconds, job_outputs.c.sha256, job_outputs.c.content)
                        .where(job_outputs.c.work_id == work).order_by(job_outputs.c.id)).all()


def results(db: Database, agency: AgencyKey, batch: int) -> Iterator[tuple[Result, list[Any]]]:
    """Each record of the batch in order: its result (as a plain render reports it) and its stored files."""
    with db.engine.begin() as conn:
        _batch_row(conn, agency, batch)
        items = conn.execute(
            select(job_items.c.path, job_items.c.error, job_items.c.work_id, job_works.c.status,
                   job_works.c.error.label("work_error"))
            .outerjoin(job_works, job_works.c.id == job_items.c.work_id)
            .where(job_items.c.batch_id == batch).order_by(job_items.c.position)).all()
    for item in items:
        path = Path(item.path)
        if item.error is not None:
            yield Result((path,), error=item.error), []
        elif item.status == "failed":
            reason = _shown(item.work_error or "", item.path)
            internal = reason.startswith("Lỗi nội bộ")
            yield Result((path,), error=None if internal else reason, internal=reason if internal else None), []
        elif item.status == "done":
            with db.engine.begin() as conn:
                rows = _outputs(conn, item.work_id)
            bad = [r.name for r in rows if hashlib.sha256(r.content).hexdigest() != r.sha256]
            if bad:
                yield Result((path,), internal=f"{path}: tệp kết quả lưu trong cơ sở dữ liệu không khớp SHA-256 "
                                                f"({', '.join(bad)}); không ghi."), []
            else:
                yield Result((path,)), rows
        else:
            yield Result((path,), error=f"{path}: chưa tạo xong (việc còn trong hàng đợi)."), []


def write_outputs(db: Database, agency: AgencyKey, batch: int, out: Path,
                  on_result: Callable[[Result], None] = lambda result: None) -> list[Result]:
    """Write every finished record's files into ``out/<record>/`` as ``notices render`` does (all of a
    record's files or none, through a staging folder), calling ``on_result`` for each record in order."""
    from notices.render import _move_into_place, output_error, record_folder, staging_folder

    done = []
    for result, rows in results(db, agency, batch):
        if result.ok and rows:  # a record that declares none of the kinds asked for: nothing, as render does
            try:
                with staging_folder(out, result.path) as staging:
                    staged = []
                    for row in rows:
                        target = staging / row.name
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(row.content)
                        staged.append((target, float(row.seconds)))
                    try:
                        result.written = _move_into_place(staging, record_folder(result.path, out), staged)
                    except OSError as exc:
                        raise output_error(exc, out, result.path) from None
            except UserError as error:
                result = Result(result.paths, error=error.message)
        on_result(result)
        done.append(result)
    return done


def batch_zip(db: Database, agency: AgencyKey, batch: int, target: IO[bytes]) -> int:
    """The batch's outputs as one ZIP written to ``target`` (``<record>/<file>``, as in the output folder),
    with ``LOI.txt`` listing each failed record and its reason; returns the number of files."""
    from notices.render import record_folder

    count = 0
    failures = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for result, rows in results(db, agency, batch):
            if not result.ok:
                failures.append(f"{result.path}\n{result.error or result.internal}\n")
                continue
            folder = record_folder(result.path, Path())
            for row in rows:
                archive.writestr((folder / row.name).as_posix(), row.content)
                count += 1
        if failures:
            archive.writestr("LOI.txt", "Các hồ sơ không tạo được văn bản:\n\n" + "\n".join(failures))
    return count


def batches(db: Database, agency: AgencyKey, limit: int = 50) -> list[Status]:
    """The agency's latest batches, newest first, each with its status (for an administrators' page)."""
    with db.engine.begin() as conn:
        ids = conn.execute(select(job_batches.c.id).join(agencies, agencies.c.id == job_batches.c.agency_id)
                           .where(agencies.c.code == agency.code, agencies.c.name == agency.name)
                           .order_by(job_batches.c.id.desc()).limit(limit)).scalars().all()
    return [batch_status(db, agency, batch) for batch in ids]


def runs_per_work(db: Database, works: Iterable[int] | None = None) -> dict[str, int]:
    """How many executions stored, failed or skipped: the proof that a work never stored twice is
    ``max_stored`` ≤ 1 (a skipped run is a retry or a duplicate that found the work already done)."""
    from notices.jobs.tables import job_runs

    with db.engine.begin() as conn:
        query = select(job_runs.c.work_id, job_runs.c.outcome, func.count()).group_by(
            job_runs.c.work_id, job_runs.c.outcome)
        if works is not None:
            query = query.where(job_runs.c.work_id.in_(list(works)))
        rows = conn.execute(query).all()
    totals: dict[str, int] = {"stored": 0, "failed": 0, "skipped": 0, "max_stored": 0}
    for _work, outcome, count in rows:
        totals[outcome] = totals.get(outcome, 0) + count
        if outcome == "stored":
            totals["max_stored"] = max(totals["max_stored"], count)
    return totals
