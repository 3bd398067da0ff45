"""Register and archive in the page: "Cấp số" shows the number, the archive search opens the stored PDF.

Runs against a real SQLite register file (and the register's own library functions); skipped when
``notices.register`` is not installed in this copy of notices.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

pytest.importorskip("notices.register")

from tests.conftest import EXAMPLES  # noqa: E402
from tests.web.conftest import start_server, stop_server  # noqa: E402
from tests.web.helpers import pdf_pages  # noqa: E402

DRAFT = EXAMPLES / "dak-song-cchc-2023.yaml"  # a notice with number: null, date: null


def expect(locator):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


@pytest.fixture
def register_server(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = tmp_path / "so-dang-ky.db"
    server = start_server("--db", f"sqlite:///{database}")
    yield server, database
    stop_server(server)


def test_issue_needs_the_csrf_token(register_server):
    server, _ = register_server
    assert httpx.post(server.url + "/api/issue", json={"data": {}, "kind": "notice"}).status_code == 403


@pytest.mark.browser
def test_issue_a_number_then_find_the_document_in_the_archive(browser, register_server):
    server, database = register_server
    context = browser.new_context(accept_downloads=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(server.url + "/")
    page.set_input_files("#open-file", [str(DRAFT)])
    expect(page.locator("#status")).to_contain_text("Đã mở")
    frame = page.frame_locator("#preview-frame")
    expect(frame.locator("p.number")).to_have_text(re.compile(r"^Số:\s+/TB-UBND$"))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cấp số").click()
    expect(page.locator("#status")).to_contain_text(re.compile(r"Đã cấp số 01/TB-UBND ngày \d\d/\d\d/\d{4}"))
    notice = page.get_by_role("group", name="Thông báo kết luận", exact=True)
    expect(notice.get_by_label("Số văn bản")).to_have_value("1")
    expect(notice.get_by_label("Ngày ban hành")).to_have_value(re.compile(r"^\d{4}-\d\d-\d\d$"))
    expect(frame.locator("p.number")).to_have_text("Số: 01/TB-UBND")
    assert database.stat().st_size > 0

    # A second "Cấp số" for the same document is refused: never two numbers for one document.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cấp số").click()
    expect(page.locator("#status")).to_contain_text("không cấp số lần hai")

    search = page.get_by_role("search", name="Tra cứu văn bản")
    search.get_by_label("Từ khoá (số, trích yếu, người ký…)").fill("cai cach hanh chinh dak song")
    search.get_by_role("button", name="Tìm").click()
    expect(page.locator("#archive-status")).to_have_text("Tìm thấy 1 văn bản.")
    link = page.locator("#archive-results a")
    expect(link).to_contain_text("01/TB-UBND")
    response = page.request.get(server.url + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert "Số: 01/TB-UBND" in " ".join(pdf_pages(response.body())[0].split())
    context.close()
