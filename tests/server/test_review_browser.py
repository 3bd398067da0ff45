"""The checker in Chromium against a real server on PostgreSQL: she sees the format check's findings on the
document's page, "Duyệt thể thức" without an Ý kiến is refused, with one it passes; after the drafter's
correction Lịch sử shows what changed between the approved version and the current one, field by field in the
form's labels, and she picks two other versions to compare. The page is axe-clean."""

from __future__ import annotations

import pytest

from notices.server import drafts, workflow
from tests.server.conftest import PASSWORD, example_text, populate, start, stop
from tests.server.test_browser import expect, new_page, no_violations, sign_in
from tests.server.test_workflow import FIVE

pytestmark = pytest.mark.postgres


@pytest.fixture
def office(pg_url):  # type: ignore[no-untyped-def]
    from notices.register.db import open_database
    from notices.server import accounts

    populate(pg_url, steps=workflow.FULL, users=FIVE)
    db = open_database(pg_url)
    running = start(pg_url)
    people = {name: accounts.authenticate(db, name, PASSWORD, "x") for name in FIVE}
    yield running, db, people
    stop(running)
    db.dispose()


def step(db, actor, draft: int, action: str, comment: str | None = None) -> None:  # type: ignore[no-untyped-def]
    info = drafts.get_draft(db, actor, draft)
    workflow.act(db, actor, draft, action, state=info.state, head=info.head, comment=comment)


def test_the_checker_sees_the_findings_and_the_difference(browser, office):
    running, db, people = office
    draft = drafts.create_draft(db, people["cv"]).id
    drafts.save(db, people["cv"], draft, "meeting: {name: Họp giao ban}\n", kind="notice", base=None)
    step(db, people["cv"], draft, "trinh_duyet")
    step(db, people["ld"], draft, "duyet_noi_dung")  # entering the format check: it runs

    kt = new_page(browser)
    sign_in(kt, running.url, "kt")
    waiting = kt.get_by_role("table", name="Chờ tôi xử lý")
    expect(waiting).to_contain_text("Duyệt thể thức")
    waiting.get_by_role("link").first.click()
    expect(kt.get_by_role("heading", name="Kiểm tra thể thức", exact=True)).to_be_visible()
    findings = kt.locator("ul.findings")
    expect(findings).to_have_count(2)  # DOCX and PDF
    expect(findings.first).to_contain_text("Hồ sơ chưa hợp lệ nên chưa tạo được văn bản để kiểm tra thể thức")
    no_violations(kt)
    kt.get_by_role("button", name="Duyệt thể thức", exact=True).click()
    expect(kt.get_by_role("alert")).to_contain_text("Ý kiến: kiểm tra thể thức còn 2 lỗi chưa xử lý")
    kt.go_back()
    kt.reload()
    kt.get_by_label("Góp ý về trường").select_option(label="Cuộc họp › Tên hội nghị")
    kt.get_by_label("Nội dung góp ý").fill("Ghi đủ tên hội nghị")
    kt.get_by_role("button", name="Gửi góp ý").click()
    comments = kt.get_by_role("table", name="Ý kiến")
    expect(comments).to_contain_text("Cuộc họp › Tên hội nghị")
    expect(comments).to_contain_text("Ghi đủ tên hội nghị")
    kt.locator("#y-kien-duyet_the_thuc").fill("Chấp nhận để người ký xem; chuyên viên sẽ bổ sung")
    kt.get_by_role("button", name="Duyệt thể thức", exact=True).click()
    expect(kt.locator("#trang-thai")).to_have_text("Chờ duyệt ký")

    # the signer returns it; the drafter corrects it (version 2) and it comes back through the content step
    step(db, people["nk"], draft, "tra_lai", "Bổ sung theo góp ý")
    drafts.save(db, people["cv"], draft, example_text(), kind="notice", base=1)
    step(db, people["cv"], draft, "trinh_duyet")
    step(db, people["ld"], draft, "duyet_noi_dung")
    kt.reload()
    expect(kt.locator("#kiem-tra-the-thuc ~ h3").first).to_contain_text("phiên bản 2")
    expect(kt.locator("ul.findings")).to_have_count(0)  # the example is well formed
    expect(kt.get_by_text("Đạt, không có lỗi thể thức.").first).to_be_visible()
    difference = kt.get_by_role("table", name="So sánh hai phiên bản")
    expect(difference).to_contain_text("Phiên bản 1 → phiên bản 2")
    row = difference.get_by_role("row", name="Cuộc họp › Tên hội nghị")
    expect(row).to_contain_text("“Họp giao ban”")
    expect(row).to_contain_text("“Hội nghị đánh giá công tác cải cách hành chính 6 tháng đầu năm")
    no_violations(kt)
    kt.get_by_label("Từ phiên bản").select_option("2")
    kt.get_by_label("Đến phiên bản").select_option("1")
    kt.get_by_role("button", name="So sánh").click()
    expect(kt.get_by_role("heading", level=1)).to_contain_text("So sánh các phiên bản")
    expect(kt.get_by_role("table")).to_contain_text("Phiên bản 2 → phiên bản 1")
    no_violations(kt)
    assert not kt.errors, kt.errors
    kt.context.close()
