"""``notices server init``, ``agencies``, ``users``: passwords from standard input or NOTICES_PASSWORD only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.server.conftest import PASSWORD


def notices(*args: str, stdin: str | None = None, env: dict[str, str] | None = None, cwd: Path | None = None):  # type: ignore[no-untyped-def]
    environment = {k: v for k, v in os.environ.items() if k not in ("NOTICES_PASSWORD", "NOTICES_DB")}
    return subprocess.run([sys.executable, "-m", "notices", *args], input=stdin, capture_output=True, text=True,
                          env={**environment, **(env or {})}, cwd=cwd)


def test_init_agencies_and_users_from_the_command_line(tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'server.db'}"
    done = notices("server", "init", "--db", db, "--admin", "quantri", "--agency", "000.00.31.H20",
                   "--name", "Ủy ban nhân dân huyện Đắk Song", "--code", "UBND", "--place", "Đắk Song",
                   stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "Đã tạo người quản trị quantri (quan_tri)" in done.stdout
    again = notices("server", "init", "--db", db, "--admin", "quantri", "--agency", "000.00.31.H20", stdin="")
    assert again.returncode == 0 and "đã có" in again.stdout
    office = tmp_path / "office.yaml"
    office.write_text("agency:\n  name: Ủy ban nhân dân xã Nâm N'Jang\n  code: UBND\n  place: Nâm N'Jang\n"
                      "numbering: shared\n", encoding="utf-8")
    assert notices("agencies", "add", "X01", "--name", "Ủy ban nhân dân xã Nâm N'Jang", "--code", "UBND",
                   "--parent", "000.00.31.H20", "--db", db).returncode == 0
    assert notices("agencies", "import", "X01", str(office), "--db", db).returncode == 0
    listed = notices("agencies", "list", env={"NOTICES_DB": db}).stdout
    assert "X01\tUBND\tỦy ban nhân dân xã Nâm N'Jang\t0 người dùng, trực thuộc 000.00.31.H20, có hồ sơ cơ quan" in listed
    added = notices("users", "add", "lan", "--name", "Trần Thị Lan", "--agency", "X01", "--role", "chuyen_vien",
                    "--role", "van_thu", "--db", db, env={"NOTICES_PASSWORD": PASSWORD})
    assert added.returncode == 0, added.stderr
    assert "lan\tTrần Thị Lan\tX01\tchuyen_vien,van_thu\t0 phiên" in notices("users", "list", "--db", db).stdout
    assert notices("users", "password", "lan", "--db", db, stdin="mat-khau-moi-2\n").returncode == 0
    assert notices("users", "disable", "lan", "--db", db).returncode == 0
    assert "đã khóa" in notices("users", "list", "--agency", "X01", "--db", db).stdout


def test_refusals_are_in_vietnamese_and_no_password_option_exists(tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'server.db'}"
    assert notices("agencies", "add", "H1", "--name", "Ủy ban nhân dân huyện A", "--code", "UBND", "--db", db) \
        .returncode == 0
    short = notices("users", "add", "lan", "--name", "Lan", "--agency", "H1", "--role", "van_thu", "--db", db,
                    stdin="ngan\n")
    assert short.returncode == 1 and "ít nhất 8 ký tự" in short.stderr
    role = notices("users", "add", "lan", "--name", "Lan", "--agency", "H1", "--role", "giam_doc", "--db", db,
                   stdin=PASSWORD + "\n")
    assert role.returncode == 1 and "Vai trò không có: giam_doc" in role.stderr
    nowhere = notices("users", "add", "lan", "--name", "Lan", "--agency", "H9", "--role", "van_thu", "--db", db,
                      stdin=PASSWORD + "\n")
    assert nowhere.returncode == 1 and "Chưa có cơ quan mã H9" in nowhere.stderr
    twin = notices("agencies", "add", "H2", "--name", "Ủy ban nhân dân huyện A", "--code", "UBND", "--db", db)
    assert twin.returncode == 1 and "dùng chung một sổ đăng ký" in twin.stderr
    assert "--password" not in notices("users", "add", "--help").stdout
    assert notices("agencies", "list").returncode == 1  # no --db and no NOTICES_DB: said, not guessed
