"""A password typed into "Tên đăng nhập" by mistake never lands in the database or the server's log: failed
logins are counted and logged by the account's id, a name that is no account not at all (its address is)."""

from __future__ import annotations

import re
import subprocess

import pytest
from sqlalchemy import select

from notices.server import accounts
from notices.server.accounts import LoginRefused
from notices.server.tables import events, login_failures, users
from tests.server.conftest import PASSWORD, client_for, login, populate, start, stop

TYPED = "Mật-Khẩu-Gõ-Nhầm-42"  # her password, typed into the login field


def test_failures_are_kept_by_account_id_and_an_unknown_name_is_kept_nowhere(office_db):
    now = 3_000_000.0
    for i, (name, password) in enumerate([(TYPED, "x"), ("lan", TYPED), ("lan", "sai")]):
        with pytest.raises(LoginRefused):
            accounts.authenticate(office_db, name, password, "10.1.1.1", now=now + i)
    with office_db.engine.begin() as conn:
        lan_id = conn.execute(select(users.c.id).where(users.c.login == "lan")).scalar_one()
        counted = {(r.scope, r.key): r.count for r in conn.execute(select(login_failures))}
        failed = conn.execute(select(events.c.user_id, events.c.target, events.c.detail)
                              .where(events.c.action == "login_failed").order_by(events.c.id)).all()
    assert counted == {("login", f"id:{lan_id}"): 2, ("address", "10.1.1.1"): 3}
    assert [tuple(r) for r in failed] == [(None, None, "10.1.1.1"), (lan_id, None, "10.1.1.1"),
                                          (lan_id, None, "10.1.1.1")]


def test_a_locked_account_is_locked_by_id_and_a_new_password_unlocks_it(office_db):
    now = 4_000_000.0
    for i in range(5):
        with pytest.raises(LoginRefused):
            accounts.authenticate(office_db, "hoa", "sai", f"10.2.0.{i}", now=now + i)
    with pytest.raises(LoginRefused):
        accounts.authenticate(office_db, "hoa", PASSWORD, "10.2.0.99", now=now + 6)
    accounts.set_password(office_db, accounts.SYSTEM, "hoa", "mat-khau-moi-1")
    assert accounts.authenticate(office_db, "hoa", "mat-khau-moi-1", "10.2.0.99", now=now + 7).login == "hoa"


def dump(url: str) -> str:
    result = subprocess.run(["pg_dump", "--data-only", url], capture_output=True, text=True)
    if result.returncode == 0:
        return result.stdout
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname='public'")).scalars().all()
        dumped = "\n".join(str(row) for t in tables for row in conn.execute(text(f'SELECT * FROM "{t}"')))
    engine.dispose()
    return dumped


@pytest.mark.postgres
def test_a_password_typed_as_the_login_is_in_neither_the_database_nor_the_log(pg_url):
    populate(pg_url)
    running = start(pg_url)
    try:
        client = client_for(running.url)
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/dang-nhap").text).group(1)
        for name, password in ((TYPED, "lan"), (TYPED.lower(), PASSWORD), ("lan", TYPED)):
            answer = client.post("/dang-nhap", data={"csrf": token, "login": name, "password": password})
            assert answer.status_code == 401
        login(running.url, "lan")  # and a good login after
    finally:
        log = stop(running)
    dumped = dump(pg_url)
    assert "login_failed" in dumped and "$argon2id$" in dumped
    for clear in (TYPED, TYPED.lower(), "mật-khẩu-gõ-nhầm"):
        assert clear not in dumped and clear not in log


def test_the_upgrade_removes_typed_names_the_old_way_stored(tmp_path):
    from pathlib import Path

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import insert

    import notices.register.db as module
    from notices.register.db import migrate, open_database

    db = open_database(f"sqlite:///{tmp_path / 'cu.db'}", upgrade=False)
    config = Config()
    config.set_main_option("script_location", str(Path(module.__file__).parent / "migrations"))
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0006")
        conn.execute(insert(events).values(at="2026-12-01T08:00:00+07:00", action="login_failed", target=TYPED,
                                           detail="10.9.9.9"))
        conn.execute(insert(login_failures).values(scope="login", key=TYPED, count=1, first=1.0))
        conn.execute(insert(login_failures).values(scope="address", key="10.9.9.9", count=1, first=1.0))
    migrate(db)
    with db.engine.begin() as conn:
        assert [tuple(r) for r in conn.execute(select(events.c.target, events.c.detail))] == [(None, "10.9.9.9")]
        assert [r.key for r in conn.execute(select(login_failures))] == ["10.9.9.9"]
    db.dispose()
