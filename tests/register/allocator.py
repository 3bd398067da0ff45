"""One issuer process for the concurrency test and bench/register_rates.py.

    python -m tests.register.allocator URL WORKER ISSUES ROLLBACK_EVERY GO_FILE PAUSE

Waits until GO_FILE exists (so every process starts together), then numbers ISSUES documents through
:func:`notices.register.registry.register`, rolling back every ROLLBACK_EVERY-th transaction after its
number was taken. Prints one JSON line: the numbers committed, those rolled back, the seconds taken.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

# Seconds between two issues of one process (the tests): without a pause SQLite's lock, which is not fair,
# stays with whichever process holds it and the two never interleave. The benchmark uses none.
PAUSE = 0.003


class Rollback(Exception):
    pass


def main(url: str, worker: int, issues: int, every: int, go: Path, pause: float) -> None:
    from notices.register.db import open_database
    from notices.register.registry import AgencyKey, Draft, register

    db = open_database(url, upgrade=False)
    with db.engine.connect() as conn:  # connected before the race starts
        conn.rollback()
    agency = AgencyKey("UBND", "Ủy ban nhân dân xã Thử")
    while not go.exists():
        time.sleep(0.005)
    committed, rolled_back = [], []
    start = time.perf_counter()
    for i in range(issues):
        draft = Draft(kind="notice", kind_label="Thông báo", series="TB", notation="TB-UBND", issued_on=dt.date(2024, 3, 1),
                      subject=f"Thử {worker}-{i}", signer_name="A", signer_title="B", recipients=["X"],
                      archive=["VT"], record_name="r.yaml", record_path=f"/r{worker}-{i}.yaml")
        try:
            with db.engine.begin() as conn:
                entry = register(conn, agency, draft, by=f"w{worker}")
                if every and i % every == every - 1:
                    raise Rollback(entry.number)  # a deliberate failure after the number was taken
            committed.append(entry.number)
        except Rollback as exc:
            rolled_back.append(exc.args[0])
        time.sleep(pause)  # outside the transaction, as a real issue renders between two numbers
    seconds = time.perf_counter() - start
    db.dispose()
    print(json.dumps({"worker": worker, "committed": committed, "rolled_back": rolled_back, "seconds": seconds}))


def run(url: str, workers: int, issues: int, every: int, folder: Path, pause: float = PAUSE) -> list[dict]:
    """Start ``workers`` processes together on ``url``; their reports, in worker order."""
    import os
    import subprocess

    from notices.register.db import open_database

    open_database(url).dispose()  # create the schema once, as the first `notices issue` would
    go = folder / f"go-{os.getpid()}-{time.monotonic_ns()}"
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    processes = [
        subprocess.Popen([sys.executable, "-m", "tests.register.allocator", url, str(n), str(issues), str(every),
                          str(go), str(pause)], stdout=subprocess.PIPE, text=True, cwd=root, env=env)
        for n in range(workers)
    ]
    time.sleep(1.0)  # let every interpreter start and connect
    go.touch()
    reports = []
    for process in processes:
        out, _ = process.communicate(timeout=600)
        if process.returncode != 0:
            raise RuntimeError(f"worker exited with {process.returncode}")
        reports.append(json.loads(out.strip().splitlines()[-1]))
    go.unlink()
    return reports


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5]),
         float(sys.argv[6]) if len(sys.argv) > 6 else 0.0)
