"""Province scale: archives of 10,000 / 100,000 / 1,000,000 synthetic documents, searched through the library.

    .venv/bin/python bench/scale.py --pg postgresql://postgres@127.0.0.1:55432/postgres --docs 100000
        --sqlite-docs 100000 [--agencies 10] [--runs 20]

Builds each archive in a database of its own (PostgreSQL: created on the server named by --pg, dropped after;
SQLite: a file in a temporary folder) through the schema ``open_database`` creates, loaded in bulk (COPY on
PostgreSQL, executemany on SQLite; not the ``notices issue`` path), then times the library's own functions:
:func:`notices.register.archive.search` (agency-scoped, top 100) and
:func:`notices.register.registry.list_entries` (one agency's year).

The documents: ~3 KB of Vietnamese text whose syllables are drawn with Zipf weights from the syllables of the
Viet74K word list, the agency's name ("Ủy ban nhân dân xã …") in every one, one of 18 subject topics in the
subject, a signer drawn from common names, and one rare name in exactly one document of the searched agency.
Half of the documents belong to the searched agency (the worst case for a search scoped to one agency); the
rest are spread over the other agencies. Five years, numbers per agency, year and kind. Each document has a
record, a DOCX and a PDF: three blobs of realistic sizes shared by every document (on a schema that stores
each file's bytes per row they are written once per row).

Printed: load time, database size (and per document), one line per search in the form
``search <label>: p50 <ms> ms, p95 <ms> ms (<documents> documents, <PostgreSQL|SQLite>)``, and the register
list of the searched agency's busiest year. Never asserted in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
import unicodedata
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEARS = (2022, 2023, 2024, 2025, 2026)
KINDS = (("notice", "Thông báo", "TB"), ("invitation", "Giấy mời", "GM"), ("minutes", "Biên bản", "BB"),
         ("report", "Báo cáo", "BC"))
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Quốc", "Hữu", "Ngọc", "Thu", "Hoài"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hòa", "Khánh", "Lan", "Mai", "Nam", "Phúc",
         "Quân", "Sơn", "Tâm", "Trọng", "Uyên", "Vinh", "Yến"]
TOPICS = ["cải cách hành chính", "chuyển đổi số", "phòng chống thiên tai", "xây dựng nông thôn mới",
          "giải ngân vốn đầu tư công", "an toàn giao thông", "phòng cháy chữa cháy", "tiếp công dân",
          "quản lý đất đai", "bảo vệ môi trường", "giảm nghèo bền vững", "y tế cơ sở", "giáo dục mầm non",
          "thu ngân sách", "dịch vụ công trực tuyến", "an ninh trật tự", "văn hóa cơ sở", "phát triển du lịch"]
COMMUNES = ["Đông Hòa", "Tây Hòa", "Nam Đà", "Thuận Hạnh", "Đắk Môl", "Trường Xuân", "Nâm N'Jang", "Thuận Hà",
            "Đắk N'Drung", "Quảng Sơn", "Đắk R'La", "Nghĩa Thắng", "Quảng Tín", "Kiến Thành", "Hưng Bình"]
HEAD = ["và", "của", "các", "có", "được", "trong", "cho", "là", "với", "người", "công", "tác", "đã", "này",
        "những", "theo", "thực", "hiện", "năm", "đến"]
RARE = "Hà Khải Xuyến"  # a name in exactly one document of the searched agency
SIZES = {"record": 2_300, "docx": 18_000, "pdf": 60_000}  # bytes (record + DOCX + PDF ≈ 78 KiB, scale.md §3.1)


class Corpus:
    """Deterministic synthetic documents."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        words = (ROOT / "notices" / "vn" / "Viet74K.txt").read_text(encoding="utf-8").split()
        syllables = sorted({unicodedata.normalize("NFC", w.lower()) for w in words if w.isalpha() and "-" not in w})
        self.rng.shuffle(syllables)
        head = [w for w in HEAD if w in syllables]  # the most frequent first, as in real text
        syllables = head + [w for w in syllables if w not in head]
        self.syllables = syllables
        self.cum = list(_accumulate(1 / (rank + 1) for rank in range(len(syllables))))  # Zipf, s = 1
        self.common = "được", "công"  # ranks 5 and 11: in most documents, rarely side by side

    def sentence(self, n: int) -> str:
        words = self.rng.choices(self.syllables, cum_weights=self.cum, k=n)
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def body(self, agency: str, topic: str, signer: str, target: int = 3000) -> str:
        lines = [agency.upper(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 f"Kết luận của Chủ tịch {agency} về {topic}"]
        size = sum(len(line) for line in lines)
        while size < target:
            line = " ".join(self.sentence(self.rng.randint(8, 24)) for _ in range(self.rng.randint(2, 5)))
            if self.rng.random() < 0.2:
                line += f" Giao {self.rng.choice(TOPICS)} cho {agency}."
            lines.append(line)
            size += len(line)
        lines += ["Nơi nhận:", "- Như trên;", "- Lưu: VT, VP.", "CHỦ TỊCH", signer]
        return "\n".join(lines)


def _accumulate(values):  # type: ignore[no-untyped-def]
    total = 0.0
    for v in values:
        total += v
        yield total


def plan(docs: int, agencies: int, seed: int = 7) -> list[tuple[int, int]]:
    """(agency index, year) of each document in insertion order (chronological within the run)."""
    rng = random.Random(seed)
    out = []
    for i in range(docs):
        agency = 0 if (agencies == 1 or i % 2 == 0) else rng.randint(1, agencies - 1)
        out.append((agency, YEARS[i * len(YEARS) // docs]))
    return out


def numbering(docs: int, agencies: int) -> list[tuple[int, int, int, int, dt.date]]:
    """(agency index, year, kind index, number, issue date) of each document, in insertion order."""
    rng = random.Random(3)
    layout = plan(docs, agencies)
    per_year: dict[tuple[int, int], int] = {}
    for agency, year in layout:
        per_year[(agency, year)] = per_year.get((agency, year), 0) + 1
    counters: dict[tuple[int, int, int], int] = {}
    seen: dict[tuple[int, int], int] = {}
    out = []
    for agency, year in layout:
        kind = 0 if rng.random() < 0.55 else rng.randint(1, len(KINDS) - 1)
        number = counters[(agency, year, kind)] = counters.get((agency, year, kind), 0) + 1
        k = seen[(agency, year)] = seen.get((agency, year), 0) + 1
        day = dt.date(year, 1, 1) + dt.timedelta(days=min(363, (k - 1) * 364 // per_year[(agency, year)]))
        out.append((agency, year, kind, number, day))
    return out


def rows(layout: list[tuple[int, int, int, int, dt.date]], corpus: Corpus, start: int = 0, stop: int | None = None):  # type: ignore[no-untyped-def]
    """Entry rows (dicts with their 1-based id) ``start``..``stop`` of ``layout``; each document's text is drawn
    from a generator seeded by its index (so slices made in parallel are the same as one run); the rare name
    goes into the middle document of agency 0."""
    docs = len(layout)
    rare_at = next(i for i, row in enumerate(layout) if row[0] == 0 and i >= docs // 2)
    for i in range(start, docs if stop is None else stop):
        agency, year, kind_index, number, day = layout[i]
        kind, label, code = KINDS[kind_index]
        rng = corpus.rng = random.Random(i)
        signer = RARE if i == rare_at else f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        name = f"Ủy ban nhân dân xã {COMMUNES[agency % len(COMMUNES)]}"
        topic = rng.choice(TOPICS)
        subject = f"Kết luận về {topic} {rng.choice(['quý I', 'quý II', '6 tháng', '9 tháng', 'năm'])} {year}"
        notation = f"{code}-UBND"
        text = "\n".join([f"{number:02d}/{notation}", str(number), label, subject, signer, "Chủ tịch",
                          "Các thôn, bon", "hoso.yaml", corpus.body(name, topic, signer)])
        yield dict(id=i + 1, agency=agency, year=year, series=code, number=number, notation=notation, kind=kind,
                   kind_label=label, issued_on=day, subject=subject, signer_name=signer, signer_title="Chủ tịch",
                   recipients="Các thôn, bon", archive="VT, VP", record_name="hoso.yaml",
                   record_path=f"/bench/{i}.yaml", status="issued", issued_by="bench",
                   issued_at=f"{day.isoformat()}T08:00:00+07:00", stored_at=f"{day.isoformat()}T08:05:00+07:00",
                   content=unicodedata.normalize("NFC", text))


def counters_of(layout: list[tuple[int, int, int, int, dt.date]], ids: list[int]) -> list[tuple[int, int, str, int]]:
    last: dict[tuple[int, int, str], int] = {}
    for agency, year, kind, number, _day in layout:
        key = (ids[agency], year, KINDS[kind][2])
        last[key] = max(last.get(key, 0), number)
    return [(a, y, s, n) for (a, y, s), n in last.items()]


_COPY: dict[str, object] = {}


def _copy_slice(bounds: tuple[int, int]) -> int:
    """One loader process: COPY documents start..stop (its own connection)."""
    import psycopg

    start, stop = bounds
    layout, ids, dsn = _COPY["layout"], _COPY["ids"], _COPY["dsn"]
    corpus = Corpus()
    with psycopg.connect(dsn, autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute("SET synchronous_commit = off")
        with conn.cursor() as cur, cur.copy(f"COPY entries ({', '.join(ENTRY_COLUMNS)}) FROM STDIN") as copy:
            for row in rows(layout, corpus, start, stop):  # type: ignore[arg-type]
                row["agency_id"] = ids[row.pop("agency")]  # type: ignore[index]
                copy.write_row([row[c] for c in ENTRY_COLUMNS])
    return stop - start


ENTRY_COLUMNS = ("id", "agency_id", "year", "series", "number", "notation", "kind", "kind_label", "issued_on",
                 "subject", "signer_name", "signer_title", "recipients", "archive", "record_name", "record_path",
                 "status", "issued_by", "issued_at", "stored_at", "content")


def blobs() -> list[tuple[str, str, bytes]]:
    rng = random.Random(11)
    return [(role, name, rng.randbytes(SIZES[role]))
            for role, name in (("record", "hoso.yaml"), ("docx", "thong-bao.docx"), ("pdf", "thong-bao.pdf"))]


def agency_names(agencies: int) -> list[tuple[str, str]]:
    return [("UBND", f"Ủy ban nhân dân xã {COMMUNES[a % len(COMMUNES)]}" + (f" {a}" if a >= len(COMMUNES) else ""))
            for a in range(agencies)]


# ---------------------------------------------------------------------------------------------- loading


def load_pg(url: str, docs: int, agencies: int, jobs: int) -> float:
    """COPY the archive into the (migrated) database at ``url`` with ``jobs`` loader processes; the search
    indexes are dropped during the load and built after it."""
    import multiprocessing

    import psycopg

    start = time.perf_counter()
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SET synchronous_commit = off")
        legacy = conn.execute("SELECT 1 FROM information_schema.columns WHERE table_name = 'files' "
                              "AND column_name = 'content'").fetchone() is not None
        dropped = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'entries' AND indexdef ILIKE '%USING gin%'"
            " OR tablename = 'entries' AND indexdef ILIKE '%USING rum%'").fetchall()
        for name, _ in dropped:
            conn.execute(f'DROP INDEX "{name}"')
        ids = []
        for code, name in agency_names(agencies):
            ids.append(conn.execute("INSERT INTO agencies (code, name) VALUES (%s, %s) RETURNING id",
                                    (code, name)).fetchone()[0])
        layout = numbering(docs, agencies)
        _COPY.update(layout=layout, ids=ids, dsn=dsn)
        step = 10_000
        slices = [(a, min(docs, a + step)) for a in range(0, docs, step)]
        done = 0
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for n in pool.imap_unordered(_copy_slice, slices):
                done += n
                if done % 100_000 < step:
                    print(f"    … {done:,} rows in {time.perf_counter() - start:.0f} s", flush=True)
        conn.execute("SELECT setval(pg_get_serial_sequence('entries', 'id'), %s)", (docs,))
        payload = blobs()
        with conn.cursor() as cur:
            if legacy:
                with cur.copy("COPY files (entry_id, role, name, size, sha256, content) FROM STDIN") as copy:
                    for i in range(1, docs + 1):
                        for role, name, data in payload:
                            copy.write_row((i, role, name, len(data), hashlib.sha256(data).hexdigest(), data))
            else:
                for _role, _name, data in payload:
                    conn.execute("INSERT INTO blobs (sha256, size, content) VALUES (%s, %s, %s) "
                                 "ON CONFLICT DO NOTHING", (hashlib.sha256(data).hexdigest(), len(data), data))
                with cur.copy("COPY files (entry_id, role, name, size, sha256) FROM STDIN") as copy:
                    for i in range(1, docs + 1):
                        for role, name, data in payload:
                            copy.write_row((i, role, name, len(data), hashlib.sha256(data).hexdigest()))
            with cur.copy("COPY counters (agency_id, year, series, last) FROM STDIN") as copy:
                for row in counters_of(layout, ids):
                    copy.write_row(row)
        print(f"    rows copied in {time.perf_counter() - start:.0f} s; building {len(dropped)} index(es)", flush=True)
        conn.execute("SET maintenance_work_mem = '1GB'")
        for _name, definition in dropped:
            conn.execute(definition)
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - start


def load_sqlite(path: Path, docs: int, agencies: int, corpus: Corpus) -> float:
    """executemany into the (migrated) SQLite file, then the full-text index filled and optimised."""
    import sqlite3

    start = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    legacy = "content" in [r[1] for r in conn.execute("PRAGMA table_info(files)")]
    conn.execute("BEGIN")
    ids = []
    for code, name in agency_names(agencies):
        ids.append(conn.execute("INSERT INTO agencies (code, name) VALUES (?, ?) RETURNING id", (code, name))
                   .fetchone()[0])
    payload = blobs()
    layout = numbering(docs, agencies)
    batch: list[tuple] = []
    placeholders = ", ".join("?" for _ in ENTRY_COLUMNS)
    insert = f"INSERT INTO entries ({', '.join(ENTRY_COLUMNS)}) VALUES ({placeholders})"
    for row in rows(layout, corpus):
        row["agency_id"] = ids[row.pop("agency")]
        row["issued_on"] = row["issued_on"].isoformat()
        batch.append(tuple(row[c] for c in ENTRY_COLUMNS))
        if len(batch) == 5000:
            conn.executemany(insert, batch)
            batch.clear()
    conn.executemany(insert, batch)
    if legacy:
        conn.executemany("INSERT INTO files (entry_id, role, name, size, sha256, content) VALUES (?, ?, ?, ?, ?, ?)",
                         ((i, role, name, len(data), hashlib.sha256(data).hexdigest(), data)
                          for i in range(1, docs + 1) for role, name, data in payload))
        from notices.vn.search import fold_for_index

        conn.executemany("INSERT INTO entries_fts (rowid, folded) VALUES (?, ?)",
                         ((r[0], fold_for_index(r[1])) for r in conn.execute("SELECT id, content FROM entries")
                          .fetchall()))
    else:
        for _role, _name, data in payload:
            conn.execute("INSERT OR IGNORE INTO blobs (sha256, size, content) VALUES (?, ?, ?)",
                         (hashlib.sha256(data).hexdigest(), len(data), data))
        conn.executemany("INSERT INTO files (entry_id, role, name, size, sha256) VALUES (?, ?, ?, ?, ?)",
                         ((i, role, name, len(data), hashlib.sha256(data).hexdigest())
                          for i in range(1, docs + 1) for role, name, data in payload))
        from notices.register.search import index_sqlite

        index_sqlite(conn)
    conn.executemany("INSERT INTO counters (agency_id, year, series, last) VALUES (?, ?, ?, ?)",
                     counters_of(layout, ids))
    conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('optimize')")
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return time.perf_counter() - start


# ---------------------------------------------------------------------------------------------- timing


def queries(corpus: Corpus, docs: int, agencies: int) -> list[tuple[str, str]]:
    number = 3
    return [
        ("rare name", RARE.lower()),
        ("a number", f"{number:02d}/TB-UBND"),
        ("two common words", f"{corpus.common[0]} {corpus.common[1]}"),
        ("a phrase", '"cải cách hành chính"'),
        ("a word in every document", "hoà"),
    ]


def _cpu_seconds(pids: list[int]) -> float:
    """CPU time (on a core, not waiting for one) of this process and the PostgreSQL backends ``pids``: what a
    search costs whatever else the machine runs (/proc/PID/schedstat, nanoseconds)."""
    total = time.process_time()
    for pid in pids:
        with open(f"/proc/{pid}/schedstat") as handle:
            total += int(handle.read().split()[0]) / 1e9
    return total


def timed(function, runs: int, pids: list[int] | None = None) -> tuple[list[float], list[float], object]:  # type: ignore[no-untyped-def]
    """Wall-clock and CPU milliseconds of ``runs`` calls (after a warm-up)."""
    result = function()  # warm-up
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), _cpu_seconds(pids or [])
        result = function()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((_cpu_seconds(pids or []) - start_cpu) * 1000)
    return times, cpu, result


def p(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def measure(url: str, engine: str, docs: int, agencies: int, corpus: Corpus, runs: int, load: float,
            size: int) -> None:
    from notices.register.archive import search
    from notices.register.db import open_database
    from notices.register.registry import AgencyKey, list_entries

    code, name = agency_names(agencies)[0]
    agency = AgencyKey(code, name)
    db = open_database(url)
    pids: list[int] = []
    if not db.is_sqlite:  # the one pooled connection every search of this single thread uses
        from sqlalchemy import text

        search(db, "warm", agency=agency)
        with db.engine.connect() as conn:
            pids = [conn.execute(text("SELECT pg_backend_pid()")).scalar_one()]
            conn.rollback()
    if load == load:  # not NaN: this run loaded the archive
        print(f"  load: {docs:,} documents in {load:.1f} s ({docs / load:,.0f} documents/s)")
    else:
        print(f"  load: none (an archive of {docs:,} documents kept by an earlier run)")
    print(f"  database size: {size / 1e6:,.0f} MB = {size / docs / 1024:.1f} KiB per document")
    for label, query in queries(corpus, docs, agencies):
        times, cpu, hits = timed(lambda q=query: search(db, q, agency=agency, limit=100), runs, pids)
        shown = len(hits)  # type: ignore[arg-type]
        print(f"search {label}: p50 {statistics.median(times):.1f} ms, p95 {p(times, 0.95):.1f} ms "
              f"({docs} documents, {engine})   [“{query}”, {shown} shown; CPU p50 {statistics.median(cpu):.1f} ms, "
              f"p95 {p(cpu, 0.95):.1f} ms]", flush=True)
    year = YEARS[len(YEARS) // 2]
    times, cpu, listed = timed(lambda: list_entries(db, agency, year), max(3, runs // 4), pids)
    print(f"list one agency's year: p50 {statistics.median(times):.1f} ms, p95 {p(times, 0.95):.1f} ms "
          f"({len(listed):,} rows of {docs} documents, {engine})   [CPU p50 {statistics.median(cpu):.1f} ms, "
          f"p95 {p(cpu, 0.95):.1f} ms]", flush=True)  # type: ignore[arg-type]
    if pids:
        with db.engine.connect() as conn:
            from sqlalchemy import text

            same = conn.execute(text("SELECT pg_backend_pid()")).scalar_one() == pids[0]
            conn.rollback()
        if not same:
            print("  (the searches used another connection: their CPU figures leave out the server)")
    db.dispose()


def run_pg(base: str, docs: int, agencies: int, runs: int, jobs: int, keep: bool, reuse: str | None) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from notices.register.db import open_database

    name = reuse or f"notices_scale_{uuid.uuid4().hex[:8]}"
    admin_url = make_url(base).set(drivername="postgresql+psycopg")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    try:
        print(f"PostgreSQL, {docs:,} documents (database {name}):", flush=True)
        if reuse:
            load = float("nan")
        else:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
            open_database(url).dispose()  # the schema, through the migrations
            load = load_pg(url, docs, agencies, jobs)
        with admin.connect() as conn:
            size = conn.exec_driver_sql(f"SELECT pg_database_size('{name}')").scalar()
        measure(url, "PostgreSQL", docs, agencies, Corpus(), runs, load, size)
        _pg_detail(url)
    finally:
        if not keep and not reuse:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            print(f"  (database {name} kept: drop it with DROP DATABASE \"{name}\")")
        admin.dispose()


def _pg_detail(url: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        rows = conn.execute(
            "SELECT c.relname, pg_relation_size(c.oid), pg_total_relation_size(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') "
            "ORDER BY 3 DESC LIMIT 8").fetchall()
    print("  largest relations: " + "; ".join(f"{r[0]} {r[1] / 1e6:,.0f} MB (with TOAST/indexes {r[2] / 1e6:,.0f})"
                                              for r in rows))


def run_sqlite(docs: int, agencies: int, runs: int, keep: bool, reuse: str | None) -> None:
    from notices.register.db import open_database

    with tempfile.TemporaryDirectory(prefix="notices-scale-", dir=os.environ.get("TMPDIR")) as tmp:
        path = Path(reuse) if reuse else (Path(tempfile.mkdtemp(prefix="notices-scale-")) if keep else Path(tmp)) \
            / f"archive-{docs}.db"
        url = f"sqlite:///{path}"
        print(f"SQLite, {docs:,} documents ({path if keep or reuse else 'a temporary file'}):", flush=True)
        load = float("nan")
        if not reuse:
            open_database(url).dispose()
            load = load_sqlite(path, docs, agencies, Corpus())
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        measure(url, "SQLite", docs, agencies, Corpus(), runs, load, size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=None, help="a PostgreSQL server URL (a role that may CREATE DATABASE)")
    parser.add_argument("--docs", type=int, nargs="*", default=[], help="PostgreSQL archive sizes, e.g. 10000 100000")
    parser.add_argument("--sqlite-docs", type=int, nargs="*", default=[], help="SQLite archive sizes")
    parser.add_argument("--agencies", type=int, default=10, help="agencies (the searched one holds half)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per search (after one warm-up)")
    parser.add_argument("--jobs", type=int, default=2, help="PostgreSQL loader processes")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database (its name is printed)")
    parser.add_argument("--reuse", metavar="NAME", help="measure a PostgreSQL archive kept before (--docs: its size)")
    parser.add_argument("--sqlite-reuse", metavar="FILE", help="measure a SQLite archive kept before")
    args = parser.parse_args()
    print(f"uptime: {os.popen('uptime').read().strip()}")
    for docs in args.sqlite_docs:
        run_sqlite(docs, args.agencies, args.runs, args.keep, args.sqlite_reuse)
    if args.docs and not args.pg:
        parser.error("--docs needs --pg URL")
    for docs in args.docs:
        run_pg(args.pg, docs, args.agencies, args.runs, args.jobs, args.keep, args.reuse)
    print(f"uptime: {os.popen('uptime').read().strip()}")


if __name__ == "__main__":
    main()
