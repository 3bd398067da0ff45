"""Benchmark of the job queue: N notices rendered by 1 and by 2 worker processes, and a web page's latency
while the batch runs (figures only, nothing asserted).

    .venv/bin/python bench/jobs.py --pg postgresql://postgres@127.0.0.1:55432/postgres [--records 1000]
                                   [--workers 1,2] [--no-http]

For each worker count: a fresh database on the server, N varied notices (bench/corpus.py, DOCX + PDF), that
many separate ``notices worker --concurrency 1`` processes (as if on separate machines) started and warm
before the batch is queued; the time from queueing to the last record done; and the proof that nothing ran
twice (``job_runs``: one ``stored`` run per work, no work stored twice, retries that found their work done).
With HTTP (default) ``notices serve`` runs beside the workers and its form page (GET /) is fetched every
0.25 s while the batch runs: p50 and p95. The machine's load (/proc/loadavg) is printed before and after.

bench/scale.py calls :func:`run` and prints its lines with its own.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


@contextmanager
def database(admin_url: str) -> Iterator[str]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"notices_bench_jobs_{uuid.uuid4().hex[:10]}"
    base = make_url(admin_url).set(drivername="postgresql+psycopg")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(drivername="postgresql", database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("NOTICES_DB", None)
    return env


def start_workers(url: str, count: int, log: Path) -> list[subprocess.Popen]:
    with open(log, "ab") as handle:
        return [subprocess.Popen([sys.executable, "-m", "notices", "worker", "--db", url, "--concurrency", "1"],
                                 stdout=handle, stderr=handle, env=_env(), start_new_session=True)
                for _ in range(count)]


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for process in processes:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def cpu_seconds(processes: list[subprocess.Popen]) -> float:
    """CPU time of the worker supervisors, their finished children (waited for) and their live ones."""
    tick = os.sysconf("SC_CLK_TCK")
    roots = {p.pid for p in processes}
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid in roots:
            total += sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
        elif ppid in roots:
            total += sum(int(v) for v in fields[11:13])
    return total / tick


def wait_registered(db, count: int, timeout: float = 180) -> None:  # type: ignore[no-untyped-def]
    """Until ``count`` workers are registered (each registers after loading the writers: warm)."""
    from sqlalchemy import text

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with db.engine.begin() as conn:
            if conn.execute(text("SELECT count(*) FROM procrastinate_workers")).scalar() >= count:
                return
        time.sleep(0.2)
    raise SystemExit(f"{count} workers did not start within {timeout} s")


class Sampler(threading.Thread):
    """GET a page every ``every`` seconds until stopped; latencies in ms."""

    def __init__(self, url: str, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.url, self.every = url, every
        self.times: list[float] = []
        self.errors = 0
        self.halt = threading.Event()

    def run(self) -> None:
        import httpx

        with httpx.Client(timeout=30) as client:
            while not self.halt.is_set():
                began = time.perf_counter()
                try:
                    client.get(self.url).raise_for_status()
                    self.times.append((time.perf_counter() - began) * 1000)
                except httpx.HTTPError:
                    self.errors += 1
                self.halt.wait(self.every)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def web_server(log: Path) -> Iterator[str]:
    import httpx

    port = free_port()
    with open(log, "ab") as handle:
        server = subprocess.Popen([sys.executable, "-m", "notices", "serve", "--port", str(port)], stdout=handle,
                                  stderr=handle, env=_env(), start_new_session=True, cwd=tempfile.gettempdir())
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url, timeout=5).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"notices serve did not answer on {url}; see {log}") from None
                time.sleep(0.3)
        yield url
    finally:
        stop([server])


def one_run(admin_url: str, records: int, workers: int, page: str | None, folder: Path) -> dict:
    from corpus import generate

    from notices.batch import Settings
    from notices.jobs.batches import batch_status, queue_batch, runs_per_work
    from notices.jobs.queue import defer
    from notices.register.db import open_database

    source = folder / f"hoso-{workers}"
    generate(source, records, seed=workers)
    with database(admin_url) as url:
        db = open_database(url)
        processes = start_workers(url, workers, folder / "workers.log")
        try:
            wait_registered(db, workers)
            sampler = Sampler(page) if page else None
            before = load()
            cpu_before = cpu_seconds(processes)
            began = time.perf_counter()
            queued = queue_batch(db, None, [source], Settings(out=folder / "out", formats=("docx", "pdf")),
                                 started=lambda works: defer(db, url, works))  # workers start on the first 100
            queued_in = time.perf_counter() - began
            if sampler:
                sampler.start()
            while True:
                status = batch_status(db, _agency(db), queued.batch)
                if status.finished:
                    break
                time.sleep(0.5)
            seconds = time.perf_counter() - began
            cpu = cpu_seconds(processes) - cpu_before
            if sampler:
                sampler.halt.set()
                sampler.join()
            runs = runs_per_work(db)
            return dict(workers=workers, records=records, seconds=seconds, cpu=cpu, queued_in=queued_in,
                        done=status.done,
                        failed=status.failed, runs=runs, load_before=before, load_after=load(),
                        http=(sampler.times, sampler.errors) if sampler else None)
        finally:
            stop(processes)
            db.dispose()


def _agency(db):  # type: ignore[no-untyped-def]
    from notices.register.registry import known_agencies

    return known_agencies(db)[0]


def run(admin_url: str, records: int = 1000, workers: tuple[int, ...] = (1, 2), http: bool = True
        ) -> Iterator[str]:
    """The benchmark's lines, each as soon as its run ends (bench/scale.py prints them with its own)."""
    results = []
    with tempfile.TemporaryDirectory(prefix="notices-bench-jobs-") as tmp:
        folder = Path(tmp)
        server = web_server(folder / "serve.log") if http else None
        page = server.__enter__() if server else None
        try:
            for count in workers:
                result = one_run(admin_url, records, count, page, folder)
                results.append(result)
                runs = result["runs"]
                rate = result["done"] / result["seconds"]
                line = (f"jobs {count} worker{'s' if count > 1 else ''}: {result['done']} notices (DOCX + PDF) in "
                        f"{result['seconds']:.1f} s, {rate:.2f} notices/s; failed {result['failed']}; runs stored "
                        f"{runs['stored']}, most stored for one work {runs['max_stored']}, skipped {runs['skipped']}"
                        f" (nothing ran twice: {runs['max_stored'] <= 1 and runs['stored'] == result['done']}); "
                        f"queued in {result['queued_in']:.1f} s; workers' CPU {result['cpu']:.0f} s "
                        f"({result['cpu'] / result['seconds']:.2f} cores on average, "
                        f"{result['cpu'] / max(result['done'], 1):.2f} CPU s a notice); load {result['load_before']} → "
                        f"{result['load_after']}")
                if len(results) > 1:
                    first = results[0]["done"] / results[0]["seconds"]
                    line += f"; {rate / first:.2f}× the {results[0]['workers']}-worker rate"
                yield line
                if result["http"] is not None:
                    times, errors = result["http"]
                    if times:
                        yield (f"http GET / while {count} worker{'s' if count > 1 else ''} ran: p50 "
                                     f"{statistics.median(times):.0f} ms, p95 {percentile(times, 0.95):.0f} ms, "
                                     f"max {max(times):.0f} ms ({len(times)} requests, {errors} errors)")
        finally:
            if server:
                server.__exit__(None, None, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", required=True, help="a PostgreSQL URL whose user may create databases")
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--no-http", action="store_true", help="skip the web page's latency")
    args = parser.parse_args()
    print(f"load before: {load()} ({os.cpu_count()} cores)", flush=True)
    for line in run(args.pg, args.records, tuple(int(w) for w in args.workers.split(",")), not args.no_http):
        print(line, flush=True)
    print(f"load after: {load()}")


if __name__ == "__main__":
    main()
