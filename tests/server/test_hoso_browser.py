"""The "Hồ sơ" page in Chromium against a real server on PostgreSQL: the văn thư opens it from the navigation,
files an issued document into a hồ sơ of the Danh mục from the keyboard, closes it and downloads its Phụ lục
VI package, which ``notices hoso verify`` accepts. Every page axe-clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.server.conftest import login, populate, start, stop
from tests.server.test_browser import expect, new_page, no_violations, sign_in
from tests.server.test_hoso import YEAR, issue, private_tmp, store_plans

pytestmark = pytest.mark.postgres


def test_the_clerk_files_closes_and_downloads_the_package(browser, pg_url, tmp_path: Path):
    populate(pg_url)
    store_plans(pg_url, tmp_path)
    running = start(pg_url, env=private_tmp(tmp_path))
    try:
        clerk_files_closes_and_downloads(browser, running.url, tmp_path)
    finally:
        stop(running)


def clerk_files_closes_and_downloads(browser, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from notices.hoso.package import verify

    lan, lan_csrf = login(url, "lan")
    hoa_http, hoa_csrf = login(url, "hoa")
    issued = issue(lan, lan_csrf, hoa_http, hoa_csrf, "Kết luận về số hóa hồ sơ hộ tịch")

    page = new_page(browser)
    sign_in(page, url, "hoa")
    page.get_by_role("navigation").get_by_role("link", name="Hồ sơ").click()
    expect(page.get_by_role("heading", name=f"Danh mục hồ sơ năm {YEAR}")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("I. Tổng hợp, hành chính")
    no_violations(page)
    page.get_by_role("link", name="01.TH").click()
    expect(page.get_by_role("heading", name=f"Hồ sơ 01.TH năm {YEAR}")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Hồ sơ chưa có văn bản nào.")
    no_violations(page)

    page.get_by_label(f"Văn bản đã ban hành năm {YEAR}").select_option(index=0)
    page.get_by_label(f"Văn bản đã ban hành năm {YEAR}").focus()
    page.keyboard.press("Tab")  # to "Lập vào hồ sơ", and press it from the keyboard
    expect(page.get_by_role("button", name="Lập vào hồ sơ")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(f"Đã lập Thông báo {issued['label']} vào hồ sơ 01.TH.")
    table = page.get_by_role("table", name="Văn bản trong hồ sơ, theo thứ tự (DocOrdinal)")
    expect(table).to_contain_text("Kết luận về số hóa hồ sơ hộ tịch")
    no_violations(page)

    page.get_by_role("button", name="Kết thúc hồ sơ").click()
    expect(page.get_by_role("status")).to_contain_text("Đã kết thúc hồ sơ 01.TH: 1 văn bản", timeout=120_000)
    no_violations(page)
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Tải gói hồ sơ 01.TH (Phụ lục VI, ZIP)").click()
    download = waiting.value
    assert download.suggested_filename == f"ho-so-01.TH-{YEAR}.zip"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    verdict = verify(target)
    assert verdict.ok and verdict.documents == 1, verdict.problems
    assert not page.errors, page.errors
    page.context.close()
