"""The register's database fixtures (a SQLite file, a fresh PostgreSQL database per test)."""

from tests.register.conftest import db, db_url, pg_url, sqlite_url  # noqa: F401
