"""In Chromium on PostgreSQL: Tra cứu lists the agency's drafts found by their words beside the issued documents;
a chuyên viên finds her own draft, her văn thư finds it and opens it from the list; another agency finds
nothing of it. The page is axe-clean."""

from __future__ import annotations

import pytest

from tests.server.conftest import as_data, example_text, login
from tests.server.test_browser import expect, new_page, no_violations, sign_in

pytestmark = pytest.mark.postgres

WORDS = "Kết luận về số hóa hồ sơ hộ tịch Ea Pô"


def test_drafts_are_found_in_tra_cuu_by_their_agency_only(browser, pg_server):
    url = pg_server.url
    client, csrf = login(url, "lan")
    draft = client.post("/van-ban/moi", data={"csrf": csrf}).headers["location"]
    text = example_text().replace("      Kết luận, chỉ đạo của Chủ tịch UBND huyện", f"      {WORDS},", 1)
    saved = client.post(f"/api/van-ban/{draft.rsplit('/', 1)[1]}/luu", headers={"X-CSRF-Token": csrf},
                        json={"data": as_data(text), "kind": "notice", "base": None})
    assert saved.status_code == 200, saved.text
    for name in ("lan", "hoa"):
        page = new_page(browser)
        sign_in(page, url, name)
        page.get_by_role("link", name="Tra cứu").click()
        page.get_by_label("Từ khoá (số, trích yếu, người ký, nội dung)").fill("ho tich ea po")  # without tones
        page.get_by_role("button", name="Tìm").click()
        expect(page.get_by_role("status")).to_have_text("Tìm thấy 0 văn bản đã ban hành và 1 dự thảo.")
        drafts_table = page.get_by_role("table", name="Dự thảo")
        expect(drafts_table).to_contain_text("Người dùng lan")
        no_violations(page)
        drafts_table.get_by_role("link", name=WORDS, exact=False).click()
        expect(page.locator("#form").get_by_label("Trích yếu", exact=True)).to_have_value(
            f"{WORDS}, tại Hội nghị sơ kết công tác cải cách hành chính 6 tháng đầu năm và triển khai nhiệm vụ "
            "6 tháng cuối năm 2023")
        assert page.url == url + draft
        assert not page.errors, page.errors
        page.context.close()
    minh = new_page(browser)
    sign_in(minh, url, "minh")
    minh.goto(url + "/tra-cuu?q=ho+tich+ea+po")
    expect(minh.get_by_role("main")).to_contain_text("Không tìm thấy văn bản nào.")
    expect(minh.get_by_role("main")).not_to_contain_text("Ea Pô")
    minh.context.close()
