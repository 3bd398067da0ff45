"""Real databases for the register's tests: a SQLite file per test, a fresh PostgreSQL database per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'notices.db'}"


def fresh_database(postgres_url: str) -> Iterator[str]:
    """A database of its own on the test server (created, then dropped), so runs never collide."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"notices_reg_{uuid.uuid4().hex[:12]}"
    base = make_url(postgres_url).set(drivername="postgresql+psycopg")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield base.set(drivername="postgresql", database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture
def pg_url(postgres_url: str) -> Iterator[str]:
    """A database of its own on the test server for one test."""
    yield from fresh_database(postgres_url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each test that takes ``db_url`` runs on a SQLite file and on PostgreSQL."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def db(db_url: str) -> Iterator[object]:
    from notices.register.db import open_database

    database = open_database(db_url)
    yield database
    database.dispose()


DRAFT_NOTICE = EXAMPLES / "dak-song-cchc-2023.yaml"  # a notice with number: null, date: null


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    """A copy of the example draft notice in a folder of its own (no office.yaml above it)."""
    folder = tmp_path / "hoso"
    folder.mkdir()
    target = folder / "dak-song.yaml"
    target.write_bytes(DRAFT_NOTICE.read_bytes())
    return target
