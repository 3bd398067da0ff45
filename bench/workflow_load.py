"""Time of every workflow transition with N concurrent sessions, against a real ``notices server run --workers 2``
on PostgreSQL: the whole chain of the full workflow, one phase per action, each phase N sessions posting the
action's form at once (``each`` documents per session), p50/p95 per action. Usage:

    NOTICES_TEST_PG=postgresql://postgres@127.0.0.1:55432/notices_main \\
        .venv/bin/python bench/workflow_load.py [sessions] [each]

Phases, in the chain's order: Trình duyệt (chuyên viên), Duyệt nội dung (lãnh đạo đơn vị; it enters Chờ kiểm tra
thể thức, so it includes the format check's render of DOCX and PDF), Duyệt thể thức (with an Ý kiến, as open
findings require), Duyệt ký, Cấp số (the register's locked counter, the final render and archive), Ký số (the
signer's .p12 sent with the button; signed on the server) and Ban hành (the agency's seal). Every session is a
real login of that role's user. It creates and drops a database of its own; the test PKI (tests/signing/pki.py)
makes the keys. Nothing is asserted: it prints figures, and the machine's load before and after.
"""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PHASES = [  # (user, action, state it is taken in, label)
    ("cv", "trinh_duyet", "du_thao", "Trình duyệt"),
    ("ld", "duyet_noi_dung", "cho_duyet_noi_dung", "Duyệt nội dung (+ kiểm tra thể thức)"),
    ("kt", "duyet_the_thuc", "cho_kiem_tra_the_thuc", "Duyệt thể thức"),
    ("nk", "duyet_ky", "cho_duyet_ky", "Duyệt ký"),
    ("vt", "cap_so", "da_duyet_ky", "Cấp số"),
    ("nk", "ky_so", "da_cap_so", "Ký số (.p12)"),
    ("vt", "ban_hanh", "da_ky", "Ban hành (dấu cơ quan)"),
]


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    import sqlalchemy as sa

    from notices.register.db import open_database
    from notices.server import accounts, drafts, workflow
    from tests.server.conftest import PASSWORD, example_text, login, populate, start, stop
    from tests.server.signing_kit import keys_in, set_seal
    from tests.server.test_workflow import FIVE
    from tests.signing.pki import Kit

    sessions, each = (int(sys.argv[1]) if len(sys.argv) > 1 else 20), (int(sys.argv[2]) if len(sys.argv) > 2 else 2)
    base = os.environ["NOTICES_TEST_PG"]
    name = "bench_workflow_" + secrets.token_hex(4)
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    url = base.rsplit("/", 1)[0] + "/" + name
    folder = Path(tempfile.mkdtemp(prefix="notices-bench-workflow-"))
    kit = Kit(folder / "pki")
    print(f"load before: {load()} ({os.cpu_count()} cores); {sessions} sessions, {sessions * each} documents")
    try:
        keys = keys_in(kit, folder / "keys")
        populate(url, steps=workflow.FULL, users=FIVE)
        set_seal(url, keys)
        db = open_database(url)
        cv = accounts.authenticate(db, "cv", PASSWORD, "x")
        todo = []
        for _ in range(sessions * each):
            draft = drafts.create_draft(db, cv).id
            drafts.save(db, cv, draft, example_text(), kind="notice", base=None)
            todo.append(draft)
        p12 = keys.signer_p12.read_bytes()
        clerk = accounts.authenticate(db, "vt", PASSWORD, "x")
        server = start(url, "--workers", "2", env=keys.env)
        try:
            for user, action, state, label in PHASES:
                clients = [login(server.url, user) for _ in range(sessions)]
                heads = {d: drafts.get_draft(db, clerk, d).head for d in todo}
                times: list[float] = []
                failed: list[str] = []
                barrier = threading.Barrier(sessions)

                def run(i: int, clients=clients, heads=heads, times=times, failed=failed,  # type: ignore[no-untyped-def]
                        barrier=barrier, action=action, state=state) -> None:
                    client, csrf = clients[i]
                    barrier.wait()
                    for draft in todo[i * each:(i + 1) * each]:
                        data = {"csrf": csrf, "action": action, "state": state, "head": str(heads[draft])}
                        files = None
                        if action == "duyet_the_thuc":
                            data["y_kien"] = "Đã xem các lỗi thể thức."
                        if action == "ky_so":
                            data["mat_khau"] = keys.passphrase
                            files = {"p12": ("nguoi-ky.p12", p12, "application/x-pkcs12")}
                        began = time.perf_counter()
                        answer = client.post(f"/van-ban/{draft}/xu-ly", data=data, files=files, timeout=300)
                        times.append(time.perf_counter() - began)
                        if answer.status_code != 303:
                            failed.append(f"{answer.status_code} {answer.text[:200]}")

                threads = [threading.Thread(target=run, args=(i,)) for i in range(sessions)]
                began = time.perf_counter()
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                took = time.perf_counter() - began
                times.sort()
                p95 = times[max(int(len(times) * 0.95) - 1, 0)]
                print(f"{label}: p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms "
                      f"({len(times)} transitions by {sessions} sessions at once in {took:.1f} s, "
                      f"{len(failed)} failed; load {load()})", flush=True)
                for reason in failed[:3]:
                    print(f"    failed: {reason}")
                for client, _ in clients:
                    client.close()
            with db.engine.begin() as conn:
                issued = conn.execute(sa.text("SELECT count(*), count(DISTINCT number) FROM entries")).one()
                events = conn.execute(sa.text("SELECT count(*) FROM workflow_events")).scalar_one()
            print(f"register: {issued[0]} rows, {issued[1]} distinct numbers; audit rows: {events} "
                  f"(expected {len(PHASES) * len(todo)})")
        finally:
            stop(server)
            db.dispose()
    finally:
        kit.close()
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        print(f"load after: {load()}")


if __name__ == "__main__":
    main()
