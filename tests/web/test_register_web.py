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
from tests.register.conftest import pg_url  # noqa: E402, F401  (a PostgreSQL database of its own per test)
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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_register(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A server on a SQLite register file, and one on a PostgreSQL database of its own."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'so-dang-ky.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    server = start_server("--db", url)
    yield server
    stop_server(server)


def test_issue_and_search_through_the_server(any_register):
    """The page's requests, on each database: Cấp số twice in a row gives 01 then refuses; search finds it."""
    from notices.records.yamlsource import parse

    server = any_register
    token = {"X-CSRF-Token": server.token()}
    data = parse(DRAFT.read_text(encoding="utf-8")).data
    first = httpx.post(server.url + "/api/issue", json={"data": data, "kind": "notice"}, headers=token, timeout=120)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["label"] == "01/TB-UBND"
    assert body["data"]["documents"]["notice"]["number"] == 1
    again = httpx.post(server.url + "/api/issue", headers=token, timeout=120,
                       json={"data": body["data"], "kind": "notice", "workspace": body["workspace"]})
    assert again.status_code == 422 and "không cấp số lần hai" in again.json()["error"]
    hits = httpx.get(server.url + "/api/archive", params={"q": "Đắk Song cải cách"}).json()["hits"]
    assert [h["label"] for h in hits] == ["01/TB-UBND"]
    pdf = httpx.get(server.url + hits[0]["pdf"])
    assert pdf.headers["content-type"] == "application/pdf"
    assert "Số: 01/TB-UBND" in " ".join(pdf_pages(pdf.content)[0].split())
    news = httpx.post(server.url + "/api/issue", json={"data": data, "kind": "news"}, headers=token)
    assert news.status_code == 422 and "Tin bài không cấp số" in news.json()["error"]


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
    expect(page.locator("#status")).to_contain_text(re.compile(r"Đã cấp số 01/TB-UBND ngày \d\d/\d\d/\d{4}"),
                                                    timeout=90_000)
    notice = page.locator("#form")  # the notice's fields, where it prints them (issue 26)
    expect(notice).to_have_attribute("data-kind", "notice")
    expect(notice.get_by_label("Số văn bản")).to_have_value("1")
    expect(notice.get_by_label("Ngày ban hành")).to_have_value(re.compile(r"^\d\d/\d\d/\d{4}$"))
    expect(frame.locator("p.number")).to_have_text("Số: 01/TB-UBND")
    assert database.stat().st_size > 0

    # A second "Cấp số" for the same document is refused: never two numbers for one document.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cấp số").click()
    expect(page.locator("#status")).to_contain_text("không cấp số lần hai", timeout=90_000)

    search = page.get_by_role("search", name="Tra cứu văn bản")
    search.get_by_label("Từ khoá (số, trích yếu, người ký…)").fill("cai cach hanh chinh dak song")
    search.get_by_role("button", name="Tìm").click()
    expect(page.locator("#archive-status")).to_have_text("Tìm thấy 1 văn bản.")
    link = page.locator("#archive-results a")
    expect(link).to_contain_text("01/TB-UBND")
    expect(link).to_contain_text("Ủy ban nhân dân")  # the agency it was issued by
    response = page.request.get(server.url + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert "Số: 01/TB-UBND" in " ".join(pdf_pages(response.body())[0].split())
    context.close()


def test_cap_so_ignores_an_office_yaml_above_the_servers_temporary_folder(tmp_path: Path):
    """A stray office.yaml above the server's temporary folder must not lend a record issued from the
    form its agency: a record without one is refused, and no number is taken."""
    from notices.records.yamlsource import parse
    from tests.register.test_office import OFFICE

    stray = tmp_path / "tmp"
    stray.mkdir()
    (stray / "office.yaml").write_text(OFFICE, encoding="utf-8")  # Ủy ban nhân dân xã Hòa Phú
    database = tmp_path / "so-dang-ky.db"
    server = start_server("--db", f"sqlite:///{database}", env={"TMPDIR": str(stray)})
    try:
        data = parse(DRAFT.read_text(encoding="utf-8")).data
        del data["agency"]
        issued = httpx.post(server.url + "/api/issue", headers={"X-CSRF-Token": server.token()}, timeout=120,
                            json={"data": data, "kind": "notice"})
    finally:
        stop_server(server)
    assert issued.status_code == 422, issued.text
    assert any(p["message"] == "Cơ quan ban hành: chưa có" for p in issued.json()["problems"])
