"""``notices worker``, ``notices render --queue`` and ``notices jobs …``: thin wrappers over the library."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from notices.errors import UserError

DB_HELP = "Cơ sở dữ liệu chung: postgresql://máy/tên (hoặc sqlite:///tệp.db: việc chạy ngay trong máy này)."


def _url(option: str | None) -> str:
    from notices.records.office import find_office, load_office
    from notices.register.db import resolve_url

    found = find_office(Path.cwd())
    office = load_office(found) if found else None
    return resolve_url(option, office.office.database if office else None, office.folder if office else None)


def _acting(db: Any, option: str | None) -> Any:
    """--agency (as in ``notices register``), else office.yaml's agency, else None (the records')."""
    from notices.records.office import find_office, load_office
    from notices.register.cli import _agency

    if option:
        return _agency(db, None, option, False)
    found = find_office(Path.cwd())
    if found:
        return _agency(db, load_office(found), None, False)
    return None


@click.command("worker")
@click.option("--db", "db_url", metavar="URL", help="Cơ sở dữ liệu PostgreSQL chung: postgresql://máy/tên. "
              "Mặc định: NOTICES_DB, rồi office.yaml.")
@click.option("--concurrency", type=click.IntRange(min=1), metavar="SỐ",
              help="Số tiến trình nhận việc cùng lúc trên máy này. Mặc định: số lõi của máy.")
@click.option("--stalled-after", type=click.FloatRange(min=1), default=30.0, show_default=True, metavar="GIÂY",
              help="Một máy im lặng (không gửi nhịp) quá chừng này giây thì việc nó đang làm được giao lại.")
def worker_command(db_url: str | None, concurrency: int | None, stalled_after: float) -> None:
    """Nhận việc (tạo văn bản, lưu văn bản đã cấp số, xuất sổ) từ hàng đợi trên PostgreSQL."""
    from notices.batch import default_jobs
    from notices.jobs.queue import run_workers

    url = _url(db_url)
    if url.startswith("sqlite"):
        raise UserError("notices worker cần PostgreSQL (--db postgresql://…); với SQLite, việc chạy ngay trong "
                        "lệnh đặt việc, không cần máy nhận việc.")
    run_workers(url, concurrency or default_jobs(), stalled_after=stalled_after, say=click.echo)


class _Line:
    """The batch's progress on stderr: one line redrawn on a terminal, a line every few seconds otherwise."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self.last = ""
        self.shown_at = 0.0
        self.first: tuple[float, int] | None = None  # when this command first saw a record finish

    def __call__(self, status: Any) -> None:
        if self.quiet:
            return
        finished = status.done + status.failed
        now = time.monotonic()
        if self.first is None:
            self.first = (now, finished)
        began, base = self.first
        rate = (finished - base) / (now - began) if now > began and finished > base else None
        left = f", còn khoảng {_duration(status.remaining / rate)}" if rate and status.remaining else ""
        speed = f"; {rate:.1f} hồ sơ/giây".replace(".", ",") if rate else ""
        text = (f"Lô {status.batch}: xong {status.done}, lỗi {status.failed}, còn {status.remaining}/"
                f"{status.total} hồ sơ{speed}{left}")
        if self.tty:
            sys.stderr.write("\r\033[K" + text)
            if status.finished:
                sys.stderr.write("\n")
            sys.stderr.flush()
        elif status.finished or (text != self.last and now - self.shown_at >= 2):
            click.echo(text, err=True)
            self.shown_at = now
        self.last = text


def _duration(seconds: float) -> str:
    from notices.jobs.batches import _duration as duration

    return duration(seconds)


def render_queued(paths: tuple[Path, ...], settings: Any, db_url: str | None, agency: str | None,
                  jobs: int | None, quiet: bool, report: Any) -> Any:
    """``notices render --queue``: queue the batch, follow it, write its outputs as a plain render would;
    returns the batch's :class:`notices.batch.Summary`."""
    from notices.batch import _check_fonts
    from notices.jobs.batches import queue_batch
    from notices.register.db import open_database

    url = _url(db_url)
    if not settings.formats or "pdf" in settings.formats:
        _check_fonts()  # no font family: said here, once, not by every worker
    db = open_database(url)
    try:
        acting = _acting(db, agency)
        label = "render " + " ".join(str(p) for p in paths)
        return run_batch(db, url, lambda started: queue_batch(db, acting, paths, settings, label=label,
                                                              started=started), settings, jobs, quiet, report)
    finally:
        db.dispose()


def run_batch(db: Any, url: str, queue: Any, settings: Any, jobs: int | None, quiet: bool, report: Any) -> Any:
    """Queue a batch (``queue(started)``: ``started`` puts each chunk's works on the queue as soon as they
    are committed), follow it to its end, write its outputs into ``settings.out``."""
    from notices.batch import Summary, default_jobs
    from notices.jobs.batches import batch_status, follow, write_outputs
    from notices.jobs.queue import defer, dispatch, ensure_queue

    began = time.perf_counter()
    if db.is_sqlite:  # this process does the works, once all are queued
        queued = queue(None)
        here = dispatch(db, url, queued.todo, jobs or default_jobs())
    else:
        ensure_queue(db.engine)
        queued = queue(lambda works: defer(db, url, works))
        here = None
    who = _batch_agency(db, queued.batch)
    status = batch_status(db, who, queued.batch)
    if not quiet:
        where = "trong máy này" if db.is_sqlite else "cho các máy chạy notices worker"
        click.echo(f"Đã đặt lô {queued.batch} ({status.total} hồ sơ, {len(queued.todo)} việc mới) {where}.",
                   err=True)
    line = _Line(quiet)
    waiting = _NoWorkerHint(db, time.monotonic())

    def progress(status: Any) -> None:
        line(status)
        waiting(status)

    try:
        follow(db, who, queued.batch, progress, every=0.5 if here is None else 0.2,
               alive=here.is_alive if here is not None else lambda: True)
    except KeyboardInterrupt:
        if here is not None:
            raise
        raise UserError(f"\nĐã thôi theo dõi. Lô {queued.batch} vẫn ở trên hàng đợi và các máy vẫn làm tiếp: xem "
                        f"tiến độ bằng “notices jobs status {queued.batch}”, lấy văn bản bằng "
                        f"“notices jobs zip {queued.batch} --out lo-{queued.batch}.zip”.") from None
    if here is not None:
        here.join()
        for error in here.errors:  # type: ignore[attr-defined]
            raise error
    summary = Summary(records=status.total)
    for result in write_outputs(db, who, queued.batch, settings.out, on_result=report):
        if result.ok:
            summary.rendered += 1
            summary.files += len(result.written)
        else:
            summary.failed += 1
            summary.internal += result.internal is not None
    summary.seconds = time.perf_counter() - began
    return summary


class _NoWorkerHint:
    """After a minute with nothing finished and no worker registered, say how to start one (once)."""

    AFTER = 60.0

    def __init__(self, db: Any, began: float) -> None:
        self.db, self.began, self.said = db, began, db.is_sqlite

    def __call__(self, status: Any) -> None:
        if self.said or status.done + status.failed or time.monotonic() - self.began < self.AFTER:
            return
        from sqlalchemy import text

        with self.db.engine.begin() as conn:
            workers = conn.execute(text("SELECT count(*) FROM procrastinate_workers")).scalar()
        if not workers:
            click.echo("Chưa có máy nào nhận việc: hãy chạy “notices worker --db …” trên một hoặc nhiều máy nối tới "
                       "cơ sở dữ liệu này; lô vẫn chờ trên hàng đợi.", err=True)
        self.said = True


def _batch_agency(db: Any, batch: int) -> Any:
    """The agency a batch was queued for (the command that queued it acts for that agency)."""
    from sqlalchemy import select

    from notices.jobs.tables import job_batches
    from notices.register.db import agencies
    from notices.register.registry import AgencyKey

    with db.engine.begin() as conn:
        row = conn.execute(select(agencies.c.code, agencies.c.name, agencies.c.parent)
                           .join(job_batches, job_batches.c.agency_id == agencies.c.id)
                           .where(job_batches.c.id == batch)).one()
    return AgencyKey(row.code, row.name, row.parent)


@click.group("jobs")
def jobs_group() -> None:
    """Việc trên hàng đợi: tiến độ và kết quả (ZIP) của một lô, in sổ, tạo lại PDF/A của kho lưu."""


def _common(function):  # type: ignore[no-untyped-def]
    function = click.option("--agency", metavar="MÃ[:TÊN]", help="Cơ quan đặt lô (mặc định: của office.yaml).")(
        function)
    return click.option("--db", "db_url", metavar="URL", help=DB_HELP)(function)


@jobs_group.command("status")
@click.argument("batch", type=int, metavar="SỐ_LÔ")
@_common
def status_command(batch: int, db_url: str | None, agency: str | None) -> None:
    """Tiến độ của một lô: xong, lỗi, còn lại; hồ sơ lỗi kèm lý do."""
    from notices.jobs.batches import batch_status
    from notices.register.db import open_database

    db = open_database(_url(db_url))
    try:
        status = batch_status(db, _required(db, agency), batch)
    finally:
        db.dispose()
    click.echo(status.line())
    for path, reason in status.failures:
        click.echo(f"{path}: {reason}" if not reason.startswith(path) else reason)


@jobs_group.command("zip")
@click.argument("batch", type=int, metavar="SỐ_LÔ")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, metavar="TỆP.zip")
@_common
def zip_command(batch: int, out: Path, db_url: str | None, agency: str | None) -> None:
    """Mọi văn bản của một lô trong một tệp ZIP (kèm LOI.txt liệt kê hồ sơ lỗi)."""
    from notices.files import atomic_path
    from notices.jobs.batches import batch_zip
    from notices.register.db import open_database

    db = open_database(_url(db_url))
    try:
        who = _required(db, agency)
        with atomic_path(out) as tmp, open(tmp, "wb") as handle:
            count = batch_zip(db, who, batch, handle)
    finally:
        db.dispose()
    click.echo(f"Đã ghi {out} ({count} tệp).")


def _required(db: Any, option: str | None) -> Any:
    acting = _acting(db, option)
    if acting is None:
        from notices.register.cli import _agency

        acting = _agency(db, None, None, False)  # the database's only agency, or a message asking --agency
        if acting is None:
            raise UserError("Cơ sở dữ liệu chưa có cơ quan nào.")
    return acting


@jobs_group.command("export")
@click.option("--year", type=int, help="Năm (mặc định: năm nay).")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "pdf"]), required=True, help="Định dạng.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Tệp ghi ra.")
@_common
def export_command(year: int | None, fmt: str, out: Path, db_url: str | None, agency: str | None) -> None:
    """In Sổ đăng ký văn bản đi qua hàng đợi (máy chạy notices worker in sổ; SQLite: in ngay tại đây)."""
    from notices.files import atomic_path
    from notices.jobs.exports import export_output, queue_export
    from notices.jobs.issuing import wait_for
    from notices.jobs.queue import defer
    from notices.jobs.work import run_guarded
    from notices.register.db import open_database
    from notices.register.registry import vietnam_today

    url = _url(db_url)
    db = open_database(url)
    try:
        who = _required(db, agency)
        work, status = queue_export(db, who, year or vietnam_today().year, fmt)
        if status == "todo":
            if db.is_sqlite:
                run_guarded(db, work, last_try=True)
            else:
                defer(db, url, [work])
        wait_for(db, work, say=lambda text: click.echo(text, err=True))
        _name, content = export_output(db, who, work)
    finally:
        db.dispose()
    with atomic_path(out) as tmp:
        tmp.write_bytes(content)
    click.echo(f"Đã ghi {out} (việc số {work}).")


@jobs_group.command("pdfa")
@click.option("--year", type=int, help="Năm (mặc định: năm nay).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, metavar="THƯ_MỤC",
              help="Thư mục ghi các bản PDF/A (mỗi số một thư mục <năm>-<số>-<ký hiệu>).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="SỐ", help="Với SQLite: số tiến trình.")
@click.option("-q", "--quiet", is_flag=True, help="Chỉ in lỗi và dòng tổng kết.")
@_common
def pdfa_command(year: int | None, out: Path, jobs: int | None, quiet: bool, db_url: str | None,
                 agency: str | None) -> None:
    """Tạo lại bản PDF/A-3b của mọi văn bản đã lưu trong năm, từ hồ sơ gốc trong kho, qua hàng đợi."""
    from notices.batch import Settings
    from notices.jobs.rerender import queue_archive_rerender
    from notices.records.office import find_office, load_office
    from notices.register.db import open_database
    from notices.register.registry import vietnam_today

    url = _url(db_url)
    settings = Settings(out=out, formats=("pdfa",))
    found = find_office(Path.cwd())
    db = open_database(url)
    try:
        who = _required(db, agency)
        when = year or vietnam_today().year
        summary = run_batch(db, url, lambda started: _started(queue_archive_rerender(
            db, who, when, settings, office=load_office(found) if found else None), started), settings, jobs,
            quiet, _printer(quiet))
    finally:
        db.dispose()
    click.echo(summary.line())
    if summary.failed:
        sys.exit(1)


def _started(queued: Any, started: Any) -> Any:
    """A batch queued in one piece: its works put on the queue now (PostgreSQL)."""
    if started is not None and queued.todo:
        started(queued.todo)
    return queued


def _printer(quiet: bool) -> Any:
    def report(result: Any) -> None:
        if result.internal or result.error:
            click.echo(result.internal or result.error, err=True)
        elif not quiet:
            for target, _seconds in result.written:
                click.echo(f"  → {target}")
    return report
