"""The importer's small rules one by one: agency names from capitals, conclusions' assignee and deadline,
the inverses of the template filters, the header's sides."""

from __future__ import annotations

from pathlib import Path

import pytest

from notices.importer import read_document
from notices.importer.mapping import cased, item, title_case, unclause, unend, unstop
from tests.importer import builders


@pytest.mark.parametrize(("capitals", "written"), [
    ("ỦY BAN NHÂN DÂN XÃ PHƯỚC HƯNG", "Ủy ban nhân dân xã Phước Hưng"),
    ("UỶ BAN NHÂN DÂN HUYỆN TUY PHƯỚC", "Uỷ ban nhân dân huyện Tuy Phước"),
    ("VĂN PHÒNG HĐND VÀ UBND HUYỆN ĐẮK SONG", "Văn phòng HĐND và UBND huyện Đắk Song"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH ĐẮK NÔNG", "Sở Giáo dục và Đào tạo tỉnh Đắk Nông"),
    ("PHÒNG TÀI CHÍNH - KẾ HOẠCH", "Phòng Tài chính - Kế hoạch"),
    ("BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "Bộ Tài nguyên và Môi trường"),
    ("CHI CỤC THUẾ KHU VỰC ĐẮK MIL", "Chi cục Thuế khu vực Đắk Mil"),
    ("ỦY BAN MTTQ VIỆT NAM XÃ AN PHÚ", "Ủy ban MTTQ Việt Nam xã An Phú"),
    ("UBND QUẬN 1", "UBND quận 1"),
    ("THÀNH PHỐ HỒ CHÍ MINH", "Thành phố Hồ Chí Minh"),
])
def test_agency_names_are_written_back_in_running_case(capitals: str, written: str) -> None:
    assert cased(capitals, []) == written


def test_the_documents_own_sentences_say_how_the_name_is_written() -> None:
    assert cased("ỦY BAN NHÂN DÂN PHƯỜNG PHÚ TÀI", ["Ngày 17/8/2022, Ủy ban nhân dân phường Phú Tài tổ chức"]) \
        == "Ủy ban nhân dân phường Phú Tài"


def test_titles() -> None:
    assert title_case("PHÓ CHỦ TỊCH") == "Phó Chủ tịch"
    assert title_case("CHÁNH VĂN PHÒNG") == "Chánh Văn phòng"
    assert title_case("TRƯỞNG BAN TỔ CHỨC") == "Trưởng ban tổ chức"


def test_conclusions_say_who_and_by_when() -> None:
    assert item("Rà soát hồ sơ. Giao Công an xã chủ trì thực hiện, hoàn thành trước ngày 15/8/2024.") == {
        "text": "Rà soát hồ sơ.", "assignee": "Công an xã", "deadline": "2024-08-15"}
    assert item("Rà soát hồ sơ. Thời hạn hoàn thành: trước ngày 05/9/2024.") == {
        "text": "Rà soát hồ sơ.", "deadline": "2024-09-05"}
    assert item("Báo cáo kết quả. Thực hiện định kỳ hàng tháng.") == {"text": "Báo cáo kết quả.",
                                                                       "recurring": "hàng tháng"}
    assert item("Giao Phòng Nội vụ chủ trì, phối hợp các xã rà soát trước ngày 30/9/2024.") == {
        "text": "Giao Phòng Nội vụ chủ trì, phối hợp các xã rà soát trước ngày 30/9/2024.",
        "assignee": "Phòng Nội vụ", "deadline": "2024-09-30"}
    assert item("Tăng cường tuyên truyền.") == "Tăng cường tuyên truyền."


def test_the_template_filters_undone() -> None:
    assert unstop("Xong.") == "Xong" and unstop("Còn chậm...") == "Còn chậm..." and unstop("Ai?") == "Ai?"
    assert unclause("Các thôn;", last=False) == "Các thôn" and unclause("Các thôn.", last=False) == "Các thôn."
    assert unclause("Các thôn.", last=True) == "Các thôn"
    assert unend("biết, thực hiện./.") == "biết, thực hiện." and unend("thực hiện/.") == "thực hiện."


def test_a_spacer_column_before_the_quoc_hieu(tmp_path: Path) -> None:
    left, right = builders._header_cells()
    head = builders.table([[[builders.para()], left, [builders.para()], right]], widths=(300, 4000, 300, 5600))
    path = builders.write_docx(tmp_path / "cot.docx", head + builders._title_and_body() + builders._foot_table())
    record = read_document(path).imported.record
    assert record["agency"]["name"] == "Ủy ban nhân dân xã Phước Hưng"
    assert record["documents"]["notice"]["number"] == 112 and record["agency"]["place"] == "Phước Hưng"


def test_draft_mark_and_urgency_stamp_in_text_boxes(tmp_path: Path) -> None:
    left, right = builders._header_cells()
    stamps = builders.para(builders.textbox([builders.text_para("DỰ THẢO", bold=True)]),
                           builders.textbox([builders.text_para("HỎA TỐC", bold=True)], x=5000000))
    body = stamps + builders.table([[left, right]]) + builders._title_and_body()
    foot = builders.table([[[builders.text_para("Nơi nhận:"), builders.text_para("- Lưu: VT.")],
                            [builders.text_para("CHỦ TỊCH"), builders.text_para("Đã ký"),
                             builders.text_para("Lê Quốc Dũng")]]]) + builders.para()
    imported = read_document(builders.write_docx(tmp_path / "khan.docx", body + foot)).imported
    notice = imported.record["documents"]["notice"]
    assert notice["draft"] is True
    assert notice["signer"] == {"title": "Chủ tịch", "name": "Lê Quốc Dũng"}
    assert imported.record["agency"]["name"] == "Ủy ban nhân dân xã Phước Hưng"
    assert [(text, why.split(":")[0]) for _, text, why in imported.unread] == [("HỎA TỐC", "dấu độ khẩn, độ mật")]


def test_automatic_numbering_is_read_as_printed(tmp_path: Path) -> None:
    from notices.importer.reader import read

    b = builders
    body = (b.text_para("Một", num=(1, 0)) + b.text_para("điểm", num=(1, 1)) + b.text_para("điểm", num=(1, 1))
            + b.text_para("Hai", num=(1, 0)) + b.text_para("điểm", num=(1, 1)) + b.text_para("Nơi nhận", num=(2, 0)))
    texts = [p.text for p in read(str(b.write_docx(tmp_path / "so.docx", body))).paras]
    assert texts == ["1. Một", "a) điểm", "b) điểm", "2. Hai", "a) điểm", "- Nơi nhận"]


def test_manual_breaks_and_runs_cut_inside_words(tmp_path: Path) -> None:
    from notices.importer.reader import read

    b = builders
    body = b.para(b.run("ỦY BAN NHÂN DÂN\nXÃ PHƯỚC HƯNG", split=3), b.run("\tCỘNG HÒA", bold=True))
    (para,) = read(str(b.write_docx(tmp_path / "ngat.docx", body))).paras
    assert para.text == "ỦY BAN NHÂN DÂN\nXÃ PHƯỚC HƯNG\tCỘNG HÒA"
    assert para.line_bold == [False, None]


def test_a_scan_pasted_as_an_image_is_refused_with_the_reason(tmp_path: Path) -> None:
    from notices.errors import UserError

    picture = ('<w:r><w:drawing><wp:inline><wp:extent cx="5000000" cy="7000000"/><wp:docPr id="1" name="scan"/>'
               '</wp:inline></w:drawing></w:r>')
    path = builders.write_docx(tmp_path / "scan.docx", builders.para(picture))
    with pytest.raises(UserError) as caught:
        read_document(path)
    assert "bản quét" in caught.value.message and "scan.docx" in caught.value.message
