"""Time of one workflow transition ("Duyệt nội dung", a form POST) with N concurrent sessions against a real
``notices server run`` on PostgreSQL: p50/p95 over every transition. Usage:
    NOTICES_TEST_PG=postgresql://postgres@127.0.0.1:55432/notices_main python bench/workflow_load.py [sessions] [each]
It creates and drops a database of its own."""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import threading
import time


def main() -> None:
    import sqlalchemy as sa

    from notices.register.db import open_database
    from notices.server import accounts, drafts, workflow
    from tests.server.conftest import PASSWORD, login, populate, start, stop
    from tests.server.test_workflow import FIVE

    sessions, each = (int(sys.argv[1]) if len(sys.argv) > 1 else 20), (int(sys.argv[2]) if len(sys.argv) > 2 else 5)
    base = os.environ["NOTICES_TEST_PG"]
    name = "bench_workflow_" + secrets.token_hex(4)
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    url = base.rsplit("/", 1)[0] + "/" + name
    try:
        populate(url, steps=workflow.FULL, users=FIVE)
        db = open_database(url)
        cv = accounts.authenticate(db, "cv", PASSWORD, "x")
        todo = []
        for _ in range(sessions * each):
            draft = drafts.create_draft(db, cv).id
            drafts.save(db, cv, draft, "meeting: {name: Họp}\n", kind="notice", base=None)
            workflow.act(db, cv, draft, "trinh_duyet", state="du_thao", head=1)
            todo.append(draft)
        server = start(url, "--workers", "2")
        try:
            clients = [login(server.url, "ld") for _ in range(sessions)]
            times: list[float] = []
            failed: list[int] = []
            barrier = threading.Barrier(sessions)

            def run(i: int) -> None:
                client, csrf = clients[i]
                barrier.wait()
                for draft in todo[i * each:(i + 1) * each]:
                    began = time.perf_counter()
                    answer = client.post(f"/van-ban/{draft}/xu-ly", data={
                        "csrf": csrf, "action": "duyet_noi_dung", "state": "cho_duyet_noi_dung", "head": "1"})
                    times.append(time.perf_counter() - began)
                    if answer.status_code != 303:
                        failed.append(answer.status_code)

            threads = [threading.Thread(target=run, args=(i,)) for i in range(sessions)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            print(f"{sessions} sessions, {len(times)} transitions, {len(failed)} failed: "
                  f"p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
        finally:
            stop(server)
            db.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


if __name__ == "__main__":
    main()
