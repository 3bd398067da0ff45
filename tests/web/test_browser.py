"""The form in Debian's Chromium: open, type Vietnamese, preview, download and read back, accessibility."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notices.records import load_record, validate_text
from notices.render import render_record
from tests.conftest import EXAMPLES
from tests.web.helpers import docx_lines, pdf_pages

pytestmark = pytest.mark.browser

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
PHOTO = EXAMPLES / "photos" / "quang-canh-hoi-nghi.jpg"


def expect(locator):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def open_record(page, path: Path, *extra: Path) -> None:  # type: ignore[no-untyped-def]
    page.set_input_files("#open-file", [str(path), *map(str, extra)])
    expect(page.locator("#status")).to_contain_text(f"Đã mở {path.name}")


def preview(page):  # type: ignore[no-untyped-def]
    return page.frame_locator("#preview-frame")


def download(page, button: str) -> tuple[str, bytes]:  # type: ignore[no-untyped-def]
    with page.expect_download() as info:
        page.get_by_role("button", name=button, exact=True).click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def flat(text: str) -> str:
    return " ".join(text.split())


def message_of(control):  # type: ignore[no-untyped-def]
    """The message shown next to a control (and named by its aria-describedby)."""
    described = control.get_attribute("aria-describedby").split()
    return control.page.locator(f"#{described[-1]}")


def notice_group(page):  # type: ignore[no-untyped-def]
    """The form while "Văn bản cần soạn" is the notice: its fields where they are printed (issue 26)."""
    expect(page.locator("#form")).to_have_attribute("data-kind", "notice")
    return page.locator("#form")


def test_every_example_opens_previews_and_saves_the_same_record(page):
    """Each example record: open → preview of its first document → Tải YAML → the same record, key for key."""
    region = page.get_by_role("region", name="Xem trước")
    for path in EXAMPLE_FILES:
        extra = (PHOTO,) if "xa-cchc" in path.name else ()
        open_record(page, path, *extra)
        expect(region).to_be_visible()
        expect(page.locator("#problem-list")).not_to_contain_text("Lỗi:")
        kind = page.locator("#kind").input_value()
        heading = {"notice": "THÔNG BÁO", "invitation": "GIẤY MỜI", "minutes": "BIÊN BẢN", "report": "BÁO CÁO"}[kind]
        expect(preview(page).locator("h1.kind")).to_have_text(heading)
        expect(page.locator("#preview-status")).to_contain_text("Đã cập nhật")
        name, data = download(page, "Tải YAML")
        assert name == path.name  # saved under the name she opened (issue 26)
        text = data.decode("utf-8")
        assert validate_text(text, path).record == load_record(path).record, path.name
        assert text == path.read_text(encoding="utf-8"), path.name  # her file, comments and all


def test_records_unlike_the_examples_come_back_the_same(page):
    """The checker's nine varied records (drafts, KT. signers, tables, 'archive: VT, VP' as one line…)."""
    records = sorted((Path(__file__).parents[1] / "check" / "records").glob("*.yaml"))
    assert len(records) >= 9
    for path in records:
        open_record(page, path)
        _, data = download(page, "Tải YAML")
        assert validate_text(data.decode("utf-8"), path).record == load_record(path).record, path.name


def test_change_the_subject_in_vietnamese_then_download_docx_and_pdf(page, tmp_path: Path):
    open_record(page, EXAMPLES / "phu-tai-cchc-2022.yaml")
    subject = notice_group(page).get_by_label("Trích yếu", exact=True)
    new = "Kết luận của Chủ tịch UBND phường về việc khắc phục tồn tại, hạn chế trong công tác cải cách hành chính quý IV"
    subject.fill("")
    subject.press_sequentially(new, delay=5)
    expect(preview(page).locator("p.subject")).to_have_text(new, use_inner_text=True)
    assert subject.input_value() == new  # the field she is typing in is never rewritten
    assert subject.evaluate("el => el === document.activeElement")

    name, docx = download(page, "Tải DOCX")
    assert name == "thong-bao-05-TB-UBND.docx"
    assert new in flat(" ".join(docx_lines(docx)))
    name, pdf = download(page, "Tải PDF")
    assert name == "thong-bao-05-TB-UBND.pdf"
    assert new in flat(pdf_pages(pdf)[0])
    # The same text as `notices render` writes for the record with this subject.
    _, saved = download(page, "Tải YAML")
    record = tmp_path / "hoso.yaml"
    record.write_bytes(saved)
    outcome = render_record(load_record(record), tmp_path / "out", only=("notice",), formats=("docx", "pdf"))
    written = {p.suffix: p for p, _ in outcome.written}
    assert docx_lines(docx) == docx_lines(written[".docx"])
    assert pdf_pages(pdf) == pdf_pages(written[".pdf"])


def test_a_new_notice_from_an_empty_form_to_a_pdf(page):
    page.get_by_role("button", name="Hồ sơ mới").click()
    agency = page.get_by_role("group", name="Cơ quan ban hành")
    agency.get_by_label("Tên cơ quan").fill("Ủy ban nhân dân xã Hòa Thắng")
    agency.get_by_label("Chữ viết tắt (ký hiệu)").fill("UBND")
    agency.get_by_label("Địa danh").fill("Hòa Thắng")
    meeting = page.get_by_role("group", name="Cuộc họp", exact=True)
    meeting.get_by_label("Tên hội nghị").fill("hội nghị giao ban tháng 11 năm 2026")
    meeting.get_by_label("Ngày họp").fill("2026-11-20")
    meeting.get_by_role("group", name="Người chủ trì").get_by_label("Họ và tên").fill("Đặng Thị Hường")
    conclusions = page.get_by_role("group", name="Kết luận", exact=True)
    conclusions.get_by_role("button", name="Thêm một mục vào “Các kết luận”").click()
    conclusions.get_by_label("Các kết luận 1", exact=True).fill("Đẩy nhanh tiến độ số hóa hồ sơ hộ tịch.")
    notice = notice_group(page)
    notice.get_by_label("Số văn bản").fill("31")
    notice.get_by_label("Ngày ban hành").fill("2026-11-21")
    notice.get_by_label("Trích yếu", exact=True).fill("Kết luận của Chủ tịch UBND xã tại hội nghị giao ban tháng 11")
    signer = notice.get_by_role("group", name="Người ký")
    signer.get_by_label("Quyền hạn ký").fill("TM. ỦY BAN NHÂN DÂN")
    signer.get_by_label("Chức vụ người ký").fill("Chủ tịch")
    signer.get_by_label("Họ và tên người ký").fill("Đặng Thị Hường")
    recipients = notice.get_by_role("group", name="Nơi nhận", exact=True)
    recipients.get_by_role("button", name="Thêm một mục vào “Nơi nhận”").click()
    recipients.get_by_label("Nơi nhận 1", exact=True).fill("Các thôn")
    expect(preview(page).locator("p.place-date")).to_have_text("Hòa Thắng, ngày 21 tháng 11 năm 2026")
    name, pdf = download(page, "Tải PDF")
    assert name == "thong-bao-31-TB-UBND.pdf"
    text = flat(" ".join(pdf_pages(pdf)))
    for expected in ("XÃ HÒA THẮNG", "Số: 31/TB-UBND", "THÔNG BÁO",
                     "Kết luận của Chủ tịch UBND xã tại hội nghị giao ban tháng 11",
                     "Đẩy nhanh tiến độ số hóa hồ sơ hộ tịch.", "Đặng Thị Hường", "- Các thôn;"):
        assert expected in text, expected


def test_messages_appear_at_their_field_and_nothing_typed_is_lost(page):
    open_record(page, EXAMPLES / "phu-tai-cchc-2022.yaml")
    notice = notice_group(page)
    subject = notice.get_by_label("Trích yếu", exact=True)
    subject.fill("")
    date = notice.get_by_label("Ngày ban hành")
    number = notice.get_by_label("Số văn bản")
    number.fill("năm")
    number.blur()
    expect(message_of(subject)).to_have_text("Trích yếu: chưa có")
    expect(subject).to_have_attribute("aria-invalid", "true")
    expect(message_of(number)).to_have_text("Số văn bản: phải là số nguyên (chỉ gồm chữ số), không phải “năm”")
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", date.input_value())  # a date shown as she would type it
    page.get_by_role("button", name="Tải PDF").click()
    expect(page.locator("#status")).to_have_text("Văn bản này còn lỗi, chưa tạo được (xem mục “Cần sửa”).")
    assert number.input_value() == "năm" and subject.input_value() == ""
    expect(page.locator("#preview-status")).to_contain_text("còn 2 chỗ")
    page.locator("#problem-list").get_by_role("button", name=re.compile("Trích yếu: chưa có")).click()
    expect(subject).to_be_focused()


def test_no_preview_while_the_input_method_is_composing(page):
    open_record(page, EXAMPLES / "phu-tai-cchc-2022.yaml")
    subject = notice_group(page).get_by_label("Trích yếu", exact=True)
    subject.fill("Kết luận hội nghị ")
    expect(preview(page).locator("p.subject")).to_have_text("Kết luận hội nghị", use_inner_text=True)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if r.url.endswith("/api/preview") else None)
    subject.focus()
    subject.press("End")
    cdp = page.context.new_cdp_session(page)
    for step in ("d", "dd", "đ", "đô", "đồ", "đồn", "đồng"):  # Telex: d d o o f n g
        cdp.send("Input.imeSetComposition", {"text": step, "selectionStart": len(step), "selectionEnd": len(step)})
        page.wait_for_timeout(120)
    page.wait_for_timeout(500)
    assert requests == []  # nothing sent while the letter was being composed
    cdp.send("Input.insertText", {"text": "đồng"})
    expect(preview(page).locator("p.subject")).to_have_text("Kết luận hội nghị đồng", use_inner_text=True)
    assert subject.input_value() == "Kết luận hội nghị đồng"
    assert len(requests) == 1


def test_lists_grow_shrink_and_reorder_from_the_keyboard(page):
    open_record(page, EXAMPLES / "phu-tai-cchc-2022.yaml")
    recipients = notice_group(page).get_by_role("group", name="Nơi nhận", exact=True)
    expect(recipients.get_by_role("textbox")).to_have_count(4)
    recipients.get_by_role("button", name="Đưa mục 4 của “Nơi nhận” lên trên").focus()
    page.keyboard.press("Enter")
    expect(recipients.get_by_label("Nơi nhận 3", exact=True)).to_have_value("Các khu phố")
    recipients.get_by_role("button", name="Xoá mục 1 của “Nơi nhận”").focus()
    page.keyboard.press("Enter")
    expect(recipients.get_by_role("textbox")).to_have_count(3)
    expect(preview(page).locator("td.recipients")).not_to_contain_text("Thường trực Đảng uỷ phường")
    expect(preview(page).locator("td.recipients p")).to_have_text([
        "Nơi nhận:", "- Thường trực HĐND phường;", "- Các khu phố;", "- Thành viên BCĐ CCHC phường;", "- Lưu: VT."])


def test_the_office_profile_fills_a_new_form(browser, tmp_path: Path):
    from tests.web.conftest import start_server, stop_server

    profile = tmp_path / "office.yaml"
    profile.write_text("agency: {name: Ủy ban nhân dân phường Hòa Cường, code: UBND, place: Đà Nẵng}\n"
                       "documents:\n  notice:\n    signer: {authority: TM. ỦY BAN NHÂN DÂN, title: Chủ tịch,"
                       " name: Võ Thị Lan}\n    recipients: [Thường trực Đảng ủy phường, Các tổ dân phố]\n"
                       "  invitation:\n    signer: {authority: TM. ỦY BAN NHÂN DÂN, title: Phó Chủ tịch, name: Trần Văn Tâm}\n",
                       encoding="utf-8")
    server = start_server("--office", str(profile))
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.url + "/")
        agency = page.get_by_role("group", name="Cơ quan ban hành")
        expect(agency.get_by_label("Tên cơ quan")).to_have_value("Ủy ban nhân dân phường Hòa Cường")
        notice = notice_group(page)
        expect(notice.get_by_label("Họ và tên người ký")).to_have_value("Võ Thị Lan")
        expect(notice.get_by_label("Nơi nhận 2", exact=True)).to_have_value("Các tổ dân phố")
        page.get_by_label("Văn bản cần soạn").select_option("invitation")
        expect(page.locator("#form").get_by_label("Họ và tên người ký")).to_have_value("Trần Văn Tâm")
        context.close()
    finally:
        stop_server(server)


def test_no_accessibility_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    open_record(page, EXAMPLES / "phu-tai-cchc-2022.yaml")
    notice_group(page).get_by_label("Trích yếu", exact=True).fill("")
    expect(page.locator("#problems")).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_keyboard_reaches_the_toolbar_and_the_form(page):
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Bỏ qua thanh công cụ, tới biểu mẫu")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Mở hồ sơ…")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("group", name="Cơ quan ban hành").get_by_label("Tên cơ quan")).to_be_focused()


def test_what_she_typed_survives_a_reload_and_a_replaced_record_comes_back(page):
    open_record(page, EXAMPLES / "phu-tai-cchc-2022.yaml")
    subject = notice_group(page).get_by_label("Trích yếu", exact=True)
    subject.fill("Kết luận về công tác chuyển đổi số")
    expect(preview(page).locator("p.subject")).to_have_text("Kết luận về công tác chuyển đổi số", use_inner_text=True)
    page.reload()
    expect(page.locator("#status")).to_contain_text("Đã khôi phục hồ sơ đang soạn dở")
    expect(notice_group(page).get_by_label("Trích yếu", exact=True)).to_have_value("Kết luận về công tác chuyển đổi số")
    open_record(page, EXAMPLES / "dak-song-cchc-2023.yaml")
    expect(page.get_by_role("group", name="Cơ quan ban hành").get_by_label("Địa danh")).to_have_value("Đắk Song")
    page.get_by_role("button", name="Lấy lại hồ sơ vừa thay").click()
    expect(notice_group(page).get_by_label("Trích yếu", exact=True)).to_have_value("Kết luận về công tác chuyển đổi số")
    expect(page.get_by_role("group", name="Cơ quan ban hành").get_by_label("Địa danh")).to_have_value("Phú Tài")


def test_a_photo_uploaded_from_the_form_reaches_the_news_post(page):
    open_record(page, EXAMPLES / "xa-cchc-6-thang-2024.yaml")  # without its photo: a message at the field
    page.get_by_label("Văn bản cần soạn").select_option("news")
    photos = page.get_by_role("group", name="Ảnh", exact=True)
    file_field = photos.get_by_label("Tệp ảnh")
    expect(message_of(file_field)).to_contain_text("không tìm thấy tệp ảnh “photos/quang-canh-hoi-nghi.jpg”")
    photos.locator('input[type="file"]').set_input_files(str(PHOTO))
    expect(page.locator("#status")).to_have_text("Đã tải lên 1 ảnh.")
    expect(photos.get_by_label("Tệp ảnh")).to_have_count(1)  # it went where the record names it
    expect(message_of(file_field)).to_have_text("")
    image = preview(page).locator("figure img")
    expect(image).to_have_attribute("src", re.compile(r"^data:image/jpeg;base64,"))
    expect(preview(page).locator("figcaption")).to_have_text("Quang cảnh tại Hội nghị")
