"""Issue 26 in Chromium: the document is chosen first, each shows what it prints, one never blocks another,
dates are typed the Vietnamese way, nothing typed or opened is lost, lists are filled in one step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notices.records import load_record, validate_text
from tests.conftest import EXAMPLES
from tests.web.helpers import docx_lines, pdf_pages
from tests.web.test_browser import download, expect, flat, message_of, open_record, preview

pytestmark = pytest.mark.browser

PHOTO = EXAMPLES / "photos" / "quang-canh-hoi-nghi.jpg"


def new_form(page, kind: str):  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Hồ sơ mới").click()
    expect(page.get_by_label("Văn bản cần soạn", exact=True)).to_be_visible()
    page.locator("#kind").select_option(kind)
    form = page.locator("#form")
    expect(form).to_have_attribute("data-kind", kind)
    return form


def fill_agency(form) -> None:  # type: ignore[no-untyped-def]
    agency = form.get_by_role("group", name="Cơ quan ban hành")
    agency.get_by_label("Tên cơ quan").fill("Ủy ban nhân dân xã Hòa Thắng")
    agency.get_by_label("Chữ viết tắt (ký hiệu)").fill("UBND")
    agency.get_by_label("Địa danh").fill("Hòa Thắng")


def fill_meeting(form, secretary: bool = False) -> None:  # type: ignore[no-untyped-def]
    meeting = form.get_by_role("group", name="Cuộc họp", exact=True)
    meeting.get_by_label("Tên hội nghị").fill("hội nghị giao ban tháng 11 năm 2026")
    meeting.get_by_label("Ngày họp").fill("20/11/2026")
    meeting.get_by_label("Giờ bắt đầu").fill("7h30")
    meeting.get_by_role("group", name="Người chủ trì").get_by_label("Họ và tên").fill("Đặng Thị Hường")
    if secretary:
        meeting.get_by_role("group", name="Thư ký").get_by_label("Họ và tên").fill("Lê Văn Nam")


def fill_signer(form) -> None:  # type: ignore[no-untyped-def]
    signer = form.get_by_role("group", name="Người ký")
    signer.get_by_label("Quyền hạn ký").fill("TM. ỦY BAN NHÂN DÂN")
    signer.get_by_label("Chức vụ người ký").fill("Chủ tịch")
    signer.get_by_label("Họ và tên người ký").fill("Đặng Thị Hường")


def shown_sections(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator("#form > fieldset > legend").all_inner_texts()


def test_each_document_from_an_empty_form_by_choosing_it_first(page):
    """Choose the document, fill only what it shows, download its PDF and read it back."""
    expected = {
        "notice": ("THÔNG BÁO", "Số: 31/TB-UBND"),
        "invitation": ("GIẤY MỜI", "Đặng Thị Hường"),
        "minutes": ("BIÊN BẢN", "Lê Văn Nam"),
        "report": ("BÁO CÁO", "Kết quả công tác văn thư năm 2026"),
        "news": ("Hòa Thắng", "hội nghị giao ban tháng 11 năm 2026"),
    }
    for kind, printed in expected.items():
        form = new_form(page, kind)
        sections = shown_sections(page)
        assert sections[0] == "Cơ quan ban hành", (kind, sections)
        fill_agency(form)
        if kind == "report":
            period = form.get_by_role("group", name="Kỳ báo cáo", exact=True)
            period.get_by_label("Kỳ báo cáo", exact=True).fill("năm 2026")
            period.get_by_label("Trích yếu báo cáo").fill("Kết quả công tác văn thư năm 2026")
            assert "Cuộc họp" not in sections
        else:
            fill_meeting(form, secretary=kind == "minutes")
        if kind == "notice":
            assert sections.index("Số, ngày, trích yếu") < sections.index("Cuộc họp") < sections.index("Kết luận")
            assert sections[-1] == "Câu kết, nơi nhận, người ký"
            assert "Ý kiến thảo luận" not in sections  # a notice does not print it: not offered
            form.get_by_label("Số văn bản").fill("31")
            form.get_by_label("Ngày ban hành").fill("21/11/2026")
            form.get_by_label("Trích yếu", exact=True).fill("Kết luận của Chủ tịch UBND xã tại hội nghị giao ban")
            conclusions = form.get_by_role("group", name="Kết luận", exact=True)
            conclusions.get_by_role("button", name="Thêm một mục vào “Các kết luận”").click()
            page.keyboard.type("Đẩy nhanh tiến độ số hóa hồ sơ hộ tịch.")
        if kind == "minutes":
            assert "Ý kiến thảo luận" in sections  # the minutes print it
        if kind != "news":
            fill_signer(form)
        else:
            assert "Người ký" not in " ".join(sections)
        expect(page.locator("#preview-status")).to_contain_text("Đã cập nhật", timeout=30_000)
        expect(page.locator("#problem-list")).not_to_contain_text("Lỗi")
        name, pdf = download(page, "Tải PDF")
        text = flat(" ".join(pdf_pages(pdf)))
        for part in printed:
            assert part in text, (kind, part, text[:400])


def test_a_notice_left_half_written_does_not_block_the_invitation(page):
    """Defect 2: Văn bản = Giấy mời, everything it shows filled; the record also has a notice with neither
    signer nor subject. Tải PDF gives the invitation."""
    open_record(page, EXAMPLES / "phu-tai-cchc-2022.yaml")
    form = page.locator("#form")
    form.get_by_label("Trích yếu", exact=True).fill("")  # the notice now lacks its subject
    page.locator("#kind").select_option("invitation")
    fill_signer(form)
    name, pdf = download(page, "Tải PDF")
    assert name.startswith("giay-moi") and "GIẤY MỜI" in flat(pdf_pages(pdf)[0])
    expect(page.locator("#tabs").get_by_role("button", name="Thông báo kết luận")).to_be_visible()
    page.locator("#tabs").get_by_role("button", name="Thông báo kết luận").click()
    page.get_by_role("button", name="Tải PDF").click()
    expect(page.locator("#problem-list")).to_contain_text("Trích yếu: chưa có")


def test_a_missing_photo_marks_that_photo_only(page):
    """Defect 3: the news post's photo is missing; the notice downloads, the photo's field says why."""
    open_record(page, EXAMPLES / "xa-cchc-6-thang-2024.yaml")
    name, docx = download(page, "Tải DOCX")
    assert name.endswith(".docx") and "THÔNG BÁO" in " ".join(docx_lines(docx))
    page.get_by_label("Văn bản cần soạn", exact=True).select_option("news")
    photo = page.get_by_role("group", name="Ảnh", exact=True).get_by_label("Tệp ảnh")
    expect(message_of(photo)).to_have_text(re.compile(r"^Ảnh 1 › Tệp ảnh: .*không tìm thấy tệp ảnh"))
    messages = page.locator("#problem-list li").all_inner_texts()
    assert len(messages) == 1 and "documents" not in messages[0] and "[" not in messages[0], messages


def test_a_file_that_is_not_yaml_keeps_the_form(page, tmp_path: Path):
    """Defect 4: opening a broken file says its line and column; the form and Tải YAML keep her record."""
    open_record(page, EXAMPLES / "phu-tai-cchc-2022.yaml")
    broken = tmp_path / "hong.yaml"
    broken.write_text("agency:\n  code: UBND\n  name: [Ủy ban\n", encoding="utf-8")
    page.set_input_files("#open-file", [str(broken)])
    expect(page.locator("#status")).to_contain_text("Không mở được hong.yaml")
    expect(page.locator("#status")).to_contain_text(re.compile(r"dòng \d+, cột \d+"))
    expect(page.get_by_role("group", name="Cơ quan ban hành").get_by_label("Địa danh")).to_have_value("Phú Tài")
    name, data = download(page, "Tải YAML")
    assert name == "phu-tai-cchc-2022.yaml"
    path = EXAMPLES / "phu-tai-cchc-2022.yaml"
    assert validate_text(data.decode("utf-8"), path).record == load_record(path).record


def test_dates_and_times_as_she_types_them(page):
    """Defect 5: what the form cannot read stays, and the message says why; what it reads is said back."""
    page.get_by_role("button", name="Hồ sơ mới").click()
    form = page.locator("#form")
    meeting = form.get_by_role("group", name="Cuộc họp", exact=True)
    day = meeting.get_by_label("Ngày họp")
    day.fill("31/02/2024")
    day.blur()
    expect(message_of(day)).to_have_text("Cuộc họp › Ngày họp: ngày 31/02/2024 không có thật")
    assert day.input_value() == "31/02/2024"
    day.fill("11/7/2024")
    expect(meeting.locator(".understood").first).to_have_text("Đã hiểu: thứ Năm, 11/07/2024")
    day.fill("11-07-2024")
    expect(meeting.locator(".understood").first).to_have_text("Đã hiểu: thứ Năm, 11/07/2024")
    start = meeting.get_by_label("Giờ bắt đầu")
    for typed in ("7h30", "7 giờ 30"):
        start.fill(typed)
        start.blur()
        assert start.input_value() == typed
    expect(message_of(start)).to_have_text("")
    page.wait_for_timeout(400)
    data = page.evaluate("window.noticesPage.collect()")
    assert data["meeting"]["date"] == "2024-07-11" and data["meeting"]["time"] == "07:30"
    start.fill("bảy rưỡi")
    start.blur()
    expect(message_of(start)).to_contain_text("“bảy rưỡi” không phải là giờ")
    assert start.input_value() == "bảy rưỡi"
    page.locator("#kind").select_option("news")
    published = page.locator("#form").get_by_label("Ngày giờ đăng")
    published.fill("20:48 29/3/2022")
    expect(page.locator("#form").locator(".understood", has_text="20 giờ 48")).to_have_text(
        "Đã hiểu: 20 giờ 48, thứ Ba, 29/03/2022")
    page.wait_for_timeout(400)
    assert page.evaluate("window.noticesPage.collect()")["documents"]["news"]["published"] == "2022-03-29T20:48:00+07:00"


def test_three_conclusions_with_assignees_and_deadlines_in_one_step(page):
    """+ Thêm puts the cursor in the new text; Giao cho and Thời hạn sit beside it.
    Counts clicks and fields of the whole notice (printed for the note): a click for every button and for
    every field the cursor must be put in (not the conclusion's text, where + Thêm puts it)."""
    clicks = fields = 0
    page.get_by_role("button", name="Hồ sơ mới").click()
    form = page.locator("#form")
    fill_agency(form)
    fields, clicks = fields + 3, clicks + 3
    fill_meeting(form)
    fields, clicks = fields + 4, clicks + 4
    form.get_by_label("Trích yếu", exact=True).fill("Kết luận của Chủ tịch UBND xã tại hội nghị giao ban")
    fields, clicks = fields + 1, clicks + 1
    conclusions = form.get_by_role("group", name="Kết luận", exact=True)
    add = conclusions.get_by_role("button", name="Thêm một mục vào “Các kết luận”")
    facts = [("Hoàn thành số hóa hồ sơ hộ tịch.", "Công chức Tư pháp - Hộ tịch", "30/9/2026"),
             ("Rà soát thủ tục hành chính.", "Văn phòng - Thống kê", "15/10/2026"),
             ("Tuyên truyền dịch vụ công trực tuyến.", "Các thôn", "31/12/2026")]
    for index, (text, who, when) in enumerate(facts, start=1):
        add.click()
        clicks += 1
        page.keyboard.type(text)  # the cursor is already in the new conclusion's text
        item = conclusions.locator("li.item").nth(index - 1)
        item.get_by_label("Giao cho").fill(who)
        expect(item.get_by_label("Phối hợp")).to_be_visible()  # beside them, left empty here
        item.get_by_label("Thời hạn").fill(when)
        clicks += 2
        fields += 3
    fill_signer(form)
    fields, clicks = fields + 3, clicks + 3
    expect(preview(page).locator("body")).to_contain_text("Tuyên truyền dịch vụ công trực tuyến", timeout=30_000)
    name, pdf = download(page, "Tải PDF")
    clicks += 1
    text = flat(" ".join(pdf_pages(pdf)))
    for part in ("Hoàn thành số hóa hồ sơ hộ tịch", "Công chức Tư pháp - Hộ tịch", "Các thôn"):
        assert part in text, part
    data = page.evaluate("window.noticesPage.collect()")
    assert data["conclusions"]["items"][2] == {"text": "Tuyên truyền dịch vụ công trực tuyến.", "assignee": "Các thôn",
                                              "deadline": "2026-12-31"}
    print(f"\nThông báo kết luận, 3 kết luận có người thực hiện và thời hạn: {clicks} lần bấm, {fields} ô")
    assert (clicks, fields) == (21, 20)


def test_pasting_lines_makes_entries(page):
    form = new_form(page, "notice")
    recipients = form.get_by_role("group", name="Nơi nhận", exact=True)
    recipients.get_by_role("button", name="Thêm một mục vào “Nơi nhận”").click()
    page.evaluate("""() => {
        const target = document.activeElement;
        const data = new DataTransfer();
        data.setData('text/plain', '- Thường trực Đảng ủy xã;\\n- Các thôn;\\n- Lưu: VT.');
        target.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    }""")
    expect(recipients.get_by_role("textbox")).to_have_count(3)
    expect(recipients.get_by_label("Nơi nhận 2", exact=True)).to_have_value("Các thôn")
    expect(recipients.get_by_label("Nơi nhận 3", exact=True)).to_be_focused()


def test_no_message_before_she_touches_anything(page):
    form = new_form(page, "notice")
    expect(page.locator("#preview-status")).to_contain_text("còn")
    expect(page.locator("#problems")).to_be_hidden()
    assert form.locator(".error:not(:empty)").count() == 0


def test_the_status_line_is_cleared_when_its_cause_is_fixed(page):
    open_record(page, EXAMPLES / "phu-tai-cchc-2022.yaml")
    subject = page.locator("#form").get_by_label("Trích yếu", exact=True)
    subject.fill("")
    page.get_by_role("button", name="Tải PDF").click()
    expect(page.locator("#status")).to_have_text("Văn bản này còn lỗi, chưa tạo được (xem mục “Cần sửa”).")
    subject.fill("Kết luận về công tác cải cách hành chính")
    expect(page.locator("#status")).to_have_text("")
    expect(page.locator("#problem-list")).not_to_contain_text("Lỗi")  # its warning about "Lưu" stays
