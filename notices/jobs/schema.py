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


def ensure_queue(engine) -> None:  # type: ignore[no-untyped-def]
    """The queue's schema present (applied under the migration lock), or a clear message."""
    if not installed():
        raise UserError("Hàng đợi việc cần gói procrastinate: cài bằng pip install 'notices[jobs]'.")
    with engine.begin() as conn:
        if has_queue(conn):
            return
        conn.execute(text(f"SELECT pg_advisory_xact_lock({LOCK})"))
        apply_queue_schema(conn)


def drop_queue_schema(conn: Connection) -> None:
    """Remove procrastinate's tables, functions and types (the migration's downgrade)."""
    for (name,) in conn.execute(text("SELECT tablename FROM pg_tables WHERE tablename LIKE 'procrastinate%'")).all():
        conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}" CASCADE')
    rows = conn.execute(text("SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.proname LIKE 'procrastinate%'"))
    for (signature,) in rows.all():
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
    for (name,) in conn.execute(text("SELECT typname FROM pg_type WHERE typname LIKE 'procrastinate%' "
                                     "AND typtype = 'e'")).all():
        conn.exec_driver_sql(f'DROP TYPE IF EXISTS "{name}" CASCADE')
