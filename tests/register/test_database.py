"""The database itself: created and upgraded in place by Alembic, many agencies on one server, SQLite settings."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from notices.errors import UserError
from notices.register.db import open_database, resolve_url
from notices.register.registry import AgencyKey, list_entries
from tests.register.helpers import add


def _head() -> str:
    from pathlib import Path

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    import notices.register.db as module

    config = Config()
    config.set_main_option("script_location", str(Path(module.__file__).parent / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head()


def test_schema_is_created_and_reopening_keeps_the_data(db_url: str) -> None:
    db = open_database(db_url)
    add(db, "Giữ lại")
    with db.engine.begin() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == _head()
    db.dispose()
    again = open_database(db_url)  # already at head: nothing to do, nothing lost
    assert [e.subject for e in list_entries(again, None, 2024)] == ["Giữ lại"]
    again.dispose()


def test_an_older_database_is_upgraded_in_place(sqlite_url: str) -> None:
    """A database stamped at no revision with the tables missing is brought to head by opening it."""
    from alembic import command
    from alembic.config import Config

    db = open_database(sqlite_url)
    add(db, "Trước khi hạ cấp")
    config = Config()
    from pathlib import Path

    import notices.register.db as module

    config.set_main_option("script_location", str(Path(module.__file__).parent / "migrations"))
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    with db.engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'entries'")).scalar() == 0
    db.dispose()
    db = open_database(sqlite_url)
    with db.engine.begin() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == _head()
    assert add(db, "Sau khi nâng cấp").label == "01/TB-UBND"
    db.dispose()


def test_one_server_many_agencies(db) -> None:  # type: ignore[no-untyped-def]
    """Two communes both writing UBND: each has its own series, register and list."""
    hoa_phu = AgencyKey("UBND", "Ủy ban nhân dân xã Hòa Phú")
    ia_ly = AgencyKey("UBND", "Ủy ban nhân dân xã Ia Ly")
    assert add(db, "A", agency=hoa_phu).label == "01/TB-UBND"
    assert add(db, "B", agency=ia_ly).label == "01/TB-UBND"
    assert add(db, "C", agency=hoa_phu).label == "02/TB-UBND"
    assert [e.subject for e in list_entries(db, hoa_phu, 2024)] == ["A", "C"]
    assert [e.subject for e in list_entries(db, ia_ly, 2024)] == ["B"]
    assert len(list_entries(db, None, 2024)) == 3
    from notices.register.registry import void

    with pytest.raises(UserError, match="có ở nhiều cơ quan"):
        void(db, None, 2024, "01/TB-UBND", "?")


def test_numbers_start_again_each_year_and_per_kind(db) -> None:  # type: ignore[no-untyped-def]
    assert add(db, "a", date=dt.date(2023, 12, 30)).label == "01/TB-UBND"
    assert add(db, "b", date=dt.date(2023, 12, 31)).label == "02/TB-UBND"
    assert add(db, "c", date=dt.date(2024, 1, 1)).label == "01/TB-UBND"
    assert add(db, "d", date=dt.date(2024, 1, 1), kind="report", code="BC").label == "01/BC-UBND"
    # switching to one shared series in mid-year would print 01/BC-UBND twice: refused, nothing written
    with pytest.raises(UserError, match="01/BC-UBND năm 2024 đã có trong sổ đăng ký"):
        add(db, "e", date=dt.date(2024, 1, 2), kind="report", code="BC", numbering="shared")
    assert [e.subject for e in list_entries(db, None, 2024)] == ["c", "d"]


def test_sqlite_runs_in_wal_mode(sqlite_url: str) -> None:
    db = open_database(sqlite_url)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    db.dispose()


def test_database_url_order(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NOTICES_DB", raising=False)
    office = tmp_path / "office"
    assert resolve_url(None, None, None) == f"sqlite:///{tmp_path / 'notices.db'}"
    assert resolve_url(None, None, office) == f"sqlite:///{office / 'notices.db'}"
    assert resolve_url(None, "sqlite:///so.db", office) == f"sqlite:///{office / 'so.db'}"
    assert resolve_url(None, "postgresql://may/so", office) == "postgresql://may/so"
    monkeypatch.setenv("NOTICES_DB", "postgresql://moi/truong")
    assert resolve_url(None, "sqlite:///so.db", office) == "postgresql://moi/truong"
    assert resolve_url("sqlite:////tmp/x.db", "sqlite:///so.db", office) == "sqlite:////tmp/x.db"
