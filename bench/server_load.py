"""Load on the office server, bounded, on 127.0.0.1 only: "Văn bản của tôi" and a preview with N concurrent
sessions, and the time of one issue ("Cấp số") while the preview load runs.

    NOTICES_TEST_PG=postgresql://postgres@127.0.0.1:55432/notices_main \\
        .venv/bin/python bench/server_load.py [--sessions 20,50] [--seconds 15] [--workers 2] [--max-requests 3000]

Creates a database of its own on that PostgreSQL server (dropped at the end), one agency with 10 users (five
van_thu, five chuyen_vien; each logs in several times, so every session is a real login), starts
``notices server run --workers W`` (W processes, one PostgreSQL), and for each session count runs each phase
for --seconds (or --max-requests, whichever comes first): every session loops on its request, waiting for
each answer. Prints requests per second and p50/p95 latency per phase. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "mat-khau-tai-thu"
AGENCY = ("000.00.31.H20", "Ủy ban nhân dân huyện Đắk Song", "Đắk Song")


def fresh_database(admin_url: str) -> tuple[str, str]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"notices_load_{uuid.uuid4().hex[:10]}"
    base = make_url(admin_url).set(drivername="postgresql+psycopg")
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return base.set(drivername="postgresql", database=name).render_as_string(hide_password=False), name


def drop_database(admin_url: str, name: str) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    engine = create_engine(make_url(admin_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine.dispose()


def populate(url: str) -> list[str]:
    from notices.register.db import open_database
    from notices.server import accounts, workflow

    db = open_database(url)
    ident, name, place = AGENCY
    accounts.add_agency(db, accounts.SYSTEM, ident, name=name, code="UBND", place=place)
    workflow.set_steps(db, accounts.SYSTEM, ident, None)  # no approval chain: the văn thư numbers a saved draft
    logins = []
    for i in range(10):
        login = f"nv{i}"
        accounts.add_user(db, accounts.SYSTEM, login, full_name=f"Nhân viên {i}", agency=ident,
                          roles=["van_thu"] if i % 2 == 0 else ["chuyen_vien"], password=PASSWORD)
        logins.append(login)
    db.dispose()
    return logins


def start(url: str, workers: int) -> tuple[subprocess.Popen, str]:
    import httpx

    from tests.web.conftest import free_port

    port = free_port()
    folder = tempfile.mkdtemp(prefix="notices-load-")
    process = subprocess.Popen([sys.executable, "-m", "notices", "server", "run", "--db", url, "--port", str(port),
                                "--workers", str(workers)], cwd=folder, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    address = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(address + "/dang-nhap", timeout=2)
            return process, address
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start")


async def sign_in(client, login: str) -> str:  # type: ignore[no-untyped-def]
    page = await client.get("/dang-nhap")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    answer = await client.post("/dang-nhap", data={"csrf": token, "login": login, "password": PASSWORD})
    assert answer.status_code == 303, answer.status_code
    listing = await client.get("/van-ban")
    return re.search(r'name="csrf" value="([^"]+)"', listing.text).group(1)


async def phase(sessions: list, make, seconds: float, cap: int) -> tuple[int, list[float], float, int]:  # type: ignore[no-untyped-def]
    latencies: list[float] = []
    failures = 0
    stop_at = time.monotonic() + seconds

    async def loop(session) -> None:  # type: ignore[no-untyped-def]
        nonlocal failures
        while time.monotonic() < stop_at and len(latencies) + failures < cap:
            started = time.perf_counter()
            answer = await make(session)
            latencies.append(time.perf_counter() - started)
            failures += answer.status_code != 200

    began = time.monotonic()
    await asyncio.gather(*(loop(s) for s in sessions))
    return len(latencies), latencies, time.monotonic() - began, failures


async def issue_later(client, csrf: str, draft: str, head: int, delay: float) -> float:  # type: ignore[no-untyped-def]
    """Cấp số of one saved draft, ``delay`` seconds into a phase: its time under that load."""
    await asyncio.sleep(delay)
    started = time.perf_counter()
    answer = await client.post(f"/api/van-ban/{draft}/cap-so", json={"kind": "notice", "head": head},
                               headers={"X-CSRF-Token": csrf})
    assert answer.status_code == 200, answer.text
    return time.perf_counter() - started


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def main_async(address: str, logins: list[str], counts: list[int], seconds: float, cap: int) -> None:
    import httpx

    from notices.records.yamlsource import parse

    data = parse((ROOT / "data" / "examples" / "dak-song-cchc-2023.yaml").read_text(encoding="utf-8")).data
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    print(f"{'phiên':>6} {'yêu cầu':<22} {'số yêu cầu':>10} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'lỗi':>4}")
    for count in counts:
        sessions = []
        for i in range(count):
            client = httpx.AsyncClient(base_url=address, timeout=300, limits=limits)
            csrf = await sign_in(client, logins[i % len(logins)])
            sessions.append((client, csrf))
        list_page = lambda s: s[0].get("/van-ban")  # noqa: E731
        preview = lambda s: s[0].post("/api/preview", json={"data": data, "kind": "notice"},  # noqa: E731
                                      headers={"X-CSRF-Token": s[1]})
        for label, make in (("Văn bản của tôi", list_page), ("xem trước (preview)", preview)):
            issue_time = None
            if label.startswith("xem"):
                clerk = sessions[0]
                created = await clerk[0].post("/van-ban/moi", data={"csrf": clerk[1]})
                draft = created.headers["location"].rsplit("/", 1)[1]
                saved = await clerk[0].post(f"/api/van-ban/{draft}/luu", json={"data": data, "kind": "notice",
                                            "base": None}, headers={"X-CSRF-Token": clerk[1]})
                head = saved.json()["head"]

                clerk_client = httpx.AsyncClient(base_url=address, timeout=300, cookies=clerk[0].cookies)
                loaded = phase(sessions[1:], make, seconds, cap)
                later = issue_later(clerk_client, clerk[1], draft, head, seconds / 3)
                (n, latencies, elapsed, failures), issue_time = await asyncio.gather(loaded, later)
                await clerk_client.aclose()
            else:
                n, latencies, elapsed, failures = await phase(sessions, make, seconds, cap)
            print(f"{count:>6} {label:<22} {n:>10} {n / elapsed:>7.1f} {pct(latencies, 0.5):>8.0f} "
                  f"{pct(latencies, 0.95):>8.0f} {failures:>4}")
            if issue_time is not None:
                print(f"{count:>6} {'cấp số dưới tải':<22} {1:>10} {'':>7} {issue_time * 1000:>8.0f}")
        for client, _ in sessions:
            await client.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="20,50")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-requests", type=int, default=3000)
    args = parser.parse_args()
    admin = os.environ.get("NOTICES_TEST_PG")
    if not admin:
        sys.exit("NOTICES_TEST_PG is not set (a PostgreSQL server this script may create a database on)")
    url, name = fresh_database(admin)
    process = None
    try:
        logins = populate(url)
        process, address = start(url, args.workers)
        print(f"notices server run --workers {args.workers}, PostgreSQL, {os.cpu_count()} lõi; mỗi pha "
              f"{args.seconds:.0f} s hoặc {args.max_requests} yêu cầu")
        asyncio.run(main_async(address, logins, [int(c) for c in args.sessions.split(",")], args.seconds,
                               args.max_requests))
    finally:
        if process is not None:
            process.terminate()
            process.wait(30)
        drop_database(admin, name)


if __name__ == "__main__":
    main()
