"""How the notice composer turns record fields into prose: what it weaves in, what it never alters."""

from __future__ import annotations

from notices.compose.notice import compose_notice
from notices.model import Header, NumberedItem, Paragraph, SignOff, Title
from notices.records import validate_text
from tests.conftest import EXAMPLES

PHU_TAI = (EXAMPLES / "phu-tai-cchc-2022.yaml").read_text(encoding="utf-8")
XA = (EXAMPLES / "xa-cchc-6-thang-2024.yaml").read_text(encoding="utf-8")


def compose(text: str):
    loaded = validate_text(text, EXAMPLES / "edited.yaml")  # photos resolve beside the examples
    return loaded, compose_notice(loaded.record)


def block(document, kind):
    return next(b for b in document.blocks if isinstance(b, kind))


def items(document) -> list[str]:
    return [b.text for b in document.blocks if isinstance(b, NumberedItem)]


def test_assignee_woven_in_only_when_the_text_does_not_name_it():
    _, document = compose(PHU_TAI)
    first, second, *_, last = items(document)
    assert first.endswith("hồ sơ trễ hẹn. Giao UBND phường chủ trì thực hiện.")
    assert "Giao" not in second
    assert last.endswith("Giao Văn phòng - Thống kê phường chủ trì thực hiện.")
    _, dak_song = compose((EXAMPLES / "dak-song-cchc-2023.yaml").read_text(encoding="utf-8"))
    assert not [t for t in items(dak_song) if "chủ trì thực hiện" in t], "texts that name the assignee"


def test_shared_deadline_once_after_the_items_and_own_deadline_in_its_item():
    text = PHU_TAI.replace(
        "      assignee: Văn phòng - Thống kê phường",
        "      assignee: Văn phòng - Thống kê phường\n      deadline: 2022-10-01",
    )
    _, document = compose(text)
    assert items(document)[-1].endswith("Giao Văn phòng - Thống kê phường chủ trì thực hiện, hoàn thành trước ngày 01/10/2022.")
    paragraphs = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert "Thời hạn hoàn thành các nhiệm vụ nêu trên: trước ngày 15/9/2022 (trừ nhiệm vụ đã nêu thời hạn riêng)." in paragraphs
    assert sum("15/9/2022" in t for t in items(document)) == 0


def test_user_text_is_kept_exactly_inside_the_prose():
    _, document = compose(XA)
    texts = [b.text for b in document.blocks if isinstance(b, Paragraph | NumberedItem)]
    joined = "\n".join(texts)
    assert "Tiếp nhận và giải quyết 673 hồ sơ trực tuyến một phần và toàn trình." in joined
    assert 'mô hình "Hành chính phục vụ người dân"; mô hình đã' in joined
    assert "đồng chí Nguyễn Thanh Tuyền - CT UBMTTQVN" in joined
    assert "các Trưởng thôn: Huỳnh Mai, Hưng Nghĩa, Thọ Nghĩa." in joined


def test_default_closing_ends_the_text():
    _, document = compose(XA)
    last = [b for b in document.blocks if isinstance(b, Paragraph)][-1].text
    assert last == (
        "Ủy ban nhân dân xã Phước Hưng thông báo kết luận của đồng chí Lê Quốc Dũng - Chủ tịch UBND xã "
        "để các cơ quan, đơn vị liên quan biết, thực hiện./."
    )


def test_draft_mark_and_year_of_a_draft():
    text = XA.replace("    number: 112\n    date: 2024-07-15\n", "    draft: true\n")
    _, document = compose(text)
    header = block(document, Header)
    assert header.number == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/TB-UBND"
    assert header.place_date.endswith("năm 2024") and "\u00a0tháng\u00a0" in header.place_date
    assert block(document, Title).draft_mark
    assert document.title.startswith("Thông báo (dự thảo): ")


def test_archive_defaults_to_the_agency_unit():
    text = XA.replace("    archive: [VT, VP-TK]\n", "")
    loaded, document = compose(text)
    assert block(document, SignOff).recipients.lines[-1] == "- Lưu: VT, VP-TK."
    assert not loaded.warnings


def test_office_templates_override_ours(tmp_path):
    (tmp_path / "notice").mkdir()
    (tmp_path / "notice" / "closing.j2").write_text("{{ agency.name }} thông báo để các thôn biết.\n", encoding="utf-8")
    loaded = validate_text(XA, EXAMPLES / "edited.yaml")
    document = compose_notice(loaded.record, tmp_path)
    last = [b for b in document.blocks if isinstance(b, Paragraph)][-1].text
    assert last == "Ủy ban nhân dân xã Phước Hưng thông báo để các thôn biết./."
