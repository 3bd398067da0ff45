"""Two secretaries at once: real processes take numbers from one series on one database, some roll back.

Every number committed must be unique and the committed numbers must be exactly 1..N (no gap), on a SQLite
file and on PostgreSQL. The workers (tests/register/allocator.py) call the function ``notices issue`` uses
to number and register.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.register.allocator import run

WORKERS, ISSUES, ROLLBACK_EVERY = 2, 200, 7


@pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_concurrent_issuers_get_unique_gap_free_numbers(engine: str, request: pytest.FixtureRequest,
                                                        tmp_path: Path) -> None:
    from notices.register.db import entries, open_database

    url = request.getfixturevalue("sqlite_url" if engine == "sqlite" else "pg_url")
    reports = run(url, WORKERS, ISSUES, ROLLBACK_EVERY, tmp_path)
    committed = [n for r in reports for n in r["committed"]]
    rolled_back = [n for r in reports for n in r["rolled_back"]]
    expected = WORKERS * (ISSUES - ISSUES // ROLLBACK_EVERY)
    assert len(rolled_back) == WORKERS * (ISSUES // ROLLBACK_EVERY)
    assert len(committed) == expected
    assert len(set(committed)) == len(committed), "a number was given twice"
    assert sorted(committed) == list(range(1, expected + 1)), "the committed numbers have a gap"
    db = open_database(url)
    with db.engine.begin() as conn:
        stored = [r[0] for r in conn.execute(select(entries.c.number).order_by(entries.c.number))]
    db.dispose()
    assert stored == list(range(1, expected + 1))
    # the processes really ran at the same time: their numbers interleave instead of forming two blocks
    first, second = (r["committed"] for r in reports)
    assert min(first) < max(second) and min(second) < max(first)
    # a rolled-back number was given again to a later issue (nothing lost, nothing skipped)
    assert set(rolled_back) <= set(committed)
