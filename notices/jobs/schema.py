"""procrastinate's queue schema, applied through the register's migration (revision 0005) or, when the
``jobs`` extra was installed after the database was created, by the first worker or queued batch."""

from __future__ import annotations

from sqlalchemy import Connection, text

from notices.errors import UserError

LOCK = 724011  # the register's migration lock: one schema change at a time


def installed() -> bool:
    """Whether procrastinate (the ``jobs`` extra) can be imported."""
    import importlib.util

    return importlib.util.find_spec("procrastinate") is not None


def has_queue(conn: Connection) -> bool:
    return conn.execute(text("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")).scalar_one()


def apply_queue_schema(conn: Connection) -> bool:
    """Create procrastinate's tables and functions on ``conn`` (PostgreSQL) unless present; True if applied.

    Without procrastinate installed nothing is done here: :func:`ensure_queue` applies it later.
    """
    if not installed() or has_queue(conn):
        return False
    from procrastinate.schema import SchemaManager

    with conn.connection.dbapi_connection.cursor() as cursor:  # type: ignore[union-attr]
        cursor.execute(SchemaManager.get_schema())  # psycopg without parameters: '%' in function bodies as is
    return True


def try_queue_schema(conn: Connection) -> None:
    """The migration's step: apply the queue's schema if it can be, inside a savepoint. A server that
    cannot (PL/pgSQL unavailable, say) still opens its register; ``notices worker`` and ``--queue`` apply
    the schema later through :func:`ensure_queue`, or say why they cannot."""
    import logging

    from sqlalchemy.exc import DBAPIError

    try:
        with conn.begin_nested():
            apply_queue_schema(conn)
    except (DBAPIError, conn.dialect.dbapi.Error) as error:  # type: ignore[union-attr]
        logging.getLogger("notices.jobs").warning("hàng đợi việc chưa tạo được: %s", getattr(error, "orig", error))


def ensure_queue(engine) -> None:  # type: ignore[no-untyped-def]
    """The queue's schema present (applied under the migration lock), or a clear message."""
    if not installed():
        raise UserError("Hàng đợi việc cần gói procrastinate: cài bằng pip install 'notices[jobs]'.")
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.begin() as conn:
            if has_queue(conn):
                return
            conn.execute(text(f"SELECT pg_advisory_xact_lock({LOCK})"))
            apply_queue_schema(conn)
    except (DBAPIError, engine.dialect.dbapi.Error) as error:
        raise UserError(f"Không tạo được hàng đợi việc (bảng của procrastinate) trong cơ sở dữ liệu: "
                        f"{getattr(error, 'orig', error)}. "
                        "Máy chủ PostgreSQL cần PL/pgSQL (có sẵn từ bản 9.0) và quyền tạo bảng, hàm.") from None


def drop_queue_schema(conn: Connection) -> None:
    """Remove procrastinate's tables, functions and types (the migration's downgrade)."""
    tables = text("SELECT tablename FROM pg_tables WHERE starts_with(tablename, 'procrastinate')")
    for (name,) in conn.execute(tables).all():
        conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}" CASCADE')
    rows = conn.execute(text("SELECT p.oid::regprocedure::text FROM pg_proc p "
                             "WHERE starts_with(p.proname, 'procrastinate')"))
    for (signature,) in rows.all():
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
    for (name,) in conn.execute(text("SELECT typname FROM pg_type WHERE starts_with(typname, 'procrastinate') "
                                     "AND typtype = 'e'")).all():
        conn.exec_driver_sql(f'DROP TYPE IF EXISTS "{name}" CASCADE')
