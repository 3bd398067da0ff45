"""The issue's first test: five users of one agency (chuyen_vien, lanh_dao_don_vi, kiem_tra_the_thuc,
nguoi_ky, van_thu) take a notice through every step in Chromium by the buttons' labels, with one Trả lại
and its correction; the signer signs on the server with her .p12 (never kept: the database and the server's
log are searched for it afterwards); the văn thư issues it with the agency's seal. Lịch sử lists every step,
the register row agrees, and the issued PDF read back carries its number and verifies (the signer's and the
agency's signatures intact). Real PostgreSQL, a real server process."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.server.conftest import A, example_text, populate, start, stop
from tests.server.signing_kit import AGENCY, SIGNER, keys, kit, set_seal  # noqa: F401  (fixtures)
from tests.server.test_browser import expect, new_page, no_violations, sign_in
from tests.server.test_workflow import FIVE

pytestmark = pytest.mark.postgres
STEPS = ["Trình duyệt", "Duyệt nội dung", "Trả lại", "Trình duyệt", "Duyệt nội dung", "Duyệt thể thức", "Duyệt ký",
         "Cấp số", "Ký số", "Ban hành"]


@pytest.fixture
def office(pg_url, keys):  # type: ignore[no-untyped-def]  # noqa: F811
    from notices.server import workflow

    populate(pg_url, steps=workflow.FULL, users=FIVE)
    set_seal(pg_url, keys)
    running = start(pg_url, env=keys.env)
    yield running
    running.log_text = stop(running)


def test_five_users_take_a_notice_through_every_step(browser, office, keys, tmp_path: Path, pg_url):  # noqa: F811
    url = office.url
    record = tmp_path / "thong-bao.yaml"
    record.write_text(example_text(), encoding="utf-8")
    pages = {}
    for name in ("cv", "ld", "kt", "nk", "vt"):
        pages[name] = new_page(browser)
        sign_in(pages[name], url, name)
    cv, ld, kt, nk, vt = (pages[n] for n in ("cv", "ld", "kt", "nk", "vt"))

    def press(page, label: str, state: str) -> None:  # type: ignore[no-untyped-def]
        page.get_by_role("button", name=label, exact=True).click()
        expect(page.locator("#trang-thai")).to_have_text(state, timeout=120_000)

    def open_waiting(page, action: str) -> None:  # type: ignore[no-untyped-def]
        page.goto(url + "/van-ban")
        waiting = page.get_by_role("table", name="Chờ tôi xử lý")
        expect(waiting).to_contain_text(action)
        waiting.get_by_role("link").first.click()
        expect(page.get_by_role("button", name=action, exact=True)).to_be_visible()

    cv.get_by_role("button", name="Soạn văn bản mới").click()
    expect(cv.locator("#preview")).to_have_attribute("data-sequence", re.compile(r"\d+"))
    cv.set_input_files("#open-file", str(record))
    expect(cv.locator("#status")).to_contain_text("Đã mở thong-bao.yaml")
    cv.get_by_role("button", name="Lưu", exact=True).click()
    expect(cv.locator("#status")).to_have_text("Đã lưu phiên bản 1.")
    press(cv, "Trình duyệt", "Chờ duyệt nội dung")
    open_waiting(ld, "Duyệt nội dung")
    press(ld, "Duyệt nội dung", "Chờ kiểm tra thể thức")
    open_waiting(kt, "Duyệt thể thức")
    kt.locator("form", has=kt.get_by_role("button", name="Trả lại")).get_by_label("Ý kiến").fill(
        "Trích yếu cần ghi rõ thời hạn")
    press(kt, "Trả lại", "Dự thảo")
    open_waiting(cv, "Trình duyệt")  # the correction
    name = cv.get_by_role("group", name="Cuộc họp", exact=True).get_by_label("Tên hội nghị")
    name.fill(name.input_value() + " (có thời hạn)")
    cv.get_by_role("button", name="Lưu", exact=True).click()
    expect(cv.locator("#status")).to_have_text("Đã lưu phiên bản 2.")
    press(cv, "Trình duyệt", "Chờ duyệt nội dung")
    open_waiting(ld, "Duyệt nội dung")
    press(ld, "Duyệt nội dung", "Chờ kiểm tra thể thức")
    open_waiting(kt, "Duyệt thể thức")
    press(kt, "Duyệt thể thức", "Chờ duyệt ký")
    open_waiting(nk, "Duyệt ký")
    press(nk, "Duyệt ký", "Đã duyệt ký")
    open_waiting(vt, "Cấp số")
    press(vt, "Cấp số", "Đã cấp số")
    open_waiting(nk, "Ký số")
    no_violations(nk)
    nk.get_by_label("Tệp chứng thư số (.p12)").set_input_files(str(keys.signer_p12))
    nk.get_by_label("Mật khẩu tệp chứng thư số").fill("sai mật khẩu")
    nk.get_by_role("button", name="Ký số", exact=True).click()
    expect(nk.get_by_role("main")).to_contain_text("mật khẩu không đúng")  # refused, nothing changed
    open_waiting(nk, "Ký số")
    nk.get_by_label("Tệp chứng thư số (.p12)").set_input_files(str(keys.signer_p12))
    nk.get_by_label("Mật khẩu tệp chứng thư số").fill(keys.passphrase)
    press(nk, "Ký số", "Đã ký")
    open_waiting(vt, "Ban hành")
    press(vt, "Ban hành", "Đã ban hành")
    no_violations(vt)
    history = vt.get_by_role("table", name="Lịch sử")
    rows = history.locator("tbody tr")
    steps = [rows.nth(i).locator("td").nth(3).inner_text() for i in range(rows.count())]
    people = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())]
    assert steps == STEPS
    assert people == [f"Người dùng {n}" for n in ("cv", "ld", "kt", "cv", "ld", "kt", "nk", "vt", "nk", "vt")]
    expect(history).to_contain_text("Trích yếu cần ghi rõ thời hạn")
    expect(history).to_contain_text(f"Chữ ký: {SIGNER}")
    expect(history).to_contain_text(f"Chữ ký của cơ quan: {AGENCY}")

    # the issued PDF, as the register's page gives it
    vt.goto(url + "/van-ban")
    link = vt.get_by_role("link", name="PDF", exact=True).first.get_attribute("href")
    answer = vt.request.get(url + link)
    assert answer.ok
    issued = answer.body()
    import pdfplumber

    with pdfplumber.open(io.BytesIO(issued)) as pdf:
        words = " ".join(page.extract_text() or "" for page in pdf.pages)
    assert "01/TB-UBND" in words and "Trần Thanh Nghiêm" in words and "(có thời hạn)" in words
    from notices.server.sealing import _in_thread
    from notices.signing.verify import verify

    copy = tmp_path / "ban-hanh.pdf"
    copy.write_bytes(issued)
    checked = _in_thread(lambda: verify(copy, (keys.kit.ca_pem,)))  # pyHanko's loop: not in Playwright's thread
    assert [(c.signer, c.intact, c.trusted) for c in checked if c.kind == "chữ ký"] == [
        (SIGNER, True, True), (AGENCY, True, True)]

    # the register row agrees with the audit trail
    from notices.register.db import entries, files, open_database
    from notices.server import sealing, workflow

    db = open_database(pg_url)
    try:
        with db.engine.begin() as conn:
            entry = conn.execute(select(entries)).one()
            kept = conn.execute(select(files.c.role, files.c.sha256).where(files.c.entry_id == entry.id)
                                .order_by(files.c.id)).all()
            events = conn.execute(select(workflow.workflow_events.c.action, workflow.workflow_events.c.sha256,
                                         workflow.workflow_events.c.comment)
                                  .order_by(workflow.workflow_events.c.id)).all()
            done = conn.execute(select(sealing.issued_documents)).one()
        assert (entry.number, entry.notation, entry.status, entry.signer_name) == (1, "TB-UBND", "issued", SIGNER)
        sha = hashlib.sha256(issued).hexdigest()
        assert kept[-1] == ("signed", sha) and done.sha256 == sha and done.entry_id == entry.id
        assert [e.action for e in events] == ["trinh_duyet", "duyet_noi_dung", "tra_lai", "trinh_duyet",
                                              "duyet_noi_dung", "duyet_the_thuc", "duyet_ky", "cap_so", "ky_so",
                                              "ban_hanh"]
        assert events[7].comment == "01/TB-UBND" and events[-1].sha256 == sha
        from tests.server.test_sealing import everything_stored

        stored = everything_stored(db)
    finally:
        db.dispose()
    for page in pages.values():
        assert not page.errors, page.errors
        page.context.close()
    log = stop_and_read(office)
    p12 = keys.signer_p12.read_bytes()
    for secret in (keys.passphrase.encode(), p12, p12[100:140], p12.hex().encode(), b"mat-khau-dau"):
        assert secret not in stored and secret not in log


def stop_and_read(running) -> bytes:  # type: ignore[no-untyped-def]
    """The server's whole log (stopped first, so everything it wrote is there)."""
    running.process.terminate()
    running.process.wait(15)
    return running.log.read_bytes()


assert A  # the agency the five users and the seal belong to
