"""Benchmark of the register and archive, printed as figures (never asserted in tests).

    .venv/bin/python bench/register_rates.py [--pg postgresql://…] [--docs 10000] [--workers 2 --issues 1000]

For SQLite (a file in a temporary folder) and, when a URL is given (or NOTICES_TEST_PG is set), PostgreSQL:

1. numbering: WORKERS processes each take ISSUES numbers (every 7th transaction rolled back on purpose)
   through the function ``notices issue`` uses; committed numbers per second, and a duplicate/gap check;
2. ``notices issue`` end to end (number, record edited in place, DOCX + PDF rendered, stored): issues per second;
3. an archive of DOCS documents (each with the real record, DOCX and PDF of step 2, varied subjects and
   names): database size per document, and search times (median of 5) for a rare name, a subject word,
   a word of every document, a number.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DRAFT = ROOT / "data" / "examples" / "dak-song-cchc-2023.yaml"
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Quốc", "Hữu", "Ngọc", "Thu", "Hoài"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hòa", "Hoà", "Khánh", "Lan", "Mai", "Nam", "Phúc",
         "Quân", "Sơn", "Tâm", "Trọng", "Uyên", "Vinh", "Yến"]
TOPICS = ["cải cách hành chính", "chuyển đổi số", "phòng chống thiên tai", "xây dựng nông thôn mới",
          "giải ngân vốn đầu tư công", "an toàn giao thông", "phòng cháy chữa cháy", "tiếp công dân",
          "quản lý đất đai", "bảo vệ môi trường", "giảm nghèo bền vững", "y tế cơ sở", "giáo dục mầm non",
          "thu ngân sách", "dịch vụ công trực tuyến", "an ninh trật tự", "văn hóa cơ sở", "Đắk Song"]


def numbering(url: str, workers: int, issues: int, folder: Path) -> None:
    from tests.register.allocator import run

    reports = run(url, workers, issues, 7, folder, pause=0.0)
    committed = sorted(n for r in reports for n in r["committed"])
    seconds = max(r["seconds"] for r in reports)
    ok = committed == list(range(1, len(committed) + 1))
    print(f"  numbering: {workers} processes × {issues}, 1/7 rolled back: {len(committed)} committed in "
          f"{seconds:.2f} s = {len(committed) / seconds:,.0f} numbers/s; "
          f"duplicates and gaps: {'none' if ok else 'FOUND'}")


def end_to_end(url: str, folder: Path, count: int) -> Path:
    from notices.register.db import open_database
    from notices.register.issue import issue_record

    db = open_database(url)
    records = []
    for i in range(count):
        sub = folder / f"r{i}"
        sub.mkdir()
        records.append(sub / "hoso.yaml")
        records[-1].write_bytes(DRAFT.read_bytes())
    start = time.perf_counter()
    for i, record in enumerate(records):
        issue_record(record, date=dt.date(2024, 1, 2), out=folder / "out" / str(i), db=db)
    seconds = time.perf_counter() - start
    db.dispose()
    print(f"  notices issue end to end (render DOCX + PDF, store): {count} in {seconds:.2f} s = "
          f"{count / seconds:.2f} issues/s ({seconds / count * 1000:.0f} ms each)")
    return folder / "out" / "0" / "hoso"


def archive(url: str, docs: int, outputs: Path, record: Path) -> None:
    from notices.register.archive import search
    from notices.register.db import open_database
    from notices.register.issue import store
    from notices.register.registry import AgencyKey, Draft, register

    db = open_database(url)
    agency = AgencyKey("UBND", "Ủy ban nhân dân huyện Bench")
    payload = [("record", "hoso.yaml", record.read_bytes())]
    payload += [(p.suffix[1:], p.name, p.read_bytes()) for p in sorted(outputs.iterdir())]
    rng = random.Random(7)
    rare = f"Ngô Khải {uuid.uuid4().hex[:6].upper()}"
    start = time.perf_counter()
    batch = 250
    for first in range(0, docs, batch):
        with db.engine.begin() as conn:
            for i in range(first, min(first + batch, docs)):
                name = rare if i == docs // 2 else f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                day = dt.date(2024, 1, 1) + dt.timedelta(days=i * 365 // docs)
                draft = Draft(kind="notice", kind_label="Thông báo", series="TB", notation="TB-UBND", issued_on=day,
                              subject=f"Kết luận về {rng.choice(TOPICS)} và {rng.choice(TOPICS)} (lần {i})",
                              signer_name=name, signer_title="Chủ tịch", recipients=["Các xã, thị trấn"],
                              archive=["VT", "VP"], record_name="hoso.yaml", record_path=f"/bench/{i}.yaml")
                entry = register(conn, agency, draft)
                store(conn, entry, payload)
    load = time.perf_counter() - start
    print(f"  archive of {docs:,} documents stored in {load:.1f} s")
    for label, query in [("rare name", rare.lower()), ("subject words", "giam ngheo ben vung"),
                         ("word in every document", "hoi nghi"), ("a number", f"{docs // 3:02d}/TB-UBND"),
                         ("tone placement", "hoà")]:
        times, hits = [], 0
        for _ in range(5):
            t = time.perf_counter()
            hits = len(search(db, query, agency=agency, limit=100))
            times.append(time.perf_counter() - t)
        print(f"  search {label!r:28} “{query}”: {hits:>3} shown, median {statistics.median(times) * 1000:.1f} ms")
    if db.is_sqlite:
        db.dispose()  # the last connection closing checkpoints the WAL into the file
        size = sum(p.stat().st_size for p in Path(url.split("///", 1)[1]).parent.glob("archive.db*"))
    else:
        with db.engine.connect() as conn:
            size = conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar()
            conn.rollback()
        db.dispose()
    per_file = sum(len(d) for _, _, d in payload)
    print(f"  database {size / 1e6:,.0f} MB = {size / docs / 1024:.1f} KiB per document "
          f"(its record + DOCX + PDF: {per_file / 1024:.1f} KiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("NOTICES_TEST_PG"), help="a PostgreSQL URL (superuser)")
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--renders", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="notices-bench-") as tmp:
        folder = Path(tmp)
        engines = [("SQLite", lambda name: f"sqlite:///{folder / name}.db")]
        if args.pg:
            engines.append(("PostgreSQL", lambda name: _pg_database(args.pg, name)))
        for label, make in engines:
            print(f"{label}:")
            numbering(make("numbers"), args.workers, args.issues, folder)
            work = folder / f"{label}-issue"
            work.mkdir()
            outputs = end_to_end(make("issue"), work, args.renders)
            archive(make("archive"), args.docs, outputs, work / "r0" / "hoso.yaml")
        if args.pg:
            _drop_pg(args.pg)


_CREATED: list[str] = []


def _pg_database(base: str, name: str) -> str:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    db_name = f"notices_bench_{name}_{os.getpid()}"
    url = make_url(base).set(drivername="postgresql+psycopg")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db_name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{db_name}"')
    admin.dispose()
    _CREATED.append(db_name)
    return url.set(drivername="postgresql", database=db_name).render_as_string(hide_password=False)


def _drop_pg(base: str) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    admin = create_engine(make_url(base).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in _CREATED:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


if __name__ == "__main__":
    main()
