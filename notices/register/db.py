"""One database for register and archive, SQLite or PostgreSQL through the same SQLAlchemy Core code.

SQLite: WAL, and every transaction opened with ``BEGIN IMMEDIATE`` (the write lock is taken before the
first read, so an allocation never fails half-way with SQLITE_BUSY): SQLAlchemy's documented recipe,
the driver's own transaction handling switched off (``isolation_level = None``) and our BEGIN emitted
from the ``begin`` event. PostgreSQL: READ COMMITTED; the counter row's UPSERT locks the row.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import (
    Column,
    Date,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    text,
)

from notices.errors import UserError

metadata = MetaData()

agencies = Table(
    "agencies", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(40), nullable=False),
    Column("name", String(300), nullable=False),
    Column("parent", String(300)),
    UniqueConstraint("code", "name", name="uq_agencies_code_name"),
)

# One row per (agency, year, series): ``last`` is the last number given. Locked by the UPSERT that
# takes the next number, in the same transaction as the register row, so numbers are gap-free.
counters = Table(
    "counters", metadata,
    Column("agency_id", Integer, ForeignKey("agencies.id"), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("series", String(40), primary_key=True),
    Column("last", Integer, nullable=False),
)

entries = Table(
    "entries", metadata,
    Column("id", Integer, primary_key=True),
    Column("agency_id", Integer, ForeignKey("agencies.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("series", String(40), nullable=False),
    Column("number", Integer, nullable=False),
    Column("notation", String(80), nullable=False),  # ký hiệu: "TB-UBND"
    Column("kind", String(20), nullable=False),  # notice, invitation, minutes, report
    Column("kind_label", String(80), nullable=False),  # "Thông báo"
    Column("issued_on", Date, nullable=False),
    Column("subject", Text, nullable=False),
    Column("signer_name", String(200)),
    Column("signer_title", String(200)),
    Column("recipients", Text, nullable=False, default=""),  # one per line
    Column("archive", Text, nullable=False, default=""),  # "VT, VP"
    Column("record_name", String(300), nullable=False),
    Column("record_path", Text, nullable=False),  # where it was issued from (to finish an interrupted issue)
    Column("status", String(10), nullable=False),  # pending (number given, files not stored), issued, void
    Column("issued_by", String(200), nullable=False),
    Column("issued_at", String(40), nullable=False),  # ISO 8601 with the Vietnam offset
    Column("stored_at", String(40)),
    Column("void_reason", Text),
    Column("voided_by", String(200)),
    Column("voided_at", String(40)),
    Column("content", Text, nullable=False, default=""),  # the documents' full text, for search
    UniqueConstraint("agency_id", "year", "series", "number", name="uq_entries_series_number"),
    UniqueConstraint("agency_id", "year", "notation", "number", name="uq_entries_notation_number"),
)
Index("ix_entries_agency_year", entries.c.agency_id, entries.c.year)
Index("ix_entries_agency_id", entries.c.agency_id, entries.c.id)  # an agency's newest matches (search window)
Index("ix_entries_agency_number", entries.c.agency_id, entries.c.number, entries.c.notation)  # "05/TB-UBND", any year

# File bytes are kept once per content, under their SHA-256 (migration 0003): list and search queries never
# read them, and ``archive verify`` hashes each content once.
blobs = Table(
    "blobs", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

files = Table(
    "files", metadata,
    Column("id", Integer, primary_key=True),
    Column("entry_id", Integer, ForeignKey("entries.id"), nullable=False),
    Column("role", String(10), nullable=False),  # record, docx, pdf
    Column("name", String(300), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), ForeignKey("blobs.sha256"), nullable=False),
    UniqueConstraint("entry_id", "name", name="uq_files_entry_name"),
)

# A file row with its bytes, for the few readers of file contents:
# ``select(files.c.name, blobs.c.content).select_from(files_with_bytes)``; list and search never join it.
files_with_bytes = files.join(blobs, files.c.sha256 == blobs.c.sha256)

DEFAULT_FILE = "notices.db"


@dataclass(frozen=True)
class Database:
    """An open register database: its engine and a printable name (never the password)."""

    engine: Engine
    url: str

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        self.engine.dispose()


def resolve_url(option: str | None, office_url: str | None, office_folder: Path | None) -> str:
    """``--db``, else ``NOTICES_DB``, else office.yaml's ``database``, else notices.db beside office.yaml or here."""
    url = option or os.environ.get("NOTICES_DB") or None
    base = Path.cwd()
    if url is None and office_url:
        url, base = office_url, office_folder or base
    if url is None:
        return f"sqlite:///{(office_folder or base) / DEFAULT_FILE}"
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////") and url != "sqlite:///:memory:":
        return f"sqlite:///{base / url[len('sqlite:///'):]}"  # relative to office.yaml's folder (or here)
    return url


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (sqlite:///…, postgresql://…) set up for the register's transactions."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:" and not Path(path).parent.is_dir():
            raise UserError(f"Không có thư mục chứa cơ sở dữ liệu: {Path(path).parent}")
        engine = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=60000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):  # type: ignore[no-untyped-def]
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    try:
        return create_engine(url)
    except Exception as exc:  # a malformed URL or an unknown driver: the user's to fix
        raise UserError(f"Địa chỉ cơ sở dữ liệu không dùng được “{url}”: {exc}") from None


def open_database(url: str, *, upgrade: bool = True) -> Database:
    """Open (and create or upgrade in place) the register database at ``url``."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    engine = make_engine(url)
    db = Database(engine, _printable(url))
    if upgrade:
        try:
            migrate(db)
        except OperationalError as exc:
            engine.dispose()
            raise UserError(f"Không mở được cơ sở dữ liệu {db.url}: {exc.orig}") from None
        except ProgrammingError as exc:  # e.g. a role that may not CREATE EXTENSION unaccent / pg_trgm
            engine.dispose()
            raise UserError(f"Không tạo được bảng của sổ đăng ký trong {db.url}: {exc.orig}. Trên PostgreSQL, "
                            "người quản trị cần chạy một lần: CREATE EXTENSION unaccent; CREATE EXTENSION pg_trgm;"
                            ) from None
    return db


def migrate(db: Database) -> None:
    """Bring the schema to the newest revision (Alembic), under a lock so two first users cannot race."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    head = ScriptDirectory.from_config(config).get_current_head()
    with db.engine.connect() as conn:
        if MigrationContext.configure(conn).get_current_revision() == head:
            conn.rollback()
            return
        conn.rollback()
    with db.engine.begin() as conn:
        if not db.is_sqlite:
            conn.execute(text("SELECT pg_advisory_xact_lock(724011)"))  # one migrator at a time
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def _printable(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url
