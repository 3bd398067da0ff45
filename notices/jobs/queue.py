"""Where works run. PostgreSQL: procrastinate's queue (``notices worker`` on any machine that reaches the
database; one worker process per core, since a render holds the GIL). SQLite (one office, one machine):
in this process or a local pool, on the same tables and through the same functions.

Why procrastinate: it needs nothing but the PostgreSQL the register already uses (no Redis, no broker to
run), takes jobs with ``SELECT … FOR UPDATE SKIP LOCKED`` and wakes workers with LISTEN/NOTIFY, and has what
the rules ask for: ``lock`` (one job at a time per work), ``queueing_lock`` (one waiting job per work),
retries with back-off for transient errors only, graceful shutdown, worker heartbeats and a documented
recovery of stalled jobs (``job_manager.get_stalled_jobs()`` + ``retry_job``). Huey's PostgreSQL backend
or pgqueuer would also do; Celery's SQLAlchemy broker is experimental and may run a message twice.

A job's only argument is its work's id: the inputs are in ``job_blobs``, the outcome in ``job_works``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from notices.jobs.schema import ensure_queue
from notices.register.db import Database, open_database

QUEUE = "notices"
TASK = "notices.jobs.work"
RECORDS_PER_WORKER = 250  # then the worker process is replaced (WeasyPrint's caches grow with documents)
STALLED_AFTER = 30.0  # seconds without a heartbeat before a worker's running jobs are given to another
RECOVER_EVERY = 10.0

log = logging.getLogger("notices.jobs")


def conninfo(url: str) -> str:
    """A libpq URL for psycopg from an SQLAlchemy one."""
    scheme, rest = url.split("://", 1)
    return "postgresql://" + rest if scheme.startswith("postgres") else url


# --- the worker process's database (opened once per process) -------------------------------------------------

_DB: dict[str, Database] = {}


def database(url: str) -> Database:
    if url not in _DB:
        _DB[url] = open_database(url, upgrade=False)
    return _DB[url]


# --- procrastinate -------------------------------------------------------------------------------------------


@dataclass
class WorkerState:
    url: str
    max_jobs: int = RECORDS_PER_WORKER
    jobs: int = 0


_STATE: WorkerState | None = None


MAX_ATTEMPTS = 5


def _work_task(context: Any, work_id: int) -> None:
    """The job: do work ``work_id`` (idempotent). After ``max_jobs`` the process asks itself to stop
    (SIGTERM: procrastinate finishes this job first); its supervisor starts a fresh one."""
    from notices.jobs.work import run_guarded

    assert _STATE is not None, "the job runs only inside `notices worker`"
    run_guarded(database(_STATE.url), work_id, last_try=context.job.attempts + 1 >= MAX_ATTEMPTS)
    _STATE.jobs += 1
    if _STATE.jobs >= _STATE.max_jobs:
        os.kill(os.getpid(), signal.SIGTERM)


def make_app(url: str) -> Any:
    """The procrastinate App on ``url``, with the notices task registered."""
    from procrastinate import App, PsycopgConnector, RetryStrategy

    from notices.jobs.work import transient

    app = App(connector=PsycopgConnector(conninfo=conninfo(url), min_size=1, max_size=4))
    retry = RetryStrategy(max_attempts=MAX_ATTEMPTS, exponential_wait=2, retry_exceptions=set(transient()))
    app.task(name=TASK, queue=QUEUE, retry=retry, pass_context=True)(_work_task)
    return app


def defer(db: Database, url: str, works: Iterable[int]) -> int:
    """Put one job per work on the queue (a work already waiting keeps its one job); returns jobs added."""
    from procrastinate import exceptions
    from procrastinate.jobs import Job

    ensure_queue(db.engine)
    works = list(works)
    if not works:
        return 0
    app = make_app(url)

    def job(work: int) -> Job:
        return Job(queue=QUEUE, lock=f"work:{work}", queueing_lock=f"work:{work}", task_name=TASK,
                   task_kwargs={"work_id": work})

    added = 0
    with app.open():
        for start in range(0, len(works), 500):
            chunk = works[start:start + 500]
            try:
                app.job_manager.batch_defer_jobs([job(w) for w in chunk])
                added += len(chunk)
            except exceptions.AlreadyEnqueued:  # one of them already waits: queue the others one by one
                for work in chunk:
                    with contextlib.suppress(exceptions.AlreadyEnqueued):
                        app.job_manager.defer_job(job(work))
                        added += 1
    return added


async def _recover(app: Any, stalled_after: float, every: float) -> None:
    """procrastinate's stalled-job recipe, as a loop in every worker: jobs left ``doing`` by a worker whose
    heartbeat stopped (``kill -9``, a machine lost) go back to the queue; the work is idempotent."""
    while True:
        try:
            for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after):
                try:
                    await app.job_manager.retry_job(job)
                    log.warning("việc %s (công việc %s) của một máy đã dừng được giao lại", job.id,
                                job.task_kwargs.get("work_id"))
                except Exception:  # another worker retried it first
                    pass
        except Exception as error:  # the database away for a moment: try again next round
            log.warning("không kiểm tra được việc bị treo: %s", error)
        await asyncio.sleep(every)


async def _serve(url: str, stalled_after: float) -> None:
    app = make_app(url)
    heartbeat = max(0.5, min(10.0, stalled_after / 3))
    async with app.open_async():
        recovery = asyncio.create_task(_recover(app, stalled_after, min(RECOVER_EVERY, stalled_after / 2)))
        try:
            await app.run_worker_async(queues=[QUEUE], concurrency=1, name=_name(), wait=True,
                                       update_heartbeat_interval=heartbeat, stalled_worker_timeout=stalled_after,
                                       delete_jobs="successful", fetch_job_polling_interval=2.0)
        finally:
            recovery.cancel()


def _name() -> str:
    from notices.jobs.work import worker_name

    return worker_name()


def _child(url: str, stalled_after: float, max_jobs: int, parent: int) -> None:
    """One worker process: warm the writers once, then take jobs until told to stop or ``max_jobs`` done."""
    global _STATE
    from notices.batch import warm

    # A group of its own: Ctrl+C in the terminal reaches only the supervisor, which asks each worker once
    # (SIGTERM: finish the job, then stop); two signals would make procrastinate abandon the running job.
    os.setpgid(0, 0)
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="notices-parent-watch").start()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s: %(message)s")
    _STATE = WorkerState(url, max_jobs)
    warm()
    asyncio.run(_serve(url, stalled_after))


def _watch(parent: int) -> None:
    """A worker never outlives its supervisor (killed, the machine shut down): its jobs are recovered."""
    while True:
        time.sleep(1)
        try:
            os.kill(parent, 0)
        except (ProcessLookupError, PermissionError):
            os._exit(1)


def run_workers(url: str, concurrency: int, *, stalled_after: float = STALLED_AFTER,
                max_jobs: int = RECORDS_PER_WORKER, say: Any = print) -> None:
    """``notices worker``: ``concurrency`` worker processes, each replaced when it ends (after ``max_jobs``
    jobs, or killed), until SIGINT/SIGTERM: then running jobs finish and the processes stop."""
    import multiprocessing

    db = open_database(url)  # creates or upgrades the schema (revision 0005: the queue's tables too)
    ensure_queue(db.engine)
    db.dispose()
    context = multiprocessing.get_context("spawn")
    stopping = threading.Event()
    children: list[Any] = []

    def start() -> Any:
        process = context.Process(target=_child, args=(url, stalled_after, max_jobs, os.getpid()), daemon=False)
        process.start()
        return process

    def stop(signum: int, _frame: Any) -> None:
        stopping.set()
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                if child.pid:
                    os.kill(child.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    children.extend(start() for _ in range(concurrency))
    say(f"notices worker: {concurrency} tiến trình nhận việc từ {db.url} (Ctrl+C để dừng sau khi xong việc đang làm).")
    sys.stdout.flush()
    while True:
        for index, child in enumerate(children):
            child.join(timeout=0.2)
            if child.exitcode is not None and not stopping.is_set():
                if child.exitcode != 0:
                    say(f"notices worker: tiến trình {child.pid} dừng (mã {child.exitcode}); khởi động tiến trình mới.")
                    sys.stdout.flush()
                children[index] = start()
        if stopping.is_set():
            for child in children:
                child.join()
            return


# --- SQLite (and any database without workers): in this process ---------------------------------------------


def _pool_work(url: str, work: int) -> None:
    from notices.jobs.work import run_guarded

    run_guarded(database(url), work, last_try=True)


def run_here(url: str, works: list[int], jobs: int = 1) -> None:
    """Do ``works`` in this process (``jobs`` = 1) or in a local pool: the same work functions a queue's
    worker runs, so outputs, idempotence and the batch's status are the same."""
    if jobs <= 1 or len(works) < 2:
        for work in works:
            _pool_work(url, work)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from notices.batch import PRELOAD, warm

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    with ProcessPoolExecutor(min(jobs, len(works)), mp_context=context, initializer=warm) as pool:
        for future in [pool.submit(_pool_work, url, work) for work in works]:
            future.result()


def dispatch(db: Database, url: str, works: list[int], jobs: int = 1) -> threading.Thread | None:
    """Start ``works``: on PostgreSQL, jobs on the queue for any worker; on SQLite, a thread of this
    process runs them (returned, to be joined) while the caller follows the batch."""
    if db.is_sqlite:
        errors: list[BaseException] = []

        def target() -> None:
            try:
                run_here(url, works, jobs)
            except BaseException as error:  # shown by the caller after join
                errors.append(error)

        thread = threading.Thread(target=target, name="notices-jobs-here", daemon=True)
        thread.errors = errors  # type: ignore[attr-defined]
        thread.start()
        return thread
    defer(db, url, works)
    return None
