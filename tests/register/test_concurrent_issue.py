"""Two secretaries run ``notices issue`` at the same time on their own records, one database (slow: renders)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.register.conftest import DRAFT_NOTICE

PER_SECRETARY = 3


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_two_secretaries_issue_at_once(engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    from notices.register.db import open_database
    from notices.register.registry import list_entries

    url = request.getfixturevalue("sqlite_url" if engine == "sqlite" else "pg_url")
    open_database(url).dispose()
    scripts = []
    for who in ("a", "b"):
        records = []
        for i in range(PER_SECRETARY):
            folder = tmp_path / who / str(i)
            folder.mkdir(parents=True)
            (folder / "hoso.yaml").write_bytes(DRAFT_NOTICE.read_bytes())
            records.append(str(folder / "hoso.yaml"))
        loop = "; ".join(f"notices issue {r} --date 2024-04-01 --db '{url}' --out {tmp_path / who / 'out'}"
                         for r in records)
        scripts.append(loop)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    processes = [subprocess.Popen(["bash", "-ec", s], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
                 for s in scripts]
    outputs = [p.communicate(timeout=600)[0] for p in processes]
    assert all(p.returncode == 0 for p in processes), outputs
    db = open_database(url)
    numbers = sorted(e.number for e in list_entries(db, None, 2024))
    db.dispose()
    assert numbers == list(range(1, 2 * PER_SECRETARY + 1))
    printed = sorted(line.split()[3] for out in outputs for line in out.splitlines() if line.startswith("Đã cấp số"))
    assert printed == sorted(f"0{n}/TB-UBND" for n in range(1, 2 * PER_SECRETARY + 1))
