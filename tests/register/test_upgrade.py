"""A register made by the previous release (0.1.0, schema 0001) upgrades in place on first use of this one.

``fixtures/register-0.1.0.db`` was written by notices 0.1.0 (commit de5989d): two notices of Đắk Song issued
with ``notices issue`` (01 and 02/TB-UBND of 2023, six stored files). It is copied, never opened in place.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from notices.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "register-0.1.0.db"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _revision(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def test_previous_release_database_upgrades_and_keeps_everything(draft: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    import notices.register.db as db_module

    monkeypatch.chdir(tmp_path)
    path = tmp_path / "register.db"
    shutil.copy(FIXTURE, path)
    url = f"sqlite:///{path}"
    assert _revision(path) == "0001"

    code, out = run("register", "list", "--year", "2023", "--db", url)
    assert code == 0, out
    config = Config()
    config.set_main_option("script_location", str(Path(db_module.__file__).parent / "migrations"))
    assert _revision(path) == ScriptDirectory.from_config(config).get_current_head()
    lines = out.splitlines()[:-1]
    assert out.splitlines()[-1] == "Năm 2023: 2 số."
    assert [line.split("\t")[0] for line in lines] == ["01/TB-UBND", "02/TB-UBND"]
    assert lines[0].split("\t")[1] == "10/05/2023" and lines[1].split("\t")[1] == "12/05/2023"

    code, out = run("archive", "verify", "--db", url)
    assert code == 0 and "Đã kiểm tra 6 tệp: tất cả nguyên vẹn." in out, out
    code, out = run("archive", "search", "Đắk Song", "--db", url)
    assert code == 0 and "Tìm thấy 2 văn bản." in out, out

    code, out = run("issue", str(draft), "--date", "2023-06-01", "--db", url, "--out", "output")
    assert code == 0 and out.startswith("Đã cấp số 03/TB-UBND ngày 01/06/2023"), out
