"""Two agencies, four users, in Chromium against a real server on PostgreSQL: a chuyên viên writes a Thông báo
kết luận from an empty form and saves it; her văn thư opens it and issues it (01); the other agency sees nothing
of it (list, search, its URL, its PDF URL → 404) and gets number 01 of its own. Pages are axe-clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.server.conftest import PASSWORD, B, example_text

pytestmark = pytest.mark.postgres


def expect(locator):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def new_page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="vi-VN", viewport={"width": 1400, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def sign_in(page, url: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Văn bản của tôi")).to_be_visible()


def no_violations(page) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_two_agencies_four_users(browser, pg_server, tmp_path: Path):
    url = pg_server.url
    lan = new_page(browser)
    lan.goto(url + "/")
    no_violations(lan)
    sign_in(lan, url, "lan")
    no_violations(lan)
    lan.get_by_role("button", name="Soạn văn bản mới").click()
    expect(lan.locator("#preview")).to_have_attribute("data-sequence", re.compile(r"\d+"))
    agency = lan.get_by_role("group", name="Cơ quan ban hành")
    expect(agency.get_by_label("Tên cơ quan")).to_have_value("Ủy ban nhân dân huyện Đắk Song")  # her agency's
    meeting = lan.get_by_role("group", name="Cuộc họp", exact=True)
    meeting.get_by_label("Tên hội nghị").fill("hội nghị giao ban tháng 11 năm 2026")
    meeting.get_by_label("Ngày họp").fill("2026-11-20")
    meeting.get_by_role("group", name="Người chủ trì").get_by_label("Họ và tên").fill("Đặng Thị Hường")
    conclusions = lan.get_by_role("group", name="Kết luận", exact=True)
    conclusions.get_by_role("button", name="Thêm một mục vào “Các kết luận”").click()
    conclusions.get_by_label("Các kết luận 1", exact=True).fill("Đẩy nhanh tiến độ số hóa hồ sơ hộ tịch.")
    notice = lan.locator("#form")  # "Văn bản cần soạn" is the notice: its fields where they are printed
    expect(notice).to_have_attribute("data-kind", "notice")
    notice.get_by_label("Trích yếu", exact=True).fill("Kết luận về số hóa hồ sơ hộ tịch Pơng Drang")
    signer = notice.get_by_role("group", name="Người ký")
    signer.get_by_label("Quyền hạn ký").fill("TM. ỦY BAN NHÂN DÂN")
    signer.get_by_label("Chức vụ người ký").fill("Chủ tịch")
    signer.get_by_label("Họ và tên người ký").fill("Đặng Thị Hường")
    recipients = notice.get_by_role("group", name="Nơi nhận", exact=True)
    recipients.get_by_role("button", name="Thêm một mục vào “Nơi nhận”").click()
    recipients.get_by_label("Nơi nhận 1", exact=True).fill("Các xã, thị trấn")
    expect(lan.frame_locator("#preview-frame").locator("body")).to_contain_text("số hóa hồ sơ hộ tịch")
    no_violations(lan)
    lan.get_by_role("button", name="Lưu", exact=True).click()
    expect(lan.locator("#status")).to_have_text("Đã lưu phiên bản 1.")
    draft_url = lan.url

    hoa = new_page(browser)
    sign_in(hoa, url, "hoa")
    hoa.get_by_role("link", name="Kết luận về số hóa hồ sơ hộ tịch Pơng Drang").click()
    expect(hoa.locator("#form").get_by_label("Trích yếu", exact=True)) \
        .to_have_value("Kết luận về số hóa hồ sơ hộ tịch Pơng Drang")
    hoa.get_by_role("button", name="Cấp số", exact=True).click()
    expect(hoa.locator("#status")).to_contain_text("Đã cấp số 01/TB-UBND", timeout=120_000)
    pdf_url = hoa.get_by_role("link", name="Mở PDF số 01/TB-UBND").get_attribute("href")
    pdf = hoa.request.get(url + pdf_url)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    hoa.reload()  # issued: the editor opens read-only and says why, in one sentence
    expect(hoa.locator("#status")).to_have_text("Văn bản đã cấp số 01/TB-UBND; chỉ xem, không sửa được nữa.")
    hoa.get_by_role("link", name="Tra cứu").click()
    hoa.get_by_label("Từ khoá (số, trích yếu, người ký, nội dung)").fill("Pơng Drang")
    hoa.get_by_role("button", name="Tìm").click()
    expect(hoa.get_by_role("main")).to_contain_text("01/TB-UBND")
    no_violations(hoa)

    minh = new_page(browser)
    sign_in(minh, url, "minh")
    expect(minh.get_by_role("main")).not_to_contain_text("Pơng Drang")
    expect(minh.get_by_role("main")).not_to_contain_text("01/TB-UBND")
    minh.goto(url + "/tra-cuu?q=" + "Pơng Drang")
    expect(minh.get_by_role("main")).to_contain_text("Không tìm thấy văn bản nào.")
    for address in (draft_url, draft_url + "/phien-ban/1", url + pdf_url):
        assert minh.request.get(address).status == 404, address
    assert minh.goto(draft_url).status == 404
    # her own Thông báo, opened from a file, saved, and issued by her văn thư: number 01 of Mộ Đức
    record = tmp_path / "mo-duc.yaml"
    record.write_text(example_text().replace("Ủy ban nhân dân huyện Đắk Song", B[1])
                      .replace("place: Đắk Song", "place: Mộ Đức"), encoding="utf-8")
    minh.goto(url + "/van-ban")
    minh.get_by_role("button", name="Soạn văn bản mới").click()
    expect(minh.locator("#preview")).to_have_attribute("data-sequence", re.compile(r"\d+"))
    minh.set_input_files("#open-file", str(record))
    expect(minh.locator("#status")).to_contain_text("Đã mở mo-duc.yaml")
    minh.get_by_role("button", name="Lưu", exact=True).click()
    expect(minh.locator("#status")).to_have_text("Đã lưu phiên bản 1.")
    tuan = new_page(browser)
    sign_in(tuan, url, "tuan")
    tuan.get_by_role("link", name=re.compile("Kết luận, chỉ đạo")).click()
    tuan.get_by_role("button", name="Cấp số", exact=True).click()
    expect(tuan.locator("#status")).to_contain_text("Đã cấp số 01/TB-UBND", timeout=120_000)
    tuan.goto(url + "/van-ban")
    expect(tuan.get_by_role("main")).not_to_contain_text("Pơng Drang")
    hoa.goto(url + "/van-ban")
    expect(hoa.get_by_role("main")).to_contain_text("Kết luận về số hóa hồ sơ hộ tịch Pơng Drang")
    expect(hoa.get_by_role("main")).not_to_contain_text("Kết luận, chỉ đạo")
    for page in (lan, hoa, minh, tuan):
        assert not page.errors, page.errors
        page.context.close()


def test_the_second_saver_is_told_and_sees_both_versions(browser, pg_server):
    from tests.server.conftest import as_data, login

    url = pg_server.url
    client, csrf = login(url, "lan")
    draft = client.post("/van-ban/moi", data={"csrf": csrf}).headers["location"]
    number = draft.rsplit("/", 1)[1]
    saved = client.post(f"/api/van-ban/{number}/luu", json={"data": as_data(example_text()), "kind": "notice",
                                                          "base": None}, headers={"X-CSRF-Token": csrf})
    assert saved.json()["head"] == 1
    pages = []
    for name in ("lan", "hoa"):
        page = new_page(browser)
        sign_in(page, url, name)
        page.goto(url + draft)
        expect(page.locator("#preview")).to_have_attribute("data-sequence", re.compile(r"\d+"))
        pages.append(page)
    lan, hoa = pages
    for page, words in ((lan, "bản của Lan"), (hoa, "bản của Hoa")):
        subject = page.locator("#form").get_by_label("Trích yếu", exact=True)
        subject.fill(f"Kết luận, {words}")
        page.get_by_role("button", name="Lưu", exact=True).click()
    expect(lan.locator("#status")).to_have_text("Đã lưu phiên bản 2.")
    expect(hoa.locator("#conflict")).to_contain_text("Người dùng lan đã lưu phiên bản 2")
    expect(hoa.locator("#conflict")).to_contain_text("bản của bạn là phiên bản 3")
    hoa.get_by_role("link", name="Xem phiên bản 2 của Người dùng lan").click()
    expect(hoa.locator("body")).to_contain_text("Kết luận, bản của Lan")
    hoa.goto(url + draft + "/phien-ban")
    expect(hoa.get_by_role("table")).to_contain_text("Người dùng hoa")
    assert hoa.locator("tbody tr").count() == 3
    for page in pages:
        assert not page.errors, page.errors
        page.context.close()


def test_the_administrators_pages_are_axe_clean_and_work_from_the_keyboard(browser, pg_server, pg_url):
    from notices.register.db import open_database
    from notices.server import accounts
    from tests.server.conftest import A

    db = open_database(pg_url)
    accounts.add_user(db, accounts.SYSTEM, "quantri", full_name="Quản trị A", agency=A[0], roles=["quan_tri"],
                      password=PASSWORD)
    db.dispose()
    page = new_page(browser)
    sign_in(page, pg_server.url, "quantri")
    page.get_by_role("link", name="Người dùng").click()
    expect(page.get_by_role("heading", name="Người dùng", exact=True)).to_be_visible()
    no_violations(page)
    page.get_by_label("Tên đăng nhập").fill("mai")
    page.get_by_label("Họ và tên").fill("Phạm Thị Mai")
    page.get_by_label("Chuyên viên soạn thảo").check()
    page.get_by_label("Mật khẩu ban đầu").fill(PASSWORD)
    page.get_by_label("Mật khẩu ban đầu").press("Enter")
    expect(page.get_by_role("status")).to_have_text("Đã thêm mai.")
    page.get_by_role("button", name="Khóa tài khoản mai").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Đã khóa mai")
    page.get_by_role("link", name="Đổi mật khẩu").click()
    no_violations(page)
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    assert not page.errors
    page.context.close()
