"""Biên bản (Mẫu 1.9) from the Phú Tài record: start time, place, who attended, chair and secretary,
the agenda, what was reported, each speaker, each conclusion, the closing time; two signatures and
then Nơi nhận ending "- Lưu: VT, Hồ sơ." (Mẫu 1.9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from notices.compose.minutes import compose_minutes
from notices.errors import RecordError
from notices.model import NumberedItem, Paragraph, SignOff
from notices.records import load_record
from notices.records.models import Item, Speech
from tests.compose.pack_support import assert_verbatim, paragraphs
from tests.conftest import EXAMPLES

NAME = "phu-tai-cchc-2022"


def test_every_fact_is_in_the_minutes(rendered):
    r = load_record(EXAMPLES / f"{NAME}.yaml").record
    m = r.meeting

    def text(entry):
        return entry.text if isinstance(entry, Item | Speech) else entry

    facts = [m.chair.name, m.chair.title, m.secretary.name, m.secretary.title, m.venue, *m.attendees,
             *m.agenda, *(text(e) for e in r.results), *r.shortcomings, *(text(e) for e in r.discussion),
             *(e.speaker for e in r.discussion if isinstance(e, Speech)),
             *(text(e) for e in r.conclusions.items), "UBND phường", "Văn phòng - Thống kê phường",
             "trước ngày 15/9/2022"]
    assert_verbatim(rendered / NAME, "bien-ban", facts)


def test_fields_and_closing(rendered):
    texts = paragraphs(rendered / NAME, "bien-ban")
    assert "Thời gian bắt đầu: 07 giờ 30 phút, thứ Tư, ngày 17/8/2022." in texts
    assert "Địa điểm: Hội trường UBND phường Phú Tài." in texts
    assert "Chủ trì: đồng chí Trần Minh Tâm - Thành uỷ viên, Bí thư Đảng uỷ phường." in texts
    assert "Thư ký (người ghi biên bản): Nguyễn Văn A - Công chức Văn phòng - Thống kê." in texts
    assert ("- Trưởng Ban Điều hành khu phố 3: Đề nghị tăng cường hướng dẫn người dân nộp hồ sơ "
            "trực tuyến tại khu phố.") in texts
    assert [t for t in texts[: texts.index("THƯ KÝ")] if t][-1] == "Hội nghị kết thúc vào 11 giờ 00 phút cùng ngày./."
    assert texts[-2:] == ["Nơi nhận:", "- Lưu: VT, Hồ sơ."]  # Mẫu 1.9's foot, the record naming no recipients
    assert "Phú Tài, ngày 17 tháng 8 năm 2022" in texts  # dated the day of the meeting
    assert "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BB-UBND" in texts


def _record(tmp_path: Path, replace: tuple[str, str]) -> Path:
    text = (EXAMPLES / f"{NAME}.yaml").read_text(encoding="utf-8")
    assert replace[0] in text
    path = tmp_path / "r.yaml"
    path.write_text(text.replace(*replace), encoding="utf-8")
    return path


def test_recipients_when_the_record_gives_them(tmp_path):
    path = _record(tmp_path, ("  minutes: {}", "  minutes: {recipients: [Thường trực Đảng uỷ phường], draft: true}"))
    doc = compose_minutes(load_record(path).record)
    foot = doc.blocks[-1]
    assert isinstance(foot, SignOff) and [s.title for s in foot.signers] == ["THƯ KÝ", "CHỦ TỌA"]
    assert foot.recipients.lines == ("- Thường trực Đảng uỷ phường;", "- Lưu: VT, Hồ sơ.")
    assert doc.blocks[1].draft_mark


def test_no_end_time_leaves_blanks_and_conclusions_are_points(tmp_path):
    path = _record(tmp_path, ('  end: "11:00"\n', ""))
    doc = compose_minutes(load_record(path).record)
    assert Paragraph("Hội nghị kết thúc vào …… giờ …… phút cùng ngày./.") in doc.blocks
    labels = [b.label for b in doc.blocks if isinstance(b, NumberedItem)]
    assert labels == ["a)", "b)", "c)", "d)", "đ)"]


def test_minutes_need_a_secretary(tmp_path):
    text = (EXAMPLES / f"{NAME}.yaml").read_text(encoding="utf-8")
    start = text.index("  secretary:")
    end = text.index("  attendees:")
    path = tmp_path / "r.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(RecordError) as error:
        load_record(path)
    assert "meeting.secretary" in error.value.report()


def test_noi_nhan_is_read_back_from_docx_and_pdf(rendered):
    """Mẫu 1.9's Nơi nhận under the signatures, in both files, found by the checker as 'Nơi nhận:'."""
    from notices.check import check
    from notices.check.elements import find, norm

    for suffix in (".docx", ".pdf"):
        report = check(rendered / NAME / f"bien-ban{suffix}")
        elements = find(report.observed)
        assert elements.recipients_label is not None and norm(elements.recipients_label.flat) == "Nơi nhận:"
        assert norm(" ".join(p.flat for p in elements.recipients)).endswith("- Lưu: VT, Hồ sơ."), suffix
        assert report.violations == [], (suffix, report.violations)
