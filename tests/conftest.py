"""Shared fixtures: the example records, and each one rendered once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Argon2id with argon2's cheapest parameters for every account the tests make, in this process and in the
# servers and commands it starts (notices.server.accounts._hasher); the real parameters are tested by
# tests/server/test_library.py with the variable removed.
os.environ["NOTICES_TEST_FAST_HASHES"] = "1"

from notices.records import load_record
from notices.render import render_record

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "data" / "examples"
SHARED_EXAMPLES = ROOT.parent / "shared" / "examples"
SEEDS = ROOT.parent / "shared" / "seeds"
NOTICE_RECORDS = ("dak-song-cchc-2023", "phu-tai-cchc-2022", "xa-cchc-6-thang-2024")


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example rendered (DOCX, PDF, HTML) into one session folder, as the CLI does."""
    out = tmp_path_factory.mktemp("output")
    for path in sorted(EXAMPLES.glob("*.yaml")):
        render_record(load_record(path), out, formats=("docx", "pdf", "html"))
    return out


@pytest.fixture(params=NOTICE_RECORDS)
def notice_name(request: pytest.FixtureRequest) -> str:
    """The name of each example record that declares a notice."""
    return request.param


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The URL of the throwaway PostgreSQL database ``./dev test`` started; skip, saying why, without one."""
    import os

    url = os.environ.get("NOTICES_TEST_PG")
    if not url:
        pytest.skip("không có máy chủ PostgreSQL để thử (NOTICES_TEST_PG chưa đặt; ./dev test tự khởi động một máy)")
    return url


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium through Playwright, one per test module. One fixture for every browser test: Playwright's
    sync API runs one event loop per process, so a second one inside the first fails. Per module, not per run:
    while that loop runs, pyHanko's synchronous signing (asyncio.run inside) cannot run in this thread, and the
    signing tests come after the server's browser tests."""
    from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip(f"không có Chromium ở {CHROMIUM} (cài gói Debian “chromium”)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # a shared 2-core machine: waits are generous, nothing is timed
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
