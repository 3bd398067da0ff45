"""Render many records: every core at work, each record on its own, every failure named with its record.

:func:`render_batch` is what ``notices render`` calls (and what a web app or a script can call). Each
record is loaded and rendered by :func:`render_one`, in this process or in a pool of worker processes
that each load fonts, templates and WeasyPrint once (:func:`warm`). A record either gives all its
files or none (``render_record``); a bad record is reported with its problems and the others are
still rendered; two records that would write into the same folder are refused before anything is
written for them. Workers are replaced after :data:`RECORDS_PER_WORKER` records, so memory stays flat
however long the batch.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from notices.errors import RecordError, UserError

# A worker renders this many records, then a fresh one takes over: WeasyPrint keeps ~90 KB per
# document in caches it never empties, so a worker's memory grows with the records it has done.
RECORDS_PER_WORKER = 250

# A batch smaller than this many records per job is rendered in this process: starting a worker costs
# about as much as rendering a few records.
MIN_RECORDS_PER_WORKER = 3

# Imported once by the pool's fork server, so that every worker starts with them already loaded.
PRELOAD = ["notices.batch", "notices.render", "notices.writers.docx", "notices.writers.pdf", "docx", "weasyprint"]


@dataclass(frozen=True)
class Settings:
    """What to render for every record: the output folder, the kinds and formats, the office's templates."""

    out: Path
    only: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    templates: Path | None = None


@dataclass
class Result:
    """What became of one record (or of a group of records refused together)."""

    paths: tuple[Path, ...]  # the record; several when they collide on one output folder
    written: list[tuple[Path, float]] = field(default_factory=list)
    error: str | None = None  # something the user can fix, as it is to be printed
    internal: str | None = None  # a bug in notices, naming the record and the document
    trace: str | None = None  # the bug's traceback, shown with NOTICES_DEBUG=1

    @property
    def path(self) -> Path:
        return self.paths[0]

    @property
    def ok(self) -> bool:
        return self.error is None and self.internal is None


@dataclass
class Summary:
    """The whole batch: how many records, files, failures, and how long it took."""

    records: int = 0
    rendered: int = 0
    files: int = 0
    failed: int = 0
    internal: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        """The one line printed at the end of ``notices render``."""
        seconds = f"{self.seconds:.1f}".replace(".", ",")
        text = f"Đã tạo {self.files} tệp từ {self.rendered} hồ sơ trong {seconds} giây"
        if self.failed:
            text += f"; {self.failed} hồ sơ lỗi, không tạo văn bản nào cho các hồ sơ đó"
        return text + "."


def record_paths(paths: Iterable[Path]) -> list[Path]:
    """The record files named or found in the folders named, each once, in order."""
    from notices.render import record_files

    seen: set[Path] = set()
    result = []
    for path in record_files(paths):
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            result.append(path)
    return result


def collisions(paths: list[Path], out: Path) -> tuple[list[Path], list[Result]]:
    """Split ``paths`` into records with an output folder of their own, and groups that share one.

    Two records whose names give the same folder (``Đắk Song.yaml`` and ``dak-song.yml``) would
    overwrite each other's documents: both are refused, naming each other, before anything is written.
    """
    from notices.render import record_folder

    groups: dict[Path, list[Path]] = {}
    for path in paths:
        groups.setdefault(record_folder(path, out), []).append(path)
    alone = [path for path in paths if len(groups[record_folder(path, out)]) == 1]
    clashes = []
    for folder, group in groups.items():
        if len(group) > 1:
            names = " và ".join(f"“{p}”" for p in group)
            clashes.append(Result(tuple(group), error=(
                f"{names}: các hồ sơ này cùng ghi vào thư mục “{folder}”, hồ sơ sau sẽ ghi đè văn bản của "
                "hồ sơ trước; hãy đổi tên tệp để mỗi hồ sơ có tên riêng. Không tạo văn bản nào cho các hồ sơ này.")))
    return alone, clashes


def render_one(path: Path, settings: Settings) -> Result:
    """Load and render one record, in whatever process; never raises for a bad record or a bug."""
    from notices.records import load_record
    from notices.render import render_record

    try:
        loaded = load_record(path)
        outcome = render_record(loaded, settings.out, only=settings.only, formats=settings.formats,
                                templates=settings.templates)
    except RecordError as error:
        return Result((path,), error=error.report())
    except UserError as error:
        return Result((path,), error=f"{path}: {error.message}")
    except Exception as error:  # a bug: named with its record and document, reported, exit 2
        document = getattr(error, "notices_document", None)
        where = f", lúc tạo {document}" if document else ""
        return Result((path,), internal=(
            f"Lỗi nội bộ của notices khi xử lý hồ sơ {path} ({type(error).__name__}: {error}){where}; "
            "không ghi tệp nào cho hồ sơ này. Chạy lại với NOTICES_DEBUG=1 để xem chi tiết và báo cho người "
            "phát triển."), trace=traceback.format_exc())
    return Result((path,), written=outcome.written)


def warm() -> None:
    """Load what every record needs once per process: writers, fonts, the PDF font set-up."""
    from notices.writers import pdf

    pdf.prepare()


def _start_worker(environ: dict[str, str], parent: int) -> None:
    """A worker's start: the parent's environment as it is now (the fork server's may be older), a
    watch on the parent (a worker never outlives the command that started it), then warm up."""
    import threading

    os.environ.clear()
    os.environ.update(environ)
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="notices-parent-watch").start()
    warm()


def _watch(parent: int) -> None:
    """End this worker as soon as ``parent`` is gone (killed, say, while the batch was running)."""
    while True:
        time.sleep(1)
        try:
            os.kill(parent, 0)
        except (ProcessLookupError, PermissionError):  # gone (or its number now another user's process)
            from notices.writers import pdf

            pdf.remove_fonts()
            os._exit(1)


def _worker_batch(paths: list[Path], settings: Settings) -> list[Result]:
    return [render_one(path, settings) for path in paths]


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _in_pool(paths: list[Path], settings: Settings, jobs: int) -> Iterator[Result]:
    """Results in record order from ``jobs`` worker processes, replaced every RECORDS_PER_WORKER records.

    Python 3.11's own ``max_tasks_per_child`` can hang the pool (cpython#115634), so the batch runs
    in generations: one pool per ``jobs × RECORDS_PER_WORKER`` records.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("forkserver")  # workers never inherit a parent's threads
    context.set_forkserver_preload(PRELOAD)
    generation = jobs * RECORDS_PER_WORKER
    for start in range(0, len(paths), generation):
        chunk = paths[start : start + generation]
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                                 initargs=(dict(os.environ), os.getpid())) as pool:
            futures = [(path, pool.submit(_worker_batch, [path], settings)) for path in chunk]
            for path, future in futures:
                try:
                    yield from future.result()
                except BrokenProcessPool as error:  # a worker died (killed, out of memory): name its record
                    yield Result((path,), internal=(
                        f"Lỗi nội bộ của notices khi xử lý hồ sơ {path}: tiến trình tạo văn bản dừng đột ngột "
                        f"({error}); không ghi tệp nào cho hồ sơ này."))


def render_batch(
    paths: Iterable[Path],
    settings: Settings,
    *,
    jobs: int | None = None,
    on_start: Callable[[int], None] = lambda total: None,
    on_result: Callable[[Result], None] = lambda result: None,
) -> Summary:
    """Render every record of ``paths`` into ``settings.out``; call ``on_result`` for each, in record order.

    ``jobs``: worker processes (default: the cores; a batch of fewer than 3 records a job stays in this
    process). Raises :class:`UserError` only when there is nothing to do (no record found) or nothing
    can be done (no font family for the PDFs).
    """
    began = time.perf_counter()
    files = record_paths(paths)
    if not files:
        raise UserError("Không tìm thấy hồ sơ .yaml nào trong các đường dẫn đã cho.")
    if not settings.formats or "pdf" in settings.formats:
        _check_fonts()
    alone, clashes = collisions(files, settings.out)
    summary = Summary(records=len(files))
    on_start(len(files))
    jobs = max(1, min(jobs or default_jobs(), len(alone)))
    # Worth starting workers (each loads WeasyPrint, ~ the time of a few records) for a few records each;
    # a long batch always runs in workers, so that they are replaced as they age.
    pooled = (jobs > 1 and len(alone) >= MIN_RECORDS_PER_WORKER * jobs) or len(alone) > RECORDS_PER_WORKER
    results = _in_pool(alone, settings, jobs) if pooled else (render_one(p, settings) for p in alone)
    for result in [*clashes, *results]:
        if result.ok:
            summary.rendered += 1
            summary.files += len(result.written)
        else:
            summary.failed += len(result.paths)
            summary.internal += result.internal is not None
        on_result(result)
    summary.seconds = time.perf_counter() - began
    return summary


def _check_fonts() -> None:
    """The PDF font family and its prepared subsets, made once here rather than by every worker at once."""
    from notices import fonts

    fonts.family()
    for bold in (False, True):
        for italic in (False, True):
            fonts.prepared(bold, italic)
