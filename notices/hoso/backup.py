"""``notices archive backup`` and ``restore``: a complete, self-verifying copy of an agency's data.

A backup is a folder:

- ``backup.json``: format, when, which agency, the schema revision, the tables and their row counts;
- ``tables/<table>.jsonl``: every row of every table of the database (register, counters, archived
  files, hồ sơ, and whatever other room's tables the schema has), one JSON object a line, dates and
  times tagged; binary columns are not inline but named by SHA-256;
- ``blobs/<sha256>``: each binary value once (an archived file kept in two hồ sơ is stored once);
- ``SHA256SUMS``: the SHA-256 of every file above.

The dump is logical (engine-neutral): a backup of SQLite restores into PostgreSQL and the other way.
Rows keep their ids, so numbers, links and hồ sơ come back as they were; PostgreSQL's sequences are
moved past them and SQLite's search index is rebuilt. Restore refuses a database that holds any row.
The folder is written beside its final name and renamed when complete and re-verified.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Integer, MetaData, Table, func, select, text, union

from notices.errors import UserError
from notices.register.db import Database
from notices.register.registry import AgencyKey, Clock, agency_id, vietnam_now

FORMAT = 1
MANIFEST = "SHA256SUMS"
# Not the office's records: the schema's revision (written by the migrations), a login's passing state (a
# restored session would log someone in again; failed logins only throttle), and the job queue's work in
# flight (procrastinate's tables exist on PostgreSQL only; a restored queue would run jobs a second time).
SKIP = ("alembic_version", "sessions", "login_failures")
SKIP_PREFIX = ("entries_fts", "sqlite_", "procrastinate_", "job_")  # SQLite's search index (rebuilt), internals


@dataclass(frozen=True)
class BackupReport:
    path: Path
    rows: dict[str, int]
    blobs: int
    bytes: int


def _tables(conn: Connection) -> list[Table]:
    """Every table of the database in dependency order (parents first), from the database itself."""
    meta = MetaData()
    meta.reflect(bind=conn, only=lambda name, _meta: name not in SKIP and not name.startswith(SKIP_PREFIX))
    return list(meta.sorted_tables)


def _columns(table: Table) -> list[Any]:
    return [c for c in table.columns if c.computed is None]  # PostgreSQL's generated ``folded`` is remade


def _revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    heads = MigrationContext.configure(conn).get_current_heads()
    return ",".join(sorted(heads)) or None


def _scope(conn: Connection, tables: list[Table], agency: AgencyKey | None) -> dict[str, Any]:
    """Per table, the condition keeping the agency's rows (None: every row).

    A table is the agency's through its foreign keys, parents first: ``agencies`` by id; a table whose
    ``agency_id`` names ``agencies`` (the register's rooms) or ``server_agencies`` (the office server's: users,
    drafts, events…) keeps the rows of the agency's own parent rows — ``server_agencies`` itself through its
    ``register_agency_id`` —; any other table keeps the rows whose parent row is kept (versions of its drafts,
    files of its entries). A table that holds only what others point at (``blobs``: file bytes by SHA-256)
    keeps the rows a kept row points at, never another agency's bytes. Nothing tied to no agency is copied
    into an agency's backup silently: such a table is refused by name, so a new room's table cannot leak."""
    if agency is None:
        return {t.name: None for t in tables}
    aid = agency_id(conn, agency, create=False)
    if aid is None:
        raise UserError(f"Cơ sở dữ liệu không có cơ quan {agency.name} ({agency.code}).")
    kept: dict[str, Any] = {}
    for table in tables:
        if table.name == "agencies":
            kept[table.name] = table.c.id == aid
            continue
        ties = [fk for fk in table.foreign_keys
                if fk.column.table.name in kept and fk.column.table.name != table.name]
        ties.sort(key=lambda fk: fk.parent.name not in ("agency_id", "register_agency_id"))  # the agency's own first
        if ties:
            fk = ties[0]
            kept[table.name] = fk.parent.in_(select(fk.column).where(kept[fk.column.table.name]))
    for table in tables:  # what kept rows point at (blobs), now that every pointing table has its condition
        if table.name in kept:
            continue
        pointing = [select(fk.parent).where(kept[other.name]) for other in tables if other.name in kept
                    for fk in other.foreign_keys if fk.column.table.name == table.name]
        if not pointing:
            raise UserError(f"Bảng {table.name} không gắn với cơ quan nào; không sao lưu riêng một cơ quan được "
                            "(hãy sao lưu cả cơ sở dữ liệu).")
        column = next(fk.column for other in tables for fk in other.foreign_keys if fk.column.table.name == table.name)
        kept[table.name] = column.in_(union(*pointing)) if len(pointing) > 1 else column.in_(pointing[0])
    return kept


def _encode(value: Any, blobs: dict[str, bytes]) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        sha = hashlib.sha256(data).hexdigest()
        blobs[sha] = data
        return {"$blob": sha}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, float):
        return {"$float": repr(value)}
    return value


def _decode(value: Any, folder: Path) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        (tag, raw), = value.items()
        if tag == "$blob":
            return (folder / "blobs" / raw).read_bytes()
        if tag == "$datetime":
            return dt.datetime.fromisoformat(raw)
        if tag == "$date":
            return dt.date.fromisoformat(raw)
        if tag == "$time":
            return dt.time.fromisoformat(raw)
        if tag == "$decimal":
            return decimal.Decimal(raw)
        if tag == "$float":
            return float(raw)
        if tag == "$json":
            return raw
    return value


def dump_rows(conn: Connection, agency: AgencyKey | None = None) -> tuple[dict[str, list[dict[str, Any]]],
                                                                          dict[str, bytes]]:
    """Every row the backup holds, per table, ordered by primary key, encoded; and the blobs."""
    tables = _tables(conn)
    scope = _scope(conn, tables, agency)
    blobs: dict[str, bytes] = {}
    out: dict[str, list[dict[str, Any]]] = {}
    for table in tables:
        columns = _columns(table)
        query = select(*columns)
        if scope[table.name] is not None:
            query = query.where(scope[table.name])
        order = list(table.primary_key.columns) or columns
        rows = conn.execute(query.order_by(*order))
        out[table.name] = [{c.name: _json_safe(_encode(v, blobs)) for c, v in zip(columns, r, strict=True)}
                           for r in rows]
    return out, blobs


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict | list) and not (isinstance(value, dict) and len(value) == 1
                                               and next(iter(value)).startswith("$")):
        return {"$json": value}  # a JSON column's own value, kept apart from our tags
    return value


def _sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup(db: Database, agency: AgencyKey | None, out: Path, *, now: Clock | None = None) -> BackupReport:
    """Write the backup folder ``out`` (which must not exist yet) and verify it before naming it."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UserError(f"{out} đã có; bản sao lưu ghi vào một thư mục mới (chưa có hoặc rỗng).")
    with db.engine.connect() as conn:  # one snapshot: REPEATABLE READ on PostgreSQL, the write lock on SQLite
        if not db.is_sqlite:
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            rows, blobs = dump_rows(conn, agency)
            revision = _revision(conn)
    partial = out.with_name(f".{out.name}.partial-{os.getpid()}")
    if partial.exists():
        shutil.rmtree(partial)
    try:
        (partial / "tables").mkdir(parents=True)
        (partial / "blobs").mkdir()
        for sha, data in blobs.items():
            (partial / "blobs" / sha).write_bytes(data)
        for name, table_rows in rows.items():
            with (partial / "tables" / f"{name}.jsonl").open("w", encoding="utf-8", newline="\n") as handle:
                for row in table_rows:
                    handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        info = {"format": FORMAT, "made_at": vietnam_now(now).isoformat(timespec="seconds"),
                "agency": None if agency is None else {"code": agency.code, "name": agency.name},
                "revision": revision, "engine": db.engine.dialect.name,
                "tables": {name: len(r) for name, r in rows.items()}}
        (partial / "backup.json").write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        listed = sorted(p.relative_to(partial).as_posix() for p in partial.rglob("*") if p.is_file())
        (partial / MANIFEST).write_text("".join(f"{_sha(partial / n)}  {n}\n" for n in listed), encoding="ascii")
        problems = check(partial)
        if problems:
            raise UserError("Bản sao lưu vừa ghi không kiểm tra lại được: " + "; ".join(problems[:5]))
        if out.exists():
            out.rmdir()
        partial.rename(out)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return BackupReport(out, info["tables"], len(blobs), sum(len(b) for b in blobs.values()))


def check(folder: Path) -> list[str]:
    """Problems of a backup folder: every file listed, present, unchanged; nothing more; blobs named right."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return [f"{folder} không có {MANIFEST}: không phải bản sao lưu của notices"]
    problems, listed = [], {}
    for n, line in enumerate(manifest.read_text(encoding="ascii", errors="replace").split("\n"), start=1):
        if not line:
            continue
        sha, sep, name = line.partition("  ")
        if not sep or len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha) or ".." in name.split("/"):
            problems.append(f"{MANIFEST} dòng {n} sai dạng")
            continue
        listed[name] = sha
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {MANIFEST}
    for name in sorted(present - set(listed)):
        problems.append(f"{name}: tệp không có trong {MANIFEST}")
    for name, sha in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: thiếu tệp")
        elif _sha(path) != sha:
            problems.append(f"{name}: SHA-256 không khớp (tệp đã bị thay đổi)")
        elif name.startswith("blobs/") and name != f"blobs/{sha}":
            problems.append(f"{name}: tên khác mã SHA-256 của nội dung")
    if "backup.json" not in listed:
        problems.append("thiếu backup.json")
    return problems


def restore(db: Database, folder: Path) -> dict[str, int]:
    """Rebuild an EMPTY database from the backup at ``folder`` (checked first); returns rows per table."""
    problems = check(folder)
    if problems:
        raise UserError(f"Bản sao lưu {folder} không nguyên vẹn, không khôi phục: " + "; ".join(problems[:10]))
    info = json.loads((folder / "backup.json").read_text(encoding="utf-8"))
    if info.get("format") != FORMAT:
        raise UserError(f"Bản sao lưu dạng {info.get('format')}; bản notices này đọc dạng {FORMAT}.")
    restored: dict[str, int] = {}
    with db.engine.begin() as conn:
        revision = _revision(conn)
        if info.get("revision") and revision != info["revision"]:
            raise UserError(f"Bản sao lưu có lược đồ {info['revision']}, cơ sở dữ liệu đích {revision}: hãy khôi phục "
                            "bằng đúng phiên bản notices đã sao lưu.")
        tables = {t.name: t for t in _tables(conn)}
        busy = [n for n, t in tables.items() if conn.execute(select(func.count()).select_from(t)).scalar_one()]
        if busy:
            raise UserError(f"Cơ sở dữ liệu {db.url} đã có dữ liệu (bảng {', '.join(busy)}); chỉ khôi phục vào "
                            "cơ sở dữ liệu rỗng.")
        missing = [n for n in info["tables"] if n not in tables]
        if missing:
            raise UserError(f"Cơ sở dữ liệu đích thiếu bảng {', '.join(missing)}.")
        for name in (n for n in tables if n in info["tables"]):  # parents first
            table = tables[name]
            path = folder / "tables" / f"{name}.jsonl"
            rows = []
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    data = json.loads(line)
                    rows.append({k: _decode(v, folder) for k, v in data.items()})
            if len(rows) != info["tables"][name]:
                raise UserError(f"{path}: {len(rows)} dòng, backup.json ghi {info['tables'][name]}.")
            _insert_rows(conn, table, rows)
            restored[name] = len(rows)
        _after_restore(conn, tables)
    return restored


def _insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    self_refs = [fk for fk in table.foreign_keys if fk.column.table.name == table.name]
    deferred = []
    if self_refs:  # a row pointing at a later row of its own table: set the link after every row is in
        column = self_refs[0].parent.name
        deferred = [(r[column], r) for r in rows if r.get(column) is not None]
        rows = [{**r, column: None} if r.get(column) is not None else r for r in rows]
    for start in range(0, len(rows), 500):
        conn.execute(table.insert(), rows[start:start + 500])
    if deferred:
        key = list(table.primary_key.columns)[0]
        column = self_refs[0].parent
        for value, row in deferred:
            conn.execute(table.update().where(key == row[key.name]).values({column.name: value}))


def _after_restore(conn: Connection, tables: dict[str, Table]) -> None:
    if conn.dialect.name == "postgresql":
        for table in tables.values():
            for column in table.primary_key.columns:
                if isinstance(column.type, Integer):
                    conn.execute(text("SELECT setval(pg_get_serial_sequence(:t, :c), "
                                      f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false) "
                                      "WHERE pg_get_serial_sequence(:t, :c) IS NOT NULL"),
                                 {"t": table.name, "c": column.name})
    elif "entries" in tables:
        from notices.register.issue import index_text

        for (entry_id,) in conn.execute(select(tables["entries"].c.id)):
            index_text(conn, entry_id)
